/* test-agents.c: agents, the connectors their instructions name, and the agents file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "pb-agent-store.h"
#include "pb-audit-log.h"
#include "pb-error.h"
#include "pb-test-util.h"

typedef struct {
  char *dir;
  char *connectors_path;
  char *agents_path;
  PbConnectorStore *connectors;
  PbAgentStore *agents;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint counter;
  g_autoptr (GError) error = NULL;

  f->dir = g_strdup_printf ("%s/agents-%u", pb_test_root (), ++counter);
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  f->connectors_path = g_build_filename (f->dir, "connectors.json", NULL);
  f->agents_path = g_build_filename (f->dir, "agents.json", NULL);
  f->connectors = pb_connector_store_new (f->connectors_path, NULL);
  g_assert_true (pb_connector_store_load (f->connectors, &error));
  f->agents = pb_agent_store_new (f->agents_path, f->connectors);
  g_assert_true (pb_agent_store_load (f->agents, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->agents);
  g_clear_object (&f->connectors);
  g_free (f->dir);
  g_free (f->connectors_path);
  g_free (f->agents_path);
}

static PbConnector *
add_connector (Fixture    *f,
               const char *name)
{
  g_autoptr (GError) error = NULL;
  PbConnector *c = pb_connector_store_create (f->connectors, name, PB_CONNECTOR_KIND_API_KEY,
                                              &error);

  g_assert_no_error (error);
  return c;
}

static char *
mention_text (const char *text,
              PbMention  *m)
{
  return g_strndup (text + m->start, m->end - m->start);
}

static void
test_mentions_longest_first (Fixture       *f,
                             gconstpointer  data)
{
  const char *text = "Connect to HubSpot using the hubspot api connector to get deal data; "
                     "use my Intercom connector too.";
  PbConnector *hubspot = add_connector (f, "HubSpot");
  PbConnector *hubspot_api = add_connector (f, "HubSpot API");
  PbConnector *intercom = add_connector (f, "Intercom");
  g_autoptr (GPtrArray) mentions = pb_mentions_find (text, G_LIST_MODEL (f->connectors));
  g_autofree char *m0 = NULL, *m1 = NULL, *m2 = NULL;

  g_assert_cmpuint (mentions->len, ==, 3);
  m0 = mention_text (text, mentions->pdata[0]);
  m1 = mention_text (text, mentions->pdata[1]);
  m2 = mention_text (text, mentions->pdata[2]);
  g_assert_cmpstr (m0, ==, "HubSpot");
  g_assert_cmpstr (((PbMention *) mentions->pdata[0])->connector_id, ==,
                   pb_connector_get_id (hubspot));
  /* The longer name wins, with "the" and "connector" around it. */
  g_assert_cmpstr (m1, ==, "the hubspot api connector");
  g_assert_cmpstr (((PbMention *) mentions->pdata[1])->connector_id, ==,
                   pb_connector_get_id (hubspot_api));
  g_assert_cmpstr (m2, ==, "my Intercom connector");
  g_assert_cmpstr (((PbMention *) mentions->pdata[2])->connector_id, ==,
                   pb_connector_get_id (intercom));
}

static void
test_mentions_unresolved (Fixture       *f,
                          gconstpointer  data)
{
  const char *text = "Use my Zendsk connector, then the connector list. Also HubSpotter.";
  g_autoptr (GPtrArray) mentions = NULL;
  g_autofree char *description = NULL;
  PbMention *m;

  add_connector (f, "Zendesk");
  add_connector (f, "HubSpot");
  mentions = pb_mentions_find (text, G_LIST_MODEL (f->connectors));
  /* "HubSpotter" is not "HubSpot" (word boundary); "the connector" names nothing. */
  g_assert_cmpuint (mentions->len, ==, 1);
  m = mentions->pdata[0];
  g_assert_null (m->connector_id);
  g_assert_cmpstr (m->phrase, ==, "Zendsk");
  g_assert_cmpstr (m->suggestion, ==, "Zendesk");
  description = pb_mention_describe (m);
  g_assert_nonnull (strstr (description, "Zendesk"));
}

static void
test_store_links_follow_rename (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  PbConnector *local = add_connector (f, "Local API");
  PbAgent *agent;
  g_autoptr (PbConnectorStore) connectors2 = NULL;
  g_autoptr (PbAgentStore) agents2 = NULL;
  PbAgent *again;

  agent = pb_agent_store_create (f->agents, "Digest", "Use my local api connector daily.",
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_agent_get_n_links (agent), ==, 1);
  g_assert_true (pb_agent_has_link (agent, pb_connector_get_id (local)));
  g_assert_true (pb_agent_store_save (f->agents, &error));
  g_assert_no_error (error);

  /* Duplicate and empty names are refused. */
  g_assert_null (pb_agent_store_create (f->agents, " digest ", "", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_null (pb_agent_store_create (f->agents, "  ", "", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);

  /* Another program renames the connector: the link holds, the text follows. */
  connectors2 = pb_connector_store_new (f->connectors_path, NULL);
  g_assert_true (pb_connector_store_load (connectors2, &error));
  g_assert_true (pb_connector_store_rename (connectors2,
                                            pb_connector_store_find_by_id (
                                              connectors2, pb_connector_get_id (local)),
                                            "Billing API", &error));
  g_assert_true (pb_connector_store_save (connectors2, &error));
  g_assert_no_error (error);

  agents2 = pb_agent_store_new (f->agents_path, connectors2);
  g_assert_true (pb_agent_store_load (agents2, &error));
  again = pb_agent_store_find_by_name (agents2, "DIGEST");
  g_assert_nonnull (again);
  g_assert_cmpstr (pb_agent_get_instructions (again), ==,
                   "Use my Billing API connector daily.");
  g_assert_true (pb_agent_has_link (again, pb_connector_get_id (local)));
  {
    g_autoptr (GPtrArray) users = pb_agent_store_list_using (agents2,
                                                             pb_connector_get_id (local));
    g_assert_cmpuint (users->len, ==, 1);
  }

  /* Deleted: the link drops out and the mention is reported unresolved. */
  g_assert_true (pb_connector_store_delete_sync (
    connectors2, pb_connector_store_find_by_id (connectors2, pb_connector_get_id (local)),
    NULL, &error));
  g_assert_no_error (error);
  pb_agent_store_sync (agents2);
  g_assert_cmpuint (pb_agent_get_n_links (again), ==, 0);
  {
    g_autoptr (GPtrArray) mentions = pb_agent_store_find_mentions (agents2, again);

    g_assert_cmpuint (mentions->len, ==, 1);
    g_assert_cmpstr (((PbMention *) mentions->pdata[0])->phrase, ==, "Billing API");
  }
}

static void
test_store_merge_and_broken_file (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbAgentStore) other = pb_agent_store_new (f->agents_path, f->connectors);
  g_autoptr (PbAgentStore) third = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *token = NULL;
  PbAgent *a;

  g_assert_true (pb_agent_store_load (other, &error));
  pb_agent_store_create (f->agents, "One", "", &error);
  g_assert_true (pb_agent_store_save (f->agents, &error));
  a = pb_agent_store_create (other, "Two", "", &error);
  token = pb_agent_new_token (a);
  g_assert_true (pb_agent_store_save (other, &error));
  g_assert_no_error (error);

  /* Both survive the second writer; the token is in no file, only its hash. */
  g_assert_true (g_file_get_contents (f->agents_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"One\""));
  g_assert_nonnull (strstr (contents, "\"Two\""));
  g_assert_null (strstr (contents, token));
  g_assert_true (pb_agent_check_token (a, token));
  g_assert_false (pb_agent_check_token (a, "pba_0000"));
  g_assert_true (pb_agent_store_find_by_token (other, token) == a);

  /* A damaged file is moved aside, never overwritten. */
  g_assert_true (g_file_set_contents (f->agents_path, "{\"version\": 1, \"agents\": [", -1,
                                      NULL));
  third = pb_agent_store_new (f->agents_path, f->connectors);
  g_assert_true (pb_agent_store_load (third, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pb_agent_store_get_load_warning (third));
  g_assert_false (g_file_test (f->agents_path, G_FILE_TEST_EXISTS));
}

static void
test_audit_rotates (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "audit.jsonl", NULL);
  g_autofree char *old = g_strconcat (path, ".1", NULL);
  g_autoptr (PbAuditLog) audit = pb_audit_log_new (path, 2048);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) some = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *p = g_strdup_printf ("/items/%u?api_key=secret-%u", i, i);
      PbAuditEntry entry = { .time = g_get_real_time (), .agent = i % 2 ? "Bot" : "Other",
                             .connector = "Local API", .method = "GET", .host = "127.0.0.1",
                             .path = p, .status = 200, .duration_ms = 1, .bytes = 10,
                             .via = "broker" };

      g_assert_true (pb_audit_log_append (audit, &entry, &error));
      g_assert_no_error (error);
    }
  /* Bounded: the current file and one rotated file, each about the cap. */
  g_assert_true (g_file_test (old, G_FILE_TEST_EXISTS));
  /* (Right after a rotation the current file is made by the next entry.) */
  if (g_stat (path, &st) == 0)
    g_assert_cmpint (st.st_size, <, 2048 + 512);
  g_assert_cmpint (g_stat (old, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 2048 + 512);

  all = pb_audit_log_read (audit, NULL, NULL, 0, NULL);
  g_assert_cmpuint (all->len, >, 5);
  g_assert_cmpuint (all->len, <, 200);
  /* Oldest first, the newest last; never a query string. */
  g_assert_cmpstr (((PbAuditEntry *) all->pdata[all->len - 1])->path, ==, "/items/199");
  for (guint i = 0; i < all->len; i++)
    g_assert_null (strchr (((PbAuditEntry *) all->pdata[i])->path, '?'));
  pb_test_assert_tree_lacks (f->dir, "secret-1");
  some = pb_audit_log_read (audit, "bot", "LOCAL API", 3, NULL);
  g_assert_cmpuint (some->len, ==, 3);
  g_assert_cmpstr (((PbAuditEntry *) some->pdata[2])->agent, ==, "Bot");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/agents/mentions/longest-first", Fixture, NULL, fixture_setup,
              test_mentions_longest_first, fixture_teardown);
  g_test_add ("/agents/mentions/unresolved", Fixture, NULL, fixture_setup,
              test_mentions_unresolved, fixture_teardown);
  g_test_add ("/agents/store/links-follow-rename", Fixture, NULL, fixture_setup,
              test_store_links_follow_rename, fixture_teardown);
  g_test_add ("/agents/store/merge-and-broken-file", Fixture, NULL, fixture_setup,
              test_store_merge_and_broken_file, fixture_teardown);
  g_test_add ("/agents/audit/rotates", Fixture, NULL, fixture_setup, test_audit_rotates,
              fixture_teardown);
  return g_test_run ();
}
