/* pb-builder-test-panel.c: tests one stream of a builder project and shows what the read found,
 * in tabs, or what to do when it failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-connector-dialog.h"
#include "pb-builder-connector.h"
#include "pb-builder-test-panel-private.h"
#include "pb-builder-test.h"
#include "pb-error.h"

struct _PbBuilderTestPanel
{
  GtkBox            parent_instance;

  PbBuilderProject *project;
  char             *stream;
  PbConnectorStore *store;
  GCancellable     *cancellable;
  PbRunnerResult   *result;
  GError           *error;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkButton        *test_button;
  GtkButton        *cancel_button;
  GtkStack         *state_stack;
  AdwStatusPage    *idle_page;
  GtkSpinner       *spinner;
  AdwStatusPage    *failed_page;
  GtkButton        *create_button;
  GtkButton        *link_button;
  GtkButton        *show_pages_button;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkLabel         *summary_label;
  AdwViewStack     *view_stack;
  GtkListBox       *pages_list;
  GtkStack         *records_stack;
  GtkColumnView    *records_view;
  GtkTextView      *schema_view;
  GtkStack         *warnings_stack;
  GtkListBox       *warnings_list;
};

G_DEFINE_FINAL_TYPE (PbBuilderTestPanel, pb_builder_test_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_STREAM,
  PROP_STORE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  BACK,
  LINK_CONNECTOR,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_running (PbBuilderTestPanel *self,
             gboolean            running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->test_button), !running);
  gtk_spinner_set_spinning (self->spinner, running);
  if (running)
    {
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      gtk_stack_set_visible_child_name (self->state_stack, "running");
      gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* A failed read in plain words: a title and what to do, by its code. */
static void
explain_failure (PbBuilderTestPanel *self)
{
  const GError *error = self->error;
  PbConnector *connector = self->store != NULL
    ? pb_builder_connector_find_linked (self->project, self->store) : NULL;
  const char *icon = "dialog-error-symbolic";
  const char *title = _("The Test Could Not Run");
  g_autofree char *what = NULL;
  gboolean needs_connector = FALSE;

  switch (error->domain == PB_ERROR ? error->code : PB_ERROR_FAILED)
    {
    case PB_ERROR_NO_CONNECTOR:
      icon = "dialog-password-symbolic";
      title = _("No Connector Linked");
      what = g_strdup (error->message);
      needs_connector = TRUE;
      break;
    case PB_ERROR_AUTH:
      icon = "dialog-password-symbolic";
      title = _("The API Refused the Key");
      what = g_strdup_printf (
        /* Translators: %s is a connector's name */
        _("The server answered 401 or 403: the key of “%s” is wrong, has expired, or may not "
          "read this endpoint. Store the right key with the connector, and check the header "
          "name and prefix the manifest sends it in."),
        connector != NULL ? pb_connector_get_name (connector) : "?");
      break;
    case PB_ERROR_HTTP_STATUS:
      title = _("The API Answered With an Error");
      what = g_strdup_printf ("%s\n%s", error->message,
                              _("Check the stream’s path, method and parameters against the "
                                "API’s documentation."));
      break;
    case PB_ERROR_NETWORK:
    case PB_ERROR_TLS:
      icon = "network-offline-symbolic";
      title = _("Could Not Reach the API");
      what = g_strdup_printf ("%s\n%s", error->message,
                              _("Check the base URL and your connection."));
      break;
    case PB_ERROR_UNSUPPORTED_FORMAT:
      title = _("Not Supported in Test Reads");
      what = g_strdup (error->message);
      break;
    case PB_ERROR_PARSE:
      title = _("The Manifest Is Not Valid");
      what = g_strdup (error->message);
      break;
    case PB_ERROR_NOT_FOUND:
      title = _("Nothing to Read");
      what = g_strdup (error->message);
      break;
    case PB_ERROR_NO_KEYRING:
    case PB_ERROR_KEYRING_LOCKED:
      icon = "dialog-password-symbolic";
      title = _("The Keyring Is Not Available");
      what = g_strdup (error->message);
      break;
    case PB_ERROR_REAUTH_NEEDED:
    case PB_ERROR_OAUTH:
      icon = "dialog-password-symbolic";
      title = _("Sign In Again");
      what = g_strdup (error->message);
      break;
    default:
      what = g_strdup (error->message);
      break;
    }
  adw_status_page_set_icon_name (self->failed_page, icon);
  adw_status_page_set_title (self->failed_page, title);
  adw_status_page_set_description (self->failed_page, what);
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), needs_connector);
  gtk_widget_set_visible (GTK_WIDGET (self->link_button), needs_connector);
  gtk_widget_set_visible (GTK_WIDGET (self->show_pages_button),
                          self->result != NULL
                          && pb_runner_result_get_n_pages (self->result) > 0);
  gtk_stack_set_visible_child_name (self->state_stack, "failed");
}

static void apply_fix_cb (const PbBuilderFix *fix, gpointer user_data);

static void
show_result (PbBuilderTestPanel *self)
{
  PbRunnerResult *result = self->result;
  guint64 records = pb_runner_result_get_record_count (result);
  guint pages = pb_runner_result_get_n_pages (result);
  guint warnings = pb_runner_result_get_n_warnings (result);
  g_autofree char *n_records = NULL;
  g_autofree char *n_pages = NULL;
  g_autofree char *n_warnings = NULL;
  g_autofree char *summary = NULL;

  pb_builder_test_tabs_fill_pages (self->pages_list, result);
  gtk_stack_set_visible_child_name (self->records_stack,
                                    pb_builder_test_tabs_fill_records (self->records_view,
                                                                       result) > 0
                                    ? "table" : "empty");
  pb_builder_test_tabs_fill_schema (self->schema_view, result);
  pb_builder_test_tabs_fill_warnings (self->warnings_list, result, self->stream, apply_fix_cb,
                                      self);
  gtk_stack_set_visible_child_name (self->warnings_stack, warnings > 0 ? "list" : "none");
  /* No badge: AdwIndicatorBin draws it with a GL shader, a pink box on the cairo renderer.
   * The summary line counts the warnings. */

  /* Translators: %u is a number of records; the sentence goes on with pages and warnings */
  n_records = g_strdup_printf (ngettext ("%u record", "%u records", (gulong) records),
                               (guint) records);
  /* Translators: %u is a number of pages (HTTP requests) */
  n_pages = g_strdup_printf (ngettext ("%u page", "%u pages", pages), pages);
  /* Translators: %u is a number of warnings */
  n_warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings), warnings);
  summary = g_strjoin (" · ", self->stream, n_records, n_pages, n_warnings, NULL);
  gtk_label_set_label (self->summary_label, summary);

  gtk_label_set_label (self->error_label, self->error != NULL ? self->error->message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, self->error != NULL);

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_stack_set_visible_child_name (self->state_stack, "results");
  /* Where to look first: the warnings when nothing came back, else the records. */
  if (self->error != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, "pages");
  else if (records == 0 && warnings > 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "warnings");
  else
    adw_view_stack_set_visible_child_name (self->view_stack, "records");
}

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr (PbBuilderTestPanel) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = NULL;

  result = pb_builder_test_read_finish (PB_BUILDER_PROJECT (source), res, &error);
  g_clear_object (&self->cancellable);
  /* Closed while reading: nothing left to show it in. */
  if (self->state_stack == NULL)
    return;
  g_set_object (&self->result, result);
  g_clear_error (&self->error);
  self->error = g_steal_pointer (&error);
  set_running (self, FALSE);

  if (g_error_matches (self->error, PB_ERROR, PB_ERROR_CANCELLED))
    {
      adw_status_page_set_description (self->idle_page,
                                       _("The test was cancelled. Run it again when ready"));
      gtk_stack_set_visible_child_name (self->state_stack, "idle");
    }
  else if (self->error != NULL && (self->result == NULL
                                   || g_error_matches (self->error, PB_ERROR, PB_ERROR_AUTH)))
    explain_failure (self);
  else
    show_result (self);
  g_signal_emit (self, signals[FINISHED], 0);
}

void
pb_builder_test_panel_run (PbBuilderTestPanel *self)
{
  g_return_if_fail (PB_IS_BUILDER_TEST_PANEL (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  pb_builder_test_read_async (self->project, self->store, NULL, self->stream, self->cancellable,
                              read_cb, g_object_ref (self));
}

void
pb_builder_test_panel_cancel (PbBuilderTestPanel *self)
{
  g_return_if_fail (PB_IS_BUILDER_TEST_PANEL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
apply_fix_cb (const PbBuilderFix *fix,
              gpointer            user_data)
{
  PbBuilderTestPanel *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_builder_project_apply_fix (self->project, fix, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }
  /* See the fix work: read again. */
  pb_builder_test_panel_run (self);
}

static void
test_clicked_cb (PbBuilderTestPanel *self)
{
  pb_builder_test_panel_run (self);
}

static void
cancel_clicked_cb (PbBuilderTestPanel *self)
{
  pb_builder_test_panel_cancel (self);
}

static void
back_clicked_cb (PbBuilderTestPanel *self)
{
  pb_builder_test_panel_cancel (self);
  g_signal_emit (self, signals[BACK], 0);
}

static void
link_clicked_cb (PbBuilderTestPanel *self)
{
  g_signal_emit (self, signals[LINK_CONNECTOR], 0);
}

static void
connector_created_cb (PbBuilderTestPanel *self)
{
  pb_builder_test_panel_run (self);
}

static void
create_clicked_cb (PbBuilderTestPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = pb_builder_connector_dialog_new (self->project, self->store,
                                            GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "connector-created", G_CALLBACK (connector_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_pages_clicked_cb (PbBuilderTestPanel *self)
{
  show_result (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "pages");
}

static void
pb_builder_test_panel_constructed (GObject *object)
{
  PbBuilderTestPanel *self = PB_BUILDER_TEST_PANEL (object);

  G_OBJECT_CLASS (pb_builder_test_panel_parent_class)->constructed (object);

  adw_view_switcher_title_set_title (self->switcher_title, self->stream);
}

static void
pb_builder_test_panel_dispose (GObject *object)
{
  PbBuilderTestPanel *self = PB_BUILDER_TEST_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_TEST_PANEL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->result);
  g_clear_error (&self->error);
  g_clear_object (&self->store);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_test_panel_parent_class)->dispose (object);
}

static void
pb_builder_test_panel_finalize (GObject *object)
{
  PbBuilderTestPanel *self = PB_BUILDER_TEST_PANEL (object);

  g_free (self->stream);

  G_OBJECT_CLASS (pb_builder_test_panel_parent_class)->finalize (object);
}

static void
pb_builder_test_panel_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PbBuilderTestPanel *self = PB_BUILDER_TEST_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_STREAM:
      g_value_set_string (value, self->stream);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_test_panel_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PbBuilderTestPanel *self = PB_BUILDER_TEST_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_STREAM:
      self->stream = g_value_dup_string (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_test_panel_class_init (PbBuilderTestPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_builder_test_panel_constructed;
  object_class->dispose = pb_builder_test_panel_dispose;
  object_class->finalize = pb_builder_test_panel_finalize;
  object_class->get_property = pb_builder_test_panel_get_property;
  object_class->set_property = pb_builder_test_panel_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, PB_TYPE_BUILDER_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM] =
    g_param_spec_string ("stream", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LINK_CONNECTOR] = g_signal_new ("link-connector", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-builder-test-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, test_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, idle_page);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, failed_page);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, create_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, link_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, show_pages_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, pages_list);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, records_stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, records_view);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, schema_view);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, warnings_stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderTestPanel, warnings_list);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_pages_clicked_cb);
}

static void
pb_builder_test_panel_init (PbBuilderTestPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
}

GtkWidget *
pb_builder_test_panel_new (PbBuilderProject *project,
                           const char       *stream,
                           PbConnectorStore *store)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  return g_object_new (PB_TYPE_BUILDER_TEST_PANEL, "project", project, "stream", stream,
                       "store", store, NULL);
}

const char *
pb_builder_test_panel_get_stream (PbBuilderTestPanel *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_TEST_PANEL (self), NULL);
  return self->stream;
}

gboolean
pb_builder_test_panel_get_running (PbBuilderTestPanel *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_TEST_PANEL (self), FALSE);
  return self->cancellable != NULL;
}

PbRunnerResult *
pb_builder_test_panel_get_result (PbBuilderTestPanel *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_TEST_PANEL (self), NULL);
  return self->result;
}

const GError *
pb_builder_test_panel_get_error (PbBuilderTestPanel *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_TEST_PANEL (self), NULL);
  return self->error;
}

void
pb_builder_test_panel_show_tab (PbBuilderTestPanel *self,
                                const char         *name)
{
  g_return_if_fail (PB_IS_BUILDER_TEST_PANEL (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
