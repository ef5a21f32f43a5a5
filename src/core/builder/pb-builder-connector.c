/* pb-builder-connector.c: a connector made from a builder project's manifest, its key stored
 * in the keyring and the connector linked to the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-builder-connector.h"
#include "pb-error.h"

gboolean
pb_builder_connector_kind_for_manifest (PbManifest      *manifest,
                                        PbConnectorKind *out_kind)
{
  PbConnectorKind kind;

  g_return_val_if_fail (PB_IS_MANIFEST (manifest), FALSE);

  switch (pb_manifest_get_auth (manifest)->kind)
    {
    case PB_AUTH_API_KEY:
    case PB_AUTH_BEARER:
      kind = PB_CONNECTOR_KIND_API_KEY;
      break;
    case PB_AUTH_BASIC:
      kind = PB_CONNECTOR_KIND_BASIC;
      break;
    case PB_AUTH_OAUTH:
      kind = PB_CONNECTOR_KIND_OAUTH2;
      break;
    case PB_AUTH_NONE:
    default:
      return FALSE;
    }
  if (out_kind != NULL)
    *out_kind = kind;
  return TRUE;
}

/* url_base when it is a plain http(s) URL, not a "{{ config[…] }}" template. */
static gboolean
is_plain_url (const char *url)
{
  return url != NULL && strstr (url, "{{") == NULL
         && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

PbConnector *
pb_builder_connector_new_from_manifest (PbManifest  *manifest,
                                        const char  *name,
                                        GError     **error)
{
  PbManifestAuth *auth;
  PbConnectorKind kind;
  PbConnector *connector;
  const char *url_base;

  g_return_val_if_fail (PB_IS_MANIFEST (manifest), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!pb_builder_connector_kind_for_manifest (manifest, &kind))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("This manifest sends no credential, so it needs no connector. Choose an "
                     "authentication method first."));
      return NULL;
    }
  auth = pb_manifest_get_auth (manifest);
  connector = pb_connector_new (name, kind);
  url_base = pb_manifest_get_url_base (manifest);
  if (is_plain_url (url_base))
    pb_connector_set_base_url (connector, url_base);

  switch (auth->kind)
    {
    case PB_AUTH_API_KEY:
      if (auth->in_query)
        {
          pb_connector_set_auth_header (connector, NULL);
          pb_connector_set_auth_prefix (connector, NULL);
          pb_connector_set_auth_query_param (connector, auth->field_name != NULL
                                                        ? auth->field_name : "api_key");
        }
      else
        {
          pb_connector_set_auth_header (connector, auth->field_name != NULL
                                                   ? auth->field_name : "X-API-Key");
          pb_connector_set_auth_prefix (connector, auth->value_prefix);
        }
      break;
    case PB_AUTH_BEARER:
      pb_connector_set_auth_header (connector, PB_CONNECTOR_DEFAULT_AUTH_HEADER);
      pb_connector_set_auth_prefix (connector, PB_CONNECTOR_DEFAULT_AUTH_PREFIX);
      break;
    case PB_AUTH_OAUTH:
      pb_connector_set_token_url (connector, auth->token_url);
      pb_connector_set_auth_url (connector, auth->authorization_url);
      if (auth->scopes != NULL && auth->scopes[0] != NULL)
        {
          g_autofree char *scopes = g_strjoinv (" ", auth->scopes);

          pb_connector_set_scopes (connector, scopes);
        }
      break;
    case PB_AUTH_BASIC:
    case PB_AUTH_NONE:
    default:
      break;
    }
  return connector;
}

const char *
pb_builder_connector_secret_field (PbConnector *connector)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  switch (pb_connector_get_kind (connector))
    {
    case PB_CONNECTOR_KIND_BASIC:
      return PB_SECRET_PASSWORD;
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      return PB_SECRET_CLIENT_SECRET;
    case PB_CONNECTOR_KIND_API_KEY:
    default:
      return PB_SECRET_API_KEY;
    }
}

PbConnector *
pb_builder_connector_find_linked (PbBuilderProject *project,
                                  PbConnectorStore *store)
{
  const char *id;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);

  id = pb_builder_project_get_connector_id (project);
  return id != NULL ? pb_connector_store_find_by_id (store, id) : NULL;
}

typedef struct {
  PbConnectorStore *store;
  PbConnector      *connector;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->connector);
  g_free (job);
}

static void
set_secret_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbBuilderProject *project = g_task_get_source_object (task);
  CreateJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!pb_connector_store_set_secret_finish (PB_CONNECTOR_STORE (source), result, &error))
    {
      /* No connector without its key: take it out again (its keyring entries with it). */
      pb_connector_store_delete_async (job->store, job->connector, NULL, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pb_builder_project_set_connector_id (project, pb_connector_get_id (job->connector));
  g_task_return_pointer (task, job->connector, NULL);
}

void
pb_builder_connector_create_async (PbBuilderProject    *project,
                                   PbConnectorStore    *store,
                                   PbConnector         *connector,
                                   const char          *secret,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  CreateJob *job;

  g_return_if_fail (PB_IS_BUILDER_PROJECT (project));
  g_return_if_fail (PB_IS_CONNECTOR_STORE (store));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_builder_connector_create_async);
  job = g_new0 (CreateJob, 1);
  job->store = g_object_ref (store);
  job->connector = g_object_ref (connector);
  g_task_set_task_data (task, job, (GDestroyNotify) create_job_free);

  if (!pb_connector_store_add (store, connector, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (secret == NULL || *secret == '\0')
    {
      pb_builder_project_set_connector_id (project, pb_connector_get_id (connector));
      g_task_return_pointer (task, connector, NULL);
      return;
    }
  pb_connector_store_set_secret_async (store, connector,
                                       pb_builder_connector_secret_field (connector), secret,
                                       cancellable, set_secret_cb, g_steal_pointer (&task));
}

PbConnector *
pb_builder_connector_create_finish (PbBuilderProject  *project,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
