/* pb-vault.h: secrets in the Secret Service (GNOME Keyring), and nowhere else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_TYPE_VAULT (pb_vault_get_type ())

G_DECLARE_FINAL_TYPE (PbVault, pb_vault, PB, VAULT, GObject)

/* One schema, "io.github.plugboard.Plugboard.Secret", with the attributes "connector"
 * (the connector's opaque id) and "field" (PB_SECRET_API_KEY…). Labels are for people:
 * "Plugboard: HubSpot API – API key". Failures are PB_ERROR_NO_KEYRING or
 * PB_ERROR_KEYRING_LOCKED with a message the user can act on; nothing is ever written
 * anywhere else when the keyring is unavailable. */

PbVault  *pb_vault_get_default   (void);

void      pb_vault_store_async   (PbVault             *self,
                                  const char          *connector_id,
                                  const char          *field,
                                  const char          *label,
                                  const char          *secret,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  pb_vault_store_finish  (PbVault *self, GAsyncResult *result, GError **error);

/* Finishes with NULL and no error when no such secret is stored.
 * Free the value with pb_vault_free_secret (it wipes the memory). */
void      pb_vault_lookup_async  (PbVault             *self,
                                  const char          *connector_id,
                                  const char          *field,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
char     *pb_vault_lookup_finish (PbVault *self, GAsyncResult *result, GError **error);

/* FIELD NULL clears every secret of the connector. */
void      pb_vault_clear_async   (PbVault             *self,
                                  const char          *connector_id,
                                  const char          *field,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  pb_vault_clear_finish  (PbVault *self, GAsyncResult *result, GError **error);

/* Gives the stored secret a new label (the connector was renamed). */
void      pb_vault_relabel_async (PbVault             *self,
                                  const char          *connector_id,
                                  const char          *field,
                                  const char          *label,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  pb_vault_relabel_finish (PbVault *self, GAsyncResult *result, GError **error);

/* Blocking variants for the CLI and tests only; the GUI uses the async calls. */
gboolean  pb_vault_store_sync    (PbVault *self, const char *connector_id, const char *field,
                                  const char *label, const char *secret,
                                  GCancellable *cancellable, GError **error);
char     *pb_vault_lookup_sync   (PbVault *self, const char *connector_id, const char *field,
                                  GCancellable *cancellable, GError **error);
gboolean  pb_vault_clear_sync    (PbVault *self, const char *connector_id, const char *field,
                                  GCancellable *cancellable, GError **error);

gboolean  pb_vault_relabel_sync  (PbVault *self, const char *connector_id, const char *field,
                                  const char *label, GCancellable *cancellable, GError **error);

void      pb_vault_free_secret   (char *secret);

/* g_autoptr (PbVaultSecret) secret = pb_vault_lookup_sync (…); wipes and frees on scope exit. */
typedef char PbVaultSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbVaultSecret, pb_vault_free_secret)

G_END_DECLS
