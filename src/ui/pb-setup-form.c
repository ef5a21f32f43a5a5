/* pb-setup-form.c: Form mode, rows generated from the connector definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-secret-field.h"
#include "pb-setup-form.h"

typedef struct {
  PbSetupForm   *form;
  const PbField *field;
  GtkWidget     *row;
  GtkWidget     *error_row;
  GtkWidget     *stored_row;    /* secrets: stands in for the row once stored */
  GtkWidget     *toggle;        /* booleans: the switch */
} FieldRow;

struct _PbSetupForm
{
  AdwBin        parent_instance;

  PbSetupModel *model;
  GHashTable   *rows;       /* field name → FieldRow */
  GPtrArray    *widgets;    /* every widget added, to take out on rebuild */
  GCancellable *cancellable;
  gboolean      syncing;

  /* Template widgets */
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *required_group;
  AdwPreferencesGroup *optional_group;
  AdwExpanderRow      *optional_row;
  GtkButton           *test_button;
};

G_DEFINE_FINAL_TYPE (PbSetupForm, pb_setup_form, ADW_TYPE_BIN)

enum {
  TEST_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (PbSetupForm *self);

static void
show_error (FieldRow   *fr,
            const char *message)
{
  if (message != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->error_row), message);
      gtk_widget_add_css_class (fr->row, "error");
    }
  else
    gtk_widget_remove_css_class (fr->row, "error");
  gtk_widget_set_visible (fr->error_row, message != NULL);
}

/* Model → row. */
static void
sync_row (PbSetupForm *self,
          FieldRow    *fr)
{
  const PbField *field = fr->field;
  const char *value = pb_setup_model_get_value (self->model, field->name);

  self->syncing = TRUE;
  if (field->secret)
    {
      pb_secret_field_set_stored (fr->stored_row,
                                  pb_setup_model_is_secret_set (self->model, field->name));
    }
  else if (field->enum_values != NULL)
    {
      guint index = GTK_INVALID_LIST_POSITION;

      for (guint i = 0; field->enum_values[i] != NULL; i++)
        if (g_strcmp0 (field->enum_values[i], value) == 0)
          index = i;
      if (adw_combo_row_get_selected (ADW_COMBO_ROW (fr->row)) != index)
        adw_combo_row_set_selected (ADW_COMBO_ROW (fr->row), index);
    }
  else if (field->type == PB_FIELD_BOOLEAN)
    gtk_switch_set_active (GTK_SWITCH (fr->toggle), g_strcmp0 (value, "true") == 0);
  else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (fr->row)), value ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (fr->row), value ? value : "");

  if (!field->secret)
    show_error (fr, pb_setup_model_get_field_error (self->model, field->name));
  self->syncing = FALSE;
}

/* Row → model. */
static void
entry_changed_cb (GtkEditable *editable,
                  FieldRow    *fr)
{
  if (fr->form->syncing)
    return;
  pb_setup_model_set_value (fr->form->model, fr->field->name, gtk_editable_get_text (editable),
                            NULL);
}

static void
combo_selected_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   FieldRow    *fr)
{
  guint selected = adw_combo_row_get_selected (row);

  if (fr->form->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;
  pb_setup_model_set_value (fr->form->model, fr->field->name, fr->field->enum_values[selected],
                            NULL);
}

static void
switch_active_cb (GtkSwitch  *toggle,
                  GParamSpec *pspec,
                  FieldRow   *fr)
{
  if (fr->form->syncing)
    return;
  pb_setup_model_set_value (fr->form->model, fr->field->name,
                            gtk_switch_get_active (toggle) ? "true" : "false", NULL);
}

typedef struct {
  PbSetupForm *form;
  char        *field;
} SecretData;

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretData *data = user_data;
  g_autoptr (GError) error = NULL;
  FieldRow *fr;

  pb_setup_model_set_secret_finish (PB_SETUP_MODEL (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (fr = g_hash_table_lookup (data->form->rows, data->field)) != NULL)
    {
      gtk_widget_set_sensitive (fr->row, TRUE);
      show_error (fr, error ? error->message : NULL);
      if (error == NULL)
        gtk_editable_set_text (GTK_EDITABLE (fr->row), "");
    }
  g_object_unref (data->form);
  g_free (data->field);
  g_free (data);
}

static void
secret_apply_cb (AdwEntryRow *row,
                 FieldRow    *fr)
{
  g_autofree char *secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  SecretData *data;

  if (*secret == '\0')
    return;
  data = g_new0 (SecretData, 1);
  data->form = g_object_ref (fr->form);
  data->field = g_strdup (fr->field->name);
  gtk_widget_set_sensitive (fr->row, FALSE);
  pb_setup_model_set_secret_async (fr->form->model, fr->field->name, secret, fr->form->cancellable,
                                   secret_stored_cb, data);
  memset (secret, 0, strlen (secret));
}

static GtkWidget *
help_button (const PbField *field)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Where to find it"));
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  if (field->description)
    {
      label = gtk_label_new (field->description);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
    }
  if (field->where)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", _("Where to find it:"), field->where);

      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  return button;
}

static FieldRow *
create_row (PbSetupForm   *self,
            const PbField *field)
{
  FieldRow *fr = g_new0 (FieldRow, 1);

  fr->form = self;
  fr->field = field;

  if (field->secret)
    {
      fr->row = adw_password_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (fr->row), TRUE);
      g_signal_connect (fr->row, "apply", G_CALLBACK (secret_apply_cb), fr);
    }
  else if (field->enum_values != NULL)
    {
      g_autoptr (GtkStringList) list
        = gtk_string_list_new ((const char *const *)field->enum_titles);

      fr->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (fr->row), G_LIST_MODEL (list));
      g_signal_connect (fr->row, "notify::selected", G_CALLBACK (combo_selected_cb), fr);
    }
  else if (field->type == PB_FIELD_BOOLEAN)
    {
      fr->row = adw_action_row_new ();
      fr->toggle = gtk_switch_new ();
      gtk_widget_set_valign (fr->toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), fr->toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fr->row), fr->toggle);
      g_signal_connect (fr->toggle, "notify::active", G_CALLBACK (switch_active_cb), fr);
    }
  else
    {
      fr->row = adw_entry_row_new ();
      if (field->type == PB_FIELD_INTEGER || field->type == PB_FIELD_NUMBER)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (fr->row), field->type == PB_FIELD_INTEGER
                                                                    ? GTK_INPUT_PURPOSE_DIGITS
                                                                    : GTK_INPUT_PURPOSE_NUMBER);
      else if (g_strcmp0 (field->format, "email") == 0)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (fr->row), GTK_INPUT_PURPOSE_EMAIL);
      else if (g_strcmp0 (field->format, "uri") == 0)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (fr->row), GTK_INPUT_PURPOSE_URL);
      g_signal_connect (fr->row, "changed", G_CALLBACK (entry_changed_cb), fr);
    }

  /* Titles and messages come from definitions and errors, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (fr->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), field->title);
  if (ADW_IS_ACTION_ROW (fr->row) && field->description)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), field->description);
  if (ADW_IS_ENTRY_ROW (fr->row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (fr->row), help_button (field));
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), help_button (field));
  gtk_widget_set_name (fr->row, field->name);
  if (field->secret)
    fr->stored_row = pb_secret_field_new_stored_row (ADW_ENTRY_ROW (fr->row));

  /* The inline validation message, a quiet row under the field. */
  fr->error_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (fr->error_row), FALSE);
  gtk_widget_add_css_class (fr->error_row, "pb-field-error");
  gtk_widget_add_css_class (fr->error_row, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (fr->error_row),
                             gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_visible (fr->error_row, FALSE);
  return fr;
}

static void
clear_rows (PbSetupForm *self)
{
  for (guint i = 0; i < self->widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (self->widgets, i);
      GtkWidget *parent = gtk_widget_get_parent (widget);

      if (parent == NULL)
        continue;
      if (gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) != NULL)
        adw_expander_row_remove (self->optional_row, widget);
      else
        adw_preferences_group_remove (self->required_group, widget);
    }
  g_ptr_array_set_size (self->widgets, 0);
  g_hash_table_remove_all (self->rows);
}

static void
rebuild (PbSetupForm *self)
{
  g_autoptr (GPtrArray) fields = pb_setup_model_get_active_fields (self->model);
  guint n_optional = 0;

  clear_rows (self);
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);
      FieldRow *fr = create_row (self, field);

      if (pb_setup_model_is_field_required (self->model, field))
        {
          adw_preferences_group_add (self->required_group, fr->row);
          if (fr->stored_row != NULL)
            adw_preferences_group_add (self->required_group, fr->stored_row);
          adw_preferences_group_add (self->required_group, fr->error_row);
        }
      else
        {
          adw_expander_row_add_row (self->optional_row, fr->row);
          if (fr->stored_row != NULL)
            adw_expander_row_add_row (self->optional_row, fr->stored_row);
          adw_expander_row_add_row (self->optional_row, fr->error_row);
          n_optional++;
        }
      g_ptr_array_add (self->widgets, fr->row);
      if (fr->stored_row != NULL)
        g_ptr_array_add (self->widgets, fr->stored_row);
      g_ptr_array_add (self->widgets, fr->error_row);
      g_hash_table_insert (self->rows, g_strdup (field->name), fr);
      sync_row (self, fr);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->optional_group), n_optional > 0);
  {
    g_autofree char *subtitle
      = g_strdup_printf (ngettext ("%u setting you can leave as it is",
                                   "%u settings you can leave as they are", n_optional),
                         n_optional);
    adw_expander_row_set_subtitle (self->optional_row, subtitle);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button),
                            pb_setup_model_is_complete (self->model));
}

static gboolean
is_discriminator (PbSetupForm *self,
                  const char  *name)
{
  GPtrArray *fields = pb_definition_get_fields (pb_setup_model_get_definition (self->model));

  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (((const PbField *) g_ptr_array_index (fields, i))->only_when_field, name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
rebuild_idle (gpointer user_data)
{
  PbSetupForm *self = user_data;

  if (self->model != NULL)
    rebuild (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
model_changed_cb (PbSetupForm  *self,
                  const char   *name,
                  PbSetupModel *model)
{
  FieldRow *fr;

  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button),
                            pb_setup_model_is_complete (self->model));
  if (name == NULL)
    return;
  if (is_discriminator (self, name))
    {
      /* Another oneOf variant: other rows. Not from inside the row's own signal. */
      g_idle_add (rebuild_idle, g_object_ref (self));
      return;
    }
  fr = g_hash_table_lookup (self->rows, name);
  if (fr != NULL)
    sync_row (self, fr);
}

static void
test_clicked_cb (PbSetupForm *self)
{
  g_signal_emit (self, signals[TEST_REQUESTED], 0);
}

void
pb_setup_form_set_model (PbSetupForm  *self,
                         PbSetupModel *model)
{
  g_return_if_fail (PB_IS_SETUP_FORM (self));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
}

GtkWidget *
pb_setup_form_get_row (PbSetupForm *self,
                       const char  *field)
{
  FieldRow *fr = g_hash_table_lookup (self->rows, field);

  return fr ? fr->row : NULL;
}

static void
pb_setup_form_dispose (GObject *object)
{
  PbSetupForm *self = PB_SETUP_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  /* AdwBin owns and unparents its child (the page); disposing the template here would
   * unparent it twice. */
  G_OBJECT_CLASS (pb_setup_form_parent_class)->dispose (object);
}

static void
pb_setup_form_finalize (GObject *object)
{
  PbSetupForm *self = PB_SETUP_FORM (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->widgets, g_ptr_array_unref);
  G_OBJECT_CLASS (pb_setup_form_parent_class)->finalize (object);
}

static void
pb_setup_form_class_init (PbSetupFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_setup_form_dispose;
  object_class->finalize = pb_setup_form_finalize;

  signals[TEST_REQUESTED] = g_signal_new ("test-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-setup-form.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSetupForm, page);
  gtk_widget_class_bind_template_child (widget_class, PbSetupForm, required_group);
  gtk_widget_class_bind_template_child (widget_class, PbSetupForm, optional_group);
  gtk_widget_class_bind_template_child (widget_class, PbSetupForm, optional_row);
  gtk_widget_class_bind_template_child (widget_class, PbSetupForm, test_button);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
}

static void
pb_setup_form_init (PbSetupForm *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->widgets = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
