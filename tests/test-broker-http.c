/* test-broker-http.c: the broker's own HTTP layer against hostile agents and flaky APIs
 *
 * The broker runs in this process (its main context); agents are raw sockets in threads
 * (tiny writes, pipelining, chunked bodies, slowloris), and the API is a raw HTTP server in
 * its own threads that can close a kept-alive connection, stall, or answer chunked. Also
 * under ASan + UBSan: this is the code that parses what agents and APIs send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pb-agent-store.h"
#include "pb-audit-log.h"
#include "pb-broker.h"
#include "pb-test-raw-http.h"
#include "pb-test-util.h"

#define CANARY "canary-http-key-41d7"
#define TIMEOUT_S 1

/* --- A raw API on 127.0.0.1, a thread per connection; a trap on 127.0.0.2 --- */

static struct {
  int fd;
  guint port;
  int trap_fd;
  guint trap_port;
  gint connections;
  gint requests;
  gint trap_hits;
  int plain_fd;             /* speaks plain HTTP where the connector says https */
  guint plain_port;
  gint plain_hits;
  gint dropped;             /* requests closed without an answer (/drop-second) */
  gint stop;
} api;

static void
answer (int         fd,
        const char *status,
        const char *body)
{
  g_autofree char *text = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: text/plain\r\n"
                                           "Content-Length: %zu\r\n\r\n%s",
                                           status, strlen (body), body);

  pb_raw_write_all (fd, text, strlen (text));
}

static gpointer
api_conn_thread (gpointer data)
{
  int fd = GPOINTER_TO_INT (data);
  g_autoptr (GString) buf = g_string_new (NULL);
  gboolean drop_next = FALSE;

  for (;;)
    {
      g_autofree char *body = NULL;
      g_autofree char *head = pb_raw_read_request (fd, buf, &body);

      if (head == NULL)
        break;
      g_atomic_int_inc (&api.requests);
      /* The key must be there, and no agent header the broker drops. */
      if (strstr (head, "X-Api-Key: " CANARY "\r\n") == NULL ||
          strcasestr (head, "\r\nAuthorization:") != NULL)
        {
          answer (fd, "401 Unauthorized", "no key");
          continue;
        }
      if (drop_next)
        {
          /* This connection was kept alive: the API closes it just as a request comes. */
          g_atomic_int_inc (&api.dropped);
          break;
        }
      drop_next = strstr (head, " /v1/drop-next ") != NULL;
      if (strstr (head, " /v1/echo ") != NULL)
        answer (fd, "201 Created", body);
      else if (strstr (head, " /v1/chunked ") != NULL)
        {
          const char *text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                             "X-Upstream: yes\r\n\r\n5\r\nhello\r\n1\r\n,\r\n6\r\n world\r\n"
                             "0\r\n\r\n";

          pb_raw_write_all (fd, text, strlen (text));
        }
      else if (strstr (head, " /v1/empty ") != NULL)
        {
          const char *text = "HTTP/1.1 204 No Content\r\nX-Empty: yes\r\n\r\n";

          pb_raw_write_all (fd, text, strlen (text));
        }
      else if (strstr (head, " /v1/stall ") != NULL)
        {
          /* Never answers: waits until the broker gives up and closes. */
          char c;

          while (recv (fd, &c, 1, 0) > 0)
            ;
          break;
        }
      else if (strstr (head, " /v1/stall-body ") != NULL)
        {
          const char *text = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789";
          char c;

          pb_raw_write_all (fd, text, strlen (text));
          while (recv (fd, &c, 1, 0) > 0)
            ;
          break;
        }
      else
        {
          const char *path = strchr (head, ' ') + 1;
          g_autofree char *target = g_strndup (path, strchr (path, ' ') - path);

          answer (fd, "200 OK", target);
        }
    }
  close (fd);
  return NULL;
}

static gpointer
api_accept_thread (gpointer data)
{
  int listen_fd = GPOINTER_TO_INT (data);

  for (;;)
    {
      int fd = accept (listen_fd, NULL, NULL);

      if (fd < 0 || g_atomic_int_get (&api.stop))
        break;
      if (listen_fd == api.plain_fd)
        {
          const char *text = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

          g_atomic_int_inc (&api.plain_hits);
          pb_raw_write_all (fd, text, strlen (text));
          close (fd);
          continue;
        }
      if (listen_fd == api.trap_fd)
        {
          g_atomic_int_inc (&api.trap_hits);
          close (fd);
          continue;
        }
      g_atomic_int_inc (&api.connections);
      g_thread_unref (g_thread_new ("api-conn", api_conn_thread, GINT_TO_POINTER (fd)));
    }
  return NULL;
}

static int
listen_on (const char *ip,
           guint      *out_port)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  inet_pton (AF_INET, ip, &address.sin_addr);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (fd, 64), ==, 0);
  getsockname (fd, (struct sockaddr *) &address, &length);
  *out_port = ntohs (address.sin_port);
  return fd;
}

/* --- Agents: raw sockets in a thread while the broker's main context runs --- */

static PbBroker *broker;
static char *token;

static int
agent_connect (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct timeval tv = { 20, 0 };
  int one = 1;

  address.sin_port = htons (pb_broker_get_port (broker));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static char *
request (const char *method,
         const char *path,
         const char *extra)
{
  return g_strdup_printf ("%s /connectors/Local%%20API%s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\n%s\r\n", method, path,
                          pb_broker_get_port (broker), token, extra != NULL ? extra : "");
}

typedef void (*AgentFunc) (gpointer data);

typedef struct {
  AgentFunc func;
  gpointer data;
  gint done;
} AgentRun;

static gpointer
agent_thread (gpointer data)
{
  AgentRun *run = data;

  run->func (run->data);
  g_atomic_int_set (&run->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Runs FUNC in a thread (an agent) while this thread runs the broker. */
static void
as_agent (AgentFunc func,
          gpointer  data)
{
  AgentRun run = { func, data, 0 };
  GThread *thread = g_thread_new ("agent", agent_thread, &run);

  while (!g_atomic_int_get (&run.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
}

/* --- Tests --- */

static void
tiny_writes (gpointer data)
{
  g_autofree char *req = request ("GET", "/items/1?x=1", NULL);
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  /* One byte per write, each its own segment. */
  for (gsize i = 0; req[i] != '\0'; i++)
    {
      g_assert_true (pb_raw_write_all (fd, req + i, 1));
      g_usleep (200);
    }
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "/v1/items/1?x=1");
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_tiny_writes (void)
{
  as_agent (tiny_writes, NULL);
}

static void
pipelined (gpointer data)
{
  g_autofree char *a = request ("GET", "/one", NULL);
  g_autofree char *b = request ("POST", "/echo", "Content-Length: 5\r\n");
  g_autofree char *c = request ("GET", "/chunked", NULL);
  g_autofree char *d = g_strdup_printf (
    "GET http://127.0.0.2:%u/x HTTP/1.1\r\nHost: 127.0.0.2:%u\r\nAuthorization: Bearer %s\r\n"
    "\r\n", api.trap_port, api.trap_port, token);
  g_autofree char *all = g_strconcat (a, b, "hello", c, d, NULL);
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  /* Four requests in one write: four answers in order, the last one refused. */
  g_assert_true (pb_raw_write_all (fd, all, strlen (all)));
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "/v1/one");
  pb_raw_reply_clear (&r);
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpstr (r.body, ==, "hello");
  pb_raw_reply_clear (&r);
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_true (r.chunked);
  g_assert_cmpstr (r.body, ==, "hello, world");
  g_assert_nonnull (strstr (r.head, "X-Upstream: yes\r\n"));
  pb_raw_reply_clear (&r);
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 400);
  g_assert_nonnull (strstr (r.body, "\"error\":\"bad-request\""));
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_pipelined (void)
{
  as_agent (pipelined, NULL);
  g_assert_cmpint (g_atomic_int_get (&api.trap_hits), ==, 0);
}

static void
chunked_body (gpointer data)
{
  g_autofree char *head = request ("POST", "/echo", "Transfer-Encoding: chunked\r\n");
  const char *chunks[] = { "4\r\nabcd\r\n", "3\r\nefg\r\n", "0\r\n\r\n" };
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  g_assert_true (pb_raw_write_all (fd, head, strlen (head)));
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_usleep (10000);
      g_assert_true (pb_raw_write_all (fd, chunks[i], strlen (chunks[i])));
    }
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpstr (r.body, ==, "abcdefg");
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_chunked_body (void)
{
  as_agent (chunked_body, NULL);
}

static void
no_content (gpointer data)
{
  g_autofree char *first = request ("DELETE", "/empty", NULL);
  g_autofree char *second = request ("GET", "/after", NULL);
  g_autoptr (GString) buf = g_string_new (NULL);
  g_autofree char *head = NULL;
  int fd = agent_connect ();
  PbRawReply r;

  /* A 204 goes back without a body or a framing header, and the connection carries on. */
  g_assert_true (pb_raw_write_all (fd, first, strlen (first)));
  while (strstr (buf->str, "\r\n\r\n") == NULL)
    {
      char chunk[256];
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      g_assert_cmpint (n, >, 0);
      g_string_append_len (buf, chunk, n);
    }
  head = g_strndup (buf->str, strstr (buf->str, "\r\n\r\n") + 4 - buf->str);
  g_string_erase (buf, 0, strlen (head));
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 204 "));
  g_assert_nonnull (strstr (head, "X-Empty: yes\r\n"));
  g_assert_null (strcasestr (head, "Content-Length"));
  g_assert_null (strcasestr (head, "Transfer-Encoding"));
  g_assert_true (pb_raw_write_all (fd, second, strlen (second)));
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "/v1/after");
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_no_content (void)
{
  as_agent (no_content, NULL);
}

static void
expect_continue (gpointer data)
{
  g_autofree char *head = request ("PUT", "/echo",
                                   "Content-Length: 5\r\nExpect: 100-continue\r\n");
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  /* The agent waits for "100 Continue" before it sends the body. */
  g_assert_true (pb_raw_write_all (fd, head, strlen (head)));
  while (strstr (buf->str, "\r\n\r\n") == NULL)
    {
      char chunk[256];
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      g_assert_cmpint (n, >, 0);
      g_string_append_len (buf, chunk, n);
    }
  g_assert_true (g_str_has_prefix (buf->str, "HTTP/1.1 100 Continue\r\n\r\n"));
  g_string_erase (buf, 0, strlen ("HTTP/1.1 100 Continue\r\n\r\n"));
  g_assert_true (pb_raw_write_all (fd, "hello", 5));
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpstr (r.body, ==, "hello");
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_expect_continue (void)
{
  as_agent (expect_continue, NULL);
}

static void
too_large (gpointer data)
{
  g_autoptr (GString) buf = g_string_new (NULL);
  guint requests = g_atomic_int_get (&api.requests);
  PbRawReply r;

  /* Announced: refused before the body is read; then the connection closes. */
  {
    g_autofree char *req = request ("POST", "/echo", "Content-Length: 100000\r\n");
    int fd = agent_connect ();

    g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
    g_assert_true (pb_raw_read_reply (fd, buf, &r));
    g_assert_cmpuint (r.status, ==, 413);
    g_assert_true (r.closed);
    g_assert_nonnull (strstr (r.body, "\"error\":\"too-large\""));
    pb_raw_reply_clear (&r);
    close (fd);
  }
  /* Chunked: refused once the chunks pass the cap. */
  {
    g_autofree char *req = request ("POST", "/echo", "Transfer-Encoding: chunked\r\n");
    g_autofree char *chunk = g_strnfill (4096, 'x');
    g_autofree char *framed = g_strdup_printf ("1000\r\n%s\r\n", chunk);
    int fd = agent_connect ();

    g_string_truncate (buf, 0);
    g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
    for (guint i = 0; i < 20; i++)
      if (!pb_raw_write_all (fd, framed, strlen (framed)))
        break;
    g_assert_true (pb_raw_read_reply (fd, buf, &r));
    g_assert_cmpuint (r.status, ==, 413);
    pb_raw_reply_clear (&r);
    close (fd);
  }
  g_assert_cmpint (g_atomic_int_get (&api.requests), ==, requests);
}

static void
test_too_large (void)
{
  as_agent (too_large, NULL);
}

static void
keep_alive_200 (gpointer data)
{
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *path = g_strdup_printf ("/n/%u", i);
      g_autofree char *req = request ("GET", path, NULL);
      g_autofree char *expected = g_strdup_printf ("/v1/n/%u", i);
      PbRawReply r;

      g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
      g_assert_true (pb_raw_read_reply (fd, buf, &r));
      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpstr (r.body, ==, expected);
      g_assert_false (r.closed);
      pb_raw_reply_clear (&r);
    }
  close (fd);
}

static void
test_keep_alive_200 (void)
{
  gint connections = g_atomic_int_get (&api.connections);

  as_agent (keep_alive_200, NULL);
  /* The broker kept its API connection too: one (two at most) for 200 calls. */
  g_assert_cmpint (g_atomic_int_get (&api.connections) - connections, <=, 2);
}

static void
call_one (gpointer data)
{
  const char **spec = data;   /* method, path, expected status, expected body */
  g_autofree char *req = request (spec[0], spec[1], g_str_equal (spec[0], "POST")
                                                    ? "Content-Length: 2\r\n" : NULL);
  g_autofree char *full = g_strconcat (req, g_str_equal (spec[0], "POST") ? "hi" : "", NULL);
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  g_assert_true (pb_raw_write_all (fd, full, strlen (full)));
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, atoi (spec[2]));
  if (spec[3] != NULL)
    g_assert_cmpstr (r.body, ==, spec[3]);
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_stale_retry (void)
{
  const char *mark[] = { "GET", "/drop-next", "200", "/v1/drop-next" };
  const char *get[] = { "GET", "/again", "200", "/v1/again" };
  const char *post[] = { "POST", "/again", "502", NULL };
  gint dropped = g_atomic_int_get (&api.dropped);
  gint connections = g_atomic_int_get (&api.connections);

  /* The connection kept alive after the first call is closed by the API when the second
   * comes: a GET is tried again on a new connection, and succeeds. */
  as_agent (call_one, mark);
  as_agent (call_one, get);
  g_assert_cmpint (g_atomic_int_get (&api.dropped), ==, dropped + 1);
  g_assert_cmpint (g_atomic_int_get (&api.connections), ==, connections + 1);
  /* A POST is not repeated (the API may have acted on it): the agent gets a 502. */
  as_agent (call_one, mark);
  as_agent (call_one, post);
  g_assert_cmpint (g_atomic_int_get (&api.dropped), ==, dropped + 2);
}

static void
test_upstream_timeout (void)
{
  const char *stall[] = { "GET", "/stall", "504", NULL };

  as_agent (call_one, stall);
}

static void
stall_body (gpointer data)
{
  g_autofree char *req = request ("GET", "/stall-body", NULL);
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  /* The head went out: the answer is cut (the connection drops), never completed. */
  g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
  g_assert_false (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 200);
  pb_raw_reply_clear (&r);
  close (fd);
}

static void
test_upstream_stalls_in_body (void)
{
  as_agent (stall_body, NULL);
}

static void
slowloris (gpointer data)
{
  g_autofree char *req = request ("GET", "/x", NULL);
  gint64 start = g_get_monotonic_time ();
  char c;
  ssize_t n;
  int fd = agent_connect ();

  /* Half a request, then a byte now and then: the broker closes the connection once the
   * request has not come whole within its timeout. */
  g_assert_true (pb_raw_write_all (fd, req, 20));
  for (gsize i = 20; i < 40; i++)
    {
      struct timeval tv = { 0, 300000 };

      setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      n = recv (fd, &c, 1, 0);
      if (n == 0)
        break;
      if (!pb_raw_write_all (fd, req + i, 1))
        break;
    }
  {
    struct timeval tv = { 10, 0 };

    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  n = recv (fd, &c, 1, 0);
  g_assert_cmpint (n, <=, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  close (fd);
}

static void
test_slowloris (void)
{
  as_agent (slowloris, NULL);
}

static void
escapes (gpointer data)
{
  const char *requests[] = {
    "GET http://127.0.0.2:%u/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n",
    "GET /connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.2:%u\r\nX: %u\r\n",
    "GET /connectors/Local%%20API//127.0.0.2:%u/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n",
    "CONNECT 127.0.0.2:%u HTTP/1.1\r\nHost: 127.0.0.2:%u\r\n",
    "GET /connectors/Local%%20API/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
      "X-A: a\rHost: 127.0.0.2:%u\r\n",
    "GET /connectors/Local%%20API/x\r\nHost: 127.0.0.2:%u\r\n HTTP/1.1\r\nX: %u\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      guint port = pb_broker_get_port (broker);
      g_autofree char *head = g_strdup_printf (requests[i], api.trap_port,
                                               i == 0 || i == 2 || i == 4 ? port
                                                                          : api.trap_port);
      g_autofree char *req = g_strdup_printf ("%sAuthorization: Bearer %s\r\n\r\n", head,
                                              token);
      g_autoptr (GString) buf = g_string_new (NULL);
      int fd = agent_connect ();
      PbRawReply r;

      g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
      g_assert_true (pb_raw_read_reply (fd, buf, &r));
      if (r.status != 400)
        g_error ("%s: %u, not 400", head, r.status);
      pb_raw_reply_clear (&r);
      close (fd);
    }
}

static void
test_escapes_never_arrive (void)
{
  guint requests = g_atomic_int_get (&api.requests);

  as_agent (escapes, NULL);
  g_assert_cmpint (g_atomic_int_get (&api.trap_hits), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&api.requests), ==, requests);
}

static void
tls_refused (gpointer data)
{
  g_autofree char *req = g_strdup_printf (
    "GET /connectors/TLS%%20API/x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
    "Authorization: Bearer %s\r\n\r\n", pb_broker_get_port (broker), token);
  g_autoptr (GString) buf = g_string_new (NULL);
  int fd = agent_connect ();
  PbRawReply r;

  g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 502);
  g_assert_nonnull (strstr (r.body, "\"error\":\"upstream\""));
  g_assert_null (strstr (r.body, CANARY));
  pb_raw_reply_clear (&r);
  close (fd);
}

/* An https:// connector whose server does not speak TLS: the handshake fails, the agent gets
 * a 502, and nothing (no key) went out in the clear. */
static void
test_tls_handshake_fails (void)
{
  as_agent (tls_refused, NULL);
  g_assert_cmpint (g_atomic_int_get (&api.plain_hits), ==, 1);
}

static void
test_audit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) trail = pb_audit_log_read (pb_broker_get_audit (broker), NULL, NULL, 0,
                                                   &error);
  gboolean saw_timeout = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, >, 200);
  for (guint i = 0; i < trail->len; i++)
    {
      PbAuditEntry *e = trail->pdata[i];

      g_assert_null (strchr (e->path, '?'));
      if (g_strcmp0 (e->path, "/stall") == 0)
        {
          saw_timeout = TRUE;
          g_assert_cmpuint (e->status, ==, 504);
        }
    }
  g_assert_true (saw_timeout);
  pb_test_assert_tree_lacks (pb_test_root (), CANARY);
  pb_test_assert_tree_lacks (pb_test_root (), token);
}

static void
read_items_reply (gpointer data)
{
  int fd = GPOINTER_TO_INT (data);
  g_autoptr (GString) buf = g_string_new (NULL);
  PbRawReply r;

  g_assert_true (pb_raw_read_reply (fd, buf, &r));
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "/v1/items/9");
  pb_raw_reply_clear (&r);
}

/* With no descriptor left, a pending connection cannot be accepted: the listener must rest
 * instead of being reported ready on every turn (a busy loop), and serve the agent once
 * descriptors are free again. */
static void
test_out_of_descriptors (void)
{
  g_autofree char *req = request ("GET", "/items/9", NULL);
  g_autoptr (GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  struct rlimit old_limit, limit;
  int fd, probe, filler;
  gint64 end;
  guint turns = 0;

  /* What setup set off (the connector store's reload after its save) runs first: it must
   * not be the one refused a descriptor. */
  end = g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  fd = agent_connect ();    /* in the backlog: nothing runs the broker until below */
  g_assert_true (pb_raw_write_all (fd, req, strlen (req)));
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &old_limit), ==, 0);
  probe = dup (0);
  g_assert_cmpint (probe, >=, 0);
  close (probe);
  limit = old_limit;
  limit.rlim_cur = probe + 16;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  while ((filler = open ("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
    g_array_append_val (fillers, filler);
  g_assert_cmpint (errno, ==, EMFILE);

  g_test_expect_message ("Plugboard", G_LOG_LEVEL_WARNING, "*out of file descriptors*");
  end = g_get_monotonic_time () + 600 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < end)
    if (g_main_context_iteration (NULL, FALSE))
      turns++;
    else
      g_usleep (2000);
  /* Said once (expected once), however often the listener tries again. */
  g_test_assert_expected_messages ();
  /* A busy loop turns tens of thousands of times here; resting, the listener retries
   * every quarter of a second. */
  g_assert_cmpuint (turns, <, 40);

  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &old_limit), ==, 0);
  as_agent (read_items_reply, GINT_TO_POINTER (fd));
  close (fd);
}

static void
setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u/v1", api.port);
  g_autofree char *dir = g_build_filename (pb_test_root (), "http", NULL);
  g_autofree char *connectors_path = g_build_filename (dir, "connectors.json", NULL);
  g_autofree char *agents_path = g_build_filename (dir, "agents.json", NULL);
  g_autofree char *audit_path = g_build_filename (dir, "audit.jsonl", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (connectors_path, NULL);
  g_autoptr (PbTokenManager) tokens = NULL;
  g_autoptr (PbCredentialSource) credentials = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  g_autoptr (PbAuditLog) audit = pb_audit_log_new (audit_path, 0);
  g_autofree char *tls_base = g_strdup_printf ("https://127.0.0.1:%u/v1", api.plain_port);
  PbBrokerLimits limits;
  PbConnector *connector;

  g_assert_true (pb_connector_store_load (store, &error));
  connector = pb_connector_store_create (store, "Local API", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (connector, base);
  pb_connector_set_auth_header (connector, "X-Api-Key");
  pb_connector_set_auth_prefix (connector, NULL);
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY, CANARY,
                                                    NULL, &error));
  connector = pb_connector_store_create (store, "TLS API", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (connector, tls_base);
  pb_connector_set_auth_header (connector, "X-Api-Key");
  pb_connector_set_auth_prefix (connector, NULL);
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY, CANARY,
                                                    NULL, &error));
  g_assert_true (pb_connector_store_save (store, &error));
  agents = pb_agent_store_new (agents_path, store);
  g_assert_true (pb_agent_store_load (agents, &error));
  token = pb_agent_new_token (pb_agent_store_create (agents, "Bot",
                                                     "Use the Local API and the TLS API.",
                                                     &error));
  g_assert_no_error (error);

  tokens = pb_token_manager_new (store, NULL);
  credentials = pb_credential_source_new (store, tokens);
  broker = pb_broker_new (agents, credentials, audit);
  pb_broker_get_limits (broker, &limits);
  limits.timeout_seconds = TIMEOUT_S;
  limits.max_request_bytes = 64 * 1024;
  pb_broker_set_limits (broker, &limits);
  g_assert_true (pb_broker_listen (broker, 0, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  api.fd = listen_on ("127.0.0.1", &api.port);
  api.trap_fd = listen_on ("127.0.0.2", &api.trap_port);
  api.plain_fd = listen_on ("127.0.0.1", &api.plain_port);
  g_thread_unref (g_thread_new ("api", api_accept_thread, GINT_TO_POINTER (api.fd)));
  g_thread_unref (g_thread_new ("trap", api_accept_thread, GINT_TO_POINTER (api.trap_fd)));
  g_thread_unref (g_thread_new ("plain", api_accept_thread, GINT_TO_POINTER (api.plain_fd)));
  setup ();

  /* First: no connection of another test may close (and free a descriptor) while it runs. */
  g_test_add_func ("/broker-http/out-of-descriptors", test_out_of_descriptors);
  g_test_add_func ("/broker-http/tiny-writes", test_tiny_writes);
  g_test_add_func ("/broker-http/pipelined", test_pipelined);
  g_test_add_func ("/broker-http/chunked-request-body", test_chunked_body);
  g_test_add_func ("/broker-http/expect-continue", test_expect_continue);
  g_test_add_func ("/broker-http/no-content", test_no_content);
  g_test_add_func ("/broker-http/too-large", test_too_large);
  g_test_add_func ("/broker-http/keep-alive-200", test_keep_alive_200);
  g_test_add_func ("/broker-http/stale-connection-retry", test_stale_retry);
  g_test_add_func ("/broker-http/upstream-timeout", test_upstream_timeout);
  g_test_add_func ("/broker-http/upstream-stalls-in-body", test_upstream_stalls_in_body);
  g_test_add_func ("/broker-http/slowloris", test_slowloris);
  g_test_add_func ("/broker-http/escapes-never-arrive", test_escapes_never_arrive);
  g_test_add_func ("/broker-http/tls-handshake-fails", test_tls_handshake_fails);
  g_test_add_func ("/broker-http/audit", test_audit);
  result = g_test_run ();

  pb_broker_stop (broker);
  g_clear_object (&broker);
  g_free (token);
  g_atomic_int_set (&api.stop, 1);
  shutdown (api.fd, SHUT_RDWR);
  shutdown (api.trap_fd, SHUT_RDWR);
  shutdown (api.plain_fd, SHUT_RDWR);
  return result;
}
