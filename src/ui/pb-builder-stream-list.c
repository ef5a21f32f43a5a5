/* pb-builder-stream-list.c: a Builder project's streams: search, selection, open one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-builder-stream-list.h"

struct _PbBuilderStreamList
{
  GtkBox              parent_instance;

  PbBuilderProject   *project;
  GListStore         *streams;
  GtkStringFilter    *filter;
  GtkFilterListModel *filtered;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkListView        *stream_view;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
};

G_DEFINE_FINAL_TYPE (PbBuilderStreamList, pb_builder_stream_list, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

enum {
  STREAM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_count (PbBuilderStreamList *self)
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
search_changed_cb (PbBuilderStreamList *self,
                   GtkSearchEntry      *entry)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stream_view_activate_cb (PbBuilderStreamList *self,
                         guint                position)
{
  g_autoptr (PbManifestStream) stream = g_list_model_get_item (G_LIST_MODEL (self->filtered),
                                                               position);

  if (stream != NULL)
    g_signal_emit (self, signals[STREAM_ACTIVATED], 0, pb_manifest_stream_get_name (stream));
}

/* Rows: the stream's name over its method and path, both kept in sync with the model. */
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

/* Fills the store from the project's manifest. */
static void
reload (PbBuilderStreamList *self)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new ();

  if (self->project != NULL)
    {
      PbManifest *manifest = pb_builder_project_get_manifest (self->project);
      guint n = pb_manifest_get_n_streams (manifest);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, pb_manifest_get_stream (manifest, i));
    }
  /* One splice: a single items-changed for hundreds of streams. */
  g_list_store_splice (self->streams, 0, g_list_model_get_n_items (G_LIST_MODEL (self->streams)),
                       items->pdata, items->len);
  update_count (self);
}

static void
pb_builder_stream_list_dispose (GObject *object)
{
  PbBuilderStreamList *self = PB_BUILDER_STREAM_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_STREAM_LIST);
  g_clear_object (&self->filtered);
  g_clear_object (&self->streams);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_stream_list_parent_class)->dispose (object);
}

static void
pb_builder_stream_list_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PbBuilderStreamList *self = PB_BUILDER_STREAM_LIST (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_stream_list_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PbBuilderStreamList *self = PB_BUILDER_STREAM_LIST (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      pb_builder_stream_list_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_stream_list_class_init (PbBuilderStreamListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_stream_list_dispose;
  object_class->get_property = pb_builder_stream_list_get_property;
  object_class->set_property = pb_builder_stream_list_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, PB_TYPE_BUILDER_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STREAM_ACTIVATED] =
    g_signal_new ("stream-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-builder-stream-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, stream_view);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, count_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, list_stack);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stream_view_activate_cb);
}

static void
pb_builder_stream_list_init (PbBuilderStreamList *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *name;
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->streams = g_list_store_new (PB_TYPE_MANIFEST_STREAM);
  name = gtk_property_expression_new (PB_TYPE_MANIFEST_STREAM, NULL, "name");
  self->filter = gtk_string_filter_new (name);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->streams)),
                                              GTK_FILTER (self->filter));

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

GtkWidget *
pb_builder_stream_list_new (PbBuilderProject *project)
{
  g_return_val_if_fail (project == NULL || PB_IS_BUILDER_PROJECT (project), NULL);

  return g_object_new (PB_TYPE_BUILDER_STREAM_LIST, "project", project, NULL);
}

PbBuilderProject *
pb_builder_stream_list_get_project (PbBuilderStreamList *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_STREAM_LIST (self), NULL);
  return self->project;
}

void
pb_builder_stream_list_set_project (PbBuilderStreamList *self,
                                    PbBuilderProject    *project)
{
  g_return_if_fail (PB_IS_BUILDER_STREAM_LIST (self));
  g_return_if_fail (project == NULL || PB_IS_BUILDER_PROJECT (project));

  if (!g_set_object (&self->project, project))
    return;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

GListModel *
pb_builder_stream_list_get_streams (PbBuilderStreamList *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_STREAM_LIST (self), NULL);
  return G_LIST_MODEL (self->filtered);
}
