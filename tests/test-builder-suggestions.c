/* test-builder-suggestions.c: AI Assist results as suggestions on a Builder project: what is
 * suggested, what is never touched (the user's edits), accept, reject, accept all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-builder-project.h"
#include "pb-builder-suggestions.h"
#include "pb-error.h"
#include "pb-test-util.h"

/* The project as the user has it: v1 base URL, no auth, three streams (one renamed). */
static PbManifest *
project_manifest (void)
{
  PbManifest *m = pb_manifest_new ();
  g_autoptr (PbManifestStream) users = pb_manifest_stream_new ("users", "/users");
  g_autoptr (PbManifestStream) orders = pb_manifest_stream_new ("orders", "/orders");
  g_autoptr (PbManifestStream) items = pb_manifest_stream_new ("my-items", "/items");
  const char *data[] = { "data", NULL };
  const char *id[] = { "id", NULL };
  const char *none[] = { NULL };

  pb_manifest_set_name (m, "shop");
  pb_manifest_set_url_base (m, "https://api.example.com/v1");
  pb_manifest_stream_set_record_path (users, data);
  pb_manifest_stream_set_primary_key (users, id);
  pb_manifest_stream_set_record_path (orders, none);
  pb_manifest_stream_set_primary_key (orders, id);
  pb_manifest_stream_set_primary_key (items, id);
  pb_manifest_add_stream (m, users);
  pb_manifest_add_stream (m, orders);
  pb_manifest_add_stream (m, items);
  return m;
}

static PbEvidence *
evidence (const char *pointer,
          double      confidence)
{
  return pb_evidence_new ("file:///spec.yaml", pointer, NULL, confidence, "Found in the spec.");
}

/* What AI Assist found this time. */
static PbManifest *
result_manifest (void)
{
  PbManifest *m = pb_manifest_new ();
  g_autoptr (PbManifestStream) users = pb_manifest_stream_new ("users", "/users");
  g_autoptr (PbManifestStream) orders = pb_manifest_stream_new ("orders", "/orders");
  g_autoptr (PbManifestStream) items = pb_manifest_stream_new ("items", "/items");
  g_autoptr (PbManifestStream) logs = pb_manifest_stream_new ("logs", "/logs");
  g_autoptr (PbManifestStream) invoices = pb_manifest_stream_new ("invoices", "/invoices");
  g_autoptr (PbEvidence) url_evidence = evidence ("#/servers/0/url", 0.9);
  g_autoptr (PbEvidence) path_evidence = evidence ("#/paths/~1users/get/responses", 0.4);
  g_autoptr (PbEvidence) invoice_evidence = evidence ("#/paths/~1invoices", 0.8);
  const char *data_items[] = { "data", "items", NULL };
  const char *id[] = { "id", NULL };
  const char *sku[] = { "sku", NULL };
  const char *none[] = { NULL };
  PbManifestAuth *auth;
  PbManifestPaginator *pages;
  PbManifestField *field;

  pb_manifest_set_url_base (m, "https://api.example.com/v2");
  pb_manifest_set_evidence (m, "url_base", url_evidence);
  auth = pb_manifest_get_auth (m);
  auth->kind = PB_AUTH_API_KEY;
  auth->field_name = g_strdup ("X-Api-Key");
  field = pb_manifest_add_field (m, "api_key", "string");
  field->secret = TRUE;
  field->required = TRUE;

  pb_manifest_stream_set_record_path (users, data_items);
  pb_manifest_stream_set_primary_key (users, id);
  pb_manifest_stream_set_evidence (users, "record_path", path_evidence);
  pages = pb_manifest_stream_get_paginator (users);
  pages->kind = PB_PAGINATION_CURSOR;
  pages->cursor_value = g_strdup ("{{ response.next }}");
  pages->token_field = g_strdup ("cursor");

  pb_manifest_stream_set_record_path (orders, none);
  pb_manifest_stream_set_primary_key (orders, id);
  pb_manifest_stream_get_incremental (orders)->cursor_field = g_strdup ("updated_at");

  pb_manifest_stream_set_primary_key (items, sku);

  pb_manifest_stream_set_suggested (invoices, TRUE);
  pb_manifest_stream_set_evidence (invoices, "path", invoice_evidence);
  pb_manifest_stream_set_record_path (invoices, data_items);

  pb_manifest_add_stream (m, users);
  pb_manifest_add_stream (m, orders);
  pb_manifest_add_stream (m, items);
  pb_manifest_add_stream (m, logs);
  pb_manifest_add_stream (m, invoices);
  return m;
}

static PbBuilderSuggestion *
item (PbBuilderSuggestions *list,
      guint                 position)
{
  PbBuilderSuggestion *s = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_object_unref (s);  /* the list keeps it */
  return s;
}

static PbBuilderSuggestion *
find (PbBuilderSuggestions *list,
      const char           *stream,
      const char           *key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      PbBuilderSuggestion *s = item (list, i);

      if (g_strcmp0 (pb_builder_suggestion_get_stream (s), stream) == 0
          && g_strcmp0 (pb_builder_suggestion_get_key (s), key) == 0)
        return s;
    }
  return NULL;
}

static void
count_changed (guint *count)
{
  (*count)++;
}

static void
test_suggest_accept_reject (void)
{
  g_autoptr (PbManifest) ours = project_manifest ();
  g_autoptr (PbManifest) theirs = result_manifest ();
  g_autoptr (PbBuilderProject) project = pb_builder_project_new (ours, NULL);
  g_autoptr (PbBuilderSuggestions) list = NULL;
  g_autoptr (PbBuilderSuggestions) again = NULL;
  g_autoptr (GError) error = NULL;
  PbManifestStream *users, *orders, *items, *invoices;
  PbBuilderSuggestion *s;
  guint changed = 0;
  guint applied;

  /* The user set the users' pagination by hand: never suggested, never touched. */
  pb_builder_project_mark_edited (project, "users", "paginator");
  g_signal_connect_swapped (project, "changed", G_CALLBACK (count_changed), &changed);

  list = pb_builder_suggestions_new (project, theirs);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == PB_TYPE_BUILDER_SUGGESTION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 7);

  /* Project-level values first, with their evidence. */
  s = item (list, 0);
  g_assert_cmpint (pb_builder_suggestion_get_kind (s), ==, PB_BUILDER_SUGGESTION_VALUE);
  g_assert_null (pb_builder_suggestion_get_stream (s));
  g_assert_cmpstr (pb_builder_suggestion_get_key (s), ==, "url_base");
  g_assert_cmpstr (pb_builder_suggestion_get_title (s), ==, "Base URL");
  g_assert_cmpstr (pb_builder_suggestion_get_old_value (s), ==, "https://api.example.com/v1");
  g_assert_cmpstr (pb_builder_suggestion_get_new_value (s), ==, "https://api.example.com/v2");
  g_assert_cmpfloat (pb_builder_suggestion_get_confidence (s), ==, 0.9);
  g_assert_cmpstr (pb_evidence_get_pointer (pb_builder_suggestion_get_evidence (s)), ==,
                   "#/servers/0/url");
  s = item (list, 1);
  g_assert_cmpstr (pb_builder_suggestion_get_key (s), ==, "auth");
  g_assert_cmpstr (pb_builder_suggestion_get_old_value (s), ==, "None");
  g_assert_cmpstr (pb_builder_suggestion_get_new_value (s), ==,
                   "API key in the header “X-Api-Key”");
  g_assert_cmpfloat (pb_builder_suggestion_get_confidence (s), ==, -1);

  /* Then the streams in the project's order; the renamed one matched by its request. */
  s = item (list, 2);
  g_assert_cmpstr (pb_builder_suggestion_get_stream (s), ==, "users");
  g_assert_cmpstr (pb_builder_suggestion_get_key (s), ==, "record_path");
  g_assert_cmpstr (pb_builder_suggestion_get_old_value (s), ==, "data");
  g_assert_cmpstr (pb_builder_suggestion_get_new_value (s), ==, "data.items");
  g_assert_cmpfloat (pb_builder_suggestion_get_confidence (s), ==, 0.4);
  g_assert_null (find (list, "users", "paginator"));
  g_assert_null (find (list, "orders", "record_path"));
  g_assert_null (find (list, "orders", "primary_key"));
  s = item (list, 3);
  g_assert_cmpstr (pb_builder_suggestion_get_stream (s), ==, "orders");
  g_assert_cmpstr (pb_builder_suggestion_get_key (s), ==, "incremental");
  g_assert_cmpstr (pb_builder_suggestion_get_old_value (s), ==, "None");
  g_assert_cmpstr (pb_builder_suggestion_get_new_value (s), ==, "By “updated_at”");
  s = item (list, 4);
  g_assert_cmpstr (pb_builder_suggestion_get_stream (s), ==, "my-items");
  g_assert_cmpstr (pb_builder_suggestion_get_key (s), ==, "primary_key");
  g_assert_cmpstr (pb_builder_suggestion_get_new_value (s), ==, "sku");

  /* New streams last, the suggested one first. */
  s = item (list, 5);
  g_assert_cmpint (pb_builder_suggestion_get_kind (s), ==, PB_BUILDER_SUGGESTION_NEW_STREAM);
  g_assert_cmpstr (pb_builder_suggestion_get_stream (s), ==, "invoices");
  g_assert_cmpstr (pb_builder_suggestion_get_title (s), ==, "Add stream “invoices”");
  g_assert_cmpstr (pb_builder_suggestion_get_new_value (s), ==, "GET /invoices");
  g_assert_null (pb_builder_suggestion_get_old_value (s));
  g_assert_cmpfloat (pb_builder_suggestion_get_confidence (s), ==, 0.8);
  g_assert_cmpstr (pb_builder_suggestion_get_stream (item (list, 6)), ==, "logs");

  /* Accept one: the value and its evidence land in the project; "changed" once. */
  users = pb_manifest_find_stream (ours, "users");
  g_assert_true (pb_builder_suggestions_accept (list, find (list, "users", "record_path"),
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (pb_manifest_stream_get_record_path (users),
                    ((const char *[]) { "data", "items", NULL }));
  g_assert_cmpfloat (pb_evidence_get_confidence (pb_manifest_stream_get_evidence (users,
                                                                                  "record_path")),
                     ==, 0.4);
  g_assert_cmpint (pb_manifest_stream_get_paginator (users)->kind, ==, PB_PAGINATION_NONE);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 6);

  /* Reject one: the project keeps its value. */
  pb_builder_suggestions_reject (list, find (list, NULL, "auth"));
  g_assert_cmpint (pb_manifest_get_auth (ours)->kind, ==, PB_AUTH_NONE);
  g_assert_null (pb_manifest_find_field (ours, "api_key"));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  /* The user edits the base URL while the list is open: accepting it is refused. */
  pb_builder_project_mark_edited (project, NULL, "url_base");
  pb_manifest_set_url_base (ours, "https://mine.example.com");
  g_assert_false (pb_builder_suggestions_accept (list, find (list, NULL, "url_base"), &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_cmpstr (pb_manifest_get_url_base (ours), ==, "https://mine.example.com");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  g_assert_cmpuint (changed, ==, 1);

  /* Accept all: everything left, with one "changed". */
  applied = pb_builder_suggestions_accept_all (list);
  g_assert_cmpuint (applied, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (changed, ==, 2);
  orders = pb_manifest_find_stream (ours, "orders");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (orders)->cursor_field, ==, "updated_at");
  items = pb_manifest_find_stream (ours, "my-items");
  g_assert_nonnull (items);
  g_assert_null (pb_manifest_find_stream (ours, "items"));
  g_assert_cmpstrv (pb_manifest_stream_get_primary_key (items),
                    ((const char *[]) { "sku", NULL }));
  invoices = pb_manifest_find_stream (ours, "invoices");
  g_assert_nonnull (invoices);
  g_assert_true (invoices != pb_manifest_find_stream (theirs, "invoices"));
  g_assert_cmpstr (pb_manifest_stream_get_path (invoices), ==, "/invoices");
  g_assert_cmpstrv (pb_manifest_stream_get_record_path (invoices),
                    ((const char *[]) { "data", "items", NULL }));
  g_assert_nonnull (pb_manifest_stream_get_evidence (invoices, "path"));
  g_assert_true (pb_builder_project_get_stream_selected (project, "invoices"));
  g_assert_nonnull (pb_manifest_find_stream (ours, "logs"));
  g_assert_cmpuint (pb_manifest_get_n_streams (ours), ==, 5);
  g_assert_cmpstr (pb_manifest_get_url_base (ours), ==, "https://mine.example.com");
  g_assert_cmpint (pb_manifest_stream_get_paginator (users)->kind, ==, PB_PAGINATION_NONE);

  /* Running it again: only what was rejected comes back; edited values stay out. */
  again = pb_builder_suggestions_new (project, theirs);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_cmpstr (pb_builder_suggestion_get_key (item (again, 0)), ==, "auth");

  /* Accepting the auth brings the connection field it needs. */
  g_assert_true (pb_builder_suggestions_accept (again, item (again, 0), &error));
  g_assert_no_error (error);
  g_assert_cmpint (pb_manifest_get_auth (ours)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (ours)->field_name, ==, "X-Api-Key");
  g_assert_nonnull (pb_manifest_find_field (ours, "api_key"));
  g_assert_true (pb_manifest_find_field (ours, "api_key")->secret);
}

/* A result equal to the project: nothing to suggest. */
static void
test_nothing_new (void)
{
  g_autoptr (PbManifest) ours = result_manifest ();
  g_autoptr (PbManifest) theirs = result_manifest ();
  g_autoptr (PbBuilderProject) project = pb_builder_project_new (ours, "same");
  g_autoptr (PbBuilderSuggestions) list = pb_builder_suggestions_new (project, theirs);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (pb_builder_suggestions_accept_all (list), ==, 0);
}

/* A result that lacks what the project has (no paginator found) takes nothing away. */
static void
test_missing_is_no_news (void)
{
  g_autoptr (PbManifest) ours = result_manifest ();
  g_autoptr (PbManifest) theirs = pb_manifest_new ();
  g_autoptr (PbManifestStream) users = pb_manifest_stream_new ("users", "/users");
  const char *data_items[] = { "data", "items", NULL };
  g_autoptr (PbBuilderProject) project = pb_builder_project_new (ours, "less");
  g_autoptr (PbBuilderSuggestions) list = NULL;

  pb_manifest_stream_set_record_path (users, data_items);
  pb_manifest_add_stream (theirs, users);
  list = pb_builder_suggestions_new (project, theirs);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

/* A new stream whose name the user took meanwhile is refused, not merged. */
static void
test_new_stream_name_taken (void)
{
  g_autoptr (PbManifest) ours = project_manifest ();
  g_autoptr (PbManifest) theirs = result_manifest ();
  g_autoptr (PbBuilderProject) project = pb_builder_project_new (ours, NULL);
  g_autoptr (PbBuilderSuggestions) list = pb_builder_suggestions_new (project, theirs);
  g_autoptr (PbManifestStream) mine = pb_manifest_stream_new ("invoices", "/my-invoices");
  g_autoptr (GError) error = NULL;
  PbBuilderSuggestion *s = find (list, "invoices", NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_nonnull (s);
  pb_manifest_add_stream (ours, mine);
  g_assert_false (pb_builder_suggestions_accept (list, s, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n - 1);
  g_assert_cmpstr (pb_manifest_stream_get_path (pb_manifest_find_stream (ours, "invoices")), ==,
                   "/my-invoices");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/builder-suggestions/suggest-accept-reject", test_suggest_accept_reject);
  g_test_add_func ("/builder-suggestions/nothing-new", test_nothing_new);
  g_test_add_func ("/builder-suggestions/missing-is-no-news", test_missing_is_no_news);
  g_test_add_func ("/builder-suggestions/new-stream-name-taken", test_new_stream_name_taken);
  return g_test_run ();
}
