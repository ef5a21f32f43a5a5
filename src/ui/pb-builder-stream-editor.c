/* pb-builder-stream-editor.c: the Builder's editor of one stream, a subpage of the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-builder-field.h"
#include "pb-builder-pairs-group.h"
#include "pb-builder-paginator-group.h"
#include "pb-builder-stream-editor.h"
#include "pb-evidence-button.h"
#include "pb-manifest-check.h"
#include "pb-string-util.h"
#include "pb-validate.h"

struct _PbBuilderStreamEditor
{
  GtkBox            parent_instance;

  PbBuilderProject *project;
  PbManifestStream *stream;
  GBinding         *title_binding;
  gboolean          folded;
  gboolean          loading;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  AdwPreferencesPage *preferences_page;
  AdwEntryRow      *name_row;
  AdwEntryRow      *path_row;
  PbEvidenceButton *path_evidence;
  AdwComboRow      *method_row;
  AdwComboRow      *body_format_row;
  AdwEntryRow      *body_text_row;
  PbBuilderPairsGroup *parameters_group;
  PbBuilderPairsGroup *headers_group;
  PbBuilderPairsGroup *body_group;
  AdwEntryRow      *record_path_row;
  PbEvidenceButton *record_path_evidence;
  AdwEntryRow      *primary_key_row;
  PbEvidenceButton *primary_key_evidence;
  AdwActionRow     *schema_row;
  PbEvidenceButton *schema_evidence;
  PbBuilderPaginatorGroup *paginator_group;
  AdwEntryRow      *cursor_field_row;
  PbEvidenceButton *incremental_evidence;
  AdwEntryRow      *datetime_format_row;
  AdwEntryRow      *start_datetime_row;
  AdwComboRow      *start_option_row;
  AdwEntryRow      *start_field_row;
  AdwComboRow      *parent_row;
  PbEvidenceButton *parent_evidence;
  AdwEntryRow      *parent_key_row;
  AdwEntryRow      *partition_field_row;
};

G_DEFINE_FINAL_TYPE (PbBuilderStreamEditor, pb_builder_stream_editor, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const methods[] = { "GET", "POST" };
/* start_option_row's items after "Not sent". */
static const PbInjectInto start_options[] = {
  PB_INJECT_REQUEST_PARAMETER, PB_INJECT_HEADER, PB_INJECT_BODY_JSON,
};

static void
edited (PbBuilderStreamEditor *self,
        const char            *key)
{
  pb_builder_field_edited (self->project, pb_manifest_stream_get_name (self->stream), key);
}

static void
update_visibility (PbBuilderStreamEditor *self)
{
  PbManifestIncremental *inc = pb_manifest_stream_get_incremental (self->stream);
  PbManifestParent *parent = pb_manifest_stream_get_parent (self->stream);
  /* The body is a POST's; a GET stream shows one only when it has one (nothing hidden). */
  gboolean body = adw_combo_row_get_selected (self->method_row) == 1
                  || pb_manifest_stream_has_request_body (self->stream);
  gboolean whole = pb_manifest_stream_get_request_body_text (self->stream) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->body_format_row), body);
  gtk_widget_set_visible (GTK_WIDGET (self->body_text_row), body && whole);
  gtk_widget_set_visible (GTK_WIDGET (self->body_group), body && !whole);

  gtk_widget_set_visible (GTK_WIDGET (self->start_field_row),
                          adw_combo_row_get_selected (self->start_option_row) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->datetime_format_row), inc->cursor_field != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_datetime_row), inc->cursor_field != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_option_row), inc->cursor_field != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_field_row), inc->cursor_field != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->parent_key_row), parent->parent_stream != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->partition_field_row), parent->parent_stream != NULL);
}

/* Name: renamed through the project (which refuses an empty or taken name) when applied. */
static void
name_apply_cb (PbBuilderStreamEditor *self)
{
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  g_autoptr (GError) error = NULL;

  if (self->stream == NULL)
    return;
  old_name = g_strdup (pb_manifest_stream_get_name (self->stream));
  new_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (g_strcmp0 (old_name, new_name) == 0)
    {
      pb_builder_field_set_error (GTK_WIDGET (self->name_row), NULL);
      return;
    }
  if (!pb_builder_project_rename_stream (self->project, old_name, new_name, &error))
    {
      pb_builder_field_set_error (GTK_WIDGET (self->name_row), error);
      return;
    }
  pb_builder_field_set_error (GTK_WIDGET (self->name_row), NULL);
  pb_builder_project_changed (self->project);
}

static void
method_changed_cb (PbBuilderStreamEditor *self)
{
  guint pos = adw_combo_row_get_selected (self->method_row);

  if (self->loading || self->stream == NULL || pos >= G_N_ELEMENTS (methods))
    return;
  pb_manifest_stream_set_http_method (self->stream, methods[pos]);
  update_visibility (self);
  edited (self, "method");
}

static PbBodyFormat
body_format (PbBuilderStreamEditor *self)
{
  return adw_combo_row_get_selected (self->body_format_row) == 1 ? PB_BODY_DATA : PB_BODY_JSON;
}

/* The body group says how its values are sent, and checks them so. */
static void
show_body_format (PbBuilderStreamEditor *self)
{
  gboolean json = body_format (self) == PB_BODY_JSON;

  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (self->body_group),
    json ? _("Sent as a JSON object. Numbers, true, false and values written as JSON objects or "
             "lists are sent as JSON, anything else as text.")
         : _("Sent as form fields, each value as text."));
  pb_builder_pairs_group_set_json_values (self->body_group, json);
}

/* The body's fields as the rows show them, sent as the format row says. */
static void
store_body (PbBuilderStreamEditor *self)
{
  const char *text = pb_manifest_stream_get_request_body_text (self->stream);
  g_auto (GStrv) pairs = NULL;

  if (text != NULL)
    {
      pb_manifest_stream_set_request_body_text (self->stream, body_format (self), text);
      return;
    }
  pairs = pb_builder_pairs_group_get_pairs (self->body_group);
  pb_manifest_stream_set_request_body (self->stream, body_format (self),
                                       (const char * const *) pairs);
}

static void
body_changed_cb (PbBuilderStreamEditor *self)
{
  if (self->loading || self->stream == NULL)
    return;
  store_body (self);
  update_visibility (self);
  edited (self, "request_body");
}

static void
body_format_changed_cb (PbBuilderStreamEditor *self)
{
  if (self->loading || self->stream == NULL)
    return;
  show_body_format (self);
  /* A value the new format refuses shows its error; the rest waits until it is fixed. */
  if (pb_builder_pairs_group_has_error (self->body_group))
    return;
  store_body (self);
  edited (self, "request_body");
}

static void
pairs_changed_cb (PbBuilderStreamEditor *self,
                  PbBuilderPairsGroup   *group)
{
  g_auto (GStrv) pairs = pb_builder_pairs_group_get_pairs (group);

  if (self->loading || self->stream == NULL)
    return;
  if (group == self->headers_group)
    {
      pb_manifest_stream_set_request_headers (self->stream, (const char * const *) pairs);
      edited (self, "request_headers");
    }
  else
    {
      pb_manifest_stream_set_request_parameters (self->stream, (const char * const *) pairs);
      edited (self, "request_parameters");
    }
}

static void
paginator_changed_cb (PbBuilderStreamEditor *self)
{
  if (self->stream != NULL)
    edited (self, "paginator");
}

static void
start_option_changed_cb (PbBuilderStreamEditor *self)
{
  PbManifestIncremental *inc;
  guint pos = adw_combo_row_get_selected (self->start_option_row);

  if (self->loading || self->stream == NULL)
    return;
  inc = pb_manifest_stream_get_incremental (self->stream);
  if (pos == 0 || pos > G_N_ELEMENTS (start_options))
    g_clear_pointer (&inc->start_time_field, g_free);
  else
    {
      const char *typed = pb_builder_field_text (GTK_EDITABLE (self->start_field_row));

      inc->start_time_inject_into = start_options[pos - 1];
      if (inc->start_time_field == NULL)
        inc->start_time_field = g_strdup (typed != NULL ? typed : "since");
      self->loading = TRUE;
      pb_builder_field_set_text (GTK_EDITABLE (self->start_field_row), inc->start_time_field);
      self->loading = FALSE;
    }
  update_visibility (self);
  edited (self, "incremental");
}

static void
parent_changed_cb (PbBuilderStreamEditor *self)
{
  PbManifestParent *parent;
  GtkStringObject *item;

  if (self->loading || self->stream == NULL)
    return;
  parent = pb_manifest_stream_get_parent (self->stream);
  item = adw_combo_row_get_selected_item (self->parent_row);
  if (item == NULL || adw_combo_row_get_selected (self->parent_row) == 0)
    g_clear_pointer (&parent->parent_stream, g_free);
  else
    {
      pb_set_str (&parent->parent_stream, gtk_string_object_get_string (item));
      /* The usual link: the parent's "id", named after the parent in the partition. */
      if (parent->parent_key == NULL)
        parent->parent_key = g_strdup ("id");
      if (parent->partition_field == NULL)
        parent->partition_field = g_strdup ("parent_id");
      self->loading = TRUE;
      pb_builder_field_set_text (GTK_EDITABLE (self->parent_key_row), parent->parent_key);
      pb_builder_field_set_text (GTK_EDITABLE (self->partition_field_row),
                                 parent->partition_field);
      self->loading = FALSE;
    }
  update_visibility (self);
  edited (self, "parent");
}

/* Checks ROW's TEXT by the field it edits. Parsed lists land in *LIST, numbers in *NUMBER. */
static gboolean
check_entry (PbBuilderStreamEditor  *self,
             AdwEntryRow            *row,
             const char             *text,
             GStrv                  *list,
             GError                **error)
{
  g_autofree char *label = pb_builder_field_label (GTK_WIDGET (row));
  PbManifestIncremental *inc = pb_manifest_stream_get_incremental (self->stream);

  if (row == self->path_row)
    return pb_manifest_check_path (text, error);
  if (row == self->record_path_row)
    return (*list = pb_manifest_parse_field_path (label, text, error)) != NULL;
  if (row == self->primary_key_row)
    return (*list = pb_manifest_parse_field_list (label, text, error)) != NULL;
  if (row == self->datetime_format_row)
    return pb_manifest_check_datetime_format (label, text, error);
  if (row == self->start_datetime_row)
    return pb_manifest_check_datetime (label, text, error);
  if (row == self->body_text_row)
    return pb_manifest_check_template (label, text, error);
  if (row == self->start_field_row)
    {
      if (inc->start_time_inject_into == PB_INJECT_HEADER)
        return pb_validate_header_name (text, error);
      if (inc->start_time_inject_into == PB_INJECT_REQUEST_PARAMETER)
        return pb_validate_query_param (text, error);
    }
  return pb_validate_single_line (label, text, error);
}

static void
entry_changed_cb (gpointer     owner,
                  GtkEditable *editable)
{
  PbBuilderStreamEditor *self = owner;
  AdwEntryRow *row = ADW_ENTRY_ROW (editable);
  const char *text = pb_builder_field_text (GTK_EDITABLE (row));
  PbManifestIncremental *inc;
  PbManifestParent *parent;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) list = NULL;
  const char *key;

  if (self->loading || self->stream == NULL)
    return;
  check_entry (self, row, text, &list, &error);
  pb_builder_field_set_error (GTK_WIDGET (row), error);
  if (error != NULL)
    return;

  inc = pb_manifest_stream_get_incremental (self->stream);
  parent = pb_manifest_stream_get_parent (self->stream);
  if (row == self->path_row)
    {
      pb_manifest_stream_set_path (self->stream, text);
      key = "path";
    }
  else if (row == self->record_path_row)
    {
      pb_manifest_stream_set_record_path (self->stream, (const char * const *) list);
      key = "record_path";
    }
  else if (row == self->primary_key_row)
    {
      pb_manifest_stream_set_primary_key (self->stream, (const char * const *) list);
      key = "primary_key";
    }
  else if (row == self->body_text_row)
    {
      /* Emptied: the body goes back to fields (none yet), which the group then shows. */
      if (text != NULL)
        pb_manifest_stream_set_request_body_text (self->stream, body_format (self), text);
      else
        pb_manifest_stream_set_request_body (self->stream, body_format (self), NULL);
      update_visibility (self);
      key = "request_body";
    }
  else if (row == self->parent_key_row || row == self->partition_field_row)
    {
      pb_set_str (row == self->parent_key_row ? &parent->parent_key : &parent->partition_field,
                  text);
      key = "parent";
    }
  else
    {
      if (row == self->cursor_field_row)
        pb_set_str (&inc->cursor_field, text);
      else if (row == self->datetime_format_row)
        pb_set_str (&inc->datetime_format, text);
      else if (row == self->start_datetime_row)
        pb_set_str (&inc->start_datetime, text);
      else if (text != NULL)
        pb_set_str (&inc->start_time_field, text);
      key = "incremental";
      update_visibility (self);
    }
  edited (self, key);
}

static void
load_parents (PbBuilderStreamEditor *self)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  const char *current = pb_manifest_stream_get_parent (self->stream)->parent_stream;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (names, _("None"));
  for (guint i = 0; i < pb_manifest_get_n_streams (manifest); i++)
    {
      PbManifestStream *other = pb_manifest_get_stream (manifest, i);

      if (other == self->stream)
        continue;
      gtk_string_list_append (names, pb_manifest_stream_get_name (other));
      if (g_strcmp0 (pb_manifest_stream_get_name (other), current) == 0)
        selected = g_list_model_get_n_items (G_LIST_MODEL (names)) - 1;
    }
  adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->parent_row, selected);
}

/* "3 fields: id, name, updated_at" or that any record is accepted. */
static void
load_schema (PbBuilderStreamEditor *self)
{
  const cJSON *schema = pb_manifest_stream_get_schema (self->stream);
  const cJSON *props = cJSON_GetObjectItemCaseSensitive (schema, "properties");
  int n = cJSON_IsObject (props) ? cJSON_GetArraySize (props) : 0;
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  const cJSON *item;
  int shown = 0;

  if (n == 0)
    {
      adw_action_row_set_subtitle (self->schema_row,
                                   schema == NULL ? _("Not declared: records are read as they come")
                                                  : _("No fields declared"));
      return;
    }
  cJSON_ArrayForEach (item, props)
    {
      if (shown++ == 6)
        {
          g_string_append (names, ", …");
          break;
        }
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", item->string);
    }
  /* Translators: %d is how many fields a record has, %s the first names ("id, name, …") */
  subtitle = g_strdup_printf (ngettext ("%d field: %s", "%d fields: %s", n), n, names->str);
  adw_action_row_set_subtitle (self->schema_row, subtitle);
}

static void
set_evidence (PbBuilderStreamEditor *self,
              PbEvidenceButton      *button,
              const char            *key)
{
  pb_evidence_button_set_evidence (button, pb_manifest_stream_get_evidence (self->stream, key));
}

void
pb_builder_stream_editor_set_stream (PbBuilderStreamEditor *self,
                                     PbBuilderProject      *project,
                                     PbManifestStream      *stream)
{
  PbManifestIncremental *inc;
  PbManifestParent *parent;
  g_autofree char *record_path = NULL;
  g_autofree char *primary_key = NULL;
  const char *method;
  AdwEntryRow *rows[] = {
    self->name_row, self->path_row, self->body_text_row, self->record_path_row,
    self->primary_key_row,
    self->cursor_field_row, self->datetime_format_row, self->start_datetime_row,
    self->start_field_row, self->parent_key_row, self->partition_field_row,
  };

  g_return_if_fail (PB_IS_BUILDER_STREAM_EDITOR (self));
  g_return_if_fail (PB_IS_BUILDER_PROJECT (project));
  g_return_if_fail (PB_IS_MANIFEST_STREAM (stream));

  g_set_object (&self->project, project);
  g_set_object (&self->stream, stream);
  g_clear_pointer (&self->title_binding, g_binding_unbind);
  self->title_binding = g_object_bind_property (stream, "name", self->window_title, "title",
                                                G_BINDING_SYNC_CREATE);
  adw_window_title_set_subtitle (self->window_title, pb_builder_project_get_name (project));

  inc = pb_manifest_stream_get_incremental (stream);
  parent = pb_manifest_stream_get_parent (stream);
  record_path = g_strjoinv (".", (char **) pb_manifest_stream_get_record_path (stream));
  primary_key = g_strjoinv (", ", (char **) pb_manifest_stream_get_primary_key (stream));
  method = pb_manifest_stream_get_http_method (stream);

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    pb_builder_field_set_error (GTK_WIDGET (rows[i]), NULL);
  pb_builder_field_set_text (GTK_EDITABLE (self->name_row), pb_manifest_stream_get_name (stream));
  pb_builder_field_set_text (GTK_EDITABLE (self->path_row), pb_manifest_stream_get_path (stream));
  adw_combo_row_set_selected (self->method_row, g_strcmp0 (method, "POST") == 0 ? 1 : 0);
  pb_builder_pairs_group_set_pairs (self->parameters_group,
                                    pb_manifest_stream_get_request_parameters (stream));
  pb_builder_pairs_group_set_pairs (self->headers_group,
                                    pb_manifest_stream_get_request_headers (stream));
  adw_combo_row_set_selected (self->body_format_row,
                              pb_manifest_stream_get_request_body_format (stream) == PB_BODY_DATA);
  show_body_format (self);
  pb_builder_pairs_group_set_pairs (self->body_group, pb_manifest_stream_get_request_body (stream));
  pb_builder_field_set_text (GTK_EDITABLE (self->body_text_row),
                             pb_manifest_stream_get_request_body_text (stream));
  load_schema (self);
  pb_builder_field_set_text (GTK_EDITABLE (self->record_path_row), record_path);
  pb_builder_field_set_text (GTK_EDITABLE (self->primary_key_row), primary_key);
  pb_builder_paginator_group_set_stream (self->paginator_group, stream);
  pb_builder_field_set_text (GTK_EDITABLE (self->cursor_field_row), inc->cursor_field);
  pb_builder_field_set_text (GTK_EDITABLE (self->datetime_format_row), inc->datetime_format);
  pb_builder_field_set_text (GTK_EDITABLE (self->start_datetime_row), inc->start_datetime);
  adw_combo_row_set_selected (self->start_option_row, 0);
  for (guint i = 0; inc->start_time_field != NULL && i < G_N_ELEMENTS (start_options); i++)
    if (start_options[i] == inc->start_time_inject_into)
      adw_combo_row_set_selected (self->start_option_row, i + 1);
  pb_builder_field_set_text (GTK_EDITABLE (self->start_field_row), inc->start_time_field);
  load_parents (self);
  pb_builder_field_set_text (GTK_EDITABLE (self->parent_key_row), parent->parent_key);
  pb_builder_field_set_text (GTK_EDITABLE (self->partition_field_row), parent->partition_field);

  set_evidence (self, self->path_evidence, "path");
  set_evidence (self, self->record_path_evidence, "record_path");
  set_evidence (self, self->primary_key_evidence, "primary_key");
  set_evidence (self, self->incremental_evidence, "incremental");
  set_evidence (self, self->parent_evidence, "parent");
  set_evidence (self, self->schema_evidence, "schema");
  pb_builder_pairs_group_set_evidence (self->body_group,
                                       pb_manifest_stream_get_evidence (stream, "request_body"));
  pb_builder_pairs_group_set_evidence (self->parameters_group,
                                       pb_manifest_stream_get_evidence (stream,
                                                                        "request_parameters"));
  update_visibility (self);
  self->loading = FALSE;

  /* Another stream's editor starts at its top (AdwPreferencesPage scrolls in its first child). */
  {
    GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (self->preferences_page));

    if (GTK_IS_SCROLLED_WINDOW (scroller))
      gtk_adjustment_set_value (
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
  }
}

GtkWidget *
pb_builder_stream_editor_new (void)
{
  return g_object_new (PB_TYPE_BUILDER_STREAM_EDITOR, NULL);
}

PbManifestStream *
pb_builder_stream_editor_get_stream (PbBuilderStreamEditor *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_STREAM_EDITOR (self), NULL);
  return self->stream;
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
pb_builder_stream_editor_dispose (GObject *object)
{
  PbBuilderStreamEditor *self = PB_BUILDER_STREAM_EDITOR (object);

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_STREAM_EDITOR);
  g_clear_object (&self->stream);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_stream_editor_parent_class)->dispose (object);
}

static void
pb_builder_stream_editor_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PbBuilderStreamEditor *self = PB_BUILDER_STREAM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_stream_editor_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PbBuilderStreamEditor *self = PB_BUILDER_STREAM_EDITOR (object);

  switch (prop_id)
    {
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
pb_builder_stream_editor_class_init (PbBuilderStreamEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_stream_editor_dispose;
  object_class->get_property = pb_builder_stream_editor_get_property;
  object_class->set_property = pb_builder_stream_editor_set_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "editor.back",
                                       NULL);

  g_type_ensure (PB_TYPE_EVIDENCE_BUTTON);
  g_type_ensure (PB_TYPE_BUILDER_PAIRS_GROUP);
  g_type_ensure (PB_TYPE_BUILDER_PAGINATOR_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH
                                               "/ui/pb-builder-stream-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PbBuilderStreamEditor, name)
  BIND (window_title);
  BIND (preferences_page);
  BIND (name_row);
  BIND (path_row);
  BIND (path_evidence);
  BIND (method_row);
  BIND (body_format_row);
  BIND (body_text_row);
  BIND (parameters_group);
  BIND (headers_group);
  BIND (body_group);
  BIND (record_path_row);
  BIND (record_path_evidence);
  BIND (primary_key_row);
  BIND (primary_key_evidence);
  BIND (schema_row);
  BIND (schema_evidence);
  BIND (paginator_group);
  BIND (cursor_field_row);
  BIND (incremental_evidence);
  BIND (datetime_format_row);
  BIND (start_datetime_row);
  BIND (start_option_row);
  BIND (start_field_row);
  BIND (parent_row);
  BIND (parent_evidence);
  BIND (parent_key_row);
  BIND (partition_field_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, name_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pairs_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, body_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, body_format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, paginator_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, parent_changed_cb);
}

static void
pb_builder_stream_editor_init (PbBuilderStreamEditor *self)
{
  AdwEntryRow *rows[10];

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[0] = self->path_row;
  rows[1] = self->record_path_row;
  rows[2] = self->primary_key_row;
  rows[3] = self->cursor_field_row;
  rows[4] = self->datetime_format_row;
  rows[5] = self->start_datetime_row;
  rows[6] = self->start_field_row;
  rows[7] = self->parent_key_row;
  rows[8] = self->partition_field_row;
  rows[9] = self->body_text_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    pb_builder_field_connect (GTK_EDITABLE (rows[i]), entry_changed_cb, self);
}
