/* test-list-model.c: the GListModel that the connector and agent stores share
 * (pb-list-model.c): item type, count, order, out-of-range positions, items-changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "pb-agent-store.h"
#include "pb-connector-store.h"
#include "pb-list-model.h"
#include "pb-test-util.h"

/* A bare type on the helper: a GPtrArray of GFileInfo not first in the struct. */
#define TEST_TYPE_BAG (test_bag_get_type ())
G_DECLARE_FINAL_TYPE (TestBag, test_bag, TEST, BAG, GObject)

struct _TestBag
{
  GObject parent_instance;

  guint padding;
  GPtrArray *things;
};

static void test_bag_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestBag, test_bag, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      test_bag_list_model_init))

static void
test_bag_list_model_init (GListModelInterface *iface)
{
  pb_list_model_init_ptr_array (iface, G_TYPE_FILE_INFO, G_STRUCT_OFFSET (TestBag, things));
}

static void
test_bag_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_BAG (object)->things);
  G_OBJECT_CLASS (test_bag_parent_class)->finalize (object);
}

static void
test_bag_class_init (TestBagClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_bag_finalize;
}

static void
test_bag_init (TestBag *self)
{
  self->things = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

static void
test_helper (void)
{
  g_autoptr (TestBag) bag = g_object_new (TEST_TYPE_BAG, NULL);
  GListModel *model = G_LIST_MODEL (bag);
  g_autoptr (GFileInfo) first = g_file_info_new ();
  g_autoptr (GFileInfo) second = g_file_info_new ();
  g_autoptr (GObject) item = NULL;

  g_assert_true (g_list_model_get_item_type (model) == G_TYPE_FILE_INFO);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));

  g_ptr_array_add (bag->things, g_object_ref (first));
  g_ptr_array_add (bag->things, g_object_ref (second));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  item = g_list_model_get_object (model, 1);
  g_assert_true (item == G_OBJECT (second));
  /* The model hands out its own reference. */
  g_assert_cmpuint (G_OBJECT (second)->ref_count, ==, 3);
  g_assert_null (g_list_model_get_item (model, 2));
  g_assert_null (g_list_model_get_item (model, G_MAXUINT));
}

static void
test_stores (void)
{
  g_autofree char *dir = g_build_filename (pb_test_root (), "list-model", NULL);
  g_autofree char *connectors_path = g_build_filename (dir, "connectors.json", NULL);
  g_autofree char *agents_path = g_build_filename (dir, "agents.json", NULL);
  g_autoptr (PbConnectorStore) connectors = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnector) connector = NULL;
  g_autoptr (PbAgent) agent = NULL;
  PbAgent *beta;
  guint changes = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  connectors = pb_connector_store_new (connectors_path, NULL);
  g_assert_true (pb_connector_store_load (connectors, &error));
  agents = pb_agent_store_new (agents_path, connectors);
  g_assert_true (pb_agent_store_load (agents, &error));
  g_assert_no_error (error);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (connectors)) == PB_TYPE_CONNECTOR);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (agents)) == PB_TYPE_AGENT);

  g_signal_connect (connectors, "items-changed", G_CALLBACK (count_changes), &changes);
  g_assert_nonnull (pb_connector_store_create (connectors, "Zulu", PB_CONNECTOR_KIND_API_KEY,
                                               &error));
  g_assert_nonnull (pb_connector_store_create (connectors, "alpha", PB_CONNECTOR_KIND_API_KEY,
                                               &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (connectors)), ==, 2);
  connector = g_list_model_get_item (G_LIST_MODEL (connectors), 0);
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "alpha");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (connectors), 2));

  changes = 0;
  g_signal_connect (agents, "items-changed", G_CALLBACK (count_changes), &changes);
  g_assert_nonnull (pb_agent_store_create (agents, "Delta", "", &error));
  beta = pb_agent_store_create (agents, "beta", "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (agents)), ==, 2);
  agent = g_list_model_get_item (G_LIST_MODEL (agents), 0);
  g_assert_true (agent == beta);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (agents), 2));
  /* A rename that moves the agent is a removal and an insertion. */
  g_assert_true (pb_agent_store_rename (agents, beta, "Omega", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 4);
  g_clear_object (&agent);
  agent = g_list_model_get_item (G_LIST_MODEL (agents), 1);
  g_assert_true (agent == beta);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/list-model/helper", test_helper);
  g_test_add_func ("/list-model/stores", test_stores);
  return g_test_run ();
}
