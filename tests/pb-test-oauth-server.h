/* pb-test-oauth-server.h: the real authorization server (tests/oauth/server.mjs, oidc-provider)
 * started from a GTest, plus a plain-HTTP "user" that signs in on its pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PbTestOAuthServer PbTestOAuthServer;

/* Client ids registered in server.mjs. */
#define PB_TEST_OAUTH_NATIVE_CLIENT       "plugboard-native"
#define PB_TEST_OAUTH_WEB_CLIENT          "plugboard-web"           /* client_secret_basic */
#define PB_TEST_OAUTH_WEB_SECRET          "web-secret-for-tests-only"
#define PB_TEST_OAUTH_SERVICE_CLIENT      "plugboard-service"       /* client_secret_basic */
#define PB_TEST_OAUTH_SERVICE_SECRET      "service-secret-for-tests-only"
#define PB_TEST_OAUTH_SERVICE_POST_CLIENT "plugboard-service-post"  /* client_secret_post */
#define PB_TEST_OAUTH_SERVICE_POST_SECRET "service-post-secret-for-tests-only"

/* Starts node on tests/oauth/server.mjs with the given access-token lifetime (seconds) and
 * waits for its first line. Aborts the test if node or oidc-provider is missing. */
PbTestOAuthServer *pb_test_oauth_server_start        (guint access_token_ttl);
void               pb_test_oauth_server_stop         (PbTestOAuthServer *server);

const char        *pb_test_oauth_server_get_issuer   (PbTestOAuthServer *server);
/* ISSUER + PATH ("/auth", "/token", "/me"). */
char              *pb_test_oauth_server_url          (PbTestOAuthServer *server,
                                                      const char        *path);

/* Test hooks: "revoke-grants", "expire-access-tokens". */
void               pb_test_oauth_server_hook         (PbTestOAuthServer *server,
                                                      const char        *hook);
/* How many token requests of GRANT_TYPE succeeded so far ("refresh_token"…). */
guint              pb_test_oauth_server_count_grants (PbTestOAuthServer *server,
                                                      const char        *grant_type);
/* How many token requests failed with ERROR ("invalid_grant"…). */
guint              pb_test_oauth_server_count_errors (PbTestOAuthServer *server,
                                                      const char        *error);

typedef enum {
  PB_TEST_OAUTH_CONSENT,   /* log in and allow */
  PB_TEST_OAUTH_DENY,      /* log in, then abort on the consent page (access_denied) */
} PbTestOAuthAnswer;

/* Plays the user with plain HTTP (blocking; the server must be another process): GETs
 * AUTH_URL, posts the login form as LOGIN, posts or aborts the consent page, and follows
 * redirects until one points below REDIRECT_PREFIX. With FOLLOW_FINAL it also GETs that
 * last URL (a loopback listener in another process). Returns the redirect URL. */
char              *pb_test_oauth_sign_in             (const char        *auth_url,
                                                      const char        *login,
                                                      PbTestOAuthAnswer  answer,
                                                      const char        *redirect_prefix,
                                                      gboolean           follow_final);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbTestOAuthServer, pb_test_oauth_server_stop)

G_END_DECLS
