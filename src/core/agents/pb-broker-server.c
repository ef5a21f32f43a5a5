/* pb-broker-server.c: the broker's HTTP side: checks, then the API's answer streamed back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-broker-private.h"

#define CHUNK_SIZE (64 * 1024)
#define READS_NOW 4           /* reads without waiting in a row, then one that waits */

/* One agent call in flight. */
typedef struct {
  GList link;               /* in broker->calls */
  PbBroker *broker;
  SoupServerMessage *msg;
  PbAgent *agent;
  char *connector_name;
  PbConnector *connector;
  char *method;
  char *raw_path;
  GBytes *body;             /* the request body, kept for one retry */
  GCancellable *cancellable;
  SoupMessage *upstream;
  GInputStream *stream;
  gint64 started;
  guint64 bytes;
  guint status;
  gulong finished_id;
  goffset remaining;        /* body bytes still to come, -1: unknown (chunked) */
  gboolean entered;
  gboolean client_gone;     /* the agent hung up, or the broker stopped: write nothing more */
  gboolean retried;         /* the credential was renewed after a 401 once */
  char eof_probe[1];        /* the read that sees the end of the API's answer */
} Call;

static void
reply_error (SoupServerMessage *msg,
             const GError      *error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  PbBrokerError code = error->domain == PB_BROKER_ERROR ? error->code
                                                        : PB_BROKER_ERROR_UPSTREAM;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char *data;
  gsize length = 0;

  /* Messages come from the broker's own strings: they never hold a credential. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, pb_broker_error_nick (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  soup_message_headers_clear (headers);
  if (code == PB_BROKER_ERROR_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"plugboard\"");
  soup_server_message_set_status (msg, pb_broker_error_status (code), NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, length);
}

static void
call_finish (Call *call)
{
  pb_broker_record (call->broker, call->agent, call->connector_name, call->connector,
                    call->method, call->raw_path,
                    call->client_gone && call->status == 0 ? 499 : call->status,
                    call->started, call->bytes, "broker");
  if (call->entered)
    pb_broker_leave (call->broker, pb_agent_get_id (call->agent));
  g_queue_unlink (&call->broker->calls, &call->link);
  if (call->finished_id != 0)
    g_signal_handler_disconnect (call->msg, call->finished_id);
  if (call->stream != NULL)
    g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&call->stream);
  g_clear_object (&call->upstream);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->connector);
  g_clear_object (&call->agent);
  g_clear_object (&call->msg);
  g_clear_object (&call->broker);
  g_free (call->connector_name);
  g_free (call->method);
  g_free (call->raw_path);
  g_free (call);
}

/* Answers with ERROR now (the message is still ours) and ends the call. */
static void
fail_call (Call         *call,
           const GError *error)
{
  reply_error (call->msg, error);
  call->status = soup_server_message_get_status (call->msg);
  soup_server_message_unpause (call->msg);
  call_finish (call);
}

static void
on_msg_finished (SoupServerMessage *msg,
                 Call              *call)
{
  /* Done, or the agent hung up: stop talking to the API. */
  call->client_gone = TRUE;
  g_signal_handler_disconnect (msg, call->finished_id);
  call->finished_id = 0;
  g_cancellable_cancel (call->cancellable);
}

/* The answer was cut (API failure, or over the size cap) after its headers went out: the
 * only honest thing left is to drop the connection so the agent sees an incomplete answer. */
static void
abort_connection (Call *call)
{
  GSocket *socket = soup_server_message_get_socket (call->msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  soup_server_message_unpause (call->msg);
}

static void read_next (Call *call);

static void
eof_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  call_finish (user_data);
}

/* A read of STREAM that does not wait: the bytes read, or -1 with G_IO_ERROR_WOULD_BLOCK
 * (then wait with an async read) or another error. Most small answers are whole in
 * libsoup's buffer once their headers are: reading them now spares a GTask and a main loop
 * turn per read. */
static gssize
read_now (GInputStream  *stream,
          void          *buffer,
          gsize          size,
          GCancellable  *cancellable,
          GError       **error)
{
  if (!G_IS_POLLABLE_INPUT_STREAM (stream) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (stream)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "");
      return -1;
    }
  return g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                   size, cancellable, error);
}

/* The agent has its whole answer. One more read sees the end of the API's stream, which is
 * what lets libsoup put the connection back for the next call (closing the stream before
 * that drops it). The agent hanging up now no longer cancels anything. */
static void
finish_after_eof (Call *call)
{
  g_autoptr (GError) error = NULL;

  if (call->finished_id != 0)
    {
      g_signal_handler_disconnect (call->msg, call->finished_id);
      call->finished_id = 0;
    }
  if (read_now (call->stream, call->eof_probe, sizeof call->eof_probe, NULL, &error) >= 0 ||
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      call_finish (call);
      return;
    }
  g_input_stream_read_async (call->stream, call->eof_probe, sizeof call->eof_probe,
                             G_PRIORITY_DEFAULT, NULL, eof_cb, call);
}

/* BYTES (NULL: a read error) from the API's answer. TRUE when the next read is wanted. */
static gboolean
got_bytes (Call   *call,
           GBytes *bytes)
{
  SoupMessageBody *body;

  if (call->client_gone)
    {
      call_finish (call);
      return FALSE;
    }
  body = soup_server_message_get_response_body (call->msg);
  if (bytes == NULL)
    {
      abort_connection (call);
      call_finish (call);
      return FALSE;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (call->msg);
      call_finish (call);
      return FALSE;
    }
  call->bytes += g_bytes_get_size (bytes);
  if (call->bytes > call->broker->limits.max_response_bytes)
    {
      abort_connection (call);
      call_finish (call);
      return FALSE;
    }
  /* The buffer the socket was read into goes out as is: no copy. */
  soup_message_body_append_bytes (body, bytes);
  if (call->remaining > 0)
    call->remaining -= MIN ((goffset) g_bytes_get_size (bytes), call->remaining);
  if (call->remaining == 0)
    {
      /* All announced bytes are here: the answer goes out now. */
      soup_message_body_complete (body);
      soup_server_message_unpause (call->msg);
      finish_after_eof (call);
      return FALSE;
    }
  soup_server_message_unpause (call->msg);
  return TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                               NULL);

  if (got_bytes (call, bytes))
    read_next (call);
}

static void
read_next (Call *call)
{
  /* A few reads without waiting at most: a long answer does not keep other calls waiting. */
  for (guint turns = 0;; turns++)
    {
      /* Read what is announced (small answers: a small buffer), else in chunks. */
      gsize size = call->remaining > 0 ? (gsize) MIN (call->remaining, CHUNK_SIZE)
                                       : CHUNK_SIZE;
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) bytes = NULL;
      guint8 *buffer;
      gssize n;

      if (turns == READS_NOW)
        {
          g_input_stream_read_bytes_async (call->stream, size, G_PRIORITY_DEFAULT,
                                           call->cancellable, read_cb, call);
          return;
        }
      buffer = g_malloc (size);
      n = read_now (call->stream, buffer, size, call->cancellable, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_free (buffer);
          g_input_stream_read_bytes_async (call->stream, size, G_PRIORITY_DEFAULT,
                                           call->cancellable, read_cb, call);
          return;
        }
      if (n > 0)
        bytes = g_bytes_new_take (g_realloc (buffer, n), n);
      else
        {
          g_free (buffer);
          if (n == 0)
            bytes = g_bytes_new (NULL, 0);
        }
      if (!got_bytes (call, bytes))
        return;
    }
}

static void prepared_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

/* The API refused an OAuth token: once, new tokens from the token manager and the same
 * request again (its body is in memory). FALSE when this call cannot be retried. */
static gboolean
retry_renewed (Call *call)
{
  if (call->retried || !pb_credential_renewable (call->connector))
    return FALSE;
  call->retried = TRUE;
  call->status = 0;
  /* Closing reads the rest of the 401's body away, keeping the connection for reuse. */
  g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&call->stream);
  g_clear_object (&call->upstream);
  pb_broker_prepare_renewed_async (call->broker, call->connector, call->started, call->method,
                                   call->raw_path,
                                   g_uri_get_query (soup_server_message_get_uri (call->msg)),
                                   soup_server_message_get_request_headers (call->msg),
                                   call->body, call->cancellable, prepared_cb, call);
  return TRUE;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *in, *out;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  goffset length;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->client_gone)
    {
      call_finish (call);
      return;
    }
  if (call->stream == NULL)
    {
      g_autoptr (GError) plain = pb_broker_upstream_error (error, call->upstream);

      fail_call (call, plain);
      return;
    }

  call->status = soup_message_get_status (call->upstream);
  if (call->status == SOUP_STATUS_UNAUTHORIZED && retry_renewed (call))
    return;
  if (call->status == SOUP_STATUS_UNAUTHORIZED)
    pb_credential_source_forget (call->broker->credentials, call->connector);

  in = soup_message_get_response_headers (call->upstream);
  out = soup_server_message_get_response_headers (call->msg);
  length = soup_message_headers_get_content_length (in);
  if (soup_message_headers_get_encoding (in) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) length > call->broker->limits.max_response_bytes)
    {
      g_autofree char *limit = g_format_size (call->broker->limits.max_response_bytes);
      g_autoptr (GError) too_big = g_error_new (PB_BROKER_ERROR, PB_BROKER_ERROR_UPSTREAM,
                                                _("The API’s answer is larger than %s."),
                                                limit);

      fail_call (call, too_big);
      return;
    }

  soup_message_headers_iter_init (&iter, in);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (pb_broker_response_header_forwardable (name))
      soup_message_headers_append (out, name, value);
  call->remaining = -1;
  if (soup_message_headers_get_encoding (in) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      soup_message_headers_set_content_length (out, length);
      call->remaining = length;
    }
  else
    soup_message_headers_set_encoding (out, SOUP_ENCODING_CHUNKED);
  soup_server_message_set_status (call->msg, call->status,
                                  soup_message_get_reason_phrase (call->upstream));
  if (call->remaining == 0 || soup_message_get_method (call->upstream) == SOUP_METHOD_HEAD)
    {
      soup_message_body_complete (soup_server_message_get_response_body (call->msg));
      soup_server_message_unpause (call->msg);
      finish_after_eof (call);
      return;
    }
  read_next (call);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr (GError) error = NULL;

  call->upstream = pb_broker_prepare_finish (PB_BROKER (source), result, &error);
  if (call->client_gone)
    {
      call_finish (call);
      return;
    }
  if (call->upstream == NULL)
    {
      fail_call (call, error);
      return;
    }
  soup_session_send_async (call->broker->session, call->upstream, G_PRIORITY_DEFAULT,
                           call->cancellable, sent_cb, call);
}

/* Absolute-form ("GET http://elsewhere/…"), another Host, or userinfo: the broker is an
 * origin server for 127.0.0.1 and never a forward proxy. This also turns away pages that
 * reach it through DNS rebinding. */
static gboolean
check_authority (PbBroker           *self,
                 SoupServerMessage  *msg,
                 GError            **error)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = g_uri_get_host (uri);
  const char *host_header = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Host");

  if (g_uri_get_userinfo (uri) != NULL ||
      (g_strcmp0 (host, "127.0.0.1") != 0 && g_ascii_strcasecmp (host, "localhost") != 0) ||
      (guint) g_uri_get_port (uri) != self->port || host_header == NULL ||
      (g_ascii_strcasecmp (host_header, self->host_ip) != 0 &&
       g_ascii_strcasecmp (host_header, self->host_name) != 0))
    {
      g_set_error_literal (error, PB_BROKER_ERROR, PB_BROKER_ERROR_BAD_REQUEST,
                           _("The broker only answers requests for itself "
                             "(http://127.0.0.1:PORT/connectors/…): no proxy requests, other "
                             "hosts or user names."));
      return FALSE;
    }
  return TRUE;
}

static PbAgent *
find_agent (PbBroker           *self,
            SoupServerMessage  *msg,
            GError            **error)
{
  const char *auth = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Authorization");
  PbAgent *agent = NULL;

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    agent = pb_agent_store_find_by_token (self->agents, auth + 7);
  if (agent == NULL)
    g_set_error_literal (error, PB_BROKER_ERROR, PB_BROKER_ERROR_UNAUTHORIZED,
                         auth == NULL
                         ? _("Send the agent’s token as “Authorization: Bearer TOKEN”. Make "
                             "one with “plugboard-cli agent token NAME”.")
                         : _("This token is not (or no longer) an agent’s token."));
  return agent;
}

void
pb_broker_server_handle (SoupServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         gpointer           user_data)
{
  PbBroker *self = user_data;
  g_autoptr (GError) error = NULL;
  const char *rest = NULL;
  Call *call;

  call = g_new0 (Call, 1);
  call->started = g_get_monotonic_time ();
  call->broker = g_object_ref (self);
  call->link.data = call;
  g_queue_push_tail_link (&self->calls, &call->link);
  call->msg = g_object_ref (msg);
  call->method = g_strdup (soup_server_message_get_method (msg));
  call->cancellable = g_cancellable_new ();

  if (!check_authority (self, msg, &error) ||
      (call->agent = find_agent (self, msg, &error)) == NULL)
    {
      fail_call (call, error);
      return;
    }
  g_object_ref (call->agent);
  if (!pb_broker_split_path (path, &call->connector_name, &rest, &error))
    {
      fail_call (call, error);
      return;
    }
  call->raw_path = g_strdup (rest);
  call->connector = pb_broker_authorize (self, call->agent, call->connector_name, &error);
  if (call->connector == NULL)
    {
      fail_call (call, error);
      return;
    }
  g_object_ref (call->connector);
  if (!pb_broker_enter (self, call->agent, &error))
    {
      fail_call (call, error);
      return;
    }
  call->entered = TRUE;

  /* A call without a body (most) costs no copy. */
  if (soup_server_message_get_request_body (msg)->length > 0)
    call->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  soup_server_message_pause (msg);
  call->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_msg_finished), call);

  /* The usual case, the credential is cached: straight to the API. */
  call->upstream = pb_broker_prepare_now (self, call->connector, call->method, rest,
                                          g_uri_get_query (soup_server_message_get_uri (msg)),
                                          soup_server_message_get_request_headers (msg),
                                          call->body, &error);
  if (call->upstream != NULL)
    {
      soup_session_send_async (self->session, call->upstream, G_PRIORITY_DEFAULT,
                               call->cancellable, sent_cb, call);
      return;
    }
  if (error != NULL)
    {
      fail_call (call, error);
      return;
    }
  pb_broker_prepare_async (self, call->connector, call->method, rest,
                           g_uri_get_query (soup_server_message_get_uri (msg)),
                           soup_server_message_get_request_headers (msg), call->body,
                           call->cancellable, prepared_cb, call);
}

void
pb_broker_server_stop (PbBroker *self)
{
  g_autoptr (GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);

  /* First all marked (cancelling may end a call at once, unlinking it), then cancelled. */
  for (GList *l = self->calls.head; l != NULL; l = l->next)
    {
      Call *call = l->data;

      call->client_gone = TRUE;
      g_ptr_array_add (cancellables, g_object_ref (call->cancellable));
    }
  for (guint i = 0; i < cancellables->len; i++)
    g_cancellable_cancel (cancellables->pdata[i]);
}

/* Called once a request's headers are in (soup_server_add_early_handler): an announced
 * oversized body is refused before it is read. */
void
pb_broker_server_early (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  PbBroker *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) >
        self->limits.max_request_bytes)
    {
      g_autofree char *limit = g_format_size (self->limits.max_request_bytes);
      g_autoptr (GError) error = g_error_new (PB_BROKER_ERROR, PB_BROKER_ERROR_TOO_LARGE,
                                              _("The request body is larger than %s."), limit);

      reply_error (msg, error);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}
