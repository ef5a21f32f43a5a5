/* pb-token-manager-private.h: what pb-token-manager.c and pb-token-manager-refresh.c share;
 * not part of the public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-token-manager.h"

G_BEGIN_DECLS

struct _PbTokenManager
{
  GObject parent_instance;

  PbConnectorStore *store;
  PbHttp *http;
  guint refresh_margin;

  /* connector id → GPtrArray of GTask: everyone waiting for the one refresh in flight */
  GHashTable *pending;
};

/* Keyring values read in a row. */
typedef struct {
  char *connector_id;
  const char * const *fields;
  char **values;   /* same length as fields */
  guint next;
} PbTokenLookup;

/* Reads FIELDS (a static NULL-terminated list) of CONNECTOR from the keyring, one after the
 * other. Finishes with the values (g_task_get_task_data → PbTokenLookup) in FIELDS' order. */
void           pb_token_manager_lookup_fields_async   (PbTokenManager      *self,
                                                       PbConnector         *connector,
                                                       const char * const  *fields,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
PbTokenLookup *pb_token_manager_lookup_fields_finish  (GAsyncResult        *result,
                                                       GError             **error);

/* Gets new tokens (refresh token or client credentials) and stores them; callers for the
 * same connector share one token request, which is never cancelled. Finishes with the new
 * access token (pb_vault_free_secret). The task's source tag is this function. */
void           pb_token_manager_refresh_shared_async  (PbTokenManager      *self,
                                                       PbConnector         *connector,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char          *pb_token_manager_refresh_shared_finish (PbTokenManager      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Marks CONNECTOR PB_CONNECTOR_STATE_RECONNECT_NEEDED with ERROR's message and emits
 * "reconnect-needed". */
void           pb_token_manager_mark_reconnect_needed (PbTokenManager      *self,
                                                       PbConnector         *connector,
                                                       const GError        *error);

G_END_DECLS
