/* test-broker.c: plugboard-cli serve against real loopback APIs, trying to break every rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "pb-agent-store.h"
#include "pb-audit-log.h"
#include "pb-test-util.h"

#define CANARY "canary-key-7f3a9c1e"
#define BASIC_PASSWORD "canary-basic-5d21"
#define OAUTH_TOKEN "canary-oauth-9b44"

/* --- The APIs, in their own thread so the test can block on sockets --- */

typedef struct {
  GMutex lock;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  SoupServer *api;          /* 127.0.0.1: the connectors' API */
  GSocketService *trap;     /* 127.0.0.2: must never see a connection */
  guint api_port;
  guint trap_port;
  guint hits;
  guint trap_connections;
  char *last_path;
  char *last_query;
  SoupMessageHeaders *last_headers;
  GPtrArray *held;          /* /slow messages, never answered until teardown */
  GHashTable *ports;        /* the broker's source ports seen by the API (keep-alive) */
} Apis;

static Apis apis;

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  g_mutex_lock (&apis.lock);
  apis.hits++;
  if (apis.ports != NULL)
    {
      GSocketAddress *remote = soup_server_message_get_remote_address (msg);

      g_hash_table_add (apis.ports, GUINT_TO_POINTER (
        g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote))));
    }
  g_free (apis.last_path);
  apis.last_path = g_strdup (path);
  g_free (apis.last_query);
  apis.last_query = g_strdup (g_uri_get_query (uri));
  g_clear_pointer (&apis.last_headers, soup_message_headers_unref);
  apis.last_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  {
    SoupMessageHeadersIter iter;
    const char *name, *value;

    soup_message_headers_iter_init (&iter, headers);
    while (soup_message_headers_iter_next (&iter, &name, &value))
      soup_message_headers_append (apis.last_headers, name, value);
  }
  g_mutex_unlock (&apis.lock);

  if (g_str_has_suffix (path, "/slow"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (apis.held, g_object_ref (msg));
      return;
    }
  if (g_str_has_suffix (path, "/teapot"))
    {
      soup_server_message_set_status (msg, 418, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"short\":\"stout\"}", 17);
      return;
    }
  if (g_str_has_suffix (path, "/big"))
    {
      /* 1 MiB, chunked. */
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < 256; i++)
        {
          char chunk[4096];

          memset (chunk, 'a' + (i % 26), sizeof chunk);
          soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, sizeof chunk);
        }
      soup_message_body_complete (body);
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  if (g_str_has_suffix (path, "/huge"))
    {
      /* 3 MiB announced: over the broker's cap in this test (2 MiB). */
      gsize size = 3 * 1024 * 1024;

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_TAKE,
                                        g_malloc0 (size), size);
      return;
    }
  if (g_str_has_suffix (path, "/huge-chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < 48; i++)
        soup_message_body_append_take (body, g_malloc0 (65536), 65536);
      soup_message_body_complete (body);
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  if (g_str_has_suffix (path, "/echo-body"))
    {
      g_autoptr (GBytes) body = soup_message_body_flatten (
        soup_server_message_get_request_body (msg));

      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"ok\":true}", 11);
}

static gboolean
trap_incoming (GSocketService    *service,
               GSocketConnection *connection,
               GObject           *source,
               gpointer           user_data)
{
  g_mutex_lock (&apis.lock);
  apis.trap_connections++;
  g_mutex_unlock (&apis.lock);
  return FALSE;
}

static gpointer
apis_thread (gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr (GInetAddress) lo2 = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr (GSocketAddress) api_address = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) trap_address = g_inet_socket_address_new (lo2, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  GSList *uris;

  g_main_context_push_thread_default (apis.context);

  apis.api = soup_server_new (NULL, NULL);
  soup_server_add_handler (apis.api, NULL, api_handler, NULL, NULL);
  g_assert_true (soup_server_listen (apis.api, api_address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (apis.api);
  apis.api_port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  apis.trap = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (apis.trap), trap_address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                 &error);
  g_assert_no_error (error);
  apis.trap_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (apis.trap, "incoming", G_CALLBACK (trap_incoming), NULL);
  g_socket_service_start (apis.trap);

  g_main_loop_run (apis.loop);

  g_ptr_array_set_size (apis.held, 0);
  soup_server_disconnect (apis.api);
  g_clear_object (&apis.api);
  g_socket_service_stop (apis.trap);
  g_socket_listener_close (G_SOCKET_LISTENER (apis.trap));
  g_clear_object (&apis.trap);
  g_main_context_pop_thread_default (apis.context);
  return NULL;
}

static void
apis_start (void)
{
  g_mutex_init (&apis.lock);
  apis.held = g_ptr_array_new_with_free_func (g_object_unref);
  apis.context = g_main_context_new ();
  apis.loop = g_main_loop_new (apis.context, FALSE);
  apis.thread = g_thread_new ("apis", apis_thread, NULL);
  while (g_atomic_int_get ((int *) &apis.trap_port) == 0)
    g_usleep (1000);
}

static guint
api_hits (void)
{
  guint hits;

  g_mutex_lock (&apis.lock);
  hits = apis.hits;
  g_mutex_unlock (&apis.lock);
  return hits;
}

static guint
trap_connections (void)
{
  guint n;

  g_mutex_lock (&apis.lock);
  n = apis.trap_connections;
  g_mutex_unlock (&apis.lock);
  return n;
}

static char *
last_header (const char *name)
{
  char *value;

  g_mutex_lock (&apis.lock);
  value = apis.last_headers != NULL
    ? g_strdup (soup_message_headers_get_one (apis.last_headers, name)) : NULL;
  g_mutex_unlock (&apis.lock);
  return value;
}

/* --- Setup through the core and the CLI, the broker as a real process --- */

static char *token;
static char *other_token;
static char *broker_url;
static guint broker_port;
static GSubprocess *broker;

static void
add_connector (PbConnectorStore *store,
               const char       *name,
               PbConnectorKind   kind,
               const char       *base_path,
               const char       *secret_field,
               const char       *secret)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u%s", apis.api_port, base_path);
  PbConnector *c = pb_connector_store_create (store, name, kind, &error);

  g_assert_no_error (error);
  pb_connector_set_base_url (c, base);
  if (kind == PB_CONNECTOR_KIND_API_KEY && g_str_has_prefix (name, "Query"))
    pb_connector_set_auth_query_param (c, "api_key");
  else if (kind == PB_CONNECTOR_KIND_API_KEY)
    {
      /* a new API key connector starts as Authorization: Bearer; this API wants the bare key */
      pb_connector_set_auth_header (c, "X-Api-Key");
      pb_connector_set_auth_prefix (c, NULL);
    }
  if (kind == PB_CONNECTOR_KIND_BASIC)
    pb_connector_set_username (c, "robot");
  if (kind == PB_CONNECTOR_KIND_OAUTH2)
    {
      g_autofree char *expiry = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 g_get_real_time () / G_USEC_PER_SEC + 3600);

      pb_connector_set_token_url (c, base);
      pb_connector_set_client_id (c, "client");
      g_assert_true (pb_connector_store_set_secret_sync (store, c, PB_SECRET_TOKEN_EXPIRY,
                                                         expiry, NULL, &error));
    }
  g_assert_true (pb_connector_store_set_secret_sync (store, c, secret_field, secret, NULL,
                                                     &error));
  g_assert_no_error (error);
}

static char *
cli_token (const char *agent)
{
  const char *argv[] = { "agent", "token", agent, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pb_test_run_cli (argv, NULL, &out, &err), ==, 0);
  return g_strdup (g_strstrip (out));
}

static void
start_broker (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *first = NULL;

  broker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("PB_CLI"),
                             "serve", "--max-calls-per-agent", "2", "--timeout", "2",
                             "--max-request-kib", "64", "--max-response-kib", "2048", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (broker));
  first = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "Listening on http://127.0.0.1:"));
  broker_url = g_strdup (first + strlen ("Listening on "));
  broker_port = atoi (strrchr (broker_url, ':') + 1);
  g_assert_cmpuint (broker_port, >, 0);
}

static void
setup_world (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  g_autoptr (PbAgentStore) agents = NULL;

  g_assert_true (pb_connector_store_load (store, &error));
  add_connector (store, "Local API", PB_CONNECTOR_KIND_API_KEY, "/v1", PB_SECRET_API_KEY,
                 CANARY);
  add_connector (store, "Query API", PB_CONNECTOR_KIND_API_KEY, "/q", PB_SECRET_API_KEY,
                 CANARY);
  add_connector (store, "Basic API", PB_CONNECTOR_KIND_BASIC, "/b", PB_SECRET_PASSWORD,
                 BASIC_PASSWORD);
  add_connector (store, "OAuth API", PB_CONNECTOR_KIND_OAUTH2, "/o", PB_SECRET_ACCESS_TOKEN,
                 OAUTH_TOKEN);
  add_connector (store, "Secret Admin", PB_CONNECTOR_KIND_API_KEY, "/admin", PB_SECRET_API_KEY,
                 CANARY);
  g_assert_true (pb_connector_store_save (store, &error));

  agents = pb_agent_store_new (NULL, store);
  g_assert_true (pb_agent_store_load (agents, &error));
  pb_agent_store_create (agents, "Bot",
                         "Use my Local API connector, the query api, Basic API and the OAuth "
                         "API connector.",
                         &error);
  pb_agent_store_create (agents, "Other", "Only the Secret Admin connector.", &error);
  g_assert_no_error (error);
  g_assert_true (pb_agent_store_save (agents, &error));

  token = cli_token ("Bot");
  other_token = cli_token ("Other");
  start_broker ();
}

/* --- Calling the broker --- */

typedef struct {
  guint status;
  char *body;
  gsize length;
  SoupMessageHeaders *headers;
} Answer;

static void
answer_free (Answer *a)
{
  g_free (a->body);
  g_clear_pointer (&a->headers, soup_message_headers_unref);
  g_free (a);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static Answer *
call (const char *method,
      const char *path,
      const char *bearer,
      const char *extra_header,
      const char *extra_value,
      GBytes     *body)
{
  static SoupSession *session;
  g_autofree char *url = g_strconcat (broker_url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  Answer *a = g_new0 (Answer, 1);

  if (session == NULL)
    session = soup_session_new ();
  g_assert_nonnull (msg);
  if (bearer != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (extra_header != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), extra_header,
                                 extra_value);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "text/plain", body);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  a->status = soup_message_get_status (msg);
  if (bytes != NULL)
    {
      a->length = g_bytes_get_size (bytes);
      a->body = g_strndup (g_bytes_get_data (bytes, NULL), a->length);
    }
  a->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  /* No answer, error or not, ever carries a credential. */
  g_assert_true (a->body == NULL || strstr (a->body, CANARY) == NULL);
  g_assert_true (a->body == NULL || strstr (a->body, BASIC_PASSWORD) == NULL);
  g_assert_true (a->body == NULL || strstr (a->body, OAUTH_TOKEN) == NULL);
  return a;
}

/* A raw request on a fresh connection: what libsoup's client would never send. */
static guint
raw_call (const char *request)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) in = NULL;
  g_autofree char *status_line = NULL;
  gsize written = 0;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", broker_port, NULL,
                                                &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), &written, NULL, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  status_line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  if (status_line == NULL)
    return 0;   /* closed without an answer */
  if (!g_str_has_prefix (status_line, "HTTP/1.1 ") && !g_str_has_prefix (status_line, "HTTP/1.0 "))
    g_error ("not an HTTP answer to %s: %s", request, status_line);
  return atoi (status_line + 9);
}

/* --- Tests --- */

static void
test_forwards_with_key (void)
{
  g_autoptr (Answer) a = call ("GET", "/connectors/Local%20API/items/1?page=2&sort=a",
                               token, "Cookie", "session=agent", NULL);
  g_autofree char *key = last_header ("X-Api-Key");
  g_autofree char *auth = last_header ("Authorization");
  g_autofree char *cookie = last_header ("Cookie");

  g_assert_cmpuint (a->status, ==, 200);
  g_assert_cmpstr (a->body, ==, "{\"ok\":true}");
  g_assert_cmpstr (key, ==, CANARY);
  /* The agent's own Authorization and Cookie never reach the API. */
  g_assert_null (auth);
  g_assert_null (cookie);
  g_mutex_lock (&apis.lock);
  g_assert_cmpstr (apis.last_path, ==, "/v1/items/1");
  g_assert_cmpstr (apis.last_query, ==, "page=2&sort=a");
  g_mutex_unlock (&apis.lock);
}

/* Upstream connections are kept alive: sequential calls arrive on one connection (two at
 * most, if a call starts while the previous one still reads the end of its answer). */
static void
test_keeps_upstream_alive (void)
{
  guint seen;

  g_mutex_lock (&apis.lock);
  apis.ports = g_hash_table_new (NULL, NULL);
  g_mutex_unlock (&apis.lock);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr (Answer) a = call ("GET", "/connectors/Local%20API/items/1", token, NULL, NULL,
                                   NULL);

      g_assert_cmpuint (a->status, ==, 200);
      g_usleep (20000);
    }
  g_mutex_lock (&apis.lock);
  seen = g_hash_table_size (apis.ports);
  g_clear_pointer (&apis.ports, g_hash_table_unref);
  g_mutex_unlock (&apis.lock);
  g_assert_cmpuint (seen, >=, 1);
  g_assert_cmpuint (seen, <=, 2);
}

static void
test_hop_by_hop_stripped (void)
{
  g_autoptr (Answer) a = NULL;
  g_autofree char *secret_header = NULL, *named = NULL, *proxy = NULL, *kept = NULL;

  a = call ("GET", "/connectors/Local%20API/x", token, "Connection", "X-Secret-Hop", NULL);
  g_assert_cmpuint (a->status, ==, 200);
  answer_free (g_steal_pointer (&a));
  {
    /* Several at once through a raw request. */
    g_autofree char *req = g_strdup_printf (
      "GET /connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "Authorization: Bearer %s\r\nConnection: close, X-Secret-Hop\r\n"
      "X-Secret-Hop: 1\r\nProxy-Authorization: Basic Zm9v\r\nX-Api-Key: agent-forged\r\n"
      "X-Kept: yes\r\nTE: trailers\r\n\r\n", broker_port, token);

    g_assert_cmpuint (raw_call (req), ==, 200);
  }
  named = last_header ("X-Secret-Hop");
  proxy = last_header ("Proxy-Authorization");
  secret_header = last_header ("X-Api-Key");
  kept = last_header ("X-Kept");
  g_assert_null (named);
  g_assert_null (proxy);
  /* The agent cannot forge or see the credential header: the connector's value wins. */
  g_assert_cmpstr (secret_header, ==, CANARY);
  g_assert_cmpstr (kept, ==, "yes");
}

static void
test_query_basic_oauth (void)
{
  g_autoptr (Answer) q = call ("GET", "/connectors/query%20api/list?api_key=forged&x=1",
                               token, NULL, NULL, NULL);
  g_autoptr (Answer) b = NULL;
  g_autoptr (Answer) o = NULL;
  g_autofree char *basic = NULL, *bearer = NULL, *expected = NULL;

  g_assert_cmpuint (q->status, ==, 200);
  g_mutex_lock (&apis.lock);
  g_assert_cmpstr (apis.last_query, ==, "x=1&api_key=" CANARY);
  g_mutex_unlock (&apis.lock);

  b = call ("GET", "/connectors/Basic%20API/me", token, NULL, NULL, NULL);
  g_assert_cmpuint (b->status, ==, 200);
  basic = last_header ("Authorization");
  {
    g_autofree char *encoded = g_base64_encode ((const guchar *) "robot:" BASIC_PASSWORD,
                                                strlen ("robot:" BASIC_PASSWORD));
    expected = g_strconcat ("Basic ", encoded, NULL);
  }
  g_assert_cmpstr (basic, ==, expected);

  o = call ("GET", "/connectors/OAuth%20API/me", token, NULL, NULL, NULL);
  g_assert_cmpuint (o->status, ==, 200);
  bearer = last_header ("Authorization");
  g_assert_cmpstr (bearer, ==, "Bearer " OAUTH_TOKEN);
}

static void
test_streams_and_passes_status (void)
{
  g_autoptr (Answer) big = call ("GET", "/connectors/Local%20API/big", token, NULL, NULL, NULL);
  g_autoptr (Answer) teapot = call ("GET", "/connectors/Local%20API/teapot", token, NULL, NULL,
                                    NULL);
  g_autoptr (GBytes) body = g_bytes_new_static ("hello upstream", 14);
  g_autoptr (Answer) posted = call ("POST", "/connectors/Local%20API/echo-body", token, NULL,
                                    NULL, body);

  g_assert_cmpuint (big->status, ==, 200);
  g_assert_cmpuint (big->length, ==, 256 * 4096);
  g_assert_cmpint (big->body[0], ==, 'a');
  g_assert_cmpint (big->body[255 * 4096], ==, 'a' + (255 % 26));
  g_assert_cmpuint (teapot->status, ==, 418);
  g_assert_cmpstr (teapot->body, ==, "{\"short\":\"stout\"}");
  g_assert_cmpuint (posted->status, ==, 201);
  g_assert_cmpstr (posted->body, ==, "hello upstream");
}

static void
test_unauthorized (void)
{
  guint hits = api_hits ();
  g_autoptr (Answer) none = call ("GET", "/connectors/Local%20API/x", NULL, NULL, NULL, NULL);
  g_autoptr (Answer) wrong = call ("GET", "/connectors/Local%20API/x", "pba_nope", NULL, NULL,
                                   NULL);
  g_autoptr (Answer) basic = call ("GET", "/connectors/Local%20API/x", NULL, "Authorization",
                                   "Basic Ym90OnB3", NULL);

  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpuint (basic->status, ==, 401);
  g_assert_nonnull (strstr (none->body, "\"error\":\"unauthorized\""));
  g_assert_cmpuint (api_hits (), ==, hits);
}

static void
test_new_token_revokes_old (void)
{
  g_autofree char *old = g_strdup (token);
  g_autoptr (Answer) before = NULL;
  g_autoptr (Answer) after_old = NULL;
  g_autoptr (Answer) after_new = NULL;

  before = call ("GET", "/connectors/Local%20API/x", old, NULL, NULL, NULL);
  g_assert_cmpuint (before->status, ==, 200);
  g_free (token);
  token = cli_token ("Bot");
  g_assert_cmpstr (token, !=, old);
  /* The running broker follows the agents file. */
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&after_old, answer_free);
      after_old = call ("GET", "/connectors/Local%20API/x", old, NULL, NULL, NULL);
      if (after_old->status == 401)
        break;
      g_usleep (50000);
    }
  g_assert_cmpuint (after_old->status, ==, 401);
  after_new = call ("GET", "/connectors/Local%20API/x", token, NULL, NULL, NULL);
  g_assert_cmpuint (after_new->status, ==, 200);
}

static void
test_forbidden (void)
{
  guint hits = api_hits ();
  g_autoptr (Answer) not_given = call ("GET", "/connectors/Secret%20Admin/users", token, NULL,
                                       NULL, NULL);
  g_autoptr (Answer) unknown = call ("GET", "/connectors/Nope/users", token, NULL, NULL, NULL);
  g_autoptr (Answer) other = call ("GET", "/connectors/Local%20API/x", other_token, NULL, NULL,
                                   NULL);

  g_assert_cmpuint (not_given->status, ==, 403);
  g_assert_cmpuint (unknown->status, ==, 403);
  g_assert_cmpuint (other->status, ==, 403);
  g_assert_nonnull (strstr (not_given->body, "\"error\":\"forbidden\""));
  g_assert_cmpuint (api_hits (), ==, hits);
}

/* Every way out of the base URL: 400 (or, where libsoup already resolved the dots before
 * the broker sees them, a refusal), and nothing reaches 127.0.0.2 or the API. */
static void
test_escapes_refused (void)
{
  guint hits = api_hits ();
  const char *paths[] = {
    "/connectors/Local%%20API/..%%2f..%%2fadmin",
    "/connectors/Local%%20API/%%2e%%2e%%2fadmin",
    "/connectors/Local%%20API/%%252e%%252e%%252fadmin",
    "/connectors/Local%%20API/a/..%%5c..%%5cadmin",
    "/connectors/Local%%20API/a\\..\\admin",
    "/connectors/Local%%20API//127.0.0.2:%u/x",
    "/connectors/Local%%20API/%%2f127.0.0.2:%u/x",
    "/connectors/Local%%20API/@127.0.0.2:%u/x",
    "/connectors/Local%%20API/user:pw@127.0.0.2:%u/x",
    "/connectors/Local%%20API/http:%%2f%%2f127.0.0.2:%u/x",
    "/connectors/Local%%20API/x%%0d%%0aHost:%%20127.0.0.2",
    "/connectors/Local%%20API/x%%00y",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *path = g_strdup_printf (paths[i], apis.trap_port);
      g_autofree char *req = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Connection: close\r\n\r\n",
                                              path, broker_port, token);
      guint status = raw_call (req);

      if (status != 400)
        g_error ("%s: %u, not 400", path, status);
    }

  /* Plain dots are resolved by the HTTP parser before routing: they can only land on
   * another /connectors/ name (then scope applies) or outside /connectors/ (refused). */
  {
    g_autofree char *req = g_strdup_printf (
      "GET /connectors/Local%%20API/../../../admin HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", broker_port, token);
    g_autofree char *req2 = g_strdup_printf (
      "GET /connectors/Local%%20API/../Secret%%20Admin/users HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", broker_port, token);

    g_assert_cmpuint (raw_call (req), ==, 404);
    g_assert_cmpuint (raw_call (req2), ==, 403);
  }

  /* Absolute-form (forward proxy), another Host, userinfo, CR/LF in a header. */
  {
    const char *templates[] = {
      "GET http://127.0.0.2:%u/connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.2:%u\r\n",
      "GET http://127.0.0.2:%u/ HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n",
      "GET /connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.2:%u%u\r\n",
      "GET http://user:pw@127.0.0.1:%u/connectors/Local%%20API/x HTTP/1.1\r\n"
        "Host: 127.0.0.1:%u\r\n",
      "CONNECT 127.0.0.2:%u HTTP/1.1\r\nHost: 127.0.0.2:%u\r\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
      {
        g_autofree char *head = g_strdup_printf (templates[i], apis.trap_port,
                                                 i == 3 ? broker_port : apis.trap_port);
        g_autofree char *req = NULL;
        guint status;

        if (i == 3)
          {
            g_free (head);
            head = g_strdup_printf (templates[i], broker_port, broker_port);
          }
        req = g_strdup_printf ("%sAuthorization: Bearer %s\r\nConnection: close\r\n\r\n",
                               head, token);
        status = raw_call (req);
        if (status != 400 && status != 0)
          g_error ("%s: %u, not 400", head, status);
      }
  }
  {
    g_autofree char *req = g_strdup_printf (
      "GET /connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "Authorization: Bearer %s\r\nX-Evil: a\rHost: 127.0.0.2\r\nConnection: close\r\n\r\n",
      broker_port, token);
    guint status = raw_call (req);
    g_autofree char *evil = last_header ("X-Evil");

    g_autofree char *host = last_header ("Host");

    /* libsoup's parser turns a bare CR inside a value into a space before the broker sees
     * it: the header cannot be split, the API gets its own Host and one harmless value. */
    if (status != 400 && status != 0)
      {
        g_assert_cmpuint (status, ==, 200);
        g_assert_null (strpbrk (evil, "\r\n"));
        g_assert_true (g_str_has_prefix (host, "127.0.0.1:"));
        hits++;
      }
  }

  g_assert_cmpuint (api_hits (), ==, hits);
  g_assert_cmpuint (trap_connections (), ==, 0);
}

static void
test_limits (void)
{
  guint hits = api_hits ();
  g_autoptr (GBytes) big = g_bytes_new_take (g_malloc0 (100 * 1024), 100 * 1024);
  g_autoptr (Answer) too_big = call ("POST", "/connectors/Local%20API/echo-body", token, NULL,
                                     NULL, big);
  g_autoptr (Answer) timeout = NULL;

  g_assert_cmpuint (too_big->status, ==, 413);
  g_assert_cmpuint (api_hits (), ==, hits);

  /* Answers over the cap: refused when announced, cut (connection dropped) when streamed. */
  {
    g_autoptr (Answer) huge = call ("GET", "/connectors/Local%20API/huge", token, NULL, NULL,
                                    NULL);
    g_autoptr (Answer) chunked = call ("GET", "/connectors/Local%20API/huge-chunked", token,
                                       NULL, NULL, NULL);

    g_assert_cmpuint (huge->status, ==, 502);
    g_assert_nonnull (strstr (huge->body, "larger than"));
    g_assert_true (chunked->body == NULL || chunked->length < 3 * 1024 * 1024);
  }

  /* The API never answers: 504 after the broker's timeout (2 s here). */
  timeout = call ("GET", "/connectors/Local%20API/slow", token, NULL, NULL, NULL);
  g_assert_cmpuint (timeout->status, ==, 504);
  g_assert_nonnull (strstr (timeout->body, "\"error\":\"timeout\""));
}

typedef struct {
  guint status;
  gboolean done;
} AsyncAnswer;

static gpointer
slow_call_thread (gpointer data)
{
  AsyncAnswer *out = data;
  g_autoptr (Answer) a = call ("GET", "/connectors/Local%20API/slow", token, NULL, NULL, NULL);

  out->status = a->status;
  g_atomic_int_set (&out->done, TRUE);
  return NULL;
}

static void
test_concurrency_cap (void)
{
  AsyncAnswer first = { 0 }, second = { 0 };
  GThread *t1, *t2;
  g_autoptr (Answer) third = NULL;
  guint hits = api_hits ();

  /* Two calls in flight (the cap in this test), the third is turned away. */
  t1 = g_thread_new ("slow1", slow_call_thread, &first);
  t2 = g_thread_new ("slow2", slow_call_thread, &second);
  while (api_hits () < hits + 2)
    g_usleep (10000);
  {
    /* A fresh session: the static one is busy in the threads. */
    g_autofree char *req = g_strdup_printf (
      "GET /connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", broker_port, token);

    g_assert_cmpuint (raw_call (req), ==, 429);
  }
  g_thread_join (t1);
  g_thread_join (t2);
  g_assert_cmpuint (first.status, ==, 504);
  g_assert_cmpuint (second.status, ==, 504);
  third = call ("GET", "/connectors/Local%20API/x", token, NULL, NULL, NULL);
  g_assert_cmpuint (third->status, ==, 200);
}

static void
test_audit_and_canary (void)
{
  g_autoptr (PbAuditLog) audit = pb_audit_log_new (NULL, 0);
  g_autoptr (GPtrArray) entries = pb_audit_log_read (audit, "bot", "local api", 0, NULL);
  const char *argv[] = { "audit", "--json", "--agent", "Bot", NULL };
  g_autofree char *out = NULL, *err = NULL;
  gboolean saw_items = FALSE;

  g_assert_cmpuint (entries->len, >, 5);
  for (guint i = 0; i < entries->len; i++)
    {
      PbAuditEntry *e = entries->pdata[i];

      g_assert_null (strchr (e->path, '?'));
      if (g_strcmp0 (e->path, "/items/1") == 0)
        {
          saw_items = TRUE;
          g_assert_cmpuint (e->status, ==, 200);
          g_assert_cmpstr (e->host, ==, "127.0.0.1");
          g_assert_cmpstr (e->method, ==, "GET");
        }
    }
  g_assert_true (saw_items);

  g_assert_cmpint (pb_test_run_cli (argv, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"status\" : 403"));
  g_assert_null (strstr (out, "page=2"));
  g_assert_null (strstr (out, CANARY));

  /* No secret in any file the tests, the broker or the CLI wrote. */
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >, 2);
  pb_test_assert_tree_lacks (pb_test_root (), BASIC_PASSWORD);
  pb_test_assert_tree_lacks (pb_test_root (), OAUTH_TOKEN);
  pb_test_assert_tree_lacks (pb_test_root (), token);
}

static int
run_cli (char **out,
         ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, out);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = pb_test_run_cli ((const char * const *) args->pdata, NULL, out, &err);
  if (out != NULL && status != 0)
    {
      g_free (*out);
      *out = g_steal_pointer (&err);
    }
  return status;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_agent_cli (void)
{
  g_autofree char *out = NULL;
  g_autoptr (JsonObject) bot = NULL;
  g_autoptr (JsonObject) fresh = NULL;
  g_autoptr (JsonObject) connector = NULL;
  JsonArray *connectors, *unresolved, *agents;

  g_assert_cmpint (run_cli (&out, "agent", "show", "bot", "--json", NULL), ==, 0);
  bot = parse_object (out);
  connectors = json_object_get_array_member (bot, "connectors");
  g_assert_cmpuint (json_array_get_length (connectors), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (connectors, 0),
                                                  "name"), ==, "Local API");
  g_assert_true (json_object_has_member (json_array_get_object_element (connectors, 0), "id"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bot, "unresolved")),
                    ==, 0);
  g_assert_null (strstr (out, token));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "create", "--name", "Helpdesk", "--instructions",
                            "Read tickets with my Zendsk connector.", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Zendsk"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "show", "Helpdesk", "--json", NULL), ==, 0);
  fresh = parse_object (out);
  unresolved = json_object_get_array_member (fresh, "unresolved");
  g_assert_cmpuint (json_array_get_length (unresolved), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (unresolved, 0), ==, "Zendsk");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "create", "--name", "helpdesk", NULL), ==, 4);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "list", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"Helpdesk\""));

  /* The connector lists its agents; deleting it names them. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "show", "Secret Admin", "--json", NULL), ==, 0);
  connector = parse_object (out);
  agents = json_object_get_array_member (connector, "agents");
  g_assert_cmpuint (json_array_get_length (agents), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (agents, 0),
                                                  "name"), ==, "Other");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "delete", "Secret Admin", NULL), ==, 2);
  g_assert_nonnull (strstr (out, "“Other”"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "delete", "Secret Admin", "--yes", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "“Other”"));

  /* Renaming a connector keeps the link and rewrites the instructions. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "rename", "Basic API", "Billing", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "show", "Bot", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Use my Local API connector, the query api, Billing and"));
  g_assert_nonnull (strstr (out, "\"name\" : \"Billing\""));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "rename", "Helpdesk", "Support", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "edit", "Support", "--instructions",
                            "Use Billing.", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "delete", "Support", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "delete", "Support", "--yes", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "agent", "show", "Support", NULL), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  apis_start ();
  setup_world ();

  g_test_add_func ("/broker/forwards-with-key", test_forwards_with_key);
  g_test_add_func ("/broker/keeps-upstream-alive", test_keeps_upstream_alive);
  g_test_add_func ("/broker/hop-by-hop-stripped", test_hop_by_hop_stripped);
  g_test_add_func ("/broker/query-basic-oauth", test_query_basic_oauth);
  g_test_add_func ("/broker/streams-and-passes-status", test_streams_and_passes_status);
  g_test_add_func ("/broker/unauthorized", test_unauthorized);
  g_test_add_func ("/broker/new-token-revokes-old", test_new_token_revokes_old);
  g_test_add_func ("/broker/forbidden", test_forbidden);
  g_test_add_func ("/broker/escapes-refused", test_escapes_refused);
  g_test_add_func ("/broker/limits", test_limits);
  g_test_add_func ("/broker/concurrency-cap", test_concurrency_cap);
  g_test_add_func ("/broker/audit-and-canary", test_audit_and_canary);
  g_test_add_func ("/broker/agent-cli", test_agent_cli);
  result = g_test_run ();

  g_subprocess_send_signal (broker, SIGTERM);
  g_subprocess_wait (broker, NULL, NULL);
  g_main_loop_quit (apis.loop);
  g_thread_join (apis.thread);
  return result;
}
