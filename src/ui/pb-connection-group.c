/* pb-connection-group.c: a connector page's "Connection" group: test it, finish its setup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-catalog.h"
#include "pb-connection-group.h"
#include "pb-setup-model.h"

struct _PbConnectionGroup
{
  AdwPreferencesGroup parent_instance;

  PbConnectorStore *store;
  PbConnector *connector;
  GCancellable *cancellable;     /* the running test's */
  PbCheckResult *last_result;
  guint timeout;
  guint tick_id;                 /* keeps "tested 5 minutes ago" current */
  gboolean can_continue;

  /* Template widgets */
  AdwActionRow *status_row;
  GtkImage *status_icon;
  GtkSpinner *spinner;
  GtkWidget *test_button;
  AdwActionRow *continue_row;
  GtkWidget *continue_button;
};

G_DEFINE_FINAL_TYPE (PbConnectionGroup, pb_connection_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_TESTING,
  N_PROPS
};

enum {
  SIGNAL_FLUSH,
  SIGNAL_TEST_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The connector's own definition, else its kind's generic one. */
static PbDefinition *
lookup_definition (PbConnectionGroup *self)
{
  return pb_catalog_lookup_for_connector (pb_catalog_get_default (), self->connector);
}

static void update_status (PbConnectionGroup *self);

static void
set_status (PbConnectionGroup *self,
            const char        *icon_name,
            const char        *style,
            const char        *title,
            const char        *subtitle)
{
  GtkWidget *icon = GTK_WIDGET (self->status_icon);

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "dim-label");
  gtk_widget_add_css_class (icon, style);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, subtitle ? subtitle : "");
}

/* "Tested just now", "Tested 5 minutes ago"… for the last test's time. */
static char *
format_tested (gint64 time)
{
  gint64 seconds = MAX (g_get_real_time () - time, 0) / G_USEC_PER_SEC;
  g_autoptr (GDateTime) when = NULL;
  guint n;

  if (seconds < 60)
    return g_strdup (_("Tested just now"));
  if (seconds < 3600)
    {
      n = seconds / 60;
      return g_strdup_printf (ngettext ("Tested %u minute ago", "Tested %u minutes ago", n), n);
    }
  if (seconds < 24 * 3600)
    {
      n = seconds / 3600;
      return g_strdup_printf (ngettext ("Tested %u hour ago", "Tested %u hours ago", n), n);
    }
  if (seconds < 7 * 24 * 3600)
    {
      n = seconds / (24 * 3600);
      return g_strdup_printf (ngettext ("Tested %u day ago", "Tested %u days ago", n), n);
    }
  when = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  {
    /* Translators: a date in strftime format, e.g. "3 March 2026" */
    g_autofree char *date = g_date_time_format (when, _("%-d %B %Y"));

    /* Translators: %s is a date, e.g. "Tested on 3 March 2026" */
    return g_strdup_printf (_("Tested on %s"), date);
  }
}

static gboolean
tick_cb (gpointer user_data)
{
  PbConnectionGroup *self = user_data;

  update_status (self);
  return G_SOURCE_CONTINUE;
}

/* The connector's last test, as it keeps it: the words of the run that just ended when this
 * page saw it, else the heading and advice its outcome code stands for. */
static gboolean
show_last_test (PbConnectionGroup *self)
{
  gint64 time = 0;
  guint status = 0;
  const char *id = pb_connector_get_last_test (self->connector, &status, &time);
  const char *message = pb_connector_get_state_message (self->connector);
  g_autoptr (GString) details = NULL;
  g_autofree char *tested = NULL;
  PbCheckOutcome outcome;
  const PbCheckResult *result = self->last_result;

  if (id == NULL || !pb_check_outcome_from_string (id, &outcome))
    return FALSE;
  if (result != NULL && (result->tested_at != time || result->outcome != outcome))
    result = NULL;

  tested = format_tested (time);
  details = g_string_new (tested);
  if (outcome == PB_CHECK_OK)
    {
      g_string_append (details, ".");
      set_status (self, "emblem-ok-symbolic", "success", pb_check_outcome_get_title (outcome),
                  details->str);
      return TRUE;
    }

  g_string_append (details, ". ");
  if (result != NULL)
    {
      if (result->explanation != NULL)
        g_string_append_printf (details, "%s ", result->explanation);
      if (result->suggestion != NULL)
        g_string_append (details, result->suggestion);
    }
  else if (pb_check_outcome_get_advice (outcome) != NULL)
    g_string_append (details, pb_check_outcome_get_advice (outcome));
  set_status (self, "dialog-warning-symbolic", "warning",
              result != NULL ? result->summary
              : message != NULL && *message != '\0' ? message
              : pb_check_outcome_get_title (outcome),
              g_strstrip (details->str));
  return TRUE;
}

static void
update_status (PbConnectionGroup *self)
{
  const char *message = pb_connector_get_state_message (self->connector);

  if (self->cancellable != NULL)
    {
      set_status (self, "network-transmit-receive-symbolic", "dim-label",
                  _("Testing the Connection…"),
                  _("Sending the service’s test request with the stored credentials."));
      return;
    }

  /* A run that could not even start (the keyring): not a result the connector keeps. */
  if (self->last_result != NULL && self->last_result->tested_at == 0)
    {
      g_autofree char *details = g_strjoin ("\n", self->last_result->explanation ?: "",
                                            self->last_result->suggestion ?: "", NULL);

      set_status (self, "dialog-warning-symbolic", "warning", self->last_result->summary,
                  g_strstrip (details));
      return;
    }

  if (pb_connector_get_state (self->connector) != PB_CONNECTOR_STATE_RECONNECT_NEEDED &&
      show_last_test (self))
    {
      if (self->tick_id == 0)
        self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
      return;
    }
  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->can_continue
      && pb_connector_get_state (self->connector) != PB_CONNECTOR_STATE_NEEDS_ATTENTION)
    {
      set_status (
        self, "network-offline-symbolic", "dim-label", _("Not Tested Yet"),
        _("Some required settings are missing. Continue the setup, then test the connection."));
      return;
    }

  switch (pb_connector_get_state (self->connector))
    {
    case PB_CONNECTOR_STATE_READY:
      set_status (self, "emblem-ok-symbolic", "success", _("Ready"),
                  _("Test the connection to check that the service accepts these settings."));
      break;
    case PB_CONNECTOR_STATE_NEEDS_ATTENTION:
      set_status (self, "dialog-warning-symbolic", "warning",
                  message != NULL && *message != '\0' ? message
                                                      : _("The last connection test failed."),
                  _("Correct the settings, then test again."));
      break;
    case PB_CONNECTOR_STATE_RECONNECT_NEEDED:
      set_status (self, "dialog-warning-symbolic", "warning", _("Sign-In Needed Again"),
                  message != NULL && *message != '\0'
                    ? message
                    : _("The service no longer accepts the sign-in."));
      break;
    case PB_CONNECTOR_STATE_NEEDS_SETUP:
    default:
      set_status (self, "network-offline-symbolic", "dim-label", _("Not Tested Yet"),
                  message != NULL && *message != '\0'
                    ? message
                    : _("Test the connection once the settings are complete."));
      break;
    }
}

static void
update (PbConnectionGroup *self)
{
  PbDefinition *definition;
  PbConnectorState state;
  gboolean visible;
  gboolean can_continue = FALSE;

  if (self->connector == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  definition = lookup_definition (self);
  state = pb_connector_get_state (self->connector);
  visible = definition != NULL &&
            (pb_connector_get_definition_id (self->connector) != NULL ||
             pb_connector_get_last_test (self->connector, NULL, NULL) != NULL ||
             state == PB_CONNECTOR_STATE_NEEDS_SETUP ||
             state == PB_CONNECTOR_STATE_NEEDS_ATTENTION);
  gtk_widget_set_visible (GTK_WIDGET (self), visible);
  if (!visible)
    return;

  /* The same model the setup window would open says what is still missing. */
  {
    g_autoptr (PbSetupModel) model
      = pb_setup_model_new_for_connector (self->store, definition, self->connector);

    can_continue = !pb_setup_model_is_complete (model);
    if (can_continue)
      {
        g_autofree char *progress = g_strdup_printf (
          ngettext ("%u of %u required settings is set.", "%u of %u required settings are set.",
                    pb_setup_model_get_n_required_done (model)),
          pb_setup_model_get_n_required_done (model), pb_setup_model_get_n_required (model));

        adw_action_row_set_subtitle (self->continue_row, progress);
      }
  }
  self->can_continue = can_continue;
  gtk_widget_set_visible (GTK_WIDGET (self->continue_row), can_continue);

  /* Testing with a required value missing could only fail. */
  gtk_widget_set_sensitive (self->test_button, self->cancellable == NULL && !can_continue);
  gtk_widget_set_tooltip_text (self->test_button,
                               can_continue ? _("Finish the setup first") : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->cancellable != NULL);
  gtk_spinner_set_spinning (self->spinner, self->cancellable != NULL);
  update_status (self);
}

static void
connector_notify_cb (PbConnectionGroup *self,
                     GParamSpec        *pspec)
{
  /* The connector decides when its last result is stale (an edit to a setting it depended
   * on clears it); the words of this page's run are shown only while it is that result. A
   * run that never reached the service is forgotten at the next edit. */
  if (self->last_result != NULL && self->last_result->tested_at == 0 &&
      g_strcmp0 (pspec->name, "state") != 0 && g_strcmp0 (pspec->name, "state-message") != 0)
    g_clear_pointer (&self->last_result, pb_check_result_free);
  update (self);
}

/* --- Testing ------------------------------------------------------------ */

static void
test_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr (PbConnectionGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  PbCheckResult *result = pb_connection_test_run_finish (PB_CONNECTION_TEST (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->connector == NULL)
    return;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_result, pb_check_result_free);
  if (error != NULL)
    {
      /* Only the keyring can fail this way. */
      result = g_new0 (PbCheckResult, 1);
      result->outcome = PB_CHECK_INCOMPLETE;
      result->summary = g_strdup (_("The credentials could not be read from the keyring."));
      result->explanation = g_strdup (error->message);
      result->suggestion = g_strdup (_("Unlock the keyring, then test again."));
    }
  self->last_result = result;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
  g_signal_emit (self, signals[SIGNAL_TEST_FINISHED], 0, result->outcome == PB_CHECK_OK);
}

void
pb_connection_group_test (PbConnectionGroup *self)
{
  g_autoptr (PbConnectionTest) test = NULL;
  PbDefinition *definition;

  g_return_if_fail (PB_IS_CONNECTION_GROUP (self));

  if (self->connector == NULL || self->cancellable != NULL ||
      (definition = lookup_definition (self)) == NULL)
    return;

  /* A key typed a moment ago is written before the test reads it. */
  g_signal_emit (self, signals[SIGNAL_FLUSH], 0);

  test = pb_connection_test_new (self->store, definition, self->connector);
  if (self->timeout > 0)
    pb_connection_test_set_timeout (test, self->timeout);
  self->cancellable = g_cancellable_new ();
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
  pb_connection_test_run_async (test, self->cancellable, test_done_cb, g_object_ref (self));
}

static void
test_button_clicked_cb (PbConnectionGroup *self)
{
  pb_connection_group_test (self);
}

/* --- Continuing the setup ----------------------------------------------- */

static void
setup_finished_cb (PbConnectionGroup *self,
                   PbConnector       *connector)
{
  g_clear_pointer (&self->last_result, pb_check_result_free);
  update (self);
}

PbSetupWindow *
pb_connection_group_continue_setup (PbConnectionGroup *self)
{
  g_autoptr (PbSetupModel) model = NULL;
  PbDefinition *definition;
  GtkRoot *root;
  PbSetupWindow *window;

  g_return_val_if_fail (PB_IS_CONNECTION_GROUP (self), NULL);

  if (self->connector == NULL || (definition = lookup_definition (self)) == NULL)
    return NULL;

  g_signal_emit (self, signals[SIGNAL_FLUSH], 0);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  model = pb_setup_model_new_for_connector (self->store, definition, self->connector);
  window = pb_setup_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, model);
  if (self->timeout > 0)
    pb_setup_window_set_test_timeout (window, self->timeout);
  g_signal_connect_object (window, "finished", G_CALLBACK (setup_finished_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
continue_button_clicked_cb (PbConnectionGroup *self)
{
  pb_connection_group_continue_setup (self);
}

/* --- Public ------------------------------------------------------------- */

void
pb_connection_group_set_connector (PbConnectionGroup *self,
                                   PbConnectorStore  *store,
                                   PbConnector       *connector)
{
  g_return_if_fail (PB_IS_CONNECTION_GROUP (self));
  g_return_if_fail (PB_IS_CONNECTOR_STORE (store));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  if (self->connector != NULL)
    g_signal_handlers_disconnect_by_data (self->connector, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_result, pb_check_result_free);
  g_set_object (&self->store, store);
  g_set_object (&self->connector, connector);
  g_signal_connect_object (connector, "notify", G_CALLBACK (connector_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

gboolean
pb_connection_group_get_testing (PbConnectionGroup *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION_GROUP (self), FALSE);
  return self->cancellable != NULL;
}

const PbCheckResult *
pb_connection_group_get_last_result (PbConnectionGroup *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION_GROUP (self), NULL);
  return self->last_result;
}

void
pb_connection_group_set_test_timeout (PbConnectionGroup *self,
                                      guint              seconds)
{
  g_return_if_fail (PB_IS_CONNECTION_GROUP (self));
  self->timeout = seconds;
}

gboolean
pb_connection_group_get_can_continue (PbConnectionGroup *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION_GROUP (self), FALSE);
  return self->can_continue;
}

/* --- GObject ----------------------------------------------------------- */

static void
pb_connection_group_dispose (GObject *object)
{
  PbConnectionGroup *self = PB_CONNECTION_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->connector != NULL)
    g_signal_handlers_disconnect_by_data (self->connector, self);
  g_clear_object (&self->connector);
  g_clear_object (&self->store);
  g_clear_pointer (&self->last_result, pb_check_result_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CONNECTION_GROUP);

  G_OBJECT_CLASS (pb_connection_group_parent_class)->dispose (object);
}

static void
pb_connection_group_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PbConnectionGroup *self = PB_CONNECTION_GROUP (object);

  switch (prop_id)
    {
    case PROP_TESTING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connection_group_class_init (PbConnectionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_connection_group_dispose;
  object_class->get_property = pb_connection_group_get_property;

  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FLUSH] = g_signal_new ("flush", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_TEST_FINISHED]
    = g_signal_new ("test-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-connection-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PbConnectionGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectionGroup, status_icon);
  gtk_widget_class_bind_template_child (widget_class, PbConnectionGroup, spinner);
  gtk_widget_class_bind_template_child (widget_class, PbConnectionGroup, test_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectionGroup, continue_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectionGroup, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, test_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_button_clicked_cb);
}

static void
pb_connection_group_init (PbConnectionGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
