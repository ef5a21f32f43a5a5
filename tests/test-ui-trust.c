/* test-ui-trust.c: issue 15 under Xvfb — choices all shown, focus where typing goes, wording
 * that counts right, secrets never dropped, driven through the real widgets.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs at 1280 and 400 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-catalog.h"
#include "pb-connector-page.h"
#include "pb-connector-row.h"
#include "pb-new-connector-dialog.h"
#include "pb-setup-test-server.h"
#include "pb-setup-window.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

#define KEY_ONE "acme_CANARYone00000000001"

static PbApplication *app;

/* The setup window of the test service at 1280 × 800. */
typedef PbTestUiSetup Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  pb_test_ui_setup_open (fx, app, NULL, 1280, 800);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  pb_test_ui_setup_close (fx);
}

static char *
transcript_text (Fixture *fx)
{
  GListModel *transcript = pb_setup_model_get_transcript (fx->model);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (transcript); i++)
    {
      g_autoptr (PbSetupMessage) message = g_list_model_get_item (transcript, i);

      g_string_append_printf (all, "%s\n", pb_setup_message_get_text (message));
    }
  return g_string_free (all, FALSE);
}

/* Every choice button is drawn in full inside the window, and takes focus itself (so the
 * focus ring shows on it), whatever the width. */
static void
assert_choices_shown (Fixture *fx,
                      guint    expected)
{
  GtkWidget *box = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT, "choices_box");
  GtkWidget *shown = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT, "choices_revealer");
  int window_width = gtk_widget_get_width (GTK_WIDGET (fx->window));
  guint n = 0;

  for (GtkWidget *button = gtk_widget_get_first_child (box); button;
       button = gtk_widget_get_next_sibling (button))
    {
      graphene_rect_t bounds;
      int natural;

      g_assert_true (gtk_widget_get_mapped (button));
      /* Inside the area that is drawn (the revealer clips what lies outside it). */
      g_assert_true (gtk_widget_compute_bounds (button, shown, &bounds));
      g_test_message ("choice %u: %.0f,%.0f %.0fx%.0f in %dx%d", n, bounds.origin.x,
                      bounds.origin.y, bounds.size.width, bounds.size.height,
                      gtk_widget_get_width (shown), gtk_widget_get_height (shown));
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_cmpfloat (bounds.size.width, >=, natural);
      g_assert_cmpfloat (bounds.size.height, >, 10);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (shown));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                         MIN (window_width, gtk_widget_get_width (shown)));
      g_assert_true (gtk_widget_get_focusable (button));
      /* A pill as wide as its words, not stretched to a column. */
      g_assert_cmpfloat (bounds.size.width, <=, natural + 1);
      n++;
    }
  g_assert_cmpuint (n, ==, expected);
}

static void
test_choices_all_shown (Fixture       *fx,
                        gconstpointer  data)
{
  pb_test_ui_setup_say (fx, "eu");
  pb_test_ui_setup_say (fx, "acme-prod");
  pb_setup_chat_submit_secret (fx->chat, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->chat) && pb_setup_model_is_secret_set (fx->model, "api-key"));
  /* The offer of optional settings: Yes and No. */
  pb_test_settle (700);
  assert_choices_shown (fx, 2);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "trust-01-choices-1280.png");
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 400, 700);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (fx->window)) <= 420);
  pb_test_settle (400);
  assert_choices_shown (fx, 2);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "trust-02-choices-400.png");
}

/* Counts read right ("1 of 3 required settings is set" is never said), and a tab switch is not
 * greeted as a return from elsewhere. */
static void
test_resume_wording (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *all = NULL;

  pb_test_ui_setup_say (fx, "eu");
  pb_setup_window_set_mode (fx->window, "form");
  pb_setup_window_set_mode (fx->window, "agent");
  WAIT_FOR (!pb_setup_chat_get_busy (fx->chat));
  all = transcript_text (fx);
  g_assert_null (strstr (all, "Welcome back"));
  g_assert_null (strstr (all, "I need 4 things"));
  g_assert_null (strstr (all, "What is the scopes"));
}

/* A secret typed in secret mode but not yet stored survives the switch to the form. */
static void
test_typed_secret_kept_in_form (Fixture       *fx,
                                gconstpointer  data)
{
  GtkWidget *entry = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT, "secret_entry");
  GtkWidget *row;

  pb_test_ui_setup_say (fx, "eu");
  pb_test_ui_setup_say (fx, "acme-prod");
  g_assert_true (pb_setup_chat_get_secret_mode (fx->chat));
  gtk_editable_set_text (GTK_EDITABLE (entry), KEY_ONE);
  pb_setup_window_set_mode (fx->window, "form");
  row = pb_setup_form_get_row (fx->form, "api-key");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, KEY_ONE);
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "trust-03-form-kept-secret-1280.png");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
left_unfinished_cb (PbSetupWindow *window,
                    PbConnector   *connector,
                    PbConnector  **out)
{
  *out = connector;
}

/* Closing the setup partway keeps the answers in a draft connector that resumes. */
static void
test_close_keeps_draft (Fixture       *fx,
                        gconstpointer  data)
{
  PbConnector *draft = NULL;
  g_autoptr (PbSetupModel) resumed = NULL;

  g_signal_connect (fx->window, "left-unfinished", G_CALLBACK (left_unfinished_cb), &draft);
  pb_test_ui_setup_say (fx, "eu");
  pb_test_ui_setup_say (fx, "acme-prod");
  g_assert_null (pb_connector_store_find_by_name (fx->store, g_test_get_path ()));
  gtk_window_close (GTK_WINDOW (fx->window));
  pb_test_settle (50);
  g_assert_nonnull (draft);
  g_assert_true (pb_connector_store_find_by_name (fx->store, g_test_get_path ()) == draft);
  resumed = pb_setup_model_new_for_connector (fx->store, fx->definition, draft);
  g_assert_cmpstr (pb_setup_model_get_value (resumed, "workspace"), ==, "acme-prod");
  g_assert_cmpstr (pb_setup_model_get_value (resumed, "region"), ==, "eu");
  g_assert_false (pb_setup_model_is_complete (resumed));
}

/* A refused key: the message says where it was sent (not the key) and the other usual places
 * before blaming the key. */
static void
test_refused_says_placement (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *all = NULL;

  pb_setup_window_set_test_timeout (fx->window, 5);
  pb_setup_test_server_expect (fx->server, "X-API-Key", NULL, KEY_ONE);
  pb_test_ui_setup_say (fx, "eu");
  pb_test_ui_setup_say (fx, "acme-prod");
  pb_setup_chat_submit_secret (fx->chat, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->chat) && pb_setup_model_is_secret_set (fx->model, "api-key"));
  pb_test_ui_setup_say (fx, "no");
  pb_test_ui_setup_say (fx, "yes");
  WAIT_FOR (pb_setup_window_get_last_outcome (fx->window) != -1);
  g_assert_cmpint (pb_setup_window_get_last_outcome (fx->window), ==, PB_CHECK_REFUSED);
  all = transcript_text (fx);
  g_assert_nonnull (strstr (all, "header “Authorization” after the prefix “Bearer”"));
  g_assert_nonnull (strstr (all, "X-API-Key with no prefix"));
  g_assert_null (strstr (all, "CANARY"));
  pb_test_ui_screenshot (GTK_WIDGET (fx->window), "trust-06-refused-1280.png");
}

/* The assistant's test passed: the connector page says so (and when), not "Ready — Test the
 * connection…". Answering "no" to the test offers an example that fits this connector. */
static void
test_assistant_result_on_page (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *all = NULL;
  PbConnector *connector;
  GtkWidget *window, *page, *row;
  PbConnectionGroup *group;

  pb_catalog_add (pb_catalog_get_default (), fx->definition);
  pb_setup_window_set_test_timeout (fx->window, 5);
  pb_setup_test_server_expect (fx->server, "Authorization", NULL, "Bearer " KEY_ONE);
  pb_test_ui_setup_say (fx, "eu");
  pb_test_ui_setup_say (fx, "acme-prod");
  pb_setup_chat_submit_secret (fx->chat, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (fx->chat) && pb_setup_model_is_secret_set (fx->model, "api-key"));
  pb_test_ui_setup_say (fx, "no");
  pb_test_ui_setup_say (fx, "no");
  all = transcript_text (fx);
  g_test_message ("%s", all);
  g_assert_nonnull (strstr (all, "For example: “change the data region to United States”"));
  pb_test_ui_setup_say (fx, "test");
  WAIT_FOR (pb_setup_window_get_last_outcome (fx->window) != -1);
  g_assert_cmpint (pb_setup_window_get_last_outcome (fx->window), ==, PB_CHECK_OK);

  connector = pb_setup_model_get_connector (fx->model);
  window = adw_window_new ();
  page = pb_connector_page_new (fx->store, connector);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (window));
  group = pb_connector_page_get_connection_group (PB_CONNECTOR_PAGE (page));
  row = pb_test_ui_child (GTK_WIDGET (group), PB_TYPE_CONNECTION_GROUP, "status_row");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Connected");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Tested just now.");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The New Connector dialog: typing goes into the name; a catalog pick names the connector;
 * each title appears once. */
static void
test_new_connector_dialog (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "data", "trust-dialog.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autoptr (GError) error = NULL;
  PbWindow *window;
  GtkWindow *dialog;
  GtkWidget *name_row, *list, *focus;
  GtkWidget *row = NULL;

  g_assert_true (pb_connector_store_load (store, &error));
  window = pb_test_ui_open_window (app, store, 1280, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-connector", NULL));
  dialog = pb_test_ui_wait_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG);
  pb_test_settle (100);

  name_row = pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "name_row");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == name_row || gtk_widget_is_ancestor (focus, name_row));

  /* "Intercom" is one row's title only. */
  {
    GtkWidget *seen[3] = { NULL };
    guint n = 0;
    GtkWidget *label;

    while ((label = pb_test_ui_find_label (GTK_WIDGET (dialog), "Intercom")) != NULL && n < 3)
      {
        seen[n++] = label;
        gtk_label_set_label (GTK_LABEL (label), "seen");
      }
    g_assert_cmpuint (n, ==, 1);
    for (guint i = 0; i < n; i++)
      gtk_label_set_label (GTK_LABEL (seen[i]), "Intercom");
  }

  list = pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "catalog_list");
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_name (c), "github") == 0)
      row = c;
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "GitHub");
  pb_test_ui_screenshot (GTK_WIDGET (dialog), "trust-04-new-connector-1280.png");
  /* A typed name is the user's: another pick keeps it. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Work GitHub");
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_name (c), "stripe") == 0)
      gtk_widget_activate (c);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Work GitHub");

  gtk_window_destroy (dialog);
  pb_test_ui_close_window (GTK_WINDOW (window));
}

static gboolean
focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Keyboard: the highlighted row is the open page, Enter keeps the focus in the list, and a
 * connector just created gets the focus on its first empty setting. */
static void
test_sidebar_follows_keyboard (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "data", "trust-sidebar.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autoptr (GError) error = NULL;
  PbConnector *first, *second;
  PbWindow *window;
  GtkListBox *list;
  GtkListBoxRow *row;
  GtkWindow *dialog;
  GtkWidget *page;

  g_assert_true (pb_connector_store_load (store, &error));
  first = pb_connector_store_create (store, "Alpha", PB_CONNECTOR_KIND_API_KEY, &error);
  second = pb_connector_store_create (store, "Beta", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  window = pb_test_ui_open_window (app, store, 1280, 800);
  pb_window_show_connector (window, first);
  list = GTK_LIST_BOX (pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "connector_list"));

  /* The arrow keys move the selection (GtkListBox selects the cursor row): the page follows. */
  row = gtk_list_box_get_row_at_index (list, 1);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_list_box_select_row (list, row);
  page = pb_window_get_connector_page (window);
  g_assert_true (pb_connector_page_get_connector (PB_CONNECTOR_PAGE (page)) ==
                 pb_connector_row_get_connector (PB_CONNECTOR_ROW (row)));

  /* Enter on a row opens it and leaves the focus on it, not on the page's Delete. */
  row = gtk_list_box_get_row_at_index (list, 0);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_widget_activate (GTK_WIDGET (row));
  page = pb_window_get_connector_page (window);
  g_assert_true (pb_connector_page_get_connector (PB_CONNECTOR_PAGE (page)) ==
                 pb_connector_row_get_connector (PB_CONNECTOR_ROW (row)));
  g_assert_true (gtk_list_box_get_selected_row (list) == row);
  g_assert_true (focus_within (GTK_WIDGET (row)));

  /* A new connector: the focus is on its API key, the first empty required setting. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-connector", NULL));
  dialog = pb_test_ui_wait_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG,
                                                         "name_row")), "Gamma");
  pb_test_ui_click (pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "create_button"));
  WAIT_FOR (pb_test_ui_find_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG) == NULL);
  page = pb_window_get_connector_page (window);
  g_assert_cmpstr (pb_connector_get_name (pb_connector_page_get_connector (PB_CONNECTOR_PAGE (page))), ==, "Gamma");
  pb_test_settle (200);
  g_assert_true (focus_within (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "api_key_row")));
  pb_test_ui_screenshot (GTK_WIDGET (window), "trust-05-new-page-1280.png");
  /* The same header and prefix as the setup form and the CLI start with, shown, not implied. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "key_name_row"))),
                   ==, "Authorization");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "prefix_row"))),
                   ==, "Bearer");

  pb_test_ui_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  /* Animations stay on, as on a desktop: the choices must show after their transition too. */
  app = pb_test_ui_app_new (0);

#define ADD(path, func) \
  g_test_add ("/ui/trust/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("choices-all-shown", test_choices_all_shown);
  ADD ("resume-wording", test_resume_wording);
  ADD ("typed-secret-kept-in-form", test_typed_secret_kept_in_form);
  ADD ("close-keeps-draft", test_close_keeps_draft);
  ADD ("refused-says-placement", test_refused_says_placement);
  ADD ("assistant-result-on-page", test_assistant_result_on_page);
  g_test_add_func ("/ui/trust/new-connector-dialog", test_new_connector_dialog);
  g_test_add_func ("/ui/trust/sidebar-follows-keyboard", test_sidebar_follows_keyboard);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
