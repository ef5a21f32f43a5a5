/* pb-builder-test.c: a test read of one stream of a builder project, run by PbRunner with the
 * project's linked connector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-builder-connector.h"
#include "pb-builder-test.h"
#include "pb-error.h"

/* The non-secret config values CONNECTOR provides for the properties of SPEC. */
static cJSON *
config_from_connector (PbRunnerManifest *manifest,
                       PbManifest       *model,
                       PbConnector      *connector)
{
  const cJSON *spec = pb_runner_manifest_get_connection_spec (manifest);
  const cJSON *props = spec != NULL ? cJSON_GetObjectItemCaseSensitive (spec, "properties")
                                    : NULL;
  const char *url_base = pb_manifest_get_url_base (model);
  cJSON *config = cJSON_CreateObject ();
  const cJSON *prop;

  cJSON_ArrayForEach (prop, props)
    {
      const char *name = prop->string;
      const char *value;
      g_autofree char *ref = NULL;

      if (name == NULL || pb_runner_manifest_is_secret_property (manifest, name))
        continue;
      value = pb_connector_get_setting (connector, name);
      ref = g_strdup_printf ("config['%s']", name);
      if (value == NULL && url_base != NULL && strstr (url_base, ref) != NULL)
        value = pb_connector_get_base_url (connector);
      if (value == NULL && g_str_equal (name, "username"))
        value = pb_connector_get_username (connector);
      if (value == NULL && g_str_equal (name, "client_id"))
        value = pb_connector_get_client_id (connector);
      if (value != NULL)
        cJSON_AddStringToObject (config, name, value);
    }
  return config;
}

PbRunner *
pb_builder_test_new_runner (PbBuilderProject  *project,
                            PbConnectorStore  *store,
                            PbTokenManager    *tokens,
                            GError           **error)
{
  PbManifest *model;
  PbConnector *connector = NULL;
  g_autoptr (PbRunnerManifest) manifest = NULL;
  g_autoptr (PbRunner) runner = NULL;
  cJSON *json;
  char *text;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);
  g_return_val_if_fail (store == NULL || PB_IS_CONNECTOR_STORE (store), NULL);

  model = pb_builder_project_get_manifest (project);
  if (store != NULL)
    connector = pb_builder_connector_find_linked (project, store);
  if (connector == NULL && pb_builder_connector_kind_for_manifest (model, NULL))
    {
      if (pb_builder_project_get_connector_id (project) != NULL)
        g_set_error_literal (error, PB_ERROR, PB_ERROR_NO_CONNECTOR,
                             _("The connector linked to this project was deleted. Link another "
                               "one, or create one from the manifest."));
      else
        g_set_error_literal (error, PB_ERROR, PB_ERROR_NO_CONNECTOR,
                             _("This API needs a key, and no connector is linked to the project "
                               "yet. Link one, or create one from the manifest."));
      return NULL;
    }

  /* The runner reads manifest text: hand it the manifest as written, every stream included. */
  json = pb_manifest_to_json (model);
  text = cJSON_PrintUnformatted (json);
  cJSON_Delete (json);
  manifest = pb_runner_manifest_new_from_data (text, strlen (text), error);
  cJSON_free (text);
  if (manifest == NULL)
    return NULL;

  runner = pb_runner_new (manifest);
  if (connector != NULL)
    {
      cJSON *config = config_from_connector (manifest, model, connector);
      gboolean ok = pb_runner_set_config (runner, config, error);

      cJSON_Delete (config);
      if (!ok)
        return NULL;
      pb_runner_set_connector (runner, store, connector, tokens);
    }
  else if (!pb_runner_set_config (runner, NULL, error))
    return NULL;
  return g_steal_pointer (&runner);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  PbRunnerResult *read = pb_runner_read_finish (PB_RUNNER (source), result, &error);

  /* A read that ended early keeps its error in the result (pb_runner_result_get_error). */
  if (read == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, read, g_object_unref);
}

void
pb_builder_test_read_async (PbBuilderProject    *project,
                            PbConnectorStore    *store,
                            PbTokenManager      *tokens,
                            const char          *stream,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (PbRunner) runner = NULL;
  GError *error = NULL;

  g_return_if_fail (PB_IS_BUILDER_PROJECT (project));
  g_return_if_fail (stream != NULL);

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_builder_test_read_async);
  runner = pb_builder_test_new_runner (project, store, tokens, &error);
  if (runner == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pb_runner_read_async (runner, stream, cancellable, read_cb, g_steal_pointer (&task));
}

PbRunnerResult *
pb_builder_test_read_finish (PbBuilderProject  *project,
                             GAsyncResult      *result,
                             GError           **error)
{
  g_autoptr (GError) local = NULL;
  PbRunnerResult *read;
  const GError *ended;

  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  read = g_task_propagate_pointer (G_TASK (result), &local);
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* One code for a cancelled test, whichever step noticed. */
      g_clear_error (&local);
      g_set_error_literal (&local, PB_ERROR, PB_ERROR_CANCELLED, _("The test was cancelled."));
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  ended = read != NULL ? pb_runner_result_get_error (read) : NULL;
  if (ended != NULL)
    g_propagate_error (error, g_error_copy (ended));
  return read;
}
