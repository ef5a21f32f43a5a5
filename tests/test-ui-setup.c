/* test-ui-setup.c: the setup window under Xvfb, driven through its real widgets, on a real
 * store and keyring, testing against a loopback server.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of the chat (also in secret mode) and the form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-catalog.h"
#include "pb-connector-page.h"
#include "pb-new-connector-dialog.h"
#include "pb-window.h"
#include "pb-setup-test-server.h"
#include "pb-setup-window.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"

#define KEY_ONE "acme_CANARYone00000000001"
#define KEY_TWO "acme_CANARYtwo00000000002"

static PbApplication *app;

typedef struct {
  PbTestUiSetup ui;   /* the setup window of the test service */
  gboolean      finished;
} Fixture;

static void
finished_cb (PbSetupWindow *window,
             PbConnector   *connector,
             Fixture       *fx)
{
  fx->finished = TRUE;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  pb_test_ui_setup_open (&fx->ui, app, NULL, 0, 0);
  pb_setup_window_set_test_timeout (fx->ui.window, 5);
  g_signal_connect (fx->ui.window, "finished", G_CALLBACK (finished_cb), fx);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  pb_test_ui_setup_close (&fx->ui);
}

static const char *
last_text (Fixture *fx)
{
  GListModel *transcript = pb_setup_model_get_transcript (fx->ui.model);
  g_autoptr (PbSetupMessage) message = g_list_model_get_item (transcript, g_list_model_get_n_items (transcript) - 1);

  /* The transcript outlives the reference dropped here. */
  return pb_setup_message_get_text (message);
}

static void
assert_transcript_lacks (Fixture    *fx,
                         const char *needle)
{
  GListModel *transcript = pb_setup_model_get_transcript (fx->ui.model);

  for (guint i = 0; i < g_list_model_get_n_items (transcript); i++)
    {
      g_autoptr (PbSetupMessage) message = g_list_model_get_item (transcript, i);
      g_assert_null (strstr (pb_setup_message_get_text (message), needle));
    }
}

/* The bubble of the transcript's last line: whether it is drawn as a failure. */
static gboolean
last_bubble_is_failure (Fixture *fx)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (fx->ui.chat), PB_TYPE_SETUP_CHAT, "message_list"));
  guint n = g_list_model_get_n_items (pb_setup_model_get_transcript (fx->ui.model));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) n - 1);
  GtkWidget *bubble;

  g_assert_nonnull (row);
  bubble = gtk_list_box_row_get_child (row);
  g_assert_true (gtk_widget_has_css_class (bubble, "status"));
  return gtk_widget_has_css_class (bubble, "failure");
}

/* Clicks the chat's choice button labelled LABEL, as a user would. */
static void
click_choice (Fixture    *fx,
              const char *label)
{
  GtkWidget *box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fx->ui.chat), PB_TYPE_SETUP_CHAT, "choices_box"));
  GtkWidget *found = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL && found == NULL; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
      found = c;
  g_assert_nonnull (found);
  g_signal_emit_by_name (found, "clicked");
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat));
}

static PbSetupOutcome
last_outcome (Fixture *fx)
{
  GListModel *transcript = pb_setup_model_get_transcript (fx->ui.model);
  g_autoptr (PbSetupMessage) message = g_list_model_get_item (transcript, g_list_model_get_n_items (transcript) - 1);

  return pb_setup_message_get_outcome (message);
}

static const char *
progress_text (Fixture *fx)
{
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fx->ui.window), PB_TYPE_SETUP_WINDOW, "progress_label"));

  return gtk_label_get_label (label);
}

static void
test_switch_keeps_progress (Fixture       *fx,
                            gconstpointer  data)
{
  GtkWidget *row;

  pb_test_ui_screenshot (GTK_WIDGET (fx->ui.window), "setup-01-chat-start.png");
  pb_test_ui_setup_say (&fx->ui, "use the EU region");
  pb_test_ui_setup_say (&fx->ui, "it's called acme-prod");
  g_assert_true (pb_setup_chat_get_secret_mode (fx->ui.chat));
  g_assert_cmpstr (progress_text (fx), ==, "2 of 3 required");
  pb_test_ui_screenshot (GTK_WIDGET (fx->ui.window), "setup-02-chat-secret-mode.png");

  /* Agent → Form: the rows show what was said. */
  pb_setup_window_set_mode (fx->ui.window, "form");
  g_assert_cmpstr (pb_setup_window_get_mode (fx->ui.window), ==, "form");
  row = pb_setup_form_get_row (fx->ui.form, "region");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);
  row = pb_setup_form_get_row (fx->ui.form, "workspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "acme-prod");
  pb_test_ui_screenshot (GTK_WIDGET (fx->ui.window), "setup-03-form.png");

  /* An invalid value in the form: inline message, progress drops. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Acme Prod");
  g_assert_nonnull (pb_setup_model_get_field_error (fx->ui.model, "workspace"));
  g_assert_cmpstr (progress_text (fx), ==, "1 of 3 required");
  pb_test_ui_screenshot (GTK_WIDGET (fx->ui.window), "setup-04-form-invalid.png");
  gtk_editable_set_text (GTK_EDITABLE (row), "acme-form");
  g_assert_cmpstr (pb_setup_model_get_value (fx->ui.model, "workspace"), ==, "acme-form");
  g_assert_cmpstr (progress_text (fx), ==, "2 of 3 required");

  /* Form → Agent: the assistant knows, and asks for what is left. */
  pb_setup_window_set_mode (fx->ui.window, "agent");
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat));
  g_assert_true (pb_setup_chat_get_secret_mode (fx->ui.chat));
  {
    GListModel *transcript = pb_setup_model_get_transcript (fx->ui.model);
    guint n = g_list_model_get_n_items (transcript);
    g_autoptr (PbSetupMessage) welcome = g_list_model_get_item (transcript, n - 2);

    g_assert_nonnull (strstr (pb_setup_message_get_text (welcome), "2 of 3"));
  }
  g_assert_nonnull (strstr (last_text (fx), "API key"));
}

static void
test_form_secret_is_used (Fixture       *fx,
                          gconstpointer  data)
{
  GtkWidget *row;
  PbConnector *connector;
  g_autoptr (GError) error = NULL;

  pb_setup_test_server_expect (fx->ui.server, "Authorization", NULL, "Bearer " KEY_TWO);

  pb_test_ui_setup_say (&fx->ui, "Europe");
  pb_test_ui_setup_say (&fx->ui, "acme-prod");
  g_assert_true (pb_setup_chat_get_secret_mode (fx->ui.chat));
  pb_setup_chat_submit_secret (fx->ui.chat, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat) && pb_setup_model_is_secret_set (fx->ui.model, "api-key"));
  g_assert_false (pb_setup_chat_get_secret_mode (fx->ui.chat));

  /* The user replaces the key in Form mode. */
  pb_setup_window_set_mode (fx->ui.window, "form");
  row = pb_setup_form_get_row (fx->ui.form, "api-key");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), KEY_TWO);
  g_signal_emit_by_name (row, "apply");
  WAIT_FOR (gtk_widget_get_sensitive (row) && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0');

  /* Back to the assistant, which runs the test with the key from the keyring: the new one. */
  pb_setup_window_set_mode (fx->ui.window, "agent");
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat));
  pb_test_ui_setup_say (&fx->ui, "no");      /* no optional settings */
  pb_test_ui_setup_say (&fx->ui, "yes");     /* test now */
  WAIT_FOR (pb_setup_window_get_last_outcome (fx->ui.window) != -1);
  g_assert_cmpint (pb_setup_window_get_last_outcome (fx->ui.window), ==, PB_CHECK_OK);
  g_assert_true (fx->finished);

  connector = pb_setup_model_get_connector (fx->ui.model);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_true (pb_connector_store_flush (fx->ui.store, &error));
  assert_transcript_lacks (fx, "CANARY");
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), "CANARY"), >, 0);
}

static void
test_cancel_secret_mode (Fixture       *fx,
                         gconstpointer  data)
{
  pb_test_ui_setup_say (&fx->ui, "eu");
  pb_test_ui_setup_say (&fx->ui, "acme-prod");
  g_assert_true (pb_setup_chat_get_secret_mode (fx->ui.chat));
  pb_setup_chat_cancel_secret (fx->ui.chat);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat));
  g_assert_false (pb_setup_chat_get_secret_mode (fx->ui.chat));
  g_assert_nonnull (strstr (last_text (fx), "No problem"));

  /* A key pasted into the open entry is caught and stored, never shown. */
  pb_test_ui_setup_say (&fx->ui, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat) && pb_setup_model_is_secret_set (fx->ui.model, "api-key"));
  assert_transcript_lacks (fx, "CANARY");
}

static void
test_failure_then_fix (Fixture       *fx,
                       gconstpointer  data)
{
  GtkWidget *row;
  GtkWidget *test_button;

  pb_setup_test_server_expect (fx->ui.server, "Authorization", NULL, "Bearer " KEY_TWO);
  pb_test_ui_setup_say (&fx->ui, "eu");
  pb_test_ui_setup_say (&fx->ui, "acme-prod");
  pb_setup_chat_submit_secret (fx->ui.chat, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->ui.chat) && pb_setup_model_is_secret_set (fx->ui.model, "api-key"));
  /* The offer of optional settings, answered with its button: the engine hears the value. */
  click_choice (fx, "No");
  g_assert_nonnull (strstr (last_text (fx), "Shall I test the connection now?"));
  pb_test_ui_setup_say (&fx->ui, "test");
  WAIT_FOR (pb_setup_window_get_last_outcome (fx->ui.window) != -1);
  g_assert_cmpint (pb_setup_window_get_last_outcome (fx->ui.window), ==, PB_CHECK_REFUSED);
  g_assert_nonnull (strstr (last_text (fx), "refused"));
  g_assert_cmpint (last_outcome (fx), ==, PB_SETUP_OUTCOME_FAILURE);
  g_assert_true (last_bubble_is_failure (fx));
  g_assert_false (fx->finished);
  pb_test_ui_screenshot (GTK_WIDGET (fx->ui.window), "setup-05-chat-test-failed.png");

  /* Fix it in the form and test from there. */
  pb_setup_window_set_mode (fx->ui.window, "form");
  row = pb_setup_form_get_row (fx->ui.form, "api-key");
  gtk_editable_set_text (GTK_EDITABLE (row), KEY_TWO);
  g_signal_emit_by_name (row, "apply");
  WAIT_FOR (gtk_widget_get_sensitive (row) && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0');
  test_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fx->ui.form), PB_TYPE_SETUP_FORM, "test_button"));
  g_assert_true (gtk_widget_get_sensitive (test_button));
  g_signal_emit_by_name (test_button, "clicked");
  WAIT_FOR (fx->finished);
  g_assert_cmpint (pb_setup_window_get_last_outcome (fx->ui.window), ==, PB_CHECK_OK);
  g_assert_cmpint (last_outcome (fx), ==, PB_SETUP_OUTCOME_SUCCESS);
}

/* The chat draws a status line from its outcome field, never from its (translated) words:
 * a success in another language is a success, a failure that begins "Connected" is not. */
static void
test_status_outcome_not_text (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr (PbSetupMessage) success = pb_setup_message_new_status ("Verbunden — angemeldet bei Acme.", PB_SETUP_OUTCOME_SUCCESS);
  g_autoptr (PbSetupMessage) failure = pb_setup_message_new_status ("Connected? No: the server refused the key.", PB_SETUP_OUTCOME_FAILURE);

  pb_setup_model_add_message (fx->ui.model, success);
  pb_test_settle (50);
  g_assert_false (last_bubble_is_failure (fx));
  pb_setup_model_add_message (fx->ui.model, failure);
  pb_test_settle (50);
  g_assert_true (last_bubble_is_failure (fx));
}

/* Choosing another oneOf variant in the form swaps its rows. */
static void
test_form_variants (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "data", "variants.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autoptr (PbSetupModel) model = NULL;
  g_autoptr (GError) error = NULL;
  PbSetupWindow *window;
  PbSetupForm *form;
  GtkWidget *placement;

  g_assert_true (pb_connector_store_load (store, &error));
  model = pb_setup_model_new (store, pb_catalog_lookup (pb_catalog_get_default (), "api-key"), "Variants");
  window = pb_setup_window_new (NULL, model);
  gtk_window_present (GTK_WINDOW (window));
  pb_setup_window_set_mode (window, "form");
  form = pb_setup_window_get_form (window);

  g_assert_nonnull (pb_setup_form_get_row (form, "auth-header"));
  g_assert_null (pb_setup_form_get_row (form, "auth-query-param"));
  placement = pb_setup_form_get_row (form, "placement");
  adw_combo_row_set_selected (ADW_COMBO_ROW (placement), 1);
  g_assert_cmpstr (pb_setup_model_get_value (model, "placement"), ==, "query");
  WAIT_FOR (pb_setup_form_get_row (form, "auth-query-param") != NULL);
  g_assert_null (pb_setup_form_get_row (form, "auth-header"));
  pb_test_ui_screenshot (GTK_WIDGET (window), "setup-09-form-query-variant.png");

  pb_test_ui_close_window (GTK_WINDOW (window));
}

static guint
count_rows (GtkWidget  *list,
            GtkWidget **out_first)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_visible (child))
      {
        if (n++ == 0 && out_first)
          *out_first = child;
      }
  return n;
}

/* The create dialog offers the catalog with search; a service opens the setup window. */
static void
test_catalog_in_create_dialog (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "data", "catalog-dialog.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autoptr (GError) error = NULL;
  PbWindow *window;
  GtkWindow *dialog;
  GtkWindow *setup;
  GtkWidget *list, *search, *first = NULL, *check;
  guint n_all;

  g_assert_true (pb_connector_store_load (store, &error));
  window = pb_test_ui_open_window (app, store, 960, 680);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-connector", NULL));
  dialog = pb_test_ui_wait_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG);
  list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "catalog_list"));
  search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "catalog_search"));
  n_all = count_rows (list, NULL);
  g_assert_cmpuint (n_all, >=, 12);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "name_row")),
                         "Team Tickets");
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "setup-06-create-dialog-catalog.png");

  /* Search narrows the list (search-changed is delayed; emit it now). */
  gtk_editable_set_text (GTK_EDITABLE (search), "tickets");
  g_signal_emit_by_name (search, "search-changed");
  WAIT_FOR (count_rows (list, &first) == 1);
  g_assert_cmpstr (gtk_widget_get_name (first), ==, "zendesk");

  check = pb_test_ui_find_descendant (first, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "create_button"), "clicked");

  setup = pb_test_ui_wait_toplevel (PB_TYPE_SETUP_WINDOW);
  g_assert_cmpstr (pb_definition_get_id (pb_setup_model_get_definition (pb_setup_window_get_model (PB_SETUP_WINDOW (setup)))), ==, "zendesk");
  g_assert_cmpstr (pb_setup_model_get_name (pb_setup_window_get_model (PB_SETUP_WINDOW (setup))), ==, "Team Tickets");
  /* Nothing is created until there is something to keep. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  WAIT_FOR (!pb_setup_chat_get_busy (pb_setup_window_get_chat (PB_SETUP_WINDOW (setup))));
  pb_test_ui_screenshot (GTK_WIDGET (setup), "setup-07-zendesk-chat.png");
  pb_setup_window_set_mode (PB_SETUP_WINDOW (setup), "form");
  pb_test_ui_screenshot (GTK_WIDGET (setup), "setup-08-zendesk-form.png");

  gtk_window_destroy (setup);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* --- The connector page's Connection group ------------------------------ */

static PbConnectionGroup *
open_page (PbConnectorStore *store,
           PbConnector      *connector,
           GtkWidget       **window_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *page = pb_connector_page_new (store, connector);
  PbConnectionGroup *group = pb_connector_page_get_connection_group (PB_CONNECTOR_PAGE (page));

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  adw_window_set_content (ADW_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 860);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (window));
  pb_connection_group_set_test_timeout (group, 5);
  *window_out = window;
  return group;
}

/* The group sits at the bottom of the page: scroll it into view for the screenshots. */
static void
show_group (PbConnectionGroup *group)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "test_button"));

  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (group), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_get_visible (button));
  pb_test_settle (100);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  pb_test_settle (100);
}

static const char *
status_title (PbConnectionGroup *group)
{
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "status_row"));

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
click_test (PbConnectionGroup *group)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "test_button"));

  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (pb_connection_group_get_testing (group));
  WAIT_FOR (!pb_connection_group_get_testing (group));
  g_assert_nonnull (pb_connection_group_get_last_result (group));
}

/* A catalog connector's page tests it for real (200, then 401 once the server wants another
 * key) and shows the result in plain words; a connector with a required value missing offers
 * "Continue Setup…", which reopens the setup window on that same connector. */
static void
test_page_connection (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr (PbSetupModel) partial = NULL;
  g_autoptr (GError) error = NULL;
  PbConnectionGroup *group;
  GtkWidget *window = NULL;
  GtkWidget *window2 = NULL;
  GtkWidget *continue_row;
  PbConnector *connector;
  PbSetupWindow *setup;
  PbSetupModel *reopened;

  /* The page finds the connector's definition in the catalog by its id. */
  pb_catalog_add (pb_catalog_get_default (), fx->ui.definition);

  g_assert_true (pb_setup_model_set_value (fx->ui.model, "region", "eu", &error));
  g_assert_true (pb_setup_model_set_value (fx->ui.model, "workspace", "acme-prod", &error));
  g_assert_no_error (error);
  pb_test_ui_store_secret (fx->ui.model, "api-key", KEY_ONE);
  g_assert_true (pb_setup_model_apply (fx->ui.model, &error));
  g_assert_no_error (error);
  connector = pb_setup_model_get_connector (fx->ui.model);
  g_assert_cmpstr (pb_connector_get_definition_id (connector), ==, "acme");

  group = open_page (fx->ui.store, connector, &window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_false (pb_connection_group_get_can_continue (group));

  pb_setup_test_server_expect (fx->ui.server, "Authorization", NULL, "Bearer " KEY_ONE);
  click_test (group);
  g_assert_cmpint (pb_connection_group_get_last_result (group)->outcome, ==, PB_CHECK_OK);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_nonnull (strstr (status_title (group), "Connected"));
  show_group (group);
  pb_test_ui_screenshot (window, "connector-page-01-test-ok.png");

  /* The service now refuses the stored key: 401, explained, and the connector needs attention. */
  pb_setup_test_server_expect (fx->ui.server, "Authorization", NULL, "Bearer " KEY_TWO);
  click_test (group);
  g_assert_cmpint (pb_connection_group_get_last_result (group)->outcome, ==, PB_CHECK_REFUSED);
  g_assert_cmpuint (pb_connection_group_get_last_result (group)->status, ==, 401);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_NEEDS_ATTENTION);
  g_assert_nonnull (strstr (status_title (group), "refused"));
  g_assert_null (strstr (status_title (group), "CANARY"));
  g_assert_nonnull (pb_connection_group_get_last_result (group)->suggestion);
  show_group (group);
  pb_test_ui_screenshot (window, "connector-page-02-test-refused.png");

  /* Another connector with the workspace still missing. */
  partial = pb_setup_model_new (fx->ui.store, fx->ui.definition, "Acme (unfinished)");
  g_assert_true (pb_setup_model_set_value (partial, "region", "us", &error));
  pb_test_ui_store_secret (partial, "api-key", KEY_ONE);
  g_assert_nonnull (pb_setup_model_get_connector (partial));
  g_assert_false (pb_setup_model_is_complete (partial));

  group = open_page (fx->ui.store, pb_setup_model_get_connector (partial), &window2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_true (pb_connection_group_get_can_continue (group));
  continue_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "continue_row"));
  g_assert_true (gtk_widget_get_visible (continue_row));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP,
                                                                                         "test_button"))));
  g_assert_cmpstr (status_title (group), ==, "Not Tested Yet");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (continue_row)), "2 of 3"));
  show_group (group);
  pb_test_ui_screenshot (window2, "connector-page-03-continue-setup.png");

  setup = pb_connection_group_continue_setup (group);
  g_assert_nonnull (setup);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (setup)));
  reopened = pb_setup_window_get_model (setup);
  g_assert_true (pb_setup_model_get_connector (reopened) == pb_setup_model_get_connector (partial));
  g_assert_cmpstr (pb_setup_model_get_value (reopened, "region"), ==, "us");
  g_assert_true (pb_setup_model_is_secret_set (reopened, "api-key"));
  g_assert_cmpuint (pb_setup_model_get_n_required_done (reopened), ==, 2);

  /* Finishing it there takes the row away. */
  g_assert_true (pb_setup_model_set_value (reopened, "workspace", "acme-dev", &error));
  g_assert_no_error (error);
  WAIT_FOR (!pb_connection_group_get_can_continue (group));
  g_assert_false (gtk_widget_get_visible (continue_row));

  gtk_window_destroy (GTK_WINDOW (setup));
  gtk_window_destroy (GTK_WINDOW (window2));
  pb_test_ui_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  /* Transitions end at once: state and screenshots show the final frame. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = pb_test_ui_app_new (0);

#define ADD(path, func) g_test_add ("/ui/setup/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("switch-keeps-progress", test_switch_keeps_progress);
  ADD ("form-secret-is-used", test_form_secret_is_used);
  ADD ("cancel-secret-mode", test_cancel_secret_mode);
  ADD ("failure-then-fix", test_failure_then_fix);
  ADD ("status-outcome-not-text", test_status_outcome_not_text);
  ADD ("connector-page-connection", test_page_connection);
#undef ADD
  g_test_add_func ("/ui/setup/catalog-in-create-dialog", test_catalog_in_create_dialog);
  g_test_add_func ("/ui/setup/form-variants", test_form_variants);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
