/* pb-oauth-tokens.c: token endpoint requests and answers, and where tokens are kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-oauth-tokens.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-error.h"
#include "pb-http.h"
#include "pb-vault.h"

void
pb_oauth_tokens_free (PbOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;
  pb_vault_free_secret (tokens->access_token);
  pb_vault_free_secret (tokens->refresh_token);
  g_free (tokens->scope);
  g_free (tokens);
}

gboolean
pb_oauth_uses_client_credentials (PbConnector *connector)
{
  const char *auth_url = pb_connector_get_auth_url (connector);
  const char *token_url = pb_connector_get_token_url (connector);

  return (auth_url == NULL || *auth_url == '\0') && token_url != NULL && *token_url != '\0';
}

const char *
pb_oauth_get_redirect_uri (PbConnector *connector)
{
  const char *uri = pb_connector_get_redirect_uri (connector);

  return uri != NULL && *uri != '\0' ? uri : PB_OAUTH_DEFAULT_REDIRECT_URI;
}

static gboolean
check_http_url (const char  *url,
                const char  *what,
                GError     **error)
{
  g_autoptr (GUri) uri = NULL;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                   _("The %s “%s” is not a valid http or https URL."), what, url);
      return FALSE;
    }
  return TRUE;
}

PbOAuthNeeds
pb_oauth_connector_needs (PbConnector *connector)
{
  const char *token_url = pb_connector_get_token_url (connector);
  const char *client_id = pb_connector_get_client_id (connector);
  PbOAuthNeeds needs = PB_OAUTH_NEEDS_NOTHING;

  if (client_id == NULL || *client_id == '\0')
    needs |= PB_OAUTH_NEEDS_CLIENT_ID;
  if (token_url == NULL || *token_url == '\0')
    needs |= PB_OAUTH_NEEDS_TOKEN_URL;
  return needs;
}

gboolean
pb_oauth_check_connector (PbConnector  *connector,
                          GError      **error)
{
  const char *token_url = pb_connector_get_token_url (connector);
  const char *auth_url = pb_connector_get_auth_url (connector);
  const char *client_id = pb_connector_get_client_id (connector);

  if (token_url == NULL || *token_url == '\0')
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("“%s” has no token URL yet. Enter the one the provider documents."),
                   pb_connector_get_name (connector));
      return FALSE;
    }
  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
        _("“%s” has no client ID yet. Enter the one the provider gave you."),
        pb_connector_get_name (connector));
      return FALSE;
    }
  if (!check_http_url (token_url, _("token URL"), error))
    return FALSE;
  if (auth_url != NULL && *auth_url != '\0'
      && !check_http_url (auth_url, _("authorization URL"), error))
    return FALSE;
  return TRUE;
}

SoupMessage *
pb_oauth_token_request_new (PbConnector  *connector,
                            const char   *client_secret,
                            GError      **error,
                            const char   *first_name,
                            ...)
{
  g_autoptr (GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *encoded = NULL;
  const char *client_id = pb_connector_get_client_id (connector);
  const char *method = pb_connector_get_setting (connector, PB_OAUTH_SETTING_AUTH_METHOD);
  gboolean basic = client_secret != NULL && g_strcmp0 (method, "client_secret_basic") == 0;
  SoupMessage *message;
  va_list args;

  if (!pb_oauth_check_connector (connector, error))
    return NULL;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        g_hash_table_insert (form, (gpointer) name, (gpointer) value);
    }
  va_end (args);

  if (!basic)
    {
      g_hash_table_insert (form, (gpointer) "client_id", (gpointer) client_id);
      if (client_secret != NULL)
        g_hash_table_insert (form, (gpointer) "client_secret", (gpointer) client_secret);
    }

  /* soup_form_encode_hash copies nothing we could wipe; the encoded body is freed at once. */
  encoded = soup_form_encode_hash (form);
  message = soup_message_new ("POST", pb_connector_get_token_url (connector));
  if (message == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                   _("The token URL “%s” is not a valid URL."),
                   pb_connector_get_token_url (connector));
      return NULL;
    }
  {
    gsize length = strlen (encoded);
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&encoded), length);

    soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", bytes);
  }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");

  pb_http_message_add_secret (message, client_secret);
  if (basic)
    {
      /* RFC 6749 §2.3.1: both parts form-encoded before base64. */
      g_autofree char *user = g_uri_escape_string (client_id, NULL, FALSE);
      g_autofree char *pass = g_uri_escape_string (client_secret, NULL, FALSE);
      g_autofree char *pair = g_strconcat (user, ":", pass, NULL);
      g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", b64, NULL);

      pb_http_message_add_secret (message, pair);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    header);
      memset (pair, 0, strlen (pair));
      memset (header, 0, strlen (header));
    }

  return message;
}

static const char *
message_host (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "?";
}

/* Token answers are JSON; a few old providers answer form-encoded. */
static JsonObject *
parse_answer (SoupMessage *message,
              GBytes      *body,
              JsonParser  *parser)
{
  const char *type
    = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;

  if (data == NULL || size == 0)
    return NULL;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (data, size);
      g_autoptr (GHashTable) form = soup_form_decode (text);
      JsonObject *object = json_object_new ();
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (object, key, value);
      memset (text, 0, size);
      return object;
    }

  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

PbOAuthTokens *
pb_oauth_tokens_parse (SoupMessage  *message,
                       GBytes       *body,
                       GError      **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (PbOAuthTokens) tokens = NULL;
  guint status = soup_message_get_status (message);
  const char *host = message_host (message);
  const char *access_token;
  const char *token_type;
  JsonNode *expires;

  object = parse_answer (message, body, parser);

  if (object != NULL && get_string (object, "error") != NULL)
    {
      const char *code = get_string (object, "error");
      const char *description = get_string (object, "error_description");

      if (g_strcmp0 (code, "invalid_grant") == 0)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED,
                       _("%s no longer accepts this sign-in (%s). Connect again to renew it."),
                       host, description != NULL ? description : code);
          return NULL;
        }
      g_set_error (error, PB_ERROR, PB_ERROR_OAUTH,
                   _("%s refused the token request: %s%s%s%s"), host, code,
                   description != NULL ? " (" : "", description != NULL ? description : "",
                   description != NULL ? ")" : "");
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_HTTP_STATUS,
        _("The token endpoint at %s answered HTTP %u %s. Check the token URL."), host, status,
        soup_message_get_reason_phrase (message) ? soup_message_get_reason_phrase (message) : "");
      return NULL;
    }

  if (object == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_OAUTH,
                   _("The token endpoint at %s did not answer with an OAuth token response. "
                     "Check the token URL. Nothing was stored."), host);
      return NULL;
    }

  access_token = get_string (object, "access_token");
  if (access_token == NULL || *access_token == '\0')
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_OAUTH,
        _("The token endpoint at %s answered without an access token. Nothing was stored."), host);
      return NULL;
    }

  token_type = get_string (object, "token_type");
  if (token_type != NULL && g_ascii_strcasecmp (token_type, "bearer") != 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_OAUTH,
        _("The token endpoint at %s issued a “%s” token; Plugboard supports bearer tokens only."),
        host, token_type);
      return NULL;
    }

  tokens = g_new0 (PbOAuthTokens, 1);
  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (get_string (object, "refresh_token"));
  if (tokens->refresh_token != NULL && *tokens->refresh_token == '\0')
    g_clear_pointer (&tokens->refresh_token, g_free);
  tokens->scope = g_strdup (get_string (object, "scope"));

  expires = json_object_get_member (object, "expires_in");
  if (expires != NULL && JSON_NODE_HOLDS_VALUE (expires))
    {
      gint64 seconds = 0;

      if (json_node_get_value_type (expires) == G_TYPE_STRING)
        seconds = g_ascii_strtoll (json_node_get_string (expires), NULL, 10);
      else if (json_node_get_value_type (expires) == G_TYPE_INT64)
        seconds = json_node_get_int (expires);
      else if (json_node_get_value_type (expires) == G_TYPE_DOUBLE)
        seconds = (gint64) json_node_get_double (expires);
      if (seconds > 0)
        tokens->expires_at = g_get_real_time () / G_USEC_PER_SEC + seconds;
    }

  return g_steal_pointer (&tokens);
}

/* --- storing --- */

typedef struct {
  PbConnectorStore *store;
  PbConnector *connector;
  GPtrArray *fields;   /* const char * */
  GPtrArray *values;   /* owned secrets */
  char *scope;
  guint next;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->connector);
  g_ptr_array_unref (data->fields);
  for (guint i = 0; i < data->values->len; i++)
    pb_vault_free_secret (g_ptr_array_index (data->values, i));
  g_ptr_array_unref (data->values);
  g_free (data->scope);
  g_free (data);
}

static void store_next (GTask *task);

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!pb_connector_store_set_secret_finish (PB_CONNECTOR_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->next++;
  store_next (g_steal_pointer (&task));
}

static void
store_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (pb_connector_store_save_finish (PB_CONNECTOR_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
store_next (GTask *task)
{
  StoreData *data = g_task_get_task_data (task);

  if (data->next == data->fields->len)
    {
      if (data->scope != NULL)
        pb_connector_set_setting (data->connector, PB_OAUTH_SETTING_GRANTED_SCOPES, data->scope);
      pb_connector_set_state (data->connector, PB_CONNECTOR_STATE_READY, NULL);
      if (!pb_connector_store_get_dirty (data->store))
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
      /* Written in a worker, off the main loop. */
      pb_connector_store_save_async (data->store, NULL, store_saved_cb, task);
      return;
    }

  pb_connector_store_set_secret_async (data->store, data->connector,
                                       g_ptr_array_index (data->fields, data->next),
                                       g_ptr_array_index (data->values, data->next),
                                       g_task_get_cancellable (task), store_done_cb, task);
}

void
pb_oauth_tokens_store_async (PbConnectorStore    *store,
                             PbConnector         *connector,
                             const PbOAuthTokens *tokens,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  StoreData *data = g_new0 (StoreData, 1);

  g_task_set_source_tag (task, pb_oauth_tokens_store_async);
  data->store = g_object_ref (store);
  data->connector = g_object_ref (connector);
  data->fields = g_ptr_array_new ();
  data->values = g_ptr_array_new ();
  data->scope = g_strdup (tokens->scope);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  g_return_if_fail (tokens->access_token != NULL);

  /* Refresh token first: once rotated, the old one is dead and the new one must not be lost. */
  if (tokens->refresh_token != NULL)
    {
      g_ptr_array_add (data->fields, (gpointer) PB_SECRET_REFRESH_TOKEN);
      g_ptr_array_add (data->values, g_strdup (tokens->refresh_token));
    }
  g_ptr_array_add (data->fields, (gpointer) PB_SECRET_ACCESS_TOKEN);
  g_ptr_array_add (data->values, g_strdup (tokens->access_token));
  g_ptr_array_add (data->fields, (gpointer) PB_SECRET_TOKEN_EXPIRY);
  g_ptr_array_add (data->values, g_strdup_printf ("%" G_GINT64_FORMAT, tokens->expires_at));

  store_next (task);
}

gboolean
pb_oauth_tokens_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- randomness --- */

static char *
base64url (const guchar *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  gsize out = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (text[i] == '=')
        continue;
      text[out++] = text[i] == '+' ? '-' : text[i] == '/' ? '_' : text[i];
    }
  text[out] = '\0';
  return text;
}

char *
pb_oauth_random_string (gsize n_bytes)
{
  g_autofree guchar *buffer = g_malloc (n_bytes);
  gsize filled = 0;

  while (filled < n_bytes)
    {
      ssize_t got = getrandom (buffer + filled, n_bytes - filled, 0);

      if (got < 0)
        g_error ("getrandom failed: %s", g_strerror (errno));
      filled += (gsize) got;
    }
  return base64url (buffer, n_bytes);
}

char *
pb_oauth_pkce_challenge (const char *verifier)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  return base64url (digest, len);
}
