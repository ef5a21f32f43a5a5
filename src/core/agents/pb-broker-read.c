/* pb-broker-read.c: read_stream for agents: a Builder project's stream through the test-read
 * runner, with the broker's checks and audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-broker-private.h"
#include "pb-builder-project.h"
#include "pb-error.h"
#include "pb-runner.h"

#define MAX_LIMIT 1000

typedef struct {
  PbAgent *agent;
  char *connector_name;
  PbConnector *connector;
  char *stream;
  char *via;
  char *project;
  guint limit;
  gint64 started;
  gboolean entered;
  PbRunnerResult *result;
  GError *read_error;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->agent);
  g_free (data->connector_name);
  g_clear_object (&data->connector);
  g_free (data->stream);
  g_free (data->via);
  g_free (data->project);
  g_clear_object (&data->result);
  g_clear_error (&data->read_error);
  g_free (data);
}

void
pb_broker_reading_free (PbBrokerReading *reading)
{
  if (reading == NULL)
    return;
  g_free (reading->project);
  g_free (reading->stream);
  g_clear_pointer (&reading->records, cJSON_Delete);
  g_clear_pointer (&reading->warnings, cJSON_Delete);
  g_clear_error (&reading->error);
  g_free (reading);
}

void
pb_broker_set_builder_dir (PbBroker   *self,
                           const char *dir)
{
  g_return_if_fail (PB_IS_BROKER (self));
  g_free (self->builder_dir);
  self->builder_dir = g_strdup (dir);
}

static char *
builder_dir (PbBroker *self)
{
  return self->builder_dir != NULL ? g_strdup (self->builder_dir)
                                   : pb_builder_project_default_dir ();
}

/* The projects linked to CONNECTOR_ID (NULL: to any of AGENT's connectors), by name. */
static GPtrArray *
linked_projects (PbBroker    *self,
                 PbAgent     *agent,
                 const char  *connector_id)
{
  g_autofree char *dir = builder_dir (self);
  g_autoptr (GPtrArray) all = pb_builder_project_load_all (dir, NULL);
  GPtrArray *linked = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const char *id = pb_builder_project_get_connector_id (all->pdata[i]);

      if (id == NULL || (connector_id != NULL && strcmp (id, connector_id) != 0) ||
          (connector_id == NULL && !pb_agent_has_link (agent, id)))
        continue;
      g_ptr_array_add (linked, g_object_ref (all->pdata[i]));
    }
  return linked;
}

gboolean
pb_broker_agent_has_streams (PbBroker *self,
                             PbAgent  *agent)
{
  g_autoptr (GPtrArray) linked = linked_projects (self, agent, NULL);

  return linked->len > 0;
}

/* The runner's manifest of the first linked project that has STREAM. */
static PbRunnerManifest *
find_stream (PbBroker     *self,
             PbConnector  *connector,
             const char   *stream,
             char        **out_project,
             GError      **error)
{
  g_autoptr (GPtrArray) linked = linked_projects (self, NULL, pb_connector_get_id (connector));
  g_autoptr (GString) known = g_string_new (NULL);

  if (linked->len == 0)
    {
      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_FOUND,
                   _("The connector “%s” has no Connector Builder project, so it has no "
                     "streams to read. Link a Builder project to it in Plugboard, or use "
                     "call_connector."),
                   pb_connector_get_name (connector));
      return NULL;
    }
  for (guint i = 0; i < linked->len; i++)
    {
      PbBuilderProject *project = linked->pdata[i];
      g_autoptr (GError) local_error = NULL;
      g_autofree char *json = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON,
                                                         &local_error);
      g_autoptr (PbRunnerManifest) manifest = NULL;
      g_auto (GStrv) streams = NULL;

      if (json != NULL)
        manifest = pb_runner_manifest_new_from_data (json, strlen (json), &local_error);
      if (manifest == NULL)
        {
          g_warning ("Builder project “%s”: %s", pb_builder_project_get_name (project),
                     local_error->message);
          continue;
        }
      if (pb_runner_manifest_find_stream (manifest, stream) != NULL)
        {
          *out_project = g_strdup (pb_builder_project_get_name (project));
          return g_steal_pointer (&manifest);
        }
      streams = pb_runner_manifest_list_streams (manifest);
      for (guint j = 0; streams[j] != NULL; j++)
        g_string_append_printf (known, "%s“%s”", known->len > 0 ? ", " : "", streams[j]);
    }
  g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_FOUND,
               _("The connector “%s” has no stream “%s”. Its streams: %s."),
               pb_connector_get_name (connector), stream,
               known->len > 0 ? known->str : "—");
  return NULL;
}

/* Every request of the read in the audit trail: host and path of the URL the runner sent
 * (already redacted, and the query is dropped). */
static void
record_pages (PbBroker *self,
              ReadData *data)
{
  guint n = data->result != NULL ? pb_runner_result_get_n_pages (data->result) : 0;

  for (guint i = 0; i < n; i++)
    {
      const PbRunnerPage *page = pb_runner_result_get_page (data->result, i);
      g_autoptr (GUri) uri = g_uri_parse (page->url, SOUP_HTTP_URI_FLAGS, NULL);
      g_autoptr (GError) error = NULL;
      PbAuditEntry entry = { 0 };

      entry.time = g_get_real_time ();
      entry.agent = (char *) pb_agent_get_name (data->agent);
      entry.connector = data->connector_name;
      entry.method = page->method;
      entry.host = uri != NULL ? (char *) g_uri_get_host (uri) : NULL;
      entry.path = uri != NULL ? (char *) g_uri_get_path (uri) : "/";
      entry.status = page->status != 0 ? page->status : 502;
      entry.duration_ms = (guint) (page->duration_us / 1000);
      entry.bytes = page->body_size;
      entry.via = data->via;
      if (!pb_audit_log_append (self->audit, &entry, &error))
        g_warning ("%s", error->message);
    }
}

/* TEXT with SECRET (and its JSON-escaped form) replaced: records are what the API sent, and
 * an API may echo the key. */
static char *
scrub (const char *text,
       const char *secret)
{
  GString *out = g_string_new (text);

  if (secret != NULL && strlen (secret) >= 4)
    {
      g_autofree char *escaped = g_strescape (secret, NULL);

      g_string_replace (out, secret, "[redacted]", 0);
      g_string_replace (out, escaped, "[redacted]", 0);
    }
  return g_string_free (out, FALSE);
}

static cJSON *
scrubbed_json (const cJSON *value,
               const char  *secret)
{
  char *text = cJSON_PrintUnformatted (value);
  g_autofree char *clean = text != NULL ? scrub (text, secret) : NULL;
  cJSON *copy = clean != NULL ? cJSON_Parse (clean) : NULL;

  cJSON_free (text);
  return copy != NULL ? copy : cJSON_CreateArray ();
}

static PbBrokerReading *
make_reading (ReadData   *data,
              const char *secret)
{
  PbBrokerReading *reading = g_new0 (PbBrokerReading, 1);
  PbRunnerResult *result = data->result;
  const cJSON *records = pb_runner_result_get_records (result);

  reading->warnings = cJSON_CreateArray ();
  reading->project = g_strdup (data->project);
  reading->stream = g_strdup (data->stream);
  reading->record_count = pb_runner_result_get_record_count (result);
  reading->records = scrubbed_json (records, secret);
  while (cJSON_GetArraySize (reading->records) > (int) data->limit)
    cJSON_DeleteItemFromArray (reading->records, cJSON_GetArraySize (reading->records) - 1);
  reading->truncated =
    reading->record_count > (guint64) cJSON_GetArraySize (reading->records) ||
    pb_runner_result_has_warning (result, PB_RUNNER_WARNING_RECORD_LIMIT_REACHED);
  for (guint i = 0; i < pb_runner_result_get_n_warnings (result); i++)
    {
      const PbRunnerWarning *w = pb_runner_result_get_warning (result, i);
      cJSON *item = cJSON_CreateObject ();
      g_autofree char *message = scrub (w->message, secret);

      cJSON_AddStringToObject (item, "code", pb_runner_warning_code_to_string (w->code));
      cJSON_AddStringToObject (item, "message", message);
      cJSON_AddItemToArray (reading->warnings, item);
    }
  if (data->read_error != NULL)
    {
      g_autofree char *message = scrub (data->read_error->message, secret);

      reading->error = g_error_new_literal (data->read_error->domain, data->read_error->code,
                                            message);
    }
  return reading;
}

static void
leave (PbBroker *self,
       ReadData *data)
{
  if (data->entered)
    {
      pb_broker_leave (self, pb_agent_get_id (data->agent));
      data->entered = FALSE;
    }
}

/* A refusal or a read that could not start: one audit entry ("READ" the stream), then ERROR. */
static void
refuse (GTask  *task,
        GError *error)   /* transfer full; TASK is not consumed */
{
  PbBroker *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  guint status = error->domain == PB_BROKER_ERROR ? pb_broker_error_status (error->code) : 503;

  pb_broker_record (self, data->agent, data->connector_name, data->connector, "READ",
                    data->stream, status, data->started, 0, data->via);
  leave (self, data);
  if (error->domain != PB_BROKER_ERROR)
    {
      /* Keyring, OAuth or manifest trouble: its plain message, as the connector not ready. */
      GError *wrapped = g_error_new_literal (PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_READY,
                                             error->message);

      g_error_free (error);
      error = wrapped;
    }
  g_task_return_error (task, error);
}

static void
got_credential_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr (PbCredential) credential = NULL;

  /* Only for scrubbing: without one (it was just deleted), nothing to scrub. */
  credential = pb_credential_source_get_finish (PB_CREDENTIAL_SOURCE (source), result, NULL);
  g_task_return_pointer (task, make_reading (data, credential ? credential->secret : NULL),
                         (GDestroyNotify) pb_broker_reading_free);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbBroker *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->result = pb_runner_read_finish (PB_RUNNER (source), result, &error);
  if (data->result == NULL)
    {
      refuse (task, error);
      return;
    }
  data->read_error = error;
  record_pages (self, data);
  leave (self, data);
  pb_credential_source_get_async (self->credentials, data->connector, NULL, got_credential_cb,
                                  g_steal_pointer (&task));
}

void
pb_broker_read_stream_async (PbBroker            *self,
                             PbAgent             *agent,
                             const char          *connector_name,
                             const char          *stream,
                             guint                limit,
                             const char          *via,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);
  g_autoptr (PbRunnerManifest) manifest = NULL;
  g_autoptr (PbRunner) runner = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, pb_broker_read_stream_async);
  data->started = g_get_monotonic_time ();
  data->agent = g_object_ref (agent);
  data->connector_name = g_strdup (connector_name);
  data->stream = g_strdup (stream);
  data->via = g_strdup (via);
  data->limit = CLAMP (limit, 1, MAX_LIMIT);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  data->connector = pb_broker_authorize (self, agent, connector_name, &error);
  if (data->connector == NULL)
    {
      refuse (task, error);
      return;
    }
  g_object_ref (data->connector);
  if (!pb_broker_enter (self, agent, &error))
    {
      refuse (task, error);
      return;
    }
  data->entered = TRUE;
  manifest = find_stream (self, data->connector, stream, &data->project, &error);
  if (manifest == NULL)
    {
      refuse (task, error);
      return;
    }

  runner = pb_runner_new (manifest);
  /* One record more than asked would tell "more" apart; the runner's limit warning does. */
  pb_runner_set_max_records (runner, data->limit);
  pb_runner_set_keep_records (runner, data->limit);
  pb_runner_set_timeout (runner, self->limits.timeout_seconds);
  pb_runner_set_max_body_size (runner, self->limits.max_response_bytes);
  pb_runner_set_connector (runner, pb_agent_store_get_connectors (self->agents), data->connector,
                           pb_credential_source_get_token_manager (self->credentials));
  pb_runner_read_async (runner, stream, cancellable, read_cb, g_steal_pointer (&task));
}

PbBrokerReading *
pb_broker_read_stream_finish (PbBroker      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
