/* pb-setup-window.c: setting one connector up, by chatting or with a form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-rule-assistant.h"
#include "pb-application.h"
#include "pb-setup-window.h"

struct _PbSetupWindow
{
  AdwWindow     parent_instance;

  PbSetupModel *model;
  PbAssistant  *assistant;
  GCancellable *cancellable;
  guint         test_timeout;
  gboolean      testing;
  gboolean      succeeded;   /* the test passed: closing is the end of the setup */
  int           last_outcome;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkToggleButton *agent_button;
  GtkToggleButton *form_button;
  GtkLabel        *progress_label;
  GtkProgressBar  *progress_bar;
  GtkStack        *stack;
  PbSetupChat     *chat;
  PbSetupForm     *form;
};

G_DEFINE_FINAL_TYPE (PbSetupWindow, pb_setup_window, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  LEFT_UNFINISHED,
  TEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_progress (PbSetupWindow *self)
{
  guint done = pb_setup_model_get_n_required_done (self->model);
  guint total = pb_setup_model_get_n_required (self->model);
  g_autofree char *text = g_strdup_printf (_("%u of %u required"), done, total);

  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, pb_setup_model_get_progress (self->model));
}

static void
mode_toggled_cb (PbSetupWindow   *self,
                 GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->form_button)
    {
      const char *field = NULL;
      g_autofree char *typed = pb_setup_chat_take_typed_secret (self->chat, &field);
      GtkWidget *row = typed ? pb_setup_form_get_row (self->form, field) : NULL;

      gtk_stack_set_visible_child_name (self->stack, "form");
      /* A key typed but not sent yet goes on, masked, in the form's field: never dropped. */
      if (row != NULL && GTK_IS_EDITABLE (row))
        {
          gtk_editable_set_text (GTK_EDITABLE (row), typed);
          gtk_widget_grab_focus (row);
        }
      if (typed != NULL)
        memset (typed, 0, strlen (typed));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "agent");
      /* Back from the form: the assistant says where things stand. */
      pb_setup_chat_resume (self->chat);
    }
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (PbSetupWindow) self = user_data;
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSetupMessage) message = NULL;
  g_autofree char *text = NULL;

  check = pb_connection_test_run_finish (PB_CONNECTION_TEST (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->testing = FALSE;

  if (check == NULL)
    {
      text = g_strdup (error->message);
      self->last_outcome = PB_CHECK_NETWORK;
    }
  else
    {
      text = pb_check_result_format (check);
      self->last_outcome = check->outcome;
    }
  message = pb_setup_message_new_status (text, check != NULL && check->outcome == PB_CHECK_OK
                                                 ? PB_SETUP_OUTCOME_SUCCESS
                                                 : PB_SETUP_OUTCOME_FAILURE);
  pb_setup_model_add_message (self->model, message);
  g_signal_emit (self, signals[TEST_FINISHED], 0, check != NULL && check->outcome == PB_CHECK_OK);

  if (check != NULL && check->outcome == PB_CHECK_OK)
    {
      self->succeeded = TRUE;
      g_signal_emit (self, signals[FINISHED], 0, pb_setup_model_get_connector (self->model));
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* Show the explanation where the user can act on it: the chat has it, the form a toast. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0)
    {
      AdwToast *toast = adw_toast_new (check ? check->summary : text);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  pb_setup_chat_offer_retest (self->chat);
}

static void
test_requested_cb (PbSetupWindow *self)
{
  g_autoptr (PbConnectionTest) test = NULL;
  g_autoptr (GError) error = NULL;

  if (self->testing)
    return;
  if (!pb_setup_model_apply (self->model, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  self->testing = TRUE;
  test = pb_connection_test_new (pb_setup_model_get_store (self->model),
                                 pb_setup_model_get_definition (self->model),
                                 pb_setup_model_get_connector (self->model));
  if (self->test_timeout > 0)
    pb_connection_test_set_timeout (test, self->test_timeout);
  /* Share the app's token manager: a refresh another window starts is not repeated. */
  {
    GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

    if (app == NULL)
      app = g_application_get_default ();

    if (PB_IS_APPLICATION (app) &&
        pb_application_get_store (PB_APPLICATION (app)) == pb_setup_model_get_store (self->model))
      pb_connection_test_set_token_manager (
        test, pb_application_get_token_manager (PB_APPLICATION (app)));
  }
  pb_connection_test_run_async (test, self->cancellable, test_done_cb, g_object_ref (self));
}

PbSetupWindow *
pb_setup_window_new (GtkWindow    *parent,
                     PbSetupModel *model)
{
  PbSetupWindow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (PB_IS_SETUP_MODEL (model), NULL);

  self = g_object_new (PB_TYPE_SETUP_WINDOW, "transient-for", parent, NULL);
  self->model = g_object_ref (model);
  self->assistant = pb_rule_assistant_new ();

  title = g_strdup_printf (_("Set Up %s"), pb_setup_model_get_name (model));
  gtk_window_set_title (GTK_WINDOW (self), title);
  pb_setup_chat_set_model (self->chat, model, self->assistant);
  pb_setup_form_set_model (self->form, model);
  g_signal_connect_object (model, "notify::n-required-done", G_CALLBACK (update_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::n-required", G_CALLBACK (update_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "changed", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  update_progress (self);
  pb_setup_chat_start (self->chat);
  return self;
}

PbSetupModel *pb_setup_window_get_model (PbSetupWindow *self) { return self->model; }
PbSetupChat *pb_setup_window_get_chat (PbSetupWindow *self) { return self->chat; }
PbSetupForm *pb_setup_window_get_form (PbSetupWindow *self) { return self->form; }
int pb_setup_window_get_last_outcome (PbSetupWindow *self) { return self->last_outcome; }

void
pb_setup_window_set_test_timeout (PbSetupWindow *self,
                                  guint          seconds)
{
  self->test_timeout = seconds;
}

void
pb_setup_window_set_mode (PbSetupWindow *self,
                          const char    *mode)
{
  if (g_strcmp0 (mode, "form") == 0)
    gtk_toggle_button_set_active (self->form_button, TRUE);
  else
    gtk_toggle_button_set_active (self->agent_button, TRUE);
}

const char *
pb_setup_window_get_mode (PbSetupWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static gboolean
has_answers (PbSetupModel *model)
{
  GPtrArray *fields = pb_definition_get_fields (pb_setup_model_get_definition (model));

  if (pb_setup_model_get_connector (model) != NULL)
    return TRUE;
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (!field->secret && pb_setup_model_is_value_set (model, field->name))
        return TRUE;
    }
  return FALSE;
}

/* Closing partway keeps what was answered: a draft connector whose page says "Setup Is Not
 * Finished" with Continue Setup…. Only an untouched setup goes away without a trace. */
static gboolean
pb_setup_window_close_request (GtkWindow *window)
{
  PbSetupWindow *self = PB_SETUP_WINDOW (window);
  g_autoptr (GError) error = NULL;

  if (!self->succeeded && has_answers (self->model))
    {
      if (!pb_setup_model_apply (self->model, &error))
        {
          /* Say why and stay open: the answers are still here. */
          AdwToast *toast = adw_toast_new (error->message);

          adw_toast_set_timeout (toast, 8);
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
          return TRUE;
        }
      self->succeeded = TRUE; /* once */
      g_signal_emit (self, signals[LEFT_UNFINISHED], 0, pb_setup_model_get_connector (self->model));
    }
  return GTK_WINDOW_CLASS (pb_setup_window_parent_class)->close_request (window);
}

/* Destroyed (closed, or gtk_window_destroy): a connection test still running would hold the
 * window until it answers, after its parent may be gone; stop it and let go of the parent
 * now. */
static void
pb_setup_window_unrealize (GtkWidget *widget)
{
  PbSetupWindow *self = PB_SETUP_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  GTK_WIDGET_CLASS (pb_setup_window_parent_class)->unrealize (widget);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
}

static void
pb_setup_window_dispose (GObject *object)
{
  PbSetupWindow *self = PB_SETUP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_SETUP_WINDOW);
  g_clear_object (&self->assistant);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (pb_setup_window_parent_class)->dispose (object);
}

static void
pb_setup_window_class_init (PbSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_setup_window_dispose;
  widget_class->unrealize = pb_setup_window_unrealize;
  GTK_WINDOW_CLASS (klass)->close_request = pb_setup_window_close_request;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, PB_TYPE_CONNECTOR);
  /* (PbConnector*): closed partway; the connector keeps the answers as a draft. */
  signals[LEFT_UNFINISHED]
    = g_signal_new ("left-unfinished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, PB_TYPE_CONNECTOR);
  signals[TEST_FINISHED]
    = g_signal_new ("test-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (PB_TYPE_SETUP_CHAT);
  g_type_ensure (PB_TYPE_SETUP_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, agent_button);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, form_button);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, chat);
  gtk_widget_class_bind_template_child (widget_class, PbSetupWindow, form);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_requested_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_setup_window_init (PbSetupWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->last_outcome = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}
