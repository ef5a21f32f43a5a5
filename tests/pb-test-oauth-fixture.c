/* pb-test-oauth-fixture.c: the fixture test-oauth-flow and test-oauth-tokens share: a real
 * authorization server, a store with one OAuth connector, signing in as the user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-test-oauth-fixture.h"
#include "pb-test-util.h"
#include "pb-vault.h"

void
pb_test_oauth_async_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
pb_test_oauth_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

char *
pb_test_oauth_lookup (PbTestOAuthFixture *f,
                      const char         *field)
{
  g_autoptr (GError) error = NULL;
  char *value = pb_vault_lookup_sync (pb_connector_store_get_vault (f->store),
                                      pb_connector_get_id (f->connector), field, NULL, &error);

  g_assert_no_error (error);
  if (value != NULL && !g_str_equal (field, PB_SECRET_TOKEN_EXPIRY))
    g_ptr_array_add (f->seen_tokens, g_strdup (value));
  return value;
}

void
pb_test_oauth_fixture_set_up (PbTestOAuthFixture *f,
                              gconstpointer       data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  f->server = pb_test_oauth_server_start (10);
  /* One file per test: the tests of this program share one HOME. */
  f->path = g_build_filename (pb_test_root (), "stores", uuid, "connectors.json", NULL);
  f->store = pb_connector_store_new (f->path, NULL);
  g_assert_true (pb_connector_store_load (f->store, &error));
  g_assert_no_error (error);

  f->connector = pb_connector_store_create (f->store, "Test Provider", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  g_object_ref (f->connector);
  auth_url = pb_test_oauth_server_url (f->server, "/auth");
  token_url = pb_test_oauth_server_url (f->server, "/token");
  pb_connector_set_client_id (f->connector, PB_TEST_OAUTH_NATIVE_CLIENT);
  pb_connector_set_auth_url (f->connector, auth_url);
  pb_connector_set_token_url (f->connector, token_url);
  pb_connector_set_scopes (f->connector, PB_TEST_OAUTH_SCOPES);
  g_assert_true (pb_connector_store_save (f->store, &error));

  f->manager = pb_token_manager_new (f->store, NULL);
  f->seen_tokens = g_ptr_array_new_with_free_func (g_free);
}

void
pb_test_oauth_fixture_tear_down (PbTestOAuthFixture *f,
                                 gconstpointer       data)
{
  g_autoptr (GError) error = NULL;
  guint scanned = 0;

  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_no_error (error);

  /* No token ever leaves the keyring: not into connectors.json, a cache or anything else. */
  for (guint i = 0; i < f->seen_tokens->len; i++)
    scanned = pb_test_assert_tree_lacks (pb_test_root (), g_ptr_array_index (f->seen_tokens, i));
  if (f->seen_tokens->len > 0)
    g_assert_cmpuint (scanned, >, 0);

  g_ptr_array_unref (f->seen_tokens);
  g_clear_object (&f->manager);
  g_clear_object (&f->connector);
  g_clear_object (&f->store);
  g_free (f->path);
  pb_test_oauth_server_stop (f->server);
}

/* Signs in as the user would (plain HTTP on the provider's pages) and hands the redirect
 * to FLOW. Returns the redirect so tests can tamper with it. */
char *
pb_test_oauth_fixture_sign_in (PbTestOAuthFixture *f,
                               PbOAuthFlow        *flow,
                               PbTestOAuthAnswer   answer)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = pb_oauth_flow_get_authorization_url (flow, &error);

  g_assert_no_error (error);
  return pb_test_oauth_sign_in (url, "alice", answer, pb_oauth_flow_get_redirect_uri (flow), FALSE);
}

gboolean
pb_test_oauth_complete (PbOAuthFlow  *flow,
                        const char   *redirect,
                        GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_oauth_flow_complete_async (flow, redirect, NULL, pb_test_oauth_async_done, &result);
  return pb_oauth_flow_complete_finish (flow, pb_test_oauth_wait_result (&result), error);
}

void
pb_test_oauth_connect (PbTestOAuthFixture *f)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (f->store, f->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *redirect = pb_test_oauth_fixture_sign_in (f, flow, PB_TEST_OAUTH_CONSENT);

  g_assert_true (pb_test_oauth_complete (flow, redirect, &error));
  g_assert_no_error (error);
}

gboolean
pb_test_oauth_refresh (PbTestOAuthFixture  *f,
                       GError             **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_token_manager_refresh_async (f->manager, f->connector, NULL, pb_test_oauth_async_done, &result);
  return pb_token_manager_refresh_finish (f->manager, pb_test_oauth_wait_result (&result), error);
}

void
pb_test_oauth_garbage_handler (SoupServer        *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query,
                               gpointer           user_data)
{
  const char *kind = user_data;

  if (g_str_equal (kind, "html"))
    {
      static const char page[] = "<html><body>Welcome to our portal</body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (g_str_equal (kind, "truncated"))
    {
      static const char json[] = "{\"access_token\": \"abc";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else
    {
      static const char json[] = "{\"token_type\": \"Bearer\", \"expires_in\": 3600}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
}

SoupServer *
pb_test_start_soup_server (SoupServerCallback  handler,
                           gpointer            user_data,
                           char              **out_base)
{
  g_autoptr (GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  GSList *uris;

  soup_server_add_handler (server, NULL, handler, user_data, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}
