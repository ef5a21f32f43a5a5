/* test-oauth-flow.c: PbOAuthFlow (authorization code + PKCE) against a real authorization
 * server (oidc-provider on 127.0.0.1, tests/oauth/server.mjs) and an in-process SoupServer for
 * a broken token endpoint. The real keyring of the harness keeps the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-test-oauth-fixture.h"
#include "pb-test-util.h"
#include "pb-vault.h"

typedef PbTestOAuthFixture Fixture;

static void
assert_nothing_stored (Fixture *f)
{
  g_autoptr (PbVaultSecret) access = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_autoptr (PbVaultSecret) refresh = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);

  g_assert_null (access);
  g_assert_null (refresh);
  g_assert_false (pb_connector_has_secret (f->connector, PB_SECRET_ACCESS_TOKEN));
  g_assert_cmpint (pb_connector_get_state (f->connector), !=, PB_CONNECTOR_STATE_READY);
}

static char *
replace_param (const char *url,
               const char *name,
               const char *value)
{
  g_autoptr (GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (GHashTable) params = soup_form_decode (g_uri_get_query (uri));
  /* soup_form_decode's values live inside its keys: change a copy that owns nothing. */
  g_autoptr (GHashTable) changed_params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *query = NULL;
  g_autoptr (GUri) changed = NULL;
  GHashTableIter iter;
  gpointer key, old;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &old))
    g_hash_table_insert (changed_params, key, old);
  g_hash_table_insert (changed_params, (gpointer) name, (gpointer) value);
  query = soup_form_encode_hash (changed_params);
  changed = soup_uri_copy (uri, SOUP_URI_QUERY, query, SOUP_URI_NONE);
  return g_uri_to_string (changed);
}

/* --- the flow --- */

static void
test_authorization_url (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (PbOAuthFlow) other = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *url = pb_oauth_flow_get_authorization_url (flow, &error);
  g_autofree char *other_url = pb_oauth_flow_get_authorization_url (other, &error);
  g_autoptr (GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (GUri) other_uri = g_uri_parse (other_url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (GHashTable) params = soup_form_decode (g_uri_get_query (uri));
  g_autoptr (GHashTable) other_params = soup_form_decode (g_uri_get_query (other_uri));

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, pb_connector_get_auth_url (f->connector)));
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, PB_TEST_OAUTH_NATIVE_CLIENT);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, PB_OAUTH_DEFAULT_REDIRECT_URI);
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, PB_TEST_OAUTH_SCOPES);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "code_challenge")), ==, 43);
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 32);
  /* Every flow has its own state and verifier. */
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), !=, g_hash_table_lookup (other_params, "state"));
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge"), !=,
                   g_hash_table_lookup (other_params, "code_challenge"));

  g_assert_true (pb_oauth_flow_is_redirect (flow, "http://127.0.0.1/callback?code=x"));
  g_assert_true (pb_oauth_flow_is_redirect (flow, "http://127.0.0.1:80/callback"));
  g_assert_false (pb_oauth_flow_is_redirect (flow, "http://127.0.0.1:8080/callback"));
  g_assert_false (pb_oauth_flow_is_redirect (flow, "http://127.0.0.1/other"));
  g_assert_false (pb_oauth_flow_is_redirect (flow, url));

  /* RFC 7636 appendix B. */
  {
    g_autofree char *challenge = pb_oauth_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

    g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }
}

static void
test_missing_settings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;

  pb_connector_set_client_id (f->connector, NULL);
  flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  url = pb_oauth_flow_get_authorization_url (flow, &error);
  g_assert_null (url);
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "client ID"));
  g_clear_error (&error);

  pb_connector_set_client_id (f->connector, PB_TEST_OAUTH_NATIVE_CLIENT);
  pb_connector_set_token_url (f->connector, "not a url");
  url = pb_oauth_flow_get_authorization_url (flow, &error);
  g_assert_null (url);
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PbTokenStatus) status = NULL;
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh = NULL;
  g_autoptr (PbVaultSecret) expiry = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;

  pb_connector_set_state (f->connector, PB_CONNECTOR_STATE_RECONNECT_NEEDED, "was revoked");
  pb_test_oauth_connect (f);
  /* The expiry counts from when the answer arrived: on a busy machine signing in takes seconds. */
  after = g_get_real_time () / G_USEC_PER_SEC;

  access = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  refresh = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
  expiry = pb_test_oauth_lookup (f, PB_SECRET_TOKEN_EXPIRY);
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_ascii_strtoll (expiry, NULL, 10), >, now);
  g_assert_cmpint (g_ascii_strtoll (expiry, NULL, 10), <=, after + 11);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_true (pb_connector_has_secret (f->connector, PB_SECRET_REFRESH_TOKEN));
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 1);

  pb_token_manager_get_status_async (f->manager, f->connector, NULL, pb_test_oauth_async_done, &result);
  status = pb_token_manager_get_status_finish (f->manager, pb_test_oauth_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (status->has_access_token);
  g_assert_true (status->has_refresh_token);
  g_assert_cmpint (status->expires_at, ==, g_ascii_strtoll (expiry, NULL, 10));
  g_assert_cmpstr (status->scopes, ==, PB_TEST_OAUTH_SCOPES);

  /* The settings file knows a token exists, never what it is. */
  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_true (g_file_get_contents (pb_connector_store_get_path (f->store), &file, NULL, &error));
  g_assert_null (strstr (file, access));
  g_assert_null (strstr (file, refresh));
}

/* A confidential client: the code exchange and the refresh authenticate with its secret. */
static void
test_connect_confidential (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (GError) error = NULL;

  pb_connector_set_client_id (f->connector, PB_TEST_OAUTH_WEB_CLIENT);
  pb_connector_set_setting (f->connector, PB_OAUTH_SETTING_AUTH_METHOD, "client_secret_basic");

  /* Without the secret the provider refuses the exchange, and says why. */
  {
    g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
    g_autofree char *redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_CONSENT);

    g_assert_false (pb_test_oauth_complete (flow, redirect, &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
    g_assert_nonnull (strstr (error->message, "invalid_client"));
    assert_nothing_stored (f);
    g_clear_error (&error);
  }

  g_assert_true (pb_connector_store_set_secret_sync (f->store, f->connector, PB_SECRET_CLIENT_SECRET,
                                                     PB_TEST_OAUTH_WEB_SECRET, NULL, &error));
  pb_test_oauth_connect (f);
  access = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_nonnull (access);
  g_assert_true (pb_test_oauth_refresh (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), PB_TEST_OAUTH_WEB_SECRET), >, 0);
}

static void
test_state_mismatch (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
  g_autofree char *forged = replace_param (redirect, "state", "forged-state");

  g_assert_false (pb_test_oauth_complete (flow, forged, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  g_assert_nonnull (strstr (error->message, "state"));
  assert_nothing_stored (f);
  /* The code was never exchanged. */
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 0);

  /* A flow completes once: not even the genuine redirect is taken afterwards. */
  g_clear_error (&error);
  g_assert_false (pb_test_oauth_complete (flow, redirect, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  assert_nothing_stored (f);
}

static void
test_access_denied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_DENY);

  g_assert_nonnull (strstr (redirect, "error=access_denied"));
  g_assert_false (pb_test_oauth_complete (flow, redirect, &error));
  /* The outcome is the code, whatever language the message is in. */
  g_assert_error (error, PB_ERROR, PB_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "denied"));
  assert_nothing_stored (f);
}

static void
test_provider_error (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *url = pb_oauth_flow_get_authorization_url (flow, &error);
  g_autoptr (GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (GHashTable) params = soup_form_decode (g_uri_get_query (uri));
  g_autofree char *redirect = NULL;

  redirect = g_strdup_printf ("http://127.0.0.1/callback?error=server_error&error_description=Try%%20later&state=%s",
                              (char *) g_hash_table_lookup (params, "state"));
  g_assert_false (pb_test_oauth_complete (flow, redirect, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  g_assert_nonnull (strstr (error->message, "server_error"));
  g_assert_nonnull (strstr (error->message, "Try later"));
  assert_nothing_stored (f);
}

static void
test_wrong_issuer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
  g_autofree char *forged = replace_param (redirect, "iss", "http://127.0.0.1:1");

  g_assert_nonnull (strstr (redirect, "iss="));
  g_assert_false (pb_test_oauth_complete (flow, forged, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  assert_nothing_stored (f);
}

static void
test_unreachable_token_endpoint (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autofree char *token_url = NULL;
  g_autofree char *redirect = NULL;

  /* A port that was just free and is closed again: connection refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  token_url = g_strdup_printf ("http://127.0.0.1:%u/token",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
  pb_connector_set_token_url (f->connector, token_url);
  g_assert_false (pb_test_oauth_complete (flow, redirect, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  assert_nothing_stored (f);
}

static void
test_garbage_token_endpoint (Fixture       *f,
                             gconstpointer  data)
{
  const char *kinds[] = { "html", "truncated", "no-token" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *base = NULL;
      g_autofree char *token_url = NULL;
      g_autofree char *real_token_url = g_strdup (pb_connector_get_token_url (f->connector));
      g_autofree char *redirect = NULL;
      g_autoptr (SoupServer) garbage = pb_test_start_soup_server (pb_test_oauth_garbage_handler, (gpointer) kinds[i], &base);

      token_url = g_strconcat (base, "/token", NULL);
      redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
      pb_connector_set_token_url (f->connector, token_url);
      g_assert_false (pb_test_oauth_complete (flow, redirect, &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
      g_assert_nonnull (strstr (error->message, "127.0.0.1"));
      /* The body is never quoted back (it could hold anything). */
      g_assert_null (strstr (error->message, "portal"));
      assert_nothing_stored (f);
      pb_connector_set_token_url (f->connector, real_token_url);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PB_TEST_OAUTH_ADD ("/oauth/flow/authorization-url", test_authorization_url, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/missing-settings", test_missing_settings, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/connect", test_connect, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/connect-confidential", test_connect_confidential, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/state-mismatch", test_state_mismatch, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/access-denied", test_access_denied, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/provider-error", test_provider_error, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/wrong-issuer", test_wrong_issuer, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/unreachable-token-endpoint", test_unreachable_token_endpoint, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/flow/garbage-token-endpoint", test_garbage_token_endpoint, NULL);

  return g_test_run ();
}
