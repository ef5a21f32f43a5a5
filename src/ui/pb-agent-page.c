/* pb-agent-page.c: one agent: name, instructions with their mentions, connectors, token, calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-agent-page.h"
#include "pb-recent-calls.h"
#include "pb-window.h"

#define EDIT_DELAY_MS 300

struct _PbAgentPage
{
  GtkBox parent_instance;

  PbBroker *broker;
  PbAgentStore *store;
  PbAgent *agent;
  GPtrArray *mentions;          /* PbMention*, for the text as last highlighted */
  GPtrArray *connector_rows;
  guint edit_id;
  guint updating;

  /* Template widgets */
  GtkWidget *back_button;
  GtkWidget *delete_button;
  GtkWidget *copy_mcp_button;
  GtkWidget *token_button;
  AdwWindowTitle *window_title;
  AdwPreferencesPage *preferences_page;
  AdwEntryRow *name_row;
  GtkTextView *instructions_view;
  GtkLabel *mentions_label;
  AdwPreferencesGroup *connectors_group;
  GtkWidget *no_connectors_row;
  AdwActionRow *token_row;
  AdwActionRow *broker_row;
  PbRecentCalls *recent_calls;
};

G_DEFINE_FINAL_TYPE (PbAgentPage, pb_agent_page, GTK_TYPE_BOX)

enum {
  BACK,
  DELETED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

static const char *
state_label (PbConnectorState state)
{
  switch (state)
    {
    case PB_CONNECTOR_STATE_READY:
      return _("Ready");
    case PB_CONNECTOR_STATE_NEEDS_ATTENTION:
      return _("Needs attention");
    case PB_CONNECTOR_STATE_RECONNECT_NEEDED:
      return _("Reconnect needed");
    case PB_CONNECTOR_STATE_NEEDS_SETUP:
    default:
      return _("Needs setup");
    }
}

static void
toast (PbAgentPage *self,
       const char  *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (PB_IS_WINDOW (root))
    pb_window_add_toast (PB_WINDOW (root), title);
}

/* Highlights resolved mentions and underlines unresolved ones; lists what is missing. */
static void
highlight (PbAgentPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->instructions_view);
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_clear_pointer (&self->mentions, g_ptr_array_unref);
  self->mentions = pb_mentions_find (text, G_LIST_MODEL (pb_agent_store_get_connectors (
                                                           self->store)));

  for (guint i = 0; i < self->mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (self->mentions, i);
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_offset (buffer, &a, g_utf8_pointer_to_offset (text,
                                                                                text + m->start));
      gtk_text_buffer_get_iter_at_offset (buffer, &b, g_utf8_pointer_to_offset (text,
                                                                                text + m->end));
      gtk_text_buffer_apply_tag_by_name (buffer, m->connector_id != NULL ? "mention"
                                                                         : "unresolved",
                                         &a, &b);
      if (m->connector_id == NULL)
        {
          g_autofree char *line = pb_mention_describe (m);

          g_string_append_printf (problems, "%s%s", problems->len > 0 ? "\n" : "", line);
        }
    }
  gtk_label_set_text (self->mentions_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->mentions_label), problems->len > 0);
}

static void
refresh_connectors (PbAgentPage *self)
{
  g_autoptr (GPtrArray) connectors = pb_agent_store_list_connectors (self->store, self->agent);

  for (guint i = 0; i < self->connector_rows->len; i++)
    adw_preferences_group_remove (self->connectors_group, self->connector_rows->pdata[i]);
  g_ptr_array_set_size (self->connector_rows, 0);
  gtk_widget_set_visible (self->no_connectors_row, connectors->len == 0);

  for (guint i = 0; i < connectors->len; i++)
    {
      PbConnector *c = g_ptr_array_index (connectors, i);
      PbConnectorState state = pb_connector_get_state (c);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pb_connector_get_name (c));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state_label (state));
      if (state == PB_CONNECTOR_STATE_RECONNECT_NEEDED ||
          state == PB_CONNECTOR_STATE_NEEDS_ATTENTION)
        gtk_widget_add_css_class (row, "error");
      adw_preferences_group_add (self->connectors_group, row);
      g_ptr_array_add (self->connector_rows, row);
    }
}

static void
refresh (PbAgentPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->instructions_view);
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  self->updating++;
  adw_window_title_set_title (self->window_title, pb_agent_get_name (self->agent));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                 pb_agent_get_name (self->agent)) != 0 &&
      !gtk_widget_has_focus (GTK_WIDGET (self->name_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), pb_agent_get_name (self->agent));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* Not while the user types (the edit is on its way to the store). */
  if (self->edit_id == 0 && g_strcmp0 (shown, pb_agent_get_instructions (self->agent)) != 0)
    gtk_text_buffer_set_text (buffer, pb_agent_get_instructions (self->agent), -1);
  self->updating--;

  highlight (self);
  refresh_connectors (self);
  adw_action_row_set_subtitle (self->token_row, pb_agent_has_token (self->agent)
                               ? _("Set: only its holder knows it")
                               : _("None yet: make one to let the agent call the broker"));
  pb_recent_calls_set_filter (self->recent_calls, pb_agent_get_name (self->agent), NULL);
}

static gboolean
edit_cb (gpointer user_data)
{
  PbAgentPage *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->instructions_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  self->edit_id = 0;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  pb_agent_store_set_instructions (self->store, self->agent, text);
  refresh_connectors (self);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (PbAgentPage *self)
{
  if (self->updating > 0)
    return;
  highlight (self);
  g_clear_handle_id (&self->edit_id, g_source_remove);
  self->edit_id = g_timeout_add (EDIT_DELAY_MS, edit_cb, self);
}

static gboolean
instructions_query_tooltip_cb (PbAgentPage *self,
                               int          x,
                               int          y,
                               gboolean     keyboard,
                               GtkTooltip  *tooltip)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->instructions_view);
  g_autofree char *text = NULL;
  GtkTextIter iter, start, end;
  int bx, by;
  gsize byte;

  if (self->mentions == NULL || keyboard)
    return FALSE;
  gtk_text_view_window_to_buffer_coords (self->instructions_view, GTK_TEXT_WINDOW_WIDGET, x, y,
                                         &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->instructions_view, &iter, bx, by))
    return FALSE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  byte = g_utf8_offset_to_pointer (text, gtk_text_iter_get_offset (&iter)) - text;
  for (guint i = 0; i < self->mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (self->mentions, i);

      if (byte >= m->start && byte < m->end)
        {
          g_autofree char *description = pb_mention_describe (m);

          gtk_tooltip_set_text (tooltip, description);
          return TRUE;
        }
    }
  return FALSE;
}

static void
name_row_apply_cb (PbAgentPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!pb_agent_store_rename (self->store, self->agent,
                              gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &error))
    {
      toast (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

static void
back_button_clicked_cb (PbAgentPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

char *
pb_agent_page_mcp_config (PbAgentPage *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GString) key = g_string_new ("plugboard-");

  /* "plugboard-support-digest": a key MCP clients show and accept. */
  for (const char *p = pb_agent_get_name (self->agent); *p != '\0'; p++)
    g_string_append_c (key, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '-');
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mcpServers");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, key->str);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, "plugboard-cli");
  json_builder_set_member_name (builder, "args");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "mcp");
  json_builder_add_string_value (builder, "--agent");
  json_builder_add_string_value (builder, pb_agent_get_name (self->agent));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
copy_mcp_button_clicked_cb (PbAgentPage *self)
{
  g_autofree char *config = pb_agent_page_mcp_config (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), config);
  toast (self, _("MCP configuration copied"));
}

static void
token_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          PbAgentPage      *self)
{
  char *token = g_object_get_data (G_OBJECT (dialog), "token");

  if (g_strcmp0 (response, "copy") == 0)
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), token);
      toast (self, _("Token copied"));
    }
}

static void
wipe_free (char *secret)
{
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
token_button_clicked_cb (PbAgentPage *self)
{
  g_autoptr (GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  char *token = pb_agent_new_token (self->agent);
  g_autofree char *heading = g_strdup_printf (_("New Token for “%s”"),
                                              pb_agent_get_name (self->agent));
  AdwMessageDialog *dialog;
  GtkWidget *label;

  if (!pb_agent_store_save (self->store, &error))
    {
      wipe_free (token);
      toast (self, error->message);
      return;
    }
  refresh (self);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
    _("Give it to the agent as “Authorization: Bearer TOKEN”. It is shown only now; the "
      "previous token no longer works.")));
  label = gtk_label_new (token);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), "copy", _("C_opy"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "copy");
  adw_message_dialog_set_close_response (dialog, "close");
  /* The token lives as long as the dialog and is wiped with it. */
  g_object_set_data_full (G_OBJECT (dialog), "token", token, (GDestroyNotify) wipe_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (token_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PbAgentPage      *self)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  name = g_strdup (pb_agent_get_name (self->agent));
  g_clear_handle_id (&self->edit_id, g_source_remove);
  pb_agent_store_delete (self->store, self->agent);
  pb_agent_store_save (self->store, NULL);
  message = g_strdup_printf (_("“%s” deleted"), name);
  toast (self, message);
  g_signal_emit (self, signals[DELETED], 0);
}

static void
delete_button_clicked_cb (PbAgentPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"),
                                              pb_agent_get_name (self->agent));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
    _("Its token stops working at once. Its connectors are not touched.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
pb_agent_page_dispose (GObject *object)
{
  PbAgentPage *self = PB_AGENT_PAGE (object);

  /* An edit still waiting is saved, not lost. */
  if (self->edit_id != 0)
    {
      g_clear_handle_id (&self->edit_id, g_source_remove);
      edit_cb (self);
    }
  if (self->agent != NULL)
    g_signal_handlers_disconnect_by_data (self->agent, self);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (pb_agent_store_get_connectors (self->store), self);
    }
  g_clear_object (&self->agent);
  g_clear_object (&self->store);
  g_clear_object (&self->broker);
  g_clear_pointer (&self->mentions, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_AGENT_PAGE);

  G_OBJECT_CLASS (pb_agent_page_parent_class)->dispose (object);
}

static void
pb_agent_page_finalize (GObject *object)
{
  PbAgentPage *self = PB_AGENT_PAGE (object);

  g_ptr_array_unref (self->connector_rows);

  G_OBJECT_CLASS (pb_agent_page_parent_class)->finalize (object);
}

static void
pb_agent_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbAgentPage *self = PB_AGENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, gtk_widget_get_visible (self->back_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_agent_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbAgentPage *self = PB_AGENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      pb_agent_page_set_folded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_agent_page_class_init (PbAgentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_agent_page_dispose;
  object_class->finalize = pb_agent_page_finalize;
  object_class->get_property = pb_agent_page_get_property;
  object_class->set_property = pb_agent_page_set_property;

  /* The window is folded: show the back button. */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plugboard/Plugboard/ui/"
                                               "pb-agent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, copy_mcp_button);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, token_button);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, instructions_view);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, mentions_label);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, connectors_group);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, no_connectors_row);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, PbAgentPage, broker_row);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_mcp_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, instructions_query_tooltip_cb);
}

static void
pb_agent_page_init (PbAgentPage *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->connector_rows = g_ptr_array_new ();
  buffer = gtk_text_view_get_buffer (self->instructions_view);
  gtk_text_buffer_create_tag (buffer, "mention", "weight", PANGO_WEIGHT_BOLD,
                              "background", "rgba(53,132,228,0.18)", NULL);
  gtk_text_buffer_create_tag (buffer, "unresolved", "underline", PANGO_UNDERLINE_ERROR, NULL);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_buffer_changed), self);
  gtk_widget_set_visible (self->back_button, FALSE);
}

GtkWidget *
pb_agent_page_new (PbBroker *broker,
                   PbAgent  *agent)
{
  PbAgentPage *self = g_object_new (PB_TYPE_AGENT_PAGE, NULL);
  g_autofree char *url = pb_broker_get_url (broker);

  self->broker = g_object_ref (broker);
  self->store = g_object_ref (pb_broker_get_agents (broker));
  self->agent = g_object_ref (agent);
  self->recent_calls = PB_RECENT_CALLS (pb_recent_calls_new (pb_broker_get_audit (broker),
                                                             pb_agent_get_name (agent), NULL));
  adw_preferences_page_add (self->preferences_page, ADW_PREFERENCES_GROUP (self->recent_calls));
  if (url != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s/connectors/NAME/PATH", url);

      adw_action_row_set_subtitle (self->broker_row, where);
    }
  else
    adw_action_row_set_subtitle (self->broker_row, _("Not running"));

  g_signal_connect_swapped (agent, "notify::modified", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->store, "reloaded", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (pb_agent_store_get_connectors (self->store), "saved",
                            G_CALLBACK (refresh), self);
  g_signal_connect_swapped (pb_agent_store_get_connectors (self->store), "reloaded",
                            G_CALLBACK (refresh), self);
  refresh (self);
  return GTK_WIDGET (self);
}

PbAgent *
pb_agent_page_get_agent (PbAgentPage *self)
{
  return self->agent;
}

void
pb_agent_page_set_folded (PbAgentPage *self,
                          gboolean     folded)
{
  gtk_widget_set_visible (self->back_button, folded);
}
