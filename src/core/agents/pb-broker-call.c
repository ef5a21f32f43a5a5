/* pb-broker-call.c: one brokered call read whole (for MCP), same checks and audit as HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-broker-private.h"

#define CHUNK_SIZE (64 * 1024)

typedef struct {
  PbAgent *agent;
  char *connector_name;
  PbConnector *connector;
  char *method;
  char *raw_path;
  char *raw_query;
  SoupMessageHeaders *headers;
  GBytes *body;             /* kept for one retry after a 401 */
  char *via;
  gsize max_bytes;
  gint64 started;
  SoupMessage *upstream;
  GInputStream *stream;
  GByteArray *buffer;
  guint64 total;
  gboolean entered;
  gboolean retried;
} CallData;

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->agent);
  g_free (data->connector_name);
  g_clear_object (&data->connector);
  g_free (data->method);
  g_free (data->raw_path);
  g_free (data->raw_query);
  g_clear_pointer (&data->headers, soup_message_headers_unref);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->via);
  g_clear_object (&data->upstream);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

static const char *
upstream_host (CallData *data)
{
  return g_uri_get_host (soup_message_get_uri (data->upstream));
}

void
pb_broker_answer_free (PbBrokerAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->content_type);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

/* Records the outcome, leaves the agent's count and returns ERROR or the answer. */
static void
complete (GTask  *task,
          GError *error)   /* transfer full, may be NULL */
{
  PbBroker *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  guint status;

  if (error != NULL)
    status = error->domain == PB_BROKER_ERROR ? pb_broker_error_status (error->code) : 502;
  else
    status = soup_message_get_status (data->upstream);
  pb_broker_record (self, data->agent, data->connector_name, data->connector, data->method,
                    data->raw_path, status, data->started, data->total, data->via);
  if (data->entered)
    {
      pb_broker_leave (self, pb_agent_get_id (data->agent));
      data->entered = FALSE;
    }
  if (data->stream != NULL)
    g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  {
    PbBrokerAnswer *answer = g_new0 (PbBrokerAnswer, 1);
    SoupMessageHeaders *headers = soup_message_get_response_headers (data->upstream);

    answer->status = status;
    answer->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
    answer->truncated = data->total > data->buffer->len;
    answer->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));
    g_task_return_pointer (task, answer, (GDestroyNotify) pb_broker_answer_free);
  }
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                               &error);
  gsize size, room;

  if (bytes == NULL)
    {
      complete (task, pb_broker_upstream_error (error, upstream_host (data)));
      g_error_free (error);
      return;
    }
  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      complete (task, NULL);
      return;
    }
  data->total += size;
  room = data->max_bytes > data->buffer->len ? data->max_bytes - data->buffer->len : 0;
  g_byte_array_append (data->buffer, g_bytes_get_data (bytes, NULL), MIN (room, size));
  /* Past the cap: stop reading, the answer says it was cut. */
  if (size > room)
    {
      complete (task, NULL);
      return;
    }
  g_input_stream_read_bytes_async (data->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, read_cb,
                                   g_steal_pointer (&task));
}

static void prepared_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbBroker *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GError) error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->stream == NULL)
    {
      complete (task, pb_broker_upstream_error (error, upstream_host (data)));
      return;
    }
  if (soup_message_get_status (data->upstream) == SOUP_STATUS_UNAUTHORIZED &&
      !data->retried && pb_credential_renewable (data->connector))
    {
      /* An OAuth token refused: once, new tokens and the same request again. */
      data->retried = TRUE;
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&data->stream);
      g_clear_object (&data->upstream);
      pb_broker_prepare_renewed_async (self, data->connector, data->started, data->method,
                                       data->raw_path, data->raw_query, data->headers,
                                       data->body, cancellable, prepared_cb,
                                       g_steal_pointer (&task));
      return;
    }
  if (soup_message_get_status (data->upstream) == SOUP_STATUS_UNAUTHORIZED)
    pb_credential_source_forget (self->credentials, data->connector);
  data->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, read_cb,
                                   g_steal_pointer (&task));
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbBroker *self = PB_BROKER (source);
  CallData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (PbBrokerRequest) request = NULL;
  GError *error = NULL;

  request = pb_broker_prepare_finish (self, result, &error);
  if (request != NULL)
    data->upstream = pb_broker_request_to_message (request, &error);
  if (data->upstream == NULL)
    {
      complete (task, error);
      return;
    }
  soup_session_send_async (self->session, data->upstream, G_PRIORITY_DEFAULT,
                           cancellable, sent_cb, g_steal_pointer (&task));
}

void
pb_broker_call_async (PbBroker            *self,
                      PbAgent             *agent,
                      const char          *connector_name,
                      const char          *method,
                      const char          *raw_path,
                      const char          *raw_query,
                      SoupMessageHeaders  *headers,
                      GBytes              *body,
                      gsize                max_bytes,
                      const char          *via,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  CallData *data = g_new0 (CallData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, pb_broker_call_async);
  data->started = g_get_monotonic_time ();
  data->agent = g_object_ref (agent);
  data->connector_name = g_strdup (connector_name);
  data->method = g_strdup (method);
  data->raw_path = g_strdup (raw_path);
  data->via = g_strdup (via);
  data->raw_query = g_strdup (raw_query);
  data->headers = headers != NULL ? soup_message_headers_ref (headers) : NULL;
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->max_bytes = max_bytes > 0 ? max_bytes : self->limits.max_response_bytes;
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  data->connector = pb_broker_authorize (self, agent, connector_name, &error);
  if (data->connector == NULL)
    {
      complete (task, error);
      return;
    }
  g_object_ref (data->connector);
  if (!pb_broker_enter (self, agent, &error))
    {
      complete (task, error);
      return;
    }
  data->entered = TRUE;
  pb_broker_prepare_async (self, data->connector, method, raw_path, raw_query, headers, body,
                           cancellable, prepared_cb, g_steal_pointer (&task));
}

PbBrokerAnswer *
pb_broker_call_finish (PbBroker      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
