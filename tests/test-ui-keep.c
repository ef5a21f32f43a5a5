/* test-ui-keep.c: issue 15 under Xvfb — what the connector page keeps and shows: its last
 * test (with its age, across a restart, gone after an edit), Undo after Delete with nothing
 * lost, a stored secret shown as set with Replace, rename without a jump in width, and
 * failures in plain words. Driven through the real widgets.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs at 1280 and 400 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pb-application.h"
#include "pb-catalog.h"
#include "pb-connection-group.h"
#include "pb-connector-page.h"
#include "pb-connector-title.h"
#include "pb-setup-form.h"
#include "pb-setup-test-server.h"
#include "pb-setup-window.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

#define KEY_ONE "acme_CANARYkeep0000000001"
#define PAGE_CHILD(page, name) pb_test_ui_child (GTK_WIDGET (page), PB_TYPE_CONNECTOR_PAGE, (name))

static PbApplication *app;

typedef struct {
  PbSetupTestServer *server;
  PbDefinition      *definition;
  char              *path;
  PbConnectorStore  *store;
  PbWindow          *window;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->server = pb_setup_test_server_new ();
  fx->definition = pb_test_ui_setup_definition (fx->server, NULL);
  pb_catalog_add (pb_catalog_get_default (), fx->definition);
  fx->path = pb_test_fresh_connectors_path ("keep");
  fx->store = pb_test_open_connector_store (fx->path, 20);
  fx->window = pb_test_ui_open_window (app, fx->store, 1280, 800);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  if (fx->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx->window));
  pb_test_settle (50);
  g_clear_object (&fx->store);
  g_clear_object (&fx->definition);
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->server, pb_setup_test_server_free);
}

/* An Acme connector made by its setup, complete, with its key in the keyring. */
static PbConnector *
make_acme (Fixture    *fx,
           const char *name)
{
  g_autoptr (PbSetupModel) model = pb_setup_model_new (fx->store, fx->definition, name);
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_setup_model_set_value (model, "region", "eu", &error));
  g_assert_true (pb_setup_model_set_value (model, "workspace", "acme-prod", &error));
  pb_test_ui_store_secret (model, "api-key", KEY_ONE);
  g_assert_true (pb_setup_model_apply (model, &error));
  g_assert_no_error (error);
  return pb_setup_model_get_connector (model);
}

static GtkWidget *
show_page (PbWindow    *window,
           PbConnector *connector)
{
  pb_window_show_connector (window, connector);
  pb_test_settle (100);
  return pb_window_get_connector_page (window);
}

static const char *
status_title (GtkWidget *page)
{
  PbConnectionGroup *group = pb_connector_page_get_connection_group (PB_CONNECTOR_PAGE (page));

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
    pb_test_ui_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "status_row")));
}

static const char *
status_subtitle (GtkWidget *page)
{
  PbConnectionGroup *group = pb_connector_page_get_connection_group (PB_CONNECTOR_PAGE (page));

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (
    pb_test_ui_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "status_row")));
}

static void
scroll_to_end (GtkWidget *page)
{
  GtkWidget *scrolled = NULL;
  GtkAdjustment *adjustment;
  GtkWidget *group = GTK_WIDGET (pb_connector_page_get_connection_group (PB_CONNECTOR_PAGE (page)));

  scrolled = gtk_widget_get_ancestor (group, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  pb_test_settle (100);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  pb_test_settle (100);
}

static void
click_test (GtkWidget *page)
{
  PbConnectionGroup *group = pb_connector_page_get_connection_group (PB_CONNECTOR_PAGE (page));

  pb_test_ui_click (pb_test_ui_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "test_button"));
  WAIT_FOR (!pb_connection_group_get_testing (group));
}

/* The last test and its age stay with the connector, across a restart; an edit to a setting
 * it depended on takes it away. */
static void
test_last_test_kept (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  PbConnector *connector = make_acme (fx, "Acme Kept");
  GtkWidget *page = show_page (fx->window, connector);

  pb_setup_test_server_expect (fx->server, "Authorization", NULL, "Bearer " KEY_ONE);
  click_test (page);
  g_assert_cmpstr (status_title (page), ==, "Connected");
  g_assert_cmpstr (status_subtitle (page), ==, "Tested just now.");
  scroll_to_end (page);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "keep-01-tested-1280.png");

  /* A refusal, explained, with its age. */
  pb_setup_test_server_expect (fx->server, "X-API-Key", NULL, KEY_ONE);
  click_test (page);
  g_assert_nonnull (strstr (status_title (page), "refused"));
  g_assert_true (g_str_has_prefix (status_subtitle (page), "Tested just now."));
  g_assert_nonnull (strstr (status_subtitle (page), "X-API-Key"));

  /* The app starts again: the same result, read from the file, explained by its code. */
  g_assert_true (pb_connector_store_flush (fx->store, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (fx->window));
  g_clear_object (&fx->store);
  pb_test_settle (50);
  fx->store = pb_test_open_connector_store (fx->path, 20);
  fx->window = pb_test_ui_open_window (app, fx->store, 1280, 800);
  connector = pb_connector_store_find_by_name (fx->store, "Acme Kept");
  page = show_page (fx->window, connector);
  g_assert_nonnull (strstr (status_title (page), "refused"));
  g_assert_true (g_str_has_prefix (status_subtitle (page), "Tested just now."));
  g_assert_nonnull (strstr (status_subtitle (page), "header name and prefix"));
  g_assert_null (strstr (status_subtitle (page), "CANARY"));
  scroll_to_end (page);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "keep-02-refused-after-restart-1280.png");

  /* Typing a new base URL makes the result stale: it is gone, not shown as current. */
  gtk_editable_set_text (GTK_EDITABLE (PAGE_CHILD (page, "base_url_row")), "https://127.0.0.1:9/");
  pb_test_settle (100);
  g_assert_null (strstr (status_title (page), "refused"));
  g_assert_null (strstr (status_subtitle (page), "Tested"));
  g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));
}

static char *
lookup_key (PbConnectorStore *store,
            const char       *id)
{
  return pb_vault_lookup_sync (pb_connector_store_get_vault (store), id, PB_SECRET_API_KEY,
                               NULL, NULL);
}

static gboolean
file_has (const char *path,
          const char *text)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return strstr (contents, text) != NULL;
}

static void
confirm_delete (GtkWidget *page)
{
  AdwMessageDialog *dialog;

  pb_test_ui_click (PAGE_CHILD (page, "delete_button"));
  WAIT_FOR ((dialog = ADW_MESSAGE_DIALOG (pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  pb_test_ui_click (pb_test_ui_find_button (GTK_WIDGET (dialog), "_Delete"));
  WAIT_FOR (pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  pb_test_settle (100);
}

/* Delete shows Undo; until the toast goes, the connector and its key are kept; Undo brings
 * it back as it was; when the toast goes, it is deleted for good. */
static void
test_delete_undo (Fixture       *fx,
                  gconstpointer  data)
{
  PbConnector *connector = make_acme (fx, "Acme Doomed");
  g_autoptr (PbConnector) held = g_object_ref (connector);
  g_autofree char *id = g_strdup (pb_connector_get_id (connector));
  g_autofree char *key = NULL;
  GtkWidget *page = show_page (fx->window, connector);
  GtkWidget *undo;

  pb_connector_set_last_test (connector, "ok", 200, g_get_real_time ());
  confirm_delete (page);
  g_assert_null (pb_connector_store_find_by_name (fx->store, "Acme Doomed"));
  undo = pb_test_ui_find_button (GTK_WIDGET (fx->window), "_Undo");
  g_assert_nonnull (undo);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "keep-03-undo-toast-1280.png");
  key = lookup_key (fx->store, id);
  g_assert_cmpstr (key, ==, KEY_ONE);
  g_assert_true (file_has (fx->path, id));

  pb_test_ui_click (undo);
  pb_test_settle (100);
  g_assert_true (pb_connector_store_find_by_name (fx->store, "Acme Doomed") == connector);
  page = pb_window_get_connector_page (fx->window);
  g_assert_true (pb_connector_page_get_connector (PB_CONNECTOR_PAGE (page)) == connector);
  g_assert_cmpstr (pb_connector_get_setting (connector, "workspace"), ==, "acme-prod");
  g_assert_cmpstr (pb_connector_get_last_test (connector, NULL, NULL), ==, "ok");
  g_clear_pointer (&key, g_free);
  key = lookup_key (fx->store, id);
  g_assert_cmpstr (key, ==, KEY_ONE);

  /* Again, and this time the toast times out. */
  confirm_delete (page);
  g_assert_true (pb_connector_store_get_delete_pending (fx->store, connector));
  PB_TEST_WAIT_FOR (!pb_connector_store_get_delete_pending (fx->store, connector) &&
                    !pb_connector_store_get_dirty (fx->store), 30);
  g_clear_pointer (&key, g_free);
  key = lookup_key (fx->store, id);
  g_assert_null (key);
  WAIT_FOR (!file_has (fx->path, id));
}

/* A stored key reads as set, with Replace; Replace brings the field back, focused; leaving it
 * empty keeps the stored key and says so again. The setup form does the same. */
static void
test_stored_secret_shown (Fixture       *fx,
                          gconstpointer  data)
{
  PbConnector *connector = make_acme (fx, "Acme Stored");
  GtkWidget *page = show_page (fx->window, connector);
  GtkWidget *stored = pb_test_ui_find_named (PAGE_CHILD (page, "api_key_group"), "stored");
  GtkWidget *entry = PAGE_CHILD (page, "api_key_row");
  g_autoptr (PbSetupModel) model = NULL;
  PbSetupWindow *setup;
  GtkWidget *form_row, *form_stored;

  g_assert_nonnull (stored);
  g_assert_true (gtk_widget_get_visible (stored));
  g_assert_false (gtk_widget_get_visible (entry));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (stored)), ==,
                   "Stored in the keyring");
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "keep-04-stored-key-1280.png");

  pb_test_ui_click (pb_test_ui_find_button (stored, "_Replace…"));
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_get_visible (stored));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fx->window)), entry));
  gtk_widget_grab_focus (PAGE_CHILD (page, "base_url_row"));
  pb_test_settle (50);
  g_assert_true (gtk_widget_get_visible (stored));
  g_assert_false (gtk_widget_get_visible (entry));

  /* The setup form, continuing this connector's setup. */
  model = pb_setup_model_new_for_connector (fx->store, fx->definition, connector);
  setup = pb_setup_window_new (GTK_WINDOW (fx->window), model);
  gtk_window_set_default_size (GTK_WINDOW (setup), 1280, 800);
  gtk_window_present (GTK_WINDOW (setup));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (setup)));
  pb_setup_window_set_mode (setup, "form");
  form_row = pb_setup_form_get_row (pb_setup_window_get_form (setup), "api-key");
  form_stored = gtk_widget_get_next_sibling (form_row);
  g_assert_cmpstr (gtk_widget_get_name (form_stored), ==, "stored");
  g_assert_true (gtk_widget_get_visible (form_stored));
  g_assert_false (gtk_widget_get_visible (form_row));
  pb_test_settle (200);
  pb_test_ui_screenshot (GTK_WIDGET (setup), "keep-05-form-stored-key-1280.png");
  gtk_window_destroy (GTK_WINDOW (setup));
}

/* Rename changes the name in place: the page keeps its width, wide and narrow. */
static void
test_rename_keeps_width (Fixture       *fx,
                         gconstpointer  data)
{
  const int widths[] = { 1280, 400 };
  PbConnector *connector = make_acme (fx, "A");

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      GtkWidget *page, *title;
      int min_before, nat_before, min_after, nat_after, page_before, window_before;

      gtk_window_set_default_size (GTK_WINDOW (fx->window), widths[i], 800);
      pb_test_settle (300);
      page = show_page (fx->window, connector);
      pb_test_settle (300);
      title = PAGE_CHILD (page, "connector_title");
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_before, &nat_before, NULL, NULL);
      page_before = gtk_widget_get_width (page);
      window_before = gtk_widget_get_width (GTK_WIDGET (fx->window));

      pb_test_ui_click (pb_test_ui_child (title, PB_TYPE_CONNECTOR_TITLE, "title_button"));
      pb_test_settle (400);
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_after, &nat_after, NULL, NULL);
      g_test_message ("%d px: min %d → %d, natural %d → %d, page %d → %d", widths[i], min_before,
                      min_after, nat_before, nat_after, page_before, gtk_widget_get_width (page));
      g_assert_cmpint (min_after, ==, min_before);
      g_assert_cmpint (nat_after, ==, nat_before);
      g_assert_cmpint (gtk_widget_get_width (page), ==, page_before);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fx->window)), ==, window_before);
      if (widths[i] == 400)
        pb_test_ui_screenshot (GTK_WIDGET (fx->window), "keep-06-rename-400.png");
      gtk_widget_grab_focus (PAGE_CHILD (page, "base_url_row"));
      pb_test_settle (200);
    }
}

static void
save_failed_cb (PbConnectorStore *store,
                GError           *error,
                char            **out)
{
  g_free (*out);
  *out = g_strdup (error->message);
}

/* A save the system refuses says why in plain words, not in the system's. */
static void
test_failure_in_plain_words (Fixture       *fx,
                             gconstpointer  data)
{
  PbConnector *connector = make_acme (fx, "Acme Unsaved");
  GtkWidget *page = show_page (fx->window, connector);
  g_autofree char *dir = g_path_get_dirname (fx->path);
  g_autofree char *moved = g_strconcat (dir, ".away", NULL);
  g_autofree char *message = NULL;
  GLogLevelFlags fatal;

  g_signal_connect (fx->store, "save-failed", G_CALLBACK (save_failed_cb), &message);
  /* The folder becomes a file: nothing can be written in it. The store also warns that
   * reloading failed: expected here, not fatal. */
  fatal = g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_assert_cmpint (g_rename (dir, moved), ==, 0);
  g_assert_true (g_file_set_contents (dir, "", 0, NULL));
  gtk_editable_set_text (GTK_EDITABLE (PAGE_CHILD (page, "base_url_row")), "https://acme.example");
  WAIT_FOR (pb_connector_page_get_save_state (PB_CONNECTOR_PAGE (page)) == PB_SAVE_STATE_FAILED);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  /* The file in the way is named, with what to do about it (not "permissions"). */
  g_assert_nonnull (strstr (message, "is a file, not a folder"));
  g_assert_nonnull (strstr (message, dir));
  g_assert_nonnull (strstr (message, "Rename or move that file"));
  g_assert_null (strstr (message, "permission"));
  g_assert_null (strstr (message, "Not a directory"));
  g_assert_null (strstr (message, "Failed to"));
  g_signal_handlers_disconnect_by_data (fx->store, &message);
  g_assert_cmpint (g_unlink (dir), ==, 0);
  g_assert_cmpint (g_rename (moved, dir), ==, 0);
  pb_test_settle (300);
  g_log_set_always_fatal (fatal);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  app = pb_test_ui_app_new (0);

#define ADD(path, func) \
  g_test_add ("/ui/keep/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("last-test-kept", test_last_test_kept);
  ADD ("delete-undo", test_delete_undo);
  ADD ("stored-secret-shown", test_stored_secret_shown);
  ADD ("rename-keeps-width", test_rename_keeps_width);
  ADD ("failure-in-plain-words", test_failure_in_plain_words);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
