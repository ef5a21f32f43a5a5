/* test-http.c: PbHttp against an in-process SoupServer on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-error.h"
#include "pb-http.h"
#include "pb-test-util.h"

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);

  if (strcmp (path, "/hello") == 0)
    {
      const char *agent = soup_message_headers_get_one (request_headers, "User-Agent");

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, agent ? agent : "", agent ? strlen (agent) : 0);
    }
  else if (strcmp (path, "/big") == 0)
    {
      g_autofree char *big = g_strnfill (200000, 'x');

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, big, strlen (big));
    }
  else if (strcmp (path, "/token") == 0)
    {
      const char *answer = "{\"access_token\": \"sekrit-answer\", \"token_type\": \"Bearer\"}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
    }
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "nope", 4);
    }
}

static SoupServer *
start_server (char **out_base)
{
  g_autoptr (GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen (server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GBytes *
send_sync (PbHttp      *http,
           SoupMessage *msg,
           gsize        max_bytes,
           GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_http_send_async (http, msg, max_bytes, NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pb_http_send_finish (http, result, error);
}

static void
test_send (void)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = start_server (&base);
  g_autofree char *url = g_strconcat (base, "hello", NULL);
  g_autofree char *missing = g_strconcat (base, "missing", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (SoupMessage) msg404 = soup_message_new ("GET", missing);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) body404 = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *agent = NULL;

  g_assert_true (pb_http_get_default () == pb_http_get_default ());
  g_assert_nonnull (pb_http_get_session (pb_http_get_default ()));

  body = send_sync (pb_http_get_default (), msg, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  agent = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpstr (agent, ==, "Plugboard/" "0.1.0");

  /* An error status is an answer, not a transport failure. */
  body404 = send_sync (pb_http_get_default (), msg404, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg404), ==, 404);
  g_assert_cmpuint (g_bytes_get_size (body404), ==, 4);
}

static void
test_max_bytes (void)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = start_server (&base);
  g_autofree char *url = g_strconcat (base, "big", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (SoupMessage) msg2 = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbHttp) http = pb_http_new ();

  body = send_sync (http, msg, 1000, &error);
  g_assert_null (body);
  g_assert_error (error, PB_ERROR, PB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_clear_error (&error);

  body = send_sync (http, msg2, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 200000);
}

static void
test_refused (void)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = start_server (&base);
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbHttp) http = pb_http_new ();

  /* Nobody listens on that port any more. */
  soup_server_disconnect (server);
  msg = soup_message_new ("GET", base);
  body = send_sync (http, msg, 0, &error);
  g_assert_null (body);
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "refused"));
}

static void
test_error_mapping (void)
{
  struct {
    GQuark domain;
    int code;
    int expected;
    const char *words;
  } cases[] = {
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, PB_ERROR_NETWORK, "Could not find the server" },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, PB_ERROR_NETWORK, "refused the connection" },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, PB_ERROR_NETWORK, "did not answer in time" },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, PB_ERROR_NETWORK, "Could not reach" },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, PB_ERROR_TLS, "certificate" },
    { G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, PB_ERROR_TLS, "secure connection" },
    { SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING, PB_ERROR_NETWORK, "could not understand" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) cause = g_error_new_literal (cases[i].domain, cases[i].code, "low-level detail");
      g_autoptr (GError) mapped = pb_http_error_from_transport (cause, "api.example.com");

      g_assert_error (mapped, PB_ERROR, cases[i].expected);
      g_assert_nonnull (strstr (mapped->message, "api.example.com"));
      g_assert_nonnull (strstr (mapped->message, cases[i].words));
    }

  {
    g_autoptr (GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
    g_autoptr (GError) mapped = pb_http_error_from_transport (cancelled, "api.example.com");

    g_assert_error (mapped, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
assert_redacted (const char *line,
                 const char *expected)
{
  g_autofree char *safe = pb_http_redact_line (line);

  g_assert_cmpstr (safe, ==, expected);
}

static void
test_redact (void)
{
  assert_redacted ("Authorization: Bearer abc.def", "Authorization: [redacted]");
  assert_redacted ("authorization: Basic dXNlcjpwYXNz", "authorization: [redacted]");
  assert_redacted ("X-API-Key: k-123", "X-API-Key: [redacted]");
  assert_redacted ("X-Auth-Token: t-123", "X-Auth-Token: [redacted]");
  assert_redacted ("Cookie: session=s3cr3t", "Cookie: [redacted]");
  assert_redacted ("Set-Cookie: session=s3cr3t; Path=/", "Set-Cookie: [redacted]");
  assert_redacted ("Content-Type: application/json", "Content-Type: application/json");
  assert_redacted ("{\"access_token\": \"at-1\", \"token_type\": \"Bearer\", \"expires_in\": 3600}",
                   "{\"access_token\": \"[redacted]\", \"token_type\": \"[redacted]\", \"expires_in\": 3600}");
  assert_redacted ("{\"refresh_token\":\"rt\\\"x\",\"name\":\"ok\"}",
                   "{\"refresh_token\":\"[redacted]\",\"name\":\"ok\"}");
  assert_redacted ("grant_type=authorization_code&code=c-1&client_secret=cs-1&redirect_uri=http%3A%2F%2F127.0.0.1",
                   "grant_type=authorization_code&code=[redacted]&client_secret=[redacted]&redirect_uri=http%3A%2F%2F127.0.0.1");
  assert_redacted ("GET /v1/items?api_key=k-9&page=2 HTTP/1.1", "GET /v1/items?api_key=[redacted]&page=2 HTTP/1.1");
}

/* With PB_HTTP_DEBUG=1 the exchange is logged, secrets redacted. Runs in a child process so
 * the environment change stays there. */
static void
test_debug_log_child (void)
{
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = start_server (&base);
  g_autofree char *url = g_strconcat (base, "token?api_key=sekrit-query", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) request = g_bytes_new_static ("{\"client_secret\": \"sekrit-body\"}", 33);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbHttp) http = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs only as the child of /http/debug-log");
      return;
    }
  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  http = pb_http_new ();
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", "Bearer sekrit-header");
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = send_sync (http, msg, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "sekrit-answer"));
}

static void
test_debug_log (void)
{
  g_test_trap_subprocess ("/http/debug-log/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Authorization: [redacted]*");
  g_test_trap_assert_stderr ("*Plugboard/*");
  g_test_trap_assert_stderr_unmatched ("*sekrit*");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("PB_HTTP_DEBUG");
  g_test_add_func ("/http/send", test_send);
  g_test_add_func ("/http/max-bytes", test_max_bytes);
  g_test_add_func ("/http/refused", test_refused);
  g_test_add_func ("/http/error-mapping", test_error_mapping);
  g_test_add_func ("/http/redact", test_redact);
  g_test_add_func ("/http/debug-log", test_debug_log);
  g_test_add_func ("/http/debug-log/child", test_debug_log_child);
  return g_test_run ();
}
