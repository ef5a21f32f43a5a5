/* test-ui-builder.c: the Connector Builder in the main window, through its real widgets (Xvfb)
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of each view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "pb-application.h"
#include "pb-builder-list.h"
#include "pb-builder-page.h"
#include "pb-builder-stream-list.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

static PbApplication *app;

static const char *
main_stack_page (PbWindow *window)
{
  GtkWidget *stack = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "main_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static const char *
page_title (GtkWidget *page)
{
  GtkWidget *title = pb_test_ui_child (page, PB_TYPE_BUILDER_PAGE, "window_title");

  return adw_window_title_get_title (ADW_WINDOW_TITLE (title));
}

/* The page's stream list's template child NAME. */
static GtkWidget *
stream_list_child (GtkWidget  *page,
                   const char *name)
{
  GtkWidget *list = pb_test_ui_find_descendant (page, PB_TYPE_BUILDER_STREAM_LIST);

  g_assert_nonnull (list);
  return pb_test_ui_child (list, PB_TYPE_BUILDER_STREAM_LIST, name);
}

static guint
n_projects (void)
{
  return g_list_model_get_n_items (pb_application_get_builder_projects (app));
}

/* How many project files DIR holds. */
static guint
n_saved (const char *dir)
{
  g_autoptr (GPtrArray) saved = pb_builder_project_load_all (dir, NULL);

  return saved->len;
}

static void
test_import_shows_project (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autoptr (GPtrArray) saved = NULL;
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  GtkWidget *page, *search, *count, *list_stack, *builder_list;
  guint total;

  /* Nothing yet: the empty state. */
  g_assert_cmpuint (n_projects (), ==, 0);
  g_assert_cmpstr (main_stack_page (window), ==, "empty");

  pb_window_import_manifest_file (window, file);
  page = pb_window_get_builder_page (window);
  g_assert_nonnull (page);
  WAIT_FOR (gtk_widget_get_mapped (page));

  /* The page names the project; the sidebar lists it; it is saved. */
  g_assert_cmpstr (page_title (page), ==, "api");
  g_assert_cmpstr (main_stack_page (window), ==, "connectors");
  builder_list = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "builder_list");
  g_assert_nonnull (pb_test_ui_find_label (builder_list, "api"));
  g_assert_nonnull (gtk_list_box_get_selected_row (
                      pb_builder_list_get_list_box (PB_BUILDER_LIST (builder_list))));
  /* Saved once shown, in a worker thread. */
  WAIT_FOR (n_saved (dir) == 1);
  saved = pb_builder_project_load_all (dir, NULL);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (pb_builder_project_get_name (saved->pdata[0]), ==, "api");

  total = g_list_model_get_n_items (pb_builder_page_get_streams (PB_BUILDER_PAGE (page)));
  g_assert_cmpuint (total, >, 3);
  count = stream_list_child (page, "count_label");
  g_assert_true (g_str_has_suffix (gtk_label_get_label (GTK_LABEL (count)), " streams selected"));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "builder-project.png");

  /* The search narrows the list as the user types. */
  search = stream_list_child (page, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "CURSOR");
  WAIT_FOR (g_list_model_get_n_items (pb_builder_page_get_streams (PB_BUILDER_PAGE (page)))
            < total);
  g_assert_cmpuint (g_list_model_get_n_items (pb_builder_page_get_streams (PB_BUILDER_PAGE (page))),
                    >, 0);
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "builder-search.png");

  gtk_editable_set_text (GTK_EDITABLE (search), "no-such-stream-anywhere");
  list_stack = stream_list_child (page, "list_stack");
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (list_stack)), "none") == 0);

  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* `plugboard FILE.yaml`: the application's open handler shows the file in the Builder. */
static void
test_open_file (void)
{
  g_autoptr (GString) json = g_string_new ("{\"version\": \"6.0.0\", \"type\": "
                                           "\"DeclarativeSource\", \"check\": {\"type\": "
                                           "\"CheckStream\", \"stream_names\": [\"s000\"]}, "
                                           "\"streams\": [");
  g_autofree char *path = g_build_filename (pb_test_root (), "big-api.yaml", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };
  guint before = n_projects ();
  GtkWindow *window;
  GtkWidget *page;

  for (guint i = 0; i < 250; i++)
    g_string_append_printf (json, "%s{\"type\": \"DeclarativeStream\", \"name\": \"s%03u\", "
                            "\"primary_key\": \"id\", \"retriever\": {\"type\": "
                            "\"SimpleRetriever\", \"requester\": {\"type\": \"HttpRequester\", "
                            "\"url_base\": \"http://127.0.0.1:9\", \"path\": \"/items/%u\", "
                            "\"http_method\": \"GET\"}, \"record_selector\": {\"type\": "
                            "\"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
                            "\"field_path\": [\"data\"]}}}}",
                            i == 0 ? "" : ", ", i, i);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, -1, NULL));

  g_application_open (G_APPLICATION (app), files, 1, "");
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (PB_IS_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_window_set_default_size (window, 960, 680);

  page = pb_window_get_builder_page (PB_WINDOW (window));
  g_assert_nonnull (page);
  g_assert_cmpstr (page_title (page), ==, "big-api");
  g_assert_cmpuint (n_projects (), ==, before + 1);
  g_assert_cmpuint (g_list_model_get_n_items (pb_builder_page_get_streams (PB_BUILDER_PAGE (page))),
                    ==, 250);
  WAIT_FOR (gtk_widget_get_mapped (page));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "builder-open-250.png");

  pb_test_ui_close_window (window);
}

/* The imported project cannot be written (its folder's path is a file): it is shown all the
 * same, a dialog says why it was not saved, and the next change saves it once it can be. */
static void
test_import_not_saved (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const char *dir = pb_application_get_builder_dir (app);
  g_autofree char *aside = g_strconcat (dir, ".aside", NULL);
  gboolean moved = g_file_test (dir, G_FILE_TEST_IS_DIR);
  guint before = n_projects ();
  guint saved_before = n_saved (dir);
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  PbBuilderProject *project;
  GtkWindow *dialog;
  GtkWidget *page;
  g_autoptr (GError) error = NULL;

  if (moved)
    g_assert_cmpint (g_rename (dir, aside), ==, 0);
  g_assert_true (g_file_set_contents (dir, "not a folder", -1, NULL));

  g_test_expect_message ("Plugboard", G_LOG_LEVEL_WARNING, "“api” was not saved*");
  pb_window_import_manifest_file (window, file);
  page = pb_window_get_builder_page (window);
  g_assert_nonnull (page);
  project = pb_builder_page_get_project (PB_BUILDER_PAGE (page));
  g_assert_cmpstr (page_title (page), ==, "api");
  g_assert_cmpuint (n_projects (), ==, before + 1);
  WAIT_FOR ((dialog = pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Imported Project Not Saved");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "“api” was not saved"));
  /* Still open and listed: nothing was lost. */
  g_assert_true (pb_window_get_builder_page (window) == page);
  g_assert_cmpuint (n_projects (), ==, before + 1);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "builder-import-not-saved.png");
  gtk_window_destroy (dialog);

  /* The folder can be made again: the next change saves the project. */
  g_assert_cmpint (g_unlink (dir), ==, 0);
  if (moved)
    g_assert_cmpint (g_rename (aside, dir), ==, 0);
  pb_builder_project_changed (project);
  WAIT_FOR (n_saved (dir) == saved_before + 1);

  g_assert_true (pb_application_delete_builder_project (app, project, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  pb_test_settle (50);
}

/* Runs tests/validate-manifest-files.mjs (ajv, Airbyte's schema) on PATH. */
static void
assert_valid_manifest (const char *path)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-manifest-files.mjs",
                                                   NULL);
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { node, script, path, NULL };
  int status = 0;

  if (node == NULL)
    {
      g_test_skip ("node is not installed: the export was not validated");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("ajv is not installed: the export was not validated");
      return;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s does not validate: %s", path, err);
}

/* Export… writes what the user picked, as YAML or JSON by its name; Airbyte's schema takes it,
 * and importing it again gives the same streams. */
static void
test_export_validates (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autofree char *yaml_path = g_build_filename (pb_test_root (), "export.yaml", NULL);
  g_autofree char *json_path = g_build_filename (pb_test_root (), "export.json", NULL);
  g_autofree char *json_text = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) yaml_file = g_file_new_for_path (yaml_path);
  g_autoptr (GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr (PbBuilderProject) again = NULL;
  g_autoptr (GError) error = NULL;
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  PbBuilderProject *project;
  GtkWidget *page;

  pb_window_import_manifest_file (window, file);
  page = pb_window_get_builder_page (window);
  g_assert_nonnull (page);
  project = pb_builder_page_get_project (PB_BUILDER_PAGE (page));
  g_assert_true (gtk_widget_is_sensitive (pb_test_ui_child (page, PB_TYPE_BUILDER_PAGE,
                                                             "export_button")));

  /* Request bodies of both kinds go through the schema too (search_items keeps its own). */
  pb_manifest_stream_set_request_body (
    pb_manifest_find_stream (pb_builder_project_get_manifest (project), "cursor_items"),
    PB_BODY_JSON, (const char *[]) { "page_size", "100", "filter", "{\"status\": [\"open\"]}",
                                     "archived", "false", NULL });
  pb_manifest_stream_set_request_body (
    pb_manifest_find_stream (pb_builder_project_get_manifest (project), "offset_items"),
    PB_BODY_DATA, (const char *[]) { "grant", "all", NULL });
  pb_manifest_stream_set_request_body_text (
    pb_manifest_find_stream (pb_builder_project_get_manifest (project), "page_items"),
    PB_BODY_DATA, "grant=all&n={{ config['n'] }}");
  g_assert_true (pb_builder_page_export_to_file (PB_BUILDER_PAGE (page), yaml_file, &error));
  g_assert_no_error (error);
  g_assert_true (pb_builder_page_export_to_file (PB_BUILDER_PAGE (page), json_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json_path, &json_text, NULL, NULL));
  g_assert_true (json_text[0] == '{');
  g_assert_nonnull (strstr (json_text, "\"request_body_data\""));
  g_assert_nonnull (strstr (json_text, "\"request_body_json\""));

  again = pb_builder_project_new_from_manifest_file (yaml_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_manifest_get_n_streams (pb_builder_project_get_manifest (again)), ==,
                    pb_manifest_get_n_streams (pb_builder_project_get_manifest (project)));

  pb_test_ui_close_window (GTK_WINDOW (window));

  assert_valid_manifest (yaml_path);
  assert_valid_manifest (json_path);
}

/* A file that is no manifest: an error dialog, and no project made. */
static void
test_import_bad_file (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "broken.yaml", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  guint before = n_projects ();
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, "streams: [\n  - {name: x\n", -1, NULL));
  pb_window_import_manifest_file (window, file);
  WAIT_FOR ((dialog = pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Manifest Could Not Be Read");
  g_assert_cmpuint (n_projects (), ==, before);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "builder-import-error.png");

  gtk_window_destroy (dialog);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  app = pb_test_ui_app_new (G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/ui/builder/import-shows-project", test_import_shows_project);
  g_test_add_func ("/ui/builder/open-file", test_open_file);
  g_test_add_func ("/ui/builder/import-bad-file", test_import_bad_file);
  g_test_add_func ("/ui/builder/import-not-saved", test_import_not_saved);
  g_test_add_func ("/ui/builder/export-validates", test_export_validates);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
