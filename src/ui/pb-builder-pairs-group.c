/* pb-builder-pairs-group.c: a stream's request parameters, headers or body fields, as editable
 * name/value rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-field.h"
#include "pb-builder-pairs-group.h"
#include "pb-error.h"
#include "pb-evidence-button.h"
#include "pb-manifest-check.h"
#include "pb-validate.h"

struct _PbBuilderPairsGroup
{
  AdwPreferencesGroup parent_instance;

  gboolean   headers;
  gboolean   body;
  gboolean   json_values; /* body: values written as JSON objects must be JSON */
  GPtrArray *rows;        /* AdwPreferencesRow, in order */
  gboolean   loading;

  /* Template widgets */
  GtkButton *add_button;
  PbEvidenceButton *evidence_button;
  AdwActionRow *empty_row;
};

G_DEFINE_FINAL_TYPE (PbBuilderPairsGroup, pb_builder_pairs_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_HEADERS,
  PROP_BODY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define NAME_KEY  "pb-pair-name"
#define VALUE_KEY "pb-pair-value"

/* The words for what this group holds: a header's, a body field's or a parameter's. */
static const char *
say (PbBuilderPairsGroup *self,
     const char          *header,
     const char          *body,
     const char          *parameter)
{
  return self->headers ? header : self->body ? body : parameter;
}

static gboolean
check_name (PbBuilderPairsGroup  *self,
            const char           *name,
            GError              **error)
{
  if (self->headers)
    return pb_validate_header_name (name, error);
  if (self->body)
    return pb_manifest_check_body_field (name, error);
  return pb_validate_query_param (name, error);
}

static gboolean
check_row (PbBuilderPairsGroup *self,
           GtkWidget           *row)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (row), NAME_KEY);
  GtkEditable *value = g_object_get_data (G_OBJECT (row), VALUE_KEY);
  const char *name_text = pb_builder_field_text (name);
  const char *value_text = pb_builder_field_text (value);
  g_autoptr (GError) error = NULL;
  gboolean name_ok, value_ok = TRUE;

  name_ok = check_name (self, name_text, &error);
  if (name_ok && self->body)
    value_ok = pb_manifest_check_body_value (_("The body field value"), value_text,
                                             self->json_values, &error);
  else if (name_ok)
    value_ok = pb_manifest_check_template (self->headers ? _("The header value")
                                                         : _("The parameter value"),
                                           value_text, &error);
  if (name_ok && value_ok && name_text == NULL && value_text != NULL)
    {
      g_set_error_literal (&error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                           say (self, _("A header value needs a header name."),
                                _("A body value needs a field name."),
                                _("A parameter value needs a parameter name.")));
      name_ok = FALSE;
    }

  if (name_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (name), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (name), "error");
  if (value_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (value), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (value), "error");
  pb_builder_field_set_error (row, error);
  return error == NULL;
}

static void
entry_changed_cb (gpointer     owner,
                  GtkEditable *editable)
{
  PbBuilderPairsGroup *self = owner;
  gboolean all_ok = TRUE;

  if (self->loading)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    all_ok &= check_row (self, self->rows->pdata[i]);
  if (all_ok)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_empty (PbBuilderPairsGroup *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), self->rows->len == 0);
}

static void
remove_clicked_cb (GtkButton           *button,
                   PbBuilderPairsGroup *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_PREFERENCES_ROW);

  pb_builder_field_set_error (row, NULL);
  g_ptr_array_remove (self->rows, row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
  update_empty (self);
  entry_changed_cb (self, NULL);
}

static GtkWidget *
new_entry (const char *placeholder,
           const char *accessible_name,
           const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  pb_builder_field_set_text (GTK_EDITABLE (entry), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return entry;
}

static GtkWidget *
append_row (PbBuilderPairsGroup *self,
            const char          *name,
            const char          *value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name_entry, *value_entry, *remove;

  name_entry = new_entry (say (self, _("Header"), _("Field"), _("Parameter")),
                          say (self, _("Header name"), _("Body field name"), _("Parameter name")),
                          name);
  value_entry = new_entry (_("Value"),
                           say (self, _("Header value"), _("Body field value"),
                                _("Parameter value")),
                           value);
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, say (self, _("Remove Header"), _("Remove Body Field"),
                                            _("Remove Parameter")));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), name_entry);
  gtk_box_append (GTK_BOX (box), value_entry);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : "");

  g_object_set_data (G_OBJECT (row), NAME_KEY, name_entry);
  g_object_set_data (G_OBJECT (row), VALUE_KEY, value_entry);
  pb_builder_field_connect (GTK_EDITABLE (name_entry), entry_changed_cb, self);
  pb_builder_field_connect (GTK_EDITABLE (value_entry), entry_changed_cb, self);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
  update_empty (self);
  return row;
}

void
pb_builder_pairs_group_add_row (PbBuilderPairsGroup *self)
{
  GtkWidget *row;

  g_return_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self));
  row = append_row (self, NULL, NULL);
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), NAME_KEY));
}

static void
add_clicked_cb (PbBuilderPairsGroup *self)
{
  pb_builder_pairs_group_add_row (self);
}

void
pb_builder_pairs_group_set_pairs (PbBuilderPairsGroup *self,
                                  const char * const  *pairs)
{
  g_return_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self));

  self->loading = TRUE;
  while (self->rows->len > 0)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->rows, self->rows->len - 1);

      pb_builder_field_set_error (row, NULL);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
    }
  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    append_row (self, pairs[i], pairs[i + 1]);
  update_empty (self);
  self->loading = FALSE;
}

GStrv
pb_builder_pairs_group_get_pairs (PbBuilderPairsGroup *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GObject *row = self->rows->pdata[i];
      const char *name = pb_builder_field_text (g_object_get_data (row, NAME_KEY));
      const char *value = pb_builder_field_text (g_object_get_data (row, VALUE_KEY));

      if (name == NULL)
        continue;
      g_strv_builder_add (builder, name);
      g_strv_builder_add (builder, value != NULL ? value : "");
    }
  return g_strv_builder_end (builder);
}

void
pb_builder_pairs_group_set_evidence (PbBuilderPairsGroup *self,
                                     PbEvidence          *evidence)
{
  g_return_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self));
  pb_evidence_button_set_evidence (self->evidence_button, evidence);
}

void
pb_builder_pairs_group_set_json_values (PbBuilderPairsGroup *self,
                                        gboolean             json)
{
  g_return_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self));

  if (self->json_values == json)
    return;
  self->json_values = json;
  /* What was valid in a form may not be in a JSON body: check the rows again. */
  for (guint i = 0; i < self->rows->len; i++)
    check_row (self, self->rows->pdata[i]);
}

gboolean
pb_builder_pairs_group_has_error (PbBuilderPairsGroup *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    if (pb_builder_field_has_error (self->rows->pdata[i]))
      return TRUE;
  return FALSE;
}

gboolean
pb_builder_pairs_group_get_row_entries (PbBuilderPairsGroup  *self,
                                        guint                 index,
                                        GtkEditable         **name,
                                        GtkEditable         **value)
{
  g_return_val_if_fail (PB_IS_BUILDER_PAIRS_GROUP (self), FALSE);

  if (index >= self->rows->len)
    return FALSE;
  if (name != NULL)
    *name = g_object_get_data (self->rows->pdata[index], NAME_KEY);
  if (value != NULL)
    *value = g_object_get_data (self->rows->pdata[index], VALUE_KEY);
  return TRUE;
}

static void
pb_builder_pairs_group_constructed (GObject *object)
{
  PbBuilderPairsGroup *self = PB_BUILDER_PAIRS_GROUP (object);
  const char *add = say (self, _("Add Header"), _("Add Body Field"), _("Add Parameter"));

  G_OBJECT_CLASS (pb_builder_pairs_group_parent_class)->constructed (object);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), add);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, add, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                 say (self, _("No headers"), _("No body fields"),
                                      _("No parameters")));
}

static void
pb_builder_pairs_group_finalize (GObject *object)
{
  PbBuilderPairsGroup *self = PB_BUILDER_PAIRS_GROUP (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (pb_builder_pairs_group_parent_class)->finalize (object);
}

static void
pb_builder_pairs_group_dispose (GObject *object)
{
  PbBuilderPairsGroup *self = PB_BUILDER_PAIRS_GROUP (object);

  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_PAIRS_GROUP);

  G_OBJECT_CLASS (pb_builder_pairs_group_parent_class)->dispose (object);
}

static void
pb_builder_pairs_group_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PbBuilderPairsGroup *self = PB_BUILDER_PAIRS_GROUP (object);

  switch (prop_id)
    {
    case PROP_HEADERS:
      g_value_set_boolean (value, self->headers);
      break;
    case PROP_BODY:
      g_value_set_boolean (value, self->body);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_pairs_group_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PbBuilderPairsGroup *self = PB_BUILDER_PAIRS_GROUP (object);

  switch (prop_id)
    {
    case PROP_HEADERS:
      self->headers = g_value_get_boolean (value);
      break;
    case PROP_BODY:
      self->body = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_pairs_group_class_init (PbBuilderPairsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_builder_pairs_group_constructed;
  object_class->dispose = pb_builder_pairs_group_dispose;
  object_class->finalize = pb_builder_pairs_group_finalize;
  object_class->get_property = pb_builder_pairs_group_get_property;
  object_class->set_property = pb_builder_pairs_group_set_property;

  properties[PROP_HEADERS] =
    g_param_spec_boolean ("headers", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BODY] =
    g_param_spec_boolean ("body", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-builder-pairs-group.ui");
  g_type_ensure (PB_TYPE_EVIDENCE_BUTTON);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPairsGroup, add_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPairsGroup, evidence_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPairsGroup, empty_row);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
pb_builder_pairs_group_init (PbBuilderPairsGroup *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
