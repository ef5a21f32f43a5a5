/* pb-cli-oauth.c: connect (OAuth 2.0 sign-in) and token (status, refresh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-cli.h"
#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-oauth-flow.h"
#include "pb-oauth-tokens.h"
#include "pb-token-manager.h"

/* Loads the store into *STORE and finds an OAuth connector by name; prints the error and
 * sets EXIT otherwise. */
static PbConnector *
find_oauth_connector (PbConnectorStore **store,
                      const char        *command,
                      const char        *name,
                      int               *exit_code)
{
  g_autoptr (GError) error = NULL;
  PbConnector *connector;
  PbConnectorKind kind;

  *store = pb_cli_open_store (&error);
  if (*store == NULL)
    {
      *exit_code = pb_cli_fail_with_error (error);
      return NULL;
    }

  connector = pb_connector_store_find_by_name (*store, name);
  if (connector == NULL)
    {
      g_set_error (&error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("There is no connector named “%s” (plugboard-cli list shows them)."), name);
      *exit_code = pb_cli_fail_with_error (error);
      return NULL;
    }

  kind = pb_connector_get_kind (connector);
  if (kind != PB_CONNECTOR_KIND_OAUTH2 && kind != PB_CONNECTOR_KIND_INTERCOM)
    {
      *exit_code = pb_cli_fail_usage (
        command,
        _("“%s” does not sign in: its type is %s. Only OAuth 2.0 and Intercom connectors sign in."),
        name, pb_connector_kind_get_label (kind));
      return NULL;
    }
  return connector;
}

/* Connector state changes (ready, reconnect needed) must reach the file before we exit. */
static void
save_store (PbConnectorStore *store)
{
  g_autoptr (GError) error = NULL;

  if (!pb_connector_store_flush (store, &error))
    fprintf (stderr, "plugboard-cli: %s\n", error->message);
}

static char *
format_expiry (gint64 expires_at)
{
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *seconds = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (expires_at <= 0)
    return g_strdup (_("not stated by the provider"));
  when = g_date_time_new_from_unix_utc (expires_at);
  date = g_date_time_format (when, "%Y-%m-%d %H:%M:%S UTC");
  if (expires_at <= now)
    return g_strdup_printf (_("%s (expired; renewed on next use)"), date);
  seconds = g_strdup_printf ("%" G_GINT64_FORMAT, expires_at - now);
  /* Translators: the first %s is a date, the second a number of seconds until then. */
  return g_strdup_printf (_("%s (in %s s)"), date, seconds);
}

static void
print_status (PbConnector   *connector,
              PbTokenStatus *status)
{
  g_autofree char *expiry = format_expiry (status->expires_at);
  PbConnectorState state = pb_connector_get_state (connector);

  printf (_("Connector:     %s\n"), pb_connector_get_name (connector));
  if (state == PB_CONNECTOR_STATE_RECONNECT_NEEDED)
    printf (_("State:         reconnect needed — %s\n"),
            pb_connector_get_state_message (connector) ? pb_connector_get_state_message (connector)
                                                       : "");
  else if (status->has_access_token)
    printf (_("State:         connected\n"));
  else
    printf (_("State:         not connected\n"));
  printf (_("Access token:  %s\n"),
          status->has_access_token ? _("present (in the keyring)") : _("none"));
  printf (_("Refresh token: %s\n"),
          status->has_refresh_token ? _("present (in the keyring)") : _("none"));
  printf (_("Expires:       %s\n"), status->has_access_token ? expiry : "—");
  printf (_("Scopes:        %s\n"), status->scopes != NULL ? status->scopes : "—");
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static int
connect_client_credentials (PbConnectorStore *store,
                            PbConnector      *connector)
{
  g_autoptr (PbTokenManager) manager = pb_token_manager_new (store, NULL);
  g_autoptr (GError) error = NULL;
  g_auto (PbCliAwait) await = { NULL };
  gboolean ok;

  pb_token_manager_refresh_async (manager, connector, NULL, pb_cli_await_cb, &await);
  ok = pb_token_manager_refresh_finish (manager, pb_cli_await (&await), &error);
  save_store (store);
  if (!ok)
    return pb_cli_fail_with_error (error);
  printf (_("Connected “%s” (client credentials).\n"), pb_connector_get_name (connector));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_connect (int    argc,
                char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (PbOAuthFlow) flow = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *browser = NULL;
  g_autofree char *url = NULL;
  int timeout = 600;
  int exit_code = PB_CLI_EXIT_OK;
  PbConnector *connector;
  g_auto (PbCliAwait) await = { NULL };
  guint timeout_id;
  gboolean ok;
  GOptionEntry entries[] = {
    { "browser", 0, 0, G_OPTION_ARG_STRING, &browser,
      N_("Where to sign in: external (the default browser), none (print the address), embedded "
         "(the app)"),
      N_("WHERE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up after this many seconds without a sign-in (default 600)"), N_("SECONDS") },
    { NULL }
  };

  context = g_option_context_new (_("NAME — sign in to an OAuth 2.0 connector"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("connect", "%s", error->message);
  if (argc != 2)
    return pb_cli_fail_usage ("connect", _("Name exactly one connector."));
  if (timeout <= 0)
    return pb_cli_fail_usage ("connect", _("--timeout needs a positive number of seconds."));

  if (browser == NULL)
    browser = g_strdup (
      g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL ? "external" : "none");
  if (strcmp (browser, "external") != 0 && strcmp (browser, "none") != 0
      && strcmp (browser, "embedded") != 0)
    return pb_cli_fail_usage ("connect", _("--browser is embedded, external or none, not “%s”."),
                              browser);

  connector = find_oauth_connector (&store, "connect", argv[1], &exit_code);
  if (connector == NULL)
    return exit_code;

  if (!pb_oauth_check_connector (connector, &error))
    return pb_cli_fail_with_error (error);

  if (pb_oauth_uses_client_credentials (connector))
    return connect_client_credentials (store, connector);

  if (strcmp (browser, "embedded") == 0)
    {
      g_set_error (
        &error, PB_ERROR, PB_ERROR_NOT_AVAILABLE,
        _("The embedded sign-in window is part of the Plugboard app: open “%s” there and press "
          "Connect. In a terminal, use --browser=external (your default browser) or --browser=none "
          "(prints the address to open anywhere)."),
        pb_connector_get_name (connector));
      return pb_cli_fail_with_error (error);
    }

  flow = pb_oauth_flow_new (store, connector, NULL);
  if (!pb_oauth_flow_listen (flow, &error))
    return pb_cli_fail_with_error (error);
  url = pb_oauth_flow_get_authorization_url (flow, &error);
  if (url == NULL)
    return pb_cli_fail_with_error (error);

  if (strcmp (browser, "none") == 0)
    {
      fprintf (
        stderr,
        _("Open this address in a browser and sign in; waiting for the provider to send you back "
          "to %s…\n"),
        pb_oauth_flow_get_redirect_uri (flow));
      printf ("%s\n", url);
      fflush (stdout);
    }
  else
    {
      if (!g_app_info_launch_default_for_uri (url, NULL, &error))
        {
          g_autoptr (GError) launch_error = g_steal_pointer (&error);

          g_set_error (
            &error, PB_ERROR, PB_ERROR_NOT_AVAILABLE,
            _("Could not open a browser (%s). Use --browser=none and open the address yourself."),
            launch_error->message);
          return pb_cli_fail_with_error (error);
        }
      fprintf (
        stderr,
        _("Your browser shows the sign-in page of “%s”; waiting for you to finish there…\n"),
        pb_connector_get_name (connector));
    }

  timeout_id = g_timeout_add_seconds (timeout, timeout_cb, cancellable);
  pb_oauth_flow_wait_async (flow, cancellable, pb_cli_await_cb, &await);
  ok = pb_oauth_flow_wait_finish (flow, pb_cli_await (&await), &error);
  pb_cli_await_clear (&await);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout_id);
  save_store (store);

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error (
            &error, PB_ERROR, PB_ERROR_OAUTH,
            ngettext (
              "No sign-in came back within %d second. Nothing was changed; run connect again.",
              "No sign-in came back within %d seconds. Nothing was changed; run connect again.",
              timeout),
            timeout);
        }
      return pb_cli_fail_with_error (error);
    }

  printf (_("Connected “%s”.\n"), pb_connector_get_name (connector));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_token (int    argc,
              char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (PbTokenManager) manager = NULL;
  g_autoptr (PbTokenStatus) status = NULL;
  g_autoptr (GError) error = NULL;
  gboolean show_status = FALSE;
  gboolean refresh = FALSE;
  int exit_code = PB_CLI_EXIT_OK;
  PbConnector *connector;
  g_auto (PbCliAwait) await = { NULL };
  GOptionEntry entries[]
    = { { "status", 0, 0, G_OPTION_ARG_NONE, &show_status,
          N_("Show whether a token is stored, when it expires and its scopes (never the token)"),
          NULL },
        { "refresh", 0, 0, G_OPTION_ARG_NONE, &refresh, N_("Get a new access token now"), NULL },
        { NULL } };

  context = g_option_context_new (_("NAME — an OAuth 2.0 connector's token"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("token", "%s", error->message);
  if (argc != 2)
    return pb_cli_fail_usage ("token", _("Name exactly one connector."));
  if (!show_status && !refresh)
    show_status = TRUE;

  connector = find_oauth_connector (&store, "token", argv[1], &exit_code);
  if (connector == NULL)
    return exit_code;

  manager = pb_token_manager_new (store, NULL);

  if (refresh)
    {
      gboolean ok;

      pb_token_manager_refresh_async (manager, connector, NULL, pb_cli_await_cb, &await);
      ok = pb_token_manager_refresh_finish (manager, pb_cli_await (&await), &error);
      pb_cli_await_clear (&await);
      save_store (store);
      if (!ok)
        return pb_cli_fail_with_error (error);
      printf (_("Refreshed the token of “%s”.\n"), pb_connector_get_name (connector));
    }

  pb_token_manager_get_status_async (manager, connector, NULL, pb_cli_await_cb, &await);
  status = pb_token_manager_get_status_finish (manager, pb_cli_await (&await), &error);
  pb_cli_await_clear (&await);
  if (status == NULL)
    return pb_cli_fail_with_error (error);

  print_status (connector, status);
  if (pb_connector_get_state (connector) == PB_CONNECTOR_STATE_RECONNECT_NEEDED)
    return PB_CLI_EXIT_REAUTH;
  return PB_CLI_EXIT_OK;
}
