/* test-ui-create.c: creating and renaming a connector in the app under Xvfb — written off the
 * main loop, one connector for a double click, and a write that fails said in the dialog (or
 * under the name) with nothing lost.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pb-application.h"
#include "pb-connector-page.h"
#include "pb-connector-title.h"
#include "pb-new-connector-dialog.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

static PbApplication *app;

/* While a test has the data folder replaced by a file, the store's file monitor may try to
 * re-read the file and warn that it cannot. That reload can finish late (after the folder is
 * back), so a warning about a folder some test broke is expected; any other is fatal. */
static GPtrArray *broken_folders;

static gboolean
is_expected_warning (GLogLevelFlags  level,
                     const char     *message)
{
  /* By the folder it names, not by its wording (which says why, per error code). */
  if (!(level & G_LOG_LEVEL_WARNING))
    return FALSE;
  for (guint i = 0; broken_folders != NULL && i < broken_folders->len; i++)
    {
      g_autofree char *inside = g_strdup_printf ("%s/", (char *) broken_folders->pdata[i]);

      if (strstr (message, inside) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Not fatal when expected… */
static gboolean
fatal_unless_expected (const char     *domain,
                       GLogLevelFlags  level,
                       const char     *message,
                       gpointer        user_data)
{
  return !is_expected_warning (level, message);
}

/* …and not printed as a failure either (the TAP reader takes GLib's "Bail out!" as one). */
static void
log_unless_expected (const char     *domain,
                     GLogLevelFlags  level,
                     const char     *message,
                     gpointer        user_data)
{
  if (is_expected_warning (level, message))
    g_test_message ("expected: %s", message);
  else
    g_log_default_handler (domain, level, message, user_data);
}

/* Labels under WIDGET whose text holds NEEDLE (a toast's title is one). */
static guint
count_labels (GtkWidget  *widget,
              const char *needle)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, needle);
  return n;
}

typedef struct {
  char *dir;
  char *moved;
  char *path;
  PbConnectorStore *store;
  PbWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  /* GLib resets the handler before each test. */
  g_test_log_set_fatal_handler (fatal_unless_expected, NULL);
  fx->path = pb_test_fresh_connectors_path ("ui-create");
  fx->dir = g_path_get_dirname (fx->path);
  fx->moved = g_strconcat (fx->dir, ".moved", NULL);
  fx->store = pb_test_open_connector_store (fx->path, 0);
  fx->window = pb_test_ui_open_window (app, fx->store, 1280, 800);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  pb_test_ui_close_window (GTK_WINDOW (fx->window));
  g_clear_object (&fx->store);
  g_free (fx->dir);
  g_free (fx->moved);
  g_free (fx->path);
}

/* The data folder goes away (a plain file in its place): nothing can be written there. */
static void
break_folder (Fixture *fx)
{
  g_assert_cmpint (g_rename (fx->dir, fx->moved), ==, 0);
  g_assert_true (g_file_set_contents (fx->dir, "not a folder", -1, NULL));
  if (broken_folders == NULL)
    broken_folders = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (broken_folders, g_strdup (fx->dir));
}

static void
mend_folder (Fixture *fx)
{
  g_assert_cmpint (g_unlink (fx->dir), ==, 0);
  g_assert_cmpint (g_rename (fx->moved, fx->dir), ==, 0);
  /* A reload the monitor started meanwhile may still run and warn: BROKEN_FOLDERS keeps this
   * folder for the rest of the run. */
}

static PbConnectorStore *
read_file (Fixture *fx)
{
  g_autoptr (GError) error = NULL;
  PbConnectorStore *reader = pb_connector_store_new (fx->path, NULL);

  g_assert_true (pb_connector_store_load (reader, &error));
  return reader;
}

static GtkWindow *
open_dialog (Fixture *fx)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.new-connector", NULL));
  return pb_test_ui_wait_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG);
}

static GtkWidget *
dialog_child (GtkWindow  *dialog,
              const char *name)
{
  return pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, name);
}

static void
count_cb (GObject *object,
          gpointer arg,
          guint   *count)
{
  (*count)++;
}

static void
count_saved_cb (PbConnectorStore *store,
                guint            *count)
{
  (*count)++;
}

/* Create clicked, clicked again and Enter pressed in the name before the write is done: one
 * connector, one page. */
static void
test_double_create (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr (PbConnectorStore) reader = NULL;
  GtkWindow *dialog = open_dialog (fx);
  GtkWidget *create = dialog_child (dialog, "create_button");
  GtkWidget *name = dialog_child (dialog, "name_row");
  GtkWidget *page;
  guint created = 0;

  g_signal_connect (dialog, "connector-created", G_CALLBACK (count_cb), &created);
  gtk_editable_set_text (GTK_EDITABLE (name), "Delta");
  pb_test_ui_click (create);
  /* Nothing is written before the click returns: the second click finds the first under way. */
  g_assert_cmpuint (created, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (create));
  g_signal_emit_by_name (create, "clicked");
  g_signal_emit_by_name (name, "entry-activated");
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);
  pb_test_settle (200);

  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->store)), ==, 1);
  page = pb_window_get_connector_page (fx->window);
  g_assert_cmpstr (pb_connector_get_name (pb_connector_page_get_connector (PB_CONNECTOR_PAGE (page))),
                   ==, "Delta");
  reader = read_file (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, 1);
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "Delta"));
}

/* The connectors file cannot be written: the dialog stays with the name typed, says why, and
 * Create tries again; once the folder is back, it works. */
static void
test_create_fails (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr (PbConnectorStore) reader = NULL;
  GtkWindow *dialog = open_dialog (fx);
  GtkWidget *create = dialog_child (dialog, "create_button");
  GtkWidget *name = dialog_child (dialog, "name_row");
  GtkWidget *problem = dialog_child (dialog, "name_error");

  gtk_editable_set_text (GTK_EDITABLE (name), "Echo");
  break_folder (fx);
  pb_test_ui_click (create);
  WAIT_FOR (gtk_widget_get_visible (problem) && gtk_widget_get_sensitive (create));
  g_test_message ("%s", gtk_label_get_label (GTK_LABEL (problem)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (problem)),
                            "The connector was not added."));
  /* Not the name's fault: the name is not marked, and it is all still there. */
  g_assert_false (gtk_widget_has_css_class (name, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Echo");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (name)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->store)), ==, 0);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "create-01-write-failed-1280.png");
  mend_folder (fx);

  pb_test_ui_click (create);
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);
  reader = read_file (fx);
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "Echo"));
}

/* A name another connector took while the dialog was open: said under the name, which is
 * marked; changing the name clears it. */
static void
test_create_taken (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GtkWindow *dialog = open_dialog (fx);
  GtkWidget *create = dialog_child (dialog, "create_button");
  GtkWidget *name = dialog_child (dialog, "name_row");
  GtkWidget *problem = dialog_child (dialog, "name_error");

  gtk_editable_set_text (GTK_EDITABLE (name), "Foxtrot");
  g_assert_true (gtk_widget_get_sensitive (create));
  /* Another program adds it meanwhile (the store merges the file on reload; here, directly). */
  g_assert_nonnull (pb_connector_store_create (fx->store, "foxtrot", PB_CONNECTOR_KIND_API_KEY,
                                               &error));
  pb_test_ui_click (create);
  WAIT_FOR (gtk_widget_get_visible (problem));
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->store)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (name), "Foxtrot 2");
  g_assert_false (gtk_widget_get_visible (problem));
  g_assert_true (gtk_widget_get_sensitive (create));
  gtk_window_destroy (dialog);
}

/* Renaming on the page: the name shows at once, Enter twice writes once; a failed write brings
 * the entry back with the name typed and why, and the old name is back meanwhile. */
static void
test_rename (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnectorStore) reader = NULL;
  PbConnector *connector;
  GtkWidget *page, *title, *button, *entry, *problem, *stack;
  guint saves = 0;

  connector = pb_connector_store_create (fx->store, "Golf", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_nonnull (pb_connector_store_create (fx->store, "Hotel", PB_CONNECTOR_KIND_API_KEY,
                                               &error));
  pb_window_show_connector (fx->window, connector);
  page = pb_window_get_connector_page (fx->window);
  title = pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "connector_title");
  button = pb_test_ui_child (title, PB_TYPE_CONNECTOR_TITLE, "title_button");
  entry = pb_test_ui_child (title, PB_TYPE_CONNECTOR_TITLE, "title_entry");
  problem = pb_test_ui_child (title, PB_TYPE_CONNECTOR_TITLE, "title_error");
  stack = pb_test_ui_child (title, PB_TYPE_CONNECTOR_TITLE, "title_stack");

  g_signal_connect (fx->store, "saved", G_CALLBACK (count_saved_cb), &saves);
  pb_test_ui_click (button);
  gtk_editable_set_text (GTK_EDITABLE (entry), "India");
  g_signal_emit_by_name (entry, "activate");
  /* The new name shows at once; the write follows. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "label");
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "India");
  g_signal_emit_by_name (entry, "activate");
  WAIT_FOR (saves == 1 && !pb_connector_store_get_dirty (fx->store));
  pb_test_settle (200);
  g_assert_cmpuint (saves, ==, 1);
  reader = read_file (fx);
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "India"));
  g_assert_null (pb_connector_store_find_by_name (reader, "Golf"));
  g_clear_object (&reader);

  /* The file cannot be written: the entry stays, says why, and the old name is back. */
  pb_test_ui_click (button);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Juliett");
  break_folder (fx);
  g_signal_emit_by_name (entry, "activate");
  WAIT_FOR (gtk_widget_get_visible (problem));
  mend_folder (fx);
  g_test_message ("%s", gtk_label_get_label (GTK_LABEL (problem)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (problem)), "The name was not changed."));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "entry");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Juliett");
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "India");
  /* Said once, under the name: no toast repeats it. */
  pb_test_settle (300);
  g_assert_cmpuint (count_labels (GTK_WIDGET (fx->window), "Could not save"), ==, 0);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "create-02-rename-failed-1280.png");

  /* Enter again, with the folder back: renamed. */
  g_signal_emit_by_name (entry, "activate");
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "label") == 0);
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "Juliett");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("Plugboard", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, log_unless_expected,
                     NULL);
  gtk_init ();
  app = pb_test_ui_app_new (0);

#define ADD(path, func) \
  g_test_add ("/ui/create/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("double-create", test_double_create);
  ADD ("create-fails", test_create_fails);
  ADD ("create-taken", test_create_taken);
  ADD ("rename", test_rename);

  status = g_test_run ();
  g_clear_pointer (&broken_folders, g_ptr_array_unref);
  g_clear_object (&app);
  return status;
}
