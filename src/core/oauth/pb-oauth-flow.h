/* pb-oauth-flow.h: one OAuth 2.0 sign-in (authorization code + PKCE S256)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-connector-store.h"
#include "pb-http.h"

G_BEGIN_DECLS

#define PB_TYPE_OAUTH_FLOW (pb_oauth_flow_get_type ())

G_DECLARE_FINAL_TYPE (PbOAuthFlow, pb_oauth_flow, PB, OAUTH_FLOW, GObject)

/* Each flow has its own random state and PKCE verifier and completes at most once.
 *
 * Embedded (sign-in window): get_authorization_url(), load it, hand the navigation that
 * is_redirect() recognises to complete_async() without loading it.
 * Browser / headless (RFC 8252): listen() starts a one-shot HTTP listener on 127.0.0.1
 * with an ephemeral port (or the port the registered redirect URI names); the
 * authorization URL then carries that redirect; wait_async() finishes once the browser
 * came back and the code was exchanged.
 *
 * On success the tokens are in the keyring and the connector is READY. On any failure
 * (state mismatch, an error from the provider, a bad token answer) nothing is stored and
 * the error is PB_ERROR_OAUTH (or PB_ERROR_NETWORK…) with a message for the user. */

PbOAuthFlow *pb_oauth_flow_new                   (PbConnectorStore *store,
                                                  PbConnector      *connector,
                                                  PbHttp           *http);   /* NULL: default */

PbConnector *pb_oauth_flow_get_connector         (PbOAuthFlow *self);
/* The redirect URI this flow sends (the loopback one after listen()). */
const char  *pb_oauth_flow_get_redirect_uri      (PbOAuthFlow *self);

/* The provider's authorization page for this flow; NULL with PB_ERROR_INVALID_ARGUMENT or
 * PB_ERROR_INVALID_URL when the connector lacks what a sign-in needs. */
char        *pb_oauth_flow_get_authorization_url (PbOAuthFlow  *self,
                                                  GError      **error);

/* TRUE if URI goes to this flow's redirect URI (same scheme, host, port and path). */
gboolean     pb_oauth_flow_is_redirect           (PbOAuthFlow *self,
                                                  const char  *uri);

/* Checks the redirect (state, error, iss), exchanges the code and stores the tokens. */
void         pb_oauth_flow_complete_async        (PbOAuthFlow         *self,
                                                  const char          *redirect_uri,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean     pb_oauth_flow_complete_finish       (PbOAuthFlow   *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/* Starts the loopback listener. Fails with PB_ERROR_INVALID_ARGUMENT if the connector's
 * redirect URI is not a loopback http URI, PB_ERROR_NETWORK if the port is taken. */
gboolean     pb_oauth_flow_listen                (PbOAuthFlow  *self,
                                                  GError      **error);
/* Finishes when the loopback redirect arrived and was completed; the browser gets a page
 * that says how it went. Cancelling stops the listener. */
void         pb_oauth_flow_wait_async            (PbOAuthFlow         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean     pb_oauth_flow_wait_finish           (PbOAuthFlow   *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

G_END_DECLS
