/* test-ui-screens.c: the setup window (Assistant and Form), the New Connector dialog and a
 * connector page at 1280 and 400 px under Xvfb, driven through the real widgets, each
 * checked as a designer would (nothing cut off, no sideways scrolling, a whole title, one
 * suggested button) and saved as a PNG to look at.
 *
 * PB_SCREENSHOT_DIR=dir saves the PNGs.
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
#include "pb-setup-test-server.h"
#include "pb-setup-window.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-window.h"

#define KEY_ONE "acme_CANARYone00000000001"

static PbApplication *app;

/* Checks WINDOW and saves it as PREFIX-WIDTH.png. */
static void
look_at (GtkWidget  *window,
         GtkWidget  *shown,      /* what the PNG shows (a dialog over WINDOW) */
         const char *prefix)
{
  GtkWindow *parent = GTK_IS_WINDOW (shown) ? gtk_window_get_transient_for (GTK_WINDOW (shown))
                                            : NULL;
  int width = gtk_widget_get_width (parent != NULL ? GTK_WIDGET (parent) : window);
  g_autofree char *name = g_strdup_printf ("%s-%d.png", prefix, width > 600 ? 1280 : 400);

  pb_test_ui_screenshot (shown, name);
  pb_test_ui_assert_fits (window);
}

/* The conversation is scrolled to its end: the last message shows whole above the input. */
static void
assert_latest_message_shown (PbSetupChat *chat)
{
  GtkWidget *scroller = pb_test_ui_child (GTK_WIDGET (chat), PB_TYPE_SETUP_CHAT, "scroller");
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  /* Once the layout a busy machine may still owe is done. */
  WAIT_FOR (gtk_adjustment_get_value (v) + gtk_adjustment_get_page_size (v) >=
            gtk_adjustment_get_upper (v) - 1);
  g_test_message ("conversation: %.0f + %.0f of %.0f", gtk_adjustment_get_value (v),
                  gtk_adjustment_get_page_size (v), gtk_adjustment_get_upper (v));
}

static void
set_mode (PbSetupWindow *window,
          const char    *mode)
{
  GtkWidget *stack = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_SETUP_WINDOW, "stack");

  pb_setup_window_set_mode (window, mode);
  WAIT_FOR (!gtk_stack_get_transition_running (GTK_STACK (stack)));
  pb_test_settle (300);
}

static void
test_setup_window (void)
{
  PbSetupTestServer *server = pb_setup_test_server_new ();
  g_autoptr (PbDefinition) definition = pb_test_ui_setup_definition (server, NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  g_autoptr (PbSetupModel) model = NULL;
  g_autoptr (GError) error = NULL;
  PbSetupWindow *window;
  PbSetupChat *chat;

  g_assert_true (pb_connector_store_load (store, &error));
  model = pb_setup_model_new (store, definition, "Acme Production");
  window = pb_setup_window_new (NULL, model);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  chat = pb_setup_window_get_chat (window);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_FOR (!pb_setup_chat_get_busy (chat));
  pb_setup_chat_send_text (chat, "eu");
  WAIT_FOR (!pb_setup_chat_get_busy (chat));
  pb_setup_chat_send_text (chat, "acme-prod");
  WAIT_FOR (!pb_setup_chat_get_busy (chat));
  pb_test_settle (500);

  look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-01-setup-agent");
  assert_latest_message_shown (chat);
  set_mode (window, "form");
  look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-02-setup-form");

  pb_test_ui_resize (GTK_WINDOW (window), 400, 760);
  look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-02-setup-form");
  set_mode (window, "agent");
  look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-01-setup-agent");
  assert_latest_message_shown (chat);

  /* A test the API refuses: the explanation in view above "Test Again", the one blue button. */
  pb_setup_window_set_test_timeout (window, 5);
  pb_setup_test_server_expect (server, "Authorization", NULL, "Bearer acme_SomeOtherKey000000");
  pb_setup_chat_submit_secret (chat, KEY_ONE);
  WAIT_FOR (!pb_setup_chat_get_busy (chat) && pb_setup_model_is_secret_set (model, "api-key"));
  pb_setup_chat_send_text (chat, "no");
  WAIT_FOR (!pb_setup_chat_get_busy (chat));
  pb_setup_chat_send_text (chat, "test");
  WAIT_FOR (pb_setup_window_get_last_outcome (window) != -1);
  g_assert_cmpint (pb_setup_window_get_last_outcome (window), ==, PB_CHECK_REFUSED);
  WAIT_FOR (!pb_setup_chat_get_busy (chat));
  pb_test_settle (300);
  look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-05-setup-test-refused");
  assert_latest_message_shown (chat);
  pb_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-05-setup-test-refused");
  assert_latest_message_shown (chat);

  pb_test_ui_close_window (GTK_WINDOW (window));
  pb_setup_test_server_free (server);
}

static void
test_new_connector_and_page (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "data", "screens.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autoptr (GError) error = NULL;
  PbConnector *connector;
  PbWindow *window;
  GtkWindow *dialog;
  GtkWidget *name_row;

  g_assert_true (pb_connector_store_load (store, &error));
  connector = pb_connector_store_create (store, "HubSpot API", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_nonnull (connector);
  pb_connector_set_base_url (connector, "https://api.hubapi.com");
  g_assert_nonnull (pb_connector_store_create (store, "Example Provider",
                                               PB_CONNECTOR_KIND_OAUTH2, &error));
  window = pb_test_ui_open_window (app, store, 1280, 800);
  pb_window_show_connector (window, connector);
  pb_test_settle (300);

  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          pb_test_ui_resize (GTK_WINDOW (window), 400, 760);
          pb_window_show_connector (window, connector);
          pb_test_settle (500);
        }
      look_at (GTK_WIDGET (window), GTK_WIDGET (window), "screens-03-connector-page");

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-connector", NULL));
      dialog = pb_test_ui_wait_toplevel (PB_TYPE_NEW_CONNECTOR_DIALOG);
      /* On a screen 400 px wide the dialog is no wider (its footer buttons wrap). */
      if (pass == 1)
        pb_test_ui_resize (dialog, 400, 700);
      name_row = pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG, "name_row");
      gtk_editable_set_text (GTK_EDITABLE (name_row), "Stripe Billing");
      pb_test_settle (300);
      /* The dialog as it fits on a screen as wide as the window. */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=,
                       gtk_widget_get_width (GTK_WIDGET (window)));
      look_at (GTK_WIDGET (dialog), GTK_WIDGET (dialog), "screens-04-new-connector");
      {
        GtkWidget *assist = pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG,
                                              "builder_assist_button");
        GtkWidget *import = pb_test_ui_child (GTK_WIDGET (dialog), PB_TYPE_NEW_CONNECTOR_DIALOG,
                                              "import_manifest_button");
        graphene_rect_t a, b;

        /* The Builder's two ways in: side by side on a desktop, one above the other at 400. */
        g_assert_true (gtk_widget_compute_bounds (assist, GTK_WIDGET (dialog), &a));
        g_assert_true (gtk_widget_compute_bounds (import, GTK_WIDGET (dialog), &b));
        if (pass == 0)
          g_assert_cmpfloat (a.origin.y, ==, b.origin.y);
        else
          g_assert_cmpfloat (b.origin.y, >=, a.origin.y + a.size.height);
      }
      gtk_window_destroy (dialog);
      pb_test_settle (100);
    }

  pb_test_ui_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  app = pb_test_ui_app_new (0);

  g_test_add_func ("/ui/screens/setup-window", test_setup_window);
  g_test_add_func ("/ui/screens/new-connector-and-page", test_new_connector_and_page);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
