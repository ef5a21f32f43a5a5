/* pb-builder-field.c: what the Builder's editors share: showing a refused value, recording an edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pb-builder-field.h"

#define ERROR_KEY  "pb-field-error"
#define LABEL_KEY  "pb-field-error-label"
#define ROWS_KEY   "pb-field-error-rows"
#define WATCH_KEY  "pb-field-watch"
#define QUIET_KEY  "pb-field-quiet"

typedef struct {
  GtkEditable        *editable;
  PbBuilderFieldFunc  func;
  gpointer            owner;
  guint               idle_id;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_clear_handle_id (&watch->idle_id, g_source_remove);
  g_free (watch);
}

static gboolean
watch_idle_cb (gpointer data)
{
  Watch *watch = data;

  watch->idle_id = 0;
  watch->func (watch->owner, watch->editable);
  return G_SOURCE_REMOVE;
}

static void
watch_changed_cb (GtkEditable *editable,
                  Watch       *watch)
{
  if (g_object_get_data (G_OBJECT (editable), QUIET_KEY) != NULL)
    {
      g_clear_handle_id (&watch->idle_id, g_source_remove);
      return;
    }
  if (watch->idle_id == 0)
    watch->idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, watch_idle_cb, watch, NULL);
}

void
pb_builder_field_connect (GtkEditable        *editable,
                          PbBuilderFieldFunc  func,
                          gpointer            owner)
{
  Watch *watch = g_new0 (Watch, 1);

  g_return_if_fail (GTK_IS_EDITABLE (editable));

  watch->editable = editable;
  watch->func = func;
  watch->owner = owner;
  /* Freed (and its pending idle removed) with the editable. */
  g_object_set_data_full (G_OBJECT (editable), WATCH_KEY, watch, watch_free);
  g_signal_connect (editable, "changed", G_CALLBACK (watch_changed_cb), watch);
}

static void
update_group_label (GtkWidget *group)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (group), ROWS_KEY);
  GtkLabel *label = g_object_get_data (G_OBJECT (group), LABEL_KEY);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const char *message = g_object_get_data (rows->pdata[i], ERROR_KEY);

      if (message == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, message);
    }

  if (label == NULL && text->len == 0)
    return;
  if (label == NULL)
    {
      label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_widget_set_margin_top (GTK_WIDGET (label), 6);
      gtk_widget_add_css_class (GTK_WIDGET (label), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "pb-field-error");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (label));
      g_object_set_data (G_OBJECT (group), LABEL_KEY, label);
    }
  gtk_label_set_label (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
}

void
pb_builder_field_set_error (GtkWidget    *row,
                            const GError *error)
{
  GtkWidget *group;
  GPtrArray *rows;

  g_return_if_fail (GTK_IS_WIDGET (row));

  if (error != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      g_object_set_data_full (G_OBJECT (row), ERROR_KEY, g_strdup (error->message), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      if (g_object_get_data (G_OBJECT (row), ERROR_KEY) == NULL)
        return;
      gtk_widget_remove_css_class (row, "error");
      g_object_set_data (G_OBJECT (row), ERROR_KEY, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }

  group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
  if (group == NULL)
    return;
  rows = g_object_get_data (G_OBJECT (group), ROWS_KEY);
  if (rows == NULL)
    {
      rows = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (group), ROWS_KEY, rows,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  /* Rows live as long as their group; a removed row takes its message away first. */
  if (error != NULL && !g_ptr_array_find (rows, row, NULL))
    g_ptr_array_add (rows, row);
  else if (error == NULL)
    g_ptr_array_remove (rows, row);
  update_group_label (group);
}

gboolean
pb_builder_field_has_error (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), ERROR_KEY) != NULL;
}

void
pb_builder_field_edited (PbBuilderProject *project,
                         const char       *stream,
                         const char       *key)
{
  g_return_if_fail (PB_IS_BUILDER_PROJECT (project));

  pb_builder_project_mark_edited (project, stream, key);
  pb_builder_project_changed (project);
}

const char *
pb_builder_field_text (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  return text != NULL && *text != '\0' ? text : NULL;
}

void
pb_builder_field_set_text (GtkEditable *editable,
                           const char  *text)
{
  g_object_set_data (G_OBJECT (editable), QUIET_KEY, GINT_TO_POINTER (TRUE));
  gtk_editable_set_text (editable, text != NULL ? text : "");
  g_object_set_data (G_OBJECT (editable), QUIET_KEY, NULL);
}

char *
pb_builder_field_label (GtkWidget *row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  GString *label = g_string_new (NULL);

  for (const char *c = title != NULL ? title : ""; *c != '\0'; c++)
    if (*c != '_')
      g_string_append_c (label, *c);
  return g_string_free (label, FALSE);
}
