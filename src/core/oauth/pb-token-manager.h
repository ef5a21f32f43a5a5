/* pb-token-manager.h: OAuth 2.0 tokens that stay valid without anyone thinking about them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "pb-connector-store.h"
#include "pb-http.h"

G_BEGIN_DECLS

#define PB_TYPE_TOKEN_MANAGER (pb_token_manager_get_type ())

G_DECLARE_FINAL_TYPE (PbTokenManager, pb_token_manager, PB, TOKEN_MANAGER, GObject)

/* Access token, refresh token and expiry live only in the keyring. A token that expires
 * within "refresh-margin" seconds (default 60) is refreshed before use; a request answered
 * 401 is retried once after a refresh. A rotated refresh token replaces the old one.
 * Concurrent refreshes of one connector share one token request. Connectors with a token
 * URL but no authorization URL get new tokens with the client-credentials grant.
 *
 * A refresh the provider refuses for good (invalid_grant: revoked, expired) marks the
 * connector PB_CONNECTOR_STATE_RECONNECT_NEEDED, emits "reconnect-needed" (PbConnector*)
 * and fails with PB_ERROR_REAUTH_NEEDED. Other failures (unreachable, garbage) fail with a
 * clear error and store nothing. */

typedef struct {
  gboolean  has_access_token;
  gboolean  has_refresh_token;
  gint64    expires_at;   /* unix seconds; 0: unknown or never */
  char     *scopes;       /* granted (or requested) scopes, space-separated; may be NULL */
} PbTokenStatus;

void            pb_token_status_free               (PbTokenStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbTokenStatus, pb_token_status_free)

PbTokenManager *pb_token_manager_new               (PbConnectorStore *store,
                                                    PbHttp           *http);   /* NULL: default */

guint           pb_token_manager_get_refresh_margin (PbTokenManager *self);
void            pb_token_manager_set_refresh_margin (PbTokenManager *self,
                                                     guint           seconds);

/* A valid access token (refreshed first if needed). Free it with pb_vault_free_secret. */
void            pb_token_manager_get_token_async   (PbTokenManager      *self,
                                                    PbConnector         *connector,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char           *pb_token_manager_get_token_finish  (PbTokenManager  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* Gets new tokens now (refresh token or client credentials). */
void            pb_token_manager_refresh_async     (PbTokenManager      *self,
                                                    PbConnector         *connector,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        pb_token_manager_refresh_finish    (PbTokenManager  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* Sends MESSAGE with "Authorization: Bearer …" through PbHttp; on 401 refreshes and sends
 * it once more (set a request body from GBytes so it can be sent twice). Returns the body
 * like pb_http_send_finish; look at the message's status. */
void            pb_token_manager_send_async        (PbTokenManager      *self,
                                                    PbConnector         *connector,
                                                    SoupMessage         *message,
                                                    gsize                max_bytes,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GBytes         *pb_token_manager_send_finish       (PbTokenManager  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* What is stored, never a token itself. */
void            pb_token_manager_get_status_async  (PbTokenManager      *self,
                                                    PbConnector         *connector,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PbTokenStatus  *pb_token_manager_get_status_finish (PbTokenManager  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

G_END_DECLS
