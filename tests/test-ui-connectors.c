/* test-ui-connectors.c: the connectors window driven through its real widgets under Xvfb,
 * on a real store file and a real gnome-keyring.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of the window at each step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-connector-page.h"
#include "pb-connector-store.h"
#include "pb-connector-title.h"
#include "pb-new-connector-dialog.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-vault.h"
#include "pb-window.h"

#define WAIT_TIMEOUT_S 20

static PbApplication *app;

/* Resizes the mapped window and waits until CONDITION holds. Without a window manager an X
 * resize request can be lost while an earlier configure is in flight (seen under load), so the
 * request is repeated until the window has the size. */
#define RESIZE_AND_WAIT_FOR(window, width, height, condition) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC; \
    gint64 _next = 0; \
    while (!(condition)) \
      { \
        gint64 _now = g_get_monotonic_time (); \
        if (_now > _end) \
          g_error ("timed out waiting for: %s", #condition); \
        if (_now >= _next) \
          { \
            gtk_window_set_default_size (GTK_WINDOW (window), (width), (height)); \
            gtk_widget_queue_resize (GTK_WIDGET (window)); \
            _next = _now + 500 * 1000; \
          } \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (2000); \
      } \
  } G_STMT_END

/* --- Fixture ---------------------------------------------------------------- */

typedef struct {
  char *path;
  PbConnectorStore *store;
  PbWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("connectors-%u.json", ++counter);

  f->path = g_build_filename (pb_test_root (), "data", "ui-test", name, NULL);
  f->store = pb_test_open_connector_store (f->path, 100);

  f->window = pb_test_ui_open_window (app, f->store, 960, 680);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pb_test_ui_close_window (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  g_free (f->path);
}

static char *
read_store_file (Fixture *f)
{
  char *contents = NULL;

  if (!g_file_get_contents (f->path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static gboolean
file_contains (Fixture    *f,
               const char *needle)
{
  g_autofree char *contents = read_store_file (f);

  return strstr (contents, needle) != NULL;
}

static guint
n_connectors (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->store));
}

#define WINDOW_CHILD(f, name) pb_test_ui_child (GTK_WIDGET ((f)->window), PB_TYPE_WINDOW, (name))
#define PAGE_CHILD(page, name) pb_test_ui_child (GTK_WIDGET (page), PB_TYPE_CONNECTOR_PAGE, (name))
#define TITLE_CHILD(page, name) \
  pb_test_ui_child (PAGE_CHILD ((page), "connector_title"), PB_TYPE_CONNECTOR_TITLE, (name))
static gboolean
stored_row_shown (gpointer page)
{
  GtkWidget *stored = pb_test_ui_find_named (PAGE_CHILD (page, "api_key_group"), "stored");

  g_assert_nonnull (stored);
  return gtk_widget_get_visible (stored) &&
         !gtk_widget_get_visible (PAGE_CHILD (page, "api_key_row"));
}

#define DIALOG_CHILD(dialog, name) pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, (name))

static PbConnectorPage *
current_page (Fixture *f)
{
  GtkWidget *page = pb_window_get_connector_page (f->window);

  return page != NULL ? PB_CONNECTOR_PAGE (page) : NULL;
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static PbConnector *
add_connector (Fixture         *f,
               const char      *name,
               PbConnectorKind  kind)
{
  g_autoptr (GError) error = NULL;
  PbConnector *connector = pb_connector_store_create (f->store, name, kind, &error);

  g_assert_no_error (error);
  g_assert_nonnull (connector);
  return connector;
}

static char *
lookup_secret (PbConnectorStore *store,
               const char       *connector_id,
               const char       *field)
{
  g_autoptr (GError) error = NULL;
  char *value = pb_vault_lookup_sync (pb_connector_store_get_vault (store), connector_id, field, NULL, &error);

  g_assert_no_error (error);
  return value;
}

/* --- Tests ------------------------------------------------------------------ */

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  GtkStack *main_stack = GTK_STACK (WINDOW_CHILD (f, "main_stack"));

  g_assert_cmpuint (n_connectors (f), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "empty");
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "01-empty-state.png");
}

static PbNewConnectorDialog *
open_new_connector_dialog (Fixture *f)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-connector", NULL));
  dialog = pb_test_ui_wait_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG);
  return PB_NEW_CONNECTOR_DIALOG (dialog);
}

static void
test_create_through_dialog (Fixture       *f,
                            gconstpointer  data)
{
  PbNewConnectorDialog *dialog = open_new_connector_dialog (f);
  GtkWidget *create = DIALOG_CHILD (dialog, "create_button");
  PbConnectorPage *page;
  PbConnector *connector;

  /* Nothing typed yet: nothing to create. */
  g_assert_false (gtk_widget_get_sensitive (create));

  set_text (DIALOG_CHILD (dialog, "name_row"), "  HubSpot API ");
  g_assert_true (gtk_widget_get_sensitive (create));
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "02-new-connector-dialog.png");

  pb_test_ui_click (create);
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);

  /* The name was trimmed, the connector is on disk, and its page is open. */
  g_assert_cmpuint (n_connectors (f), ==, 1);
  connector = pb_connector_store_find_by_name (f->store, "HubSpot API");
  g_assert_nonnull (connector);
  g_assert_cmpint (pb_connector_get_kind (connector), ==, PB_CONNECTOR_KIND_API_KEY);
  WAIT_FOR (file_contains (f, "\"HubSpot API\""));

  page = current_page (f);
  g_assert_nonnull (page);
  g_assert_true (pb_connector_page_get_connector (page) == connector);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (TITLE_CHILD (page, "title_label"))), ==, "HubSpot API");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (WINDOW_CHILD (f, "main_stack"))), ==, "connectors");

  /* An OAuth 2.0 one through the same dialog: the type choice is honoured. */
  dialog = open_new_connector_dialog (f);
  set_text (DIALOG_CHILD (dialog, "name_row"), "Google Drive");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (DIALOG_CHILD (dialog, "oauth2_check")), TRUE);
  pb_test_ui_click (DIALOG_CHILD (dialog, "create_button"));
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);
  connector = pb_connector_store_find_by_name (f->store, "Google Drive");
  g_assert_nonnull (connector);
  g_assert_cmpint (pb_connector_get_kind (connector), ==, PB_CONNECTOR_KIND_OAUTH2);
  g_assert_true (pb_connector_page_get_connector (current_page (f)) == connector);
}

static void
test_refuse_bad_names (Fixture       *f,
                       gconstpointer  data)
{
  PbNewConnectorDialog *dialog;
  GtkWidget *create, *name_row, *error_label;

  add_connector (f, "GitHub", PB_CONNECTOR_KIND_API_KEY);
  dialog = open_new_connector_dialog (f);
  create = DIALOG_CHILD (dialog, "create_button");
  name_row = DIALOG_CHILD (dialog, "name_row");
  error_label = DIALOG_CHILD (dialog, "name_error");

  /* Only spaces: refused, with a message. */
  set_text (name_row, "   ");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), !=, "");

  /* Another connector's name, in other case and with spaces: refused. */
  set_text (name_row, " github ");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "03-new-connector-duplicate.png");

  /* Enter on a refused name creates nothing. */
  g_signal_emit_by_name (name_row, "entry-activated");
  g_assert_cmpuint (n_connectors (f), ==, 1);

  set_text (name_row, "GitLab");
  g_assert_true (gtk_widget_get_sensitive (create));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));

  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);
  g_assert_cmpuint (n_connectors (f), ==, 1);
}

static void
test_rename_through_title (Fixture       *f,
                           gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "Stripe", PB_CONNECTOR_KIND_API_KEY);
  PbConnectorPage *page;
  GtkWidget *title_stack, *title_entry, *title_error;
  g_autoptr (GError) error = NULL;

  add_connector (f, "Slack", PB_CONNECTOR_KIND_API_KEY);
  pb_window_show_connector (f->window, connector);
  page = current_page (f);
  title_stack = TITLE_CHILD (page, "title_stack");
  title_entry = TITLE_CHILD (page, "title_entry");
  title_error = TITLE_CHILD (page, "title_error");

  /* Clicking the name turns it into an entry holding the name. */
  pb_test_ui_click (TITLE_CHILD (page, "title_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (title_stack)), ==, "entry");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_entry)), ==, "Stripe");

  /* Another connector's name is refused inline and nothing changes. */
  set_text (title_entry, "SLACK");
  g_assert_true (gtk_widget_get_visible (title_error));
  g_signal_emit_by_name (title_entry, "activate");
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "Stripe");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (title_stack)), ==, "entry");
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "04-rename-duplicate.png");

  /* An empty one too. */
  set_text (title_entry, "  ");
  g_assert_true (gtk_widget_get_visible (title_error));
  g_signal_emit_by_name (title_entry, "activate");
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "Stripe");

  /* A good name is applied with Enter, trimmed, shown and written. */
  set_text (title_entry, " Stripe Live ");
  g_assert_false (gtk_widget_get_visible (title_error));
  g_signal_emit_by_name (title_entry, "activate");
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "Stripe Live");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (title_stack)), ==, "label");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (TITLE_CHILD (page, "title_label"))), ==, "Stripe Live");
  WAIT_FOR (file_contains (f, "\"Stripe Live\""));
  g_assert_false (file_contains (f, "\"Stripe\""));

  /* The page stays open on the renamed connector (the list re-sorted under it). */
  g_assert_true (current_page (f) == page);

  /* Escape cancels: the key goes to the entry's own key controller, as a real key press would. */
  pb_test_ui_click (TITLE_CHILD (page, "title_button"));
  set_text (title_entry, "Not This Name");
  {
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (title_entry);
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Escape, 9, 0, &handled);
      }
    g_assert_true (handled);
  }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (title_stack)), ==, "label");
  g_assert_cmpstr (pb_connector_get_name (connector), ==, "Stripe Live");

  /* Moving the focus away applies the name too. */
  pb_test_ui_click (TITLE_CHILD (page, "title_button"));
  set_text (title_entry, "Stripe Test");
  gtk_widget_grab_focus (PAGE_CHILD (page, "base_url_row"));
  WAIT_FOR (g_strcmp0 (pb_connector_get_name (connector), "Stripe Test") == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (title_stack)), ==, "label");
}

static void
test_autosave_fields (Fixture       *f,
                      gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "Pipedrive", PB_CONNECTOR_KIND_API_KEY);
  PbConnectorPage *page;

  pb_window_show_connector (f->window, connector);
  page = current_page (f);

  /* Typing is enough: no Save button, the file follows after the debounce. */
  set_text (PAGE_CHILD (page, "base_url_row"), "https://api.pipedrive.example/v1");
  set_text (PAGE_CHILD (page, "key_name_row"), "X-API-Key");
  set_text (PAGE_CHILD (page, "prefix_row"), "");
  g_assert_cmpint (pb_connector_page_get_save_state (page), ==, PB_SAVE_STATE_SAVING);
  WAIT_FOR (file_contains (f, "https://api.pipedrive.example/v1") && file_contains (f, "X-API-Key"));
  WAIT_FOR (pb_connector_page_get_save_state (page) == PB_SAVE_STATE_SAVED);
  g_assert_cmpstr (pb_connector_get_base_url (connector), ==, "https://api.pipedrive.example/v1");
  g_assert_cmpstr (pb_connector_get_auth_header (connector), ==, "X-API-Key");

  /* Sending the key as a query parameter. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (PAGE_CHILD (page, "placement_row")), 1);
  g_assert_false (gtk_widget_get_visible (PAGE_CHILD (page, "prefix_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (PAGE_CHILD (page, "key_name_row"))), ==, "");
  set_text (PAGE_CHILD (page, "key_name_row"), "api_token");
  WAIT_FOR (file_contains (f, "api_token"));
  g_assert_cmpstr (pb_connector_get_auth_query_param (connector), ==, "api_token");
  g_assert_null (pb_connector_get_auth_header (connector));
  WAIT_FOR (pb_connector_page_get_save_state (page) == PB_SAVE_STATE_SAVED);
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "05b-api-key-query-parameter.png");
  adw_combo_row_set_selected (ADW_COMBO_ROW (PAGE_CHILD (page, "placement_row")), 0);
  WAIT_FOR (pb_connector_get_auth_header (connector) != NULL);
  /* Switching back brings the header back, and only one way is ever saved. */
  g_assert_cmpstr (pb_connector_get_auth_header (connector), ==, "X-API-Key");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (PAGE_CHILD (page, "key_name_row"))), ==, "X-API-Key");
  g_assert_null (pb_connector_get_auth_query_param (connector));
  WAIT_FOR (!file_contains (f, "api_token"));
}

static void
test_api_key_goes_to_keyring (Fixture       *f,
                              gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "HubSpot API", PB_CONNECTOR_KIND_API_KEY);
  g_autofree char *canary = g_strdup_printf ("pb-ui-canary-%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *id = g_strdup (pb_connector_get_id (connector));
  PbConnectorPage *page;
  GtkWidget *key_row;
  char *stored = NULL;
  g_autoptr (GError) error = NULL;

  pb_window_show_connector (f->window, connector);
  page = current_page (f);
  key_row = PAGE_CHILD (page, "api_key_row");
  set_text (PAGE_CHILD (page, "key_name_row"), "Authorization");
  set_text (PAGE_CHILD (page, "prefix_row"), "Bearer");
  set_text (PAGE_CHILD (page, "base_url_row"), "https://api.hubapi.example");

  set_text (key_row, canary);
  WAIT_FOR (pb_connector_has_secret (connector, PB_SECRET_API_KEY));
  WAIT_FOR (pb_connector_page_get_save_state (page) == PB_SAVE_STATE_SAVED);
  /* The typed key stays masked in its row while the page is open. */
  g_assert_false (stored_row_shown (page));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "05-api-key-page.png");
  if (g_getenv ("PB_SCREENSHOT_DIR") != NULL)
    {
      AdwStyleManager *style = adw_style_manager_get_default ();

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      pb_test_ui_screenshot (GTK_WIDGET (f->window), "05c-api-key-page-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    }

  stored = lookup_secret (f->store, id, PB_SECRET_API_KEY);
  g_assert_cmpstr (stored, ==, canary);
  pb_vault_free_secret (stored);

  /* The store knows the key is set, and no file anywhere holds it. */
  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (file_contains (f, "https://api.hubapi.example"));
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), canary), >, 0);

  /* Reopening the page never loads the secret into the UI. */
  pb_window_show_connector (f->window, add_connector (f, "Other", PB_CONNECTOR_KIND_API_KEY));
  pb_window_show_connector (f->window, connector);
  page = current_page (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (PAGE_CHILD (page, "api_key_row"))), ==, "");
  g_assert_true (stored_row_shown (page));

  /* Revealing the empty row is asking to see the stored key: it is read back, not rewritten. */
  gtk_text_set_visibility (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (PAGE_CHILD (page, "api_key_row")))), TRUE);
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (PAGE_CHILD (page, "api_key_row"))), canary) == 0);
  g_assert_cmpint (pb_connector_page_get_save_state (page), ==, PB_SAVE_STATE_IDLE);
}

static void
test_oauth_and_intercom_pages (Fixture       *f,
                               gconstpointer  data)
{
  PbConnector *oauth = add_connector (f, "Google Drive", PB_CONNECTOR_KIND_OAUTH2);
  PbConnector *intercom = add_connector (f, "Intercom", PB_CONNECTOR_KIND_INTERCOM);
  PbConnectorPage *page;

  add_connector (f, "HubSpot API", PB_CONNECTOR_KIND_API_KEY);
  pb_window_show_connector (f->window, oauth);
  page = current_page (f);
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "client_group")));
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "endpoints_group")));
  g_assert_false (gtk_widget_get_visible (PAGE_CHILD (page, "api_key_group")));
  /* Connect waits for what sign-in needs; the row names it and a button goes to it. */
  g_assert_false (gtk_widget_get_sensitive (PAGE_CHILD (page, "oauth_connect_button")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (PAGE_CHILD (page, "oauth_account_row"))),
                   ==, "Not Connected");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (PAGE_CHILD (page, "oauth_account_row"))),
                            "client ID and the token URL"));
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "oauth_missing_button")));
  pb_test_ui_click (PAGE_CHILD (page, "oauth_missing_button"));
  g_assert_true (gtk_widget_has_focus (PAGE_CHILD (page, "client_id_row")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), PAGE_CHILD (page, "client_id_row")));

  set_text (PAGE_CHILD (page, "client_id_row"), "client-1234.apps.example");
  set_text (PAGE_CHILD (page, "auth_url_row"), "https://accounts.example/o/oauth2/auth");
  set_text (PAGE_CHILD (page, "token_url_row"), "https://oauth2.example/token");
  set_text (PAGE_CHILD (page, "scopes_row"), "drive.readonly openid");
  set_text (PAGE_CHILD (page, "redirect_uri_row"), "http://127.0.0.1/callback");
  WAIT_FOR (file_contains (f, "client-1234.apps.example") && file_contains (f, "drive.readonly openid") &&
            file_contains (f, "https://oauth2.example/token"));
  WAIT_FOR (pb_connector_page_get_save_state (page) == PB_SAVE_STATE_SAVED);
  /* Connect opens the sign-in window (tests/test-sign-in-window.c, test-oauth-page.c). */
  g_assert_true (gtk_widget_get_sensitive (PAGE_CHILD (page, "oauth_connect_button")));
  g_assert_false (gtk_widget_get_visible (PAGE_CHILD (page, "oauth_missing_button")));
  /* Tall enough to show the whole page, down to the Connect button. */
  RESIZE_AND_WAIT_FOR (f->window, 960, 1000, gtk_widget_get_height (GTK_WIDGET (f->window)) > 900);
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "06-oauth-page.png");

  pb_window_show_connector (f->window, intercom);
  page = current_page (f);
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "intercom_group")));
  g_assert_true (gtk_widget_get_sensitive (PAGE_CHILD (page, "intercom_connect_button")));
  /* Intercom's endpoints are preset; only the redirect URL registered with Intercom is asked for. */
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "endpoints_group")));
  g_assert_false (gtk_widget_get_visible (PAGE_CHILD (page, "auth_url_row")));
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "redirect_uri_row")));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "07-intercom-page.png");
}

static void
test_delete_after_confirmation (Fixture       *f,
                                gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "Zendesk", PB_CONNECTOR_KIND_API_KEY);
  g_autofree char *id = g_strdup (pb_connector_get_id (connector));
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;
  char *stored;

  g_assert_true (pb_connector_store_set_secret_sync (f->store, connector, PB_SECRET_API_KEY,
                                                     "zendesk-secret-value", NULL, &error));
  g_assert_no_error (error);
  pb_window_show_connector (f->window, connector);

  pb_test_ui_click (PAGE_CHILD (current_page (f), "delete_button"));
  dialog = (AdwMessageDialog *) pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* The dialog says what breaks. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Zendesk”"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "08-delete-dialog.png");

  /* Cancel keeps everything. */
  pb_test_ui_click (pb_test_ui_find_button (GTK_WIDGET (dialog), "_Cancel"));
  WAIT_FOR (pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_cmpuint (n_connectors (f), ==, 1);

  pb_test_ui_click (PAGE_CHILD (current_page (f), "delete_button"));
  WAIT_FOR ((dialog = (AdwMessageDialog *) pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  pb_test_ui_click (pb_test_ui_find_button (GTK_WIDGET (dialog), "_Delete"));
  WAIT_FOR (n_connectors (f) == 0);
  WAIT_FOR (!file_contains (f, "Zendesk"));

  stored = lookup_secret (f->store, id, PB_SECRET_API_KEY);
  g_assert_null (stored);
  g_assert_null (current_page (f));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (WINDOW_CHILD (f, "main_stack"))), ==, "empty");
}

static void
test_external_changes (Fixture       *f,
                       gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "Airtable", PB_CONNECTOR_KIND_API_KEY);
  g_autoptr (PbConnectorStore) other = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *theirs;
  PbConnectorPage *page;

  g_assert_true (pb_connector_store_flush (f->store, &error));
  pb_window_show_connector (f->window, connector);
  page = current_page (f);

  /* Another program (the CLI) renames it, sets its URL and adds a connector. */
  other = pb_connector_store_new (f->path, NULL);
  g_assert_true (pb_connector_store_load (other, &error));
  g_assert_no_error (error);
  theirs = pb_connector_store_find_by_name (other, "Airtable");
  g_assert_nonnull (theirs);
  g_assert_true (pb_connector_store_rename (other, theirs, "Airtable Prod", &error));
  pb_connector_set_base_url (theirs, "https://api.airtable.example/v0");
  g_assert_nonnull (pb_connector_store_create (other, "Notion", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_true (pb_connector_store_save (other, &error));
  g_assert_no_error (error);

  /* The window follows: list, open page and its fields. */
  WAIT_FOR (n_connectors (f) == 2);
  WAIT_FOR (g_strcmp0 (pb_connector_get_name (connector), "Airtable Prod") == 0);
  g_assert_true (current_page (f) == page);
  WAIT_FOR (g_strcmp0 (gtk_label_get_label (GTK_LABEL (TITLE_CHILD (page, "title_label"))), "Airtable Prod") == 0);
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (PAGE_CHILD (page, "base_url_row"))),
                       "https://api.airtable.example/v0") == 0);
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "09-list-after-cli-change.png");
}

static void
test_narrow_window_folds (Fixture       *f,
                          gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "Mailchimp", PB_CONNECTOR_KIND_API_KEY);
  AdwLeaflet *leaflet = ADW_LEAFLET (WINDOW_CHILD (f, "leaflet"));
  PbConnectorPage *page;

  add_connector (f, "Linear", PB_CONNECTOR_KIND_OAUTH2);
  RESIZE_AND_WAIT_FOR (f->window, 400, 680, adw_leaflet_get_folded (leaflet));
  /* The size is remembered for the next start. */
  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);

    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 400);
  }

  /* Folded: the list first; a connector opens over it with a back button. */
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "10-narrow-list.png");
  pb_window_show_connector (f->window, connector);
  page = current_page (f);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == WINDOW_CHILD (f, "content_stack"));
  g_assert_true (gtk_widget_get_visible (PAGE_CHILD (page, "back_button")));
  WAIT_FOR (!adw_leaflet_get_child_transition_running (leaflet));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "11-narrow-page.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == WINDOW_CHILD (f, "sidebar"));
}

/* No Secret Service: the key is refused with a message, and written nowhere. */
static void
test_no_keyring_refuses_key (Fixture       *f,
                             gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "HubSpot API", PB_CONNECTOR_KIND_API_KEY);
  g_autofree char *canary = g_strdup_printf ("pb-ui-nokeyring-%08x%08x", g_random_int (), g_random_int ());
  g_autoptr (GError) error = NULL;
  PbConnectorPage *page;

  pb_window_show_connector (f->window, connector);
  page = current_page (f);
  set_text (PAGE_CHILD (page, "api_key_row"), canary);
  WAIT_FOR (pb_connector_page_get_save_state (page) == PB_SAVE_STATE_FAILED);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (PAGE_CHILD (page, "window_title"))),
                   ==, "Changes not saved");
  g_assert_false (pb_connector_has_secret (connector, PB_SECRET_API_KEY));
  g_assert_false (stored_row_shown (page));
  /* The reason is shown at the key, not only in a passing toast. */
  g_assert_true (gtk_widget_has_css_class (PAGE_CHILD (page, "api_key_row"), "error"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (PAGE_CHILD (page, "api_key_group"))),
                            "keyring"));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "13-no-keyring.png");

  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), canary), >, 0);
}

/* Closing the window right after typing loses nothing: fields are flushed and a key
 * still waiting for its debounce is written to the keyring. */
static void
test_close_flushes (Fixture       *f,
                    gconstpointer  data)
{
  PbConnector *connector = add_connector (f, "Twilio", PB_CONNECTOR_KIND_API_KEY);
  g_autofree char *id = g_strdup (pb_connector_get_id (connector));
  PbConnectorPage *page;
  char *stored;

  pb_connector_store_set_autosave_delay (f->store, 5000);
  pb_window_show_connector (f->window, connector);
  page = current_page (f);
  set_text (PAGE_CHILD (page, "base_url_row"), "https://api.twilio.example/2010-04-01");
  set_text (PAGE_CHILD (page, "api_key_row"), "twilio-key-typed-last");
  g_assert_false (file_contains (f, "api.twilio.example"));

  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (file_contains (f, "api.twilio.example"));
  WAIT_FOR (pb_connector_has_secret (connector, PB_SECRET_API_KEY));
  stored = lookup_secret (f->store, id, PB_SECRET_API_KEY);
  g_assert_cmpstr (stored, ==, "twilio-key-typed-last");
  pb_vault_free_secret (stored);

  /* The teardown wants a window to destroy. */
  f->window = g_object_new (PB_TYPE_WINDOW, "application", app, "store", f->store, NULL);
}

/* The app's own path: pb_window_new() shows the application's store. */
static void
test_application_window (void)
{
  PbWindow *window = pb_window_new (app);

  g_assert_nonnull (pb_application_get_store (app));
  g_assert_true (pb_window_get_store (window) == pb_application_get_store (app));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* The real plugboard-cli, on the app's own store, while the window is open. */
static void
test_cli_changes_show (void)
{
  PbConnectorStore *store = pb_application_get_store (app);
  PbWindow *window = pb_window_new (app);
  PbConnector *connector;
  PbConnectorPage *page;
  g_autofree char *out = NULL, *err = NULL;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_assert_cmpint (pb_test_run_cli ((const char *[]) { "create", "--name", "Shopify", "--type", "api-key",
                                                       "--header", "X-Shopify-Access-Token", NULL },
                                    NULL, &out, &err), ==, 0);
  WAIT_FOR ((connector = pb_connector_store_find_by_name (store, "Shopify")) != NULL);
  pb_window_show_connector (window, connector);
  page = PB_CONNECTOR_PAGE (pb_window_get_connector_page (window));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pb_test_run_cli ((const char *[]) { "rename", "Shopify", "Shopify Admin", NULL },
                                    NULL, &out, &err), ==, 0);
  WAIT_FOR (g_strcmp0 (gtk_label_get_label (GTK_LABEL (TITLE_CHILD (page, "title_label"))), "Shopify Admin") == 0);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pb_test_run_cli ((const char *[]) { "set-secret", "Shopify Admin", "api-key", NULL },
                                    "shpat-cli-secret", &out, &err), ==, 0);
  WAIT_FOR (stored_row_shown (page));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pb_test_run_cli ((const char *[]) { "delete", "Shopify Admin", "--yes", NULL },
                                    NULL, &out, &err), ==, 0);
  WAIT_FOR (pb_window_get_connector_page (window) == NULL);
  g_assert_null (pb_connector_store_find_by_name (store, "Shopify Admin"));

  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* A connectors file that cannot be parsed is moved aside and the user is told. */
static void
test_load_warning_shown (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "data", "ui-test", "broken.json", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;
  PbWindow *window;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"connectors\": [{\"id\": ", -1, &error));
  store = pb_connector_store_new (path, NULL);
  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pb_connector_store_get_load_warning (store));

  window = g_object_new (PB_TYPE_WINDOW, "application", app, "store", store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  dialog = (AdwMessageDialog *) pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* A heading and a body that do not repeat each other; the parser's text only as detail. */
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, pb_connector_store_get_load_summary (store));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Your connectors file could not be read."));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "It was kept as broken.json.broken-"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "started with an empty list"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "JSON"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), pb_test_root ()));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), adw_message_dialog_get_heading (dialog)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (adw_message_dialog_get_extra_child (dialog))), ==,
                   pb_connector_store_get_load_detail (store));
  g_assert_nonnull (strstr (pb_connector_store_get_load_detail (store), "not valid JSON"));
  g_assert_nonnull (strstr (pb_connector_store_get_load_detail (store), dir));
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "12-load-warning.png");

  pb_test_ui_click (pb_test_ui_find_button (GTK_WIDGET (dialog), "_OK"));
  WAIT_FOR (pb_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* One token manager for the whole app; a grant that cannot be renewed any more shows a
 * toast in the main window whose button opens that connector's page. */
static void
test_reconnect_toast (void)
{
  PbConnectorStore *store = pb_application_get_store (app);
  PbTokenManager *manager = pb_application_get_token_manager (app);
  PbWindow *window = pb_window_new (app);
  PbWindow *second = pb_window_new (app);
  g_autoptr (GError) error = NULL;
  PbConnector *connector;
  GtkWidget *button;

  g_assert_nonnull (manager);
  g_assert_true (pb_application_get_token_manager (app) == manager);
  connector = pb_connector_store_create (store, "Intercom", PB_CONNECTOR_KIND_INTERCOM, &error);
  g_assert_no_error (error);

  gtk_window_present (GTK_WINDOW (second));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_widget_get_mapped (GTK_WIDGET (second)));
  WAIT_FOR (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_assert_null (pb_window_get_connector_page (window));

  /* What the manager emits when the provider refuses the refresh for good. */
  g_signal_emit_by_name (manager, "reconnect-needed", connector);
  WAIT_FOR ((button = pb_test_ui_find_button (GTK_WIDGET (window), "_Reconnect")) != NULL && gtk_widget_get_mapped (button));
  g_assert_null (pb_test_ui_find_button (GTK_WIDGET (second), "_Reconnect"));
  g_assert_nonnull (pb_test_ui_find_label (GTK_WIDGET (window), "“Intercom” needs you to sign in again"));
  pb_test_ui_screenshot (GTK_WIDGET (window), "13-reconnect-toast.png");

  pb_test_ui_click (button);
  WAIT_FOR (pb_window_get_connector_page (window) != NULL);
  g_assert_true (pb_connector_page_get_connector (PB_CONNECTOR_PAGE (pb_window_get_connector_page (window))) == connector);

  g_assert_true (pb_connector_store_delete_sync (store, connector, NULL, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (second));
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* A URL with a credential or a header name with spaces never reaches the connector. */
static void
test_page_validates (void)
{
  PbConnectorStore *store = pb_application_get_store (app);
  PbWindow *window = pb_window_new (app);
  g_autoptr (GError) error = NULL;
  PbConnector *connector;
  PbConnectorPage *page;
  GtkWidget *base_row, *key_row;

  connector = pb_connector_store_create (store, "Checked", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (connector, "https://api.example.com");
  pb_connector_set_auth_header (connector, "X-API-Key");
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  pb_window_show_connector (window, connector);
  page = PB_CONNECTOR_PAGE (pb_window_get_connector_page (window));
  base_row = PAGE_CHILD (page, "base_url_row");
  key_row = PAGE_CHILD (page, "key_name_row");

  gtk_editable_set_text (GTK_EDITABLE (base_row), "https://ada:pw-canary-page@api.example.com");
  g_assert_true (gtk_widget_has_css_class (base_row, "error"));
  /* (Replacing the text first clears it, so the value may be empty now; never the credential.) */
  g_assert_null (strstr (pb_connector_get_base_url (connector) ? pb_connector_get_base_url (connector) : "", "pw-canary-page"));
  gtk_editable_set_text (GTK_EDITABLE (key_row), "X API Key");
  g_assert_true (gtk_widget_has_css_class (key_row, "error"));
  g_assert_cmpstr (pb_connector_get_auth_header (connector), !=, "X API Key");

  gtk_editable_set_text (GTK_EDITABLE (base_row), "https://api2.example.com");
  g_assert_false (gtk_widget_has_css_class (base_row, "error"));
  g_assert_cmpstr (pb_connector_get_base_url (connector), ==, "https://api2.example.com");

  /* The shared rules (pb-validate.c): a line break in the prefix, a header the connection
   * sets itself. The row says so; the connector keeps its last good value. */
  {
    GtkWidget *prefix_row = PAGE_CHILD (page, "prefix_row");

    gtk_editable_set_text (GTK_EDITABLE (prefix_row), "Token");
    g_assert_cmpstr (pb_connector_get_auth_prefix (connector), ==, "Token");
    /* (GtkText cuts a pasted line break itself; a tab gets through to the check.) */
    gtk_editable_set_text (GTK_EDITABLE (prefix_row), "Bearer\tX-Injected: yes");
    g_assert_true (gtk_widget_has_css_class (prefix_row, "error"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (prefix_row), "line break, tab"));
    g_assert_null (strchr (pb_connector_get_auth_prefix (connector) ? pb_connector_get_auth_prefix (connector) : "", '\t'));
    gtk_editable_set_text (GTK_EDITABLE (key_row), "Content-Length");
    g_assert_true (gtk_widget_has_css_class (key_row, "error"));
    g_assert_cmpstr (pb_connector_get_auth_header (connector), !=, "Content-Length");
    pb_test_settle (100);
    pb_test_ui_screenshot (GTK_WIDGET (window), "14-page-refuses-values.png");
  }

  g_assert_true (pb_connector_store_flush (store, &error));
  g_assert_no_error (error);
  pb_test_assert_tree_lacks (pb_test_root (), "pw-canary-page");
  g_assert_true (pb_connector_store_delete_sync (store, connector, NULL, &error));
  pb_test_ui_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  /* A real, registered PbApplication: style sheet, icons and app actions as in the app. */
  app = pb_test_ui_app_new (0);

#define ADD(path, func) g_test_add ("/ui/connectors/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  /* The harness runs this program twice: with a real keyring, and with none at all. */
  if (g_strcmp0 (g_getenv ("PB_TEST_KEYRING"), "0") == 0)
    {
      ADD ("no-keyring-refuses-key", test_no_keyring_refuses_key);
    }
  else
    {
      ADD ("empty-state", test_empty_state);
      ADD ("create-through-dialog", test_create_through_dialog);
      ADD ("refuse-bad-names", test_refuse_bad_names);
      ADD ("rename-through-title", test_rename_through_title);
      ADD ("autosave-fields", test_autosave_fields);
      ADD ("api-key-goes-to-keyring", test_api_key_goes_to_keyring);
      ADD ("oauth-and-intercom-pages", test_oauth_and_intercom_pages);
      ADD ("delete-after-confirmation", test_delete_after_confirmation);
      ADD ("external-changes", test_external_changes);
      ADD ("narrow-window-folds", test_narrow_window_folds);
      ADD ("close-flushes", test_close_flushes);
      g_test_add_func ("/ui/connectors/load-warning-shown", test_load_warning_shown);
      g_test_add_func ("/ui/connectors/application-window", test_application_window);
      g_test_add_func ("/ui/connectors/cli-changes-show", test_cli_changes_show);
      g_test_add_func ("/ui/connectors/reconnect-toast", test_reconnect_toast);
      g_test_add_func ("/ui/connectors/page-validates", test_page_validates);
    }

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
