/* pb-builder-page.c: one Connector Builder project: its settings, streams and stream editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-builder-connector-group.h"
#include "pb-builder-assist-window.h"
#include "pb-builder-page.h"
#include "pb-builder-stream-list.h"
#include "pb-builder-settings-group.h"
#include "pb-builder-test-panel.h"
#include "pb-builder-stream-editor.h"

struct _PbBuilderPage
{
  GtkBox            parent_instance;

  PbBuilderProject *project;
  gboolean          folded;

  /* Template widgets */
  GtkStack         *pages;
  PbBuilderSettingsGroup *settings_group;
  AdwPreferencesGroup *connector_group;
  AdwWindowTitle   *window_title;
  PbBuilderStreamList *stream_list;
  GtkButton        *assist_button;
  GtkButton        *export_button;

  /* The linked connector setting (PbBuilderConnectorGroup), beside connector_group */
  GtkWidget        *connector_setting;
  /* The "stream" page: NULL until a stream is first opened (opening a project builds only
   * what the overview shows) */
  PbBuilderStreamEditor *stream_editor;
};

G_DEFINE_FINAL_TYPE (PbBuilderPage, pb_builder_page, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_FOLDED,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
back_clicked_cb (PbBuilderPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
editor_back_cb (PbBuilderPage *self)
{
  pb_builder_page_show_overview (self);
}

/* The stream editor, built the first time a stream is opened. */
static PbBuilderStreamEditor *
ensure_stream_editor (PbBuilderPage *self)
{
  GtkWidget *editor;

  if (self->stream_editor != NULL)
    return self->stream_editor;
  editor = pb_builder_stream_editor_new ();
  g_signal_connect_object (editor, "back", G_CALLBACK (editor_back_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self, "folded", editor, "folded", G_BINDING_SYNC_CREATE);
  gtk_stack_add_named (self->pages, editor, "stream");
  self->stream_editor = PB_BUILDER_STREAM_EDITOR (editor);
  return self->stream_editor;
}

/* The stream the editor shows, or NULL (no stream opened yet). */
static PbManifestStream *
editor_stream (PbBuilderPage *self)
{
  return self->stream_editor != NULL
         ? pb_builder_stream_editor_get_stream (self->stream_editor) : NULL;
}

gboolean
pb_builder_page_open_stream (PbBuilderPage *self,
                             const char    *name)
{
  PbManifestStream *stream;

  g_return_val_if_fail (PB_IS_BUILDER_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (self->project), name);
  if (stream == NULL)
    return FALSE;
  pb_builder_stream_editor_set_stream (ensure_stream_editor (self), self->project, stream);
  gtk_stack_set_visible_child_name (self->pages, "stream");
  gtk_widget_grab_focus (GTK_WIDGET (self->stream_editor));
  return TRUE;
}

void
pb_builder_page_show_overview (PbBuilderPage *self)
{
  g_return_if_fail (PB_IS_BUILDER_PAGE (self));

  gtk_stack_set_visible_child_name (self->pages, "overview");
  gtk_widget_grab_focus (GTK_WIDGET (self->stream_list));
}

void
pb_builder_page_reload (PbBuilderPage *self)
{
  PbManifestStream *stream;

  g_return_if_fail (PB_IS_BUILDER_PAGE (self));

  pb_builder_settings_group_set_project (self->settings_group, self->project);
  stream = editor_stream (self);
  if (stream == NULL)
    return;
  /* The stream may be gone (renamed or removed by the change): back to the overview then. */
  if (pb_manifest_find_stream (pb_builder_project_get_manifest (self->project),
                               pb_manifest_stream_get_name (stream)) == stream)
    pb_builder_stream_editor_set_stream (self->stream_editor, self->project, stream);
  else
    pb_builder_page_show_overview (self);
}

GtkWidget *
pb_builder_page_get_stream_editor (PbBuilderPage *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PAGE (self), NULL);
  return self->stream_editor != NULL ? GTK_WIDGET (self->stream_editor) : NULL;
}

static PbConnectorStore *
app_store (void)
{
  GApplication *app = g_application_get_default ();

  return PB_IS_APPLICATION (app) ? pb_application_get_store (PB_APPLICATION (app)) : NULL;
}

/* Back from a test: to the stream's editor (a fix may have changed it), else the overview. */
static void
test_back_cb (PbBuilderPage *self)
{
  GtkWidget *panel = gtk_stack_get_child_by_name (self->pages, "test");

  pb_builder_page_reload (self);
  if (editor_stream (self) != NULL)
    gtk_stack_set_visible_child_name (self->pages, "stream");
  else
    pb_builder_page_show_overview (self);
  if (panel != NULL)
    gtk_stack_remove (self->pages, panel);
}

static void
test_link_connector_cb (PbBuilderPage *self)
{
  GtkWidget *panel = gtk_stack_get_child_by_name (self->pages, "test");

  pb_builder_page_show_overview (self);
  if (panel != NULL)
    gtk_stack_remove (self->pages, panel);
  if (self->connector_setting != NULL)
    gtk_widget_child_focus (self->connector_setting, GTK_DIR_TAB_FORWARD);
}

GtkWidget *
pb_builder_page_test_stream (PbBuilderPage *self,
                             const char    *stream)
{
  GtkWidget *panel;

  g_return_val_if_fail (PB_IS_BUILDER_PAGE (self), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  panel = gtk_stack_get_child_by_name (self->pages, "test");
  if (panel != NULL)
    gtk_stack_remove (self->pages, panel);
  panel = pb_builder_test_panel_new (self->project, stream, app_store ());
  g_signal_connect_object (panel, "back", G_CALLBACK (test_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (panel, "link-connector", G_CALLBACK (test_link_connector_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->pages, panel, "test");
  gtk_stack_set_visible_child (self->pages, panel);
  pb_builder_test_panel_run (PB_BUILDER_TEST_PANEL (panel));
  return panel;
}

/* builder.test-stream: the stream editor's Test button. */
static void
test_stream_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (widget);
  PbManifestStream *stream = editor_stream (self);

  if (stream != NULL)
    pb_builder_page_test_stream (self, pb_manifest_stream_get_name (stream));
}

/* Activating a row of the stream list opens that stream's editor. */
static void
stream_activated_cb (PbBuilderPage *self,
                     const char    *name)
{
  pb_builder_page_open_stream (self, name);
}

gboolean
pb_builder_page_export_to_file (PbBuilderPage  *self,
                                GFile          *file,
                                GError        **error)
{
  g_autofree char *base = NULL;
  PbManifestFormat format;

  g_return_val_if_fail (PB_IS_BUILDER_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* The file name says the format: JSON for .json, YAML for anything else. */
  base = g_file_get_basename (file);
  format = base != NULL && g_str_has_suffix (base, ".json")
           ? PB_MANIFEST_FORMAT_JSON : PB_MANIFEST_FORMAT_YAML;
  return pb_builder_project_export_to_file (self->project, file, format, error);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PbBuilderPage   *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  if (!pb_builder_page_export_to_file (self, file, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Could Not Export Manifest"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
export_clicked_cb (PbBuilderPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_strconcat (pb_builder_project_get_name (self->project), ".yaml",
                                       NULL);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Manifest"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
assist_window_destroy_cb (GtkWidget *window,
                          gpointer   user_data)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (user_data);

  g_signal_handlers_disconnect_by_func (self->project, pb_builder_page_reload, self);
}

/* builder.assist: AI Assist again, its results as suggestions for this project. The window is
 * modal, so while it is open the project changes only through accepted suggestions: the page
 * shows each one as it is accepted. */
static void
assist_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  PbBuilderAssistWindow *window =
    pb_builder_assist_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  self->project);

  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  g_signal_connect_object (self->project, "changed", G_CALLBACK (pb_builder_page_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "destroy", G_CALLBACK (assist_window_destroy_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
pb_builder_page_constructed (GObject *object)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (object);

  G_OBJECT_CLASS (pb_builder_page_parent_class)->constructed (object);

  g_object_bind_property (self->project, "name", self->window_title, "title",
                          G_BINDING_SYNC_CREATE);
  pb_builder_settings_group_set_project (self->settings_group, self->project);

  pb_builder_stream_list_set_project (self->stream_list, self->project);

  /* The connector test reads use, in the overview's settings. */
  if (app_store () != NULL)
    {
      self->connector_setting = pb_builder_connector_group_new (self->project, app_store ());
      gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (
                                    GTK_WIDGET (self->connector_group))),
                                  self->connector_setting, GTK_WIDGET (self->connector_group));
    }
}

static void
pb_builder_page_dispose (GObject *object)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_PAGE);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_page_parent_class)->dispose (object);
}

static void
pb_builder_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_page_class_init (PbBuilderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_builder_page_constructed;
  object_class->dispose = pb_builder_page_dispose;

  gtk_widget_class_install_action (widget_class, "builder.test-stream", NULL,
                                   test_stream_action);
  object_class->get_property = pb_builder_page_get_property;
  object_class->set_property = pb_builder_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, PB_TYPE_BUILDER_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-builder-page.ui");
  g_type_ensure (PB_TYPE_BUILDER_SETTINGS_GROUP);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, pages);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, settings_group);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, connector_group);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, assist_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, stream_list);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_install_action (widget_class, "builder.assist", NULL, assist_action);
  gtk_widget_class_bind_template_callback (widget_class, stream_activated_cb);
}

static void
pb_builder_page_init (PbBuilderPage *self)
{
  g_type_ensure (PB_TYPE_BUILDER_STREAM_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_builder_page_new (PbBuilderProject *project)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);

  return g_object_new (PB_TYPE_BUILDER_PAGE, "project", project, NULL);
}

PbBuilderProject *
pb_builder_page_get_project (PbBuilderPage *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PAGE (self), NULL);
  return self->project;
}

GListModel *
pb_builder_page_get_streams (PbBuilderPage *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PAGE (self), NULL);
  return pb_builder_stream_list_get_streams (self->stream_list);
}
