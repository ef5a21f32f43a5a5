/* pb-broker.c: the local credential broker: its parts, limits, checks and audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pb-broker-http.h"
#include "pb-error.h"
#include "pb-http.h"

#define MAX_CONNS 256

G_DEFINE_FINAL_TYPE (PbBroker, pb_broker, G_TYPE_OBJECT)

static void
pb_broker_dispose (GObject *object)
{
  PbBroker *self = PB_BROKER (object);

  pb_broker_stop (self);
  if (self->pool != NULL)
    pb_upstream_pool_shutdown (g_steal_pointer (&self->pool));
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->agents);
  g_clear_object (&self->credentials);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (pb_broker_parent_class)->dispose (object);
}

static void
pb_broker_finalize (GObject *object)
{
  PbBroker *self = PB_BROKER (object);

  g_hash_table_unref (self->in_flight);
  g_free (self->builder_dir);

  G_OBJECT_CLASS (pb_broker_parent_class)->finalize (object);
}

static void
pb_broker_class_init (PbBrokerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_broker_dispose;
  object_class->finalize = pb_broker_finalize;
}

static void
pb_broker_init (PbBroker *self)
{
  self->limits.max_request_bytes = 8 * 1024 * 1024;
  self->limits.max_response_bytes = 64 * 1024 * 1024;
  self->limits.timeout_seconds = 60;
  self->limits.max_calls_per_agent = 32;
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

PbBroker *
pb_broker_new (PbAgentStore       *agents,
               PbCredentialSource *credentials,
               PbAuditLog         *audit)
{
  PbBroker *self = g_object_new (PB_TYPE_BROKER, NULL);

  self->agents = g_object_ref (agents);
  self->credentials = g_object_ref (credentials);
  self->audit = g_object_ref (audit);
  /* Our own session: connections kept alive and shared by every agent, bodies passed through
   * as they are (no content decoding), no cookie jar, no redirects followed for the agent. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns", MAX_CONNS,
                                "max-conns-per-host", MAX_CONNS,
                                "timeout", self->limits.timeout_seconds,
                                "idle-timeout", 60,
                                NULL);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_SNIFFER);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_COOKIE_JAR);
  return self;
}

void
pb_broker_set_limits (PbBroker             *self,
                      const PbBrokerLimits *limits)
{
  g_return_if_fail (PB_IS_BROKER (self));
  self->limits = *limits;
  soup_session_set_timeout (self->session, limits->timeout_seconds);
  if (self->pool != NULL)
    pb_upstream_pool_set_timeout (self->pool, limits->timeout_seconds);
}

void
pb_broker_get_limits (PbBroker       *self,
                      PbBrokerLimits *out_limits)
{
  *out_limits = self->limits;
}

PbAgentStore *
pb_broker_get_agents (PbBroker *self)
{
  return self->agents;
}

PbAuditLog *
pb_broker_get_audit (PbBroker *self)
{
  return self->audit;
}

static void
tick_cb (gpointer data,
         gint64   now)
{
  pb_broker_conns_tick (data, now);
}

gboolean
pb_broker_listen (PbBroker  *self,
                  guint      port,
                  GError   **error)
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int fd, one = 1;

  g_return_val_if_fail (PB_IS_BROKER (self), FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  if (port > 65535)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("The port must be a number from 0 to 65535."));
      return FALSE;
    }
  /* 127.0.0.1 and nothing else: never 0.0.0.0, never another interface. */
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0 ||
      setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
      bind (fd, (struct sockaddr *) &address, sizeof address) < 0 ||
      listen (fd, SOMAXCONN) < 0 ||
      getsockname (fd, (struct sockaddr *) &address, &length) < 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, PB_ERROR, PB_ERROR_NETWORK,
                   _("Could not listen on 127.0.0.1 port %u: %s"), port, g_strerror (saved));
      return FALSE;
    }
  if (self->pool == NULL)
    {
      self->pool = pb_upstream_pool_new (NULL, tick_cb, self);
      pb_upstream_pool_set_timeout (self->pool, self->limits.timeout_seconds);
    }
  if (!pb_broker_conns_listen (self, fd, error))
    return FALSE;
  self->port = ntohs (address.sin_port);
  self->host_ip = g_strdup_printf ("127.0.0.1:%u", self->port);
  self->host_name = g_strdup_printf ("localhost:%u", self->port);
  return TRUE;
}

guint
pb_broker_get_port (PbBroker *self)
{
  return self->listener != NULL ? self->port : 0;
}

char *
pb_broker_get_url (PbBroker *self)
{
  if (self->listener == NULL)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
pb_broker_stop (PbBroker *self)
{
  if (self->listener == NULL)
    return;
  pb_broker_server_stop (self);
  self->port = 0;
  g_clear_pointer (&self->host_ip, g_free);
  g_clear_pointer (&self->host_name, g_free);
}

/* Checks shared by the HTTP side and MCP */

PbConnector *
pb_broker_authorize (PbBroker    *self,
                     PbAgent     *agent,
                     const char  *connector_name,
                     GError     **error)
{
  PbConnectorStore *store = pb_agent_store_get_connectors (self->agents);
  PbConnector *connector = connector_name != NULL
    ? pb_connector_store_find_by_name (store, connector_name) : NULL;

  /* Unknown and not given look the same: an agent learns nothing about other connectors. */
  if (connector == NULL || !pb_agent_has_link (agent, pb_connector_get_id (connector)))
    {
      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_FORBIDDEN,
                   _("The agent “%s” may not use a connector called “%s”: its instructions "
                     "do not name it."),
                   pb_agent_get_name (agent), connector_name != NULL ? connector_name : "");
      return NULL;
    }
  if (pb_connector_get_state (connector) == PB_CONNECTOR_STATE_RECONNECT_NEEDED)
    {
      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_READY,
                   _("The connector “%s” needs to be reconnected in Plugboard."),
                   pb_connector_get_name (connector));
      return NULL;
    }
  return connector;
}

gboolean
pb_broker_enter (PbBroker  *self,
                 PbAgent   *agent,
                 GError   **error)
{
  const char *id = pb_agent_get_id (agent);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, id));

  if (count >= self->limits.max_calls_per_agent)
    {
      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_TOO_MANY,
                   _("The agent “%s” already has %u calls in flight. Wait for one to finish."),
                   pb_agent_get_name (agent), count);
      return FALSE;
    }
  g_hash_table_replace (self->in_flight, g_strdup (id), GUINT_TO_POINTER (count + 1));
  return TRUE;
}

void
pb_broker_leave (PbBroker   *self,
                 const char *agent_id)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, agent_id));

  if (count <= 1)
    g_hash_table_remove (self->in_flight, agent_id);
  else
    g_hash_table_replace (self->in_flight, g_strdup (agent_id), GUINT_TO_POINTER (count - 1));
}

void
pb_broker_record (PbBroker    *self,
                  PbAgent     *agent,
                  const char  *connector_name,
                  PbConnector *connector,
                  const char  *method,
                  const char  *raw_path,
                  guint        status,
                  gint64       started,
                  guint64      bytes,
                  const char  *via)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) base = NULL;
  PbAuditEntry entry = { 0 };

  if (connector != NULL && pb_connector_get_base_url (connector) != NULL)
    base = g_uri_parse (pb_connector_get_base_url (connector), SOUP_HTTP_URI_FLAGS, NULL);
  entry.time = g_get_real_time ();
  entry.agent = agent != NULL ? (char *) pb_agent_get_name (agent) : NULL;
  entry.connector = (char *) connector_name;
  entry.method = (char *) method;
  entry.host = base != NULL ? (char *) g_uri_get_host (base) : NULL;
  entry.path = (char *) (raw_path != NULL && *raw_path != '\0' ? raw_path : "/");
  entry.status = status;
  entry.duration_ms = (guint) ((g_get_monotonic_time () - started) / 1000);
  entry.bytes = bytes;
  entry.via = (char *) via;
  if (!pb_audit_log_append (self->audit, &entry, &error))
    g_warning ("%s", error->message);
}

GError *
pb_broker_upstream_error (const GError *error,
                          const char   *host)
{
  g_autoptr (GError) plain = pb_http_error_from_transport (error, host);

  /* The plain message names the host only: never the URL, which may carry a key. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (PB_BROKER_ERROR, PB_BROKER_ERROR_TIMEOUT, plain->message);
  return g_error_new_literal (PB_BROKER_ERROR, PB_BROKER_ERROR_UPSTREAM, plain->message);
}

/* Building the upstream message */

typedef struct {
  PbConnector *connector;
  char *method;
  char *raw_path;
  char *raw_query;
  SoupMessageHeaders *headers;
  GBytes *body;
  gboolean renewing;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->connector);
  g_free (data->method);
  g_free (data->raw_path);
  g_free (data->raw_query);
  g_clear_pointer (&data->headers, soup_message_headers_unref);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

void
pb_broker_request_free (PbBrokerRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_clear_pointer (&request->target, g_uri_unref);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

/* The upstream request for DATA with CREDENTIAL: target URL, filtered headers, body. */
static PbBrokerRequest *
build_request (PrepareData         *data,
               const PbCredential  *credential,
               GError             **error)
{
  g_autoptr (PbBrokerRequest) request = g_new0 (PbBrokerRequest, 1);

  request->target = pb_broker_build_target (data->connector, data->raw_path, data->raw_query,
                                            pb_credential_query_param (data->connector),
                                            credential->secret, error);
  if (request->target == NULL)
    return NULL;
  request->method = g_strdup (data->method);
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if (data->headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name, *value;
      const char *connection = soup_message_headers_get_list (data->headers, "Connection");

      soup_message_headers_iter_init (&iter, data->headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (pb_broker_header_forwardable (name, connection, data->connector))
          soup_message_headers_append (request->headers, name, value);
    }
  pb_credential_apply (data->connector, credential, request->headers);
  if (data->body != NULL && g_bytes_get_size (data->body) > 0)
    request->body = g_bytes_ref (data->body);
  return g_steal_pointer (&request);
}

SoupMessage *
pb_broker_request_to_message (const PbBrokerRequest  *request,
                              GError                **error)
{
  g_autoptr (SoupMessage) message = soup_message_new_from_uri (request->method,
                                                               request->target);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (message == NULL)
    {
      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_BAD_REQUEST,
                   _("“%s” is not an HTTP method."), request->method);
      return NULL;
    }
  /* Redirects are the agent's business: passed back, never followed with the credential. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_iter_init (&iter, request->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (soup_message_get_request_headers (message), name, value);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (
      message, soup_message_headers_get_content_type (request->headers, NULL), request->body);
  return g_steal_pointer (&message);
}

static void
prepare_got_credential_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PrepareData *data = g_task_get_task_data (task);
  g_autoptr (PbCredential) credential = NULL;
  g_autoptr (GError) error = NULL;
  PbBrokerRequest *request;

  credential = data->renewing
    ? pb_credential_source_renew_finish (PB_CREDENTIAL_SOURCE (source), result, &error)
    : pb_credential_source_get_finish (PB_CREDENTIAL_SOURCE (source), result, &error);
  if (credential == NULL)
    {
      if (error->domain != PB_BROKER_ERROR)
        {
          /* A keyring or token failure: keep its plain message, as a 503 for the agent. */
          g_autoptr (GError) wrapped = g_error_new_literal (PB_BROKER_ERROR,
                                                           PB_BROKER_ERROR_NOT_READY,
                                                           error->message);
          g_task_return_error (task, g_steal_pointer (&wrapped));
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  request = build_request (data, credential, &error);
  if (request == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, request, (GDestroyNotify) pb_broker_request_free);
}

/* The checks every caller goes through before a credential is looked at. */
static gboolean
check_request (PbBroker            *self,
               const char          *raw_path,
               const char          *raw_query,
               SoupMessageHeaders  *agent_headers,
               GBytes              *body,
               GError             **error)
{
  if (!pb_broker_check_path (raw_path, error) || !pb_broker_check_query (raw_query, error))
    return FALSE;
  if (agent_headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, agent_headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (!pb_broker_check_header (name, value, error))
          return FALSE;
    }
  if (body != NULL && g_bytes_get_size (body) > self->limits.max_request_bytes)
    {
      g_autofree char *limit = g_format_size (self->limits.max_request_bytes);

      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_TOO_LARGE,
                   _("The request body is larger than %s."), limit);
      return FALSE;
    }
  return TRUE;
}

PbBrokerRequest *
pb_broker_prepare_now (PbBroker            *self,
                       PbConnector         *connector,
                       const char          *method,
                       const char          *raw_path,
                       const char          *raw_query,
                       SoupMessageHeaders  *agent_headers,
                       GBytes              *body,
                       GError             **error)
{
  g_autoptr (PbCredential) credential = NULL;
  PrepareData data = { connector, (char *) method, (char *) raw_path, (char *) raw_query,
                       agent_headers, body };

  if (!check_request (self, raw_path, raw_query, agent_headers, body, error))
    return NULL;
  credential = pb_credential_source_peek (self->credentials, connector);
  if (credential == NULL)
    return NULL;
  return build_request (&data, credential, error);
}

/* RENEW_SINCE < 0: the credential as it is; else renewed (pb_credential_source_renew_async). */
static void
prepare_async (PbBroker            *self,
               PbConnector         *connector,
               gint64               renew_since,
               const char          *method,
               const char          *raw_path,
               const char          *raw_query,
               SoupMessageHeaders  *agent_headers,
               GBytes              *body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  PrepareData *data;

  g_task_set_source_tag (task, pb_broker_prepare_async);

  if (!check_request (self, raw_path, raw_query, agent_headers, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (PrepareData, 1);
  data->connector = g_object_ref (connector);
  data->method = g_strdup (method);
  data->raw_path = g_strdup (raw_path);
  data->raw_query = g_strdup (raw_query);
  data->headers = agent_headers != NULL ? soup_message_headers_ref (agent_headers) : NULL;
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->renewing = renew_since >= 0;
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);

  if (renew_since >= 0)
    pb_credential_source_renew_async (self->credentials, connector, renew_since, cancellable,
                                      prepare_got_credential_cb, g_steal_pointer (&task));
  else
    pb_credential_source_get_async (self->credentials, connector, cancellable,
                                    prepare_got_credential_cb, g_steal_pointer (&task));
}

void
pb_broker_prepare_async (PbBroker            *self,
                         PbConnector         *connector,
                         const char          *method,
                         const char          *raw_path,
                         const char          *raw_query,
                         SoupMessageHeaders  *agent_headers,
                         GBytes              *body,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  prepare_async (self, connector, -1, method, raw_path, raw_query, agent_headers, body,
                 cancellable, callback, user_data);
}

void
pb_broker_prepare_renewed_async (PbBroker            *self,
                                 PbConnector         *connector,
                                 gint64               since,
                                 const char          *method,
                                 const char          *raw_path,
                                 const char          *raw_query,
                                 SoupMessageHeaders  *agent_headers,
                                 GBytes              *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  prepare_async (self, connector, MAX (since, 0), method, raw_path, raw_query, agent_headers,
                 body, cancellable, callback, user_data);
}

PbBrokerRequest *
pb_broker_prepare_finish (PbBroker      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
