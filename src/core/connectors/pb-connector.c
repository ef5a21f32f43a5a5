/* pb-connector.c: one connector's non-secret settings and its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-connector-private.h"
#include "pb-error.h"
#include "pb-string-util.h"

G_DEFINE_FINAL_TYPE (PbConnector, pb_connector, G_TYPE_OBJECT)

GParamSpec *pb_connector_properties[N_PROPS];

const PbConnectorStringProp pb_connector_string_props[] = {
  { PROP_NAME, G_STRUCT_OFFSET (PbConnector, name) },
  { PROP_DEFINITION_ID, G_STRUCT_OFFSET (PbConnector, definition_id) },
  { PROP_BASE_URL, G_STRUCT_OFFSET (PbConnector, base_url) },
  { PROP_AUTH_HEADER, G_STRUCT_OFFSET (PbConnector, auth_header) },
  { PROP_AUTH_PREFIX, G_STRUCT_OFFSET (PbConnector, auth_prefix) },
  { PROP_AUTH_QUERY_PARAM, G_STRUCT_OFFSET (PbConnector, auth_query_param) },
  { PROP_USERNAME, G_STRUCT_OFFSET (PbConnector, username) },
  { PROP_CLIENT_ID, G_STRUCT_OFFSET (PbConnector, client_id) },
  { PROP_AUTH_URL, G_STRUCT_OFFSET (PbConnector, auth_url) },
  { PROP_TOKEN_URL, G_STRUCT_OFFSET (PbConnector, token_url) },
  { PROP_SCOPES, G_STRUCT_OFFSET (PbConnector, scopes) },
  { PROP_REDIRECT_URI, G_STRUCT_OFFSET (PbConnector, redirect_uri) },
  { PROP_STATE_MESSAGE, G_STRUCT_OFFSET (PbConnector, state_message) },
};

const guint pb_connector_n_string_props = G_N_ELEMENTS (pb_connector_string_props);

const char * const pb_connector_state_ids[] = {
  [PB_CONNECTOR_STATE_NEEDS_SETUP] = "needs-setup",
  [PB_CONNECTOR_STATE_READY] = "ready",
  [PB_CONNECTOR_STATE_NEEDS_ATTENTION] = "needs-attention",
  [PB_CONNECTOR_STATE_RECONNECT_NEEDED] = "reconnect-needed",
};

const guint pb_connector_n_state_ids = G_N_ELEMENTS (pb_connector_state_ids);

/* Every local change lands here: it stamps "modified", which the store watches. */
static void
touch (PbConnector *self)
{
  gint64 now;

  if (self->updating)
    return;

  now = g_get_real_time ();
  /* Keep it strictly increasing so two quick edits are always distinguishable. */
  self->modified = MAX (now, self->modified + 1);
  g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_MODIFIED]);
}

static const PbConnectorStringProp *
find_string_prop (guint prop_id)
{
  for (guint i = 0; i < pb_connector_n_string_props; i++)
    if (pb_connector_string_props[i].prop_id == prop_id)
      return &pb_connector_string_props[i];
  return NULL;
}

void
pb_connector_set_string (PbConnector *self,
                         guint        prop_id,
                         const char  *value)
{
  const PbConnectorStringProp *sp = find_string_prop (prop_id);
  char **field = PB_CONNECTOR_STRING_FIELD (self, sp);

  /* Empty and NULL mean the same ("not set"), except for the name. */
  if (value != NULL && *value == '\0' && prop_id != PROP_NAME)
    value = NULL;

  if (pb_set_str (field, value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[prop_id]);
      if (prop_id != PROP_NAME && prop_id != PROP_STATE_MESSAGE && prop_id != PROP_DEFINITION_ID)
        pb_connector_forget_last_test (self);
      touch (self);
    }
}

void
pb_connector_forget_last_test (PbConnector *self)
{
  if (self->updating || self->last_test_outcome == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->last_test_outcome, g_free);
  self->last_test_status = 0;
  self->last_test_time = 0;
  g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_LAST_TEST_TIME]);
  /* "The last test failed" no longer describes these settings. */
  if (self->state == PB_CONNECTOR_STATE_NEEDS_ATTENTION)
    pb_connector_set_state (self, PB_CONNECTOR_STATE_READY, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
pb_connector_constructed (GObject *object)
{
  PbConnector *self = PB_CONNECTOR (object);

  G_OBJECT_CLASS (pb_connector_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
  if (self->name == NULL)
    self->name = g_strdup ("");
  if (self->modified == 0)
    self->modified = g_get_real_time ();
}

static void
pb_connector_finalize (GObject *object)
{
  PbConnector *self = PB_CONNECTOR (object);

  g_free (self->id);
  g_free (self->last_test_outcome);
  for (guint i = 0; i < pb_connector_n_string_props; i++)
    g_free (*PB_CONNECTOR_STRING_FIELD (self, &pb_connector_string_props[i]));
  g_hash_table_unref (self->settings);
  g_hash_table_unref (self->secrets);

  G_OBJECT_CLASS (pb_connector_parent_class)->finalize (object);
}

static void
pb_connector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PbConnector *self = PB_CONNECTOR (object);
  const PbConnectorStringProp *sp = find_string_prop (prop_id);

  if (sp != NULL)
    {
      g_value_set_string (value, *PB_CONNECTOR_STRING_FIELD (self, sp));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    case PROP_SECRET_FIELDS:
      g_value_take_boxed (value, pb_connector_list_secrets (self));
      break;
    case PROP_LAST_TEST_TIME:
      g_value_set_int64 (value, self->last_test_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PbConnector *self = PB_CONNECTOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_KIND:
      pb_connector_set_kind (self, g_value_get_int (value));
      break;
    case PROP_STATE:
      pb_connector_set_state (self, g_value_get_int (value), self->state_message);
      break;
    case PROP_STATE_MESSAGE:
      pb_connector_set_state (self, self->state, g_value_get_string (value));
      break;
    default:
      if (find_string_prop (prop_id) != NULL)
        pb_connector_set_string (self, prop_id, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_class_init (PbConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamSpec **props = pb_connector_properties;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pb_connector_constructed;
  object_class->finalize = pb_connector_finalize;
  object_class->get_property = pb_connector_get_property;
  object_class->set_property = pb_connector_set_property;

  props[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  /* Plain ints: the enums are not registered GTypes. */
  props[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, PB_CONNECTOR_KIND_API_KEY, PB_CONNECTOR_KIND_BASIC,
                      PB_CONNECTOR_KIND_API_KEY, rw);
  props[PROP_DEFINITION_ID] = g_param_spec_string ("definition-id", NULL, NULL, NULL, rw);
  props[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, rw);
  props[PROP_AUTH_HEADER] = g_param_spec_string ("auth-header", NULL, NULL, NULL, rw);
  props[PROP_AUTH_PREFIX] = g_param_spec_string ("auth-prefix", NULL, NULL, NULL, rw);
  props[PROP_AUTH_QUERY_PARAM]
    = g_param_spec_string ("auth-query-param", NULL, NULL, NULL, rw);
  props[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, rw);
  props[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, rw);
  props[PROP_AUTH_URL] = g_param_spec_string ("auth-url", NULL, NULL, NULL, rw);
  props[PROP_TOKEN_URL] = g_param_spec_string ("token-url", NULL, NULL, NULL, rw);
  props[PROP_SCOPES] = g_param_spec_string ("scopes", NULL, NULL, NULL, rw);
  props[PROP_REDIRECT_URI] = g_param_spec_string ("redirect-uri", NULL, NULL, NULL, rw);
  props[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PB_CONNECTOR_STATE_NEEDS_SETUP,
                      PB_CONNECTOR_STATE_RECONNECT_NEEDED, PB_CONNECTOR_STATE_NEEDS_SETUP, rw);
  props[PROP_STATE_MESSAGE] = g_param_spec_string ("state-message", NULL, NULL, NULL, rw);
  props[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Names of the secret fields set in the keyring (never values). */
  props[PROP_SECRET_FIELDS] =
    g_param_spec_boxed ("secret-fields", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  props[PROP_LAST_TEST_TIME] =
    g_param_spec_int64 ("last-test-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
pb_connector_init (PbConnector *self)
{
  self->kind = PB_CONNECTOR_KIND_API_KEY;
  self->state = PB_CONNECTOR_STATE_NEEDS_SETUP;
  self->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

PbConnector *
pb_connector_new (const char      *name,
                  PbConnectorKind  kind)
{
  PbConnector *self = g_object_new (PB_TYPE_CONNECTOR, NULL);

  /* Direct assignment: a new connector is not an "edit". */
  g_free (self->name);
  self->name = g_strdup (name != NULL ? name : "");
  self->kind = kind;
  return self;
}

#define STRING_ACCESSORS(field, PROP)                                  \
  const char *                                                         \
  pb_connector_get_##field (PbConnector *self)                         \
  {                                                                    \
    g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);               \
    return self->field;                                                \
  }                                                                    \
  void                                                                 \
  pb_connector_set_##field (PbConnector *self, const char *value)      \
  {                                                                    \
    g_return_if_fail (PB_IS_CONNECTOR (self));                         \
    pb_connector_set_string (self, PROP, value);                                    \
  }

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (definition_id, PROP_DEFINITION_ID)
STRING_ACCESSORS (base_url, PROP_BASE_URL)
STRING_ACCESSORS (auth_header, PROP_AUTH_HEADER)
STRING_ACCESSORS (auth_prefix, PROP_AUTH_PREFIX)
STRING_ACCESSORS (auth_query_param, PROP_AUTH_QUERY_PARAM)
STRING_ACCESSORS (username, PROP_USERNAME)
STRING_ACCESSORS (client_id, PROP_CLIENT_ID)
STRING_ACCESSORS (auth_url, PROP_AUTH_URL)
STRING_ACCESSORS (token_url, PROP_TOKEN_URL)
STRING_ACCESSORS (scopes, PROP_SCOPES)
STRING_ACCESSORS (redirect_uri, PROP_REDIRECT_URI)

const char *
pb_connector_get_id (PbConnector *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);
  return self->id;
}

PbConnectorKind
pb_connector_get_kind (PbConnector *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), PB_CONNECTOR_KIND_API_KEY);
  return self->kind;
}

void
pb_connector_set_kind (PbConnector     *self,
                       PbConnectorKind  kind)
{
  g_return_if_fail (PB_IS_CONNECTOR (self));
  g_return_if_fail (kind <= PB_CONNECTOR_KIND_BASIC);

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_KIND]);
  pb_connector_forget_last_test (self);
  touch (self);
}

PbConnectorState
pb_connector_get_state (PbConnector *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), PB_CONNECTOR_STATE_NEEDS_SETUP);
  return self->state;
}

const char *
pb_connector_get_state_message (PbConnector *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);
  return self->state_message;
}

void
pb_connector_set_state (PbConnector      *self,
                        PbConnectorState  state,
                        const char       *message)
{
  gboolean changed = FALSE;

  g_return_if_fail (PB_IS_CONNECTOR (self));
  g_return_if_fail (state <= PB_CONNECTOR_STATE_RECONNECT_NEEDED);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_STATE]);
      changed = TRUE;
    }
  if (message != NULL && *message == '\0')
    message = NULL;
  if (pb_set_str (&self->state_message, message))
    {
      g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_STATE_MESSAGE]);
      changed = TRUE;
    }
  if (changed)
    touch (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
pb_connector_get_modified (PbConnector *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), 0);
  return self->modified;
}

const char *
pb_connector_get_setting (PbConnector *self,
                          const char  *key)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->settings, key);
}

void
pb_connector_set_setting (PbConnector *self,
                          const char  *key,
                          const char  *value)
{
  const char *old;

  g_return_if_fail (PB_IS_CONNECTOR (self));
  g_return_if_fail (key != NULL && *key != '\0');

  old = g_hash_table_lookup (self->settings, key);
  if (g_strcmp0 (old, value) == 0)
    return;
  if (value == NULL)
    g_hash_table_remove (self->settings, key);
  else
    g_hash_table_insert (self->settings, g_strdup (key), g_strdup (value));
  pb_connector_forget_last_test (self);
  touch (self);
}

static char **
sorted_keys (GHashTable *table)
{
  guint n = 0;
  char **keys = (char **) g_hash_table_get_keys_as_array (table, &n);
  char **copy = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (keys[i]);
  g_free (keys);
  return copy;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

char **
pb_connector_list_settings (PbConnector *self)
{
  char **keys;

  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);
  keys = sorted_keys (self->settings);
  g_qsort_with_data (keys, g_strv_length (keys), sizeof (char *), compare_strings, NULL);
  return keys;
}

gboolean
pb_connector_has_secret (PbConnector *self,
                         const char  *field)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  return g_hash_table_contains (self->secrets, field);
}

void
pb_connector_mark_secret (PbConnector *self,
                          const char  *field,
                          gboolean     is_set)
{
  gboolean changed;

  g_return_if_fail (PB_IS_CONNECTOR (self));
  g_return_if_fail (field != NULL && *field != '\0');

  if (is_set)
    changed = g_hash_table_add (self->secrets, g_strdup (field));
  else
    changed = g_hash_table_remove (self->secrets, field);

  if (changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_SECRET_FIELDS]);
      touch (self);
    }
}

char **
pb_connector_list_secrets (PbConnector *self)
{
  char **keys;

  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);
  keys = sorted_keys (self->secrets);
  g_qsort_with_data (keys, g_strv_length (keys), sizeof (char *), compare_strings, NULL);
  return keys;
}

/* A stable id: lower-case letters and '-', as pb_check_outcome_to_string gives. */
static gboolean
is_outcome_id (const char *outcome)
{
  if (outcome == NULL || *outcome == '\0' || strlen (outcome) > 32)
    return FALSE;
  for (const char *p = outcome; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

void
pb_connector_set_last_test (PbConnector *self,
                            const char  *outcome,
                            guint        status,
                            gint64       time)
{
  g_return_if_fail (PB_IS_CONNECTOR (self));
  g_return_if_fail (outcome == NULL || is_outcome_id (outcome));

  if (outcome == NULL)
    {
      pb_connector_clear_last_test (self);
      return;
    }
  if (g_strcmp0 (self->last_test_outcome, outcome) == 0 && self->last_test_status == status &&
      self->last_test_time == time)
    return;
  pb_set_str (&self->last_test_outcome, outcome);
  self->last_test_status = status;
  self->last_test_time = MAX (time, 0);
  g_object_notify_by_pspec (G_OBJECT (self), pb_connector_properties[PROP_LAST_TEST_TIME]);
  touch (self);
}

const char *
pb_connector_get_last_test (PbConnector *self,
                            guint       *out_status,
                            gint64      *out_time)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);

  if (out_status != NULL)
    *out_status = self->last_test_status;
  if (out_time != NULL)
    *out_time = self->last_test_time;
  return self->last_test_outcome;
}

void
pb_connector_clear_last_test (PbConnector *self)
{
  g_return_if_fail (PB_IS_CONNECTOR (self));

  if (self->last_test_outcome == NULL || self->updating)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  pb_connector_forget_last_test (self);
  touch (self);
  g_object_thaw_notify (G_OBJECT (self));
}
