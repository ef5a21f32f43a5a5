/* pb-token-manager-refresh.c: renewing tokens, one token request per connector at a time,
 * and reading the keyring fields that takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-token-manager-private.h"
#include "pb-vault.h"

/* --- reading several keyring fields in a row --- */

static void
lookup_data_free (PbTokenLookup *data)
{
  for (guint i = 0; data->fields[i] != NULL; i++)
    pb_vault_free_secret (data->values[i]);
  g_free (data->values);
  g_free (data->connector_id);
  g_free (data);
}

static void lookup_next (GTask *task);

static void
lookup_field_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbTokenLookup *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  data->values[data->next] = pb_vault_lookup_finish (PB_VAULT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->next++;
  lookup_next (g_steal_pointer (&task));
}

static void
lookup_next (GTask *task)
{
  PbTokenLookup *data = g_task_get_task_data (task);
  PbTokenManager *self = g_task_get_source_object (task);

  if (data->fields[data->next] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  pb_vault_lookup_async (pb_connector_store_get_vault (self->store), data->connector_id,
                         data->fields[data->next], g_task_get_cancellable (task),
                         lookup_field_cb, task);
}

void
pb_token_manager_lookup_fields_async (PbTokenManager      *self,
                                      PbConnector         *connector,
                                      const char * const  *fields,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PbTokenLookup *data = g_new0 (PbTokenLookup, 1);

  data->connector_id = g_strdup (pb_connector_get_id (connector));
  data->fields = fields;
  data->values = g_new0 (char *, g_strv_length ((char **) fields) + 1);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  lookup_next (task);
}

PbTokenLookup *
pb_token_manager_lookup_fields_finish (GAsyncResult  *result,
                                       GError       **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

/* --- refresh (one request per connector at a time) --- */

static const char *const refresh_fields[]
  = { PB_SECRET_REFRESH_TOKEN, PB_SECRET_CLIENT_SECRET, NULL };

typedef struct {
  PbTokenManager *self;
  PbConnector *connector;
  SoupMessage *message;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->connector);
  g_clear_object (&data->message);
  g_free (data);
}

/* Hands the one result to everyone who asked for it. */
static void
refresh_done (RefreshData  *data,
              const char   *access_token,
              const GError *error)
{
  g_autoptr (GPtrArray) waiters = NULL;
  gpointer key = NULL;

  if (!g_hash_table_steal_extended (data->self->pending, pb_connector_get_id (data->connector),
                                    &key, (gpointer *) &waiters))
    g_return_if_reached ();
  g_free (key);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_pointer (waiter, g_strdup (access_token),
                               (GDestroyNotify)pb_vault_free_secret);
    }
  g_ptr_array_set_free_func (waiters, g_object_unref);
  refresh_data_free (data);
}

typedef struct {
  RefreshData *refresh;
  PbOAuthTokens *tokens;
} StoredData;

static void
refresh_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StoredData *stored = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_oauth_tokens_store_finish (result, &error))
    refresh_done (stored->refresh, NULL, error);
  else
    refresh_done (stored->refresh, stored->tokens->access_token, NULL);
  pb_oauth_tokens_free (stored->tokens);
  g_free (stored);
}

static void
refresh_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RefreshData *data = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  PbOAuthTokens *tokens;
  StoredData *stored;

  body = pb_http_send_finish (PB_HTTP (source), result, &error);
  if (error != NULL)
    {
      refresh_done (data, NULL, error);
      return;
    }

  tokens = pb_oauth_tokens_parse (data->message, body, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED))
        pb_token_manager_mark_reconnect_needed (data->self, data->connector, error);
      refresh_done (data, NULL, error);
      return;
    }

  stored = g_new0 (StoredData, 1);
  stored->refresh = data;
  stored->tokens = tokens;
  pb_oauth_tokens_store_async (data->self->store, data->connector, tokens, NULL, refresh_stored_cb,
                               stored);
}

static void
refresh_secrets_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RefreshData *data = user_data;
  g_autoptr (GError) error = NULL;
  PbTokenLookup *secrets;
  const char *refresh_token;
  const char *client_secret;
  const char *scopes;

  secrets = pb_token_manager_lookup_fields_finish (result, &error);
  if (secrets == NULL)
    {
      refresh_done (data, NULL, error);
      return;
    }
  refresh_token = secrets->values[0];
  client_secret = secrets->values[1];
  scopes = pb_connector_get_scopes (data->connector);

  if (pb_oauth_uses_client_credentials (data->connector))
    {
      data->message = pb_oauth_token_request_new (
        data->connector, client_secret, &error, "grant_type", "client_credentials", "scope",
        scopes != NULL && *scopes != '\0' ? scopes : NULL, NULL);
    }
  else if (refresh_token == NULL)
    {
      if (pb_connector_has_secret (data->connector, PB_SECRET_ACCESS_TOKEN))
        {
          g_set_error (&error, PB_ERROR, PB_ERROR_REAUTH_NEEDED,
                       _("The sign-in of “%s” ran out and the provider gave no way to renew it. "
                          "Connect again."),
                       pb_connector_get_name (data->connector));
          pb_token_manager_mark_reconnect_needed (data->self, data->connector, error);
        }
      else
        {
          g_set_error (
            &error, PB_ERROR, PB_ERROR_OAUTH,
            _("“%s” is not connected yet. Connect it first (plugboard-cli connect %s)."),
            pb_connector_get_name (data->connector), pb_connector_get_name (data->connector));
        }
    }
  else
    {
      data->message = pb_oauth_token_request_new (data->connector, client_secret, &error,
                                                  "grant_type", "refresh_token",
                                                  "refresh_token", refresh_token,
                                                  NULL);
    }

  if (data->message == NULL)
    {
      refresh_done (data, NULL, error);
      return;
    }

  pb_http_send_async (data->self->http, data->message, 1024 * 1024, NULL, refresh_sent_cb, data);
}

void
pb_token_manager_refresh_shared_async (PbTokenManager      *self,
                                       PbConnector         *connector,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *waiters;
  RefreshData *data;
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, pb_token_manager_refresh_shared_async);
  /* The shared request is never cancelled: another caller may still want its result. */
  g_task_set_check_cancellable (task, FALSE);

  if (!pb_oauth_check_connector (connector, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  waiters = g_hash_table_lookup (self->pending, pb_connector_get_id (connector));
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, task);
      return;
    }

  waiters = g_ptr_array_new ();
  g_ptr_array_add (waiters, task);
  g_hash_table_insert (self->pending, g_strdup (pb_connector_get_id (connector)), waiters);

  data = g_new0 (RefreshData, 1);
  data->self = g_object_ref (self);
  data->connector = g_object_ref (connector);
  pb_token_manager_lookup_fields_async (self, connector, refresh_fields, NULL,
                                        refresh_secrets_cb, data);
}

char *
pb_token_manager_refresh_shared_finish (PbTokenManager  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
