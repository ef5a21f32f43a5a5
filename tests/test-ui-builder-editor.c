/* test-ui-builder-editor.c: a Builder project's overview and stream editor, through the real
 * widgets (Xvfb): open a stream, edit it, see refused values, read a value's evidence
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of the overview and the editor, wide and narrow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-builder-page.h"
#include "pb-builder-stream-list.h"
#include "pb-builder-pairs-group.h"
#include "pb-builder-paginator-group.h"
#include "pb-builder-settings-group.h"
#include "pb-builder-stream-editor.h"
#include "pb-builder-warm-up.h"
#include "pb-evidence-button.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

static PbApplication *app;

typedef struct {
  PbWindow         *window;
  GtkWidget        *page;
  GtkWidget        *editor;
  PbBuilderProject *project;
  PbManifestStream *stream;
} Fixture;

static GtkWidget *
editor_child (Fixture    *f,
              const char *name)
{
  return pb_test_ui_child (f->editor, PB_TYPE_BUILDER_STREAM_EDITOR, name);
}

static GtkWidget *
paginator_child (Fixture    *f,
                 const char *name)
{
  return pb_test_ui_child (editor_child (f, "paginator_group"), PB_TYPE_BUILDER_PAGINATOR_GROUP,
                           name);
}

static const char *
visible_page (Fixture *f)
{
  GtkWidget *pages = pb_test_ui_child (f->page, PB_TYPE_BUILDER_PAGE, "pages");

  return gtk_stack_get_visible_child_name (GTK_STACK (pages));
}

static void
settle_pages (Fixture *f)
{
  GtkWidget *pages = pb_test_ui_child (f->page, PB_TYPE_BUILDER_PAGE, "pages");

  WAIT_FOR (!gtk_stack_get_transition_running (GTK_STACK (pages)));
  pb_test_settle (200);
}

/* Imports tests/data/runner/api.yaml and gives its "cursor_items" stream the evidence the
 * analyzer would: a stated path, a guessed record path. */
static void
fixture_open (Fixture *f)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (PbEvidence) stated = NULL;
  g_autoptr (PbEvidence) guessed = NULL;

  f->window = pb_test_ui_open_window (app, NULL, 1280, 800);

  pb_window_import_manifest_file (f->window, file);
  f->page = pb_window_get_builder_page (f->window);
  g_assert_nonnull (f->page);
  WAIT_FOR (gtk_widget_get_mapped (f->page));
  f->project = pb_builder_page_get_project (PB_BUILDER_PAGE (f->page));
  /* Opening a project builds the overview only: the editor comes with the first stream. */
  g_assert_null (pb_builder_page_get_stream_editor (PB_BUILDER_PAGE (f->page)));
  f->stream = pb_manifest_find_stream (pb_builder_project_get_manifest (f->project),
                                       "cursor_items");
  g_assert_nonnull (f->stream);

  stated = pb_evidence_new ("file:///specs/items.yaml", "#/paths/~1cursor~1items/get",
                            NULL, 0.9, "The spec lists this operation.");
  guessed = pb_evidence_new ("http://127.0.0.1/docs/items", NULL,
                             "The list comes back under items.", 0.4,
                             "A sentence of the docs names the list.");
  pb_manifest_stream_set_evidence (f->stream, "path", stated);
  pb_manifest_stream_set_evidence (f->stream, "record_path", guessed);
  pb_manifest_stream_set_evidence (f->stream, "schema", stated);
}

/* Opens the stream the way a user does: activating its row in the stream list (the editor is
 * built then). */
static void
open_stream (Fixture *f)
{
  GListModel *streams = pb_builder_page_get_streams (PB_BUILDER_PAGE (f->page));
  GtkWidget *list = pb_test_ui_child (f->page, PB_TYPE_BUILDER_PAGE, "stream_list");
  GtkWidget *view = pb_test_ui_child (list, PB_TYPE_BUILDER_STREAM_LIST, "stream_view");
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (streams); i++)
    {
      g_autoptr (PbManifestStream) s = g_list_model_get_item (streams, i);

      if (s == f->stream)
        position = i;
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_widget_activate_action (view, "list.activate-item", "u", position));
  g_assert_cmpstr (visible_page (f), ==, "stream");
  f->editor = pb_builder_page_get_stream_editor (PB_BUILDER_PAGE (f->page));
  g_assert_nonnull (f->editor);
  g_assert_true (pb_builder_stream_editor_get_stream (PB_BUILDER_STREAM_EDITOR (f->editor))
                 == f->stream);
  settle_pages (f);
}

static void
fixture_close (Fixture *f)
{
  pb_test_ui_close_window (GTK_WINDOW (f->window));
}

/* Types TEXT into WIDGET, and lets the editor check it (once the change is complete). */
static void
set_text (GtkWidget  *widget,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The overview: global settings, and the stream list under them. */
static void
test_overview (void)
{
  Fixture f = { 0 };
  GtkWidget *settings, *url_row, *assist;
  g_autofree char *url_base = NULL;
  PbManifest *manifest;

  fixture_open (&f);
  manifest = pb_builder_project_get_manifest (f.project);
  g_assert_cmpstr (visible_page (&f), ==, "overview");

  /* AI Assist waits for its action (the assist lane adds it to the "builder" group). */
  assist = pb_test_ui_child (f.page, PB_TYPE_BUILDER_PAGE, "assist_button");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (assist)), ==,
                   "builder.assist");
  g_assert_nonnull (pb_test_ui_child (f.page, PB_TYPE_BUILDER_PAGE, "connector_group"));
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-overview-1280.png");

  /* The base URL: a refused address is shown and not written; a good one is. */
  settings = pb_test_ui_child (f.page, PB_TYPE_BUILDER_PAGE, "settings_group");
  url_row = pb_test_ui_child (settings, PB_TYPE_BUILDER_SETTINGS_GROUP, "url_base_row");
  url_base = g_strdup (pb_manifest_get_url_base (manifest));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==,
                   url_base != NULL ? url_base : "");
  set_text (url_row, "api.example.com");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_cmpstr (pb_manifest_get_url_base (manifest), ==, url_base);
  set_text (url_row, "https://api.example.com/v2");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_cmpstr (pb_manifest_get_url_base (manifest), ==, "https://api.example.com/v2");
  g_assert_true (pb_builder_project_is_edited (f.project, NULL, "url_base"));

  /* Authentication: the kind's own fields; a header name the HTTP library owns is refused. */
  {
    GtkWidget *auth_row = pb_test_ui_child (settings, PB_TYPE_BUILDER_SETTINGS_GROUP, "auth_row");
    GtkWidget *kind = pb_test_ui_child (settings, PB_TYPE_BUILDER_SETTINGS_GROUP,
                                        "auth_kind_row");
    GtkWidget *field = pb_test_ui_child (settings, PB_TYPE_BUILDER_SETTINGS_GROUP,
                                         "field_name_row");
    GtkWidget *token_url = pb_test_ui_child (settings, PB_TYPE_BUILDER_SETTINGS_GROUP,
                                             "token_url_row");
    PbManifestAuth *auth = pb_manifest_get_auth (manifest);

    g_assert_cmpint (auth->kind, ==, PB_AUTH_API_KEY);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kind)), ==, 1);
    g_assert_true (gtk_widget_get_visible (field));
    g_assert_false (gtk_widget_get_visible (token_url));
    set_text (field, "Content-Length");
    g_assert_true (gtk_widget_has_css_class (field, "error"));
    g_assert_cmpstr (auth->field_name, ==, "X-Api-Key");
    set_text (field, "X-Token");
    g_assert_cmpstr (auth->field_name, ==, "X-Token");
    g_assert_true (pb_builder_project_is_edited (f.project, NULL, "auth"));

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (auth_row), TRUE);
    adw_combo_row_set_selected (ADW_COMBO_ROW (kind), 5);
    g_assert_cmpint (auth->kind, ==, PB_AUTH_OAUTH);
    g_assert_true (gtk_widget_get_visible (token_url));
    g_assert_false (gtk_widget_get_visible (field));
    /* A secret in a URL would land in the project file: refused. */
    set_text (token_url, "https://auth.example.com/token?client_secret=abc");
    g_assert_true (gtk_widget_has_css_class (token_url, "error"));
    g_assert_null (auth->token_url);
    set_text (token_url, "https://auth.example.com/token");
    g_assert_cmpstr (auth->token_url, ==, "https://auth.example.com/token");
    pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-overview-oauth.png");
  }

  /* Narrow: the window shows one pane; the page still fits. */
  gtk_window_set_default_size (GTK_WINDOW (f.window), 400, 760);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (f.window)) <= 420);
  pb_window_show_builder_project (f.window, f.project);
  pb_test_settle (300);
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-overview-400.png");

  fixture_close (&f);
}

/* Whether the project file at PATH holds test_edit_stream's edits. */
static gboolean
saved_has_edits (const char *path)
{
  g_autoptr (PbBuilderProject) saved = pb_builder_project_load (path, NULL);
  PbManifestStream *stream;

  if (saved == NULL)
    return FALSE;
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (saved), "cursor_items");
  return stream != NULL && pb_manifest_stream_get_paginator (stream)->page_size == 50
         && g_strcmp0 (pb_manifest_stream_get_path (stream), "/v2/cursor/items") == 0;
}

/* The editor: edits land in the model, marked edited; refused values stay out. */
static void
test_edit_stream (void)
{
  Fixture f = { 0 };
  PbManifestPaginator *p;
  GtkWidget *path_row, *kind_row, *size_row, *token_row, *record_row;
  g_autofree char *dir = pb_builder_project_default_dir ();

  fixture_open (&f);
  open_stream (&f);
  p = pb_manifest_stream_get_paginator (f.stream);
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);

  path_row = editor_child (&f, "path_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (path_row)), ==, "/cursor/items");
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-1280.png");

  /* Path: written as typed, marked edited. */
  set_text (path_row, "/v2/cursor/items");
  g_assert_cmpstr (pb_manifest_stream_get_path (f.stream), ==, "/v2/cursor/items");
  g_assert_true (pb_builder_project_is_edited (f.project, "cursor_items", "path"));
  g_assert_false (pb_builder_project_is_edited (f.project, "cursor_items", "paginator"));

  /* A refused path: the error style, a message under the group, the model unchanged. */
  set_text (path_row, "/cursor items");
  g_assert_true (gtk_widget_has_css_class (path_row, "error"));
  g_assert_nonnull (pb_test_ui_find_label (editor_child (&f, "preferences_page"),
                                           "The path has a space or a “#”. Encode spaces as "
                                           "%20; put query parameters under Request "
                                           "Parameters."));
  g_assert_cmpstr (pb_manifest_stream_get_path (f.stream), ==, "/v2/cursor/items");
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-error.png");
  set_text (path_row, "/v2/cursor/items");
  g_assert_false (gtk_widget_has_css_class (path_row, "error"));

  /* Paginator: switching to offset shows offset's fields and names its request field. */
  kind_row = paginator_child (&f, "kind_row");
  size_row = paginator_child (&f, "page_size_row");
  token_row = paginator_child (&f, "token_field_row");
  g_assert_true (gtk_widget_get_visible (paginator_child (&f, "cursor_value_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind_row), PB_PAGINATION_OFFSET);
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_OFFSET);
  g_assert_false (gtk_widget_get_visible (paginator_child (&f, "cursor_value_row")));
  g_assert_true (gtk_widget_get_visible (size_row));
  g_assert_true (pb_builder_project_is_edited (f.project, "cursor_items", "paginator"));
  set_text (token_row, "skip");
  g_assert_cmpstr (p->token_field, ==, "skip");
  set_text (size_row, "25");
  g_assert_cmpint (p->page_size, ==, 25);
  /* A page size of zero is refused and not written. */
  set_text (size_row, "0");
  g_assert_true (gtk_widget_has_css_class (size_row, "error"));
  g_assert_cmpint (p->page_size, ==, 25);
  set_text (size_row, "50");
  g_assert_cmpint (p->page_size, ==, 50);
  g_assert_false (gtk_widget_has_css_class (size_row, "error"));
  gtk_widget_grab_focus (size_row);
  pb_test_settle (300);
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-paginator.png");

  /* Record path and primary key, as the user writes them. */
  record_row = editor_child (&f, "record_path_row");
  set_text (record_row, "data.items");
  g_assert_cmpstrv (pb_manifest_stream_get_record_path (f.stream),
                    ((const char *[]) { "data", "items", NULL }));
  set_text (record_row, "data..items");
  g_assert_true (gtk_widget_has_css_class (record_row, "error"));
  g_assert_cmpstrv (pb_manifest_stream_get_record_path (f.stream),
                    ((const char *[]) { "data", "items", NULL }));
  set_text (record_row, "items");

  /* Request parameters: added, refused with a bad name, removed. */
  {
    GtkWidget *group = editor_child (&f, "parameters_group");
    GtkEditable *name, *value;

    pb_builder_pairs_group_add_row (PB_BUILDER_PAIRS_GROUP (group));
    g_assert_true (pb_builder_pairs_group_get_row_entries (PB_BUILDER_PAIRS_GROUP (group), 0,
                                                           &name, &value));
    set_text (GTK_WIDGET (name), "sort");
    set_text (GTK_WIDGET (value), "{{ config['sort'] }}");
    g_assert_cmpstrv (pb_manifest_stream_get_request_parameters (f.stream),
                      ((const char *[]) { "sort", "{{ config['sort'] }}", NULL }));
    g_assert_true (pb_builder_project_is_edited (f.project, "cursor_items",
                                                 "request_parameters"));
    set_text (GTK_WIDGET (name), "sort by");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
    g_assert_cmpstrv (pb_manifest_stream_get_request_parameters (f.stream),
                      ((const char *[]) { "sort", "{{ config['sort'] }}", NULL }));
    set_text (GTK_WIDGET (name), "order");
    g_assert_cmpstrv (pb_manifest_stream_get_request_parameters (f.stream),
                      ((const char *[]) { "order", "{{ config['sort'] }}", NULL }));
  }

  /* Incremental sync: a cursor field, a format checked as typed. */
  set_text (editor_child (&f, "cursor_field_row"), "updated_at");
  set_text (editor_child (&f, "datetime_format_row"), "YYYY-MM-DD");
  g_assert_true (gtk_widget_has_css_class (editor_child (&f, "datetime_format_row"), "error"));
  set_text (editor_child (&f, "datetime_format_row"), "%Y-%m-%d");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (f.stream)->cursor_field, ==,
                   "updated_at");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (f.stream)->datetime_format, ==,
                   "%Y-%m-%d");
  g_assert_true (pb_builder_project_is_edited (f.project, "cursor_items", "incremental"));

  /* Parent stream: the other streams to choose from. */
  {
    GtkWidget *parent_row = editor_child (&f, "parent_row");
    GListModel *names = adw_combo_row_get_model (ADW_COMBO_ROW (parent_row));

    g_assert_cmpuint (g_list_model_get_n_items (names), ==,
                      pb_manifest_get_n_streams (pb_builder_project_get_manifest (f.project)));
    adw_combo_row_set_selected (ADW_COMBO_ROW (parent_row), 1);
    g_assert_nonnull (pb_manifest_stream_get_parent (f.stream)->parent_stream);
    g_assert_true (gtk_widget_get_visible (editor_child (&f, "parent_key_row")));
    adw_combo_row_set_selected (ADW_COMBO_ROW (parent_row), 0);
    g_assert_null (pb_manifest_stream_get_parent (f.stream)->parent_stream);
  }

  /* The application saves what changed: the project file holds the new path and paginator. */
  {
    g_autofree char *file = g_strdup_printf ("%s/%s.json", dir,
                                             pb_builder_project_get_id (f.project));
    g_autoptr (PbBuilderProject) saved = NULL;
    PbManifestStream *saved_stream;

    WAIT_FOR (saved_has_edits (file));
    saved = pb_builder_project_load (file, NULL);
    saved_stream = pb_manifest_find_stream (pb_builder_project_get_manifest (saved),
                                            "cursor_items");
    g_assert_cmpint (pb_manifest_stream_get_paginator (saved_stream)->kind, ==,
                     PB_PAGINATION_OFFSET);
    g_assert_true (pb_builder_project_is_edited (saved, "cursor_items", "path"));
  }

  /* Renaming: a taken name is refused and nothing changes; a free one carries the marks. */
  {
    GtkWidget *name_row = editor_child (&f, "name_row");
    PbManifest *manifest = pb_builder_project_get_manifest (f.project);

    set_text (name_row, "link_items");
    g_signal_emit_by_name (name_row, "apply");
    g_assert_true (gtk_widget_has_css_class (name_row, "error"));
    g_assert_cmpstr (pb_manifest_stream_get_name (f.stream), ==, "cursor_items");
    set_text (name_row, "cursor_items_v2");
    g_signal_emit_by_name (name_row, "apply");
    g_assert_false (gtk_widget_has_css_class (name_row, "error"));
    g_assert_true (pb_manifest_find_stream (manifest, "cursor_items_v2") == f.stream);
    g_assert_true (pb_builder_project_is_edited (f.project, "cursor_items_v2", "path"));
    g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (editor_child (&f,
                                                                   "window_title"))),
                     ==, "cursor_items_v2");
  }

  /* Back to the overview, by the back button's action. */
  g_assert_true (gtk_widget_activate_action (f.editor, "editor.back", NULL));
  g_assert_cmpstr (visible_page (&f), ==, "overview");

  fixture_close (&f);
}

/* Evidence: a popover with the pointer and the confidence; a guess stands out. */
static void
test_evidence (void)
{
  Fixture f = { 0 };
  GtkWidget *path_evidence, *record_evidence, *primary_evidence, *popover;

  fixture_open (&f);
  open_stream (&f);

  path_evidence = editor_child (&f, "path_evidence");
  record_evidence = editor_child (&f, "record_path_evidence");
  primary_evidence = editor_child (&f, "primary_key_evidence");
  g_assert_true (gtk_widget_get_visible (path_evidence));
  g_assert_false (pb_evidence_button_is_low (PB_EVIDENCE_BUTTON (path_evidence)));
  /* No evidence for the primary key: no button. */
  g_assert_false (gtk_widget_get_visible (primary_evidence));

  /* The guessed record path is flagged: warning-coloured, and said to screen readers. */
  g_assert_true (gtk_widget_get_visible (record_evidence));
  g_assert_true (pb_evidence_button_is_low (PB_EVIDENCE_BUTTON (record_evidence)));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (record_evidence),
                                           "warning"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_first_child (record_evidence)),
                   ==, "Low confidence: review this value");

  pb_evidence_button_popup (PB_EVIDENCE_BUTTON (path_evidence));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (
                          GTK_MENU_BUTTON (gtk_widget_get_first_child (path_evidence))));
  WAIT_FOR (gtk_widget_get_mapped (popover));
  g_assert_nonnull (pb_test_ui_find_label (popover, "#/paths/~1cursor~1items/get"));
  g_assert_nonnull (pb_test_ui_find_label (popover, "High confidence"));
  g_assert_nonnull (pb_test_ui_find_label (popover, "file:///specs/items.yaml"));
  g_assert_nonnull (pb_test_ui_find_label (popover, "The spec lists this operation."));
  pb_test_settle (200);
  pb_test_ui_screenshot (popover, "builder-evidence-popover.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  pb_evidence_button_popup (PB_EVIDENCE_BUTTON (record_evidence));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (
                          GTK_MENU_BUTTON (gtk_widget_get_first_child (record_evidence))));
  WAIT_FOR (gtk_widget_get_mapped (popover));
  g_assert_nonnull (pb_test_ui_find_label (popover, "Low confidence: a guess, review it"));
  g_assert_nonnull (pb_test_ui_find_label (popover, "The list comes back under items."));
  pb_test_settle (200);
  pb_test_ui_screenshot (popover, "builder-evidence-low.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* A change made elsewhere (an accepted suggestion) shows after a reload. */
  pb_manifest_stream_set_path (f.stream, "/suggested/items");
  pb_builder_page_reload (PB_BUILDER_PAGE (f.page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_child (&f, "path_row"))), ==,
                   "/suggested/items");
  g_assert_false (pb_builder_project_is_edited (f.project, "cursor_items", "path"));

  /* Narrow: the editor still fits. */
  gtk_window_set_default_size (GTK_WINDOW (f.window), 400, 760);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (f.window)) <= 420);
  pb_window_show_builder_project (f.window, f.project);
  pb_test_settle (300);
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-400.png");

  fixture_close (&f);
}

/* Scrolls the editor so that WIDGET is at the top of the window. */
static void
scroll_to (Fixture   *f,
           GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_first_child (editor_child (f, "preferences_page"));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  GtkAdjustment *adjustment;
  graphene_point_t at;

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  pb_test_settle (100);
  g_assert_true (gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &at));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, MAX (0, at.y - 12));
  pb_test_settle (200);
}

/* The value of cursor_items' request body field FIELD in the project's export, as JSON ("100",
 * "\"100\""), under KEY (request_body_json or request_body_data); NULL: none. */
static char *
exported_body_field (PbBuilderProject *project,
                     const char       *key,
                     const char       *field)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  cJSON *root = cJSON_Parse (text);
  const cJSON *stream;
  char *found = NULL;

  g_assert_no_error (error);
  cJSON_ArrayForEach (stream, cJSON_GetObjectItemCaseSensitive (root, "streams"))
    {
      const cJSON *requester = cJSON_GetObjectItemCaseSensitive (
        cJSON_GetObjectItemCaseSensitive (stream, "retriever"), "requester");
      const cJSON *value = cJSON_GetObjectItemCaseSensitive (
        cJSON_GetObjectItemCaseSensitive (requester, key), field);

      if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (stream, "name")),
                     "cursor_items") == 0 && value != NULL)
        {
          char *printed = cJSON_PrintUnformatted (value);

          found = g_strdup (printed);
          cJSON_free (printed);
        }
    }
  cJSON_Delete (root);
  return found;
}

/* Whether the project file at PATH has cursor_items' body of test_request_body. */
static gboolean
saved_has_body (const char *path)
{
  g_autoptr (PbBuilderProject) saved = pb_builder_project_load (path, NULL);
  PbManifestStream *stream;
  const char * const *body;

  if (saved == NULL)
    return FALSE;
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (saved), "cursor_items");
  body = stream != NULL ? pb_manifest_stream_get_request_body (stream) : NULL;
  return body != NULL && g_strv_length ((char **) body) == 4
         && g_strcmp0 (body[3], "{\"status\":\"open\"}") == 0;
}

/* The request body: shown for a POST, its fields checked as typed (a JSON value must be JSON),
 * written as JSON or form fields, marked edited and saved; the record schema's evidence. */
static void
test_request_body (void)
{
  Fixture f = { 0 };
  GtkWidget *method_row, *format_row, *body_group, *schema_row, *schema_evidence, *popover;
  GtkEditable *name, *value;
  g_autofree char *dir = pb_builder_project_default_dir ();
  g_autofree char *file = NULL;
  g_autofree char *exported = NULL;

  fixture_open (&f);
  open_stream (&f);
  method_row = editor_child (&f, "method_row");
  format_row = editor_child (&f, "body_format_row");
  body_group = editor_child (&f, "body_group");

  /* A GET without a body shows none. */
  g_assert_cmpstr (pb_manifest_stream_get_http_method (f.stream), ==, "GET");
  g_assert_false (gtk_widget_get_visible (body_group));
  g_assert_false (gtk_widget_get_visible (format_row));

  /* The record schema: its fields, and where they came from. */
  schema_row = editor_child (&f, "schema_row");
  schema_evidence = editor_child (&f, "schema_evidence");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (schema_row)), ==,
                   "3 fields: id, name, updated_at");
  g_assert_true (gtk_widget_get_visible (schema_evidence));
  pb_evidence_button_popup (PB_EVIDENCE_BUTTON (schema_evidence));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (
                          GTK_MENU_BUTTON (gtk_widget_get_first_child (schema_evidence))));
  WAIT_FOR (gtk_widget_get_mapped (popover));
  g_assert_nonnull (pb_test_ui_find_label (popover, "The spec lists this operation."));
  pb_test_settle (200);
  pb_test_ui_screenshot (popover, "builder-editor-schema-evidence.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* POST: the body and its format show, JSON first. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (method_row), 1);
  g_assert_cmpstr (pb_manifest_stream_get_http_method (f.stream), ==, "POST");
  g_assert_true (gtk_widget_get_visible (body_group));
  g_assert_true (gtk_widget_get_visible (format_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (format_row)), ==, 0);
  g_assert_false (pb_manifest_stream_has_request_body (f.stream));

  pb_builder_pairs_group_add_row (PB_BUILDER_PAIRS_GROUP (body_group));
  g_assert_true (pb_builder_pairs_group_get_row_entries (PB_BUILDER_PAIRS_GROUP (body_group), 0,
                                                         &name, &value));
  set_text (GTK_WIDGET (name), "page_size");
  set_text (GTK_WIDGET (value), "100");
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (f.stream),
                    ((const char *[]) { "page_size", "100", NULL }));
  g_assert_true (pb_builder_project_is_edited (f.project, "cursor_items", "request_body"));

  /* A value written as JSON that is not: refused, shown, not written. */
  pb_builder_pairs_group_add_row (PB_BUILDER_PAIRS_GROUP (body_group));
  g_assert_true (pb_builder_pairs_group_get_row_entries (PB_BUILDER_PAIRS_GROUP (body_group), 1,
                                                         &name, &value));
  set_text (GTK_WIDGET (name), "filter");
  set_text (GTK_WIDGET (value), "{\"status\": }");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (value), "error"));
  g_assert_nonnull (pb_test_ui_find_label (body_group,
                                           "The body field value starts like a JSON object or "
                                           "list but is not valid JSON. Check its quotes, commas "
                                           "and brackets, e.g. {\"status\": \"open\"}."));
  /* (The name typed before it was accepted, with an empty value.) */
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (f.stream),
                    ((const char *[]) { "page_size", "100", "filter", "", NULL }));
  scroll_to (&f, body_group);
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-body-error.png");
  set_text (GTK_WIDGET (value), "{\"status\": \"open\"}");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (value), "error"));
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (f.stream),
                    ((const char *[]) { "page_size", "100", "filter", "{\"status\": \"open\"}",
                                        NULL }));
  scroll_to (&f, format_row);
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-body-1280.png");

  /* Exported as a JSON body with JSON values. */
  exported = exported_body_field (f.project, "request_body_json", "page_size");
  g_assert_cmpstr (exported, ==, "100");
  g_clear_pointer (&exported, g_free);
  exported = exported_body_field (f.project, "request_body_json", "filter");
  g_assert_cmpstr (exported, ==, "{\"status\":\"open\"}");
  g_clear_pointer (&exported, g_free);

  /* Form data: the same fields, sent as a form (text); then JSON again. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (format_row), 1);
  g_assert_cmpint (pb_manifest_stream_get_request_body_format (f.stream), ==, PB_BODY_DATA);
  exported = exported_body_field (f.project, "request_body_data", "page_size");
  g_assert_cmpstr (exported, ==, "\"100\"");
  g_clear_pointer (&exported, g_free);
  g_assert_null (exported_body_field (f.project, "request_body_json", "page_size"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (format_row), 0);
  g_assert_cmpint (pb_manifest_stream_get_request_body_format (f.stream), ==, PB_BODY_JSON);

  /* The application saves it. */
  file = g_strdup_printf ("%s/%s.json", dir, pb_builder_project_get_id (f.project));
  WAIT_FOR (saved_has_body (file));

  /* A POST stream of the manifest shows the body it came with. */
  g_assert_true (pb_builder_page_open_stream (PB_BUILDER_PAGE (f.page), "search_items"));
  g_assert_true (gtk_widget_get_visible (body_group));
  g_assert_true (pb_builder_pairs_group_get_row_entries (PB_BUILDER_PAIRS_GROUP (body_group), 0,
                                                         &name, &value));
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "query");
  g_assert_cmpstr (gtk_editable_get_text (value), ==, "{{ config.get('query', 'all') }}");
  g_assert_false (pb_builder_pairs_group_get_row_entries (PB_BUILDER_PAIRS_GROUP (body_group), 1,
                                                          NULL, NULL));

  /* A body written whole as one string: a row of its own, no fields; emptied, fields again. */
  {
    PbManifestStream *search = pb_manifest_find_stream (pb_builder_project_get_manifest (
                                                          f.project), "search_items");
    GtkWidget *text_row = editor_child (&f, "body_text_row");

    pb_manifest_stream_set_request_body_text (search, PB_BODY_JSON, "{{ config['body'] }}");
    pb_builder_page_reload (PB_BUILDER_PAGE (f.page));
    g_assert_true (gtk_widget_get_visible (text_row));
    g_assert_false (gtk_widget_get_visible (body_group));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text_row)), ==, "{{ config['body'] }}");
    set_text (text_row, "{{ config['body'] ");
    g_assert_true (gtk_widget_has_css_class (text_row, "error"));
    g_assert_cmpstr (pb_manifest_stream_get_request_body_text (search), ==,
                     "{{ config['body'] }}");
    set_text (text_row, "");
    g_assert_null (pb_manifest_stream_get_request_body_text (search));
    g_assert_false (pb_manifest_stream_has_request_body (search));
    g_assert_false (gtk_widget_get_visible (text_row));
    g_assert_true (gtk_widget_get_visible (body_group));
    g_assert_true (pb_builder_project_is_edited (f.project, "search_items", "request_body"));
  }

  /* Narrow: the body still fits. */
  g_assert_true (pb_builder_page_open_stream (PB_BUILDER_PAGE (f.page), "cursor_items"));
  gtk_window_set_default_size (GTK_WINDOW (f.window), 400, 760);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (f.window)) <= 420);
  pb_test_settle (300);
  scroll_to (&f, format_row);
  pb_test_ui_screenshot (GTK_WIDGET (f.window), "builder-editor-body-400.png");

  fixture_close (&f);
}

/* The Builder warm-up: after the window is shown and idle, a hidden page was built and drawn
 * once and is gone; a project opened before it ran stops it, and nothing of it stays. */
static void
test_warm_up (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PbWindow *window = pb_window_new (app);
  GtkWidget *overlay = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "warm_up_overlay");
  GtkWidget *main_stack = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "main_stack");
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_false (pb_builder_warm_up_is_done (GTK_OVERLAY (overlay)));
  WAIT_FOR (pb_builder_warm_up_is_done (GTK_OVERLAY (overlay)));
  /* Only the window's content is left in the overlay. */
  g_assert_true (gtk_widget_get_first_child (overlay) == main_stack);
  g_assert_null (gtk_widget_get_next_sibling (main_stack));
  g_assert_null (pb_window_get_builder_page (window));
  pb_test_ui_close_window (GTK_WINDOW (window));

  /* Opened at once: the warm-up does not run. */
  window = pb_window_new (app);
  overlay = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "warm_up_overlay");
  main_stack = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "main_stack");
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  pb_window_import_manifest_file (window, file);
  page = pb_window_get_builder_page (window);
  g_assert_nonnull (page);
  WAIT_FOR (gtk_widget_get_mapped (page));
  pb_test_settle (1000);
  g_assert_false (pb_builder_warm_up_is_done (GTK_OVERLAY (overlay)));
  g_assert_null (gtk_widget_get_next_sibling (main_stack));
  g_assert_true (pb_window_get_builder_page (window) == page);
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

  g_test_add_func ("/ui/builder-editor/overview", test_overview);
  g_test_add_func ("/ui/builder-editor/evidence", test_evidence);
  g_test_add_func ("/ui/builder-editor/edit-stream", test_edit_stream);
  g_test_add_func ("/ui/builder-editor/request-body", test_request_body);
  g_test_add_func ("/ui/builder-editor/warm-up", test_warm_up);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
