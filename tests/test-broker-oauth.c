/* test-broker-oauth.c: the broker against the real oidc-provider: a 401 to an OAuth token gets
 * one refresh and one retry with the same body, through HTTP and through the MCP path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "pb-broker.h"
#include "pb-test-oauth-fixture.h"
#include "pb-test-util.h"

#define API_KEY "canary-broker-oauth-key-5e1f"

/* An API that takes only tokens the provider still takes (it asks the provider's userinfo
 * endpoint, which answers 401 to unknown or expired ones) and echoes the body it got. Under
 * /key it wants API_KEY in X-Api-Key instead. */
typedef struct {
  SoupSession *session;
  char *userinfo_url;
  guint requests;
  GPtrArray *bearers;
} Api;

typedef struct {
  SoupServerMessage *msg;
  GBytes *body;
} Pending;

static void
api_checked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  SoupMessage *check = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                 NULL);

  if (soup_message_get_status (check) == 200)
    {
      soup_server_message_set_status (pending->msg, 200, NULL);
      soup_server_message_set_response (pending->msg, "text/plain", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (pending->body, NULL),
                                        g_bytes_get_size (pending->body));
    }
  else
    {
      soup_server_message_set_status (pending->msg, 401, NULL);
      soup_server_message_set_response (pending->msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":\"invalid_token\"}", 25);
    }
  soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_bytes_unref (pending->body);
  g_free (pending);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Api *api = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr (SoupMessage) check = NULL;
  Pending *pending;

  api->requests++;
  if (g_str_has_prefix (path, "/key/"))
    {
      gboolean good = g_strcmp0 (soup_message_headers_get_one (headers, "X-Api-Key"),
                                 API_KEY) == 0;

      soup_server_message_set_status (msg, good ? 200 : 401, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        good ? "{}" : "{\"error\":\"bad key\"}", good ? 2 : 19);
      return;
    }
  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  g_ptr_array_add (api->bearers, g_strdup (authorization + strlen ("Bearer ")));
  check = soup_message_new ("GET", api->userinfo_url);
  soup_message_headers_replace (soup_message_get_request_headers (check), "Authorization",
                                authorization);
  pending = g_new0 (Pending, 1);
  pending->msg = g_object_ref (msg);
  pending->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (api->session, check, G_PRIORITY_DEFAULT, NULL,
                                    api_checked_cb, pending);
}

typedef struct {
  guint status;
  char *body;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_free (answer);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* METHOD URL with the agent's TOKEN and BODY (may be NULL), waited for. */
static Answer *
call (SoupSession *session,
      const char  *method,
      const char  *url,
      const char  *token,
      const char  *body)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  Answer *answer = g_new0 (Answer, 1);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                bearer);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    pb_test_oauth_async_done, &result);
  bytes = soup_session_send_and_read_finish (session, pb_test_oauth_wait_result (&result),
                                             &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return answer;
}

static void
test_refresh_and_retry (PbTestOAuthFixture *f,
                        gconstpointer       data)
{
  Api api = { soup_session_new (), pb_test_oauth_server_url (f->server, "/me"), 0,
              g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *base = NULL;
  g_autoptr (SoupServer) server = pb_test_start_soup_server (api_handler, &api, &base);
  g_autoptr (SoupSession) client = soup_session_new ();
  g_autofree char *agents_path = g_build_filename (pb_test_root (), "broker-oauth",
                                                   "agents.json", NULL);
  g_autofree char *audit_path = g_build_filename (pb_test_root (), "broker-oauth",
                                                  "audit.jsonl", NULL);
  g_autoptr (PbAgentStore) agents = pb_agent_store_new (agents_path, f->store);
  g_autoptr (PbCredentialSource) credentials = pb_credential_source_new (f->store, f->manager);
  g_autoptr (PbAuditLog) audit = pb_audit_log_new (audit_path, 0);
  g_autoptr (PbBroker) broker = NULL;
  g_autoptr (PbConnector) keyed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) first = NULL;
  g_autoptr (PbVaultSecret) second = NULL;
  g_autoptr (PbVaultSecret) third = NULL;
  g_autoptr (GPtrArray) trail = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key_url = NULL;
  PbAgent *agent;

  pb_connector_set_base_url (f->connector, base);
  keyed = g_object_ref (pb_connector_store_create (f->store, "Keyed API",
                                                   PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_no_error (error);
  pb_connector_set_base_url (keyed, base);
  pb_connector_set_auth_header (keyed, "X-Api-Key");
  pb_connector_set_auth_prefix (keyed, NULL);
  g_assert_true (pb_connector_store_set_secret_sync (f->store, keyed, PB_SECRET_API_KEY,
                                                    "not-" API_KEY, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_save (f->store, &error));
  pb_token_manager_set_refresh_margin (f->manager, 0);
  pb_test_oauth_connect (f);
  first = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);

  g_assert_true (pb_agent_store_load (agents, &error));
  agent = pb_agent_store_create (agents, "Bot",
                                 "Use my Test Provider connector and the Keyed API.", &error);
  g_assert_no_error (error);
  token = pb_agent_new_token (agent);
  broker = pb_broker_new (agents, credentials, audit);
  g_assert_true (pb_broker_listen (broker, 0, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/connectors/Test%%20Provider/v1/things",
                         pb_broker_get_port (broker));
  key_url = g_strdup_printf ("http://127.0.0.1:%u/connectors/Keyed%%20API/key/x",
                             pb_broker_get_port (broker));

  /* The stored token works: one request, no refresh. */
  {
    g_autoptr (Answer) a = call (client, "POST", url, token, "{\"n\":1}");

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpstr (a->body, ==, "{\"n\":1}");
    g_assert_cmpuint (api.requests, ==, 1);
    g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 0);
  }

  /* The provider forgets the token before its expiry: the API answers 401, the broker has
   * the token manager refresh once and sends the same request, body included, again. */
  pb_test_oauth_server_hook (f->server, "expire-access-tokens");
  {
    g_autoptr (Answer) a = call (client, "POST", url, token, "{\"n\":2}");

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpstr (a->body, ==, "{\"n\":2}");
    g_assert_cmpuint (api.requests, ==, 3);
    g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  }
  second = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpstr (g_ptr_array_index (api.bearers, 1), ==, first);
  g_assert_cmpstr (g_ptr_array_index (api.bearers, 2), ==, second);

  /* The next call uses the new token straight away. */
  {
    g_autoptr (Answer) a = call (client, "GET", url, token, NULL);

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpuint (api.requests, ==, 4);
    g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 1);
  }

  /* The same through the path MCP takes. */
  pb_test_oauth_server_hook (f->server, "expire-access-tokens");
  {
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (PbBrokerAnswer) answer = NULL;
    g_autoptr (GBytes) body = g_bytes_new_static ("{\"n\":3}", 7);

    pb_broker_call_async (broker, agent, "Test Provider", "PUT", "/v1/things", NULL, NULL,
                          body, 0, "mcp", NULL, pb_test_oauth_async_done, &result);
    answer = pb_broker_call_finish (broker, pb_test_oauth_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (answer->status, ==, 200);
    g_assert_cmpmem (g_bytes_get_data (answer->body, NULL), g_bytes_get_size (answer->body),
                     "{\"n\":3}", 7);
    g_assert_cmpuint (api.requests, ==, 6);
    g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "refresh_token"), ==, 2);
  }
  third = pb_test_oauth_lookup (f, PB_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (third, !=, second);

  /* An API key the API refuses is not retried: its 401 goes back as it is. */
  {
    g_autoptr (Answer) a = call (client, "GET", key_url, token, NULL);

    g_assert_cmpuint (a->status, ==, 401);
    g_assert_cmpuint (api.requests, ==, 7);
  }

  /* The grant is revoked: one 401, one refresh the provider refuses, no second try; the
   * agent is told to have the connector reconnected, and no token is in the answer. */
  pb_test_oauth_server_hook (f->server, "revoke-grants");
  {
    g_autoptr (Answer) a = call (client, "POST", url, token, "{\"n\":4}");

    g_assert_cmpuint (a->status, ==, 503);
    g_assert_nonnull (strstr (a->body, "\"not-ready\""));
    g_assert_null (strstr (a->body, third));
    g_assert_cmpuint (api.requests, ==, 8);
    g_assert_cmpuint (pb_test_oauth_server_count_errors (f->server, "invalid_grant"), ==, 1);
    g_assert_cmpint (pb_connector_get_state (f->connector), ==,
                     PB_CONNECTOR_STATE_RECONNECT_NEEDED);
  }
  /* From now on the broker refuses before calling the API. */
  {
    g_autoptr (Answer) a = call (client, "GET", url, token, NULL);

    g_assert_cmpuint (a->status, ==, 503);
    g_assert_cmpuint (api.requests, ==, 8);
  }

  /* Every call is in the audit trail, retried ones once, with the status the agent got. */
  trail = pb_audit_log_read (audit, "Bot", "Test Provider", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, 6);
  g_assert_cmpuint (((PbAuditEntry *) trail->pdata[1])->status, ==, 200);
  g_assert_cmpuint (((PbAuditEntry *) trail->pdata[4])->status, ==, 503);

  pb_broker_stop (broker);
  soup_server_disconnect (server);
  g_ptr_array_unref (api.bearers);
  g_free (api.userinfo_url);
  g_object_unref (api.session);
  /* The tear-down looks for every token seen in every file, the audit trail included. */
  g_ptr_array_add (f->seen_tokens, g_strdup (API_KEY));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  PB_TEST_OAUTH_ADD ("/broker/oauth/refresh-and-retry", test_refresh_and_retry, NULL);
  return g_test_run ();
}
