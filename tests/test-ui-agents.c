/* test-ui-agents.c: the Agents section of the window driven through its real widgets under Xvfb,
 * with the app's own stores, audit trail and broker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-agent-list.h"
#include "pb-agent-page.h"
#include "pb-connector-page.h"
#include "pb-recent-calls.h"
#include "pb-test-ui.h"

#define AGENT_CHILD(page, name) pb_test_ui_child ((page), PB_TYPE_AGENT_PAGE, (name))

static PbApplication *app;

static gboolean
has_tag_at (GtkTextBuffer *buffer,
            const char    *needle,
            const char    *tag_name)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end, at;
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  const char *found;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  found = strstr (text, needle);
  g_assert_nonnull (found);
  gtk_text_buffer_get_iter_at_offset (buffer, &at, g_utf8_pointer_to_offset (text, found));
  return gtk_text_iter_has_tag (&at, tag);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static void
broker_answer_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  guint *status = user_data;
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);

  *status = soup_message_get_status (soup_session_get_async_result_message (
    SOUP_SESSION (source), result));
}

static void
test_agents_view (void)
{
  PbConnectorStore *store = pb_application_get_store (app);
  PbAgentStore *agents = pb_application_get_agent_store (app);
  PbAuditLog *audit = pb_application_get_audit_log (app);
  g_autoptr (GError) error = NULL;
  PbWindow *window;
  GtkWidget *agent_list, *page, *view, *mentions_label, *token_button;
  GtkStack *content_stack;
  GtkTextBuffer *buffer;
  PbConnector *local;
  PbAgent *agent;
  AdwMessageDialog *dialog;
  g_autofree char *clip = NULL;
  g_autofree char *config = NULL;

  local = pb_connector_store_create (store, "Local API", PB_CONNECTOR_KIND_API_KEY, &error);
  pb_connector_set_base_url (local, "http://127.0.0.1:9/v1");
  pb_connector_store_create (store, "Zendesk", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_state (local, PB_CONNECTOR_STATE_RECONNECT_NEEDED, NULL);

  window = pb_test_ui_open_window (app, NULL, 1000, 760);
  content_stack = GTK_STACK (pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW,
                                                "content_stack"));

  /* + in the Agents section: a new agent, its page opens. */
  agent_list = pb_test_ui_child (GTK_WIDGET (window), PB_TYPE_WINDOW, "agent_list");
  g_signal_emit_by_name (pb_test_ui_child (agent_list, PB_TYPE_AGENT_LIST, "add_button"),
                         "clicked");
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (content_stack), "agent") == 0);
  page = gtk_stack_get_visible_child (content_stack);
  g_assert_true (PB_IS_AGENT_PAGE (page));
  agent = pb_agent_page_get_agent (PB_AGENT_PAGE (page));
  g_assert_cmpstr (pb_agent_get_name (agent), ==, "New Agent");
  g_assert_nonnull (pb_agent_store_find_by_name (agents, "New Agent"));

  /* Instructions: the mention is highlighted and linked; the typo is underlined, with advice. */
  view = AGENT_CHILD (page, "instructions_view");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, "Use my Local API connector and my Zendsk connector.", -1);
  WAIT_FOR (pb_agent_get_n_links (agent) == 1);
  g_assert_true (pb_agent_has_link (agent, pb_connector_get_id (local)));
  g_assert_true (has_tag_at (buffer, "my Local API", "mention"));
  g_assert_true (has_tag_at (buffer, "my Zendsk", "unresolved"));
  g_assert_false (has_tag_at (buffer, "Use", "mention"));
  mentions_label = AGENT_CHILD (page, "mentions_label");
  g_assert_true (gtk_widget_get_visible (mentions_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (mentions_label)),
                            "Did you mean “Zendesk”?"));
  {
    /* The connector's state shows on the agent: "Reconnect needed". */
    GtkWidget *group = AGENT_CHILD (page, "connectors_group");
    GtkWidget *row = pb_test_ui_find_descendant (group, ADW_TYPE_ACTION_ROW);
    gboolean found = FALSE;

    for (; row != NULL; row = gtk_widget_get_next_sibling (row))
      if (ADW_IS_ACTION_ROW (row) && gtk_widget_get_visible (row) &&
          g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                     "Reconnect needed") == 0)
        found = TRUE;
    g_assert_true (found);
  }

  /* Rename through the name row. */
  gtk_editable_set_text (GTK_EDITABLE (AGENT_CHILD (page, "name_row")),
                         "Support Bot");
  g_signal_emit_by_name (AGENT_CHILD (page, "name_row"), "apply");
  g_assert_cmpstr (pb_agent_get_name (agent), ==, "Support Bot");

  /* A new token: shown once in a dialog, only its hash kept. */
  token_button = AGENT_CHILD (page, "token_button");
  g_signal_emit_by_name (token_button, "clicked");
  dialog = ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  {
    GtkWidget *label = adw_message_dialog_get_extra_child (dialog);
    const char *token = gtk_label_get_text (GTK_LABEL (label));
    g_autofree char *agents_file = NULL;

    g_assert_true (g_str_has_prefix (token, "pba_"));
    g_assert_true (pb_agent_check_token (agent, token));
    g_assert_true (g_file_get_contents (pb_agent_store_get_path (agents), &agents_file, NULL,
                                        NULL));
    g_assert_null (strstr (agents_file, token));
    pb_test_settle (300);
    pb_test_ui_screenshot (GTK_WIDGET (dialog), "agent-token-dialog.png");
    adw_message_dialog_response (dialog, "copy");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Copy MCP configuration. */
  config = pb_agent_page_mcp_config (PB_AGENT_PAGE (page));
  g_assert_nonnull (strstr (config, "\"mcpServers\""));
  g_assert_nonnull (strstr (config, "\"plugboard-support-bot\""));
  g_assert_nonnull (strstr (config, "\"Support Bot\""));
  g_signal_emit_by_name (AGENT_CHILD (page, "copy_mcp_button"), "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (page), NULL, clipboard_read_cb,
                                 &clip);
  WAIT_FOR (clip != NULL);
  g_assert_cmpstr (clip, ==, config);

  /* Recent calls: an entry of the broker's audit trail appears on the agent's page. */
  {
    PbAuditEntry entry = { .time = g_get_real_time (), .agent = "Support Bot",
                           .connector = "Local API", .method = "GET", .host = "127.0.0.1",
                           .path = "/tickets", .status = 200, .duration_ms = 12, .bytes = 42,
                           .via = "broker" };
    PbRecentCalls *calls
      = PB_RECENT_CALLS (pb_test_ui_find_descendant (page, PB_TYPE_RECENT_CALLS));

    g_assert_nonnull (calls);
    g_assert_true (pb_audit_log_append (audit, &entry, &error));
    WAIT_FOR (pb_recent_calls_get_count (calls) == 1);
  }
  pb_test_settle (300);
  pb_test_ui_screenshot (GTK_WIDGET (window), "agent-page.png");

  /* The broker runs while the app is open, on 127.0.0.1. */
  {
    g_autofree char *url = g_strconcat (pb_broker_get_url (pb_application_get_broker (app)),
                                        "/connectors/Local%20API/x", NULL);
    g_autoptr (SoupSession) session = soup_session_new ();
    g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
    guint status = 0;

    g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, broker_answer_cb,
                                      &status);
    WAIT_FOR (status != 0);
    g_assert_cmpuint (status, ==, 401);
  }

  /* The connector's page: its recent use, and a delete dialog naming the agent it breaks. */
  pb_window_show_connector (window, local);
  WAIT_FOR (PB_IS_CONNECTOR_PAGE (gtk_stack_get_visible_child (content_stack)));
  page = gtk_stack_get_visible_child (content_stack);
  g_assert_null (gtk_stack_get_child_by_name (content_stack, "agent"));
  {
    PbRecentCalls *calls
      = PB_RECENT_CALLS (pb_test_ui_find_descendant (page, PB_TYPE_RECENT_CALLS));

    g_assert_nonnull (calls);
    g_assert_cmpuint (pb_recent_calls_get_count (calls), ==, 1);
  }
  g_signal_emit_by_name (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "delete_button"),
                         "clicked");
  dialog = ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Support Bot”"));
  pb_test_settle (300);
  pb_test_ui_screenshot (GTK_WIDGET (window), "connector-delete-names-agents.png");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Back to the agent, then delete it. */
  pb_agent_list_select (PB_AGENT_LIST (agent_list), agent);
  g_signal_emit_by_name (agent_list, "agent-activated", agent);
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (content_stack), "agent") == 0);
  page = gtk_stack_get_visible_child (content_stack);
  g_signal_emit_by_name (AGENT_CHILD (page, "delete_button"), "clicked");
  dialog = ADW_MESSAGE_DIALOG (pb_test_ui_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (pb_agent_store_find_by_name (agents, "Support Bot") == NULL);
  g_assert_null (gtk_stack_get_child_by_name (content_stack, "agent"));

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

  g_test_add_func ("/ui/agents/view", test_agents_view);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
