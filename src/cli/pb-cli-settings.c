/* pb-cli-settings.c: the connector settings `create` and `edit` take as options — checked
 * against the connector's kind and pb-validate before anything is changed, then applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-settings.h"
#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-validate.h"

static char *
kind_choices (void)
{
  return g_strdup ("api-key, oauth2, intercom, basic");
}

/* The checks live in pb-validate.c (shared with the GUI); the CLI names the option. */
static gboolean
check_url (const char  *option,
           const char  *url,
           GError     **error)
{
  g_autoptr (GError) local_error = NULL;

  if (pb_validate_url (url, &local_error))
    return TRUE;
  /* The core message is shared with the GUI; here the way to store the secret is a command. */
  g_set_error (
    error, local_error->domain, local_error->code, "%s: %s%s", option, local_error->message,
    pb_validate_url_has_userinfo (url) ? _(" Use “plugboard-cli set-secret” for it.") : "");
  return FALSE;
}

static gboolean
check_name (const char  *option,
            gboolean     is_header,
            const char  *name,
            GError     **error)
{
  gboolean ok = is_header ? pb_validate_header_name (name, error)
                          : pb_validate_query_param (name, error);

  if (!ok)
    g_prefix_error (error, "%s: ", option);
  return ok;
}

void
pb_cli_setting_options_clear (PbCliSettingOptions *o)
{
  g_free (o->type);
  g_free (o->base_url);
  g_free (o->header);
  g_free (o->prefix);
  g_free (o->query_param);
  g_free (o->username);
  g_free (o->client_id);
  g_free (o->auth_url);
  g_free (o->token_url);
  g_strfreev (o->scopes);
  g_free (o->redirect_uri);
  g_free (o->token_auth_method);
}

gboolean
pb_cli_setting_options_any (PbCliSettingOptions *o)
{
  return o->type || o->base_url || o->header || o->prefix || o->query_param || o->username
         || o->client_id || o->auth_url || o->token_url || o->scopes || o->redirect_uri
         || o->token_auth_method;
}

static gboolean
refuse_option (const char  *option,
               const char  *applies_to,
               GError     **error)
{
  g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
               _("%s applies only to %s connectors."), option, applies_to);
  return FALSE;
}

/* Checks every option against KIND before anything is changed. */
gboolean
pb_cli_setting_options_validate (PbCliSettingOptions  *o,
                                 PbConnectorKind       kind,
                                 GError              **error)
{
  gboolean oauth = kind == PB_CONNECTOR_KIND_OAUTH2 || kind == PB_CONNECTOR_KIND_INTERCOM;

  if ((o->header != NULL || o->prefix != NULL || o->query_param != NULL)
      && kind != PB_CONNECTOR_KIND_API_KEY)
    return refuse_option (o->query_param ? "--query-param" : o->header ? "--header" : "--prefix",
                          _("API Key"), error);
  if (o->query_param != NULL && *o->query_param != '\0' && (o->header != NULL || o->prefix != NULL))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                           _("Give either --header (with --prefix) or --query-param, not both."));
      return FALSE;
    }
  if (o->username != NULL && kind != PB_CONNECTOR_KIND_BASIC)
    return refuse_option ("--username", _("Basic"), error);
  if (!oauth && (o->client_id || o->auth_url || o->token_url || o->scopes || o->redirect_uri))
    return refuse_option (o->client_id ? "--client-id" : o->auth_url ? "--auth-url" :
                          o->token_url ? "--token-url" : o->scopes ? "--scope" : "--redirect-uri",
                          _("OAuth 2.0 and Intercom"), error);
  if (o->token_auth_method != NULL && !oauth)
    return refuse_option ("--token-auth-method", _("OAuth 2.0 and Intercom"), error);
  if (o->token_auth_method != NULL && g_strcmp0 (o->token_auth_method, "client_secret_post") != 0 &&
      g_strcmp0 (o->token_auth_method, "client_secret_basic") != 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
        _("--token-auth-method is client_secret_post or client_secret_basic, not “%s”."),
        o->token_auth_method);
      return FALSE;
    }

  if (!check_name ("--header", TRUE, o->header, error) ||
      !check_name ("--query-param", FALSE, o->query_param, error) ||
      !check_url ("--base-url", o->base_url, error) ||
      !check_url ("--auth-url", o->auth_url, error) ||
      !check_url ("--token-url", o->token_url, error) ||
      !check_url ("--redirect-uri", o->redirect_uri, error))
    return FALSE;

  /* The shared rules (pb-validate.c): one line, no managed header, no ':' in a user name, no
   * secret in the token URL's query. */
  {
    const struct {
      const char *property;
      const char *option;
      const char *value;
    } checks[] = {
      { "auth-header", "--header", o->header },
      { "auth-prefix", "--prefix", o->prefix },
      { "auth-query-param", "--query-param", o->query_param },
      { "username", "--username", o->username },
      { "client-id", "--client-id", o->client_id },
      { "token-url", "--token-url", o->token_url },
    };

    for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
      if (!pb_validate_connector_property (checks[i].property, checks[i].option, checks[i].value,
                                           error))
        return FALSE;
    for (guint i = 0; o->scopes != NULL && o->scopes[i] != NULL; i++)
      if (!pb_validate_connector_property ("scopes", "--scope", o->scopes[i], error))
        return FALSE;
  }
  return TRUE;
}

void
pb_cli_setting_options_apply (PbCliSettingOptions *o,
                              PbConnector         *connector)
{
  if (o->base_url != NULL)
    pb_connector_set_base_url (connector, o->base_url);
  if (o->query_param != NULL)
    {
      pb_connector_set_auth_query_param (connector, o->query_param);
      if (*o->query_param != '\0')
        {
          /* The key goes in one place only. */
          pb_connector_set_auth_header (connector, NULL);
          pb_connector_set_auth_prefix (connector, NULL);
        }
    }
  if (o->header != NULL)
    {
      pb_connector_set_auth_header (connector, o->header);
      if (*o->header != '\0')
        pb_connector_set_auth_query_param (connector, NULL);
    }
  if (o->prefix != NULL)
    pb_connector_set_auth_prefix (connector, o->prefix);
  if (o->username != NULL)
    pb_connector_set_username (connector, o->username);
  if (o->client_id != NULL)
    pb_connector_set_client_id (connector, o->client_id);
  if (o->auth_url != NULL)
    pb_connector_set_auth_url (connector, o->auth_url);
  if (o->token_url != NULL)
    pb_connector_set_token_url (connector, o->token_url);
  if (o->scopes != NULL)
    {
      g_autofree char *joined = g_strjoinv (" ", o->scopes);

      pb_connector_set_scopes (connector, g_strstrip (joined));
    }
  if (o->redirect_uri != NULL)
    pb_connector_set_redirect_uri (connector, o->redirect_uri);
  if (o->token_auth_method != NULL)
    pb_connector_set_setting (connector, PB_OAUTH_SETTING_AUTH_METHOD, o->token_auth_method);
}

gboolean
pb_cli_parse_kind (const char       *type,
                   PbConnectorKind  *kind,
                   GError          **error)
{
  g_autofree char *choices = NULL;

  if (pb_connector_kind_from_string (type, kind))
    return TRUE;
  choices = kind_choices ();
  g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
               _("Unknown connector type “%s”. Use one of: %s."), type, choices);
  return FALSE;
}
