/* pb-oauth-tokens.h: token endpoint requests and answers, and where tokens are kept
 *
 * Shared by PbOAuthFlow (code exchange) and PbTokenManager (refresh, client credentials).
 * Tokens live only in the keyring (PbVault fields PB_SECRET_ACCESS_TOKEN,
 * PB_SECRET_REFRESH_TOKEN, PB_SECRET_TOKEN_EXPIRY); nothing here ever logs one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

/* Non-secret connector settings this area uses. */
#define PB_OAUTH_SETTING_GRANTED_SCOPES "granted-scopes"     /* what the provider granted */
#define PB_OAUTH_SETTING_ISSUER         "issuer"             /* exact `iss` to expect, optional */
#define PB_OAUTH_SETTING_AUTH_METHOD                                                               \
  "token-auth-method" /* client_secret_post (default) | client_secret_basic */

/* The redirect URI used when a connector names none: a loopback address (RFC 8252). */
#define PB_OAUTH_DEFAULT_REDIRECT_URI "http://127.0.0.1/callback"

typedef struct {
  char   *access_token;
  char   *refresh_token;   /* NULL: the provider sent none (keep the old one) */
  gint64  expires_at;      /* unix seconds; 0: the provider did not say */
  char   *scope;           /* NULL: as requested */
} PbOAuthTokens;

void           pb_oauth_tokens_free            (PbOAuthTokens *tokens);   /* wipes */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbOAuthTokens, pb_oauth_tokens_free)

/* A connector with a token URL but no authorization URL uses the client-credentials grant. */
gboolean       pb_oauth_uses_client_credentials (PbConnector *connector);

/* The redirect URI the connector registered with the provider (or the default). */
const char    *pb_oauth_get_redirect_uri       (PbConnector *connector);

/* What sign-in still lacks, as flags: the app disables Connect and names the fields. */
typedef enum {
  PB_OAUTH_NEEDS_NOTHING   = 0,
  PB_OAUTH_NEEDS_CLIENT_ID = 1 << 0,
  PB_OAUTH_NEEDS_TOKEN_URL = 1 << 1,
} PbOAuthNeeds;

PbOAuthNeeds   pb_oauth_connector_needs        (PbConnector  *connector);

/* Checks the settings a flow needs (token URL; auth URL unless client credentials;
 * client id); PB_ERROR_INVALID_ARGUMENT / PB_ERROR_INVALID_URL naming what is missing. */
gboolean       pb_oauth_check_connector        (PbConnector  *connector,
                                                GError      **error);

/* A POST to the connector's token URL with FORM (alternating names and values, NULL-ended)
 * and the client's authentication: the client secret (if any) in the body or as HTTP
 * Basic (PB_OAUTH_SETTING_AUTH_METHOD), otherwise client_id in the body. */
SoupMessage   *pb_oauth_token_request_new      (PbConnector  *connector,
                                                const char   *client_secret,
                                                GError      **error,
                                                const char   *first_name,
                                                ...) G_GNUC_NULL_TERMINATED;

/* Reads a token endpoint answer. invalid_grant → PB_ERROR_REAUTH_NEEDED; any other OAuth
 * error → PB_ERROR_OAUTH with the provider's description; anything that is not a JSON
 * token response → PB_ERROR_OAUTH (the body is never quoted: it could hold a secret). */
PbOAuthTokens *pb_oauth_tokens_parse           (SoupMessage  *message,
                                                GBytes       *body,
                                                GError      **error);

/* Stores TOKENS in the keyring (refresh token first, so a rotated one is never lost),
 * records the granted scopes and marks the connector ready. Nothing is stored unless
 * TOKENS holds an access token. */
void           pb_oauth_tokens_store_async     (PbConnectorStore    *store,
                                                PbConnector         *connector,
                                                const PbOAuthTokens *tokens,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       pb_oauth_tokens_store_finish    (GAsyncResult  *result,
                                                GError       **error);

/* Random URL-safe text from N_BYTES of the system's CSPRNG (state, PKCE verifier). */
char          *pb_oauth_random_string          (gsize n_bytes);
/* BASE64URL(SHA256(VERIFIER)) without padding (RFC 7636 S256). */
char          *pb_oauth_pkce_challenge         (const char *verifier);

G_END_DECLS
