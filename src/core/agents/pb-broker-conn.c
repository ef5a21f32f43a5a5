/* pb-broker-conn.c: agents' connections to the broker: accept, parse requests, write answers
 *
 * A lean HTTP/1.1 server on the broker's epoll loop: nonblocking sockets, one read buffer
 * per connection, requests parsed by http-parser, keep-alive and pipelining (one request
 * at a time: the next is parsed once the answer to the previous one has ended). The request
 * target is kept as sent; the checks are pb-broker-server.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pb-broker-http.h"
#include "pb-error.h"

#define READ_SIZE (16 * 1024)
#define HIGH_WATER (256 * 1024)     /* answer bytes waiting for the agent: stop the API */
#define IDLE_SECONDS 60             /* a keep-alive connection without a request */

#define ACCEPT_PAUSE_MS 250       /* out of descriptors: how long the listener rests */

typedef struct {
  PbBroker *broker;
  PbBrokerWatch watch;
  GSource *resume;          /* set while accepting is paused (out of descriptors) */
  gint64 warned_at;         /* when it was last said (monotonic µs): once a minute at most */
} Listener;

struct _PbBrokerConn
{
  GList link;                 /* in broker->conns */
  PbBroker *broker;
  PbBrokerWatch watch;
  int fd;

  char *in;                   /* read, not yet parsed: in[in_off..in_len) */
  gsize in_len, in_off, in_cap;
  PbRequestParser parser;

  PbBrokerCall *call;         /* the call answering the current request */
  gboolean busy;              /* a request is being answered */
  gboolean keep_alive;        /* of the current request */
  gboolean head_method;
  gboolean http_1_0;
  gboolean chunked;           /* the current answer is sent chunked */
  gboolean close_after;       /* close once the output is out */
  gboolean processing;
  gboolean closed;
  gboolean failing;           /* closed at the end of this turn: write nothing more */
  gboolean broken;            /* a write failed */
  gboolean drain;             /* refused mid-request: read the rest away before closing */
  gboolean draining;

  GByteArray *out;            /* answer bytes the socket did not take yet: out[out_off..) */
  gsize out_off;
  gint64 deadline;            /* monotonic µs; 0: none */
};

static void conn_process (PbBrokerConn *conn);
static void conn_free (PbBrokerConn *conn);

static PbBrokerLoop *
loop_of (PbBroker *broker)
{
  return pb_upstream_pool_get_loop (broker->pool);
}

static void
conn_close (PbBrokerConn *conn)
{
  if (conn->closed)
    return;
  conn->closed = TRUE;
  if (conn->call != NULL)
    {
      PbBrokerCall *call = g_steal_pointer (&conn->call);

      pb_broker_call_agent_gone (call);
    }
  pb_broker_loop_remove (loop_of (conn->broker), &conn->watch);
  close (conn->fd);
  conn->fd = -1;
  g_queue_unlink (&conn->broker->conns, &conn->link);
  pb_broker_loop_defer (loop_of (conn->broker), conn, (GDestroyNotify) conn_free);
}

static void
conn_free (PbBrokerConn *conn)
{
  pb_request_parser_clear (&conn->parser);
  g_byte_array_unref (conn->out);
  g_free (conn->in);
  g_free (conn);
}

/* After a refusal the agent may still be sending (a body over the cap): closing now would
 * reset the connection and could destroy the answer before the agent reads it. So the
 * sending side is shut and what comes is read away, for two seconds at most. */
static void
drain_or_close (PbBrokerConn *conn)
{
  if (!conn->drain || conn->broken || conn->draining || conn->closed)
    {
      conn_close (conn);
      return;
    }
  conn->draining = TRUE;
  shutdown (conn->fd, SHUT_WR);
  conn->deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  pb_broker_loop_watch (loop_of (conn->broker), &conn->watch, EPOLLIN | EPOLLRDHUP);
}

static void
drain (PbBrokerConn *conn)
{
  char buffer[4096];

  for (;;)
    {
      ssize_t n = recv (conn->fd, buffer, sizeof buffer, MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      if (n <= 0)
        {
          conn_close (conn);
          return;
        }
    }
}

/* A failure in the middle of something (a write from an API callback): closed once the
 * current turn is over, so no caller up the stack sees the connection go. */
static void
close_later_cb (gpointer data)
{
  drain_or_close (data);
}

static void
fail (PbBrokerConn *conn)
{
  if (conn->failing || conn->closed)
    return;
  conn->failing = TRUE;
  conn->close_after = TRUE;
  conn->busy = TRUE;          /* parse nothing more */
  pb_broker_loop_defer (loop_of (conn->broker), conn, close_later_cb);
}

static void
update_watch (PbBrokerConn *conn)
{
  guint32 events = EPOLLRDHUP;

  if (conn->closed || conn->draining)
    return;
  if (conn->out->len > conn->out_off)
    events |= EPOLLOUT;
  /* Read the next request (pipelined ones up to a bound) and see the agent hang up. */
  if (!conn->close_after && !(conn->busy && conn->in_len - conn->in_off > READ_SIZE * 4))
    events |= EPOLLIN;
  pb_broker_loop_watch (loop_of (conn->broker), &conn->watch, events);
}

/* Sends what waits; TRUE when all is out. */
static gboolean
flush_out (PbBrokerConn *conn)
{
  while (conn->out->len > conn->out_off)
    {
      ssize_t n = send (conn->fd, conn->out->data + conn->out_off,
                        conn->out->len - conn->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return FALSE;
      if (n < 0)
        {
          conn->broken = TRUE;
          fail (conn);
          return FALSE;
        }
      conn->out_off += n;
      conn->deadline = g_get_monotonic_time () +
                       (gint64) conn->broker->limits.timeout_seconds * G_USEC_PER_SEC;
    }
  g_byte_array_set_size (conn->out, 0);
  conn->out_off = 0;
  if (conn->busy)
    conn->deadline = 0;     /* waiting for the API now: its timeout applies */
  return TRUE;
}

/* Writes IOV (COUNT parts): straight to the socket when nothing waits, the rest kept. */
static void
write_parts (PbBrokerConn       *conn,
             const struct iovec *iov,
             int                 count)
{
  gsize total = 0, sent = 0;

  if (conn->failing || conn->closed)
    return;
  for (int i = 0; i < count; i++)
    total += iov[i].iov_len;
  if (conn->out->len == conn->out_off)
    {
      struct msghdr msg = { .msg_iov = (struct iovec *) iov, .msg_iovlen = count };
      ssize_t n;

      do
        n = sendmsg (conn->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        {
          conn->broken = TRUE;
          fail (conn);
          return;
        }
      sent = n > 0 ? (gsize) n : 0;
    }
  if (sent == total)
    return;
  for (int i = 0; i < count; i++)
    {
      if (sent >= iov[i].iov_len)
        {
          sent -= iov[i].iov_len;
          continue;
        }
      g_byte_array_append (conn->out, (const guint8 *) iov[i].iov_base + sent,
                           iov[i].iov_len - sent);
      sent = 0;
    }
  conn->deadline = g_get_monotonic_time () +
                   (gint64) conn->broker->limits.timeout_seconds * G_USEC_PER_SEC;
  update_watch (conn);
}

void
pb_broker_conn_attach (PbBrokerConn *conn,
                       PbBrokerCall *call)
{
  conn->call = call;
}

gboolean
pb_broker_conn_is_head (PbBrokerConn *conn)
{
  return conn->head_method;
}

void
pb_broker_conn_head (PbBrokerConn *conn,
                     GString      *head,
                     gint64        length)
{
  struct iovec iov;

  conn->chunked = FALSE;
  if (length == PB_BROKER_NO_BODY)
    ;   /* 204, 304: no body and no framing header */
  else if (length >= 0)
    g_string_append_printf (head, "Content-Length: %" G_GINT64_FORMAT "\r\n", length);
  else if (!conn->http_1_0 && !conn->head_method)
    {
      g_string_append (head, "Transfer-Encoding: chunked\r\n");
      conn->chunked = TRUE;
    }
  else
    conn->keep_alive = FALSE;   /* HTTP/1.0: the end of the body is the end of the connection */
  if (!conn->keep_alive)
    g_string_append (head, "Connection: close\r\n");
  g_string_append (head, "\r\n");
  iov.iov_base = head->str;
  iov.iov_len = head->len;
  write_parts (conn, &iov, 1);
}

gboolean
pb_broker_conn_body (PbBrokerConn *conn,
                     const char   *bytes,
                     gsize         length)
{
  if (length == 0 || conn->head_method)
    return TRUE;
  if (conn->chunked)
    {
      char size[24];
      struct iovec iov[3] = {
        { size, g_snprintf (size, sizeof size, "%zx\r\n", length) },
        { (void *) bytes, length },
        { (void *) "\r\n", 2 },
      };

      write_parts (conn, iov, 3);
    }
  else
    {
      struct iovec iov = { (void *) bytes, length };

      write_parts (conn, &iov, 1);
    }
  return conn->out->len - conn->out_off < HIGH_WATER;
}

void
pb_broker_conn_end (PbBrokerConn *conn)
{
  if (conn->chunked)
    {
      struct iovec iov = { (void *) "0\r\n\r\n", 5 };

      write_parts (conn, &iov, 1);
      conn->chunked = FALSE;
    }
  conn->call = NULL;
  if (!conn->keep_alive)
    conn->close_after = TRUE;
  if (conn->close_after)
    {
      if (conn->out->len == conn->out_off && conn->fd >= 0)
        fail (conn);
      else
        update_watch (conn);
      return;
    }
  conn->busy = FALSE;
  conn->deadline = 0;
  if (!conn->processing)
    conn_process (conn);
}

void
pb_broker_conn_abort (PbBrokerConn *conn)
{
  conn->call = NULL;
  fail (conn);
}

char *
pb_broker_error_answer (const GError *error,
                        guint        *out_status)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  PbBrokerError code = error->domain == PB_BROKER_ERROR ? error->code
                                                        : PB_BROKER_ERROR_UPSTREAM;

  /* Messages come from the broker's own strings: they never hold a credential. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, pb_broker_error_nick (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  *out_status = pb_broker_error_status (code);
  return json_generator_to_data (generator, NULL);
}

void
pb_broker_conn_error (PbBrokerConn *conn,
                      const GError *error)
{
  guint status = 0;
  g_autofree char *body = pb_broker_error_answer (error, &status);
  g_autoptr (GString) head = g_string_new (NULL);
  gboolean head_method = conn->head_method;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n",
                          status, soup_status_get_phrase (status));
  if (error->domain == PB_BROKER_ERROR && error->code == PB_BROKER_ERROR_UNAUTHORIZED)
    g_string_append (head, "WWW-Authenticate: Bearer realm=\"plugboard\"\r\n");
  conn->head_method = FALSE;  /* the length announced is the JSON's */
  pb_broker_conn_head (conn, head, strlen (body));
  conn->head_method = head_method;
  if (!head_method)
    pb_broker_conn_body (conn, body, strlen (body));
  pb_broker_conn_end (conn);
}

/* --- Reading requests --- */

/* A request the broker refuses before any check (413, 400): answered, then closed. */
static void
refuse (PbBrokerConn  *conn,
        PbBrokerError  code)
{
  g_autoptr (GError) error = NULL;

  if (code == PB_BROKER_ERROR_TOO_LARGE)
    {
      g_autofree char *limit = g_format_size (conn->broker->limits.max_request_bytes);

      error = g_error_new (PB_BROKER_ERROR, code, _("The request body is larger than %s."),
                           limit);
    }
  else
    error = g_error_new_literal (PB_BROKER_ERROR, code,
                                 _("This is not an HTTP request the broker can read."));
  conn->busy = TRUE;
  conn->keep_alive = FALSE;
  conn->head_method = FALSE;
  conn->drain = TRUE;
  pb_broker_conn_error (conn, error);
}

static void
dispatch (PbBrokerConn     *conn,
          PbBrokerIncoming *in)
{
  conn->busy = TRUE;
  conn->keep_alive = in->keep_alive;
  conn->http_1_0 = in->http_1_0;
  conn->head_method = strcmp (in->method, "HEAD") == 0;
  conn->deadline = 0;
  if (in->connect)
    {
      pb_broker_incoming_clear (in);
      refuse (conn, PB_BROKER_ERROR_BAD_REQUEST);
      return;
    }
  pb_broker_call_start (conn->broker, conn, in);
}

/* Parses what is read while no answer is due; starts a call per whole request. */
static void
conn_process (PbBrokerConn *conn)
{
  conn->processing = TRUE;
  while (!conn->busy && !conn->closed && conn->in_off < conn->in_len)
    {
      PbBrokerIncoming in = { 0 };
      gsize used = 0;
      PbParseStatus status;

      if (!conn->parser.started)
        conn->deadline = g_get_monotonic_time () +
                         (gint64) conn->broker->limits.timeout_seconds * G_USEC_PER_SEC;
      status = pb_request_parser_feed (&conn->parser, conn->in + conn->in_off,
                                       conn->in_len - conn->in_off, &used, &in);
      conn->in_off += used;
      if (conn->parser.expects_continue)
        {
          struct iovec iov = { (void *) "HTTP/1.1 100 Continue\r\n\r\n", 25 };

          conn->parser.expects_continue = FALSE;
          write_parts (conn, &iov, 1);
        }
      if (status == PB_PARSE_DONE)
        dispatch (conn, &in);
      else if (status == PB_PARSE_TOO_LARGE)
        refuse (conn, PB_BROKER_ERROR_TOO_LARGE);
      else if (status != PB_PARSE_MORE)
        refuse (conn, PB_BROKER_ERROR_BAD_REQUEST);
      if (status != PB_PARSE_DONE)
        break;
    }
  if (!conn->closed && conn->in_off == conn->in_len)
    conn->in_off = conn->in_len = 0;
  conn->processing = FALSE;
  if (!conn->closed && !conn->close_after)
    update_watch (conn);
}

static void
conn_read (PbBrokerConn *conn)
{
  for (;;)
    {
      ssize_t n;

      if (conn->in_off > 0 && conn->in_off == conn->in_len)
        conn->in_off = conn->in_len = 0;
      if (conn->in_cap - conn->in_len < READ_SIZE / 2)
        {
          if (conn->in_off > 0)
            {
              memmove (conn->in, conn->in + conn->in_off, conn->in_len - conn->in_off);
              conn->in_len -= conn->in_off;
              conn->in_off = 0;
            }
          if (conn->in_cap - conn->in_len < READ_SIZE / 2)
            {
              /* Requests in flight are bounded: the parser's header cap, the body cap. */
              if (conn->busy && conn->in_len > READ_SIZE * 4)
                return;   /* pipelined too far ahead: read more once this is answered */
              conn->in_cap = MAX (conn->in_cap * 2, READ_SIZE);
              conn->in = g_realloc (conn->in, conn->in_cap);
            }
        }
      n = recv (conn->fd, conn->in + conn->in_len, conn->in_cap - conn->in_len, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      if (n <= 0)
        {
          /* The agent hung up (or reset): its call, if any, ends as "client gone". */
          conn_close (conn);
          return;
        }
      conn->in_len += n;
      if ((gsize) n < conn->in_cap - conn->in_len + n)
        return;
    }
}

static void
conn_event (gpointer data,
            guint32  events)
{
  PbBrokerConn *conn = data;

  if (conn->draining)
    {
      drain (conn);
      return;
    }
  if ((events & EPOLLOUT) != 0 && flush_out (conn))
    {
      if (conn->close_after)
        {
          drain_or_close (conn);
          return;
        }
      if (conn->call != NULL)
        pb_broker_call_drained (conn->call);
    }
  if (conn->closed || conn->failing)
    return;
  if ((events & EPOLLIN) == 0 && (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0)
    {
      conn_close (conn);
      return;
    }
  if ((events & EPOLLIN) != 0 && !conn->close_after)
    {
      conn_read (conn);
      if (conn->closed)
        return;
      if (!conn->busy)
        conn_process (conn);
      else
        update_watch (conn);
    }
  else
    update_watch (conn);
}

static gboolean
resume_accepting (gpointer data)
{
  Listener *listener = data;

  g_clear_pointer (&listener->resume, g_source_unref);
  pb_broker_loop_watch (loop_of (listener->broker), &listener->watch, EPOLLIN);
  return G_SOURCE_REMOVE;
}

/* Out of descriptors: the pending connection stays in the backlog, and with a level-triggered
 * epoll the listener would be reported ready at once, again and again. So it rests for a
 * moment (a closing connection frees a descriptor) and then tries again. */
static void
pause_accepting (Listener *listener)
{
  if (listener->resume != NULL)
    return;
  if (listener->warned_at == 0
      || g_get_monotonic_time () - listener->warned_at > 60 * G_USEC_PER_SEC)
    {
      g_warning ("The broker is out of file descriptors; new connections wait.");
      listener->warned_at = g_get_monotonic_time ();
    }
  pb_broker_loop_watch (loop_of (listener->broker), &listener->watch, 0);
  listener->resume = g_timeout_source_new (ACCEPT_PAUSE_MS);
  g_source_set_callback (listener->resume, resume_accepting, listener, NULL);
  g_source_attach (listener->resume, pb_broker_loop_get_context (loop_of (listener->broker)));
}

static void
accept_event (gpointer data,
              guint32  events)
{
  Listener *listener = data;
  PbBroker *broker = listener->broker;

  for (;;)
    {
      int fd = accept4 (listener->watch.fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      int one = 1;
      PbBrokerConn *conn;

      if (fd < 0)
        {
          if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
            pause_accepting (listener);
          return;   /* EAGAIN; ECONNABORTED and the like: the next turn tries again */
        }
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      conn = g_new0 (PbBrokerConn, 1);
      conn->broker = broker;    /* the broker closes its connections before it goes */
      conn->fd = fd;
      conn->link.data = conn;
      conn->out = g_byte_array_new ();
      conn->deadline = g_get_monotonic_time () + IDLE_SECONDS * G_USEC_PER_SEC;
      pb_request_parser_init (&conn->parser, broker->limits.max_request_bytes);
      if (!pb_broker_loop_add (loop_of (broker), &conn->watch, fd, EPOLLIN | EPOLLRDHUP,
                               conn_event, conn))
        {
          close (fd);
          conn_free (conn);
          continue;
        }
      g_queue_push_tail_link (&broker->conns, &conn->link);
    }
}

gboolean
pb_broker_conns_listen (PbBroker  *broker,
                        int        fd,
                        GError   **error)
{
  Listener *listener = g_new0 (Listener, 1);

  listener->broker = broker;
  listener->watch.untimed = TRUE;
  if (!pb_broker_loop_add (loop_of (broker), &listener->watch, fd, EPOLLIN, accept_event,
                           listener))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NETWORK, _("Could not watch the broker’s socket."));
      close (fd);
      g_free (listener);
      return FALSE;
    }
  broker->listener = listener;
  return TRUE;
}

void
pb_broker_conns_stop (PbBroker *broker)
{
  Listener *listener = g_steal_pointer (&broker->listener);

  if (listener != NULL)
    {
      int fd = listener->watch.fd;

      if (listener->resume != NULL)
        {
          g_source_destroy (listener->resume);
          g_clear_pointer (&listener->resume, g_source_unref);
        }
      pb_broker_loop_remove (loop_of (broker), &listener->watch);
      close (fd);
      pb_broker_loop_defer (loop_of (broker), listener, g_free);
    }
  while (broker->conns.head != NULL)
    conn_close (broker->conns.head->data);
}

void
pb_broker_conns_tick (PbBroker *broker,
                      gint64    now)
{
  for (GList *l = broker->conns.head; l != NULL;)
    {
      PbBrokerConn *conn = l->data;

      l = l->next;
      /* A request that does not come in whole in time (slowloris), an agent that does not
       * read its answer, an idle keep-alive connection: closed. */
      if (conn->deadline != 0 && now >= conn->deadline && !conn->closed)
        conn_close (conn);
      else if (conn->deadline == 0 && !conn->busy && conn->out->len == conn->out_off)
        conn->deadline = now + IDLE_SECONDS * G_USEC_PER_SEC;
    }
}
