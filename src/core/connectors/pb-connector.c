/* pb-connector.c: one connector's non-secret settings and its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector.h"
#include "pb-error.h"
#include "pb-string-util.h"

struct _PbConnector
{
  GObject parent_instance;

  char *id;
  char *name;
  PbConnectorKind kind;
  char *definition_id;
  char *base_url;
  char *auth_header;
  char *auth_prefix;
  char *auth_query_param;
  char *username;
  char *client_id;
  char *auth_url;
  char *token_url;
  char *scopes;
  char *redirect_uri;
  PbConnectorState state;
  char *state_message;
  gint64 modified;

  GHashTable *settings;   /* char* key → char* value */
  GHashTable *secrets;    /* set of field names */

  /* TRUE while update_from() copies a saved version in: not a local change. */
  guint updating : 1;
};

G_DEFINE_FINAL_TYPE (PbConnector, pb_connector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_DEFINITION_ID,
  PROP_BASE_URL,
  PROP_AUTH_HEADER,
  PROP_AUTH_PREFIX,
  PROP_AUTH_QUERY_PARAM,
  PROP_USERNAME,
  PROP_CLIENT_ID,
  PROP_AUTH_URL,
  PROP_TOKEN_URL,
  PROP_SCOPES,
  PROP_REDIRECT_URI,
  PROP_STATE,
  PROP_STATE_MESSAGE,
  PROP_MODIFIED,
  PROP_SECRET_FIELDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* String properties in one table: offset into the struct and JSON member name (= property name). */
typedef struct {
  guint prop_id;
  goffset offset;
} StringProp;

static const StringProp string_props[] = {
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

#define STRING_FIELD(self, sp) ((char **) G_STRUCT_MEMBER_P ((self), (sp)->offset))

static const char * const api_key_fields[] = { PB_SECRET_API_KEY, NULL };
static const char * const oauth2_fields[] = { PB_SECRET_CLIENT_SECRET, NULL };
static const char * const basic_fields[] = { PB_SECRET_PASSWORD, NULL };

static const struct {
  PbConnectorKind kind;
  const char *id;
  const char *label;
} kinds[] = {
  { PB_CONNECTOR_KIND_API_KEY, "api-key", N_("API Key") },
  { PB_CONNECTOR_KIND_OAUTH2, "oauth2", N_("OAuth 2.0") },
  { PB_CONNECTOR_KIND_INTERCOM, "intercom", N_("Intercom") },
  { PB_CONNECTOR_KIND_BASIC, "basic", N_("Basic") },
};

static const char * const state_ids[] = {
  [PB_CONNECTOR_STATE_NEEDS_SETUP] = "needs-setup",
  [PB_CONNECTOR_STATE_READY] = "ready",
  [PB_CONNECTOR_STATE_NEEDS_ATTENTION] = "needs-attention",
  [PB_CONNECTOR_STATE_RECONNECT_NEEDED] = "reconnect-needed",
};

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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static const StringProp *
find_string_prop (guint prop_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_props); i++)
    if (string_props[i].prop_id == prop_id)
      return &string_props[i];
  return NULL;
}

static void
set_string (PbConnector *self,
            guint        prop_id,
            const char  *value)
{
  const StringProp *sp = find_string_prop (prop_id);
  char **field = STRING_FIELD (self, sp);

  /* Empty and NULL mean the same ("not set"), except for the name. */
  if (value != NULL && *value == '\0' && prop_id != PROP_NAME)
    value = NULL;

  if (pb_set_str (field, value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
      touch (self);
    }
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
  for (guint i = 0; i < G_N_ELEMENTS (string_props); i++)
    g_free (*STRING_FIELD (self, &string_props[i]));
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
  const StringProp *sp = find_string_prop (prop_id);

  if (sp != NULL)
    {
      g_value_set_string (value, *STRING_FIELD (self, sp));
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
        set_string (self, prop_id, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_class_init (PbConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pb_connector_constructed;
  object_class->finalize = pb_connector_finalize;
  object_class->get_property = pb_connector_get_property;
  object_class->set_property = pb_connector_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  /* Plain ints: the enums are not registered GTypes. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, PB_CONNECTOR_KIND_API_KEY, PB_CONNECTOR_KIND_BASIC,
                      PB_CONNECTOR_KIND_API_KEY, rw);
  properties[PROP_DEFINITION_ID] = g_param_spec_string ("definition-id", NULL, NULL, NULL, rw);
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, rw);
  properties[PROP_AUTH_HEADER] = g_param_spec_string ("auth-header", NULL, NULL, NULL, rw);
  properties[PROP_AUTH_PREFIX] = g_param_spec_string ("auth-prefix", NULL, NULL, NULL, rw);
  properties[PROP_AUTH_QUERY_PARAM]
    = g_param_spec_string ("auth-query-param", NULL, NULL, NULL, rw);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, rw);
  properties[PROP_AUTH_URL] = g_param_spec_string ("auth-url", NULL, NULL, NULL, rw);
  properties[PROP_TOKEN_URL] = g_param_spec_string ("token-url", NULL, NULL, NULL, rw);
  properties[PROP_SCOPES] = g_param_spec_string ("scopes", NULL, NULL, NULL, rw);
  properties[PROP_REDIRECT_URI] = g_param_spec_string ("redirect-uri", NULL, NULL, NULL, rw);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PB_CONNECTOR_STATE_NEEDS_SETUP,
                      PB_CONNECTOR_STATE_RECONNECT_NEEDED, PB_CONNECTOR_STATE_NEEDS_SETUP, rw);
  properties[PROP_STATE_MESSAGE] = g_param_spec_string ("state-message", NULL, NULL, NULL, rw);
  properties[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Names of the secret fields set in the keyring (never values). */
  properties[PROP_SECRET_FIELDS] =
    g_param_spec_boxed ("secret-fields", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
    set_string (self, PROP, value);                                    \
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      changed = TRUE;
    }
  if (message != NULL && *message == '\0')
    message = NULL;
  if (pb_set_str (&self->state_message, message))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_MESSAGE]);
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET_FIELDS]);
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

const char * const *
pb_connector_kind_secret_fields (PbConnectorKind kind)
{
  switch (kind)
    {
    case PB_CONNECTOR_KIND_API_KEY:
      return api_key_fields;
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      return oauth2_fields;
    case PB_CONNECTOR_KIND_BASIC:
      return basic_fields;
    default:
      g_return_val_if_reached (api_key_fields);
    }
}

gboolean
pb_connector_kind_accepts_secret (PbConnectorKind  kind,
                                  const char      *field)
{
  if (field == NULL)
    return FALSE;
  if (g_strv_contains (pb_connector_kind_secret_fields (kind), field))
    return TRUE;
  if (kind == PB_CONNECTOR_KIND_OAUTH2 || kind == PB_CONNECTOR_KIND_INTERCOM)
    return g_str_equal (field, PB_SECRET_ACCESS_TOKEN) ||
           g_str_equal (field, PB_SECRET_REFRESH_TOKEN) ||
           g_str_equal (field, PB_SECRET_TOKEN_EXPIRY);
  return FALSE;
}

const char *
pb_connector_kind_to_string (PbConnectorKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].id;
  g_return_val_if_reached (NULL);
}

gboolean
pb_connector_kind_from_string (const char      *str,
                               PbConnectorKind *out_kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].id, str) == 0)
        {
          if (out_kind != NULL)
            *out_kind = kinds[i].kind;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
pb_connector_kind_get_label (PbConnectorKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].label);
  g_return_val_if_reached (NULL);
}

/* Serialization */

static const char *
prop_name (guint prop_id)
{
  return g_param_spec_get_name (properties[prop_id]);
}

JsonNode *
pb_connector_to_json (PbConnector *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_auto (GStrv) keys = NULL;
  g_auto (GStrv) secrets = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, pb_connector_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state_ids[self->state]);
  json_builder_set_member_name (builder, "modified");
  json_builder_add_int_value (builder, self->modified);

  for (guint i = 0; i < G_N_ELEMENTS (string_props); i++)
    {
      const char *value = *STRING_FIELD (self, &string_props[i]);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, prop_name (string_props[i].prop_id));
      json_builder_add_string_value (builder, value);
    }

  keys = pb_connector_list_settings (self);
  if (keys[0] != NULL)
    {
      json_builder_set_member_name (builder, "settings");
      json_builder_begin_object (builder);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          json_builder_set_member_name (builder, keys[i]);
          json_builder_add_string_value (builder, g_hash_table_lookup (self->settings, keys[i]));
        }
      json_builder_end_object (builder);
    }

  /* Names of the fields stored in the keyring, so the UI can say "set" without asking it. */
  secrets = pb_connector_list_secrets (self);
  json_builder_set_member_name (builder, "secrets-set");
  json_builder_begin_array (builder);
  for (guint i = 0; secrets[i] != NULL; i++)
    json_builder_add_string_value (builder, secrets[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_string_member (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    const char **out_value,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                       _("A connector entry has no “%s”."), member);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                   _("A connector entry has a “%s” that is not text."), member);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_string_list (JsonObject  *object,
                  const char  *member,
                  GPtrArray   *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        goto bad;
      g_ptr_array_add (out, (gpointer) json_node_get_string (item));
    }
  return TRUE;

bad:
  g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
               _("A connector entry has a “%s” that is not a list of text."), member);
  return FALSE;
}

PbConnector *
pb_connector_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr (PbConnector) self = NULL;
  g_autoptr (GPtrArray) secrets = g_ptr_array_new ();
  JsonObject *object;
  JsonNode *member;
  const char *id, *name, *kind_str, *state_str;
  PbConnectorKind kind;
  PbConnectorState state = PB_CONNECTOR_STATE_NEEDS_SETUP;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                           _("A connector entry is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string_member (object, "id", TRUE, &id, error) ||
      !read_string_member (object, "name", TRUE, &name, error) ||
      !read_string_member (object, "kind", TRUE, &kind_str, error) ||
      !read_string_member (object, "state", FALSE, &state_str, error))
    return NULL;

  if (*id == '\0')
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                           _("A connector entry has an empty id."));
      return NULL;
    }
  if (!pb_connector_kind_from_string (kind_str, &kind))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                   _("The connector “%s” has an unknown type “%s”."), name, kind_str);
      return NULL;
    }
  for (guint i = 0; state_str != NULL && i < G_N_ELEMENTS (state_ids); i++)
    if (g_strcmp0 (state_ids[i], state_str) == 0)
      state = i;

  self = g_object_new (PB_TYPE_CONNECTOR, "id", id, NULL);
  self->updating = TRUE;
  self->kind = kind;
  self->state = state;

  for (guint i = 0; i < G_N_ELEMENTS (string_props); i++)
    {
      const char *value;

      if (!read_string_member (object, prop_name (string_props[i].prop_id), FALSE, &value, error))
        return NULL;
      if (value != NULL)
        set_string (self, string_props[i].prop_id, value);
    }

  member = json_object_get_member (object, "modified");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                       _("The connector “%s” has a “modified” time that is not a number."), name);
          return NULL;
        }
      self->modified = MAX (json_node_get_int (member), 0);
    }

  member = json_object_get_member (object, "settings");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonObject *settings;
      g_autoptr (GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
                       _("The connector “%s” has settings that are not a JSON object."), name);
          return NULL;
        }
      settings = json_node_get_object (member);
      names = json_object_get_members (settings);
      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *value;

          if (!read_string_member (settings, l->data, FALSE, &value, error))
            return NULL;
          if (value != NULL && *(const char *) l->data != '\0')
            g_hash_table_insert (self->settings, g_strdup (l->data), g_strdup (value));
        }
    }

  if (!read_string_list (object, "secrets-set", secrets, error))
    return NULL;
  for (guint i = 0; i < secrets->len; i++)
    if (*(const char *) secrets->pdata[i] != '\0')
      g_hash_table_add (self->secrets, g_strdup (secrets->pdata[i]));

  self->updating = FALSE;
  return g_steal_pointer (&self);
}

static gboolean
string_tables_equal (GHashTable *a,
                     GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer other_value;

      if (!g_hash_table_lookup_extended (b, key, NULL, &other_value))
        return FALSE;
      if (g_strcmp0 (value, other_value) != 0)
        return FALSE;
    }
  return TRUE;
}

void
pb_connector_update_from (PbConnector *self,
                          PbConnector *other)
{
  GObject *object = G_OBJECT (self);
  gboolean settings_changed, secrets_changed;

  g_return_if_fail (PB_IS_CONNECTOR (self));
  g_return_if_fail (PB_IS_CONNECTOR (other));
  g_return_if_fail (g_strcmp0 (self->id, other->id) == 0);

  g_object_freeze_notify (object);
  self->updating = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (string_props); i++)
    set_string (self, string_props[i].prop_id, *STRING_FIELD (other, &string_props[i]));
  pb_connector_set_kind (self, other->kind);
  pb_connector_set_state (self, other->state, other->state_message);

  settings_changed = !string_tables_equal (self->settings, other->settings);
  if (settings_changed)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_remove_all (self->settings);
      g_hash_table_iter_init (&iter, other->settings);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->settings, g_strdup (key), g_strdup (value));
    }

  secrets_changed = !string_tables_equal (self->secrets, other->secrets);
  if (secrets_changed)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_remove_all (self->secrets);
      g_hash_table_iter_init (&iter, other->secrets);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (self->secrets, g_strdup (key));
      g_object_notify_by_pspec (object, properties[PROP_SECRET_FIELDS]);
    }

  if (self->modified != other->modified)
    {
      self->modified = other->modified;
      g_object_notify_by_pspec (object, properties[PROP_MODIFIED]);
    }

  self->updating = FALSE;
  g_object_thaw_notify (object);
}
