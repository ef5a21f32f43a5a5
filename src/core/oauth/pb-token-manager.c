/* pb-token-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-token-manager.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-vault.h"

#define DEFAULT_REFRESH_MARGIN 60

struct _PbTokenManager
{
  GObject parent_instance;

  PbConnectorStore *store;
  PbHttp *http;
  guint refresh_margin;

  /* connector id → GPtrArray of GTask: everyone waiting for the one refresh in flight */
  GHashTable *pending;
};

G_DEFINE_FINAL_TYPE (PbTokenManager, pb_token_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_HTTP,
  PROP_REFRESH_MARGIN,
  N_PROPS
};

enum {
  RECONNECT_NEEDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
pb_token_status_free (PbTokenStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->scopes);
  g_free (status);
}

static void
pb_token_manager_dispose (GObject *object)
{
  PbTokenManager *self = PB_TOKEN_MANAGER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->http);

  G_OBJECT_CLASS (pb_token_manager_parent_class)->dispose (object);
}

static void
pb_token_manager_finalize (GObject *object)
{
  PbTokenManager *self = PB_TOKEN_MANAGER (object);

  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (pb_token_manager_parent_class)->finalize (object);
}

static void
pb_token_manager_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PbTokenManager *self = PB_TOKEN_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_HTTP:
      self->http = g_value_dup_object (value);
      break;
    case PROP_REFRESH_MARGIN:
      pb_token_manager_set_refresh_margin (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_token_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PbTokenManager *self = PB_TOKEN_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_HTTP:
      g_value_set_object (value, self->http);
      break;
    case PROP_REFRESH_MARGIN:
      g_value_set_uint (value, self->refresh_margin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_token_manager_constructed (GObject *object)
{
  PbTokenManager *self = PB_TOKEN_MANAGER (object);

  G_OBJECT_CLASS (pb_token_manager_parent_class)->constructed (object);

  if (self->http == NULL)
    self->http = g_object_ref (pb_http_get_default ());
}

static void
pb_token_manager_class_init (PbTokenManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_token_manager_dispose;
  object_class->finalize = pb_token_manager_finalize;
  object_class->set_property = pb_token_manager_set_property;
  object_class->get_property = pb_token_manager_get_property;
  object_class->constructed = pb_token_manager_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP] =
    g_param_spec_object ("http", NULL, NULL, PB_TYPE_HTTP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_MARGIN] =
    g_param_spec_uint ("refresh-margin", NULL, NULL, 0, G_MAXUINT, DEFAULT_REFRESH_MARGIN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RECONNECT_NEEDED] =
    g_signal_new ("reconnect-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PB_TYPE_CONNECTOR);
}

static void
pb_token_manager_init (PbTokenManager *self)
{
  self->refresh_margin = DEFAULT_REFRESH_MARGIN;
  self->pending
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
}

PbTokenManager *
pb_token_manager_new (PbConnectorStore *store,
                      PbHttp           *http)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);

  return g_object_new (PB_TYPE_TOKEN_MANAGER, "store", store, "http", http, NULL);
}

guint
pb_token_manager_get_refresh_margin (PbTokenManager *self)
{
  g_return_val_if_fail (PB_IS_TOKEN_MANAGER (self), 0);
  return self->refresh_margin;
}

void
pb_token_manager_set_refresh_margin (PbTokenManager *self,
                                     guint           seconds)
{
  g_return_if_fail (PB_IS_TOKEN_MANAGER (self));

  if (self->refresh_margin == seconds)
    return;
  self->refresh_margin = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_MARGIN]);
}

/* --- reading several keyring fields in a row --- */

typedef struct {
  char *connector_id;
  const char * const *fields;
  char **values;   /* same length as fields */
  guint next;
} LookupData;

static void
lookup_data_free (LookupData *data)
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
  LookupData *data = g_task_get_task_data (task);
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
  LookupData *data = g_task_get_task_data (task);
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

/* Finishes with the values (g_task_get_task_data → LookupData) in FIELDS' order. */
static void
lookup_fields_async (PbTokenManager      *self,
                     PbConnector         *connector,
                     const char * const  *fields,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  LookupData *data = g_new0 (LookupData, 1);

  data->connector_id = g_strdup (pb_connector_get_id (connector));
  data->fields = fields;
  data->values = g_new0 (char *, g_strv_length ((char **) fields) + 1);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  lookup_next (task);
}

static LookupData *
lookup_fields_finish (GAsyncResult  *result,
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

static void
mark_reconnect_needed (PbTokenManager *self,
                       PbConnector    *connector,
                       const GError   *error)
{
  pb_connector_set_state (connector, PB_CONNECTOR_STATE_RECONNECT_NEEDED, error->message);
  g_signal_emit (self, signals[RECONNECT_NEEDED], 0, connector);
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
        mark_reconnect_needed (data->self, data->connector, error);
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
  LookupData *secrets;
  const char *refresh_token;
  const char *client_secret;
  const char *scopes;

  secrets = lookup_fields_finish (result, &error);
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
          mark_reconnect_needed (data->self, data->connector, error);
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

/* Finishes with the new access token (pb_vault_free_secret). */
static void
refresh_token_async (PbTokenManager      *self,
                     PbConnector         *connector,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *waiters;
  RefreshData *data;
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, refresh_token_async);
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
  lookup_fields_async (self, connector, refresh_fields, NULL, refresh_secrets_cb, data);
}

static char *
refresh_token_finish (PbTokenManager  *self,
                      GAsyncResult    *result,
                      GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
refresh_public_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *token = refresh_token_finish (PB_TOKEN_MANAGER (source), result, &error);

  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pb_vault_free_secret (token);
  g_task_return_boolean (task, TRUE);
}

void
pb_token_manager_refresh_async (PbTokenManager      *self,
                                PbConnector         *connector,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_token_manager_refresh_async);
  refresh_token_async (self, connector, cancellable, refresh_public_cb, task);
}

gboolean
pb_token_manager_refresh_finish (PbTokenManager  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- a valid access token --- */

static const char * const token_fields[] = {
  PB_SECRET_ACCESS_TOKEN, PB_SECRET_TOKEN_EXPIRY, PB_SECRET_REFRESH_TOKEN, NULL
};

static void
get_token_refreshed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *token = refresh_token_finish (PB_TOKEN_MANAGER (source), result, &error);

  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify) pb_vault_free_secret);
}

static void
get_token_looked_up_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbTokenManager *self = g_task_get_source_object (task);
  PbConnector *connector = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  LookupData *values;
  gint64 expires_at = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  values = lookup_fields_finish (result, &error);
  if (values == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (values->values[1] != NULL)
    expires_at = g_ascii_strtoll (values->values[1], NULL, 10);

  if (values->values[0] != NULL
      && (expires_at == 0 || expires_at - now > (gint64)self->refresh_margin ||
          /* Nothing to renew it with yet: use it while it lasts, renew once it is gone. */
          (expires_at > now && values->values[2] == NULL
           && !pb_oauth_uses_client_credentials (connector))))
    {
      g_task_return_pointer (task, g_strdup (values->values[0]),
                             (GDestroyNotify)pb_vault_free_secret);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    refresh_token_async (self, connector, cancellable, get_token_refreshed_cb,
                         g_steal_pointer (&task));
  }
}

void
pb_token_manager_get_token_async (PbTokenManager      *self,
                                  PbConnector         *connector,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_token_manager_get_token_async);
  g_task_set_task_data (task, g_object_ref (connector), g_object_unref);
  lookup_fields_async (self, connector, token_fields, cancellable, get_token_looked_up_cb, task);
}

char *
pb_token_manager_get_token_finish (PbTokenManager  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- sending with a token --- */

typedef struct {
  PbConnector *connector;
  SoupMessage *message;
  gsize max_bytes;
  gboolean retried;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->connector);
  g_clear_object (&data->message);
  g_free (data);
}

static void send_got_token_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbTokenManager *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;

  body = pb_http_send_finish (PB_HTTP (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (soup_message_get_status (data->message) == SOUP_STATUS_UNAUTHORIZED && !data->retried)
    {
      /* The provider stopped accepting the token early (revoked, clock skew): renew, try once more.
       */
      data->retried = TRUE;
      {
        GCancellable *cancellable = g_task_get_cancellable (task);

        refresh_token_async (self, data->connector, cancellable, send_got_token_cb,
                             g_steal_pointer (&task));
      }
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

static void
send_got_token_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbTokenManager *self = PB_TOKEN_MANAGER (source);
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *header = NULL;
  char *token;

  if (g_task_get_source_tag (G_TASK (result)) == refresh_token_async)
    token = refresh_token_finish (self, result, &error);
  else
    token = pb_token_manager_get_token_finish (self, result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  header = g_strconcat ("Bearer ", token, NULL);
  /* The debug log masks the token wherever the answer echoes it. */
  pb_http_message_add_secret (data->message, token);
  pb_vault_free_secret (token);
  soup_message_headers_replace (soup_message_get_request_headers (data->message), "Authorization",
                                header);
  memset (header, 0, strlen (header));

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    pb_http_send_async (self->http, data->message, data->max_bytes, cancellable,
                        send_done_cb, g_steal_pointer (&task));
  }
}

void
pb_token_manager_send_async (PbTokenManager      *self,
                             PbConnector         *connector,
                             SoupMessage         *message,
                             gsize                max_bytes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  SendData *data;

  g_return_if_fail (PB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_token_manager_send_async);
  data = g_new0 (SendData, 1);
  data->connector = g_object_ref (connector);
  data->message = g_object_ref (message);
  data->max_bytes = max_bytes;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  pb_token_manager_get_token_async (self, connector, cancellable, send_got_token_cb, task);
}

GBytes *
pb_token_manager_send_finish (PbTokenManager  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- status --- */

static const char * const status_fields[] = {
  PB_SECRET_ACCESS_TOKEN, PB_SECRET_REFRESH_TOKEN, PB_SECRET_TOKEN_EXPIRY, NULL
};

static void
status_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnector *connector = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  LookupData *values;
  PbTokenStatus *status;
  const char *scopes;

  values = lookup_fields_finish (result, &error);
  if (values == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = g_new0 (PbTokenStatus, 1);
  status->has_access_token = values->values[0] != NULL;
  status->has_refresh_token = values->values[1] != NULL;
  if (values->values[2] != NULL)
    status->expires_at = g_ascii_strtoll (values->values[2], NULL, 10);
  scopes = pb_connector_get_setting (connector, PB_OAUTH_SETTING_GRANTED_SCOPES);
  if (scopes == NULL || *scopes == '\0')
    scopes = pb_connector_get_scopes (connector);
  status->scopes = g_strdup (scopes != NULL && *scopes != '\0' ? scopes : NULL);
  g_task_return_pointer (task, status, (GDestroyNotify) pb_token_status_free);
}

void
pb_token_manager_get_status_async (PbTokenManager      *self,
                                   PbConnector         *connector,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_TOKEN_MANAGER (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_token_manager_get_status_async);
  g_task_set_task_data (task, g_object_ref (connector), g_object_unref);
  lookup_fields_async (self, connector, status_fields, cancellable, status_looked_up_cb, task);
}

PbTokenStatus *
pb_token_manager_get_status_finish (PbTokenManager  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
