/* test-ui-builder-assist.c: AI Assist in the Builder through its real widgets (Xvfb): a project
 * from a local spec and from a loopback docs site, errors in plain words, Cancel, suggestions
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs at 1280 and 400 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/stat.h>

#include "pb-application.h"
#include "pb-assist.h"
#include "pb-builder-assist-panel.h"
#include "pb-builder-assist-window.h"
#include "pb-builder-page.h"
#include "pb-builder-suggestions-view.h"
#include "pb-crawl-test-site.h"
#include "pb-error.h"
#define PB_TEST_UI_TIMEOUT_S 60
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

static PbApplication *app;

static char *
spec_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "crawler", name, NULL);
}

static guint
n_projects (void)
{
  return g_list_model_get_n_items (pb_application_get_builder_projects (app));
}

/* `app.builder-assist`, as New Connector's "Build from API Docs" activates it. */
static GtkWindow *
open_assist (void)
{
  GtkWindow *assist = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "builder-assist", NULL);
  WAIT_FOR ((assist = pb_test_ui_find_toplevel (PB_TYPE_BUILDER_ASSIST_WINDOW)) != NULL);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (assist)));
  return assist;
}

static GtkWidget *
panel_of (GtkWindow *assist)
{
  return pb_test_ui_child (GTK_WIDGET (assist), PB_TYPE_BUILDER_ASSIST_WINDOW, "panel");
}

static GtkWidget *
part (GtkWidget  *panel,
      const char *name)
{
  return pb_test_ui_child (panel, PB_TYPE_BUILDER_ASSIST_PANEL, name);
}

static gboolean
running (GtkWidget *panel)
{
  return pb_builder_assist_panel_get_running (PB_BUILDER_ASSIST_PANEL (panel));
}

static guint
n_lines (GtkWidget *panel)
{
  GtkWidget *list = part (panel, "progress_list");
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* Types SOURCE into the entry the way a user would, and clicks Start. */
static void
start (GtkWidget  *panel,
       const char *source)
{
  gtk_editable_set_text (GTK_EDITABLE (part (panel, "source_row")), source);
  pb_test_ui_click (part (panel, "start_button"));
}

/* The window at 1280 and at 400 px wide (the main window behind it at the same size). */
static void
shoot (GtkWindow  *window,
       const char *name)
{
  GtkWindow *parent = gtk_window_get_transient_for (window);
  const int widths[] = { 1280, 400 };

  if (g_getenv ("PB_SCREENSHOT_DIR") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%d.png", name, widths[i]);

      if (parent != NULL)
        pb_test_ui_resize (parent, widths[i], 800);
      pb_test_ui_resize (window, widths[i], 800);
      pb_test_settle (300);
      pb_test_ui_screenshot (GTK_WIDGET (window), file);
    }
  if (parent != NULL)
    gtk_window_set_default_size (parent, 960, 680);
  gtk_window_set_default_size (window, 640, 640);
}

/* A local OpenAPI file: a new project with streams, saved, shown in the Builder. */
static void
test_local_spec (void)
{
  g_autofree char *path = spec_path ("petstore.json");
  g_autofree char *dir = pb_builder_project_default_dir ();
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  guint before = n_projects ();
  GtkWindow *assist = open_assist ();
  GtkWidget *panel = panel_of (assist);
  GtkWidget *page;
  PbBuilderProject *project;
  g_autoptr (GPtrArray) saved = NULL;

  g_assert_true (gtk_window_get_transient_for (assist) == GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (assist), ==, "Build from API Docs");
  /* Nothing typed: Start waits for a source. */
  g_assert_false (gtk_widget_get_sensitive (part (panel, "start_button")));
  g_assert_nonnull (pb_test_ui_find_label (panel, "Build a Connector from API Docs"));
  shoot (assist, "assist-idle");

  start (panel, path);
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_BUILDER_ASSIST_WINDOW) == NULL);
  g_assert_cmpuint (n_projects (), ==, before + 1);
  page = pb_window_get_builder_page (window);
  g_assert_nonnull (page);
  project = pb_builder_page_get_project (PB_BUILDER_PAGE (page));
  g_assert_cmpuint (pb_manifest_get_n_streams (pb_builder_project_get_manifest (project)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pb_builder_page_get_streams (PB_BUILDER_PAGE (page))),
                    >, 0);
  g_assert_cmpstr (pb_builder_project_get_source (project), ==, path);

  /* Saved with its source, for the next AI Assist run. */
  saved = pb_builder_project_load_all (dir, NULL);
  for (guint i = 0; i < saved->len; i++)
    if (g_strcmp0 (pb_builder_project_get_id (saved->pdata[i]),
                   pb_builder_project_get_id (project)) == 0)
      g_assert_cmpstr (pb_builder_project_get_source (saved->pdata[i]), ==, path);
  WAIT_FOR (gtk_widget_get_mapped (page));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (window), "assist-new-project.png");

  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* A docs site on 127.0.0.1 with no spec: progress lines while it crawls, then a project. */
static void
test_docs_site (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  const char *pages[] = { "index.html", "customers.html", "orders.html", "products.html",
                          "customer.html" };
  g_autofree char *url = NULL;
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  guint before = n_projects ();
  GtkWindow *assist;
  GtkWidget *panel;
  gboolean saw_crawl = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strconcat ("docs-site/", pages[i], NULL);
      g_autofree char *where = g_strconcat ("/docs/", pages[i], NULL);

      route (ts, where, 200, "text/html", fixture (name));
      if (i == 0)
        route (ts, "/docs/", 200, "text/html", fixture (name));
    }
  /* Slow enough to watch. */
  ts->delay_ms = 150;
  url = url_of (ts, "/docs/");

  assist = open_assist ();
  panel = panel_of (assist);
  start (panel, url);
  g_assert_true (running (panel));
  g_assert_true (gtk_widget_get_visible (part (panel, "cancel_button")));
  g_assert_false (gtk_widget_get_sensitive (part (panel, "start_button")));
  WAIT_FOR (n_lines (panel) > 0);
  for (GtkWidget *row = gtk_widget_get_first_child (part (panel, "progress_list"));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *label = gtk_widget_get_last_child (box);

      if (strstr (gtk_label_get_label (GTK_LABEL (label)), url) != NULL)
        saw_crawl = TRUE;
    }
  g_assert_true (saw_crawl);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (part (panel, "spinner"))));

  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_BUILDER_ASSIST_WINDOW) == NULL);
  g_assert_cmpuint (n_projects (), ==, before + 1);
  g_assert_cmpuint (hits (ts, "/docs/customers.html"), >, 0);
  g_assert_nonnull (pb_window_get_builder_page (window));
  g_assert_cmpuint (g_list_model_get_n_items (pb_builder_page_get_streams (
                      PB_BUILDER_PAGE (pb_window_get_builder_page (window)))), >, 0);

  pb_test_ui_close_window (GTK_WINDOW (window));
}

static guint
closed_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static const char *
error_title (GtkWidget *panel)
{
  return gtk_label_get_label (GTK_LABEL (part (panel, "error_title")));
}

/* An unreachable host and a malformed spec: plain words, what to do, and Start works again. */
static void
test_errors (void)
{
  g_autofree char *refused = g_strdup_printf ("http://127.0.0.1:%u/docs/", closed_port ());
  g_autofree char *broken = g_build_filename (pb_test_root (), "broken-spec.json", NULL);
  g_autofree char *good = spec_path ("petstore.json");
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  guint before = n_projects ();
  GtkWindow *assist = open_assist ();
  GtkWidget *panel = panel_of (assist);
  GtkWidget *detail;

  start (panel, refused);
  WAIT_FOR (!running (panel));
  g_assert_true (gtk_widget_get_visible (part (panel, "error_box")));
  g_assert_cmpstr (error_title (panel), ==, "Could Not Reach 127.0.0.1");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (part (panel, "error_advice"))),
                            "Check your internet connection"));
  /* The system's words stay out. */
  g_assert_false (gtk_widget_get_visible (part (panel, "error_detail")));
  g_assert_true (gtk_widget_get_sensitive (part (panel, "start_button")));
  g_assert_false (gtk_widget_get_visible (part (panel, "cancel_button")));
  shoot (assist, "assist-error");

  g_assert_true (g_file_set_contents (broken, "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n"
                                      "    \"/x\": [1, 2,,]\n", -1, NULL));
  start (panel, broken);
  WAIT_FOR (!running (panel) && g_strcmp0 (error_title (panel),
                                           "The Spec Could Not Be Read") == 0);
  detail = part (panel, "error_detail");
  g_assert_true (gtk_widget_get_visible (detail));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (detail)), "line 5, column 1"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (detail)), "column"));
  shoot (assist, "assist-parse-error");
  g_assert_cmpuint (n_projects (), ==, before);

  /* Start again with a good file: the error goes, a project comes. */
  start (panel, good);
  g_assert_false (gtk_widget_get_visible (part (panel, "error_box")));
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_BUILDER_ASSIST_WINDOW) == NULL);
  g_assert_cmpuint (n_projects (), ==, before + 1);

  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* Every engine error has its own plain words, chosen by code; the engine's message shows below
 * them only where it names a place (status, line and column), never for network or TLS. */
static void
test_error_words (void)
{
  static const struct { int code; gboolean detail; } codes[] = {
    { PB_ERROR_INVALID_URL, TRUE }, { PB_ERROR_NETWORK, FALSE }, { PB_ERROR_TLS, FALSE },
    { PB_ERROR_HTTP_STATUS, TRUE }, { PB_ERROR_PARSE, TRUE },
    { PB_ERROR_UNSUPPORTED_FORMAT, TRUE }, { PB_ERROR_NOTHING_FOUND, TRUE },
    { PB_ERROR_TOO_LARGE, TRUE }, { PB_ERROR_NOT_FOUND, TRUE },
    { PB_ERROR_NOT_A_FOLDER, TRUE }, { PB_ERROR_PERMISSION_DENIED, TRUE },
    { PB_ERROR_NOT_REGULAR_FILE, TRUE },
  };
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *missing = url_of (ts, "/no/such/page/");
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  GtkWindow *assist = open_assist ();
  GtkWidget *panel = panel_of (assist);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr (GError) error = g_error_new (PB_ERROR, codes[i].code, "engine words %u", i);
      const char *advice;

      pb_builder_assist_panel_show_error (PB_BUILDER_ASSIST_PANEL (panel), error);
      g_assert_true (gtk_widget_get_visible (part (panel, "error_box")));
      g_assert_true (g_hash_table_add (titles, g_strdup (error_title (panel))));
      advice = gtk_label_get_label (GTK_LABEL (part (panel, "error_advice")));
      g_assert_cmpuint (strlen (advice), >, 20);
      g_assert_cmpint (gtk_widget_get_visible (part (panel, "error_detail")), ==,
                       codes[i].detail);
      g_assert_null (strstr (advice, "engine words"));
    }

  /* A real 404 from a loopback server: the status shows as the detail. */
  start (panel, missing);
  WAIT_FOR (!running (panel) && gtk_widget_get_visible (part (panel, "error_box")));
  g_assert_cmpstr (error_title (panel), ==, "The Site Refused the Page");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (part (panel, "error_detail"))),
                            "404"));

  /* A real named pipe chosen as the spec: its own words, the file named below them. */
  {
    g_autofree char *dir = g_build_filename (pb_test_root (), "assist-fifo", NULL);
    g_autofree char *fifo = g_build_filename (dir, "spec.json", NULL);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    start (panel, fifo);
    WAIT_FOR (!running (panel) && gtk_widget_get_visible (part (panel, "error_box")));
    g_assert_cmpstr (error_title (panel), ==, "Not a File");
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (part (panel, "error_detail"))),
                              "FIFO"));
    shoot (assist, "assist-not-a-file");
  }

  gtk_window_destroy (assist);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

static gboolean
tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* A server that never answers: the window keeps drawing, and Cancel stops the run at once. */
static void
test_cancel (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autofree char *url = NULL;
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  guint before = n_projects ();
  GtkWindow *assist = open_assist ();
  GtkWidget *panel = panel_of (assist);
  guint ticks = 0;
  guint tick;
  gint64 started;

  route (ts, "/stall/", 200, "text/html", g_bytes_new_static ("<html></html>", 13))->hang = TRUE;
  url = url_of (ts, "/stall/");
  start (panel, url);
  WAIT_FOR (n_lines (panel) > 0);
  WAIT_FOR (hits (ts, "/stall/") > 0);

  /* The main loop turns while the run waits for a server that never answers: no iteration
   * takes long (a blocked loop would wait for the server's 30 s timeout), timers fire. (A frame
   * under Xvfb on a busy machine may take half a second: the bound is loose on purpose.) */
  tick = g_timeout_add (20, tick_cb, &ticks);
  {
    gint64 end = g_get_monotonic_time () + 1500 * 1000;
    gint64 worst = 0;

    while (g_get_monotonic_time () < end)
      {
        gint64 since = g_get_monotonic_time ();

        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (2000);
        worst = MAX (worst, g_get_monotonic_time () - since);
      }
    g_assert_cmpint (worst, <, 3 * G_USEC_PER_SEC);
  }
  g_source_remove (tick);
  g_assert_cmpuint (ticks, >=, 1);
  g_assert_true (running (panel));
  shoot (assist, "assist-running");

  started = g_get_monotonic_time ();
  pb_test_ui_click (part (panel, "cancel_button"));
  g_assert_false (running (panel));
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  g_assert_true (gtk_widget_get_sensitive (part (panel, "start_button")));
  g_assert_false (gtk_widget_get_visible (part (panel, "cancel_button")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (part (panel, "status_label"))), ==,
                   "Cancelled");
  pb_test_settle (300);
  /* No error for a cancel, no project, the window still open for another try. */
  g_assert_false (gtk_widget_get_visible (part (panel, "error_box")));
  g_assert_cmpuint (n_projects (), ==, before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (assist)));

  gtk_window_destroy (assist);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* --- suggestions on an existing project ---------------------------------------------------- */

static void
got_manifest (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PbManifest **manifest = user_data;
  g_autoptr (GError) error = NULL;

  *manifest = pb_assist_run_finish (result, &error);
  g_assert_no_error (error);
}

static PbManifest *
assist_sync (const char *source)
{
  PbManifest *manifest = NULL;

  pb_assist_run_async (source, NULL, NULL, NULL, NULL, got_manifest, &manifest);
  WAIT_FOR (manifest != NULL);
  return manifest;
}

static GtkWidget *
suggestion_row (GtkWidget  *view,
                const char *title,
                const char *stream)
{
  GtkWidget *list = pb_test_ui_child (view, PB_TYPE_BUILDER_SUGGESTIONS_VIEW, "list_box");
  g_autofree char *where = stream != NULL ? g_strdup_printf ("Stream “%s”", stream) : NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (pb_test_ui_find_label (row, title) != NULL
        && (where == NULL || pb_test_ui_find_label (row, where) != NULL))
      return row;
  return NULL;
}

static guint
n_rows (GtkWidget *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (
    pb_builder_suggestions_view_get_suggestions (PB_BUILDER_SUGGESTIONS_VIEW (view))));
}

/* Whether the project file at PATH has STREAM yet (*SAVED: the file as read). */
static gboolean
saved_with_stream (const char        *path,
                   const char        *stream,
                   PbBuilderProject **saved)
{
  g_clear_object (saved);
  *saved = pb_builder_project_load (path, NULL);
  return *saved != NULL
         && pb_manifest_find_stream (pb_builder_project_get_manifest (*saved), stream) != NULL;
}

/* The page's AI Assist (`builder.assist`): the last source prefilled; the results come as
 * suggestions; the user's own edits are never touched. */
static void
test_suggestions (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analyzer",
                                                 "cursor-substream.json", NULL);
  g_autoptr (PbManifest) manifest = assist_sync (path);
  g_autoptr (PbBuilderProject) project = NULL;
  g_autoptr (GError) error = NULL;
  PbManifest *ours;
  PbManifestStream *edited, *plain;
  g_autofree char *edited_name = NULL;
  g_autofree char *plain_name = NULL;
  g_autofree char *removed_name = NULL;
  const char *odd_path[] = { "wrong", "place", NULL };
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  GtkWindow *assist;
  GtkWidget *page, *view, *stack, *row;
  guint n;

  g_assert_cmpuint (pb_manifest_get_n_streams (manifest), >=, 3);
  project = pb_builder_project_new_from_assist (manifest, "Pets", path);
  g_assert_true (pb_application_add_builder_project (app, project, &error));
  g_assert_no_error (error);

  /* The user's edit: a path they typed. AI Assist's other values drift (not edited). */
  ours = pb_builder_project_get_manifest (project);
  edited = pb_manifest_get_stream (ours, 0);
  plain = pb_manifest_get_stream (ours, 1);
  edited_name = g_strdup (pb_manifest_stream_get_name (edited));
  plain_name = g_strdup (pb_manifest_stream_get_name (plain));
  pb_manifest_stream_set_path (edited, "/my/own/path");
  pb_builder_project_mark_edited (project, edited_name, "path");
  pb_manifest_stream_set_record_path (plain, odd_path);
  pb_manifest_set_url_base (ours, "https://old.example.com");
  removed_name = g_strdup (pb_manifest_stream_get_name (pb_manifest_get_stream (ours, 2)));
  pb_manifest_remove_stream (ours, 2);
  pb_builder_project_changed (project);

  pb_window_show_builder_project (window, project);
  page = pb_window_get_builder_page (window);
  WAIT_FOR (gtk_widget_get_mapped (page));
  /* The page's "AI Assist" button (builder.assist). */
  pb_test_ui_click (pb_test_ui_child (page, PB_TYPE_BUILDER_PAGE, "assist_button"));
  WAIT_FOR ((assist = pb_test_ui_find_toplevel (PB_TYPE_BUILDER_ASSIST_WINDOW)) != NULL);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (assist)));
  g_assert_true (pb_builder_assist_window_get_project (PB_BUILDER_ASSIST_WINDOW (assist))
                 == project);
  /* The last source is there already. */
  g_assert_cmpstr (pb_builder_assist_panel_get_source (PB_BUILDER_ASSIST_PANEL (panel_of (assist))),
                   ==, path);
  g_assert_nonnull (pb_test_ui_find_label (GTK_WIDGET (assist), "Look for Changes"));
  shoot (assist, "assist-project-idle");
  pb_test_ui_click (part (panel_of (assist), "start_button"));

  stack = pb_test_ui_child (GTK_WIDGET (assist), PB_TYPE_BUILDER_ASSIST_WINDOW, "stack");
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "suggestions")
            == 0);
  view = pb_test_ui_child (GTK_WIDGET (assist), PB_TYPE_BUILDER_ASSIST_WINDOW,
                           "suggestions_view");
  n = n_rows (view);
  g_assert_cmpuint (n, ==, 3);
  /* Nothing on the edited path; the drifted values and the missing stream are offered. */
  g_assert_null (suggestion_row (view, "Path", edited_name));
  g_assert_nonnull (suggestion_row (view, "Record path", plain_name));
  g_assert_nonnull (suggestion_row (view, "Base URL", NULL));
  {
    g_autofree char *add = g_strdup_printf ("Add stream “%s”", removed_name);
    g_assert_nonnull (suggestion_row (view, add, NULL));
  }
  g_assert_nonnull (pb_test_ui_find_label (view, "https://old.example.com"));
  shoot (assist, "assist-suggestions");

  /* Accept one: the record path comes back. */
  row = suggestion_row (view, "Record path", plain_name);
  pb_test_ui_click (pb_test_ui_find_button (row, "_Accept"));
  WAIT_FOR (n_rows (view) == n - 1);
  g_assert_cmpstr (pb_manifest_stream_get_record_path (plain)[0], !=, "wrong");

  /* Reject one: the base URL stays the user's. */
  row = suggestion_row (view, "Base URL", NULL);
  pb_test_ui_click (pb_test_ui_find_button (row, "_Reject"));
  WAIT_FOR (n_rows (view) == n - 2);
  g_assert_cmpstr (pb_manifest_get_url_base (ours), ==, "https://old.example.com");

  /* Accept all: the missing stream is added; the edited path is still the user's. */
  pb_test_ui_click (pb_test_ui_child (view, PB_TYPE_BUILDER_SUGGESTIONS_VIEW,
                                      "accept_all_button"));
  WAIT_FOR (n_rows (view) == 0);
  g_assert_nonnull (pb_manifest_find_stream (ours, removed_name));
  g_assert_cmpstr (pb_manifest_stream_get_path (pb_manifest_find_stream (ours, edited_name)), ==,
                   "/my/own/path");
  /* The page behind shows the added stream at once. */
  g_assert_cmpuint (g_list_model_get_n_items (pb_builder_page_get_streams (PB_BUILDER_PAGE (page))),
                    ==, pb_manifest_get_n_streams (ours));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
                     pb_test_ui_child (view, PB_TYPE_BUILDER_SUGGESTIONS_VIEW, "stack"))), ==,
                   "empty");
  shoot (assist, "assist-suggestions-done");

  /* Accepted values are autosaved; the user's edit is saved as theirs. */
  {
    g_autofree char *dir = pb_builder_project_default_dir ();
    g_autofree char *file = g_strconcat (pb_builder_project_get_id (project), ".json", NULL);
    g_autofree char *saved_path = g_build_filename (dir, file, NULL);
    g_autoptr (PbBuilderProject) saved = NULL;

    WAIT_FOR (saved_with_stream (saved_path, removed_name, &saved));
    g_assert_true (pb_builder_project_is_edited (saved, edited_name, "path"));
    g_assert_cmpstr (pb_manifest_get_url_base (pb_builder_project_get_manifest (saved)), ==,
                     "https://old.example.com");
  }

  /* Run Again: only the rejected base URL comes back. */
  pb_test_ui_click (pb_test_ui_child (GTK_WIDGET (assist), PB_TYPE_BUILDER_ASSIST_WINDOW,
                                      "again_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "panel");
  pb_test_ui_click (part (panel_of (assist), "start_button"));
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "suggestions")
            == 0 && n_rows (view) == 1);
  g_assert_nonnull (suggestion_row (view, "Base URL", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (assist)));

  gtk_window_destroy (assist);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* A project that already has everything: the empty state says so. */
static void
test_nothing_new (void)
{
  g_autofree char *path = spec_path ("petstore.json");
  g_autoptr (PbManifest) manifest = assist_sync (path);
  g_autoptr (PbBuilderProject) project = pb_builder_project_new_from_assist (manifest, "Same",
                                                                             path);
  g_autoptr (GError) error = NULL;
  PbWindow *window = pb_test_ui_open_window (app, NULL, 960, 680);
  GtkWindow *assist;
  GtkWidget *view, *stack;

  g_assert_true (pb_application_add_builder_project (app, project, &error));
  pb_window_show_builder_project (window, project);
  g_assert_true (gtk_widget_activate_action (pb_window_get_builder_page (window),
                                             "builder.assist", NULL));
  WAIT_FOR ((assist = pb_test_ui_find_toplevel (PB_TYPE_BUILDER_ASSIST_WINDOW)) != NULL);
  pb_test_ui_click (part (panel_of (assist), "start_button"));
  stack = pb_test_ui_child (GTK_WIDGET (assist), PB_TYPE_BUILDER_ASSIST_WINDOW, "stack");
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "suggestions")
            == 0);
  view = pb_test_ui_child (GTK_WIDGET (assist), PB_TYPE_BUILDER_ASSIST_WINDOW,
                           "suggestions_view");
  g_assert_cmpuint (n_rows (view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
                     pb_test_ui_child (view, PB_TYPE_BUILDER_SUGGESTIONS_VIEW, "stack"))), ==,
                   "empty");
  g_assert_nonnull (pb_test_ui_find_label (view, "Nothing New"));
  shoot (assist, "assist-nothing-new");

  gtk_window_destroy (assist);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  app = pb_test_ui_app_new (G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/ui/builder-assist/local-spec", test_local_spec);
  g_test_add_func ("/ui/builder-assist/docs-site", test_docs_site);
  g_test_add_func ("/ui/builder-assist/errors", test_errors);
  g_test_add_func ("/ui/builder-assist/error-words", test_error_words);
  g_test_add_func ("/ui/builder-assist/cancel", test_cancel);
  g_test_add_func ("/ui/builder-assist/suggestions", test_suggestions);
  g_test_add_func ("/ui/builder-assist/nothing-new", test_nothing_new);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
