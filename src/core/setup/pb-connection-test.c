/* pb-connection-test.c: sends a definition's check request and explains the answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-connection-test-private.h"
#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-token-manager.h"
#include "pb-validate.h"

G_DEFINE_FINAL_TYPE (PbConnectionTest, pb_connection_test, G_TYPE_OBJECT)

void
pb_check_result_free (PbCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->summary);
  g_free (result->explanation);
  g_free (result->suggestion);
  g_free (result->sent_header);
  g_free (result->sent_prefix);
  g_free (result->sent_query_param);
  g_free (result);
}

char *
pb_check_result_format (const PbCheckResult *result)
{
  GString *s = g_string_new (result->summary);

  if (result->explanation != NULL)
    g_string_append_printf (s, "\n%s", result->explanation);
  if (result->suggestion != NULL)
    g_string_append_printf (s, "\n%s", result->suggestion);
  return g_string_free (s, FALSE);
}

static const char * const outcome_ids[] = {
  [PB_CHECK_OK] = "ok",
  [PB_CHECK_INCOMPLETE] = "incomplete",
  [PB_CHECK_NOT_SIGNED_IN] = "not-signed-in",
  [PB_CHECK_REFUSED] = "refused",
  [PB_CHECK_FORBIDDEN] = "forbidden",
  [PB_CHECK_NOT_FOUND] = "not-found",
  [PB_CHECK_RATE_LIMITED] = "rate-limited",
  [PB_CHECK_SERVER_ERROR] = "server-error",
  [PB_CHECK_UNEXPECTED] = "unexpected",
  [PB_CHECK_TIMEOUT] = "timeout",
  [PB_CHECK_NETWORK] = "network",
  [PB_CHECK_TLS] = "tls",
  [PB_CHECK_CREDENTIAL_NOT_SENT] = "credential-not-sent",
};

const char *
pb_check_outcome_to_string (PbCheckOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_ids), "unexpected");
  return outcome_ids[outcome];
}

gboolean
pb_check_outcome_from_string (const char     *id,
                              PbCheckOutcome *out_outcome)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (outcome_ids); i++)
    if (g_strcmp0 (outcome_ids[i], id) == 0)
      {
        *out_outcome = i;
        return TRUE;
      }
  return FALSE;
}

static void
pb_connection_test_finalize (GObject *object)
{
  PbConnectionTest *self = PB_CONNECTION_TEST (object);

  g_clear_object (&self->store);
  g_clear_object (&self->definition);
  g_clear_object (&self->connector);
  g_clear_object (&self->http);
  g_clear_object (&self->token_manager);
  G_OBJECT_CLASS (pb_connection_test_parent_class)->finalize (object);
}

static void
pb_connection_test_class_init (PbConnectionTestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_connection_test_finalize;
}

static void
pb_connection_test_init (PbConnectionTest *self)
{
  self->timeout = DEFAULT_TIMEOUT;
}

PbConnectionTest *
pb_connection_test_new (PbConnectorStore *store,
                        PbDefinition     *definition,
                        PbConnector      *connector)
{
  PbConnectionTest *self;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_DEFINITION (definition), NULL);
  g_return_val_if_fail (connector == NULL || PB_IS_CONNECTOR (connector), NULL);

  self = g_object_new (PB_TYPE_CONNECTION_TEST, NULL);
  self->store = g_object_ref (store);
  self->definition = g_object_ref (definition);
  self->connector = connector ? g_object_ref (connector) : NULL;
  self->http = g_object_ref (pb_http_get_default ());
  return self;
}

void
pb_connection_test_set_http (PbConnectionTest *self,
                             PbHttp           *http)
{
  g_set_object (&self->http, http);
}

void
pb_connection_test_set_token_manager (PbConnectionTest *self,
                                      PbTokenManager   *manager)
{
  g_return_if_fail (PB_IS_CONNECTION_TEST (self));
  g_return_if_fail (manager == NULL || PB_IS_TOKEN_MANAGER (manager));

  g_set_object (&self->token_manager, manager);
}

static gboolean
uses_oauth (PbConnectionTest *self)
{
  PbConnectorKind kind = pb_connector_get_kind (self->connector);

  return kind == PB_CONNECTOR_KIND_OAUTH2 || kind == PB_CONNECTOR_KIND_INTERCOM;
}

void
pb_connection_test_set_timeout (PbConnectionTest *self,
                                guint             seconds)
{
  self->timeout = MAX (seconds, 1);
}


static void
run_data_free (RunData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  if (data->caller != NULL && data->caller_handler != 0)
    g_cancellable_disconnect (data->caller, data->caller_handler);
  g_clear_object (&data->caller);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->message);
  g_free (data->host);
  g_free (data->shown_url);
  g_free (data);
}

static gboolean
on_timeout (gpointer user_data)
{
  RunData *data = user_data;

  data->timeout_id = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
finish_with (GTask         *task,
             PbCheckResult *result)
{
  PbConnectionTest *self = g_task_get_source_object (task);

  result->tested_at = g_get_real_time ();
  if (self->connector != NULL)
    {
      pb_connector_set_last_test (self->connector, pb_check_outcome_to_string (result->outcome),
                                  result->status, result->tested_at);
      if (result->outcome == PB_CHECK_OK)
        pb_connector_set_state (self->connector, PB_CONNECTOR_STATE_READY, NULL);
      else if (result->outcome == PB_CHECK_INCOMPLETE)
        pb_connector_set_state (self->connector, PB_CONNECTOR_STATE_NEEDS_SETUP, result->summary);
      else
        pb_connector_set_state (self->connector, PB_CONNECTOR_STATE_NEEDS_ATTENTION,
                                result->summary);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) pb_check_result_free);
}

static void
send_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectionTest *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;

  if (PB_IS_TOKEN_MANAGER (source))
    body = pb_token_manager_send_finish (PB_TOKEN_MANAGER (source), res, &error);
  else
    body = pb_http_send_finish (PB_HTTP (source), res, &error);
  g_clear_handle_id (&data->timeout_id, g_source_remove);

  if (error != NULL)
    {
      if (data->timed_out)
        {
          finish_with (
            task,
            pb_connection_test_result_new (
              PB_CHECK_TIMEOUT, 0,
              g_strdup_printf (_("%s did not answer within %u seconds."), data->host,
                               self->timeout),
              g_strdup (_("The server is slow or unreachable from here, or a firewall drops the "
                          "connection.")),
              g_strdup (_("Check the address and your network, then test again."))));
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, PB_ERROR, PB_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (g_error_matches (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED))
        {
          /* Refused with 401, and the refresh that followed was refused too. */
          finish_with (
            task,
            pb_connection_test_result_new (
              PB_CHECK_NOT_SIGNED_IN, 401,
              g_strdup_printf (_("The sign-in to %s ran out."),
                               pb_definition_get_name (self->definition)),
              g_strdup (
                _("The provider no longer accepts the saved sign-in: it was revoked or expired.")),
              g_strdup (_("Sign in again, then test again."))));
          return;
        }
      if (g_error_matches (error, PB_ERROR, PB_ERROR_TLS))
        {
          finish_with (
            task,
            pb_connection_test_result_new (
              PB_CHECK_TLS, 0,
              g_strdup_printf (_("The secure connection to %s failed."), data->host),
              g_strdup (error->message),
              g_strdup (_("Check that the base URL is right. A company proxy or a wrong clock can "
                          "also cause this."))));
          return;
        }
      finish_with (
        task, pb_connection_test_result_new (
                PB_CHECK_NETWORK, 0, g_strdup_printf (_("Could not connect to %s."), data->host),
                g_strdup (error->message),
                g_strdup (_("Check the base URL (and region or subdomain) and your internet "
                            "connection."))));
      return;
    }

  finish_with (task, pb_connection_test_explain_status (
                       self, data, soup_message_get_status (data->message), body));
}

static char *
join_url (const char *base,
          const char *path)
{
  gboolean base_slash = g_str_has_suffix (base, "/");
  gboolean path_slash = g_str_has_prefix (path, "/");

  if (base_slash && path_slash)
    return g_strconcat (base, path + 1, NULL);
  if (!base_slash && !path_slash)
    return g_strconcat (base, "/", path, NULL);
  return g_strconcat (base, path, NULL);
}

static void send_request (GTask *task, const char *secret);

static void
lookup_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectionTest *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) secret = NULL;

  secret = pb_vault_lookup_finish (PB_VAULT (source), res, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (secret == NULL)
    {
      finish_with (task, pb_connection_test_result_new (
                           PB_CHECK_INCOMPLETE, 0,
                           g_strdup_printf (_("The %s is not in the keyring."),
                                            pb_connection_test_secret_title (self)),
                           NULL,
                           g_strdup_printf (_("Enter the %s, then test again."),
                                            pb_connection_test_secret_title (self))));
      return;
    }
  send_request (g_steal_pointer (&task), secret);
}

/* OAuth: the token comes from PbTokenManager, which renews an expired one first. */
static void
token_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectionTest *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *token;
  const char *service = pb_connection_test_service_name (self);

  token = pb_token_manager_get_token_finish (PB_TOKEN_MANAGER (source), res, &error);
  if (token != NULL)
    {
      send_request (g_steal_pointer (&task), token);
      pb_vault_free_secret (token);
      return;
    }

  if (data->timed_out)
    {
      g_clear_handle_id (&data->timeout_id, g_source_remove);
      finish_with (
        task, pb_connection_test_result_new (
                PB_CHECK_TIMEOUT, 0,
                g_strdup_printf (_("Renewing the sign-in to %s took longer than %u seconds."),
                                 service, self->timeout),
                g_strdup (_("The provider’s token address is slow or unreachable from here.")),
                g_strdup (_("Check your network, then test again."))));
      return;
    }
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, PB_ERROR, PB_ERROR_CANCELLED) ||
      g_error_matches (error, PB_ERROR, PB_ERROR_NO_KEYRING) ||
      g_error_matches (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_error_matches (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED))
    finish_with (
      task,
      pb_connection_test_result_new (
        PB_CHECK_NOT_SIGNED_IN, 0, g_strdup_printf (_("The sign-in to %s ran out."), service),
        g_strdup (
          _("The provider no longer accepts the saved sign-in: it was revoked or expired.")),
        g_strdup (_("Sign in again, then test again."))));
  else if (g_error_matches (error, PB_ERROR, PB_ERROR_OAUTH) &&
           !pb_connector_has_secret (self->connector, PB_SECRET_ACCESS_TOKEN) &&
           !pb_connector_has_secret (self->connector, PB_SECRET_REFRESH_TOKEN))
    finish_with (task, pb_connection_test_result_new (PB_CHECK_NOT_SIGNED_IN, 0,
                                   g_strdup_printf (_("Not signed in to %s yet."), service),
                                   NULL, g_strdup (_("Sign in first, then test again."))));
  else if (g_error_matches (error, PB_ERROR, PB_ERROR_NETWORK)
           || g_error_matches (error, PB_ERROR, PB_ERROR_TLS))
    finish_with (task,
                 pb_connection_test_result_new (PB_CHECK_NETWORK, 0,
                             g_strdup_printf (_("Could not renew the sign-in to %s."), service),
                             g_strdup (error->message),
                             g_strdup (_("Check your internet connection, then test again."))));
  else
    finish_with (task,
                 pb_connection_test_result_new (PB_CHECK_UNEXPECTED, 0,
                             g_strdup_printf (_("Could not renew the sign-in to %s."), service),
                             g_strdup (error->message),
                             g_strdup (_("Sign in again if this keeps happening."))));
}

/* Puts the credential header on; TRUE if HEADERS then carry NAME with exactly VALUE. Values
 * saved before the shared checks existed may hold a line break: libsoup would refuse them
 * with a critical warning, so they are not even offered. */
static gboolean
set_credential_header (SoupMessageHeaders *headers,
                       const char         *name,
                       const char         *value)
{
  const char *sent;

  if (!pb_validate_credential_header ("", name, NULL) || !pb_validate_single_line ("", value, NULL))
    return FALSE;
  soup_message_headers_replace (headers, name, value);
  sent = soup_message_headers_get_one (headers, name);
  return sent != NULL && *sent != '\0' && g_strcmp0 (sent, value) == 0;
}

/* TRUE if MESSAGE's URL carries PARAM=SECRET in its query. */
static gboolean
query_carries (SoupMessage *message,
               const char  *param,
               const char  *secret)
{
  GUri *uri = soup_message_get_uri (message);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  g_autoptr (GHashTable) params = NULL;

  if (query == NULL)
    return FALSE;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  return params != NULL && g_strcmp0 (g_hash_table_lookup (params, param), secret) == 0;
}

static PbCheckResult *
credential_not_attached (PbConnectionTest *self)
{
  return pb_connection_test_result_new (
    PB_CHECK_CREDENTIAL_NOT_SENT, 0,
    g_strdup_printf (_("The %s could not be added to the request, so nothing was sent."),
                     pb_connection_test_secret_title (self)),
    g_strdup (_("The header name, the prefix or the secret holds something an HTTP request "
                "cannot carry, such as a line break or a header the connection sets itself.")),
    g_strdup (_("Check the header, prefix and secret in the connector’s settings, then test "
                "again.")));
}

static void
send_request (GTask      *task_in,
              const char *secret)
{
  g_autoptr (GTask) task = task_in;
  PbConnectionTest *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GHashTable) values = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *base = pb_connector_get_base_url (self->connector);
  const char *query_param = pb_connector_get_auth_query_param (self->connector);
  const char *body;
  SoupMessageHeaders *headers;
  GHashTableIter iter;
  gpointer key, value;
  gboolean attached = FALSE;

  /* The test path may use the connector's settings ("{check-path}"). */
  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    g_auto (GStrv) keys = pb_connector_list_settings (self->connector);

    for (guint i = 0; keys && keys[i]; i++)
      g_hash_table_insert (values, g_strdup (keys[i]),
                           g_strdup (pb_connector_get_setting (self->connector, keys[i])));
  }
  path = pb_definition_expand_check_path (self->definition, values);
  url = join_url (base, path ? path : "/");
  if (query_param != NULL && *query_param != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (secret, NULL, FALSE);
      char *with_key
        = g_strdup_printf ("%s%c%s=%s", url, strchr (url, '?') ? '&' : '?', query_param, escaped);

      memset (escaped, 0, strlen (escaped));
      g_free (url);
      url = with_key;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      memset (url, 0, strlen (url));
      finish_with (
        task,
        pb_connection_test_result_new (
          PB_CHECK_INCOMPLETE, 0, g_strdup (_("The base URL is not a valid web address.")), NULL,
          g_strdup (_("Enter an address such as https://api.example.com, then test again."))));
      return;
    }

  data->host = g_strdup (g_uri_get_host (uri));
  {
    g_autoptr (GUri) shown
      = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
    data->shown_url = g_uri_to_string (shown);
  }

  data->message
    = soup_message_new_from_uri (pb_definition_get_check_method (self->definition), uri);
  memset (url, 0, strlen (url));
  headers = soup_message_get_request_headers (data->message);

  {
    g_autoptr (GHashTable) extra = pb_definition_expand_headers (self->definition, values);

    g_hash_table_iter_init (&iter, extra);
    while (g_hash_table_iter_next (&iter, &key, &value))
      soup_message_headers_replace (headers, key, value);
  }
  if (soup_message_headers_get_one (headers, "Accept") == NULL)
    soup_message_headers_replace (headers, "Accept", "application/json");

  switch (pb_connector_get_kind (self->connector))
    {
    case PB_CONNECTOR_KIND_BASIC:
      {
        const char *username = pb_connector_get_username (self->connector);
        g_autofree char *pair = g_strdup_printf ("%s:%s", username ? username : "", secret);
        g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
        g_autofree char *header = g_strdup_printf ("Basic %s", encoded);

        pb_http_message_add_secret (data->message, secret);
        pb_http_message_add_secret (data->message, pair);
        attached = set_credential_header (headers, "Authorization", header)
                   && pb_validate_username ("", username, NULL);
        memset (pair, 0, strlen (pair));
        memset (encoded, 0, strlen (encoded));
        memset (header, 0, strlen (header));
      }
      break;

    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      {
        g_autofree char *header = g_strdup_printf ("Bearer %s", secret);

        pb_http_message_add_secret (data->message, secret);
        attached = set_credential_header (headers, "Authorization", header);
        memset (header, 0, strlen (header));
      }
      break;

    case PB_CONNECTOR_KIND_API_KEY:
    default:
      if (query_param == NULL || *query_param == '\0')
        {
          const char *name = pb_connector_get_auth_header (self->connector);
          const char *prefix = pb_connector_get_auth_prefix (self->connector);
          g_autofree char *header = NULL;

          if (name == NULL || *name == '\0')
            name = "Authorization";
          /* "Bearer" + " " + key; "Token token=" + key; "" → the key alone. */
          if (prefix == NULL || *prefix == '\0')
            header = g_strdup (secret);
          else if (g_str_has_suffix (prefix, "=") || g_str_has_suffix (prefix, " "))
            header = g_strconcat (prefix, secret, NULL);
          else
            header = g_strconcat (prefix, " ", secret, NULL);
          pb_http_message_add_secret_name (data->message, name);
          pb_http_message_add_secret (data->message, secret);
          attached = set_credential_header (headers, name, header);
          memset (header, 0, strlen (header));
        }
      else
        {
          pb_http_message_add_secret_name (data->message, query_param);
          pb_http_message_add_secret (data->message, secret);
          attached = query_carries (data->message, query_param, secret);
        }
      break;
    }

  /* A value libsoup refuses (a line break in the prefix or key, a header it manages) leaves
   * the request without its credential: never send that and call the answer a success. */
  if (!attached)
    {
      finish_with (task, credential_not_attached (self));
      return;
    }

  body = pb_definition_get_check_body (self->definition);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      const char *type = pb_definition_get_check_content_type (self->definition);

      soup_message_set_request_body_from_bytes (data->message, type ? type : "application/json",
                                                bytes);
    }

  if (data->timeout_id == 0)
    data->timeout_id = g_timeout_add_seconds (self->timeout, on_timeout, data);
  /* OAuth: a 401 gets one refresh and one more try. */
  if (uses_oauth (self))
    pb_token_manager_send_async (self->token_manager, self->connector, data->message, MAX_BODY,
                                 data->cancellable, send_cb, g_steal_pointer (&task));
  else
    pb_http_send_async (self->http, data->message, MAX_BODY, data->cancellable, send_cb,
                        g_steal_pointer (&task));
}

void
pb_connection_test_run_async (PbConnectionTest    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  RunData *data;
  const char *base;

  g_return_if_fail (PB_IS_CONNECTION_TEST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_connection_test_run_async);

  data = g_new0 (RunData, 1);
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    data->cancellable, NULL);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  base = self->connector ? pb_connector_get_base_url (self->connector) : NULL;
  if (self->connector == NULL || base == NULL || *base == '\0')
    {
      finish_with (task,
                   pb_connection_test_result_new (
                     PB_CHECK_INCOMPLETE, 0, g_strdup (_("The connector is not set up yet.")),
                     NULL, g_strdup (_("Fill in the required settings, then test again."))));
      return;
    }

  if (uses_oauth (self))
    {
      if (self->token_manager == NULL)
        self->token_manager = pb_token_manager_new (self->store, self->http);
      data->timeout_id = g_timeout_add_seconds (self->timeout, on_timeout, data);
      pb_token_manager_get_token_async (self->token_manager, self->connector, data->cancellable,
                                        token_cb, g_steal_pointer (&task));
      return;
    }

  pb_vault_lookup_async (
    pb_connector_store_get_vault (self->store), pb_connector_get_id (self->connector),
    pb_connection_test_secret_field_for (pb_connector_get_kind (self->connector)),
    data->cancellable, lookup_cb, g_steal_pointer (&task));
}

PbCheckResult *
pb_connection_test_run_finish (PbConnectionTest  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
