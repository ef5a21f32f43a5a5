/* pb-test-oauth-fixture.h: the fixture test-oauth-flow and test-oauth-tokens share: a real
 * authorization server, a store with one OAuth connector, signing in as the user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-connector-store.h"
#include "pb-oauth-flow.h"
#include "pb-test-oauth-server.h"
#include "pb-token-manager.h"

G_BEGIN_DECLS

#define PB_TEST_OAUTH_SCOPES "openid offline_access profile"

typedef struct {
  PbTestOAuthServer *server;
  PbConnectorStore *store;
  PbConnector *connector;
  PbTokenManager *manager;
  char *path;
  /* Tokens seen during the test: none may show up in any file at the end. */
  GPtrArray *seen_tokens;
} PbTestOAuthFixture;

/* A new authorization server (access tokens live 10 s) and a store with one OAuth connector
 * ("Test Provider", the native client, PB_TEST_OAUTH_SCOPES). Tear-down checks that no token
 * seen during the test reached any file. */
void          pb_test_oauth_fixture_set_up    (PbTestOAuthFixture *f,
                                               gconstpointer       data);
void          pb_test_oauth_fixture_tear_down (PbTestOAuthFixture *f,
                                               gconstpointer       data);
#define PB_TEST_OAUTH_ADD(path, func, data) \
  g_test_add (path, PbTestOAuthFixture, data, pb_test_oauth_fixture_set_up, func, \
              pb_test_oauth_fixture_tear_down)

/* Async results: pass pb_test_oauth_async_done with &slot, then wait for the slot. */
void          pb_test_oauth_async_done        (GObject            *source,
                                               GAsyncResult       *result,
                                               gpointer            user_data);
GAsyncResult *pb_test_oauth_wait_result       (GAsyncResult      **slot);

/* FIELD of the connector, read from the keyring; remembered as a token to look for later. */
char         *pb_test_oauth_lookup            (PbTestOAuthFixture *f,
                                               const char         *field);
/* Signs in as the user would (plain HTTP on the provider's pages) and hands the redirect
 * to FLOW. Returns the redirect so tests can tamper with it. */
char         *pb_test_oauth_fixture_sign_in   (PbTestOAuthFixture *f,
                                               PbOAuthFlow        *flow,
                                               PbTestOAuthAnswer   answer);
gboolean      pb_test_oauth_complete          (PbOAuthFlow        *flow,
                                               const char         *redirect,
                                               GError            **error);
/* Signs in and completes a flow: the connector has tokens. */
void          pb_test_oauth_connect           (PbTestOAuthFixture *f);
/* pb_token_manager_refresh_async, waited for. */
gboolean      pb_test_oauth_refresh           (PbTestOAuthFixture *f,
                                               GError            **error);

/* A SoupServer on 127.0.0.1 (any port) with HANDLER for every path; *OUT_BASE is its URL. */
SoupServer   *pb_test_start_soup_server       (SoupServerCallback  handler,
                                               gpointer            user_data,
                                               char              **out_base);
/* A token endpoint that answers garbage: USER_DATA is "html", "truncated" or "no-token". */
void          pb_test_oauth_garbage_handler   (SoupServer         *server,
                                               SoupServerMessage  *msg,
                                               const char         *path,
                                               GHashTable         *query,
                                               gpointer            user_data);

G_END_DECLS
