/* pb-secret-field.c: a password row whose text goes to the keyring, debounced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-secret-field.h"

#define DEFAULT_DEBOUNCE_MS 500

struct _PbSecretField
{
  GObject parent_instance;

  PbConnectorStore *store;
  PbConnector *connector;
  char *field;
  AdwEntryRow *row;       /* weak: the row belongs to its page */
  GtkWidget *text;        /* the row's GtkText, for its visibility */

  guint timeout_id;
  gboolean in_flight;
  gboolean pending;       /* the text changed while a write was running */
  guint updating;         /* > 0 while a stored secret is put into the row */
  char *error;
};

G_DEFINE_FINAL_TYPE (PbSecretField, pb_secret_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void write_secret (PbSecretField *self);

static void
notify_busy (PbSecretField *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_error (PbSecretField *self,
           const char    *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Callbacks hold a weak reference: the page may be gone when the keyring answers. */
typedef struct {
  GWeakRef field;
} Call;

static Call *
call_new (PbSecretField *self)
{
  Call *call = g_new0 (Call, 1);

  g_weak_ref_init (&call->field, self);
  return call;
}

static PbSecretField *
call_free (Call *call)
{
  PbSecretField *self = g_weak_ref_get (&call->field);

  g_weak_ref_clear (&call->field);
  g_free (call);
  return self;
}

static void
secret_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PbSecretField) self = call_free (user_data);
  g_autoptr (GError) error = NULL;
  GApplication *app = g_application_get_default ();

  pb_connector_store_set_secret_finish (PB_CONNECTOR_STORE (object), result, &error);
  if (app != NULL)
    g_application_release (app);

  if (self == NULL)
    return;

  self->in_flight = FALSE;
  if (error != NULL)
    {
      self->pending = FALSE;
      set_error (self, error->message);
    }
  else
    {
      set_error (self, NULL);
      if (self->pending)
        {
          self->pending = FALSE;
          write_secret (self);
        }
    }
  notify_busy (self);
}

static void
write_secret (PbSecretField *self)
{
  const char *text;
  GApplication *app = g_application_get_default ();

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->row == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->row));
  if (*text == '\0')
    return;

  if (self->in_flight)
    {
      self->pending = TRUE;
      return;
    }

  self->in_flight = TRUE;
  /* Keep the app alive until the keyring has the secret, even if the window closes now. */
  if (app != NULL)
    g_application_hold (app);
  pb_connector_store_set_secret_async (self->store, self->connector, self->field, text,
                                       NULL, secret_written_cb, call_new (self));
}

static gboolean
timeout_cb (gpointer user_data)
{
  PbSecretField *self = user_data;

  self->timeout_id = 0;
  write_secret (self);
  return G_SOURCE_REMOVE;
}

static guint
debounce_delay (PbSecretField *self)
{
  GParamSpec *pspec
    = g_object_class_find_property (G_OBJECT_GET_CLASS (self->store), "autosave-delay");
  guint delay = DEFAULT_DEBOUNCE_MS;

  if (pspec != NULL && pspec->value_type == G_TYPE_UINT)
    g_object_get (self->store, "autosave-delay", &delay, NULL);
  return delay;
}

static void
row_changed_cb (PbSecretField *self)
{
  gboolean was_busy = pb_secret_field_get_busy (self);

  if (self->updating > 0)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* Emptying the row keeps the stored secret: there is nothing to replace it with. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->row)) != '\0')
    self->timeout_id = g_timeout_add (debounce_delay (self), timeout_cb, self);

  if (was_busy != pb_secret_field_get_busy (self))
    notify_busy (self);
}

static void
secret_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (PbSecretField) self = call_free (user_data);
  g_autoptr (GError) error = NULL;
  char *value = pb_vault_lookup_finish (PB_VAULT (object), result, &error);

  if (self != NULL && error != NULL)
    set_error (self, error->message);
  else if (self != NULL && self->row != NULL && value != NULL &&
           *gtk_editable_get_text (GTK_EDITABLE (self->row)) == '\0')
    {
      self->updating++;
      gtk_editable_set_text (GTK_EDITABLE (self->row), value);
      self->updating--;
    }

  if (value != NULL)
    pb_vault_free_secret (value);
}

/* Revealing the empty row of a stored secret is the user asking to see it. */
static void
visibility_cb (PbSecretField *self)
{
  if (self->row == NULL ||
      !gtk_text_get_visibility (GTK_TEXT (self->text)) ||
      *gtk_editable_get_text (GTK_EDITABLE (self->row)) != '\0' ||
      !pb_connector_has_secret (self->connector, self->field))
    return;

  pb_vault_lookup_async (pb_connector_store_get_vault (self->store),
                         pb_connector_get_id (self->connector), self->field, NULL, secret_read_cb,
                         call_new (self));
}

static void
pb_secret_field_dispose (GObject *object)
{
  PbSecretField *self = PB_SECRET_FIELD (object);

  /* A secret typed just before the page goes away is still written. */
  if (self->timeout_id != 0)
    write_secret (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->text != NULL)
    g_signal_handlers_disconnect_by_data (self->text, self);
  if (self->row != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->row, self);
      g_object_remove_weak_pointer (G_OBJECT (self->row), (gpointer *) &self->row);
      self->row = NULL;
    }
  g_clear_object (&self->text);
  g_clear_object (&self->connector);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_secret_field_parent_class)->dispose (object);
}

static void
pb_secret_field_finalize (GObject *object)
{
  PbSecretField *self = PB_SECRET_FIELD (object);

  g_free (self->field);
  g_free (self->error);

  G_OBJECT_CLASS (pb_secret_field_parent_class)->finalize (object);
}

static void
pb_secret_field_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PbSecretField *self = PB_SECRET_FIELD (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, pb_secret_field_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_secret_field_class_init (PbSecretFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_secret_field_dispose;
  object_class->finalize = pb_secret_field_finalize;
  object_class->get_property = pb_secret_field_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_secret_field_init (PbSecretField *self)
{
}

PbSecretField *
pb_secret_field_new (PbConnectorStore *store,
                     PbConnector      *connector,
                     const char       *field,
                     AdwEntryRow      *row)
{
  PbSecretField *self;
  GtkEditable *text;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);

  self = g_object_new (PB_TYPE_SECRET_FIELD, NULL);
  self->store = g_object_ref (store);
  self->connector = g_object_ref (connector);
  self->field = g_strdup (field);
  self->row = row;
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &self->row);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (row_changed_cb), self);

  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (GTK_IS_TEXT (text))
    {
      self->text = g_object_ref (GTK_WIDGET (text));
      g_signal_connect_swapped (text, "notify::visibility", G_CALLBACK (visibility_cb), self);
    }

  return self;
}

const char *
pb_secret_field_get_field (PbSecretField *self)
{
  g_return_val_if_fail (PB_IS_SECRET_FIELD (self), NULL);

  return self->field;
}

gboolean
pb_secret_field_get_busy (PbSecretField *self)
{
  g_return_val_if_fail (PB_IS_SECRET_FIELD (self), FALSE);

  return self->timeout_id != 0 || self->in_flight;
}

const char *
pb_secret_field_get_error (PbSecretField *self)
{
  g_return_val_if_fail (PB_IS_SECRET_FIELD (self), NULL);

  return self->error;
}

void
pb_secret_field_flush (PbSecretField *self)
{
  g_return_if_fail (PB_IS_SECRET_FIELD (self));

  if (self->timeout_id != 0)
    write_secret (self);
}

void
pb_secret_field_cancel (PbSecretField *self)
{
  g_return_if_fail (PB_IS_SECRET_FIELD (self));

  if (self->timeout_id == 0)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  notify_busy (self);
}

/* --- The stored secret, shown as set ------------------------------------- */

typedef struct {
  GtkWidget *row;          /* the stored row (owns this struct) */
  AdwEntryRow *entry;      /* weak */
  gboolean stored;
  gboolean replacing;      /* Replace was clicked: the entry is shown, even empty */
  GtkEventController *focus; /* on ENTRY */
} StoredRow;

static void
stored_row_free (StoredRow *sr)
{
  if (sr->entry != NULL)
    {
      g_signal_handlers_disconnect_by_data (sr->entry, sr);
      gtk_widget_remove_controller (GTK_WIDGET (sr->entry), sr->focus);
      g_object_remove_weak_pointer (G_OBJECT (sr->entry), (gpointer *) &sr->entry);
    }
  g_free (sr);
}

static void
stored_row_update (StoredRow *sr)
{
  gboolean show_stored;

  if (sr->entry == NULL)
    return;
  show_stored = sr->stored && !sr->replacing
                && *gtk_editable_get_text (GTK_EDITABLE (sr->entry)) == '\0';
  gtk_widget_set_visible (sr->row, show_stored);
  gtk_widget_set_visible (GTK_WIDGET (sr->entry), !show_stored);
}

static void
stored_row_replace_cb (GtkButton *button,
                       StoredRow *sr)
{
  if (sr->entry == NULL)
    return;
  sr->replacing = TRUE;
  stored_row_update (sr);
  gtk_widget_grab_focus (GTK_WIDGET (sr->entry));
}

/* Left empty: the stored secret is still the one used, so say so again. */
static void
stored_row_focus_leave_cb (GtkEventControllerFocus *controller,
                           StoredRow               *sr)
{
  if (sr->entry == NULL || *gtk_editable_get_text (GTK_EDITABLE (sr->entry)) != '\0')
    return;
  sr->replacing = FALSE;
  stored_row_update (sr);
}

static void
stored_row_entry_changed_cb (GtkEditable *editable,
                             StoredRow   *sr)
{
  stored_row_update (sr);
}

GtkWidget *
pb_secret_field_new_stored_row (AdwEntryRow *entry)
{
  StoredRow *sr;
  GtkWidget *button, *icon;
  GtkEventController *controller;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (entry), NULL);

  sr = g_new0 (StoredRow, 1);
  sr->row = adw_action_row_new ();
  sr->entry = entry;
  g_object_add_weak_pointer (G_OBJECT (entry), (gpointer *) &sr->entry);
  g_object_set_data_full (G_OBJECT (sr->row), "pb-stored-row", sr,
                          (GDestroyNotify) stored_row_free);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (sr->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sr->row),
                                 adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (sr->row), _("Stored in the keyring"));
  icon = gtk_image_new_from_icon_name ("channel-secure-symbolic");
  gtk_widget_add_css_class (icon, "success");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stored"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (sr->row), icon);
  button = gtk_button_new_with_mnemonic (_("_Replace…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Type a new one in its place"));
  g_signal_connect (button, "clicked", G_CALLBACK (stored_row_replace_cb), sr);
  adw_action_row_add_suffix (ADW_ACTION_ROW (sr->row), button);
  gtk_widget_set_name (sr->row, "stored");
  gtk_widget_set_visible (sr->row, FALSE);

  g_signal_connect (entry, "changed", G_CALLBACK (stored_row_entry_changed_cb), sr);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (stored_row_focus_leave_cb), sr);
  gtk_widget_add_controller (GTK_WIDGET (entry), controller);
  sr->focus = controller;
  return sr->row;
}

void
pb_secret_field_set_stored (GtkWidget *stored_row,
                            gboolean   stored)
{
  StoredRow *sr = g_object_get_data (G_OBJECT (stored_row), "pb-stored-row");

  g_return_if_fail (sr != NULL);
  sr->stored = stored;
  stored_row_update (sr);
}
