/* pb-setup-chat.c: Agent mode — the setup conversation, secret mode and its buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-assistant.h"
#include "pb-setup-chat.h"
#include "pb-sign-in.h"
#include "pb-wrap-layout.h"

struct _PbSetupChat
{
  GtkBox        parent_instance;

  PbSetupModel *model;
  PbAssistant  *assistant;
  GCancellable *cancellable;
  char         *secret_field;   /* set in secret mode */
  PbSetupMessage *offer;        /* the reply whose choices the buttons show */
  gboolean      started;
  gboolean      busy;
  gboolean      stick_to_end;
  guint         scroll_idle;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkListBox        *message_list;
  GtkRevealer       *choices_revealer;
  GtkBox            *choices_box;   /* laid out by a PbWrapLayout */
  GtkRevealer       *secret_banner;
  GtkLabel          *secret_banner_label;
  GtkStack          *input_stack;
  GtkEntry          *text_entry;
  GtkButton         *send_button;
  GtkPasswordEntry  *secret_entry;
  GtkButton         *secret_store_button;
};

G_DEFINE_FINAL_TYPE (PbSetupChat, pb_setup_chat, GTK_TYPE_BOX)

enum {
  TEST_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void send_event (PbSetupChat *self, PbAssistantEvent event, const char *text);

/* ---- bubbles ---- */

static GtkWidget *
create_bubble (gpointer item,
               gpointer user_data)
{
  PbSetupMessage *message = item;
  PbSetupRole role = pb_setup_message_get_role (message);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (pb_setup_message_get_text (message));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (bubble, "pb-bubble");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Selectable with the mouse (and copied with Ctrl+C, see copy_bubble_cb), read by screen
   * readers as a label, but no Tab stop: the transcript is one stop (its scroller), not one
   * a bubble, on the way to the choices and the entry (the list is not focusable either). */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_widget_add_css_class (label, "pb-bubble-text");

  switch (role)
    {
    case PB_SETUP_ROLE_USER:
      gtk_widget_add_css_class (bubble, "user");
      gtk_widget_set_halign (bubble, GTK_ALIGN_END);
      gtk_widget_set_margin_start (bubble, 48);
      break;
    case PB_SETUP_ROLE_STATUS:
      {
        gboolean ok = pb_setup_message_get_outcome (message) == PB_SETUP_OUTCOME_SUCCESS;
        GtkWidget *icon
          = gtk_image_new_from_icon_name (ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

        gtk_widget_add_css_class (bubble, "status");
        if (!ok)
          gtk_widget_add_css_class (bubble, "failure");
        gtk_widget_add_css_class (icon, ok ? "success" : "error");
        gtk_widget_set_valign (icon, GTK_ALIGN_START);
        gtk_box_append (GTK_BOX (bubble), icon);
        gtk_widget_set_halign (bubble, GTK_ALIGN_FILL);
      }
      break;
    case PB_SETUP_ROLE_ASSISTANT:
    default:
      gtk_widget_add_css_class (bubble, "assistant");
      gtk_widget_set_halign (bubble, GTK_ALIGN_START);
      gtk_widget_set_margin_end (bubble, 48);
      break;
    }

  if (role == PB_SETUP_ROLE_STATUS)
    {
      /* The outcome in bold, the explanation and the fix below it. */
      const char *text = pb_setup_message_get_text (message);
      const char *newline = strchr (text, '\n');
      g_autofree char *head = g_markup_escape_text (text, newline ? newline - text : -1);
      g_autofree char *rest = newline ? g_markup_escape_text (newline, -1) : g_strdup ("");
      g_autofree char *markup = g_strdup_printf ("<b>%s</b>%s", head, rest);

      gtk_label_set_markup (GTK_LABEL (label), markup);
    }

  gtk_box_append (GTK_BOX (bubble), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), bubble);
  return row;
}

static gboolean
scroll_to_end_idle (gpointer user_data)
{
  PbSetupChat *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scroll_idle = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                          - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

static void
upper_changed_cb (GtkAdjustment *adjustment,
                  PbSetupChat   *self)
{
  /* New messages scroll the conversation to its end, once the layout is done: before the
   * next frame, since a default idle can wait behind frames for as long as something moves
   * (a revealer sliding, a spinner) on a busy machine. */
  if (self->stick_to_end && self->scroll_idle == 0)
    self->scroll_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scroll_to_end_idle, self, NULL);
}

static void
transcript_changed_cb (PbSetupChat *self)
{
  self->stick_to_end = TRUE;
}

/* ---- modes ---- */

static void
update_sensitivity (PbSetupChat *self)
{
  /* Not the entries: making a focused entry insensitive loses its focus-out (GTK 4.8). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->secret_store_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choices_box), !self->busy);
}

static void
set_busy (PbSetupChat *self,
          gboolean     busy)
{
  self->busy = busy;
  update_sensitivity (self);
}

static void
enter_secret_mode (PbSetupChat *self,
                   const char  *field_name)
{
  const PbField *field
    = pb_definition_find_field (pb_setup_model_get_definition (self->model), field_name);

  g_free (self->secret_field);
  self->secret_field = g_strdup (field_name);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), "");
  if (field != NULL)
    g_object_set (self->secret_entry, "placeholder-text", field->title, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->secret_banner_label), "error");
  gtk_label_set_label (
    self->secret_banner_label,
    _("Your secret will be stored securely in the keyring and not sent to the assistant"));
  gtk_stack_set_visible_child_name (self->input_stack, "secret");
  gtk_revealer_set_reveal_child (self->secret_banner, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->secret_entry));
}

static void
leave_secret_mode (PbSetupChat *self)
{
  g_clear_pointer (&self->secret_field, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), "");
  gtk_stack_set_visible_child_name (self->input_stack, "text");
  gtk_revealer_set_reveal_child (self->secret_banner, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
}

static void
clear_choices (PbSetupChat *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))) != NULL)
    gtk_box_remove (self->choices_box, child);
  gtk_revealer_set_reveal_child (self->choices_revealer, FALSE);
  g_clear_object (&self->offer);
  /* Sending is the next step again. */
  gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
}

static void send_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
choice_clicked_cb (GtkButton   *button,
                   PbSetupChat *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pb-choice-index"));
  g_autoptr (PbSetupMessage) offer = NULL;

  /* The engine hears the choice's value, never the (translated) words on the button. */
  if (self->offer == NULL || self->busy)
    return;
  offer = g_steal_pointer (&self->offer);
  clear_choices (self);
  set_busy (self, TRUE);
  pb_assistant_choose_async (self->assistant, self->model, offer, index, self->cancellable,
                             send_cb, g_object_ref (self));
}

typedef struct {
  PbSetupChat *chat;
  GtkWidget *button;
} SignIn;

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SignIn *sign_in = user_data;
  PbSetupChat *self = sign_in->chat;
  g_autoptr (PbSetupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *text = NULL;
  gboolean signed_in;

  signed_in = pb_sign_in_finish (result, &warning, &error);
  if (self->model == NULL)
    ; /* the chat went away meanwhile */
  else if (signed_in)
    {
      text = g_strdup_printf (_("Connected — signed in to %s."),
                              pb_connector_get_name (pb_setup_model_get_connector (self->model)));
      message = pb_setup_message_new_status (text, PB_SETUP_OUTCOME_SUCCESS);
      pb_setup_model_add_message (self->model, message);
      if (warning != NULL)
        {
          g_autoptr (PbSetupMessage) note = pb_setup_message_new_status (warning,
                                                                        PB_SETUP_OUTCOME_NONE);
          pb_setup_model_add_message (self->model, note);
        }
      /* Signing in was the last step before the connection test. */
      clear_choices (self);
      g_signal_emit (self, signals[TEST_REQUESTED], 0);
    }
  else
    {
      if (!g_error_matches (error, PB_ERROR, PB_ERROR_CANCELLED))
        {
          message = pb_setup_message_new_status (error->message, PB_SETUP_OUTCOME_FAILURE);
          pb_setup_model_add_message (self->model, message);
        }
      gtk_widget_set_sensitive (sign_in->button, TRUE);
    }

  g_object_unref (sign_in->button);
  g_object_unref (sign_in->chat);
  g_free (sign_in);
}

static void
sign_in_clicked_cb (GtkButton   *button,
                    PbSetupChat *self)
{
  g_autoptr (GError) error = NULL;
  SignIn *sign_in;

  /* The same sign-in as the connector page's Connect button, on the connector being set up. */
  if (!pb_setup_model_apply (self->model, &error))
    {
      g_autoptr (PbSetupMessage) message
        = pb_setup_message_new_status (error->message, PB_SETUP_OUTCOME_FAILURE);

      pb_setup_model_add_message (self->model, message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  sign_in = g_new0 (SignIn, 1);
  sign_in->chat = g_object_ref (self);
  sign_in->button = g_object_ref (GTK_WIDGET (button));
  pb_sign_in_async (GTK_WIDGET (self), pb_setup_model_get_store (self->model),
                    pb_setup_model_get_connector (self->model), self->cancellable,
                    sign_in_done_cb, sign_in);
}

static void
test_clicked_cb (GtkButton   *button,
                 PbSetupChat *self)
{
  clear_choices (self);
  g_signal_emit (self, signals[TEST_REQUESTED], 0);
}

static GtkWidget *
add_choice (PbSetupChat *self,
            const char  *label,
            GCallback    callback,
            gboolean     suggested)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "pb-choice");
  /* One suggested button in view: a suggested choice (Sign In…, Test Again) is the next step,
   * so Send steps back while it shows. */
  if (suggested)
    {
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->send_button), "suggested-action");
    }
  g_signal_connect (button, "clicked", callback, self);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (self->choices_box, button);
  gtk_revealer_set_reveal_child (self->choices_revealer, TRUE);
  return button;
}

static void
handle_replies (PbSetupChat *self,
                GPtrArray   *replies)
{
  PbSetupMessage *last = replies->len ? g_ptr_array_index (replies, replies->len - 1) : NULL;

  clear_choices (self);
  if (last == NULL)
    return;

  switch (pb_setup_message_get_action (last))
    {
    case PB_SETUP_ACTION_REQUEST_SECRET:
      enter_secret_mode (self, pb_setup_message_get_field (last));
      break;

    case PB_SETUP_ACTION_CHOICES:
      {
        const char * const *choices = pb_setup_message_get_choices (last);

        g_set_object (&self->offer, last);
        for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
          {
            GtkWidget *button
              = add_choice (self, choices[i], G_CALLBACK (choice_clicked_cb), FALSE);

            g_object_set_data (G_OBJECT (button), "pb-choice-index", GUINT_TO_POINTER (i));
          }
      }
      break;

    case PB_SETUP_ACTION_SIGN_IN:
      add_choice (self, _("Sign In…"), G_CALLBACK (sign_in_clicked_cb), TRUE);
      break;

    case PB_SETUP_ACTION_RUN_TEST:
      g_signal_emit (self, signals[TEST_REQUESTED], 0);
      break;

    case PB_SETUP_ACTION_NONE:
    default:
      break;
    }
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (PbSetupChat) self = user_data;
  g_autoptr (GPtrArray) replies = NULL;
  g_autoptr (GError) error = NULL;

  replies = pb_assistant_send_finish (PB_ASSISTANT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (replies == NULL)
    {
      g_autoptr (PbSetupMessage) message
        = pb_setup_message_new_status (error->message, PB_SETUP_OUTCOME_FAILURE);
      pb_setup_model_add_message (self->model, message);
      return;
    }
  handle_replies (self, replies);
  if (!self->secret_field)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
}

static void
send_event (PbSetupChat      *self,
            PbAssistantEvent  event,
            const char       *text)
{
  g_return_if_fail (self->model != NULL);

  set_busy (self, TRUE);
  pb_assistant_send_async (self->assistant, self->model, event, text, self->cancellable,
                           send_cb, g_object_ref (self));
}

/* ---- secrets ---- */

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (PbSetupChat) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *field = NULL;

  if (!pb_setup_model_set_secret_finish (PB_SETUP_MODEL (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      /* Stay in secret mode and say why (the message never quotes the value). */
      gtk_label_set_label (self->secret_banner_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_banner_label), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->secret_entry));
      return;
    }

  field = g_strdup (self->secret_field);
  leave_secret_mode (self);
  send_event (self, PB_ASSISTANT_EVENT_SECRET_STORED, field);
}

static void
store_secret (PbSetupChat *self,
              const char  *field,
              const char  *secret)
{
  if (field != self->secret_field)
    {
      g_free (self->secret_field);
      self->secret_field = g_strdup (field);
    }
  set_busy (self, TRUE);
  pb_setup_model_set_secret_async (self->model, field, secret, self->cancellable,
                                   secret_stored_cb, g_object_ref (self));
}

static void
secret_store_clicked_cb (PbSetupChat *self)
{
  g_autofree char *secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_entry)));

  if (self->secret_field == NULL || self->busy || *secret == '\0')
    return;
  /* Out of the widget at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), "");
  store_secret (self, self->secret_field, secret);
  memset (secret, 0, strlen (secret));
}

static void
secret_cancel_clicked_cb (PbSetupChat *self)
{
  pb_setup_chat_cancel_secret (self);
}

static void
send_clicked_cb (PbSetupChat *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));

  g_strstrip (text);
  if (*text == '\0' || self->busy)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
  pb_setup_chat_send_text (self, text);
  memset (text, 0, strlen (text));
}

/* ---- public ---- */

void
pb_setup_chat_send_text (PbSetupChat *self,
                         const char  *text)
{
  const char *field = NULL;

  g_return_if_fail (PB_IS_SETUP_CHAT (self));

  /* A key pasted in the open goes to the keyring, not to the assistant or the transcript. */
  if (pb_assistant_text_is_secret (self->assistant, self->model, text, &field))
    {
      enter_secret_mode (self, field);
      store_secret (self, field, text);
      return;
    }
  clear_choices (self);
  send_event (self, PB_ASSISTANT_EVENT_USER_TEXT, text);
}

void
pb_setup_chat_submit_secret (PbSetupChat *self,
                             const char  *secret)
{
  g_return_if_fail (PB_IS_SETUP_CHAT (self));
  g_return_if_fail (self->secret_field != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), secret);
  secret_store_clicked_cb (self);
}

void
pb_setup_chat_cancel_secret (PbSetupChat *self)
{
  g_autofree char *field = g_strdup (self->secret_field);

  if (field == NULL)
    return;
  leave_secret_mode (self);
  send_event (self, PB_ASSISTANT_EVENT_SECRET_CANCELLED, field);
}

char *
pb_setup_chat_take_typed_secret (PbSetupChat  *self,
                                 const char  **field)
{
  const char *typed;
  char *secret;

  g_return_val_if_fail (PB_IS_SETUP_CHAT (self), NULL);

  typed = gtk_editable_get_text (GTK_EDITABLE (self->secret_entry));
  if (self->secret_field == NULL || self->busy || *typed == '\0')
    return NULL;
  secret = g_strdup (typed);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), "");
  if (field != NULL)
    *field = self->secret_field;
  return secret;
}

gboolean
pb_setup_chat_get_secret_mode (PbSetupChat *self)
{
  return self->secret_field != NULL;
}

gboolean
pb_setup_chat_get_busy (PbSetupChat *self)
{
  return self->busy;
}

void
pb_setup_chat_start (PbSetupChat *self)
{
  if (self->started)
    return;
  self->started = TRUE;
  send_event (self, PB_ASSISTANT_EVENT_START, NULL);
}

void
pb_setup_chat_resume (PbSetupChat *self)
{
  if (!self->started)
    {
      pb_setup_chat_start (self);
      return;
    }
  if (self->secret_field != NULL)
    leave_secret_mode (self);
  send_event (self, PB_ASSISTANT_EVENT_RESUME, NULL);
}

void
pb_setup_chat_set_model (PbSetupChat  *self,
                         PbSetupModel *model,
                         PbAssistant  *assistant)
{
  GListModel *transcript;

  g_return_if_fail (PB_IS_SETUP_CHAT (self));

  g_set_object (&self->model, model);
  g_set_object (&self->assistant, assistant);
  transcript = pb_setup_model_get_transcript (model);
  gtk_list_box_bind_model (self->message_list, transcript, create_bubble, NULL, NULL);
  g_signal_connect_object (transcript, "items-changed", G_CALLBACK (transcript_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
pb_setup_chat_dispose (GObject *object)
{
  PbSetupChat *self = PB_SETUP_CHAT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  g_clear_object (&self->assistant);
  g_clear_object (&self->model);
  g_clear_pointer (&self->secret_field, g_free);
  g_clear_object (&self->offer);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_SETUP_CHAT);

  G_OBJECT_CLASS (pb_setup_chat_parent_class)->dispose (object);
}

static void
pb_setup_chat_class_init (PbSetupChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_setup_chat_dispose;

  signals[TEST_REQUESTED] = g_signal_new ("test-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PB_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-setup-chat.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, scroller);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, message_list);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, choices_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, choices_box);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, secret_banner);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, secret_banner_label);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, input_stack);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, text_entry);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, send_button);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, secret_entry);
  gtk_widget_class_bind_template_child (widget_class, PbSetupChat, secret_store_button);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_store_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_cancel_clicked_cb);
}

static gboolean
secret_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       PbSetupChat           *self)
{
  /* Escape leaves secret mode (instead of closing the window). */
  if (keyval == GDK_KEY_Escape && self->secret_field != NULL && !self->busy)
    {
      pb_setup_chat_cancel_secret (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
copy_bubble_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  PbSetupChat *self = PB_SETUP_CHAT (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  int start, end;

  /* Ctrl+C copies what the mouse selected in a bubble, while the focus stays in the entry;
   * text selected in the entry is the entry's to copy. At most one bubble has a selection:
   * selecting text takes the primary selection from the one before. */
  if (GTK_IS_EDITABLE (focus) &&
      gtk_editable_get_selection_bounds (GTK_EDITABLE (focus), &start, &end))
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->message_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *bubble = GTK_IS_LIST_BOX_ROW (row)
                          ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)) : NULL;
      GtkWidget *label = bubble != NULL ? gtk_widget_get_last_child (bubble) : NULL;

      if (GTK_IS_LABEL (label) && gtk_label_get_selection_bounds (GTK_LABEL (label), &start, &end))
        return gtk_widget_activate_action (label, "clipboard.copy", NULL);
    }
  return FALSE;
}

static gboolean
scroll_transcript_cb (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  PbSetupChat *self = PB_SETUP_CHAT (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double page = gtk_adjustment_get_page_increment (adjustment);

  /* Page Up and Page Down scroll the transcript from the entry (as in Polari), since the
   * bubbles are no Tab stops. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                          + g_variant_get_int32 (args) * page);
  return TRUE;
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              GtkShortcutFunc        func,
              GVariant              *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                            gtk_callback_action_new (func, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
pb_setup_chat_init (PbSetupChat *self)
{
  GtkAdjustment *adjustment;
  GtkEventController *keys;
  GtkEventController *shortcuts;

  self->cancellable = g_cancellable_new ();
  self->stick_to_end = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (secret_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->secret_entry), keys);
  /* Before the entry sees the keys: its own Ctrl+C would swallow them. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>c|<Control>Insert",
                copy_bubble_cb, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "Page_Up", scroll_transcript_cb,
                g_variant_new_int32 (-1));
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "Page_Down", scroll_transcript_cb,
                g_variant_new_int32 (1));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (upper_changed_cb), self, 0);
}

void
pb_setup_chat_offer_retest (PbSetupChat *self)
{
  clear_choices (self);
  add_choice (self, _("Test Again"), G_CALLBACK (test_clicked_cb), TRUE);
}
