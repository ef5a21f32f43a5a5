/* pb-vault-private.h: what pb-vault.c (blocking calls) and pb-vault-async.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsecret/secret.h>

#include "pb-vault.h"

G_BEGIN_DECLS

/* The schema items are stored with, and the same without matching its name (for searching:
 * see pb-vault.c). */
extern const SecretSchema pb_vault_schema;
extern const SecretSchema pb_vault_search_schema;

/* Errors the user can act on: PB_ERROR_NO_KEYRING, PB_ERROR_KEYRING_LOCKED, … */
void        pb_vault_set_no_keyring_error (GError **error, const GError *cause);
void        pb_vault_set_locked_error     (GError **error);
void        pb_vault_set_no_default_error (GError **error);
/* Maps a libsecret or D-Bus error (transfer full); DOING completes "Could not %s". */
void        pb_vault_map_error            (GError **error, GError *cause, const char *doing);

GHashTable *pb_vault_make_attributes      (const char *connector_id, const char *field);
/* Filters a search result (transfer full in and out) down to our items. */
GList      *pb_vault_keep_ours            (GList *items);
char       *pb_vault_pick_secret          (GList *items, GError **error);

G_END_DECLS
