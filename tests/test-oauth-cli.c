/* test-oauth-cli.c: plugboard-cli connect and token, end to end against a real
 * authorization server (oidc-provider); the test plays the user with plain HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-oauth-server.h"
#include "pb-test-util.h"
#include "pb-vault.h"

typedef struct {
  PbTestOAuthServer *server;
  char *name;
  char *id;
  GString *output;     /* everything the CLI printed */
} Fixture;

static PbConnectorStore *
load_store (void)
{
  g_autoptr (GError) error = NULL;
  PbConnectorStore *store = pb_connector_store_new (NULL, NULL);

  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (PbConnectorStore) store = load_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  PbConnector *connector;

  f->server = pb_test_oauth_server_start (10);
  f->name = g_strdup_printf ("Provider %.8s", uuid);
  f->output = g_string_new (NULL);

  connector = pb_connector_store_create (store, f->name, PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  auth_url = pb_test_oauth_server_url (f->server, "/auth");
  token_url = pb_test_oauth_server_url (f->server, "/token");
  pb_connector_set_client_id (connector, PB_TEST_OAUTH_NATIVE_CLIENT);
  pb_connector_set_auth_url (connector, auth_url);
  pb_connector_set_token_url (connector, token_url);
  pb_connector_set_scopes (connector, "openid offline_access profile");
  pb_connector_set_redirect_uri (connector, "http://127.0.0.1/callback");
  f->id = g_strdup (pb_connector_get_id (connector));
  g_assert_true (pb_connector_store_save (store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pb_test_oauth_server_stop (f->server);
  g_string_free (f->output, TRUE);
  g_free (f->name);
  g_free (f->id);
}

static int
run_cli (Fixture     *f,
         const char **argv,
         char       **out_stdout,
         char       **out_stderr)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = pb_test_run_cli (argv, NULL, &out, &err);

  g_string_append (f->output, out);
  g_string_append (f->output, err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return status;
}

static char *
lookup (Fixture    *f,
        const char *field)
{
  g_autoptr (GError) error = NULL;
  char *value = pb_vault_lookup_sync (pb_vault_get_default (), f->id, field, NULL, &error);

  g_assert_no_error (error);
  return value;
}

/* Runs `connect NAME --browser=none`, signs in with plain HTTP on the address it prints and
 * follows the provider's redirect to the CLI's loopback listener. */
static int
connect_with (Fixture           *f,
              PbTestOAuthAnswer  answer,
              char             **out_stdout,
              char             **out_stderr)
{
  const char *cli = g_getenv ("PB_CLI");
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *err = NULL;
  g_autofree char *redirect = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  const char *redirect_uri;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           cli, "connect", f->name, "--browser=none", "--timeout=60", NULL);
  g_assert_no_error (error);

  /* The first line on stdout is the address to open, and nothing else. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (url == NULL)
    {
      g_autoptr (GDataInputStream) err_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (proc));
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err_stream, NULL, NULL, NULL);

      g_error ("connect printed no address; it said: %s", line);
    }
  g_string_append (f->output, url);
  g_assert_true (g_str_has_prefix (url, pb_test_oauth_server_get_issuer (f->server)));

  /* It sends the provider back to a loopback listener on an ephemeral port (RFC 8252). */
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  g_assert_no_error (error);
  params = soup_form_decode (g_uri_get_query (uri));
  redirect_uri = g_hash_table_lookup (params, "redirect_uri");
  g_assert_nonnull (redirect_uri);
  g_assert_true (g_str_has_prefix (redirect_uri, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (redirect_uri, "/callback"));
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");

  /* Anything on this machine can call the listener: a request that is not this sign-in's
   * answer is turned away and does not end it. */
  {
    g_autoptr (SoupSession) session = soup_session_new ();
    g_autofree char *forged_url = g_strconcat (redirect_uri, "?code=forged&state=forged", NULL);
    g_autoptr (SoupMessage) forged = soup_message_new ("GET", forged_url);
    g_autoptr (GBytes) body = soup_session_send_and_read (session, forged, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (forged), ==, 400);
  }

  redirect = pb_test_oauth_sign_in (url, "bob", answer, redirect_uri, TRUE);
  g_assert_true (g_str_has_prefix (redirect, redirect_uri));

  /* Read the rest of stdout, then stderr, then wait for the exit. */
  {
    g_autoptr (GBytes) rest_bytes = NULL;
    g_autoptr (GOutputStream) sink = g_memory_output_stream_new_resizable ();
    g_autoptr (GOutputStream) err_sink = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (sink, G_INPUT_STREAM (out), G_OUTPUT_STREAM_SPLICE_NONE, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_splice (err_sink, g_subprocess_get_stderr_pipe (proc),
                            G_OUTPUT_STREAM_SPLICE_NONE, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write (sink, "", 1, NULL, NULL);
    g_output_stream_write (err_sink, "", 1, NULL, NULL);
    g_output_stream_close (sink, NULL, NULL);
    g_output_stream_close (err_sink, NULL, NULL);
    rest = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (sink));
    err = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (err_sink));
  }
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));

  g_string_append (f->output, rest);
  g_string_append (f->output, err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&rest);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (proc);
}

static void
assert_no_token_leaked (Fixture *f)
{
  const char *fields[] = { "access-token", "refresh-token" };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr (PbVaultSecret) token = lookup (f, fields[i]);

      if (token == NULL)
        continue;
      checked++;
      g_assert_null (strstr (f->output->str, token));
      g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), token), >, 0);
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_connect_none (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  PbConnector *connector;
  int status;

  status = connect_with (f, PB_TEST_OAUTH_CONSENT, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Connected"));

  access = lookup (f, "access-token");
  refresh = lookup (f, "refresh-token");
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 1);

  store = load_store ();
  connector = pb_connector_store_find_by_id (store, f->id);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_true (pb_connector_has_secret (connector, "access-token"));

  /* token --status: present, expiry, scopes, never a token. */
  {
    const char *argv[] = { "token", f->name, "--status", NULL };
    g_autofree char *status_out = NULL;

    g_assert_cmpint (run_cli (f, argv, &status_out, NULL), ==, 0);
    g_assert_nonnull (strstr (status_out, "Access token:  present"));
    g_assert_nonnull (strstr (status_out, "Refresh token: present"));
    g_assert_nonnull (strstr (status_out, "UTC"));
    g_assert_nonnull (strstr (status_out, "openid offline_access profile"));
  }

  assert_no_token_leaked (f);
}

static void
test_token_refresh (Fixture       *f,
                    gconstpointer  data)
{
  const char *argv[] = { "token", f->name, "--refresh", NULL };
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh = NULL;
  g_autoptr (PbVaultSecret) new_access = NULL;
  g_autoptr (PbVaultSecret) new_refresh = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (connect_with (f, PB_TEST_OAUTH_CONSENT, NULL, NULL), ==, 0);
  access = lookup (f, "access-token");
  refresh = lookup (f, "refresh-token");

  g_assert_cmpint (run_cli (f, argv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Refreshed"));
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  new_access = lookup (f, "access-token");
  new_refresh = lookup (f, "refresh-token");
  g_assert_cmpstr (new_access, !=, access);
  g_assert_cmpstr (new_refresh, !=, refresh);

  /* Again, with the HTTP debug log on: the rotated refresh token is the one in the keyring,
   * so this works too, and the log shows the exchange with every token redacted. */
  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (f, argv, NULL, &err), ==, 0);
    g_assert_nonnull (strstr (err, "grant_type=refresh_token"));
    g_assert_nonnull (strstr (err, "[redacted]"));
  }
  g_unsetenv ("PB_HTTP_DEBUG");
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 2);
  g_assert_cmpuint (pb_test_oauth_server_count_errors (f->server, "invalid_grant"), ==, 0);

  /* The old tokens never showed up anywhere either. */
  g_assert_null (strstr (f->output->str, access));
  g_assert_null (strstr (f->output->str, refresh));
  pb_test_assert_tree_lacks (pb_test_root (), access);
  pb_test_assert_tree_lacks (pb_test_root (), refresh);
  assert_no_token_leaked (f);
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  const char *refresh_argv[] = { "token", f->name, "--refresh", NULL };
  const char *status_argv[] = { "token", f->name, "--status", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  PbConnector *connector;

  g_assert_cmpint (connect_with (f, PB_TEST_OAUTH_CONSENT, NULL, NULL), ==, 0);
  pb_test_oauth_server_hook (f->server, "revoke-grants");

  g_assert_cmpint (run_cli (f, refresh_argv, NULL, &err), ==, 22);
  g_assert_nonnull (strstr (err, "Connect again"));

  g_assert_cmpint (run_cli (f, status_argv, &out, NULL), ==, 22);
  g_assert_nonnull (strstr (out, "reconnect needed"));

  store = load_store ();
  connector = pb_connector_store_find_by_id (store, f->id);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_RECONNECT_NEEDED);

  /* Connecting again clears it. */
  g_assert_cmpint (connect_with (f, PB_TEST_OAUTH_CONSENT, NULL, NULL), ==, 0);
  g_clear_object (&store);
  store = load_store ();
  connector = pb_connector_store_find_by_id (store, f->id);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_READY);
  assert_no_token_leaked (f);
}

static void
test_access_denied (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autoptr (PbVaultSecret) access = NULL;

  g_assert_cmpint (connect_with (f, PB_TEST_OAUTH_DENY, NULL, &err), ==, 21);
  g_assert_nonnull (strstr (err, "denied"));
  access = lookup (f, "access-token");
  g_assert_null (access);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  const char *embedded[] = { "connect", f->name, "--browser=embedded", NULL };
  const char *bad[] = { "connect", f->name, "--browser=lynx", NULL };
  const char *missing[] = { "connect", "No such connector", "--browser=none", NULL };
  const char *status[] = { "token", f->name, "--status", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (f, embedded, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--browser=none"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, bad, NULL, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, missing, NULL, &err), ==, 3);

  /* Nobody signs in: connect gives up after --timeout and changes nothing. */
  {
    const char *waiting[] = { "connect", f->name, "--browser=none", "--timeout=1", NULL };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, waiting, NULL, &err), ==, 21);
    g_assert_nonnull (strstr (err, "No sign-in came back within 1 second."));
  }

  g_assert_cmpint (run_cli (f, status, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "not connected"));
  g_assert_nonnull (strstr (out, "Access token:  none"));
}

/* A service connector made entirely with the CLI: client credentials, secret from stdin. */
static void
test_client_credentials (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token_url = pb_test_oauth_server_url (f->server, "/token");
  const char *create[] = { "create", "--name", "Backend Service", "--type", "oauth2",
                           "--client-id", PB_TEST_OAUTH_SERVICE_CLIENT, "--token-url", token_url,
                           "--scope", "api:read", "--scope", "api:write",
                           "--token-auth-method", "client_secret_basic", NULL };
  const char *bad_method[] = { "edit", "Backend Service", "--token-auth-method", "client_secret_jwt", NULL };
  const char *set_secret[] = { "set-secret", "Backend Service", "client-secret", NULL };
  const char *connect[] = { "connect", "Backend Service", "--browser=none", NULL };
  const char *status[] = { "token", "Backend Service", "--status", NULL };
  const char *refresh[] = { "token", "Backend Service", "--refresh", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *status_out = NULL;
  g_autofree char *secret_out = NULL;
  g_autofree char *secret_err = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  PbConnector *connector;

  g_assert_cmpint (run_cli (f, create, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli (f, bad_method, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "client_secret_post"));
  g_assert_cmpint (pb_test_run_cli (set_secret, PB_TEST_OAUTH_SERVICE_SECRET "\n", &secret_out, &secret_err), ==, 0);

  g_assert_cmpint (run_cli (f, connect, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "client credentials"));
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "client_credentials"), ==, 1);

  g_assert_cmpint (run_cli (f, status, &status_out, NULL), ==, 0);
  g_assert_nonnull (strstr (status_out, "Access token:  present"));
  g_assert_nonnull (strstr (status_out, "Refresh token: none"));
  g_assert_nonnull (strstr (status_out, "api:read api:write"));

  /* With no refresh token, "refresh" asks for a new token with the same grant. */
  g_assert_cmpint (run_cli (f, refresh, NULL, NULL), ==, 0);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "client_credentials"), ==, 2);

  store = load_store ();
  connector = pb_connector_store_find_by_name (store, "Backend Service");
  g_free (f->id);
  f->id = g_strdup (pb_connector_get_id (connector));
  g_assert_null (strstr (f->output->str, PB_TEST_OAUTH_SERVICE_SECRET));
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), PB_TEST_OAUTH_SERVICE_SECRET), >, 0);
  assert_no_token_leaked (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/oauth-cli/connect-none", test_connect_none);
  ADD ("/oauth-cli/token-refresh", test_token_refresh);
  ADD ("/oauth-cli/revoked", test_revoked);
  ADD ("/oauth-cli/access-denied", test_access_denied);
  ADD ("/oauth-cli/usage", test_usage);
  ADD ("/oauth-cli/client-credentials", test_client_credentials);

  return g_test_run ();
}
