/* test-oauth-tokens.c: PbTokenManager (refresh before expiry and on 401, rotation, coalescing,
 * revocation, client credentials), the Intercom identity and the connection test's token
 * refresh, against a real authorization server (oidc-provider on 127.0.0.1) and in-process
 * SoupServers for the API. The real keyring of the harness keeps the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-connection-test.h"
#include "pb-error.h"
#include "pb-intercom.h"
#include "pb-oauth-tokens.h"
#include "pb-test-oauth-fixture.h"
#include "pb-test-util.h"
#include "pb-vault.h"

typedef PbTestOAuthFixture Fixture;

static char *
get_token (Fixture  *f,
           GError  **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  char *token;

  pb_token_manager_get_token_async (f->manager, f->connector, NULL, pb_test_oauth_async_done, &result);
  token = pb_token_manager_get_token_finish (f->manager, pb_test_oauth_wait_result (&result), error);
  if (token != NULL)
    g_ptr_array_add (f->seen_tokens, g_strdup (token));
  return token;
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

  pb_test_oauth_connect (f);
  first = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  first_refresh = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
  expiry = pb_test_oauth_lookup (f, PB_SECRET_TOKEN_EXPIRY);
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
  second_refresh = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_nonnull (second_refresh);
  g_assert_cmpstr (second_refresh, !=, first_refresh);
  g_clear_pointer (&token, pb_vault_free_secret);
  token = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
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
  g_autoptr (SoupServer) server = pb_test_start_soup_server (api_handler, &api, &base);
  g_autofree char *url = g_strconcat (base, "/v1/things", NULL);
  g_autoptr (PbVaultSecret) first = NULL;
  g_autoptr (PbVaultSecret) second = NULL;
  g_autoptr (GError) error = NULL;

  pb_test_oauth_connect (f);
  first = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  pb_token_manager_set_refresh_margin (f->manager, 0);

  /* A first call goes through with the stored token. */
  {
    g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GBytes) body = NULL;

    pb_token_manager_send_async (f->manager, f->connector, msg, 0, NULL, pb_test_oauth_async_done, &result);
    body = pb_token_manager_send_finish (f->manager, pb_test_oauth_wait_result (&result), &error);
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

    pb_token_manager_send_async (f->manager, f->connector, msg, 0, NULL, pb_test_oauth_async_done, &result);
    body = pb_token_manager_send_finish (f->manager, pb_test_oauth_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "{\"ok\": true}", 12);
  }
  g_assert_cmpuint (api.requests, ==, 3);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);

  second = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
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
  pb_test_oauth_connect (f);
  access = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  refresh_token = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_nonnull (access);
  g_assert_null (refresh_token);

  pb_token_manager_set_refresh_margin (f->manager, 3600);
  token = get_token (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, access);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 0);

  /* Forcing a refresh cannot work: that is a reconnect. */
  g_assert_false (pb_test_oauth_refresh (f, &error));
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

  pb_test_oauth_connect (f);
  old = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);

  /* Four callers at once, before any of them got an answer. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    pb_token_manager_refresh_async (f->manager, f->connector, NULL, pb_test_oauth_async_done, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (pb_token_manager_refresh_finish (f->manager, pb_test_oauth_wait_result (&results[i]), &error));
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
  stored = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
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

  pb_test_oauth_connect (f);
  before = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_signal_connect (f->manager, "reconnect-needed", G_CALLBACK (reconnect_needed_cb), &signalled);

  pb_test_oauth_server_hook (f->server, "revoke-grants");
  g_assert_false (pb_test_oauth_refresh (f, &error));
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
  after = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
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
  g_autoptr (SoupServer) garbage = pb_test_start_soup_server (pb_test_oauth_garbage_handler, (gpointer) "html", &base);
  g_autofree char *token_url = g_strconcat (base, "/token", NULL);
  g_autoptr (PbVaultSecret) before = NULL;
  g_autoptr (PbVaultSecret) after = NULL;
  g_autoptr (GError) error = NULL;

  pb_test_oauth_connect (f);
  before = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  pb_connector_set_token_url (f->connector, token_url);
  g_assert_false (pb_test_oauth_refresh (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  /* A broken endpoint is not a revoked grant. */
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  after = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
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
  access = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  refresh_token = pb_test_oauth_lookup (f, PB_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (access, ==, token);
  g_assert_null (refresh_token);
  g_assert_cmpstr (pb_connector_get_setting (f->connector, PB_OAUTH_SETTING_GRANTED_SCOPES), ==, "api:read");
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "client_credentials"), ==, 1);

  /* A wrong secret is refused with the provider's words, and nothing is replaced. */
  g_assert_true (pb_connector_store_set_secret_sync (f->store, f->connector, PB_SECRET_CLIENT_SECRET,
                                                     "wrong", NULL, &error));
  g_assert_false (pb_test_oauth_refresh (f, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_OAUTH);
  g_assert_nonnull (strstr (error->message, "invalid_client"));
  g_clear_pointer (&access, pb_vault_free_secret);
  access = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
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
      g_autoptr (SoupServer) server = pb_test_start_soup_server (intercom_me_handler, (gpointer) modes[i], &base);
      g_autoptr (GAsyncResult) result = NULL;
      gboolean ok;

      pb_connector_set_base_url (intercom, base);
      pb_intercom_fetch_identity_async (f->manager, intercom, NULL, pb_test_oauth_async_done, &result);
      ok = pb_intercom_fetch_identity_finish (pb_test_oauth_wait_result (&result), &error);
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
    g_autoptr (SoupServer) server = pb_test_start_soup_server (intercom_me_handler, (gpointer) "ok", &base);
    g_autoptr (GAsyncResult) result = NULL;

    pb_connector_set_base_url (intercom, base);
    pb_intercom_fetch_identity_async (f->manager, intercom, NULL, pb_test_oauth_async_done, &result);
    g_assert_false (pb_intercom_fetch_identity_finish (pb_test_oauth_wait_result (&result), &error));
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
  pb_connection_test_run_async (test, NULL, pb_test_oauth_async_done, &result);
  check = pb_connection_test_run_finish (test, pb_test_oauth_wait_result (&result), &error);
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

  pb_test_oauth_connect (f);
  first = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_ptr_array_add (f->seen_tokens, g_strdup (first));
  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_OK);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 0);

  /* Let the 10 s access token run out for real. */
  expiry = pb_test_oauth_lookup (f, PB_SECRET_TOKEN_EXPIRY);
  expires_at = g_ascii_strtoll (expiry, NULL, 10);
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_timeout_add_seconds ((guint) MAX (1, expires_at - now + 1), quit_loop, loop);
  g_main_loop_run (loop);

  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_OK);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  second = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_ptr_array_add (f->seen_tokens, g_strdup (second));
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);

  /* The provider forgets the token before its expiry: 401, one refresh, one retry. */
  pb_test_oauth_server_hook (f->server, "expire-access-tokens");
  g_assert_cmpint (run_connection_test (f, definition), ==, PB_CHECK_OK);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 2);
  third = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
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

  PB_TEST_OAUTH_ADD ("/oauth/tokens/refresh-before-expiry", test_refresh_before_expiry, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/refresh-on-401", test_refresh_on_401, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/coalesced-refresh", test_coalesced_refresh, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/no-refresh-token", test_no_refresh_token, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/revoked", test_revoked, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/refresh-garbage", test_refresh_garbage, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/client-credentials-basic", test_client_credentials, GINT_TO_POINTER (FALSE));
  PB_TEST_OAUTH_ADD ("/oauth/tokens/client-credentials-post", test_client_credentials, GINT_TO_POINTER (TRUE));
  PB_TEST_OAUTH_ADD ("/oauth/intercom/identity", test_intercom_identity, NULL);
  PB_TEST_OAUTH_ADD ("/oauth/tokens/connection-test-refreshes", test_connection_test_refreshes, NULL);

  return g_test_run ();
}
