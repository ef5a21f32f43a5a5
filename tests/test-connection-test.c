/* test-connection-test.c: PbConnectionTest against a loopback server answering 200, 401,
 * 403, 404, a web page, slowly, or not at all; credentials read from the real keyring at
 * request time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-catalog.h"
#include "pb-connection-test.h"
#include "pb-error.h"
#include "pb-setup-model.h"
#include "pb-setup-test-server.h"
#include "pb-test-util.h"

#define KEY_ONE "first-CANARY-key-0001"
#define KEY_TWO "second-CANARY-key-0002"

typedef struct {
  PbSetupTestServer *server;
  PbConnectorStore  *store;
  PbSetupModel      *model;
} Fixture;

static void
got_result (GObject      *source,
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

static void
store_secret (PbSetupModel *model,
              const char   *field,
              const char   *secret)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  pb_setup_model_set_secret_async (model, field, secret, NULL, got_result, &result);
  pb_setup_model_set_secret_finish (model, wait_result (&result), &error);
  g_assert_no_error (error);
}

/* A generic API Key connector whose base URL is SERVER + PATH. */
static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (), "api-key");

  g_assert_nonnull (definition);
  fx->server = pb_setup_test_server_new ();
  fx->store = pb_connector_store_new (NULL, NULL);
  g_assert_true (pb_connector_store_load (fx->store, &error));
  fx->model = pb_setup_model_new (fx->store, definition, g_test_get_path ());
  g_assert_true (pb_setup_model_set_value (fx->model, "placement", "header", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&fx->model);
  /* A test's result is kept with the connector and saved in a worker: let that save end
   * before the next test starts on the same connectors file. */
  g_assert_true (pb_connector_store_flush (fx->store, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->server, pb_setup_test_server_free);
}

static void
set_base (Fixture    *fx,
          const char *path)
{
  g_autofree char *url = g_strconcat (pb_setup_test_server_get_base (fx->server), path, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_setup_model_set_value (fx->model, "base-url", url, &error));
  g_assert_no_error (error);
}

static PbCheckResult *
run (Fixture *fx,
     guint    timeout)
{
  g_autoptr (PbConnectionTest) test = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  PbCheckResult *check;

  g_assert_true (pb_setup_model_apply (fx->model, &error));
  test = pb_connection_test_new (fx->store, pb_setup_model_get_definition (fx->model),
                                 pb_setup_model_get_connector (fx->model));
  if (timeout)
    pb_connection_test_set_timeout (test, timeout);
  pb_connection_test_run_async (test, NULL, got_result, &result);
  check = pb_connection_test_run_finish (test, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  g_assert_nonnull (check->summary);
  g_assert_null (strstr (check->summary, "CANARY"));
  if (check->explanation)
    g_assert_null (strstr (check->explanation, "CANARY"));
  if (check->suggestion)
    g_assert_null (strstr (check->suggestion, "CANARY"));
  return check;
}

static void
test_ok (Fixture       *fx,
         gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;

  pb_setup_test_server_expect (fx->server, "Authorization", NULL, "Bearer " KEY_ONE);
  set_base (fx, "/ok");
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
  g_assert_cmpuint (check->status, ==, 200);
  g_assert_cmpint (pb_connector_get_state (pb_setup_model_get_connector (fx->model)), ==, PB_CONNECTOR_STATE_READY);
}

static void
test_refused (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  PbConnector *connector;

  pb_setup_test_server_expect (fx->server, "Authorization", NULL, "Bearer something-else");
  set_base (fx, "/ok");
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_REFUSED);
  g_assert_cmpuint (check->status, ==, 401);
  g_assert_nonnull (strstr (check->summary, "refused"));
  g_assert_nonnull (check->suggestion);
  connector = pb_setup_model_get_connector (fx->model);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (pb_connector_get_state_message (connector), ==, check->summary);
}

static void
test_forbidden (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;

  set_base (fx, "/forbidden");
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_FORBIDDEN);
  g_assert_nonnull (strstr (check->explanation, "permission"));
}

static void
test_not_found (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;

  set_base (fx, "/missing/v1");
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_NOT_FOUND);
  g_assert_cmpuint (check->status, ==, 404);
  g_assert_nonnull (strstr (check->summary, "/missing/v1"));
  g_assert_nonnull (strstr (check->explanation, "base URL"));
}

static void
test_web_page (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PbDefinition) definition = NULL;
  g_autoptr (PbSetupModel) model = NULL;
  g_autofree char *json = NULL;

  /* A definition that expects JSON with "id"; the server sends a web page. */
  json = g_strdup_printf ("{\"id\": \"web\", \"name\": \"Web\", \"kind\": \"api-key\", \"base_url\": \"%s/html\","
                          " \"auth\": {\"header\": \"X-Api-Key\"},"
                          " \"schema\": {\"required\": [\"api-key\"], \"properties\": {\"api-key\": {\"type\": \"string\", \"secret\": true}}},"
                          " \"check\": {\"path\": \"/me\", \"json_field\": \"id\"}}",
                          pb_setup_test_server_get_base (fx->server));
  bytes = g_bytes_new (json, strlen (json));
  definition = pb_definition_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_clear_object (&fx->model);
  fx->model = pb_setup_model_new (fx->store, definition, g_test_get_path ());
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_UNEXPECTED);
  g_assert_nonnull (strstr (check->explanation, "web page"));
}

static void
test_slow (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;

  set_base (fx, "/slow");
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 1);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_TIMEOUT);
  g_assert_cmpuint (check->status, ==, 0);
  g_assert_nonnull (strstr (check->summary, "did not answer within 1 seconds"));
}

static void
test_closed_port (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autofree char *url = pb_setup_test_closed_port_url ();
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_setup_model_set_value (fx->model, "base-url", url, &error));
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 5);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_NETWORK);
  g_assert_nonnull (strstr (check->summary, "127.0.0.1"));
  g_assert_nonnull (strstr (check->explanation, "refused"));
}

static gboolean
answer_plain_text (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  const char *reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), reply, strlen (reply),
                             NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* https to a server that answers in plain text: the secure connection fails, in plain words. */
static void
test_tls_failure (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (answer_plain_text), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("https://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_assert_true (pb_setup_model_set_value (fx->model, "base-url", url, &error));
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 5);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_TLS);
  g_assert_nonnull (strstr (check->summary, "secure connection"));
  g_assert_nonnull (check->suggestion);
}

static void
test_missing_secret (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;

  set_base (fx, "/ok");
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_INCOMPLETE);
  g_assert_cmpuint (pb_setup_test_server_get_n_requests (fx->server), ==, 0);
}

/* The secret is read from the keyring for every test: a new one is used at once. */
static void
test_secret_replaced (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr (PbCheckResult) first = NULL;
  g_autoptr (PbCheckResult) second = NULL;

  pb_setup_test_server_expect (fx->server, "Authorization", NULL, "Bearer " KEY_TWO);
  set_base (fx, "/ok");
  store_secret (fx->model, "api-key", KEY_ONE);
  first = run (fx, 0);
  g_assert_cmpint (first->outcome, ==, PB_CHECK_REFUSED);

  store_secret (fx->model, "api-key", KEY_TWO);
  second = run (fx, 0);
  g_assert_cmpint (second->outcome, ==, PB_CHECK_OK);
}

static void
test_query_param (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *auth = NULL;

  pb_setup_test_server_expect (fx->server, NULL, "key", KEY_ONE);
  set_base (fx, "/ok");
  g_assert_true (pb_setup_model_set_value (fx->model, "placement", "query", &error));
  g_assert_true (pb_setup_model_set_value (fx->model, "auth-query-param", "key", &error));
  g_assert_true (pb_setup_model_set_value (fx->model, "check-path", "/me?verbose=1", &error));
  g_assert_no_error (error);
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
  auth = pb_setup_test_server_dup_last_header (fx->server, "Authorization");
  g_assert_null (auth);
  /* The URL shown to people never carries the key. */
  g_assert_null (strstr (check->summary, KEY_ONE));
}

static void
test_header_prefixes (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;

  /* PagerDuty style: "Token token=KEY" in a custom header, no space after "=". */
  pb_setup_test_server_expect (fx->server, "X-Auth", NULL, "Token token=" KEY_ONE);
  set_base (fx, "/ok");
  g_assert_true (pb_setup_model_set_value (fx->model, "auth-header", "X-Auth", &error));
  g_assert_true (pb_setup_model_set_value (fx->model, "auth-prefix", "Token token=", &error));
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
}

/* A header prefix cleared in the form sends the key alone (X-API-Key: KEY). */
static void
test_empty_prefix (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;

  pb_setup_test_server_expect (fx->server, "X-API-Key", NULL, KEY_ONE);
  set_base (fx, "/ok");
  g_assert_true (pb_setup_model_set_value (fx->model, "auth-header", "X-API-Key", &error));
  g_assert_true (pb_setup_model_set_value (fx->model, "auth-prefix", "", &error));
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "auth-prefix"), ==, "");
  store_secret (fx->model, "api-key", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
}

static void
test_basic_auth (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PbDefinition) definition = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *expected = NULL;

  /* Zendesk style: username "EMAIL/token", the API token as password. */
  json = g_strdup_printf ("{\"id\": \"desk\", \"name\": \"Desk\", \"kind\": \"basic\", \"base_url\": \"%s/ok/{subdomain}\","
                          " \"auth\": {\"username\": \"{email}/token\"},"
                          " \"schema\": {\"required\": [\"subdomain\", \"email\", \"password\"], \"properties\": {"
                          "  \"subdomain\": {\"type\": \"string\", \"pattern\": \"^[a-z0-9-]+$\"},"
                          "  \"email\": {\"type\": \"string\", \"format\": \"email\"},"
                          "  \"password\": {\"type\": \"string\", \"secret\": true}}},"
                          " \"check\": {\"path\": \"/api/v2/users/me.json\", \"json_field\": \"id\"}}",
                          pb_setup_test_server_get_base (fx->server));
  bytes = g_bytes_new (json, strlen (json));
  definition = pb_definition_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_clear_object (&fx->model);
  fx->model = pb_setup_model_new (fx->store, definition, g_test_get_path ());
  g_assert_true (pb_setup_model_set_value (fx->model, "subdomain", "acme", &error));
  g_assert_true (pb_setup_model_set_value (fx->model, "email", "ada@example.com", &error));

  pair = g_strdup ("ada@example.com/token:" KEY_ONE);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  expected = g_strdup_printf ("Basic %s", encoded);
  pb_setup_test_server_expect (fx->server, "Authorization", NULL, expected);
  store_secret (fx->model, "password", KEY_ONE);
  check = run (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
  g_assert_cmpstr (pb_connector_get_username (pb_setup_model_get_connector (fx->model)), ==, "ada@example.com/token");
}

/* OpenAI style: "OpenAI-Organization: {organization}" goes out only when the optional
 * organization was given. */
static void
test_templated_header (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr (PbCheckResult) first = NULL;
  g_autoptr (PbCheckResult) second = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (PbDefinition) definition = NULL;
  g_autofree char *json = NULL;
  g_autofree char *without = NULL;
  g_autofree char *with = NULL;

  json = g_strdup_printf ("{\"id\": \"ai\", \"name\": \"AI\", \"kind\": \"api-key\", \"base_url\": \"%s/ok\","
                          " \"auth\": {\"header\": \"Authorization\", \"prefix\": \"Bearer\"},"
                          " \"headers\": {\"OpenAI-Organization\": \"{organization}\", \"X-Fixed\": \"1\"},"
                          " \"schema\": {\"required\": [\"api-key\"], \"properties\": {"
                          "  \"api-key\": {\"type\": \"string\", \"secret\": true},"
                          "  \"organization\": {\"type\": \"string\"}}},"
                          " \"check\": {\"path\": \"/models\", \"json_field\": \"id\"}}",
                          pb_setup_test_server_get_base (fx->server));
  bytes = g_bytes_new (json, strlen (json));
  definition = pb_definition_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_clear_object (&fx->model);
  fx->model = pb_setup_model_new (fx->store, definition, g_test_get_path ());
  pb_setup_test_server_expect (fx->server, "Authorization", NULL, "Bearer " KEY_ONE);
  store_secret (fx->model, "api-key", KEY_ONE);

  first = run (fx, 0);
  g_assert_cmpint (first->outcome, ==, PB_CHECK_OK);
  without = pb_setup_test_server_dup_last_header (fx->server, "OpenAI-Organization");
  g_assert_null (without);
  {
    g_autofree char *fixed = pb_setup_test_server_dup_last_header (fx->server, "X-Fixed");

    g_assert_cmpstr (fixed, ==, "1");
  }

  g_assert_true (pb_setup_model_set_value (fx->model, "organization", "org-acme", &error));
  g_assert_no_error (error);
  second = run (fx, 0);
  g_assert_cmpint (second->outcome, ==, PB_CHECK_OK);
  with = pb_setup_test_server_dup_last_header (fx->server, "OpenAI-Organization");
  g_assert_cmpstr (with, ==, "org-acme");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/setup/connection-test/ok", test_ok);
  ADD ("/setup/connection-test/refused-401", test_refused);
  ADD ("/setup/connection-test/forbidden-403", test_forbidden);
  ADD ("/setup/connection-test/not-found-404", test_not_found);
  ADD ("/setup/connection-test/web-page", test_web_page);
  ADD ("/setup/connection-test/slow", test_slow);
  ADD ("/setup/connection-test/closed-port", test_closed_port);
  ADD ("/setup/connection-test/tls-failure", test_tls_failure);
  ADD ("/setup/connection-test/missing-secret", test_missing_secret);
  ADD ("/setup/connection-test/secret-replaced", test_secret_replaced);
  ADD ("/setup/connection-test/query-param", test_query_param);
  ADD ("/setup/connection-test/header-prefixes", test_header_prefixes);
  ADD ("/setup/connection-test/basic-auth", test_basic_auth);
  ADD ("/setup/connection-test/empty-prefix", test_empty_prefix);
  ADD ("/setup/connection-test/templated-header", test_templated_header);
#undef ADD

  return g_test_run ();
}
