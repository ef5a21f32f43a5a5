/* pb-broker-server.c: one agent call: the checks, then the API's answer streamed back
 *
 * A request read by pb-broker-conn.c is checked here (authority, token, grant, the rules of
 * pb-broker-rules.c through pb_broker_prepare_*), sent to the API through the keep-alive
 * pool of pb-broker-upstream.c, and the answer is passed to the agent as it arrives. Every
 * call ends in the audit trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-broker-http.h"

struct _PbBrokerCall
{
  GList link;               /* in broker->calls */
  PbBroker *broker;
  PbBrokerConn *conn;       /* NULL once the agent is gone (or the broker stopped) */
  PbAgent *agent;
  char *connector_name;
  PbConnector *connector;
  const char *method;       /* static (http-parser's names) */
  char *target;             /* the request target as sent */
  char *raw_path;           /* below /connectors/NAME, still percent-encoded */
  char *raw_query;
  SoupMessageHeaders *headers;
  GBytes *body;             /* kept for one retry */
  PbBrokerRequest *request;
  PbUpstreamCall *upstream;
  GCancellable *cancellable;  /* while the credential is fetched */
  gint64 started;
  guint64 bytes;
  guint status;
  gboolean entered;
  gboolean retried;         /* the credential was renewed after a 401 once */
  gboolean head_sent;
};

static const PbUpstreamHandler handler;

static void
call_finish (PbBrokerCall *call)
{
  PbBroker *broker = call->broker;

  pb_broker_record (broker, call->agent, call->connector_name, call->connector,
                    call->method, call->raw_path,
                    call->conn == NULL && call->status == 0 ? 499 : call->status,
                    call->started, call->bytes, "broker");
  if (call->entered)
    pb_broker_leave (broker, pb_agent_get_id (call->agent));
  g_queue_unlink (&broker->calls, &call->link);
  if (call->upstream != NULL)
    pb_upstream_cancel (g_steal_pointer (&call->upstream));
  g_clear_pointer (&call->request, pb_broker_request_free);
  g_clear_pointer (&call->headers, soup_message_headers_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->connector);
  g_clear_object (&call->agent);
  g_free (call->connector_name);
  g_free (call->target);
  g_free (call->raw_path);
  g_free (call->raw_query);
  g_free (call);
  g_object_unref (broker);
}

/* Answers with ERROR (nothing went out yet) and ends the call. */
static void
fail_call (PbBrokerCall *call,
           const GError *error)
{
  PbBrokerError code = error->domain == PB_BROKER_ERROR ? error->code
                                                        : PB_BROKER_ERROR_UPSTREAM;
  PbBrokerConn *conn = g_steal_pointer (&call->conn);

  call->status = pb_broker_error_status (code);
  call_finish (call);
  if (conn != NULL)
    pb_broker_conn_error (conn, error);
}

/* The answer was cut (API failure, or over the size cap) after its head went out: the only
 * honest thing left is to drop the connection so the agent sees an incomplete answer. */
static void
cut_call (PbBrokerCall *call)
{
  if (call->conn != NULL)
    pb_broker_conn_abort (call->conn);
  call->conn = NULL;
  call_finish (call);
}

static void
send_upstream (PbBrokerCall *call)
{
  call->upstream = pb_upstream_send (call->broker->pool, call->request, &handler, call);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PbBrokerCall *call = user_data;
  g_autoptr (GError) error = NULL;

  call->request = pb_broker_prepare_finish (PB_BROKER (source), result, &error);
  g_clear_object (&call->cancellable);
  if (call->conn == NULL)
    {
      call_finish (call);
      return;
    }
  if (call->request == NULL)
    {
      fail_call (call, error);
      return;
    }
  send_upstream (call);
}

/* The API refused an OAuth token: once, new tokens from the token manager and the same
 * request again (its body is in memory). FALSE when this call cannot be retried. */
static gboolean
retry_renewed (PbBrokerCall *call)
{
  if (call->retried || !pb_credential_renewable (call->connector))
    return FALSE;
  call->retried = TRUE;
  pb_upstream_cancel (g_steal_pointer (&call->upstream));
  g_clear_pointer (&call->request, pb_broker_request_free);
  call->cancellable = g_cancellable_new ();
  pb_broker_prepare_renewed_async (call->broker, call->connector, call->started, call->method,
                                   call->raw_path, call->raw_query, call->headers, call->body,
                                   call->cancellable, prepared_cb, call);
  return TRUE;
}

static void
upstream_head (gpointer    data,
               guint       status,
               const char *reason,
               GString    *headers,
               gint64      length)
{
  PbBrokerCall *call = data;
  PbBroker *broker = call->broker;
  g_autoptr (GString) head = NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED && retry_renewed (call))
    return;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    pb_credential_source_forget (broker->credentials, call->connector);
  if (length > 0 && (guint64) length > broker->limits.max_response_bytes)
    {
      g_autofree char *limit = g_format_size (broker->limits.max_response_bytes);
      g_autoptr (GError) too_big = g_error_new (PB_BROKER_ERROR, PB_BROKER_ERROR_UPSTREAM,
                                                _("The API’s answer is larger than %s."),
                                                limit);

      pb_upstream_cancel (g_steal_pointer (&call->upstream));
      fail_call (call, too_big);
      return;
    }
  call->status = status;
  call->head_sent = TRUE;
  head = g_string_sized_new (headers->len + 64);
  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status,
                          reason != NULL && *reason != '\0' ? reason
                                                            : soup_status_get_phrase (status));
  g_string_append_len (head, headers->str, headers->len);
  pb_broker_conn_head (call->conn, head,
                       status == 204 || status == 304 ? PB_BROKER_NO_BODY : length);
}

static void
upstream_body (gpointer    data,
               const char *bytes,
               gsize       length)
{
  PbBrokerCall *call = data;

  call->bytes += length;
  if (call->bytes > call->broker->limits.max_response_bytes)
    {
      cut_call (call);
      return;
    }
  if (!pb_broker_conn_body (call->conn, bytes, length))
    pb_upstream_pause (call->upstream, TRUE);
}

static void
upstream_done (gpointer data)
{
  PbBrokerCall *call = data;
  PbBrokerConn *conn = call->conn;

  call->upstream = NULL;    /* the pool has it back */
  call->conn = NULL;
  call_finish (call);
  pb_broker_conn_end (conn);
}

static void
upstream_error (gpointer      data,
                const GError *error)
{
  PbBrokerCall *call = data;

  call->upstream = NULL;
  if (call->head_sent)
    cut_call (call);
  else
    fail_call (call, error);
}

static const PbUpstreamHandler handler = {
  upstream_head, upstream_body, upstream_done, upstream_error,
};

void
pb_broker_call_drained (PbBrokerCall *call)
{
  if (call->upstream != NULL)
    pb_upstream_pause (call->upstream, FALSE);
}

void
pb_broker_call_agent_gone (PbBrokerCall *call)
{
  call->conn = NULL;
  if (call->cancellable != NULL)
    {
      /* The credential is being fetched: the call ends in prepared_cb. */
      g_cancellable_cancel (call->cancellable);
      return;
    }
  call_finish (call);
}

/* Absolute-form ("GET http://elsewhere/…"), another Host, or userinfo: the broker is an
 * origin server for 127.0.0.1 and never a forward proxy. This also turns away pages that
 * reach it through DNS rebinding. The path comes back with dot segments resolved (still
 * percent-encoded), the query as sent. */
static gboolean
check_authority (PbBroker            *self,
                 const char          *target,
                 SoupMessageHeaders  *headers,
                 char               **out_path,
                 char               **out_query,
                 GError             **error)
{
  const char *host_header = soup_message_headers_get_one (headers, "Host");
  g_autoptr (GUri) uri = NULL;

  if (host_header != NULL &&
      (g_ascii_strcasecmp (host_header, self->host_ip) == 0 ||
       g_ascii_strcasecmp (host_header, self->host_name) == 0))
    {
      if (target[0] == '/')
        {
          g_autofree char *url = g_strconcat ("http://", self->host_ip, target, NULL);

          uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
        }
      else
        uri = g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
    }
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") != 0 &&
       g_ascii_strcasecmp (g_uri_get_host (uri), "localhost") != 0) ||
      (guint) g_uri_get_port (uri) != self->port)
    {
      g_set_error_literal (error, PB_BROKER_ERROR, PB_BROKER_ERROR_BAD_REQUEST,
                           _("The broker only answers requests for itself "
                             "(http://127.0.0.1:PORT/connectors/…): no proxy requests, other "
                             "hosts or user names."));
      return FALSE;
    }
  *out_path = g_strdup (g_uri_get_path (uri));
  *out_query = g_strdup (g_uri_get_query (uri));
  return TRUE;
}

static PbAgent *
find_agent (PbBroker            *self,
            SoupMessageHeaders  *headers,
            GError             **error)
{
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
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

PbBrokerCall *
pb_broker_call_start (PbBroker         *self,
                      PbBrokerConn     *conn,
                      PbBrokerIncoming *in)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *rest = NULL;
  PbBrokerCall *call;

  call = g_new0 (PbBrokerCall, 1);
  call->started = g_get_monotonic_time ();
  call->broker = g_object_ref (self);
  call->conn = conn;
  call->link.data = call;
  g_queue_push_tail_link (&self->calls, &call->link);
  pb_broker_conn_attach (conn, call);
  call->method = in->method;
  call->target = in->target;
  call->headers = in->headers;
  call->body = in->body;

  if (!check_authority (self, call->target, call->headers, &path, &call->raw_query, &error) ||
      (call->agent = find_agent (self, call->headers, &error)) == NULL)
    {
      fail_call (call, error);
      return NULL;
    }
  g_object_ref (call->agent);
  if (!pb_broker_split_path (path, &call->connector_name, &rest, &error))
    {
      fail_call (call, error);
      return NULL;
    }
  call->raw_path = g_strdup (rest);
  call->connector = pb_broker_authorize (self, call->agent, call->connector_name, &error);
  if (call->connector == NULL)
    {
      fail_call (call, error);
      return NULL;
    }
  g_object_ref (call->connector);
  if (!pb_broker_enter (self, call->agent, &error))
    {
      fail_call (call, error);
      return NULL;
    }
  call->entered = TRUE;

  /* The usual case, the credential is cached: straight to the API. */
  call->request = pb_broker_prepare_now (self, call->connector, call->method, call->raw_path,
                                         call->raw_query, call->headers, call->body, &error);
  if (call->request != NULL)
    {
      send_upstream (call);
      return call;
    }
  if (error != NULL)
    {
      fail_call (call, error);
      return NULL;
    }
  call->cancellable = g_cancellable_new ();
  pb_broker_prepare_async (self, call->connector, call->method, call->raw_path,
                           call->raw_query, call->headers, call->body, call->cancellable,
                           prepared_cb, call);
  return call;
}

void
pb_broker_server_stop (PbBroker *self)
{
  /* Every agent connection closes: each call in flight sees its agent gone, stops talking
   * to the API (its connection is dropped, a late answer goes nowhere) and is audited. */
  pb_broker_conns_stop (self);
}
