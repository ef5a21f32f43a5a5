/* pb-builder-page.c: one Connector Builder project: its settings, streams and stream editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-builder-page.h"
#include "pb-builder-settings-group.h"
#include "pb-builder-stream-editor.h"

struct _PbBuilderPage
{
  GtkBox            parent_instance;

  PbBuilderProject *project;
  GListStore       *streams;
  GtkStringFilter  *filter;
  GtkFilterListModel *filtered;
  gboolean          folded;

  /* Template widgets */
  GtkStack         *pages;
  PbBuilderSettingsGroup *settings_group;
  AdwPreferencesGroup *connector_group;
  PbBuilderStreamEditor *stream_editor;
  AdwWindowTitle   *window_title;
  GtkButton        *assist_button;
  GtkButton        *export_button;
  GtkSearchEntry   *search_entry;
  GtkListView      *stream_view;
  GtkLabel         *count_label;
  GtkStack         *list_stack;
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
update_count (PbBuilderPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->streams));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (shown == total)
    /* Translators: %u is a number of streams */
    text = g_strdup_printf (ngettext ("%u stream", "%u streams", total), total);
  else
    /* Translators: the first %u is how many streams match the search, the second all of them */
    text = g_strdup_printf (ngettext ("%u of %u stream", "%u of %u streams", total),
                            shown, total);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "none");
}

static void
search_changed_cb (PbBuilderPage  *self,
                   GtkSearchEntry *entry)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

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
  pb_builder_stream_editor_set_stream (self->stream_editor, self->project, stream);
  gtk_stack_set_visible_child_name (self->pages, "stream");
  gtk_widget_grab_focus (GTK_WIDGET (self->stream_editor));
  return TRUE;
}

void
pb_builder_page_show_overview (PbBuilderPage *self)
{
  g_return_if_fail (PB_IS_BUILDER_PAGE (self));

  gtk_stack_set_visible_child_name (self->pages, "overview");
  gtk_widget_grab_focus (GTK_WIDGET (self->stream_view));
}

void
pb_builder_page_reload (PbBuilderPage *self)
{
  PbManifestStream *stream;

  g_return_if_fail (PB_IS_BUILDER_PAGE (self));

  pb_builder_settings_group_set_project (self->settings_group, self->project);
  stream = pb_builder_stream_editor_get_stream (self->stream_editor);
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
  return GTK_WIDGET (self->stream_editor);
}

/* Activating a row of the stream list opens that stream's editor. */
static void
stream_activated_cb (PbBuilderPage *self,
                     guint          position)
{
  g_autoptr (PbManifestStream) stream = g_list_model_get_item (G_LIST_MODEL (self->filtered),
                                                               position);

  if (stream != NULL)
    pb_builder_page_open_stream (self, pb_manifest_stream_get_name (stream));
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

/* Rows: the stream's name over its path, both kept in sync with the model. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *path = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_add_css_class (path, "dim-label");
  gtk_widget_add_css_class (path, "monospace");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), path);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  PbManifestStream *stream = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *path = gtk_widget_get_next_sibling (name);
  const char *method = pb_manifest_stream_get_http_method (stream);
  const char *where = pb_manifest_stream_get_path (stream);
  g_autofree char *request = g_strdup_printf ("%s %s", method != NULL ? method : "GET",
                                              where != NULL ? where : "/");

  gtk_label_set_label (GTK_LABEL (name), pb_manifest_stream_get_name (stream));
  gtk_label_set_label (GTK_LABEL (path), request);
}

static void
pb_builder_page_constructed (GObject *object)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (object);
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  guint n = pb_manifest_get_n_streams (manifest);
  g_autoptr (GPtrArray) items = g_ptr_array_sized_new (n);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSingleSelection *selection;

  G_OBJECT_CLASS (pb_builder_page_parent_class)->constructed (object);

  g_object_bind_property (self->project, "name", self->window_title, "title",
                          G_BINDING_SYNC_CREATE);
  pb_builder_settings_group_set_project (self->settings_group, self->project);

  /* One splice: a single items-changed for hundreds of streams. */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, pb_manifest_get_stream (manifest, i));
  g_list_store_splice (self->streams, 0, 0, items->pdata, items->len);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->stream_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->stream_view, factory);
  g_object_unref (selection);

  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  update_count (self);
}

static void
pb_builder_page_dispose (GObject *object)
{
  PbBuilderPage *self = PB_BUILDER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->streams);
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
  g_type_ensure (PB_TYPE_BUILDER_STREAM_EDITOR);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, pages);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, settings_group);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, connector_group);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, stream_editor);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, assist_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, stream_view);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPage, list_stack);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, stream_activated_cb);
}

static void
pb_builder_page_init (PbBuilderPage *self)
{
  GtkExpression *name;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "folded", self->stream_editor, "folded", G_BINDING_SYNC_CREATE);

  self->streams = g_list_store_new (PB_TYPE_MANIFEST_STREAM);
  name = gtk_property_expression_new (PB_TYPE_MANIFEST_STREAM, NULL, "name");
  self->filter = gtk_string_filter_new (name);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->streams)),
                                              GTK_FILTER (self->filter));
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
  return G_LIST_MODEL (self->filtered);
}
