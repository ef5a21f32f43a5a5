/* test-broker-stop.c: stopping the broker with calls in flight ends them cleanly: nothing is
 * written to the agents' messages the server has let go, every call is audited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "pb-agent-store.h"
#include "pb-audit-log.h"
#include "pb-broker.h"
#include "pb-test-util.h"

#define CANARY "canary-stop-key-83e1"
#define STOPPED 2

/* --- The API, in its own thread: checks the key, holds /hold until told --- */

typedef struct {
  GMutex lock;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  SoupServer *server;
  guint port;
  GPtrArray *held;
} Api;

static Api api;

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "X-Api-Key");

  if (g_strcmp0 (key, CANARY) != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  if (g_str_has_suffix (path, "/hold"))
    {
      soup_server_message_pause (msg);
      g_mutex_lock (&api.lock);
      g_ptr_array_add (api.held, g_object_ref (msg));
      g_mutex_unlock (&api.lock);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"ok\":true}", 11);
}

static gpointer
api_thread (gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (lo, 0);
  GSList *uris;

  g_main_context_push_thread_default (api.context);
  api.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (api.server, NULL, api_handler, NULL, NULL);
  g_assert_true (soup_server_listen (api.server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (api.server);
  g_atomic_int_set ((int *) &api.port, g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (api.loop);
  g_ptr_array_set_size (api.held, 0);
  soup_server_disconnect (api.server);
  g_clear_object (&api.server);
  g_main_context_pop_thread_default (api.context);
  return NULL;
}

/* The held calls get their answer (after the broker stopped: nobody may write it on). */
static gboolean
release_held_cb (gpointer data)
{
  g_mutex_lock (&api.lock);
  for (guint i = 0; i < api.held->len; i++)
    {
      SoupServerMessage *msg = api.held->pdata[i];

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"held\":true}", 13);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (api.held, 0);
  g_mutex_unlock (&api.lock);
  return G_SOURCE_REMOVE;
}

static guint
api_held (void)
{
  guint n;

  g_mutex_lock (&api.lock);
  n = api.held->len;
  g_mutex_unlock (&api.lock);
  return n;
}

/* --- Agents: one thread each, one blocking call --- */

typedef struct {
  const char *url;
  const char *token;
  guint status;
  gint *done;
} Client;

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", c->url);
  g_autofree char *bearer = g_strconcat ("Bearer ", c->token, NULL);
  g_autoptr (GBytes) body = NULL;

  g_main_context_push_thread_default (context);
  session = g_object_new (SOUP_TYPE_SESSION, "timeout", 20, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  c->status = soup_message_get_status (msg);
  g_main_context_pop_thread_default (context);
  g_atomic_int_inc (c->done);
  return NULL;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context (the broker's) until DONE returns TRUE, at most 30 s. */
static void
run_until (gboolean (*done) (gpointer),
           gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (5, tick_cb, NULL);

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static gboolean
all_held (gpointer data)
{
  return api_held () >= STOPPED;
}

static gboolean
clients_done (gpointer data)
{
  return g_atomic_int_get ((gint *) data) >= STOPPED;
}

static guint
audited (PbAuditLog *audit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) trail = pb_audit_log_read (audit, NULL, NULL, 0, &error);

  g_assert_no_error (error);
  return trail->len;
}

typedef struct {
  PbAuditLog *audit;
  guint count;
} Audited;

static gboolean
all_audited (gpointer data)
{
  Audited *a = data;

  return audited (a->audit) >= a->count;
}

static void
test_stop_in_flight (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *connectors_path = g_build_filename (pb_test_root (), "stop",
                                                       "connectors.json", NULL);
  g_autofree char *agents_path = g_build_filename (pb_test_root (), "stop", "agents.json", NULL);
  g_autofree char *audit_path = g_build_filename (pb_test_root (), "stop", "audit.jsonl", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (connectors_path, NULL);
  g_autoptr (PbTokenManager) tokens = NULL;
  g_autoptr (PbCredentialSource) credentials = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  g_autoptr (PbAuditLog) audit = pb_audit_log_new (audit_path, 0);
  g_autoptr (PbBroker) broker = NULL;
  g_autoptr (GPtrArray) trail = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  PbConnector *connector;
  Client clients[STOPPED] = { 0 };
  GThread *threads[STOPPED];
  Audited wanted;
  gint done = 0;

  /* A connector with its key in the keyring, an agent that may use it. */
  g_assert_true (pb_connector_store_load (store, &error));
  connector = pb_connector_store_create (store, "Local API", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  base = g_strdup_printf ("http://127.0.0.1:%u/v1", api.port);
  pb_connector_set_base_url (connector, base);
  pb_connector_set_auth_header (connector, "X-Api-Key");
  pb_connector_set_auth_prefix (connector, NULL);
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY, CANARY,
                                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_save (store, &error));
  agents = pb_agent_store_new (agents_path, store);
  g_assert_true (pb_agent_store_load (agents, &error));
  token = pb_agent_new_token (pb_agent_store_create (agents, "Bot", "Use the Local API.",
                                                     &error));
  g_assert_no_error (error);

  tokens = pb_token_manager_new (store, NULL);
  credentials = pb_credential_source_new (store, tokens);
  broker = pb_broker_new (agents, credentials, audit);
  g_assert_true (pb_broker_listen (broker, 0, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/connectors/Local%%20API/hold",
                         pb_broker_get_port (broker));

  /* Two calls held by the API, then the broker stops. */
  for (guint i = 0; i < STOPPED; i++)
    {
      clients[i].url = url;
      clients[i].token = token;
      clients[i].done = &done;
      threads[i] = g_thread_new ("agent", client_thread, &clients[i]);
    }
  run_until (all_held, NULL);
  g_assert_cmpuint (api_held (), ==, STOPPED);
  pb_broker_stop (broker);
  g_assert_cmpuint (pb_broker_get_port (broker), ==, 0);

  /* The agents see their connection closed, not an answer. */
  run_until (clients_done, &done);
  g_assert_cmpint (g_atomic_int_get (&done), ==, STOPPED);
  for (guint i = 0; i < STOPPED; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (clients[i].status, !=, 200);
    }

  /* The API answers late: the broker drops the answers (a CRITICAL here fails the test) and
   * ends both calls, each in the audit trail. */
  g_main_context_invoke (api.context, release_held_cb, NULL);
  wanted.audit = audit;
  wanted.count = STOPPED;
  run_until (all_audited, &wanted);
  /* A few more turns: a late write would show now. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  trail = pb_audit_log_read (audit, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, STOPPED);
  for (guint i = 0; i < trail->len; i++)
    g_assert_cmpuint (((PbAuditEntry *) trail->pdata[i])->status, !=, 200);

  pb_test_assert_tree_lacks (pb_test_root (), CANARY);
  pb_test_assert_tree_lacks (pb_test_root (), token);
}

static gboolean
quit_api_cb (gpointer data)
{
  g_main_loop_quit (api.loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  g_mutex_init (&api.lock);
  api.held = g_ptr_array_new_with_free_func (g_object_unref);
  api.context = g_main_context_new ();
  api.loop = g_main_loop_new (api.context, FALSE);
  api.thread = g_thread_new ("api", api_thread, NULL);
  while (g_atomic_int_get ((int *) &api.port) == 0)
    g_usleep (1000);

  g_test_add_func ("/broker-stop/in-flight", test_stop_in_flight);
  result = g_test_run ();

  g_main_context_invoke (api.context, quit_api_cb, NULL);
  g_thread_join (api.thread);
  g_main_loop_unref (api.loop);
  g_main_context_unref (api.context);
  g_ptr_array_unref (api.held);
  return result;
}
