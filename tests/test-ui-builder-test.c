/* test-ui-builder-test.c: testing a stream from the Builder through its real widgets (Xvfb):
 * a connector created from the manifest with a canary key typed into the masked field, the
 * records and pages of a read, a refused key, a one-click fix
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of each tab and of the dialog at 1280 and 400 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-builder-connector-dialog.h"
#include "pb-builder-connector-group.h"
#include "pb-builder-page.h"
#include "pb-builder-test-panel.h"
#include "pb-error.h"
#include "pb-runner-test-server.h"
#define PB_TEST_UI_TIMEOUT_S 30
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

#define CANARY "pb-canary-51d0c7e2-ui-builder-key"

static PbApplication *app;
static PbRunnerTestServer *server;

/* Every text a screenshot could show, or a screen reader read: labels, inscriptions, entries,
 * text views, row titles and subtitles, button labels. Fails on the canary. Returns how many
 * texts it looked at. */
static guint
assert_no_canary (GtkWidget *widget)
{
  guint n = 0;
  const char *texts[4] = { NULL };
  g_autofree char *buffer_text = NULL;

  if (GTK_IS_LABEL (widget))
    texts[0] = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    texts[0] = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  else if (GTK_IS_EDITABLE (widget))
    texts[0] = gtk_editable_get_text (GTK_EDITABLE (widget));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      texts[0] = buffer_text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
    }
  if (ADW_IS_PREFERENCES_ROW (widget))
    texts[1] = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_ACTION_ROW (widget))
    texts[2] = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
  if (ADW_IS_EXPANDER_ROW (widget))
    texts[2] = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (widget));
  if (GTK_IS_BUTTON (widget))
    texts[3] = gtk_button_get_label (GTK_BUTTON (widget));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL)
      {
        g_assert_null (strstr (texts[i], CANARY));
        n++;
      }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n += assert_no_canary (c);
  return n;
}

static void
shot (GtkWidget  *widget,
      const char *name)
{
  /* Past the stack's crossfade and the leaflet's slide. */
  pb_test_settle (500);
  pb_test_ui_screenshot (widget, name);
}

static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (window, width, height);
  pb_test_settle (300);
}

static char *
write_manifest (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "builder",
                                                 "test-api.yaml", NULL);
  g_autofree char *out = g_build_filename (pb_test_root (), "test-api.yaml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  g_auto (GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  parts = g_strsplit (text, "@BASE@", -1);
  data = g_strjoinv (pb_runner_test_server_get_base (server), parts);
  g_assert_true (g_file_set_contents (out, data, -1, NULL));
  return g_steal_pointer (&out);
}

static PbBuilderTestPanel *
run_test (GtkWidget  *page,
          const char *stream)
{
  GtkWidget *panel = pb_builder_page_test_stream (PB_BUILDER_PAGE (page), stream);

  WAIT_FOR (!pb_builder_test_panel_get_running (PB_BUILDER_TEST_PANEL (panel)));
  return PB_BUILDER_TEST_PANEL (panel);
}

static void
rerun (PbBuilderTestPanel *panel)
{
  pb_builder_test_panel_run (panel);
  WAIT_FOR (!pb_builder_test_panel_get_running (panel));
}

static const char *
visible_state (PbBuilderTestPanel *panel)
{
  GtkWidget *stack = pb_test_ui_child (GTK_WIDGET (panel), PB_TYPE_BUILDER_TEST_PANEL,
                                       "state_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* Whether PROJECT's file on disk has the stream "nested" reading from FIRST.… */
static gboolean
saved_record_path_is (PbBuilderProject *project,
                      const char       *first)
{
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autofree char *name = g_strconcat (pb_builder_project_get_id (project), ".json", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (PbBuilderProject) saved = pb_builder_project_load (path, NULL);
  PbManifestStream *stream;

  if (saved == NULL)
    return FALSE;
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (saved), "nested");
  return stream != NULL && pb_manifest_stream_get_record_path (stream)[0] != NULL
         && g_strcmp0 (pb_manifest_stream_get_record_path (stream)[0], first) == 0;
}

static void
test_stream (void)
{
  g_autofree char *path = write_manifest ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  PbConnectorStore *store = pb_application_get_store (app);
  PbWindow *window;
  PbBuilderProject *project;
  PbBuilderTestPanel *panel;
  PbConnector *connector;
  GtkWidget *page, *group, *dialog, *row, *secret, *records, *warnings, *fix, *state;
  GListModel *model;
  PbManifestStream *nested;

  window = pb_test_ui_open_window (app, NULL, 1280, 800);

  pb_window_import_manifest_file (window, file);
  page = pb_window_get_builder_page (window);
  g_assert_nonnull (page);
  project = pb_builder_page_get_project (PB_BUILDER_PAGE (page));
  WAIT_FOR (gtk_widget_get_mapped (page));

  /* No connector linked yet: the test says so, and offers to create one. */
  panel = run_test (page, "items");
  g_assert_cmpstr (visible_state (panel), ==, "failed");
  g_assert_error ((GError *) pb_builder_test_panel_get_error (panel), PB_ERROR,
                  PB_ERROR_NO_CONNECTOR);
  g_assert_nonnull (pb_test_ui_find_label (GTK_WIDGET (panel), "No Connector Linked"));
  g_assert_true (gtk_widget_get_visible (pb_test_ui_find_button (GTK_WIDGET (panel),
                                                                 "_Create Connector…")));
  shot (GTK_WIDGET (window), "builder-test-no-connector.png");
  pb_test_ui_click (pb_test_ui_find_button (GTK_WIDGET (panel), "_Link a Connector"));

  /* The overview's connector setting: None, then "Create Connector from Manifest…". */
  group = pb_test_ui_find_descendant (page, PB_TYPE_BUILDER_CONNECTOR_GROUP);
  g_assert_nonnull (group);
  row = pb_test_ui_child (group, PB_TYPE_BUILDER_CONNECTOR_GROUP, "connector_row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  pb_test_settle (600);
  shot (GTK_WIDGET (window), "builder-test-overview.png");

  dialog = pb_builder_connector_group_open_create (PB_BUILDER_CONNECTOR_GROUP (group));
  WAIT_FOR (gtk_widget_get_mapped (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     pb_test_ui_child (dialog, PB_TYPE_BUILDER_CONNECTOR_DIALOG, "header_row"))),
                   ==, "X-Api-Key");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     pb_test_ui_child (dialog, PB_TYPE_BUILDER_CONNECTOR_DIALOG,
                                       "base_url_row"))),
                   ==, pb_runner_test_server_get_base (server));
  g_assert_false (gtk_widget_get_visible (pb_test_ui_child (dialog,
                                                            PB_TYPE_BUILDER_CONNECTOR_DIALOG,
                                                            "client_id_row")));
  secret = pb_test_ui_child (dialog, PB_TYPE_BUILDER_CONNECTOR_DIALOG, "secret_row");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (secret));
  gtk_editable_set_text (GTK_EDITABLE (secret), CANARY);
  shot (dialog, "builder-test-create-connector.png");
  resize (GTK_WINDOW (window), 400, 760);
  resize (GTK_WINDOW (dialog), 400, 640);
  shot (dialog, "builder-test-create-connector-400.png");
  resize (GTK_WINDOW (window), 1280, 800);
  pb_builder_connector_dialog_create (PB_BUILDER_CONNECTOR_DIALOG (dialog));
  WAIT_FOR (pb_builder_project_get_connector_id (project) != NULL);
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_BUILDER_CONNECTOR_DIALOG) == NULL);
  connector = pb_connector_store_find_by_id (store, pb_builder_project_get_connector_id (project));
  g_assert_nonnull (connector);
  g_assert_cmpstr (pb_connector_get_auth_header (connector), ==, "X-Api-Key");
  g_assert_true (pb_connector_has_secret (connector, PB_SECRET_API_KEY));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), >, 0);

  /* Test, from the stream editor's Test button: the records in the table, the pages with the
   * key redacted. */
  g_assert_true (pb_builder_page_open_stream (PB_BUILDER_PAGE (page), "items"));
  pb_test_ui_click (pb_test_ui_find_button (pb_builder_page_get_stream_editor (
                                              PB_BUILDER_PAGE (page)), "_Test"));
  panel = PB_BUILDER_TEST_PANEL (pb_test_ui_find_descendant (page, PB_TYPE_BUILDER_TEST_PANEL));
  g_assert_nonnull (panel);
  g_assert_cmpstr (pb_builder_test_panel_get_stream (panel), ==, "items");
  WAIT_FOR (!pb_builder_test_panel_get_running (panel));
  g_assert_no_error ((GError *) pb_builder_test_panel_get_error (panel));
  g_assert_cmpstr (visible_state (panel), ==, "results");
  g_assert_cmpuint (pb_runner_result_get_record_count (pb_builder_test_panel_get_result (panel)),
                    ==, 25);
  records = pb_test_ui_child (GTK_WIDGET (panel), PB_TYPE_BUILDER_TEST_PANEL, "records_view");
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (records)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 25);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (
                      GTK_COLUMN_VIEW (records))), ==, 3);
  {
    g_autoptr (GtkColumnViewColumn) first = g_list_model_get_item (
      gtk_column_view_get_columns (GTK_COLUMN_VIEW (records)), 0);
    g_autoptr (GtkStringList) cells = g_list_model_get_item (model, 0);

    g_assert_cmpstr (gtk_column_view_column_get_title (first), ==, "id");
    g_assert_cmpstr (gtk_string_list_get_string (cells, 0), ==, "1");
  }
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (pb_test_ui_child (
                     GTK_WIDGET (panel), PB_TYPE_BUILDER_TEST_PANEL, "summary_label"))),
                                   "items · 25 records · 3 pages · "));

  for (guint w = 0; w < 2; w++)
    {
      static const char *const tabs[] = { "records", "pages", "schema", "warnings" };
      int width = w == 0 ? 1280 : 400;

      resize (GTK_WINDOW (window), width, w == 0 ? 800 : 760);
      for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
        {
          g_autofree char *name = g_strdup_printf ("builder-test-%s-%d.png", tabs[i], width);

          pb_builder_test_panel_show_tab (panel, tabs[i]);
          shot (GTK_WIDGET (window), name);
        }
    }
  resize (GTK_WINDOW (window), 1280, 800);
  g_assert_cmpuint (assert_no_canary (GTK_WIDGET (window)), >, 50);

  /* A wrong key: the refused-credential explanation. */
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY,
                                                     "pb-not-the-right-key", NULL, &error));
  g_assert_no_error (error);
  rerun (panel);
  g_assert_cmpstr (visible_state (panel), ==, "failed");
  g_assert_error ((GError *) pb_builder_test_panel_get_error (panel), PB_ERROR, PB_ERROR_AUTH);
  g_assert_nonnull (pb_test_ui_find_label (GTK_WIDGET (panel), "The API Refused the Key"));
  g_assert_true (gtk_widget_get_visible (pb_test_ui_find_button (GTK_WIDGET (panel),
                                                                 "_Show Requests")));
  shot (GTK_WIDGET (window), "builder-test-refused.png");
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY, CANARY,
                                                     NULL, &error));
  g_assert_no_error (error);

  /* records_not_found: the fix sets the record path, and the read that follows finds them. */
  /* The refused request is there to look at, its key redacted. */
  pb_test_ui_click (pb_test_ui_find_button (GTK_WIDGET (panel), "_Show Requests"));
  g_assert_cmpstr (visible_state (panel), ==, "results");
  g_assert_cmpuint (assert_no_canary (GTK_WIDGET (panel)), >, 10);
  panel = run_test (page, "nested");
  g_assert_cmpstr (visible_state (panel), ==, "results");
  warnings = pb_test_ui_child (GTK_WIDGET (panel), PB_TYPE_BUILDER_TEST_PANEL, "warnings_list");
  g_assert_nonnull (pb_test_ui_find_label (warnings, "No Records at the Record Path"));
  fix = pb_test_ui_find_button (warnings, "Use “results.entries”");
  g_assert_nonnull (fix);
  shot (GTK_WIDGET (window), "builder-test-fix.png");
  resize (GTK_WINDOW (window), 400, 760);
  shot (GTK_WIDGET (window), "builder-test-fix-400.png");
  resize (GTK_WINDOW (window), 1280, 800);
  pb_test_ui_click (fix);
  WAIT_FOR (!pb_builder_test_panel_get_running (panel));
  nested = pb_manifest_find_stream (pb_builder_project_get_manifest (project), "nested");
  g_assert_cmpstr (pb_manifest_stream_get_record_path (nested)[0], ==, "results");
  g_assert_cmpstr (pb_manifest_stream_get_record_path (nested)[1], ==, "entries");
  g_assert_cmpuint (pb_runner_result_get_record_count (pb_builder_test_panel_get_result (panel)),
                    ==, 2);
  g_assert_false (pb_runner_result_has_warning (pb_builder_test_panel_get_result (panel),
                                                PB_RUNNER_WARNING_RECORDS_NOT_FOUND));
  g_assert_null (pb_test_ui_find_label (warnings, "No Records at the Record Path"));
  state = pb_test_ui_child (GTK_WIDGET (panel), PB_TYPE_BUILDER_TEST_PANEL, "records_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (state)), ==, "table");

  /* The fix is the user's edit: autosaved, and marked so AI Assist will not undo it. */
  g_assert_true (pb_builder_project_is_edited (project, "nested", "record_path"));
  WAIT_FOR (saved_record_path_is (project, "results"));

  /* Cancel stops a read waiting on a slow server, and the panel is ready to run again. */
  panel = PB_BUILDER_TEST_PANEL (pb_builder_page_test_stream (PB_BUILDER_PAGE (page), "slow"));
  g_assert_true (pb_builder_test_panel_get_running (panel));
  g_assert_cmpstr (visible_state (panel), ==, "running");
  shot (GTK_WIDGET (window), "builder-test-running.png");
  pb_test_ui_click (pb_test_ui_child (GTK_WIDGET (panel), PB_TYPE_BUILDER_TEST_PANEL,
                                      "cancel_button"));
  WAIT_FOR (!pb_builder_test_panel_get_running (panel));
  g_assert_cmpstr (visible_state (panel), ==, "idle");
  g_assert_true (gtk_widget_get_visible (pb_test_ui_child (GTK_WIDGET (panel),
                                                           PB_TYPE_BUILDER_TEST_PANEL,
                                                           "test_button")));

  g_assert_cmpuint (assert_no_canary (GTK_WIDGET (window)), >, 50);
  gtk_window_destroy (GTK_WINDOW (window));
  pb_test_settle (100);

  /* The key is in the keyring only: no file under the test's HOME holds it. */
  g_assert_true (pb_connector_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  server = pb_runner_test_server_new ();
  pb_runner_test_server_expect_key (server, CANARY);
  app = pb_test_ui_app_new (G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/ui/builder-test/stream", test_stream);

  status = g_test_run ();
  g_clear_object (&app);
  pb_runner_test_server_free (server);
  return status;
}
