/* pb-broker-upstream.c: the broker's connections to the APIs: a keep-alive pool, HTTP/1.1
 *
 * Connections are made with GSocketClient (DNS, and TLS with the system's trust for
 * https://) and then driven on the broker's epoll loop: plain sockets with recv/send, TLS
 * through GIO's pollable streams (read until they would block, so nothing decrypted is left
 * behind). A request goes out on an idle connection to its host when there is one; the
 * answer is parsed by http-parser only to find its status, headers and boundaries, and its
 * body is handed on as it arrives. A reused connection that fails before any byte of the
 * answer (the API closed it meanwhile) gets one more try on a new connection, for methods
 * that may be repeated. No redirect is followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n.h>

#include "pb-broker-http.h"

#define READ_SIZE (64 * 1024)
#define IDLE_SECONDS 60
#define MAX_IDLE 64

typedef struct _UpConn UpConn;

struct _PbUpstreamPool
{
  gint refs;
  PbBrokerLoop *loop;
  GSocketClient *plain;
  GSocketClient *tls;
  GQueue conns;             /* every connection (UpConn.link) */
  GQueue idle;              /* idle ones, most recent last (UpConn.idle_link) */
  guint timeout;
  PbBrokerTickFunc tick;
  gpointer tick_data;
  gboolean shut;
};

struct _UpConn
{
  GList link;
  GList idle_link;
  PbUpstreamPool *pool;
  char *host;
  guint16 port;
  gboolean tls;
  PbBrokerWatch watch;
  int fd;
  GSocketConnection *connection;
  GPollableInputStream *tls_in;
  GPollableOutputStream *tls_out;
  GCancellable *connecting;   /* while GSocketClient works */
  PbUpstreamCall *call;
  PbResponseParser parser;
  gboolean got_bytes;         /* of the current answer */
  gboolean paused;
  gboolean closed;
  guint answered;             /* answers read on this connection */
  GByteArray *out;
  gsize out_off;
  gint64 deadline;
};

struct _PbUpstreamCall
{
  PbUpstreamPool *pool;
  PbBrokerRequest *request;
  const PbUpstreamHandler *handler;
  gpointer data;
  UpConn *conn;
  gboolean retried;
};

static const PbResponseCallbacks callbacks;
static char read_buffer[READ_SIZE];   /* the broker runs in one thread: one buffer will do */

static void conn_start (UpConn *conn, PbUpstreamCall *call);
static void conn_read (UpConn *conn);

static void
pool_unref (PbUpstreamPool *pool)
{
  if (--pool->refs > 0)
    return;
  g_clear_object (&pool->plain);
  g_clear_object (&pool->tls);
  pb_broker_loop_free (pool->loop);
  g_free (pool);
}

static void
conn_free (UpConn *conn)
{
  PbUpstreamPool *pool = conn->pool;

  g_clear_object (&conn->connecting);
  g_clear_object (&conn->connection);
  pb_response_parser_clear (&conn->parser);
  g_byte_array_unref (conn->out);
  g_free (conn->host);
  g_free (conn);
  pool_unref (pool);
}

static void
conn_close (UpConn *conn)
{
  PbUpstreamPool *pool = conn->pool;

  if (conn->closed)
    return;
  conn->closed = TRUE;
  conn->call = NULL;
  if (conn->idle_link.data != NULL)
    {
      g_queue_unlink (&pool->idle, &conn->idle_link);
      conn->idle_link.data = NULL;
    }
  g_queue_unlink (&pool->conns, &conn->link);
  pb_broker_loop_remove (pool->loop, &conn->watch);
  if (conn->connection != NULL)
    g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  if (conn->connecting != NULL)
    {
      /* connected_cb frees it. */
      g_cancellable_cancel (conn->connecting);
      return;
    }
  pb_broker_loop_defer (pool->loop, conn, (GDestroyNotify) conn_free);
}

static UpConn *
conn_new (PbUpstreamPool *pool,
          const char     *host,
          guint16         port,
          gboolean        tls)
{
  UpConn *conn = g_new0 (UpConn, 1);

  pool->refs++;
  conn->pool = pool;
  conn->host = g_strdup (host);
  conn->port = port;
  conn->tls = tls;
  conn->fd = -1;
  conn->watch.fd = -1;
  conn->link.data = conn;
  pb_response_parser_init (&conn->parser, &callbacks, conn);
  conn->out = g_byte_array_new ();
  g_queue_push_tail_link (&pool->conns, &conn->link);
  return conn;
}

static void
call_free (PbUpstreamCall *call)
{
  g_free (call);
}

/* Ends CALL (still CONN's) with a transport ERROR; CONN is closed. */
static void
conn_fail (UpConn       *conn,
           const GError *error)
{
  PbUpstreamCall *call = conn->call;
  g_autoptr (GError) plain = pb_broker_upstream_error (error, conn->host);

  conn_close (conn);
  if (call == NULL)
    return;
  call->conn = NULL;
  call->handler->error (call->data, plain);
  call_free (call);
}

static gboolean
idempotent (const char *method)
{
  return strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0 ||
         strcmp (method, "PUT") == 0 || strcmp (method, "DELETE") == 0 ||
         strcmp (method, "OPTIONS") == 0 || strcmp (method, "TRACE") == 0;
}

static void conn_connect (PbUpstreamPool *pool, PbUpstreamCall *call);

/* The connection failed or closed. Before any byte of the answer on a reused connection:
 * one more try on a new one (the API closed an idle connection just then). */
static void
conn_lost (UpConn       *conn,
           const GError *error,
           gboolean      unsent)
{
  PbUpstreamCall *call = conn->call;

  /* UNSENT: the request did not go out whole (no API acts on half a request). */
  if (call != NULL && !conn->got_bytes && conn->answered > 0 && !call->retried &&
      (unsent || idempotent (call->request->method)))
    {
      call->retried = TRUE;
      conn->call = NULL;
      call->conn = NULL;
      conn_close (conn);
      conn_connect (call->pool, call);
      return;
    }
  conn_fail (conn, error);
}

static void
update_watch (UpConn *conn)
{
  guint32 events = EPOLLRDHUP;

  if (conn->closed || conn->fd < 0)
    return;
  if (conn->out->len > conn->out_off)
    events |= EPOLLOUT;
  if (!conn->paused)
    events |= EPOLLIN;
  pb_broker_loop_watch (conn->pool->loop, &conn->watch, events);
}

static void
touch (UpConn *conn)
{
  conn->deadline = g_get_monotonic_time () + (gint64) conn->pool->timeout * G_USEC_PER_SEC;
}

/* Writes what waits; FALSE when the connection failed (it is closed then). */
static gboolean
conn_flush (UpConn *conn)
{
  while (conn->out->len > conn->out_off)
    {
      const guint8 *data = conn->out->data + conn->out_off;
      gsize size = conn->out->len - conn->out_off;
      gssize n;

      if (conn->tls)
        {
          g_autoptr (GError) error = NULL;

          n = g_pollable_output_stream_write_nonblocking (conn->tls_out, data, size, NULL,
                                                          &error);
          if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          if (n < 0)
            {
              conn_lost (conn, error, TRUE);
              return FALSE;
            }
        }
      else
        {
          n = send (conn->fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
          if (n < 0)
            {
              int saved = errno;
              g_autoptr (GError) error = g_error_new_literal (
                G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));

              conn_lost (conn, error, TRUE);
              return FALSE;
            }
        }
      conn->out_off += n;
      touch (conn);
    }
  if (conn->out->len == conn->out_off)
    {
      g_byte_array_set_size (conn->out, 0);
      conn->out_off = 0;
    }
  update_watch (conn);
  return TRUE;
}

/* --- The answer --- */

static gboolean
answer_head (gpointer    data,
             guint       status,
             const char *reason,
             GString    *headers,
             gint64      length)
{
  UpConn *conn = data;
  PbUpstreamCall *call = conn->call;

  call->handler->head (call->data, status, reason, headers, length);
  return conn->call == call;    /* FALSE: cancelled meanwhile */
}

static gboolean
answer_body (gpointer    data,
             const char *bytes,
             gsize       length)
{
  UpConn *conn = data;
  PbUpstreamCall *call = conn->call;

  call->handler->body (call->data, bytes, length);
  return conn->call == call;
}

static const PbResponseCallbacks callbacks = { answer_head, answer_body };

/* The answer is whole: the connection goes back to the pool (or closes), then the caller
 * hears of it (and may reuse the connection at once). */
static void
answer_done (UpConn  *conn,
             gboolean reusable)
{
  PbUpstreamCall *call = conn->call;
  PbUpstreamPool *pool = conn->pool;

  conn->call = NULL;
  call->conn = NULL;
  conn->answered++;
  if (reusable && pb_response_parser_keep_alive (&conn->parser) && !pool->shut &&
      pool->idle.length < MAX_IDLE)
    {
      conn->paused = FALSE;
      conn->deadline = g_get_monotonic_time () + IDLE_SECONDS * G_USEC_PER_SEC;
      conn->idle_link.data = conn;
      g_queue_push_tail_link (&pool->idle, &conn->idle_link);
      update_watch (conn);
    }
  else
    conn_close (conn);
  call->handler->done (call->data);
  call_free (call);
}

/* Feeds DATA (LENGTH 0: the end of the stream) to the parser. FALSE when the connection
 * is done with (closed, or the answer ended). */
static gboolean
conn_parse (UpConn     *conn,
            const char *data,
            gsize       length)
{
  gsize used = 0;
  PbParseStatus status = pb_response_parser_feed (&conn->parser, data, length, &used);

  if (conn->closed || conn->call == NULL || status == PB_PARSE_STOPPED)
    return FALSE;   /* cancelled in a callback */
  if (status == PB_PARSE_DONE)
    {
      /* Bytes after the answer: not an API to keep talking to. */
      answer_done (conn, used == length && length > 0);
      return FALSE;
    }
  if (length == 0)
    {
      g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                      _("The API closed the connection."));

      conn_lost (conn, error, FALSE);
      return FALSE;
    }
  if (status != PB_PARSE_MORE)
    {
      g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                      _("The API’s answer is not valid HTTP."));

      conn_fail (conn, error);
      return FALSE;
    }
  return TRUE;
}

static void
conn_read (UpConn *conn)
{
  while (!conn->closed && !conn->paused)
    {
      gssize n;

      if (conn->tls)
        {
          g_autoptr (GError) error = NULL;

          n = g_pollable_input_stream_read_nonblocking (conn->tls_in, read_buffer, READ_SIZE,
                                                        NULL, &error);
          if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return;
          if (n < 0)
            {
              conn_lost (conn, error, FALSE);
              return;
            }
        }
      else
        {
          n = recv (conn->fd, read_buffer, READ_SIZE, MSG_DONTWAIT);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
          if (n < 0)
            {
              int saved = errno;
              g_autoptr (GError) error = g_error_new_literal (
                G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));

              conn_lost (conn, error, FALSE);
              return;
            }
        }
      if (conn->call == NULL)
        {
          /* Idle: the API closed it (or talks out of turn). */
          conn_close (conn);
          return;
        }
      if (n > 0)
        {
          conn->got_bytes = TRUE;
          touch (conn);
        }
      if (!conn_parse (conn, read_buffer, n))
        return;
      if (!conn->tls && n < READ_SIZE)
        return;   /* level-triggered: more wakes the loop again */
    }
}

static void
conn_event (gpointer data,
            guint32  events)
{
  UpConn *conn = data;

  if ((events & EPOLLOUT) != 0 && !conn_flush (conn))
    return;
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0 && !conn->closed)
    {
      if (conn->paused && (events & EPOLLIN) == 0)
        {
          /* Paused, and the API went away: what it sent is still to be read. */
          pb_broker_loop_watch (conn->pool->loop, &conn->watch, EPOLLOUT & conn->watch.events);
          return;
        }
      conn_read (conn);
    }
}

/* --- Sending --- */

static void
write_request (UpConn          *conn,
               PbBrokerRequest *request)
{
  GUri *target = request->target;
  const char *path = g_uri_get_path (target);
  const char *query = g_uri_get_query (target);
  int default_port = conn->tls ? 443 : 80;
  g_autoptr (GString) head = g_string_sized_new (512);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  gsize body_size = request->body != NULL ? g_bytes_get_size (request->body) : 0;

  g_string_append_printf (head, "%s %s%s%s HTTP/1.1\r\nHost: %s%s%s",
                          request->method, *path != '\0' ? path : "/",
                          query != NULL ? "?" : "", query != NULL ? query : "",
                          strchr (conn->host, ':') != NULL ? "[" : "", conn->host,
                          strchr (conn->host, ':') != NULL ? "]" : "");
  if (conn->port != default_port)
    g_string_append_printf (head, ":%u", conn->port);
  g_string_append (head, "\r\n");
  soup_message_headers_iter_init (&iter, request->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (head, "%s: %s\r\n", name, value);
  if (body_size > 0 || strcmp (request->method, "POST") == 0 ||
      strcmp (request->method, "PUT") == 0 || strcmp (request->method, "PATCH") == 0)
    g_string_append_printf (head, "Content-Length: %zu\r\n", body_size);
  g_string_append (head, "\r\n");
  g_byte_array_append (conn->out, (const guint8 *) head->str, head->len);
  if (body_size > 0)
    g_byte_array_append (conn->out, g_bytes_get_data (request->body, NULL), body_size);
}

static void
conn_start (UpConn         *conn,
            PbUpstreamCall *call)
{
  conn->call = call;
  call->conn = conn;
  conn->got_bytes = FALSE;
  conn->paused = FALSE;
  pb_response_parser_reset (&conn->parser, strcmp (call->request->method, "HEAD") == 0);
  touch (conn);
  write_request (conn, call->request);
  conn_flush (conn);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpConn *conn = user_data;
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection;
  PbUpstreamCall *call;
  int one = 1;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  g_clear_object (&conn->connecting);
  if (conn->closed)
    {
      /* Cancelled (the call went, or the broker stopped). */
      if (connection != NULL)
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_clear_object (&connection);
      pb_broker_loop_defer (conn->pool->loop, conn, (GDestroyNotify) conn_free);
      return;
    }
  if (connection == NULL)
    {
      conn_fail (conn, error);
      return;
    }
  conn->connection = connection;
  conn->fd = g_socket_get_fd (g_socket_connection_get_socket (connection));
  setsockopt (conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (conn->tls)
    {
      GIOStream *base = G_IS_TCP_WRAPPER_CONNECTION (connection)
        ? g_tcp_wrapper_connection_get_base_io_stream (G_TCP_WRAPPER_CONNECTION (connection))
        : G_IO_STREAM (connection);

      conn->tls_in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (base));
      conn->tls_out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (base));
    }
  if (!pb_broker_loop_add (conn->pool->loop, &conn->watch, conn->fd, EPOLLIN | EPOLLRDHUP,
                           conn_event, conn))
    {
      g_autoptr (GError) watch_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                            g_strerror (errno));

      conn_fail (conn, watch_error);
      return;
    }
  call = conn->call;
  conn_start (conn, call);
}

static void
conn_connect (PbUpstreamPool *pool,
              PbUpstreamCall *call)
{
  GUri *target = call->request->target;
  gboolean tls = g_ascii_strcasecmp (g_uri_get_scheme (target), "https") == 0;
  int port = g_uri_get_port (target);
  UpConn *conn;
  g_autoptr (GSocketConnectable) address = NULL;

  if (port <= 0)
    port = tls ? 443 : 80;
  conn = conn_new (pool, g_uri_get_host (target), port, tls);
  conn->call = call;
  call->conn = conn;
  touch (conn);
  conn->connecting = g_cancellable_new ();
  address = g_network_address_new (conn->host, port);
  g_socket_client_connect_async (tls ? pool->tls : pool->plain, address, conn->connecting,
                                 connected_cb, conn);
}

PbUpstreamCall *
pb_upstream_send (PbUpstreamPool          *pool,
                  PbBrokerRequest         *request,
                  const PbUpstreamHandler *handler,
                  gpointer                 data)
{
  PbUpstreamCall *call = g_new0 (PbUpstreamCall, 1);
  GUri *target = request->target;
  gboolean tls = g_ascii_strcasecmp (g_uri_get_scheme (target), "https") == 0;
  int port = g_uri_get_port (target);
  const char *host = g_uri_get_host (target);

  call->pool = pool;
  call->request = request;
  call->handler = handler;
  call->data = data;
  if (port <= 0)
    port = tls ? 443 : 80;
  /* The most recently used idle connection to the same place. */
  for (GList *l = pool->idle.tail; l != NULL; l = l->prev)
    {
      UpConn *conn = l->data;

      if (conn->tls == tls && conn->port == port && g_ascii_strcasecmp (conn->host, host) == 0)
        {
          g_queue_unlink (&pool->idle, &conn->idle_link);
          conn->idle_link.data = NULL;
          /* A write failure now is reported from the next turn (a new connection): never
           * under the caller's feet. */
          conn_start (conn, call);
          return call;
        }
    }
  conn_connect (pool, call);
  return call;
}

void
pb_upstream_cancel (PbUpstreamCall *call)
{
  UpConn *conn = call->conn;

  if (conn != NULL)
    {
      conn->call = NULL;
      conn_close (conn);
    }
  call_free (call);
}

static void
resume_cb (gpointer data)
{
  UpConn *conn = data;

  if (!conn->closed && !conn->paused)
    conn_read (conn);
}

void
pb_upstream_pause (PbUpstreamCall *call,
                   gboolean        paused)
{
  UpConn *conn = call->conn;

  if (conn == NULL || conn->paused == paused)
    return;
  conn->paused = paused;
  update_watch (conn);
  /* TLS may hold decrypted bytes epoll cannot see: read them after this turn. */
  if (!paused && conn->tls)
    pb_broker_loop_defer (conn->pool->loop, conn, resume_cb);
}

/* --- The pool --- */

static void
pool_tick (gpointer data,
           gint64   now)
{
  PbUpstreamPool *pool = data;

  for (GList *l = pool->conns.head; l != NULL;)
    {
      UpConn *conn = l->data;

      l = l->next;
      if (conn->closed || conn->deadline == 0 || now < conn->deadline)
        continue;
      if (conn->call == NULL)
        conn_close (conn);
      else
        {
          g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                          _("The API did not answer in time."));

          conn_fail (conn, error);
        }
    }
  if (pool->tick != NULL)
    pool->tick (pool->tick_data, now);
}

PbUpstreamPool *
pb_upstream_pool_new (GMainContext     *context,
                      PbBrokerTickFunc  tick,
                      gpointer          tick_data)
{
  PbUpstreamPool *pool = g_new0 (PbUpstreamPool, 1);

  pool->refs = 1;
  pool->loop = pb_broker_loop_new (context, pool_tick, pool);
  pool->timeout = 60;
  pool->tick = tick;
  pool->tick_data = tick_data;
  pool->plain = g_socket_client_new ();
  pool->tls = g_socket_client_new ();
  g_socket_client_set_tls (pool->tls, TRUE);
  return pool;
}

PbBrokerLoop *
pb_upstream_pool_get_loop (PbUpstreamPool *pool)
{
  return pool->loop;
}

void
pb_upstream_pool_set_timeout (PbUpstreamPool *pool,
                              guint           seconds)
{
  pool->timeout = seconds;
  g_socket_client_set_timeout (pool->plain, seconds);
  g_socket_client_set_timeout (pool->tls, seconds);
}

void
pb_upstream_pool_shutdown (PbUpstreamPool *pool)
{
  pool->shut = TRUE;
  pool->tick = NULL;
  while (pool->conns.head != NULL)
    {
      UpConn *conn = pool->conns.head->data;

      if (conn->call != NULL)
        {
          /* The broker stopped with this call in flight: it ends without an answer. */
          PbUpstreamCall *call = conn->call;

          conn->call = NULL;
          call->conn = NULL;
        }
      conn_close (conn);
    }
  pool_unref (pool);
}
