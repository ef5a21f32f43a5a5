/* pb-cli-connectors.c: list, show, create, edit, set-secret, rename, delete
 *
 * Every command works on the same PbConnectorStore and PbVault the GUI uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pb-cli.h"
#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-validate.h"

#define MAX_SECRET_BYTES (64 * 1024)

/* Shared helpers */

static PbConnectorStore *
open_store (GError **error)
{
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);

  if (!pb_connector_store_load (store, error))
    return NULL;
  if (pb_connector_store_get_load_warning (store) != NULL)
    fprintf (stderr, "plugboard-cli: %s\n", pb_connector_store_get_load_warning (store));
  return g_steal_pointer (&store);
}

static PbConnector *
find_connector (PbConnectorStore  *store,
                const char        *name,
                GError           **error)
{
  PbConnector *connector = pb_connector_store_find_by_name (store, name);

  if (connector == NULL)
    g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                 _("There is no connector called “%s”. Run “plugboard-cli list” to see them."),
                 name);
  return connector;
}

/* Parses the command's options; on failure prints a usage error and returns FALSE. */
static gboolean
parse_options (const char    *command,
               const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int           *exit_code)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameter);
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("plugboard-cli %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = pb_cli_fail_usage (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

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

/* Settings shared by create and edit */

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
} SettingOptions;

static void
setting_options_clear (SettingOptions *o)
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

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SettingOptions, setting_options_clear)

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

static gboolean
setting_options_any (SettingOptions *o)
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
static gboolean
setting_options_validate (SettingOptions   *o,
                          PbConnectorKind   kind,
                          GError          **error)
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

static void
setting_options_apply (SettingOptions *o,
                       PbConnector    *connector)
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

static gboolean
parse_kind (const char       *type,
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

/* Output */

static const char *
state_label (PbConnectorState state)
{
  switch (state)
    {
    case PB_CONNECTOR_STATE_READY:
      return _("ready");
    case PB_CONNECTOR_STATE_NEEDS_ATTENTION:
      return _("needs attention");
    case PB_CONNECTOR_STATE_RECONNECT_NEEDED:
      return _("reconnect needed");
    case PB_CONNECTOR_STATE_NEEDS_SETUP:
    default:
      return _("needs setup");
    }
}

/* The secret fields worth listing: the kind's own, then any other that is set. */
static GPtrArray *
secret_fields_to_show (PbConnector *connector)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  const char * const *own = pb_connector_kind_secret_fields (pb_connector_get_kind (connector));
  g_auto (GStrv) set = pb_connector_list_secrets (connector);

  for (guint i = 0; own[i] != NULL; i++)
    g_ptr_array_add (fields, g_strdup (own[i]));
  for (guint i = 0; set[i] != NULL; i++)
    if (!g_strv_contains (own, set[i]))
      g_ptr_array_add (fields, g_strdup (set[i]));
  return fields;
}

static JsonNode *
connector_to_cli_json (PbConnector *connector)
{
  JsonNode *node = pb_connector_to_json (connector);
  JsonObject *object = json_node_get_object (node);
  JsonObject *secrets = json_object_new ();
  g_autoptr (GPtrArray) fields = secret_fields_to_show (connector);

  json_object_set_string_member (object, "type",
                                 pb_connector_kind_to_string (pb_connector_get_kind (connector)));
  json_object_set_string_member (object, "type-label",
                                 pb_connector_kind_get_label (pb_connector_get_kind (connector)));
  /* field -> whether a value is stored in the keyring; never the value. */
  for (guint i = 0; i < fields->len; i++)
    json_object_set_boolean_member (secrets, fields->pdata[i],
                                    pb_connector_has_secret (connector, fields->pdata[i]));
  json_object_set_object_member (object, "secrets", secrets);
  return node;
}

static void
print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL)
    printf ("  %-20s %s\n", label, value);
}

/* Commands */

int
pb_cli_list (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *model;
  int code;

  if (!parse_options ("list", "", _("List connectors."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("list", _("Unexpected argument “%s”."), argv[1]);

  store = open_store (&error);
  if (store == NULL)
    return pb_cli_fail_with_error (error);
  model = G_LIST_MODEL (store);

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr (PbConnector) c = g_list_model_get_item (model, i);

          json_array_add_element (array, connector_to_cli_json (c));
        }
      json_object_set_array_member (object, "connectors", array);
      json_node_take_object (root, object);
      print_json (root);
      return PB_CLI_EXIT_OK;
    }

  if (g_list_model_get_n_items (model) == 0)
    {
      printf (
        "%s\n",
        _(
          "No connectors yet. Create one with “plugboard-cli create --name NAME --type api-key”."));
      return PB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (PbConnector) c = g_list_model_get_item (model, i);

      printf ("%-30s %-10s %s\n", pb_connector_get_name (c),
              pb_connector_kind_to_string (pb_connector_get_kind (c)),
              state_label (pb_connector_get_state (c)));
    }
  return PB_CLI_EXIT_OK;
}

int
pb_cli_show (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_auto (GStrv) settings = NULL;
  PbConnector *c;
  int code;

  if (!parse_options (
        "show", _("NAME"),
        _("Show one connector. Secrets are never printed, only whether they are set."), entries,
        &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("show", _("Give the connector's name (one argument)."));

  store = open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  if (json)
    {
      g_autoptr (JsonNode) node = connector_to_cli_json (c);

      print_json (node);
      return PB_CLI_EXIT_OK;
    }

  printf ("%s\n", pb_connector_get_name (c));
  print_field (_("Type:"), pb_connector_kind_get_label (pb_connector_get_kind (c)));
  print_field (_("State:"), state_label (pb_connector_get_state (c)));
  print_field ("", pb_connector_get_state_message (c));
  print_field (_("ID:"), pb_connector_get_id (c));
  print_field (_("Definition:"), pb_connector_get_definition_id (c));
  print_field (_("Base URL:"), pb_connector_get_base_url (c));
  print_field (_("Header:"), pb_connector_get_auth_header (c));
  print_field (_("Prefix:"), pb_connector_get_auth_prefix (c));
  print_field (_("Query parameter:"), pb_connector_get_auth_query_param (c));
  print_field (_("User name:"), pb_connector_get_username (c));
  print_field (_("Client ID:"), pb_connector_get_client_id (c));
  print_field (_("Authorization URL:"), pb_connector_get_auth_url (c));
  print_field (_("Token URL:"), pb_connector_get_token_url (c));
  print_field (_("Scopes:"), pb_connector_get_scopes (c));
  print_field (_("Redirect URI:"), pb_connector_get_redirect_uri (c));

  settings = pb_connector_list_settings (c);
  for (guint i = 0; settings[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s:", settings[i]);

      print_field (label, pb_connector_get_setting (c, settings[i]));
    }

  printf ("  %s\n", _("Secrets (stored in the keyring, never shown):"));
  fields = secret_fields_to_show (c);
  for (guint i = 0; i < fields->len; i++)
    printf ("    %-18s %s\n", (char *) fields->pdata[i],
            pb_connector_has_secret (c, fields->pdata[i]) ? _("set") : _("not set"));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_create (int    argc,
               char **argv)
{
  g_auto (SettingOptions) o = { 0 };
  g_autofree char *name = NULL;
  GOptionEntry entries[]
    = { { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
          N_("The connector's name, for example “HubSpot API”"), N_("NAME") },
        SETTING_ENTRIES (o),
        { NULL } };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *checked = NULL;
  PbConnectorKind kind;
  PbConnector *c;
  int code;

  if (!parse_options ("create", "", _("Create a connector."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("create", _("Unexpected argument “%s”."), argv[1]);
  if (name == NULL)
    return pb_cli_fail_usage ("create", _("Give the connector a name with --name."));
  if (o.type == NULL)
    return pb_cli_fail_usage (
      "create", _("Give the connector's type with --type (api-key, oauth2 or intercom)."));

  if (!parse_kind (o.type, &kind, &error) || !setting_options_validate (&o, kind, &error))
    return pb_cli_fail_with_error (error);

  store = open_store (&error);
  if (store == NULL)
    return pb_cli_fail_with_error (error);

  /* Check the name before creating so nothing is written on a refusal. */
  checked = pb_connector_store_check_name (store, name, NULL, &error);
  if (checked == NULL)
    return pb_cli_fail_with_error (error);

  c = pb_connector_store_create (store, checked, kind, &error);
  if (c == NULL)
    return pb_cli_fail_with_error (error);

  /* Most APIs take a key as "Authorization: Bearer KEY". */
  if (kind == PB_CONNECTOR_KIND_API_KEY && o.header == NULL && o.query_param == NULL)
    {
      pb_connector_set_auth_header (c, "Authorization");
      if (o.prefix == NULL)
        pb_connector_set_auth_prefix (c, "Bearer");
    }
  setting_options_apply (&o, c);
  if (!pb_connector_store_save (store, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Created the %s connector “%s”.\n"), pb_connector_kind_get_label (kind),
          pb_connector_get_name (c));
  {
    const char * const *fields = pb_connector_kind_secret_fields (kind);

    g_autofree char *quoted = g_shell_quote (pb_connector_get_name (c));

    printf (_("Store its %s with: plugboard-cli set-secret %s %s < FILE\n"),
            fields[0], quoted, fields[0]);
  }
  return PB_CLI_EXIT_OK;
}

int
pb_cli_edit (int    argc,
             char **argv)
{
  g_auto (SettingOptions) o = { 0 };
  GOptionEntry entries[] = {
    SETTING_ENTRIES (o),
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  PbConnectorKind kind;
  PbConnector *c;
  int code;

  if (!parse_options ("edit", _("NAME"),
                      _("Change a connector's settings. An empty value (\"\") clears a setting."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("edit", _("Give the connector's name (one argument)."));
  if (!setting_options_any (&o))
    return pb_cli_fail_usage ("edit", _("Nothing to change: give at least one option."));

  store = open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  kind = pb_connector_get_kind (c);
  if (o.type != NULL && !parse_kind (o.type, &kind, &error))
    return pb_cli_fail_with_error (error);
  if (!setting_options_validate (&o, kind, &error))
    return pb_cli_fail_with_error (error);

  pb_connector_set_kind (c, kind);
  setting_options_apply (&o, c);
  if (!pb_connector_store_save (store, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Updated “%s”.\n"), pb_connector_get_name (c));
  return PB_CLI_EXIT_OK;
}

/* The terminal settings to put back if a signal (Ctrl+C) ends the program while echo is off:
 * the terminal outlives the process, and would otherwise stay blind for the next commands. */
static struct termios tty_saved;

static void
restore_tty_and_reraise (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &tty_saved);   /* async-signal-safe */
  signal (signum, SIG_DFL);
  raise (signum);
}

static const int tty_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void
set_tty_signal_handlers (gboolean restore_on_signal)
{
  for (guint i = 0; i < G_N_ELEMENTS (tty_signals); i++)
    {
      struct sigaction action = { 0 };

      action.sa_handler = restore_on_signal ? restore_tty_and_reraise : SIG_DFL;
      sigemptyset (&action.sa_mask);
      sigaction (tty_signals[i], &action, NULL);
    }
}

/* Reads the whole of standard input (at most MAX_SECRET_BYTES) without echo on a terminal.
 * The buffer is wiped by the caller. */
static GString *
read_secret (const char  *prompt,
             GError     **error)
{
  GString *buffer = g_string_sized_new (256);
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  int ch;

  if (tty)
    {
      /* Echo goes off before the prompt, as getpass() does: whatever is typed once the
       * prompt shows is hidden. */
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(ECHO | ECHONL);
          tty_saved = saved;
          set_tty_signal_handlers (TRUE);
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
          if (!echo_off)
            set_tty_signal_handlers (FALSE);
        }
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
    }

  /* On a terminal one line is the value; from a pipe or file, everything. */
  while ((ch = getchar ()) != EOF)
    {
      if (tty && ch == '\n')
        break;
      if (buffer->len >= MAX_SECRET_BYTES)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("The secret on standard input is longer than %d KiB. Nothing was stored."),
                       MAX_SECRET_BYTES / 1024);
          break;
        }
      g_string_append_c (buffer, (char) ch);
    }

  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      set_tty_signal_handlers (FALSE);
      fprintf (stderr, "\n");
    }

  if (error != NULL && *error != NULL)
    {
      explicit_bzero (buffer->str, buffer->allocated_len);
      g_string_free (buffer, TRUE);
      return NULL;
    }

  /* One trailing newline is how `echo` and editors end a line, not part of the secret. */
  if (buffer->len > 0 && buffer->str[buffer->len - 1] == '\n')
    g_string_truncate (buffer, buffer->len - 1);
  if (buffer->len > 0 && buffer->str[buffer->len - 1] == '\r')
    g_string_truncate (buffer, buffer->len - 1);
  return buffer;
}

static void
wipe_string (GString *buffer)
{
  if (buffer == NULL)
    return;
  explicit_bzero (buffer->str, buffer->allocated_len);
  g_string_free (buffer, TRUE);
}

int
pb_cli_set_secret (int    argc,
                   char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prompt = NULL;
  GString *secret = NULL;
  PbConnector *c;
  const char *field;
  gboolean ok;
  int code;

  if (!parse_options ("set-secret", _("NAME FIELD"),
                      _("Store a secret in the keyring. The value is read from standard input "
                        "(never from the command line); one trailing newline is dropped.\n"
                        "FIELD is api-key for API Key connectors, client-secret for OAuth 2.0 and "
                        "Intercom, password for Basic."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 3)
    return pb_cli_fail_usage (
      "set-secret", _("Give the connector's name and the secret's field (two arguments)."));

  store = open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  field = argv[2];
  if (!pb_connector_kind_accepts_secret (pb_connector_get_kind (c), field))
    {
      const char * const *fields = pb_connector_kind_secret_fields (pb_connector_get_kind (c));
      g_autofree char *allowed = g_strjoinv (", ", (char **) fields);

      g_set_error (&error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a secret field of %s connectors. Use: %s."),
                   field, pb_connector_kind_get_label (pb_connector_get_kind (c)), allowed);
      return pb_cli_fail_with_error (error);
    }

  prompt
    = g_strdup_printf (_("%s for “%s” (input is hidden): "), field, pb_connector_get_name (c));
  secret = read_secret (prompt, &error);
  if (secret == NULL)
    return pb_cli_fail_with_error (error);
  if (secret->len == 0 || strlen (secret->str) != secret->len)
    {
      wipe_string (secret);
      g_set_error_literal (
        &error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
        _("No secret on standard input (it was empty or held a NUL byte). Nothing was stored."));
      return pb_cli_fail_with_error (error);
    }

  ok = pb_connector_store_set_secret_sync (store, c, field, secret->str, NULL, &error);
  wipe_string (secret);
  if (!ok)
    return pb_cli_fail_with_error (error);

  printf (_("Stored the %s of “%s” in the keyring.\n"), field, pb_connector_get_name (c));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_rename (int    argc,
               char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *old_name = NULL;
  PbConnector *c;
  int code;

  if (!parse_options ("rename", _("OLD NEW"), _("Rename a connector."), entries, &argc, &argv,
                      &code))
    return code;
  if (argc != 3)
    return pb_cli_fail_usage ("rename", _("Give the current and the new name (two arguments)."));

  store = open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  old_name = g_strdup (pb_connector_get_name (c));
  if (!pb_connector_store_rename (store, c, argv[2], &error) ||
      !pb_connector_store_flush (store, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Renamed “%s” to “%s”.\n"), old_name, pb_connector_get_name (c));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_delete (int    argc,
               char **argv)
{
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Really delete (required)"), NULL },
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  PbConnector *c;
  int code;

  if (!parse_options ("delete", _("NAME"),
                      _("Delete a connector and its secrets. Anything that uses it stops working."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("delete", _("Give the connector's name (one argument)."));

  store = open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  if (!yes)
    return pb_cli_fail_usage (
      "delete",
      _("Deleting “%s” removes it and its secrets for good, and anything using it "
         "stops working. Run again with --yes to confirm."),
      pb_connector_get_name (c));

  name = g_strdup (pb_connector_get_name (c));
  if (!pb_connector_store_delete_sync (store, c, NULL, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Deleted “%s” and its secrets.\n"), name);
  return PB_CLI_EXIT_OK;
}
