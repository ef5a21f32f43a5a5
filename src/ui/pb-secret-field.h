/* pb-secret-field.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_SECRET_FIELD (pb_secret_field_get_type ())

G_DECLARE_FINAL_TYPE (PbSecretField, pb_secret_field, PB, SECRET_FIELD, GObject)

/* Binds a password row to one secret field of a connector. What the user types goes to the
 * keyring through pb_connector_store_set_secret_async () after the store's autosave delay,
 * and nowhere else; revealing the empty row of a stored secret is the only way it is read
 * back into the row. Emptying the row keeps the stored secret.
 *
 * Properties (read-only, notify on change): "busy" (a write is waiting or running),
 * "error" (why the last write failed, or NULL). */
PbSecretField *pb_secret_field_new       (PbConnectorStore *store,
                                          PbConnector      *connector,
                                          const char       *field,
                                          AdwEntryRow      *row);
const char    *pb_secret_field_get_field (PbSecretField *self);
gboolean       pb_secret_field_get_busy  (PbSecretField *self);
const char    *pb_secret_field_get_error (PbSecretField *self);
/* Starts the write now if one is waiting for its debounce (the page or window closes). */
void           pb_secret_field_flush     (PbSecretField *self);
/* Drops a write waiting for its debounce (the connector is being deleted). */
void           pb_secret_field_cancel    (PbSecretField *self);

/* A row that stands in for ENTRY (a password row) while its secret is stored and nothing is
 * typed: the entry's title, "Stored in the keyring" and a Replace button that brings the
 * entry back, focused. Leaving the entry empty shows the stored row again. Add it to ENTRY's
 * group right after ENTRY; pb_secret_field_set_stored says whether the secret is stored. Used
 * by the connector page and the setup form alike. */
GtkWidget     *pb_secret_field_new_stored_row (AdwEntryRow *entry);
void           pb_secret_field_set_stored     (GtkWidget   *stored_row,
                                               gboolean     stored);

G_END_DECLS
