/* pb-cli-settings.h: the connector settings `create` and `edit` take as options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "pb-connector.h"

G_BEGIN_DECLS

/* What was given on the command line (NULL: not given). */
typedef struct {
  char *type;
  char *base_url;
  char *header;
  char *prefix;
  char *query_param;
  char *username;
  char *client_id;
  char *auth_url;
  char *token_url;
  char **scopes;
  char *redirect_uri;
  char *token_auth_method;
} PbCliSettingOptions;

void     pb_cli_setting_options_clear    (PbCliSettingOptions  *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbCliSettingOptions, pb_cli_setting_options_clear)

/* The GOptionEntry lines for the options, filling O. */
#define SETTING_ENTRIES(o) \
  { "type", 't', 0, G_OPTION_ARG_STRING, &(o).type,                                                \
    N_("Connector type: api-key, oauth2, intercom or basic"), N_("TYPE") },                        \
  { "base-url", 0, 0, G_OPTION_ARG_STRING, &(o).base_url,                                          \
    N_("The service's base URL"), N_("URL") },                                                     \
  { "header", 0, 0, G_OPTION_ARG_STRING, &(o).header,                                              \
    N_("API key: send the key in this header (default Authorization)"), N_("NAME") },              \
  { "prefix", 0, 0, G_OPTION_ARG_STRING, &(o).prefix,                                              \
    N_("API key: text before the key in the header, such as Bearer"), N_("PREFIX") },              \
  { "query-param", 0, 0, G_OPTION_ARG_STRING, &(o).query_param,                                    \
    N_("API key: send the key in this query parameter instead"), N_("NAME") },                     \
  { "username", 0, 0, G_OPTION_ARG_STRING, &(o).username,                                          \
    N_("Basic: the user name"), N_("NAME") },                                                      \
  { "client-id", 0, 0, G_OPTION_ARG_STRING, &(o).client_id,                                        \
    N_("OAuth 2.0: the client ID"), N_("ID") },                                                    \
  { "auth-url", 0, 0, G_OPTION_ARG_STRING, &(o).auth_url,                                          \
    N_("OAuth 2.0: the authorization URL"), N_("URL") },                                           \
  { "token-url", 0, 0, G_OPTION_ARG_STRING, &(o).token_url,                                        \
    N_("OAuth 2.0: the token URL"), N_("URL") },                                                   \
  { "scope", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).scopes,                                         \
    N_("OAuth 2.0: a scope to ask for (repeat for more)"), N_("SCOPE") },                          \
  { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &(o).redirect_uri,                                  \
    N_("OAuth 2.0: the redirect URI"), N_("URI") },                                                \
  { "token-auth-method", 0, 0, G_OPTION_ARG_STRING, &(o).token_auth_method,                        \
    N_("OAuth 2.0: how a client secret reaches the token URL: client_secret_post (default) or"     \
    " client_secret_basic"),                                                                       \
    N_("METHOD") }

/* TRUE when any option was given. */
gboolean pb_cli_setting_options_any      (PbCliSettingOptions  *o);
/* Checks every option against KIND before anything is changed. */
gboolean pb_cli_setting_options_validate (PbCliSettingOptions  *o,
                                          PbConnectorKind       kind,
                                          GError              **error);
void     pb_cli_setting_options_apply    (PbCliSettingOptions  *o,
                                          PbConnector          *connector);
/* --type: api-key, oauth2, intercom or basic. */
gboolean pb_cli_parse_kind               (const char           *type,
                                          PbConnectorKind      *kind,
                                          GError              **error);

G_END_DECLS
