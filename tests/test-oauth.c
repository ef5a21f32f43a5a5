/* test-oauth.c: PbOAuthFlow and PbTokenManager against a real authorization server
 * (oidc-provider on 127.0.0.1, tests/oauth/server.mjs) and in-process SoupServers for the
 * API and for a broken token endpoint. The real keyring of the harness keeps the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "pb-connection-test.h"
#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-intercom.h"
#include "pb-oauth-flow.h"
#include "pb-oauth-tokens.h"
#include "pb-test-oauth-server.h"
#include "pb-test-util.h"
#include "pb-token-manager.h"
#include "pb-vault.h"

#define SCOPES "openid offline_access profile"

typedef struct {
  PbTestOAuthServer *server;
  PbConnectorStore *store;
  PbConnector *connector;
  PbTokenManager *manager;
  char *path;
  /* Tokens seen during the test: none may show up in any file at the end. */
  GPtrArray *seen_tokens;
} Fixture;

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static char *
lookup (Fixture    *f,
        const char *field)
{
  g_autoptr (GError) error = NULL;
  char *value = pb_vault_lookup_sync (pb_connector_store_get_vault (f->store),
                                      pb_connector_get_id (f->connector), field, NULL, &error);

  g_assert_no_error (error);
  if (value != NULL && !g_str_equal (field, PB_SECRET_TOKEN_EXPIRY))
    g_ptr_array_add (f->seen_tokens, g_strdup (value));
  return value;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  f->server = pb_test_oauth_server_start (10);
  /* One file per test: the tests of this program share one HOME. */
  f->path = g_build_filename (pb_test_root (), "stores", uuid, "connectors.json", NULL);
  f->store = pb_connector_store_new (f->path, NULL);
  g_assert_true (pb_connector_store_load (f->store, &error));
  g_assert_no_error (error);

  f->connector = pb_connector_store_create (f->store, "Test Provider", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  g_object_ref (f->connector);
  auth_url = pb_test_oauth_server_url (f->server, "/auth");
  token_url = pb_test_oauth_server_url (f->server, "/token");
  pb_connector_set_client_id (f->connector, PB_TEST_OAUTH_NATIVE_CLIENT);
  pb_connector_set_auth_url (f->connector, auth_url);
  pb_connector_set_token_url (f->connector, token_url);
  pb_connector_set_scopes (f->connector, SCOPES);
  g_assert_true (pb_connector_store_save (f->store, &error));

  f->manager = pb_token_manager_new (f->store, NULL);
  f->seen_tokens = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  guint scanned = 0;

  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_no_error (error);

  /* No token ever leaves the keyring: not into connectors.json, a cache or anything else. */
  for (guint i = 0; i < f->seen_tokens->len; i++)
    scanned = pb_test_assert_tree_lacks (pb_test_root (), g_ptr_array_index (f->seen_tokens, i));
  if (f->seen_tokens->len > 0)
    g_assert_cmpuint (scanned, >, 0);

  g_ptr_array_unref (f->seen_tokens);
  g_clear_object (&f->manager);
  g_clear_object (&f->connector);
  g_clear_object (&f->store);
  g_free (f->path);
  pb_test_oauth_server_stop (f->server);
}

/* Signs in as the user would (plain HTTP on the provider's pages) and hands the redirect
 * to FLOW. Returns the redirect so tests can tamper with it. */
static char *
sign_in (Fixture           *f,
         PbOAuthFlow       *flow,
         PbTestOAuthAnswer  answer)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = pb_oauth_flow_get_authorization_url (flow, &error);

  g_assert_no_error (error);
  return pb_test_oauth_sign_in (url, "alice", answer, pb_oauth_flow_get_redirect_uri (flow), FALSE);
}

static gboolean
complete (PbOAuthFlow  *flow,
          const char   *redirect,
          GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_oauth_flow_complete_async (flow, redirect, NULL, async_done, &result);
  return pb_oauth_flow_complete_finish (flow, wait_result (&result), error);
}

static void
connect_connector (Fixture *f)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *redirect = sign_in (f, flow, PB_TEST_OAUTH_CONSENT);

  g_assert_true (complete (flow, redirect, &error));
  g_assert_no_error (error);
}

static void
assert_nothing_stored (Fixture *f)
{
  g_autoptr (PbVaultSecret) access = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_autoptr (PbVaultSecret) refresh = lookup (f, PB_SECRET_REFRESH_TOKEN);

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
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, SCOPES);
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

  pb_connector_set_state (f->connector, PB_CONNECTOR_STATE_RECONNECT_NEEDED, "was revoked");
  connect_connector (f);

  access = lookup (f, PB_SECRET_ACCESS_TOKEN);
  refresh = lookup (f, PB_SECRET_REFRESH_TOKEN);
  expiry = lookup (f, PB_SECRET_TOKEN_EXPIRY);
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_ascii_strtoll (expiry, NULL, 10), >, now);
  g_assert_cmpint (g_ascii_strtoll (expiry, NULL, 10), <=, now + 11);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_true (pb_connector_has_secret (f->connector, PB_SECRET_REFRESH_TOKEN));
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 1);

  pb_token_manager_get_status_async (f->manager, f->connector, NULL, async_done, &result);
  status = pb_token_manager_get_status_finish (f->manager, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (status->has_access_token);
  g_assert_true (status->has_refresh_token);
  g_assert_cmpint (status->expires_at, ==, g_ascii_strtoll (expiry, NULL, 10));
  g_assert_cmpstr (status->scopes, ==, SCOPES);

  /* The settings file knows a token exists, never what it is. */
  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_true (g_file_get_contents (pb_connector_store_get_path (f->store), &file, NULL, &error));
  g_assert_null (strstr (file, access));
  g_assert_null (strstr (file, refresh));
}

static gboolean refresh (Fixture *f, GError **error);

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
    g_autofree char *redirect = sign_in (f, flow, PB_TEST_OAUTH_CONSENT);

    g_assert_false (complete (flow, redirect, &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
    g_assert_nonnull (strstr (error->message, "invalid_client"));
    assert_nothing_stored (f);
    g_clear_error (&error);
  }

  g_assert_true (pb_connector_store_set_secret_sync (f->store, f->connector, PB_SECRET_CLIENT_SECRET,
                                                     PB_TEST_OAUTH_WEB_SECRET, NULL, &error));
  connect_connector (f);
  access = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_nonnull (access);
  g_assert_true (refresh (f, &error));
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
  g_autofree char *redirect = sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
  g_autofree char *forged = replace_param (redirect, "state", "forged-state");

  g_assert_false (complete (flow, forged, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  g_assert_nonnull (strstr (error->message, "state"));
  assert_nothing_stored (f);
  /* The code was never exchanged. */
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 0);

  /* A flow completes once: not even the genuine redirect is taken afterwards. */
  g_clear_error (&error);
  g_assert_false (complete (flow, redirect, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  assert_nothing_stored (f);
}

static void
test_access_denied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *redirect = sign_in (f, flow, PB_TEST_OAUTH_DENY);

  g_assert_nonnull (strstr (redirect, "error=access_denied"));
  g_assert_false (complete (flow, redirect, &error));
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
  g_assert_false (complete (flow, redirect, &error));
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
  g_autofree char *redirect = sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
  g_autofree char *forged = replace_param (redirect, "iss", "http://127.0.0.1:1");

  g_assert_nonnull (strstr (redirect, "iss="));
  g_assert_false (complete (flow, forged, &error));
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

  redirect = sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
  pb_connector_set_token_url (f->connector, token_url);
  g_assert_false (complete (flow, redirect, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  assert_nothing_stored (f);
}

/* --- a token endpoint that answers garbage --- */

static void
garbage_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *kind = user_data;

  if (g_str_equal (kind, "html"))
    {
      static const char page[] = "<html><body>Welcome to our portal</body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (g_str_equal (kind, "truncated"))
    {
      static const char json[] = "{\"access_token\": \"abc";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else
    {
      static const char json[] = "{\"token_type\": \"Bearer\", \"expires_in\": 3600}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
}

static SoupServer *
start_soup_server (SoupServerCallback  handler,
                   gpointer            user_data,
                   char              **out_base)
{
  g_autoptr (GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  GSList *uris;

  soup_server_add_handler (server, NULL, handler, user_data, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
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
      g_autoptr (SoupServer) garbage = start_soup_server (garbage_handler, (gpointer) kinds[i], &base);

      token_url = g_strconcat (base, "/token", NULL);
      redirect = sign_in (f, flow, PB_TEST_OAUTH_CONSENT);
      pb_connector_set_token_url (f->connector, token_url);
      g_assert_false (complete (flow, redirect, &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
      g_assert_nonnull (strstr (error->message, "127.0.0.1"));
      /* The body is never quoted back (it could hold anything). */
      g_assert_null (strstr (error->message, "portal"));
      assert_nothing_stored (f);
      pb_connector_set_token_url (f->connector, real_token_url);
    }
}

/* --- tokens --- */

static char *
get_token (Fixture  *f,
           GError  **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  char *token;

  pb_token_manager_get_token_async (f->manager, f->connector, NULL, async_done, &result);
  token = pb_token_manager_get_token_finish (f->manager, wait_result (&result), error);
  if (token != NULL)
    g_ptr_array_add (f->seen_tokens, g_strdup (token));
  return token;
}

static gboolean
refresh (Fixture  *f,
         GError  **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_token_manager_refresh_async (f->manager, f->connector, NULL, async_done, &result);
  return pb_token_manager_refresh_finish (f->manager, wait_result (&result), error);
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_refresh_before_expiry (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (PbVaultSecret) first = NULL;
  g_autoptr (PbVaultSecret) first_refresh = NULL;
  g_autoptr (PbVaultSecret) token = NULL;
  g_autoptr (PbVaultSecret) again = NULL;
  g_autoptr (PbVaultSecret) second_refresh = NULL;
  g_autoptr (PbVaultSecret) expiry = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  gint64 now;
  gint64 expires_at;

  connect_connector (f);
  first = lookup (f, PB_SECRET_ACCESS_TOKEN);
  first_refresh = lookup (f, PB_SECRET_REFRESH_TOKEN);
  expiry = lookup (f, PB_SECRET_TOKEN_EXPIRY);
  expires_at = g_ascii_strtoll (expiry, NULL, 10);

  /* 10 s tokens, refreshed when less than 5 s are left. */
  pb_token_manager_set_refresh_margin (f->manager, 5);
  now = g_get_real_time () / G_USEC_PER_SEC;
  if (expires_at - now > 5)
    {
      token = get_token (f, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, first);
      g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 0);
    }

  /* Wait until the token is inside the margin (it is still valid at the provider). */
  g_timeout_add_seconds ((guint) MAX (1, expires_at - 5 - now + 1), quit_loop, loop);
  g_main_loop_run (loop);

  again = get_token (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpstr (again, !=, first);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);

  /* The rotated refresh token replaced the old one, which the provider no longer takes. */
  second_refresh = lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_nonnull (second_refresh);
  g_assert_cmpstr (second_refresh, !=, first_refresh);
  g_clear_pointer (&token, pb_vault_free_secret);
  token = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (token, ==, again);
}

/* An API that accepts only tokens the provider still accepts: it asks the provider's
 * userinfo endpoint (oidc-provider answers 401 to unknown or expired tokens). */
typedef struct {
  SoupSession *session;
  char *userinfo_url;
  guint requests;
  GPtrArray *bearers;
} Api;

static void
api_checked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (SoupServerMessage) msg = user_data;
  SoupMessage *check = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  static const char ok[] = "{\"ok\": true}";

  if (soup_message_get_status (check) == 200)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, ok, strlen (ok));
    }
  else
    {
      soup_server_message_set_status (msg, 401, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
  soup_server_message_unpause (msg);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Api *api = user_data;
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");
  g_autoptr (SoupMessage) check = soup_message_new ("GET", api->userinfo_url);

  api->requests++;
  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  g_ptr_array_add (api->bearers, g_strdup (authorization + strlen ("Bearer ")));
  soup_message_headers_replace (soup_message_get_request_headers (check), "Authorization", authorization);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (api->session, check, G_PRIORITY_DEFAULT, NULL, api_checked_cb,
                                    g_object_ref (msg));
}

static void
test_refresh_on_401 (Fixture       *f,
                     gconstpointer  data)
{
  Api api = { soup_session_new (), pb_test_oauth_server_url (f->server, "/me"), 0,
              g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = start_soup_server (api_handler, &api, &base);
  g_autofree char *url = g_strconcat (base, "/v1/things", NULL);
  g_autoptr (PbVaultSecret) first = NULL;
  g_autoptr (PbVaultSecret) second = NULL;
  g_autoptr (GError) error = NULL;

  connect_connector (f);
  first = lookup (f, PB_SECRET_ACCESS_TOKEN);
  pb_token_manager_set_refresh_margin (f->manager, 0);

  /* A first call goes through with the stored token. */
  {
    g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GBytes) body = NULL;

    pb_token_manager_send_async (f->manager, f->connector, msg, 0, NULL, async_done, &result);
    body = pb_token_manager_send_finish (f->manager, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpuint (api.requests, ==, 1);
  }

  /* The provider forgets the access token before its expiry: the API answers 401,
   * the manager refreshes once and repeats the request with the new token. */
  pb_test_oauth_server_hook (f->server, "expire-access-tokens");
  {
    g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GBytes) body = NULL;

    pb_token_manager_send_async (f->manager, f->connector, msg, 0, NULL, async_done, &result);
    body = pb_token_manager_send_finish (f->manager, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "{\"ok\": true}", 12);
  }
  g_assert_cmpuint (api.requests, ==, 3);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);

  second = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpstr (g_ptr_array_index (api.bearers, 1), ==, first);
  g_assert_cmpstr (g_ptr_array_index (api.bearers, 2), ==, second);

  g_ptr_array_unref (api.bearers);
  g_free (api.userinfo_url);
  g_object_unref (api.session);
}

/* A provider that gives no refresh token: the access token is used for as long as it lasts,
 * even inside the refresh margin, and the connector is not marked for reconnecting early. */
static void
test_no_refresh_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh_token = NULL;
  g_autoptr (PbVaultSecret) token = NULL;
  g_autoptr (GError) error = NULL;

  pb_connector_set_scopes (f->connector, "openid profile");
  connect_connector (f);
  access = lookup (f, PB_SECRET_ACCESS_TOKEN);
  refresh_token = lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_nonnull (access);
  g_assert_null (refresh_token);

  pb_token_manager_set_refresh_margin (f->manager, 3600);
  token = get_token (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, access);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 0);

  /* Forcing a refresh cannot work: that is a reconnect. */
  g_assert_false (refresh (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_RECONNECT_NEEDED);
}

static void
test_coalesced_refresh (Fixture       *f,
                        gconstpointer  data)
{
  GAsyncResult *results[4] = { NULL, };
  g_autoptr (PbVaultSecret) token = NULL;
  g_autoptr (PbVaultSecret) stored = NULL;
  g_autoptr (PbVaultSecret) old = NULL;
  g_autoptr (GError) error = NULL;

  connect_connector (f);
  old = lookup (f, PB_SECRET_ACCESS_TOKEN);

  /* Four callers at once, before any of them got an answer. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    pb_token_manager_refresh_async (f->manager, f->connector, NULL, async_done, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (pb_token_manager_refresh_finish (f->manager, wait_result (&results[i]), &error));
      g_assert_no_error (error);
      g_object_unref (results[i]);
    }
  pb_token_manager_set_refresh_margin (f->manager, 0);
  token = get_token (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, !=, old);

  /* One token request served them all (one rotation: the refresh token stays usable). */
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  g_assert_cmpuint (pb_test_oauth_server_count_errors (f->server, "invalid_grant"), ==, 0);
  stored = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (token, ==, stored);
}

static void
reconnect_needed_cb (PbTokenManager *manager,
                     PbConnector    *connector,
                     gpointer        user_data)
{
  *(PbConnector **) user_data = connector;
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (PbVaultSecret) before = NULL;
  g_autoptr (PbVaultSecret) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnectorStore) reloaded = NULL;
  PbConnector *signalled = NULL;
  PbConnector *copy;

  connect_connector (f);
  before = lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_signal_connect (f->manager, "reconnect-needed", G_CALLBACK (reconnect_needed_cb), &signalled);

  pb_test_oauth_server_hook (f->server, "revoke-grants");
  g_assert_false (refresh (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED);
  g_assert_nonnull (strstr (error->message, "Connect again"));
  g_assert_true (signalled == f->connector);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_RECONNECT_NEEDED);
  g_assert_cmpstr (pb_connector_get_state_message (f->connector), ==, error->message);
  g_assert_cmpuint (pb_test_oauth_server_count_errors (f->server, "invalid_grant"), ==, 1);

  /* A token request that needs one fails the same way; nothing new was stored. */
  g_clear_error (&error);
  pb_token_manager_set_refresh_margin (f->manager, 3600);
  g_assert_null (get_token (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED);
  after = lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (after, ==, before);

  /* The state is saved for the list and the CLI. */
  g_assert_true (pb_connector_store_flush (f->store, NULL));
  reloaded = pb_connector_store_new (f->path, NULL);
  g_assert_true (pb_connector_store_load (reloaded, NULL));
  copy = pb_connector_store_find_by_id (reloaded, pb_connector_get_id (f->connector));
  g_assert_nonnull (copy);
  g_assert_cmpint (pb_connector_get_state (copy), ==, PB_CONNECTOR_STATE_RECONNECT_NEEDED);
}

static void
test_refresh_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) garbage = start_soup_server (garbage_handler, (gpointer) "html", &base);
  g_autofree char *token_url = g_strconcat (base, "/token", NULL);
  g_autoptr (PbVaultSecret) before = NULL;
  g_autoptr (PbVaultSecret) after = NULL;
  g_autoptr (GError) error = NULL;

  connect_connector (f);
  before = lookup (f, PB_SECRET_ACCESS_TOKEN);
  pb_connector_set_token_url (f->connector, token_url);
  g_assert_false (refresh (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  /* A broken endpoint is not a revoked grant. */
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  after = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (after, ==, before);
}

static void
test_client_credentials (Fixture       *f,
                         gconstpointer  data)
{
  gboolean post = GPOINTER_TO_INT (data);
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh_token = NULL;
  g_autoptr (PbVaultSecret) token = NULL;
  g_autoptr (GError) error = NULL;

  pb_connector_set_auth_url (f->connector, NULL);
  pb_connector_set_scopes (f->connector, "api:read");
  pb_connector_set_client_id (f->connector, post ? PB_TEST_OAUTH_SERVICE_POST_CLIENT : PB_TEST_OAUTH_SERVICE_CLIENT);
  if (!post)
    pb_connector_set_setting (f->connector, PB_OAUTH_SETTING_AUTH_METHOD, "client_secret_basic");
  g_assert_true (pb_connector_store_set_secret_sync (f->store, f->connector, PB_SECRET_CLIENT_SECRET,
                                                     post ? PB_TEST_OAUTH_SERVICE_POST_SECRET
                                                          : PB_TEST_OAUTH_SERVICE_SECRET,
                                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_oauth_uses_client_credentials (f->connector));

  /* No token yet: asking for one gets one. */
  token = get_token (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  access = lookup (f, PB_SECRET_ACCESS_TOKEN);
  refresh_token = lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (access, ==, token);
  g_assert_null (refresh_token);
  g_assert_cmpstr (pb_connector_get_setting (f->connector, PB_OAUTH_SETTING_GRANTED_SCOPES), ==, "api:read");
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "client_credentials"), ==, 1);

  /* A wrong secret is refused with the provider's words, and nothing is replaced. */
  g_assert_true (pb_connector_store_set_secret_sync (f->store, f->connector, PB_SECRET_CLIENT_SECRET,
                                                     "wrong", NULL, &error));
  g_assert_false (refresh (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  g_assert_nonnull (strstr (error->message, "invalid_client"));
  g_clear_pointer (&access, pb_vault_free_secret);
  access = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (access, ==, token);
}

/* --- Intercom: who is connected (GET /me), against a local stand-in for api.intercom.io --- */

static void
intercom_me_handler (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  const char *mode = user_data;
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");
  static const char me[] =
    "{\"type\":\"admin\",\"id\":\"991267\",\"email\":\"ada@example.com\",\"name\":\"Ada Admin\","
    "\"email_verified\":true,\"app\":{\"type\":\"app\",\"id_code\":\"abc123de\",\"name\":\"Example Support\","
    "\"region\":\"US\",\"timezone\":\"Europe/Dublin\"}}";
  static const char not_admin[] = "{\"type\":\"error.list\",\"errors\":[]}";

  if (g_strcmp0 (path, "/me") != 0 || g_strcmp0 (authorization, "Bearer intercom-test-token") != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  if (g_str_equal (mode, "ok"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, me, strlen (me));
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, not_admin, strlen (not_admin));
}

static void
test_intercom_identity (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnector) intercom = NULL;
  const char *modes[] = { "garbage", "ok" };

  intercom = g_object_ref (pb_connector_store_create (f->store, "Intercom", PB_CONNECTOR_KIND_INTERCOM, &error));
  g_assert_no_error (error);
  /* The preset carries Intercom's documented endpoints. */
  g_assert_cmpstr (pb_connector_get_auth_url (intercom), ==, "https://app.intercom.com/oauth");
  g_assert_cmpstr (pb_connector_get_token_url (intercom), ==, "https://api.intercom.io/auth/eagle/token");
  pb_connector_set_client_id (intercom, "intercom-client");
  /* Intercom tokens do not expire and come without a refresh token. */
  g_assert_true (pb_connector_store_set_secret_sync (f->store, intercom, PB_SECRET_ACCESS_TOKEN,
                                                     "intercom-test-token", NULL, &error));
  g_assert_true (pb_connector_store_set_secret_sync (f->store, intercom, PB_SECRET_TOKEN_EXPIRY, "0", NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *base = NULL;
      g_autoptr (SoupServer) server = start_soup_server (intercom_me_handler, (gpointer) modes[i], &base);
      g_autoptr (GAsyncResult) result = NULL;
      gboolean ok;

      pb_connector_set_base_url (intercom, base);
      pb_intercom_fetch_identity_async (f->manager, intercom, NULL, async_done, &result);
      ok = pb_intercom_fetch_identity_finish (wait_result (&result), &error);
      if (g_str_equal (modes[i], "garbage"))
        {
          g_assert_false (ok);
          g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
          g_assert_null (pb_connector_get_setting (intercom, PB_INTERCOM_SETTING_WORKSPACE));
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
    }
  g_assert_cmpstr (pb_connector_get_setting (intercom, PB_INTERCOM_SETTING_WORKSPACE), ==, "Example Support");
  g_assert_cmpstr (pb_connector_get_setting (intercom, PB_INTERCOM_SETTING_ADMIN), ==, "Ada Admin (ada@example.com)");

  /* A token Intercom no longer takes cannot be renewed (no refresh token): reconnect needed. */
  g_assert_true (pb_connector_store_set_secret_sync (f->store, intercom, PB_SECRET_ACCESS_TOKEN,
                                                     "revoked-intercom-token", NULL, &error));
  {
    g_autofree char *base = NULL;
    g_autoptr (SoupServer) server = start_soup_server (intercom_me_handler, (gpointer) "ok", &base);
    g_autoptr (GAsyncResult) result = NULL;

    pb_connector_set_base_url (intercom, base);
    pb_intercom_fetch_identity_async (f->manager, intercom, NULL, async_done, &result);
    g_assert_false (pb_intercom_fetch_identity_finish (wait_result (&result), &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED);
    g_assert_cmpint (pb_connector_get_state (intercom), ==, PB_CONNECTOR_STATE_RECONNECT_NEEDED);
  }
}

/* The setup assistant's connection test gets its token through the token manager: after
 * the access token ran out it is renewed first, and a 401 gets one refresh and one retry. */
static PbCheckOutcome
run_connection_test (Fixture      *f,
                     PbDefinition *definition)
{
  g_autoptr (PbConnectionTest) test = pb_connection_test_new (f->store, definition, f->connector);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;

  pb_connection_test_set_token_manager (test, f->manager);
  pb_connection_test_run_async (test, NULL, async_done, &result);
  check = pb_connection_test_run_finish (test, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  g_test_message ("connection test: %s", check->summary);
  return check->outcome;
}

static void
test_connection_test_refreshes (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (PbDefinition) definition = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) first = NULL;
  g_autoptr (PbVaultSecret) second = NULL;
  g_autoptr (PbVaultSecret) third = NULL;
  g_autoptr (PbVaultSecret) expiry = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  /* The provider's userinfo endpoint stands in for an API: 401 to a token it no longer takes. */
  static const char json[] =
    "{\"id\": \"oidc-test\", \"name\": \"Test Provider\", \"kind\": \"oauth2\", \"base_url\": \"{base-url}\","
    " \"auth\": {\"header\": \"Authorization\", \"prefix\": \"Bearer\"},"
    " \"schema\": {\"required\": [\"base-url\"], \"properties\": {\"base-url\": {\"type\": \"string\","
    " \"format\": \"uri\", \"title\": \"API base URL\", \"maps_to\": \"base-url\"}}},"
    " \"check\": {\"path\": \"/me\", \"json_field\": \"sub\"}}";
  gint64 expires_at, now;

  bytes = g_bytes_new_static (json, strlen (json));
  definition = pb_definition_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (f->connector, pb_test_oauth_server_get_issuer (f->server));
  pb_token_manager_set_refresh_margin (f->manager, 0);

  /* Not signed in yet: said so, no request to the provider's token endpoint. */
  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_NOT_SIGNED_IN);

  connect_connector (f);
  first = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_ptr_array_add (f->seen_tokens, g_strdup (first));
  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_OK);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 0);

  /* Let the 10 s access token run out for real. */
  expiry = lookup (f, PB_SECRET_TOKEN_EXPIRY);
  expires_at = g_ascii_strtoll (expiry, NULL, 10);
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_timeout_add_seconds ((guint) MAX (1, expires_at - now + 1), quit_loop, loop);
  g_main_loop_run (loop);

  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_OK);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  second = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_ptr_array_add (f->seen_tokens, g_strdup (second));
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);

  /* The provider forgets the token before its expiry: 401, one refresh, one retry. */
  pb_test_oauth_server_hook (f->server, "expire-access-tokens");
  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_OK);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 2);
  third = lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_ptr_array_add (f->seen_tokens, g_strdup (third));
  g_assert_cmpstr (third, !=, second);

  /* The grant is revoked: the test says to sign in again rather than "refused". */
  pb_test_oauth_server_hook (f->server, "revoke-grants");
  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_NOT_SIGNED_IN);
  g_assert_cmpint (pb_connector_get_state (f->connector), !=, PB_CONNECTOR_STATE_READY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/oauth/flow/authorization-url", test_authorization_url, NULL);
  ADD ("/oauth/flow/missing-settings", test_missing_settings, NULL);
  ADD ("/oauth/flow/connect", test_connect, NULL);
  ADD ("/oauth/flow/connect-confidential", test_connect_confidential, NULL);
  ADD ("/oauth/flow/state-mismatch", test_state_mismatch, NULL);
  ADD ("/oauth/flow/access-denied", test_access_denied, NULL);
  ADD ("/oauth/flow/provider-error", test_provider_error, NULL);
  ADD ("/oauth/flow/wrong-issuer", test_wrong_issuer, NULL);
  ADD ("/oauth/flow/unreachable-token-endpoint", test_unreachable_token_endpoint, NULL);
  ADD ("/oauth/flow/garbage-token-endpoint", test_garbage_token_endpoint, NULL);
  ADD ("/oauth/tokens/refresh-before-expiry", test_refresh_before_expiry, NULL);
  ADD ("/oauth/tokens/refresh-on-401", test_refresh_on_401, NULL);
  ADD ("/oauth/tokens/coalesced-refresh", test_coalesced_refresh, NULL);
  ADD ("/oauth/tokens/no-refresh-token", test_no_refresh_token, NULL);
  ADD ("/oauth/tokens/revoked", test_revoked, NULL);
  ADD ("/oauth/tokens/refresh-garbage", test_refresh_garbage, NULL);
  ADD ("/oauth/tokens/client-credentials-basic", test_client_credentials, GINT_TO_POINTER (FALSE));
  ADD ("/oauth/tokens/client-credentials-post", test_client_credentials, GINT_TO_POINTER (TRUE));
  ADD ("/oauth/intercom/identity", test_intercom_identity, NULL);
  ADD ("/oauth/tokens/connection-test-refreshes", test_connection_test_refreshes, NULL);

  return g_test_run ();
}
