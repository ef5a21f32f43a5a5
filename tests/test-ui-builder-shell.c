/* test-ui-builder-shell.c: the Builder's shell through its real widgets (Xvfb): the stream list
 * (order, search, selection), the project list (rename, delete), opening files, New Connector
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of each view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-builder-list.h"
#include "pb-builder-page.h"
#include "pb-builder-stream-list.h"
#include "pb-new-connector-dialog.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

#define N_STREAMS 250

static PbApplication *app;

static PbBuilderStreamList *
stream_list_of (PbWindow *window)
{
  GtkWidget *page = pb_window_get_builder_page (window);
  GtkWidget *list;

  g_assert_nonnull (page);
  list = pb_test_ui_find_descendant (page, PB_TYPE_BUILDER_STREAM_LIST);
  g_assert_nonnull (list);
  return PB_BUILDER_STREAM_LIST (list);
}

static GtkWidget *
list_child (PbBuilderStreamList *list,
            const char          *name)
{
  return pb_test_ui_child (GTK_WIDGET (list), PB_TYPE_BUILDER_STREAM_LIST, name);
}

static const char *
count_text (PbBuilderStreamList *list)
{
  return gtk_label_get_label (GTK_LABEL (list_child (list, "count_label")));
}

static guint
n_shown (PbBuilderStreamList *list)
{
  return g_list_model_get_n_items (pb_builder_stream_list_get_streams (list));
}

static const char *
shown_name (PbBuilderStreamList *list,
            guint                position)
{
  g_autoptr (PbManifestStream) stream = g_list_model_get_item (
    pb_builder_stream_list_get_streams (list), position);

  /* The manifest owns its streams: the name outlives this reference. */
  return pb_manifest_stream_get_name (stream);
}

static guint
n_projects (void)
{
  return g_list_model_get_n_items (pb_application_get_builder_projects (app));
}

/* A manifest of N_STREAMS streams "s000".."s249" with paths /items/N; every 50th one (s007,
 * s057…) the analyzer's pick: suggested. */
static PbManifest *
big_manifest (void)
{
  g_autoptr (GString) json = g_string_new ("{\"version\": \"6.0.0\", \"type\": "
                                           "\"DeclarativeSource\", \"check\": {\"type\": "
                                           "\"CheckStream\", \"stream_names\": [\"s000\"]}, "
                                           "\"streams\": [");
  g_autoptr (GError) error = NULL;
  PbManifest *manifest;

  for (guint i = 0; i < N_STREAMS; i++)
    g_string_append_printf (json, "%s{\"type\": \"DeclarativeStream\", \"name\": \"s%03u\", "
                            "\"primary_key\": \"id\", \"retriever\": {\"type\": "
                            "\"SimpleRetriever\", \"requester\": {\"type\": \"HttpRequester\", "
                            "\"url_base\": \"http://127.0.0.1:9\", \"path\": \"/items/%u\", "
                            "\"http_method\": \"%s\"}, \"record_selector\": {\"type\": "
                            "\"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
                            "\"field_path\": [\"data\"]}}}}",
                            i == 0 ? "" : ", ", i, i, i % 10 == 9 ? "POST" : "GET");
  g_string_append (json, "]}");
  manifest = pb_manifest_new_from_data (json->str, json->len, &error);
  g_assert_no_error (error);
  for (guint i = 7; i < N_STREAMS; i += 50)
    pb_manifest_stream_set_suggested (pb_manifest_get_stream (manifest, i), TRUE);
  return manifest;
}

static PbBuilderProject *
show_big_project (PbWindow *window)
{
  g_autoptr (PbManifest) manifest = big_manifest ();
  g_autoptr (PbBuilderProject) project = pb_builder_project_new (manifest, "Big API");
  g_autoptr (GError) error = NULL;

  /* Added like an AI Assist result: saved, listed in the sidebar, autosaved. */
  g_assert_true (pb_application_add_builder_project (app, project, &error));
  g_assert_no_error (error);
  pb_window_show_builder_project (window, project);
  WAIT_FOR (gtk_widget_get_mapped (pb_window_get_builder_page (window)));
  return project;
}

static void
remove_project (PbBuilderProject *project)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_application_delete_builder_project (app, project, &error));
  g_assert_no_error (error);
}

/* A visible "Suggested" tag on the first row on screen. */
static gboolean
first_row_has_tag (PbBuilderStreamList *list)
{
  GtkWidget *view = list_child (list, "stream_view");
  GtkWidget *row = gtk_widget_get_first_child (view);
  GtkWidget *tag = row != NULL ? pb_test_ui_find_label (row, "Suggested") : NULL;

  return tag != NULL && gtk_widget_get_mapped (tag);
}

/* The check button of the row on screen showing stream NAME, or NULL. */
static GtkCheckButton *
row_check (PbBuilderStreamList *list,
           const char          *name)
{
  GtkWidget *view = list_child (list, "stream_view");

  for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (gtk_widget_get_mapped (row) && pb_test_ui_find_label (row, name) != NULL)
        return GTK_CHECK_BUTTON (pb_test_ui_find_descendant (row, GTK_TYPE_CHECK_BUTTON));
    }
  return NULL;
}

/* 250 streams: all listed, the suggested ones first (in the manifest's order), then the
 * others in theirs; the count says how many are selected. */
static void
test_stream_list_order (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = show_big_project (window);
  PbBuilderStreamList *list = stream_list_of (window);
  guint next = 0;

  g_assert_cmpuint (n_shown (list), ==, N_STREAMS);
  for (guint i = 7; i < N_STREAMS; i += 50)
    {
      g_autofree char *name = g_strdup_printf ("s%03u", i);

      g_assert_cmpstr (shown_name (list, next++), ==, name);
    }
  g_assert_cmpstr (shown_name (list, next), ==, "s000");
  g_assert_cmpstr (shown_name (list, N_STREAMS - 1), ==, "s249");
  g_assert_cmpstr (count_text (list), ==, "250 of 250 streams selected");

  /* The rows say it: the first one on screen is tagged, its subtitle is method and path. */
  WAIT_FOR (first_row_has_tag (list));
  g_assert_nonnull (pb_test_ui_find_label (list_child (list, "stream_view"), "GET /items/7"));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "builder-stream-list-1280.png");

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* The search matches names and paths; no match: the empty state. */
static void
test_stream_list_search (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = show_big_project (window);
  PbBuilderStreamList *list = stream_list_of (window);
  GtkWidget *search = list_child (list, "search_entry");
  GtkWidget *stack = list_child (list, "list_stack");

  /* s120..s129, whatever the case */
  gtk_editable_set_text (GTK_EDITABLE (search), "S12");
  WAIT_FOR (n_shown (list) == 10);
  g_assert_cmpstr (shown_name (list, 0), ==, "s120");
  /* By path: /items/249 */
  gtk_editable_set_text (GTK_EDITABLE (search), "items/249");
  WAIT_FOR (n_shown (list) == 1);
  g_assert_cmpstr (shown_name (list, 0), ==, "s249");
  /* The count still counts the whole project. */
  g_assert_cmpstr (count_text (list), ==, "250 of 250 streams selected");

  gtk_editable_set_text (GTK_EDITABLE (search), "no-such-stream");
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "none") == 0);
  g_assert_nonnull (pb_test_ui_find_label (stack, "No Matching Streams"));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  WAIT_FOR (n_shown (list) == N_STREAMS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* How many streams the project file at PATH keeps selected (-1: unreadable). */
static int
saved_count_selected (const char *path)
{
  g_autoptr (PbBuilderProject) saved = pb_builder_project_load (path, NULL);

  return saved != NULL ? (int) pb_builder_project_count_selected (saved) : -1;
}

/* Select None / a row's check / Selected Only / Select All change the project's selection,
 * which the project file keeps and the export follows. */
static void
test_stream_list_selection (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = show_big_project (window);
  PbBuilderStreamList *list = stream_list_of (window);
  GtkWidget *selected_only = list_child (list, "selected_only_button");
  GtkWidget *stack = list_child (list, "list_stack");
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autofree char *path = NULL;
  g_autofree char *exported = NULL;
  g_autoptr (PbBuilderProject) again = NULL;
  g_autoptr (PbManifest) written = NULL;
  g_autoptr (GError) error = NULL;
  GtkCheckButton *check;

  pb_test_ui_click (list_child (list, "select_none_button"));
  g_assert_cmpuint (pb_builder_project_count_selected (project), ==, 0);
  g_assert_cmpstr (count_text (list), ==, "0 of 250 streams selected");
  g_assert_false (gtk_widget_is_sensitive (list_child (list, "select_none_button")));

  /* The rows on screen follow, and a click on one's check selects its stream. */
  WAIT_FOR ((check = row_check (list, "s057")) != NULL);
  g_assert_false (gtk_check_button_get_active (check));
  gtk_widget_activate (GTK_WIDGET (check));
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_true (pb_builder_project_get_stream_selected (project, "s057"));
  check = row_check (list, "s000");
  g_assert_nonnull (check);
  gtk_widget_activate (GTK_WIDGET (check));
  g_assert_true (pb_builder_project_get_stream_selected (project, "s000"));
  g_assert_cmpstr (count_text (list), ==, "2 of 250 streams selected");

  /* Selected Only: those two. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (selected_only), TRUE);
  WAIT_FOR (n_shown (list) == 2);
  g_assert_cmpstr (shown_name (list, 0), ==, "s057");
  g_assert_cmpstr (shown_name (list, 1), ==, "s000");
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "builder-stream-list-selected.png");

  /* Persisted: the autosaved file has the same selection; the export holds the selected
   * streams only. */
  path = g_strdup_printf ("%s/%s.json", dir, pb_builder_project_get_id (project));
  WAIT_FOR (saved_count_selected (path) == 2);
  again = pb_builder_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (pb_builder_project_get_stream_selected (again, "s057"));
  g_assert_true (pb_builder_project_get_stream_selected (again, "s000"));
  g_assert_false (pb_builder_project_get_stream_selected (again, "s001"));
  exported = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  written = pb_manifest_new_from_data (exported, strlen (exported), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_manifest_get_n_streams (written), ==, 2);

  /* Unchecking the last ones under Selected Only: the empty state says why. */
  pb_test_ui_click (list_child (list, "select_none_button"));
  WAIT_FOR (n_shown (list) == 0);
  g_assert_nonnull (pb_test_ui_find_label (stack, "No Selected Streams"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (selected_only), FALSE);
  pb_test_ui_click (list_child (list, "select_all_button"));
  g_assert_cmpuint (pb_builder_project_count_selected (project), ==, N_STREAMS);
  g_assert_cmpuint (n_shown (list), ==, N_STREAMS);
  g_assert_cmpstr (count_text (list), ==, "250 of 250 streams selected");
  WAIT_FOR ((check = row_check (list, "s000")) != NULL && gtk_check_button_get_active (check));

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

static void
stream_activated_cb (PbBuilderStreamList *list,
                     const char          *name,
                     char               **out)
{
  g_free (*out);
  *out = g_strdup (name);
}

/* The shortcut of WIDGET's controllers that Space triggers, or NULL. */
static GtkShortcut *
space_shortcut (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (
            gtk_shortcut_get_trigger (shortcut));

          if (strstr (trigger, "space") != NULL)
            return shortcut;
        }
    }
  return NULL;
}

/* Enter on a row (the list's activate-item) opens that stream: "stream-activated" names it;
 * Space toggles its check. */
static void
test_stream_list_activate (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = show_big_project (window);
  PbBuilderStreamList *list = stream_list_of (window);
  g_autofree char *activated = NULL;
  GtkCheckButton *check;
  GtkShortcut *space;
  GtkWidget *row;

  g_signal_connect (list, "stream-activated", G_CALLBACK (stream_activated_cb), &activated);
  g_assert_true (gtk_widget_activate_action (list_child (list, "stream_view"),
                                             "list.activate-item", "u", 1));
  g_assert_cmpstr (activated, ==, "s057");

  /* Space on the focused row toggles its check, through the list's own shortcut. */
  WAIT_FOR ((check = row_check (list, "s057")) != NULL);
  row = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (check)));
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (gtk_check_button_get_active (check));
  space = space_shortcut (list_child (list, "stream_view"));
  g_assert_nonnull (space);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0,
                                               list_child (list, "stream_view"), NULL));
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_false (pb_builder_project_get_stream_selected (project, "s057"));
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0,
                                               list_child (list, "stream_view"), NULL));
  g_assert_true (pb_builder_project_get_stream_selected (project, "s057"));
  /* Not on a row (the search entry has the focus): Space is left to it. */
  gtk_widget_grab_focus (list_child (list, "search_entry"));
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0,
                                                list_child (list, "stream_view"), NULL));

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* At phone width the list still reads: names, tags and the count fit. */
static void
test_stream_list_narrow (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 400, 760);
  PbBuilderProject *project = show_big_project (window);
  PbBuilderStreamList *list = stream_list_of (window);

  pb_builder_project_set_stream_selected (project, "s001", FALSE);
  WAIT_FOR (first_row_has_tag (list));
  g_assert_cmpstr (count_text (list), ==, "249 of 250 streams selected");
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "builder-stream-list-400.png");

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* A list taller than the rows its view keeps (a one-column grid view keeps 30 on GTK 4.8): its
 * viewport is still filled, no band left blank (GTK 4.8 stretches the 30 rows to fill it). */
static void
test_stream_list_tall (void)
{
  g_autoptr (PbManifest) manifest = big_manifest ();
  g_autoptr (PbBuilderProject) project = pb_builder_project_new (manifest, "Tall API");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = pb_builder_stream_list_new (project);
  GtkWidget *view;
  int bottom = 0, rows = 0;

  /* Taller than any screen the harness has: the outer scroller gives the list 3,000 px. */
  gtk_widget_set_size_request (list, 720, 3000);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  view = list_child (PB_BUILDER_STREAM_LIST (list), "stream_view");
  WAIT_FOR (gtk_widget_get_mapped (view) && gtk_widget_get_first_child (view) != NULL);
  pb_test_settle (200);

  for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (row) || !gtk_widget_compute_bounds (row, view, &bounds))
        continue;
      rows++;
      bottom = MAX (bottom, (int) (bounds.origin.y + bounds.size.height));
    }
  g_test_message ("view %d px high: %d rows placed, down to %d px", gtk_widget_get_height (view),
                  rows, bottom);
  g_assert_cmpint (gtk_widget_get_height (view), >, 2000);
  g_assert_cmpint (bottom, >=, gtk_widget_get_height (view));

  gtk_window_destroy (GTK_WINDOW (window));
  pb_test_settle (50);
}

/* --- The project list ------------------------------------------------------------------------- */

static PbBuilderProject *
import_api (PbWindow *window)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autofree char *saved = NULL;
  PbBuilderProject *project;

  pb_window_import_manifest_file (window, file);
  g_assert_nonnull (pb_window_get_builder_page (window));
  project = pb_builder_page_get_project (PB_BUILDER_PAGE (pb_window_get_builder_page (window)));
  /* Shown at once, saved in a worker thread once shown. */
  saved = g_strdup_printf ("%s/%s.json", dir, pb_builder_project_get_id (project));
  WAIT_FOR (g_file_test (saved, G_FILE_TEST_EXISTS));
  return project;
}

static char *
saved_name (PbBuilderProject *project)
{
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autofree char *path = g_strdup_printf ("%s/%s.json", dir, pb_builder_project_get_id (project));
  g_autoptr (PbBuilderProject) loaded = pb_builder_project_load (path, NULL);

  return loaded != NULL ? g_strdup (pb_builder_project_get_name (loaded)) : NULL;
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
}

/* Each project row has a menu (Tab reaches it) with Rename… and Delete…. Rename: a dialog with
 * the name, refusing an empty one; the sidebar, the page and the file follow. */
static void
test_project_rename (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = import_api (window);
  GtkWidget *builder_list = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "builder_list");
  GtkWidget *page = pb_window_get_builder_page (window);
  const char *id = pb_builder_project_get_id (project);
  g_autofree char *name = NULL;
  GtkWidget *menu_button, *entry;
  AdwMessageDialog *dialog;
  GMenuModel *menu;

  menu_button = pb_test_ui_find_descendant (builder_list, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_focusable (menu_button) || gtk_widget_get_focusable (
                   gtk_widget_get_first_child (menu_button)));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);

  g_assert_true (gtk_widget_activate_action (builder_list, "builder-list.rename", "s", id));
  dialog = ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rename Project");
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "api");
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Zebra Shop API");
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "builder-project-rename.png");
  answer (dialog, "rename");

  g_assert_cmpstr (pb_builder_project_get_name (project), ==, "Zebra Shop API");
  WAIT_FOR (pb_test_ui_find_label (builder_list, "Zebra Shop API") != NULL);
  name = saved_name (project);
  g_assert_cmpstr (name, ==, "Zebra Shop API");
  /* The page stays open, its row selected after the list re-sorted. */
  g_assert_true (pb_window_get_builder_page (window) == page);
  g_assert_nonnull (gtk_list_box_get_selected_row (
                      pb_builder_list_get_list_box (PB_BUILDER_LIST (builder_list))));

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* Delete: a confirmation naming the project; Cancel keeps it, Delete removes the file, the row
 * and the open page. */
static void
test_project_delete (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = import_api (window);
  GtkWidget *builder_list = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "builder_list");
  g_autofree char *id = g_strdup (pb_builder_project_get_id (project));
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autofree char *path = g_strdup_printf ("%s/%s.json", dir, id);
  guint before = n_projects ();
  AdwMessageDialog *dialog;

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_activate_action (builder_list, "builder-list.delete", "s", id));
  dialog = ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “api”?");
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "builder-project-delete.png");
  answer (dialog, "cancel");
  g_assert_cmpuint (n_projects (), ==, before);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (builder_list, "builder-list.delete", "s", id));
  answer (ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "delete");
  g_assert_cmpuint (n_projects (), ==, before - 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (pb_window_get_builder_page (window));
  g_assert_null (pb_test_ui_find_label (builder_list, "api"));

  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* --- Opening files ---------------------------------------------------------------------------- */

/* Names and contents of the project files, to compare before and after. */
static char *
snapshot_projects (void)
{
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) all = g_string_new (NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_string_append_printf (all, "%s\n%s\n", (char *) names->pdata[i], text);
    }
  return g_string_free (g_steal_pointer (&all), FALSE);
}

/* `plugboard FILE` and Open Manifest… with a file that is not a manifest: a dialog whose heading
 * says what is wrong (by the error's code), and the projects there were are all kept. */
static void
test_open_bad_files (void)
{
  struct {
    const char *file;
    const char *contents;
    const char *heading;
  } cases[] = {
    { "broken.yaml", "streams: [\n  - {name: x\n", "Manifest Could Not Be Read" },
    { "package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}",
      "Not a Connector Manifest" },
    { "missing.yaml", NULL, "File Could Not Be Opened" },
  };
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  PbBuilderProject *project = import_api (window);
  guint before = n_projects ();
  g_autofree char *files_before = snapshot_projects ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (pb_test_root (), cases[i].file, NULL);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autofree char *files_after = NULL;
      AdwMessageDialog *dialog;

      if (cases[i].contents != NULL)
        g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      if (i % 2 == 0)
        g_application_open (G_APPLICATION (app), &file, 1, "");
      else
        pb_window_import_manifest_file (window, file);
      dialog = ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, cases[i].heading);
      if (i == 1)
        {
          pb_test_settle (200);
          pb_test_ui_screenshot (GTK_WIDGET (dialog), "builder-open-not-manifest.png");
        }
      answer (dialog, "close");

      g_assert_cmpuint (n_projects (), ==, before);
      files_after = snapshot_projects ();
      g_assert_cmpstr (files_after, ==, files_before);
      /* The open project is still the one shown. */
      g_assert_true (pb_builder_page_get_project (
                       PB_BUILDER_PAGE (pb_window_get_builder_page (window))) == project);
    }

  remove_project (project);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* A GtkShortcutsShortcut below WIDGET titled TITLE for ACCEL. */
static gboolean
has_shortcut (GtkWidget  *widget,
              const char *title,
              const char *accel)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *its_title = NULL;
      g_autofree char *its_accel = NULL;

      g_object_get (widget, "title", &its_title, "accelerator", &its_accel, NULL);
      return g_strcmp0 (its_title, title) == 0 && g_strcmp0 (its_accel, accel) == 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_shortcut (child, title, accel))
      return TRUE;
  return FALSE;
}

/* The model of the header bar's main menu below WIDGET, or NULL. */
static GMenuModel *
primary_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget)
      && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                    "open-menu-symbolic") == 0)
    return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GMenuModel *menu = primary_menu (child);

      if (menu != NULL)
        return menu;
    }
  return NULL;
}

/* The app menu has Open Manifest…, the shortcuts window lists it with Ctrl+O. */
static void
test_open_menu_and_shortcut (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  GMenuModel *menu = primary_menu (GTK_WIDGET (window));
  g_autoptr (GtkBuilder) overlay = gtk_builder_new_from_resource (
    "/io/github/plugboard/Plugboard/gtk/help-overlay.ui");
  GtkWidget *help = GTK_WIDGET (gtk_builder_get_object (overlay, "help_overlay"));
  gboolean in_menu = FALSE, in_overlay = FALSE;

  g_assert_nonnull (menu);

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *label = NULL;
          g_autofree char *action = NULL;

          g_menu_model_get_item_attribute (section, i, "label", "s", &label);
          g_menu_model_get_item_attribute (section, i, "action", "s", &action);
          in_menu |= g_strcmp0 (label, "_Open Manifest…") == 0
                     && g_strcmp0 (action, "win.import-manifest") == 0;
        }
      g_clear_object (&section);
    }
  g_assert_true (in_menu);

  in_overlay = has_shortcut (help, "Open Manifest", "<Control>o");
  g_assert_true (in_overlay);
  gtk_window_destroy (GTK_WINDOW (help));
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* --- New Connector ---------------------------------------------------------------------------- */

static void
assist_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     guint         *count)
{
  (*count)++;
}

/* New Connector offers the Builder: AI Assist (app.builder-assist; insensitive while the app
 * has no such action) and Import Manifest…. */
static void
test_new_connector_builder_entries (void)
{
  PbWindow *window = pb_test_ui_open_window (app, NULL, 1280, 760);
  gboolean had_assist = g_action_group_has_action (G_ACTION_GROUP (app), "builder-assist");
  g_autoptr (GSimpleAction) assist = NULL;
  GtkWidget *assist_button, *import_button;
  GtkWindow *dialog;
  guint activations = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-connector", NULL));
  WAIT_FOR ((dialog = pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG)) != NULL);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  assist_button = pb_test_ui_find_button (GTK_WIDGET (dialog),
                                          "Build from API Docs (AI Assist)…");
  import_button = pb_test_ui_find_button (GTK_WIDGET (dialog), "Import Manifest…");
  g_assert_nonnull (assist_button);
  g_assert_nonnull (import_button);
  /* Both in view without scrolling: on a small screen too. */
  g_assert_true (gtk_widget_get_mapped (assist_button));
  g_assert_true (gtk_widget_is_sensitive (import_button));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, 700);
  if (had_assist)
    g_assert_true (gtk_widget_is_sensitive (assist_button));
  else
    {
      g_assert_false (gtk_widget_is_sensitive (assist_button));
      /* The action appears (as b-assist's does at startup): the button follows, and runs it. */
      assist = g_simple_action_new ("builder-assist", NULL);
      g_signal_connect (assist, "activate", G_CALLBACK (assist_activated_cb), &activations);
      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (assist));
      WAIT_FOR (gtk_widget_is_sensitive (assist_button));
    }
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "new-connector-builder.png");

  if (!had_assist)
    {
      pb_test_ui_click (assist_button);
      WAIT_FOR (activations == 1);
      WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);
      g_action_map_remove_action (G_ACTION_MAP (app), "builder-assist");
    }
  else
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

  g_test_add_func ("/ui/builder-shell/stream-list/order", test_stream_list_order);
  g_test_add_func ("/ui/builder-shell/stream-list/search", test_stream_list_search);
  g_test_add_func ("/ui/builder-shell/stream-list/selection", test_stream_list_selection);
  g_test_add_func ("/ui/builder-shell/stream-list/activate", test_stream_list_activate);
  g_test_add_func ("/ui/builder-shell/stream-list/narrow", test_stream_list_narrow);
  g_test_add_func ("/ui/builder-shell/stream-list/tall", test_stream_list_tall);
  g_test_add_func ("/ui/builder-shell/project/rename", test_project_rename);
  g_test_add_func ("/ui/builder-shell/project/delete", test_project_delete);
  g_test_add_func ("/ui/builder-shell/open/bad-files", test_open_bad_files);
  g_test_add_func ("/ui/builder-shell/open/menu-and-shortcut", test_open_menu_and_shortcut);
  g_test_add_func ("/ui/builder-shell/new-connector/builder-entries",
                   test_new_connector_builder_entries);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
