/* pb-oauth-flow.c: one OAuth 2.0 sign-in (authorization code + PKCE S256)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-oauth-flow.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-vault.h"

struct _PbOAuthFlow
{
  GObject parent_instance;

  PbConnectorStore *store;
  PbConnector *connector;
  PbHttp *http;

  char *state;
  char *verifier;
  char *redirect_uri;

  gboolean started;         /* complete_async was called: one shot */

  /* Loopback listener */
  SoupServer *server;
  GTask *wait_task;
  gulong cancel_id;
  GError *loopback_error;   /* the result when it came before wait_async */
  gboolean loopback_done;
};

G_DEFINE_FINAL_TYPE (PbOAuthFlow, pb_oauth_flow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONNECTOR,
  PROP_HTTP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stop_listening (PbOAuthFlow *self)
{
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

static void
pb_oauth_flow_dispose (GObject *object)
{
  PbOAuthFlow *self = PB_OAUTH_FLOW (object);

  stop_listening (self);
  g_clear_object (&self->store);
  g_clear_object (&self->connector);
  g_clear_object (&self->http);

  G_OBJECT_CLASS (pb_oauth_flow_parent_class)->dispose (object);
}

static void
pb_oauth_flow_finalize (GObject *object)
{
  PbOAuthFlow *self = PB_OAUTH_FLOW (object);

  pb_vault_free_secret (self->state);
  pb_vault_free_secret (self->verifier);
  g_free (self->redirect_uri);
  g_clear_error (&self->loopback_error);

  G_OBJECT_CLASS (pb_oauth_flow_parent_class)->finalize (object);
}

static void
pb_oauth_flow_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbOAuthFlow *self = PB_OAUTH_FLOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONNECTOR:
      self->connector = g_value_dup_object (value);
      break;
    case PROP_HTTP:
      self->http = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_oauth_flow_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbOAuthFlow *self = PB_OAUTH_FLOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;
    case PROP_HTTP:
      g_value_set_object (value, self->http);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_oauth_flow_constructed (GObject *object)
{
  PbOAuthFlow *self = PB_OAUTH_FLOW (object);

  G_OBJECT_CLASS (pb_oauth_flow_parent_class)->constructed (object);

  if (self->http == NULL)
    self->http = g_object_ref (pb_http_get_default ());
  self->redirect_uri = g_strdup (pb_oauth_get_redirect_uri (self->connector));
}

static void
pb_oauth_flow_class_init (PbOAuthFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_oauth_flow_dispose;
  object_class->finalize = pb_oauth_flow_finalize;
  object_class->set_property = pb_oauth_flow_set_property;
  object_class->get_property = pb_oauth_flow_get_property;
  object_class->constructed = pb_oauth_flow_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, PB_TYPE_CONNECTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP] =
    g_param_spec_object ("http", NULL, NULL, PB_TYPE_HTTP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_oauth_flow_init (PbOAuthFlow *self)
{
  /* 32 bytes: 43 characters, the RFC 7636 minimum verifier length and ample state. */
  self->state = pb_oauth_random_string (32);
  self->verifier = pb_oauth_random_string (32);
}

PbOAuthFlow *
pb_oauth_flow_new (PbConnectorStore *store,
                   PbConnector      *connector,
                   PbHttp           *http)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  return g_object_new (PB_TYPE_OAUTH_FLOW, "store", store, "connector", connector, "http", http,
                       NULL);
}

PbConnector *
pb_oauth_flow_get_connector (PbOAuthFlow *self)
{
  g_return_val_if_fail (PB_IS_OAUTH_FLOW (self), NULL);
  return self->connector;
}

const char *
pb_oauth_flow_get_redirect_uri (PbOAuthFlow *self)
{
  g_return_val_if_fail (PB_IS_OAUTH_FLOW (self), NULL);
  return self->redirect_uri;
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

char *
pb_oauth_flow_get_authorization_url (PbOAuthFlow  *self,
                                     GError      **error)
{
  g_autoptr (GUri) base = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GString) query = g_string_new (NULL);
  g_autofree char *challenge = NULL;
  const char *scopes;

  g_return_val_if_fail (PB_IS_OAUTH_FLOW (self), NULL);

  if (!pb_oauth_check_connector (self->connector, error))
    return NULL;
  if (pb_oauth_uses_client_credentials (self->connector))
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
        _("“%s” has no authorization URL: it signs in as a service (client credentials) "
           "and needs no sign-in page."),
        pb_connector_get_name (self->connector));
      return NULL;
    }

  base = g_uri_parse (pb_connector_get_auth_url (self->connector), SOUP_HTTP_URI_FLAGS, error);
  if (base == NULL)
    return NULL;

  if (g_uri_get_query (base) != NULL && *g_uri_get_query (base) != '\0')
    g_string_append (query, g_uri_get_query (base));

  challenge = pb_oauth_pkce_challenge (self->verifier);
  scopes = pb_connector_get_scopes (self->connector);

  append_param (query, "response_type", "code");
  append_param (query, "client_id", pb_connector_get_client_id (self->connector));
  append_param (query, "redirect_uri", self->redirect_uri);
  if (scopes != NULL && *scopes != '\0')
    append_param (query, "scope", scopes);
  append_param (query, "state", self->state);
  append_param (query, "code_challenge", challenge);
  append_param (query, "code_challenge_method", "S256");
  /* OpenID Connect drops offline_access (no refresh token) unless consent is asked for. */
  if (scopes != NULL && strstr (scopes, "offline_access") != NULL)
    append_param (query, "prompt", "consent");

  uri = soup_uri_copy (base, SOUP_URI_QUERY, query->str, SOUP_URI_NONE);
  return g_uri_to_string (uri);
}

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_endpoint (GUri *a,
               GUri *b)
{
  const char *path_a = *g_uri_get_path (a) != '\0' ? g_uri_get_path (a) : "/";
  const char *path_b = *g_uri_get_path (b) != '\0' ? g_uri_get_path (b) : "/";

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         effective_port (a) == effective_port (b) &&
         strcmp (path_a, path_b) == 0;
}

gboolean
pb_oauth_flow_is_redirect (PbOAuthFlow *self,
                           const char  *uri)
{
  g_autoptr (GUri) expected = NULL;
  g_autoptr (GUri) actual = NULL;

  g_return_val_if_fail (PB_IS_OAUTH_FLOW (self), FALSE);

  if (uri == NULL)
    return FALSE;
  expected = g_uri_parse (self->redirect_uri, SOUP_HTTP_URI_FLAGS, NULL);
  actual = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL);
  return expected != NULL && actual != NULL && same_endpoint (expected, actual);
}

/* RFC 9207: when the provider names itself, it must be the one we sent the user to. */
static gboolean
issuer_matches (PbOAuthFlow *self,
                const char  *iss)
{
  const char *expected = pb_connector_get_setting (self->connector, PB_OAUTH_SETTING_ISSUER);
  const char *auth_url = pb_connector_get_auth_url (self->connector);
  g_autofree char *prefix = NULL;
  gsize len;

  if (expected != NULL && *expected != '\0')
    return strcmp (iss, expected) == 0;

  /* No issuer configured: the authorization endpoint must live under the issuer URL. */
  prefix = g_strdup (iss);
  len = strlen (prefix);
  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';
  if (len == 0 || !g_str_has_prefix (auth_url, prefix))
    return FALSE;
  return auth_url[len] == '\0' || auth_url[len] == '/' || auth_url[len] == '?';
}

typedef struct {
  char *code;
  char *client_secret;
} CompleteData;

static void
complete_data_free (CompleteData *data)
{
  pb_vault_free_secret (data->code);
  pb_vault_free_secret (data->client_secret);
  g_free (data);
}

static void
complete_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_oauth_tokens_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
complete_exchanged_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbOAuthFlow *self = g_task_get_source_object (task);
  SoupMessage *message = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr (GBytes) body = NULL;
  g_autoptr (PbOAuthTokens) tokens = NULL;
  g_autoptr (GError) error = NULL;

  body = pb_http_send_finish (PB_HTTP (source), result, &error);
  if (body == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tokens = pb_oauth_tokens_parse (message, body, &error);
  if (tokens == NULL)
    {
      /* An unusable code at exchange time is a failed sign-in, not a revoked grant. */
      if (g_error_matches (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED))
        error->code = PB_ERROR_OAUTH;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    pb_oauth_tokens_store_async (self->store, self->connector, tokens,
                                 cancellable, complete_stored_cb,
                                 g_steal_pointer (&task));
  }
}

static void
complete_secret_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbOAuthFlow *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;

  data->client_secret = pb_vault_lookup_finish (PB_VAULT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = pb_oauth_token_request_new (self->connector, data->client_secret, &error,
                                        "grant_type", "authorization_code",
                                        "code", data->code,
                                        "redirect_uri", self->redirect_uri,
                                        "code_verifier", self->verifier,
                                        NULL);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (message), g_object_unref);
  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    pb_http_send_async (self->http, message, 1024 * 1024, cancellable,
                        complete_exchanged_cb, g_steal_pointer (&task));
  }
}

void
pb_oauth_flow_complete_async (PbOAuthFlow         *self,
                              const char          *redirect_uri,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  const char *provider_error;
  const char *description;
  const char *iss;
  const char *code;
  CompleteData *data;

  g_return_if_fail (PB_IS_OAUTH_FLOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_oauth_flow_complete_async);

  if (self->started)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_OAUTH,
                               _("This sign-in has already been used. Start a new one."));
      return;
    }
  self->started = TRUE;

  uri = redirect_uri != NULL ? g_uri_parse (redirect_uri, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  if (uri == NULL || !pb_oauth_flow_is_redirect (self, redirect_uri))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_OAUTH,
                               _("The sign-in did not come back to Plugboard's redirect address. "
                                 "Nothing was changed."));
      return;
    }

  params = g_uri_get_query (uri) != NULL ? soup_form_decode (g_uri_get_query (uri))
                                         : g_hash_table_new (g_str_hash, g_str_equal);

  if (g_strcmp0 (g_hash_table_lookup (params, "state"), self->state) != 0)
    {
      g_task_return_new_error (
        task, PB_ERROR, PB_ERROR_OAUTH,
        _("The sign-in answer does not belong to this sign-in (state mismatch), "
           "so it was refused. Nothing was changed; connect again."));
      return;
    }

  provider_error = g_hash_table_lookup (params, "error");
  description = g_hash_table_lookup (params, "error_description");
  if (provider_error != NULL)
    {
      if (g_strcmp0 (provider_error, "access_denied") == 0)
        g_task_return_new_error (
          task, PB_ERROR, PB_ERROR_ACCESS_DENIED,
          _("Access was denied, so “%s” was not connected. Nothing was changed; "
             "connect again and allow access to use it."),
          pb_connector_get_name (self->connector));
      else
        g_task_return_new_error (
          task, PB_ERROR, PB_ERROR_OAUTH,
          _("The provider stopped the sign-in: %s%s%s%s. Nothing was changed."), provider_error,
          description != NULL ? " (" : "", description != NULL ? description : "",
          description != NULL ? ")" : "");
      return;
    }

  iss = g_hash_table_lookup (params, "iss");
  if (iss != NULL && !issuer_matches (self, iss))
    {
      g_task_return_new_error (
        task, PB_ERROR, PB_ERROR_OAUTH,
        _("The sign-in answer came from “%s”, not from the provider this connector "
           "uses. It was refused; nothing was changed."),
        iss);
      return;
    }

  code = g_hash_table_lookup (params, "code");
  if (code == NULL || *code == '\0')
    {
      g_task_return_new_error (
        task, PB_ERROR, PB_ERROR_OAUTH,
        _("The provider came back without an authorization code. Nothing was changed; "
           "connect again."));
      return;
    }

  data = g_new0 (CompleteData, 1);
  data->code = g_strdup (code);
  g_task_set_task_data (task, data, (GDestroyNotify) complete_data_free);

  pb_vault_lookup_async (pb_connector_store_get_vault (self->store),
                         pb_connector_get_id (self->connector), PB_SECRET_CLIENT_SECRET,
                         cancellable, complete_secret_cb, g_steal_pointer (&task));
}

gboolean
pb_oauth_flow_complete_finish (PbOAuthFlow   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- loopback listener (RFC 8252 §7.3) --- */

static void
finish_wait (PbOAuthFlow *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->wait_task);

  if (task == NULL)
    return;
  if (self->cancel_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
      self->cancel_id = 0;
    }
  if (self->loopback_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->loopback_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
loopback_message_finished_cb (SoupServerMessage *msg,
                              gpointer           user_data)
{
  PbOAuthFlow *self = user_data;

  /* The browser has its page; only now may the caller (a CLI about to exit) go on. */
  self->loopback_done = TRUE;
  finish_wait (self);
  g_object_unref (self);
}

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *title_escaped = g_markup_escape_text (title, -1);
  g_autofree char *text_escaped = g_markup_escape_text (text, -1);
  g_autofree char *page = NULL;

  page = g_strdup_printf (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title>"
    "<style>body{font-family:Cantarell,sans-serif;max-width:32em;margin:4em auto;"
    "text-align:center;color:#2e3436}</style></head>"
    "<body><h1>%s</h1><p>%s</p></body></html>",
    title_escaped, title_escaped, text_escaped);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&page), strlen (page));
}

static void
loopback_completed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (SoupServerMessage) msg = user_data;
  PbOAuthFlow *self = PB_OAUTH_FLOW (source);
  g_autoptr (GError) error = NULL;

  if (pb_oauth_flow_complete_finish (self, result, &error))
    respond_page (msg, 200, _("Connected"),
                  _("Plugboard is connected. You can close this tab and go back to Plugboard."));
  else
    respond_page (msg, 400, _("Sign-in failed"), error->message);

  g_clear_error (&self->loopback_error);
  self->loopback_error = g_steal_pointer (&error);
  g_signal_connect (msg, "finished", G_CALLBACK (loopback_message_finished_cb),
                    g_object_ref (self));
  soup_server_message_unpause (msg);
}

static void
loopback_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  PbOAuthFlow *self = user_data;
  g_autoptr (GUri) expected = g_uri_parse (self->redirect_uri, SOUP_HTTP_URI_FLAGS, NULL);
  g_autofree char *received = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  GCancellable *cancellable = NULL;
  const char *expected_path = *g_uri_get_path (expected) != '\0' ? g_uri_get_path (expected) : "/";

  if (g_strcmp0 (path, expected_path) != 0 ||
      g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  /* Anything on this machine can reach the listener: a request without this sign-in's
   * state is answered but does not end the sign-in. */
  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "state"), self->state) != 0)
    {
      respond_page (msg, 400, _("Unknown sign-in"),
                    _("This address does not belong to the sign-in Plugboard is waiting for."));
      return;
    }

  if (self->started)
    {
      respond_page (msg, 409, _("Already finished"),
                    _("This sign-in has already finished. You can close this tab."));
      return;
    }

  /* Rebuild the redirect with the host and port we were registered with. */
  received = g_strconcat (self->redirect_uri, g_uri_get_query (uri) != NULL ? "?" : "",
                          g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);
  if (self->wait_task != NULL)
    cancellable = g_task_get_cancellable (self->wait_task);

  soup_server_message_pause (msg);
  pb_oauth_flow_complete_async (self, received, cancellable, loopback_completed_cb,
                                g_object_ref (msg));
}

gboolean
pb_oauth_flow_listen (PbOAuthFlow  *self,
                      GError      **error)
{
  g_autoptr (GUri) registered = NULL;
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GUri) effective = NULL;
  GSList *uris;
  const char *host;
  int port;

  g_return_val_if_fail (PB_IS_OAUTH_FLOW (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  /* Without scheme normalization: a URI that names no port must get an ephemeral one, not 80. */
  registered = g_uri_parse (pb_oauth_get_redirect_uri (self->connector),
                            SOUP_HTTP_URI_FLAGS & ~G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  host = registered != NULL ? g_uri_get_host (registered) : NULL;
  if (registered == NULL || g_strcmp0 (g_uri_get_scheme (registered), "http") != 0 || host == NULL
      || (strcmp (host, "127.0.0.1") != 0 && strcmp (host, "localhost") != 0
          && strcmp (host, "::1") != 0))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("Signing in through a browser needs a loopback redirect URI such as "
                      "http://127.0.0.1/callback registered with the provider; “%s” uses %s."),
                   pb_connector_get_name (self->connector),
                   pb_oauth_get_redirect_uri (self->connector));
      return FALSE;
    }

  address = g_inet_address_new_from_string (strcmp (host, "::1") == 0 ? "::1" : "127.0.0.1");
  port = g_uri_get_port (registered) > 0 ? g_uri_get_port (registered) : 0;
  socket_address = g_inet_socket_address_new (address, port);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, loopback_handler, self, NULL);
  if (!soup_server_listen (self->server, socket_address, 0, &local_error))
    {
      stop_listening (self);
      g_set_error (error, PB_ERROR, PB_ERROR_NETWORK,
                   _("Could not listen for the browser on %s port %d: %s"), host, port,
                   local_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  effective = soup_uri_copy (registered, SOUP_URI_PORT, port, SOUP_URI_NONE);
  g_free (self->redirect_uri);
  self->redirect_uri = g_uri_to_string (effective);
  return TRUE;
}

static gboolean
wait_cancelled_idle (gpointer user_data)
{
  g_autoptr (PbOAuthFlow) self = user_data;

  stop_listening (self);
  if (self->wait_task != NULL && !self->loopback_done)
    {
      g_clear_error (&self->loopback_error);
      self->loopback_error
        = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sign-in was cancelled."));
      finish_wait (self);
    }
  return G_SOURCE_REMOVE;
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  /* Not from inside the signal: finish_wait disconnects this handler. */
  g_idle_add (wait_cancelled_idle, g_object_ref (user_data));
}

void
pb_oauth_flow_wait_async (PbOAuthFlow         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (PB_IS_OAUTH_FLOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_oauth_flow_wait_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->server == NULL && !self->loopback_done)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_FAILED,
                               "pb_oauth_flow_listen() was not called");
      return;
    }
  if (self->wait_task != NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_FAILED, "already waiting");
      return;
    }

  self->wait_task = g_steal_pointer (&task);
  if (self->loopback_done)
    {
      finish_wait (self);
      return;
    }
  if (cancellable != NULL)
    self->cancel_id
      = g_cancellable_connect (cancellable, G_CALLBACK (wait_cancelled_cb), self, NULL);
}

gboolean
pb_oauth_flow_wait_finish (PbOAuthFlow   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
