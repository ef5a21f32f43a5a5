/* pb-token-manager.c: OAuth 2.0 tokens kept valid: a token for use, sending with it, its status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-token-manager-private.h"

#include <string.h>

#include "pb-oauth-tokens.h"
#include "pb-vault.h"

#define DEFAULT_REFRESH_MARGIN 60

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

/* --- the connector needs signing in again --- */

void
pb_token_manager_mark_reconnect_needed (PbTokenManager *self,
                                        PbConnector    *connector,
                                        const GError   *error)
{
  pb_connector_set_state (connector, PB_CONNECTOR_STATE_RECONNECT_NEEDED, error->message);
  g_signal_emit (self, signals[RECONNECT_NEEDED], 0, connector);
}

static void
refresh_public_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *token
    = pb_token_manager_refresh_shared_finish (PB_TOKEN_MANAGER (source), result, &error);

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
  pb_token_manager_refresh_shared_async (self, connector, cancellable, refresh_public_cb, task);
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
  char *token
    = pb_token_manager_refresh_shared_finish (PB_TOKEN_MANAGER (source), result, &error);

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
  PbTokenLookup *values;
  gint64 expires_at = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  values = pb_token_manager_lookup_fields_finish (result, &error);
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

    pb_token_manager_refresh_shared_async (self, connector, cancellable, get_token_refreshed_cb,
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
  pb_token_manager_lookup_fields_async (self, connector, token_fields, cancellable,
                                        get_token_looked_up_cb, task);
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
      /* The provider stopped accepting the token early (revoked, clock skew): renew, try
       * once more. */
      data->retried = TRUE;
      {
        GCancellable *cancellable = g_task_get_cancellable (task);

        pb_token_manager_refresh_shared_async (self, data->connector, cancellable,
                                               send_got_token_cb, g_steal_pointer (&task));
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

  if (g_task_get_source_tag (G_TASK (result)) == pb_token_manager_refresh_shared_async)
    token = pb_token_manager_refresh_shared_finish (self, result, &error);
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
  PbTokenLookup *values;
  PbTokenStatus *status;
  const char *scopes;

  values = pb_token_manager_lookup_fields_finish (result, &error);
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
  pb_token_manager_lookup_fields_async (self, connector, status_fields, cancellable,
                                        status_looked_up_cb, task);
}

PbTokenStatus *
pb_token_manager_get_status_finish (PbTokenManager  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
