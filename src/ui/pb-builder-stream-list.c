/* pb-builder-stream-list.c: a Builder project's streams: search, selection, open one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pb-builder-stream-list.h"

struct _PbBuilderStreamList
{
  GtkBox              parent_instance;

  PbBuilderProject   *project;
  GListStore         *streams;    /* PbManifestStream: suggested first, then the others */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  char               *search;     /* casefolded, NULL: none */
  GHashTable         *bound;      /* GtkListItem of the rows on screen */
  gboolean            syncing;    /* rows being set from the project */
  gboolean            batch;      /* Select All/None under way */

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *selected_only_button;
  GtkButton          *select_all_button;
  GtkButton          *select_none_button;
  GtkGridView        *stream_view;  /* one column: see the template */
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  AdwStatusPage      *empty_page;
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

static void project_changed_cb (PbBuilderStreamList *self);

static gboolean
is_selected (PbBuilderStreamList *self,
             PbManifestStream    *stream)
{
  return pb_builder_project_get_stream_selected (self->project,
                                                 pb_manifest_stream_get_name (stream));
}

/* "12 of 171 streams selected"; the empty state says why nothing shows. */
static void
update_count (PbBuilderStreamList *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->streams));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint selected = self->project != NULL ? pb_builder_project_count_selected (self->project) : 0;
  g_autofree char *text = NULL;

  /* Translators: the first %u is how many streams are selected for export, the second how
   * many the project has */
  text = g_strdup_printf (ngettext ("%u of %u stream selected", "%u of %u streams selected",
                                    total),
                          selected, total);
  gtk_label_set_label (self->count_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "streams.select-all", selected < total);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "streams.select-none", selected > 0);

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "view-list-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Streams"));
      adw_status_page_set_description (self->empty_page,
                                       _("This manifest does not define any stream yet"));
    }
  else if (self->search != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Streams"));
      adw_status_page_set_description (self->empty_page, _("Try a different search"));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Selected Streams"));
      adw_status_page_set_description (self->empty_page,
                                       _("Check the streams to keep in the exported connector"));
    }
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "none");
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

/* The search matches the name or the path; "Selected Only" hides the others. */
static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  PbBuilderStreamList *self = user_data;
  PbManifestStream *stream = item;

  if (self->project == NULL)
    return FALSE;
  if (gtk_toggle_button_get_active (self->selected_only_button) && !is_selected (self, stream))
    return FALSE;
  return self->search == NULL
         || contains (pb_manifest_stream_get_name (stream), self->search)
         || contains (pb_manifest_stream_get_path (stream), self->search);
}

static void
search_changed_cb (PbBuilderStreamList *self,
                   GtkSearchEntry      *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *search = *text != '\0' ? g_utf8_casefold (text, -1) : NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (search, self->search) == 0)
    return;
  if (self->search == NULL || (search != NULL && strstr (search, self->search) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (search == NULL || strstr (self->search, search) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->search);
  self->search = g_steal_pointer (&search);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
}

static void
stop_search_cb (PbBuilderStreamList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
selected_only_toggled_cb (PbBuilderStreamList *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter),
                      gtk_toggle_button_get_active (self->selected_only_button)
                      ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  update_count (self);
}

/* Select All / Select None act on every stream, not only those the search shows. */
static void
select_every_stream (PbBuilderStreamList *self,
                     gboolean             selected)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->streams));

  if (self->project == NULL)
    return;
  /* One refresh of the rows at the end, not one per stream. */
  self->batch = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PbManifestStream) stream = g_list_model_get_item (G_LIST_MODEL (self->streams),
                                                                   i);

      pb_builder_project_set_stream_selected (self->project, pb_manifest_stream_get_name (stream),
                                              selected);
    }
  self->batch = FALSE;
  project_changed_cb (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  select_every_stream (PB_BUILDER_STREAM_LIST (widget), TRUE);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  select_every_stream (PB_BUILDER_STREAM_LIST (widget), FALSE);
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

/* --- Rows --------------------------------------------------------------------------------- */

/* A row: [check] name [Suggested] over "METHOD /path", and a chevron: Enter opens it. */
static void
check_toggled_cb (GtkCheckButton      *check,
                  PbBuilderStreamList *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "pb-stream-name");

  if (self->syncing || self->project == NULL || name == NULL)
    return;
  pb_builder_project_set_stream_selected (self->project, name,
                                          gtk_check_button_get_active (check));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PbBuilderStreamList      *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *tag = gtk_label_new (_("Suggested"));
  GtkWidget *path = gtk_label_new (NULL);
  GtkWidget *chevron = gtk_image_new_from_icon_name ("go-next-symbolic");

  gtk_widget_add_css_class (row, "pb-stream-row");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (tag, "pb-tag");
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  /* Hidden until a suggested stream is bound, and hidden first: a visible widget given a
   * tooltip asks the display server where the pointer is (a round trip, for each row). */
  gtk_widget_set_visible (tag, FALSE);
  gtk_widget_set_tooltip_text (tag, _("One of the API's main lists, worth keeping"));
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_add_css_class (path, "dim-label");
  gtk_widget_add_css_class (path, "monospace");
  gtk_widget_add_css_class (chevron, "dim-label");

  gtk_box_append (GTK_BOX (title), name);
  gtk_box_append (GTK_BOX (title), tag);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), path);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), chevron);

  g_object_set_data (G_OBJECT (row), "pb-check", check);
  g_object_set_data (G_OBJECT (row), "pb-name", name);
  g_object_set_data (G_OBJECT (row), "pb-tag", tag);
  g_object_set_data (G_OBJECT (row), "pb-path", path);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
  gtk_list_item_set_child (item, row);
}

/* Shows ITEM's stream as it is now (the project's "changed" re-syncs the rows on screen). */
static void
sync_row (PbBuilderStreamList *self,
          GtkListItem         *item)
{
  PbManifestStream *stream = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "pb-check");
  const char *name = pb_manifest_stream_get_name (stream);
  const char *method = pb_manifest_stream_get_http_method (stream);
  const char *where = pb_manifest_stream_get_path (stream);
  g_autofree char *request = g_strdup_printf ("%s %s", method != NULL ? method : "GET",
                                              where != NULL ? where : "/");
  /* Translators: the accessible name of a stream's check button; %s is the stream's name */
  g_autofree char *keep = g_strdup_printf (_("Export %s"), name);

  g_object_set_data_full (G_OBJECT (check), "pb-stream-name", g_strdup (name), g_free);
  self->syncing = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_selected (self, stream));
  self->syncing = FALSE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, keep, -1);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "pb-name"), name);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "pb-path"), request);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "pb-tag"),
                          pb_manifest_stream_get_suggested (stream));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             PbBuilderStreamList      *self)
{
  g_hash_table_add (self->bound, item);
  sync_row (self, item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PbBuilderStreamList      *self)
{
  g_hash_table_remove (self->bound, item);
}

/* The row holding the focus, or NULL. */
static GtkWidget *
focused_row (PbBuilderStreamList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != GTK_WIDGET (self->stream_view);
       focus = gtk_widget_get_parent (focus))
    {
      GtkWidget *child = gtk_widget_get_first_child (focus);

      if (g_object_get_data (G_OBJECT (focus), "pb-check") != NULL)
        return focus;
      if (child != NULL && g_object_get_data (G_OBJECT (child), "pb-check") != NULL)
        return child;
    }
  return NULL;
}

/* Space toggles the focused row's check (Enter opens the stream: the view's "activate"). */
static gboolean
space_pressed_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  PbBuilderStreamList *self = PB_BUILDER_STREAM_LIST (user_data);
  GtkWidget *row = focused_row (self);
  GtkCheckButton *check;

  if (row == NULL)
    return FALSE;
  check = g_object_get_data (G_OBJECT (row), "pb-check");
  gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
  return TRUE;
}

/* Fills the store from the project's manifest: the suggested streams first, each group in the
 * manifest's order (the analyzer already ranks them). */
static void
reload (PbBuilderStreamList *self)
{
  PbManifest *manifest = self->project != NULL ? pb_builder_project_get_manifest (self->project)
                                                : NULL;
  guint n = manifest != NULL ? pb_manifest_get_n_streams (manifest) : 0;
  g_autoptr (GPtrArray) items = g_ptr_array_sized_new (n);

  if (manifest != NULL)
    {
      for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < n; i++)
          {
            PbManifestStream *stream = pb_manifest_get_stream (manifest, i);

            if (pb_manifest_stream_get_suggested (stream) == (pass == 0))
              g_ptr_array_add (items, stream);
          }
    }
  /* One splice: a single items-changed for hundreds of streams. */
  g_list_store_splice (self->streams, 0, g_list_model_get_n_items (G_LIST_MODEL (self->streams)),
                       items->pdata, items->len);
  update_count (self);
}

/* The project changed (an edit, a selection, a rename): re-read what the list shows. */
static void
project_changed_cb (PbBuilderStreamList *self)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  GHashTableIter iter;
  gpointer item;

  if (self->batch)
    return;
  if (pb_manifest_get_n_streams (manifest)
      != g_list_model_get_n_items (G_LIST_MODEL (self->streams)))
    {
      reload (self);
      return;
    }
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    sync_row (self, item);
  if (gtk_toggle_button_get_active (self->selected_only_button))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
pb_builder_stream_list_dispose (GObject *object)
{
  PbBuilderStreamList *self = PB_BUILDER_STREAM_LIST (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_STREAM_LIST);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
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
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList,
                                        selected_only_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, select_none_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, stream_view);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, count_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamList, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_only_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, stream_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "streams.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "streams.select-none", NULL,
                                   select_none_action);

}

static void
pb_builder_stream_list_init (PbBuilderStreamList *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Space on a row toggles its check: in the capture phase, before the row selects itself. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                   gtk_keyval_trigger_new (GDK_KEY_KP_Space, 0)),
                      gtk_callback_action_new (space_pressed_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->stream_view), keys);

  self->bound = g_hash_table_new (NULL, NULL);
  self->streams = g_list_store_new (PB_TYPE_MANIFEST_STREAM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->streams)),
                                              g_object_ref (GTK_FILTER (self->filter)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_grid_view_set_model (self->stream_view, GTK_SELECTION_MODEL (selection));
  gtk_grid_view_set_factory (self->stream_view, factory);
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

  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "changed", G_CALLBACK (project_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "notify::manifest", G_CALLBACK (reload), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

GListModel *
pb_builder_stream_list_get_streams (PbBuilderStreamList *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_STREAM_LIST (self), NULL);
  return G_LIST_MODEL (self->filtered);
}
