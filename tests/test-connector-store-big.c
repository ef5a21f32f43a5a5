/* test-connector-store-big.c: PbConnectorStore with ten thousand connectors — loading,
 * sorting, finding, merging another writer's changes and salvaging a truncated big file give
 * the same results as with a few (the speed is measured by bench/store-benchmark.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"

#define N_BIG 10000

/* Names in scrambled order and mixed case, so sorting really has work to do. */
static char *
big_name (guint i)
{
  guint scrambled = (i * 7919u) % N_BIG;

  return g_strdup_printf ("%s %05u", (scrambled % 3 == 0) ? "api" : (scrambled % 3 == 1) ? "Api"
                                                                                      : "ÁPI",
                          scrambled);
}

static char *
write_big_file (const char *dir,
                guint       n)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  char *path = g_build_filename (dir, "connectors.json", NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "connectors");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autofree char *name = big_name (i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "api-key");
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, "needs-setup");
      json_builder_set_member_name (b, "modified");
      json_builder_add_int_value (b, 1700000000000000 + i);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "secrets-set");
      json_builder_begin_array (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  data = json_generator_to_data (gen, NULL);
  g_assert_true (g_file_set_contents (path, data, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_sorted (PbConnectorStore *store)
{
  GListModel *model = G_LIST_MODEL (store);
  g_autofree char *previous = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (PbConnector) c = g_list_model_get_item (model, i);
      g_autofree char *folded = g_utf8_casefold (pb_connector_get_name (c), -1);

      if (previous != NULL)
        g_assert_cmpint (g_utf8_collate (previous, folded), <=, 0);
      g_free (previous);
      previous = g_steal_pointer (&folded);
    }
}

static void
test_big_load (void)
{
  g_autofree char *dir = g_build_filename (pb_test_root (), "big-load", NULL);
  g_autofree char *path = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (PbConnectorStore) other = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *c;

  g_mkdir_with_parents (dir, 0700);
  path = write_big_file (dir, N_BIG);
  store = pb_connector_store_new (path, NULL);
  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_null (pb_connector_store_get_load_warning (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_BIG);
  assert_sorted (store);

  for (guint i = 0; i < N_BIG; i += 997)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autofree char *name = big_name (i);
      g_autofree char *upper = g_utf8_strup (name, -1);

      c = pb_connector_store_find_by_id (store, id);
      g_assert_nonnull (c);
      g_assert_cmpstr (pb_connector_get_name (c), ==, name);
      g_assert_true (pb_connector_store_find_by_name (store, upper) == c);
    }

  /* Unique among ten thousand, case-insensitively; then another writer adds and deletes. */
  c = pb_connector_store_create (store, "API 00042", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_assert_null (c);
  g_clear_error (&error);
  c = pb_connector_store_create (store, "Brand new", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);

  other = pb_connector_store_new (path, NULL);
  g_assert_true (pb_connector_store_load (other, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, N_BIG + 1);
  g_assert_true (pb_connector_store_delete_sync (
    other, pb_connector_store_find_by_name (other, "Brand new"), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pb_connector_store_create (other, "From the other", PB_CONNECTOR_KIND_BASIC,
                                               &error));
  g_assert_no_error (error);

  /* The first store merges both changes when it saves. */
  pb_connector_set_base_url (pb_connector_store_find_by_name (store, "api 00001"),
                             "https://one.example.com");
  g_assert_true (pb_connector_store_save (store, &error));
  g_assert_no_error (error);
  g_assert_null (pb_connector_store_find_by_name (store, "Brand new"));
  g_assert_nonnull (pb_connector_store_find_by_name (store, "From the other"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_BIG + 1);
  assert_sorted (store);
}

/* A big file cut in the middle: every whole connector before the cut is recovered, and the
 * original is kept byte for byte. */
static void
test_big_truncated (void)
{
  g_autofree char *dir = g_build_filename (pb_test_root (), "big-cut", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *kept_contents = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = NULL;
  gsize length = 0, cut;
  guint whole = 0;
  const char *name;
  char *kept = NULL;

  g_mkdir_with_parents (dir, 0700);
  path = write_big_file (dir, N_BIG);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  cut = length / 2 + 17;
  /* Each entry ends with "secrets-set" : [] then "}": count the whole ones before the cut. */
  for (const char *p = contents; (p = strstr (p, "\"secrets-set\"")) != NULL && p < contents + cut;
       p++)
    {
      const char *close = strchr (p, '}');

      if (close != NULL && close < contents + cut)
        whole++;
    }
  g_assert_true (g_file_set_contents (path, contents, cut, &error));

  store = pb_connector_store_new (path, NULL);
  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pb_connector_store_get_load_warning (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, whole);
  assert_sorted (store);

  d = g_dir_open (dir, 0, &error);
  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".broken-") != NULL)
      kept = g_build_filename (dir, name, NULL);
  g_assert_nonnull (kept);
  g_assert_true (g_file_get_contents (kept, &kept_contents, &length, &error));
  g_assert_cmpuint (length, ==, cut);
  g_assert_true (memcmp (kept_contents, contents, cut) == 0);
  g_free (kept);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-big/load-find-merge", test_big_load);
  g_test_add_func ("/store-big/truncated", test_big_truncated);
  return g_test_run ();
}
