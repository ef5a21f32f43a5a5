/* pb-setup-model.c: one setup in progress, shared by the Agent and the Form views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-setup-model.h"

struct _PbSetupModel
{
  GObject           parent_instance;

  PbConnectorStore *store;
  PbDefinition     *definition;
  PbConnector      *connector;
  char             *name;
  GHashTable       *values;   /* field → value the user set (non-secret only) */
  GHashTable       *errors;   /* field → validation message */
  GListStore       *transcript;

  guint             last_done;
  gboolean          last_complete;
};

G_DEFINE_FINAL_TYPE (PbSetupModel, pb_setup_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DEFINITION,
  PROP_NAME,
  PROP_CONNECTOR,
  PROP_PROGRESS,
  PROP_COMPLETE,
  PROP_N_REQUIRED,
  PROP_N_REQUIRED_DONE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pb_setup_model_finalize (GObject *object)
{
  PbSetupModel *self = PB_SETUP_MODEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->definition);
  g_clear_object (&self->connector);
  g_free (self->name);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_object (&self->transcript);

  G_OBJECT_CLASS (pb_setup_model_parent_class)->finalize (object);
}

static void
pb_setup_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbSetupModel *self = PB_SETUP_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DEFINITION:
      g_value_set_object (value, self->definition);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, pb_setup_model_get_progress (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, pb_setup_model_is_complete (self));
      break;
    case PROP_N_REQUIRED:
      g_value_set_uint (value, pb_setup_model_get_n_required (self));
      break;
    case PROP_N_REQUIRED_DONE:
      g_value_set_uint (value, pb_setup_model_get_n_required_done (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_setup_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PbSetupModel *self = PB_SETUP_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DEFINITION:
      self->definition = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_setup_model_class_init (PbSetupModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_setup_model_finalize;
  object_class->get_property = pb_setup_model_get_property;
  object_class->set_property = pb_setup_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFINITION] =
    g_param_spec_object ("definition", NULL, NULL, PB_TYPE_DEFINITION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, PB_TYPE_CONNECTOR,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REQUIRED] =
    g_param_spec_uint ("n-required", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REQUIRED_DONE] =
    g_param_spec_uint ("n-required-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pb_setup_model_init (PbSetupModel *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->transcript = g_list_store_new (PB_TYPE_SETUP_MESSAGE);
}

/* Emits "changed" for FIELD and notifies the progress properties that moved. */
static void
emit_changed (PbSetupModel *self,
              const char   *field)
{
  guint done = pb_setup_model_get_n_required_done (self);
  gboolean complete = pb_setup_model_is_complete (self);

  g_signal_emit (self, signals[CHANGED], field ? g_quark_from_string (field) : 0, field);

  if (done != self->last_done)
    {
      self->last_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REQUIRED_DONE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (complete != self->last_complete)
    {
      self->last_complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

PbSetupModel *
pb_setup_model_new (PbConnectorStore *store,
                    PbDefinition     *definition,
                    const char       *name)
{
  PbSetupModel *self;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_DEFINITION (definition), NULL);

  self = g_object_new (PB_TYPE_SETUP_MODEL, "store", store, "definition", definition, NULL);
  self->name = g_strdup (name && *name ? name : pb_definition_get_name (definition));
  self->last_done = pb_setup_model_get_n_required_done (self);
  self->last_complete = pb_setup_model_is_complete (self);
  return self;
}

/* Reads back what apply() wrote: settings by field name, connector properties by maps_to. */
static const char *
connector_value_for (PbConnector   *connector,
                     const PbField *field)
{
  if (field->maps_to == NULL)
    return pb_connector_get_setting (connector, field->name);
  if (g_str_equal (field->maps_to, "base-url"))
    return pb_connector_get_base_url (connector);
  if (g_str_equal (field->maps_to, "auth-header"))
    return pb_connector_get_auth_header (connector);
  if (g_str_equal (field->maps_to, "auth-prefix"))
    return pb_connector_get_auth_prefix (connector);
  if (g_str_equal (field->maps_to, "auth-query-param"))
    return pb_connector_get_auth_query_param (connector);
  if (g_str_equal (field->maps_to, "username"))
    return pb_connector_get_username (connector);
  if (g_str_equal (field->maps_to, "client-id"))
    return pb_connector_get_client_id (connector);
  if (g_str_equal (field->maps_to, "auth-url"))
    return pb_connector_get_auth_url (connector);
  if (g_str_equal (field->maps_to, "token-url"))
    return pb_connector_get_token_url (connector);
  if (g_str_equal (field->maps_to, "scopes"))
    return pb_connector_get_scopes (connector);
  if (g_str_equal (field->maps_to, "redirect-uri"))
    return pb_connector_get_redirect_uri (connector);
  return pb_connector_get_setting (connector, field->name);
}

PbSetupModel *
pb_setup_model_new_for_connector (PbConnectorStore *store,
                                  PbDefinition     *definition,
                                  PbConnector      *connector)
{
  PbSetupModel *self;
  GPtrArray *fields;

  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  self = pb_setup_model_new (store, definition, pb_connector_get_name (connector));
  self->connector = g_object_ref (connector);
  fields = pb_definition_get_fields (definition);

  /* Discriminators first, so variant fields are read in the right variant. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < fields->len; i++)
      {
        const PbField *field = g_ptr_array_index (fields, i);
        const char *value;

        if (field->secret || (pass == 0) != (field->only_when_field == NULL))
          continue;
        value = connector_value_for (connector, field);
        if (value != NULL && *value != '\0')
          g_hash_table_insert (self->values, g_strdup (field->name), g_strdup (value));
      }

  self->last_done = pb_setup_model_get_n_required_done (self);
  self->last_complete = pb_setup_model_is_complete (self);
  return self;
}

PbConnectorStore *pb_setup_model_get_store (PbSetupModel *self) { return self->store; }
PbDefinition *pb_setup_model_get_definition (PbSetupModel *self) { return self->definition; }
PbConnector *pb_setup_model_get_connector (PbSetupModel *self) { return self->connector; }
const char *pb_setup_model_get_name (PbSetupModel *self) { return self->name; }
GListModel *
pb_setup_model_get_transcript (PbSetupModel *self)
{
  return G_LIST_MODEL (self->transcript);
}

void
pb_setup_model_add_message (PbSetupModel   *self,
                            PbSetupMessage *message)
{
  g_list_store_append (self->transcript, message);
}

gboolean
pb_setup_model_set_name (PbSetupModel  *self,
                         const char    *name,
                         GError       **error)
{
  g_autofree char *checked = NULL;

  g_return_val_if_fail (PB_IS_SETUP_MODEL (self), FALSE);

  checked = pb_connector_store_check_name (self->store, name, self->connector, error);
  if (checked == NULL)
    return FALSE;
  if (g_strcmp0 (checked, self->name) == 0)
    return TRUE;
  if (self->connector != NULL
      && !pb_connector_store_rename (self->store, self->connector, checked, error))
    return FALSE;

  g_free (self->name);
  self->name = g_steal_pointer (&checked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  emit_changed (self, NULL);
  return TRUE;
}

gboolean
pb_setup_model_is_field_active (PbSetupModel  *self,
                                const PbField *field)
{
  if (field->only_when_field == NULL)
    return TRUE;
  return g_strcmp0 (pb_setup_model_get_value (self, field->only_when_field), field->only_when_value)
         == 0;
}

gboolean
pb_setup_model_is_field_required (PbSetupModel  *self,
                                  const PbField *field)
{
  return field->required && pb_setup_model_is_field_active (self, field);
}

GPtrArray *
pb_setup_model_get_active_fields (PbSetupModel *self)
{
  GPtrArray *fields = pb_definition_get_fields (self->definition);
  GPtrArray *active = g_ptr_array_new ();

  for (guint i = 0; i < fields->len; i++)
    {
      PbField *field = g_ptr_array_index (fields, i);

      if (pb_setup_model_is_field_active (self, field))
        g_ptr_array_add (active, field);
    }
  return active;
}

const char *
pb_setup_model_get_value (PbSetupModel *self,
                          const char   *name)
{
  const PbField *field = pb_definition_find_field (self->definition, name);
  const char *value;

  if (field == NULL || field->secret)
    return NULL;
  value = g_hash_table_lookup (self->values, name);
  if (value != NULL)
    return value;
  return field->default_value;
}

gboolean
pb_setup_model_is_value_set (PbSetupModel *self,
                             const char   *field)
{
  return g_hash_table_contains (self->values, field);
}

const char *
pb_setup_model_get_field_error (PbSetupModel *self,
                                const char   *field)
{
  return g_hash_table_lookup (self->errors, field);
}

gboolean
pb_setup_model_is_secret_set (PbSetupModel *self,
                              const char   *field)
{
  return self->connector != NULL && pb_connector_has_secret (self->connector, field);
}

gboolean
pb_setup_model_is_field_done (PbSetupModel  *self,
                              const PbField *field)
{
  const char *value;

  if (!pb_setup_model_is_field_active (self, field))
    return FALSE;
  if (field->secret)
    return pb_setup_model_is_secret_set (self, field->name);
  value = pb_setup_model_get_value (self, field->name);
  if (value == NULL || *value == '\0')
    return FALSE;
  return !g_hash_table_contains (self->errors, field->name);
}

guint
pb_setup_model_get_n_required (PbSetupModel *self)
{
  GPtrArray *fields = pb_definition_get_fields (self->definition);
  guint n = 0;

  for (guint i = 0; i < fields->len; i++)
    if (pb_setup_model_is_field_required (self, g_ptr_array_index (fields, i)))
      n++;
  return n;
}

guint
pb_setup_model_get_n_required_done (PbSetupModel *self)
{
  GPtrArray *fields = pb_definition_get_fields (self->definition);
  guint n = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (pb_setup_model_is_field_required (self, field)
          && pb_setup_model_is_field_done (self, field))
        n++;
    }
  return n;
}

double
pb_setup_model_get_progress (PbSetupModel *self)
{
  guint total = pb_setup_model_get_n_required (self);

  return total == 0 ? 1.0 : (double) pb_setup_model_get_n_required_done (self) / total;
}

gboolean
pb_setup_model_is_complete (PbSetupModel *self)
{
  GPtrArray *fields = pb_definition_get_fields (self->definition);

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (!pb_setup_model_is_field_active (self, field))
        continue;
      if (pb_setup_model_is_field_required (self, field)
          && !pb_setup_model_is_field_done (self, field))
        return FALSE;
      /* An optional value that is invalid must be fixed (or cleared) before testing. */
      if (g_hash_table_contains (self->errors, field->name))
        return FALSE;
    }
  return TRUE;
}

GHashTable *
pb_setup_model_dup_values (PbSetupModel *self)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *fields = pb_definition_get_fields (self->definition);

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);
      const char *value;

      if (field->secret || !pb_setup_model_is_field_active (self, field) ||
          g_hash_table_contains (self->errors, field->name))
        continue;
      value = pb_setup_model_get_value (self, field->name);
      if (value != NULL)
        g_hash_table_insert (values, g_strdup (field->name), g_strdup (value));
    }
  return values;
}

static void
set_connector_property (PbConnector *connector,
                        const char  *property,
                        const char  *value)
{
  if (g_str_equal (property, "base-url"))
    pb_connector_set_base_url (connector, value);
  else if (g_str_equal (property, "auth-header"))
    pb_connector_set_auth_header (connector, value);
  else if (g_str_equal (property, "auth-prefix"))
    pb_connector_set_auth_prefix (connector, value);
  else if (g_str_equal (property, "auth-query-param"))
    pb_connector_set_auth_query_param (connector, value);
  else if (g_str_equal (property, "username"))
    pb_connector_set_username (connector, value);
  else if (g_str_equal (property, "client-id"))
    pb_connector_set_client_id (connector, value);
  else if (g_str_equal (property, "auth-url"))
    pb_connector_set_auth_url (connector, value);
  else if (g_str_equal (property, "token-url"))
    pb_connector_set_token_url (connector, value);
  else if (g_str_equal (property, "scopes"))
    pb_connector_set_scopes (connector, value);
  else if (g_str_equal (property, "redirect-uri"))
    pb_connector_set_redirect_uri (connector, value);
}

/* Writes the model into the connector: templates expanded, settings by field name. */
static void
write_connector (PbSetupModel *self)
{
  g_autoptr (GHashTable) values = pb_setup_model_dup_values (self);
  g_autofree char *base_url = pb_definition_expand_base_url (self->definition, values);
  g_autofree char *username = pb_definition_expand_username (self->definition, values);
  g_autofree char *header = pb_definition_expand_auth (self->definition, "header", values);
  g_autofree char *prefix = pb_definition_expand_auth (self->definition, "prefix", values);
  g_autofree char *query = pb_definition_expand_auth (self->definition, "query_param", values);
  GPtrArray *fields = pb_definition_get_fields (self->definition);
  PbConnector *c = self->connector;

  pb_connector_set_definition_id (c, pb_definition_get_id (self->definition));
  pb_connector_set_base_url (c, base_url);
  pb_connector_set_auth_header (c, header);
  /* A prefix of "" means "the key alone" (Linear); keep it distinct from unset. */
  pb_connector_set_auth_prefix (c, prefix);
  pb_connector_set_auth_query_param (c, query);
  if (username != NULL)
    pb_connector_set_username (c, username);
  if (pb_definition_get_oauth_auth_url (self->definition) != NULL)
    pb_connector_set_auth_url (c, pb_definition_get_oauth_auth_url (self->definition));
  if (pb_definition_get_oauth_token_url (self->definition) != NULL)
    pb_connector_set_token_url (c, pb_definition_get_oauth_token_url (self->definition));

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);
      const char *value;

      if (field->secret)
        continue;
      value = g_hash_table_lookup (values, field->name);
      if (field->maps_to != NULL)
        {
          if (value != NULL)
            set_connector_property (c, field->maps_to, value);
        }
      else
        pb_connector_set_setting (c, field->name, value);
    }
}

gboolean
pb_setup_model_apply (PbSetupModel  *self,
                      GError       **error)
{
  g_return_val_if_fail (PB_IS_SETUP_MODEL (self), FALSE);

  if (self->connector == NULL)
    {
      g_autoptr (PbConnector) connector
        = pb_connector_new (self->name, pb_definition_get_kind (self->definition));

      self->connector = g_object_ref (connector);
      write_connector (self);
      if (!pb_connector_store_add (self->store, connector, error))
        {
          g_clear_object (&self->connector);
          return FALSE;
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTOR]);
      return TRUE;
    }

  write_connector (self);
  return TRUE;
}

gboolean
pb_setup_model_set_value (PbSetupModel  *self,
                          const char    *name,
                          const char    *value,
                          GError       **error)
{
  const PbField *field;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *trimmed = NULL;
  gboolean changed;

  g_return_val_if_fail (PB_IS_SETUP_MODEL (self), FALSE);

  field = pb_definition_find_field (self->definition, name);
  if (field == NULL || field->secret)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   field ? _("%s is a secret: it goes to the keyring, not into the settings.")
                         : _("“%s” is not a setting of this connector."),
                   field ? field->title : name);
      return FALSE;
    }

  trimmed = value ? g_strstrip (g_strdup (value)) : NULL;
  if (trimmed != NULL && *trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  /* Cleared on purpose (an empty prefix): remembered as "", or the default would come back. */
  if (trimmed == NULL && field->default_value != NULL)
    trimmed = g_strdup ("");

  changed = g_strcmp0 (trimmed, g_hash_table_lookup (self->values, name)) != 0 ||
            (trimmed != NULL) != g_hash_table_contains (self->values, name);
  if (trimmed != NULL)
    g_hash_table_insert (self->values, g_strdup (name), g_strdup (trimmed));
  else
    g_hash_table_remove (self->values, name);

  /* Required-but-empty is progress, not an error to shout about while typing. */
  if (trimmed != NULL && *trimmed != '\0' && !pb_field_validate (field, trimmed, &local_error))
    g_hash_table_insert (self->errors, g_strdup (name), g_strdup (local_error->message));
  else
    g_hash_table_remove (self->errors, name);

  if (changed)
    {
      if (self->connector != NULL)
        write_connector (self);
      emit_changed (self, name);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  char *field;
} SetSecretData;

static void
set_secret_data_free (SetSecretData *data)
{
  g_free (data->field);
  g_free (data);
}

static void
set_secret_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbSetupModel *self = g_task_get_source_object (task);
  SetSecretData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!pb_connector_store_set_secret_finish (PB_CONNECTOR_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  emit_changed (self, data->field);
  g_task_return_boolean (task, TRUE);
}

void
pb_setup_model_set_secret_async (PbSetupModel        *self,
                                 const char          *name,
                                 const char          *secret,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  const PbField *field;
  GPtrArray *fields;
  SetSecretData *data;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (PB_IS_SETUP_MODEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_setup_model_set_secret_async);

  field = pb_definition_find_field (self->definition, name);
  if (field == NULL || !field->secret)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_NOT_FOUND,
                               _("“%s” is not a secret of this connector."), name);
      return;
    }

  /* Pasted keys often carry a stray space or newline. */
  trimmed = g_strstrip (g_strdup (secret ? secret : ""));
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                               _("The %s is empty."), field->title);
      return;
    }
  if (!pb_field_validate (field, trimmed, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Non-secret values read from the secret (Mailchimp's data center after the dash). */
  fields = pb_definition_get_fields (self->definition);
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *derived = g_ptr_array_index (fields, i);
      const char *tail;

      if (g_strcmp0 (derived->derive_from, name) != 0 || derived->derive_after == NULL ||
          pb_setup_model_is_value_set (self, derived->name))
        continue;
      tail = g_strrstr (trimmed, derived->derive_after);
      if (tail != NULL && tail[strlen (derived->derive_after)] != '\0')
        pb_setup_model_set_value (self, derived->name, tail + strlen (derived->derive_after), NULL);
    }

  if (!pb_setup_model_apply (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SetSecretData, 1);
  data->field = g_strdup (name);
  g_task_set_task_data (task, data, (GDestroyNotify) set_secret_data_free);

  pb_connector_store_set_secret_async (self->store, self->connector, name, trimmed,
                                       cancellable, set_secret_cb, g_steal_pointer (&task));
  memset (trimmed, 0, strlen (trimmed));
}

gboolean
pb_setup_model_set_secret_finish (PbSetupModel  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
