/* pb-agent.c: one agent: a name, instructions and the connectors they mention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-agent.h"
#include "pb-error.h"

#define TOKEN_PREFIX "pba_"
#define TOKEN_BYTES 32

struct _PbAgent
{
  GObject parent_instance;

  char *id;
  char *name;
  char *instructions;
  char *token_hash;    /* hex SHA-256 of the token, or NULL */
  GPtrArray *link_ids;
  GPtrArray *link_names;
  gint64 modified;

  guint updating : 1;  /* update_from () copies a saved version: not a local change */
};

G_DEFINE_FINAL_TYPE (PbAgent, pb_agent, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_INSTRUCTIONS,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
touch (PbAgent *self)
{
  if (self->updating)
    return;
  self->modified = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
pb_agent_finalize (GObject *object)
{
  PbAgent *self = PB_AGENT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->instructions);
  g_free (self->token_hash);
  g_ptr_array_unref (self->link_ids);
  g_ptr_array_unref (self->link_names);

  G_OBJECT_CLASS (pb_agent_parent_class)->finalize (object);
}

static void
pb_agent_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PbAgent *self = PB_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_INSTRUCTIONS:
      g_value_set_string (value, self->instructions);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_agent_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PbAgent *self = PB_AGENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      pb_agent_set_name (self, g_value_get_string (value));
      break;
    case PROP_INSTRUCTIONS:
      pb_agent_set_instructions (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_agent_constructed (GObject *object)
{
  PbAgent *self = PB_AGENT (object);

  G_OBJECT_CLASS (pb_agent_parent_class)->constructed (object);
  if (self->id == NULL)
    self->id = g_uuid_string_random ();
}

static void
pb_agent_class_init (PbAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_agent_finalize;
  object_class->constructed = pb_agent_constructed;
  object_class->get_property = pb_agent_get_property;
  object_class->set_property = pb_agent_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSTRUCTIONS] =
    g_param_spec_string ("instructions", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_agent_init (PbAgent *self)
{
  self->name = g_strdup ("");
  self->instructions = g_strdup ("");
  /* NULL-terminated, so pdata is a string vector. */
  self->link_ids = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->link_names = g_ptr_array_new_null_terminated (4, g_free, TRUE);
}

PbAgent *
pb_agent_new (const char *name,
              const char *instructions)
{
  return g_object_new (PB_TYPE_AGENT, "name", name, "instructions", instructions, NULL);
}

const char *
pb_agent_get_id (PbAgent *self)
{
  g_return_val_if_fail (PB_IS_AGENT (self), NULL);
  return self->id;
}

const char *
pb_agent_get_name (PbAgent *self)
{
  g_return_val_if_fail (PB_IS_AGENT (self), NULL);
  return self->name;
}

void
pb_agent_set_name (PbAgent    *self,
                   const char *name)
{
  g_return_if_fail (PB_IS_AGENT (self));
  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  touch (self);
}

const char *
pb_agent_get_instructions (PbAgent *self)
{
  g_return_val_if_fail (PB_IS_AGENT (self), NULL);
  return self->instructions;
}

void
pb_agent_set_instructions (PbAgent    *self,
                           const char *instructions)
{
  g_return_if_fail (PB_IS_AGENT (self));
  if (instructions == NULL)
    instructions = "";
  if (g_strcmp0 (self->instructions, instructions) == 0)
    return;
  g_free (self->instructions);
  self->instructions = g_strdup (instructions);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTRUCTIONS]);
  touch (self);
}

gint64
pb_agent_get_modified (PbAgent *self)
{
  g_return_val_if_fail (PB_IS_AGENT (self), 0);
  return self->modified;
}

guint
pb_agent_get_n_links (PbAgent *self)
{
  g_return_val_if_fail (PB_IS_AGENT (self), 0);
  return self->link_ids->len;
}

const char *
pb_agent_get_link_id (PbAgent *self,
                      guint    index)
{
  g_return_val_if_fail (PB_IS_AGENT (self), NULL);
  g_return_val_if_fail (index < self->link_ids->len, NULL);
  return g_ptr_array_index (self->link_ids, index);
}

const char *
pb_agent_get_link_name (PbAgent *self,
                        guint    index)
{
  g_return_val_if_fail (PB_IS_AGENT (self), NULL);
  g_return_val_if_fail (index < self->link_names->len, NULL);
  return g_ptr_array_index (self->link_names, index);
}

gboolean
pb_agent_has_link (PbAgent    *self,
                   const char *connector_id)
{
  g_return_val_if_fail (PB_IS_AGENT (self), FALSE);
  if (connector_id == NULL)
    return FALSE;
  for (guint i = 0; i < self->link_ids->len; i++)
    if (strcmp (g_ptr_array_index (self->link_ids, i), connector_id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
links_equal (PbAgent            *self,
             const char * const *ids,
             const char * const *names)
{
  guint n = ids != NULL ? g_strv_length ((char **) ids) : 0;

  if (n != self->link_ids->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (ids[i], g_ptr_array_index (self->link_ids, i)) != 0 ||
        g_strcmp0 (names[i], g_ptr_array_index (self->link_names, i)) != 0)
      return FALSE;
  return TRUE;
}

void
pb_agent_set_links (PbAgent            *self,
                    const char * const *ids,
                    const char * const *names)
{
  g_auto (GStrv) new_ids = NULL;
  g_auto (GStrv) new_names = NULL;

  g_return_if_fail (PB_IS_AGENT (self));

  if (links_equal (self, ids, names))
    return;
  /* IDS may be our own arrays (update_from): copy before clearing. */
  new_ids = g_strdupv ((char **) ids);
  new_names = g_strdupv ((char **) names);
  ids = (const char * const *) new_ids;
  names = (const char * const *) new_names;
  g_ptr_array_set_size (self->link_ids, 0);
  g_ptr_array_set_size (self->link_names, 0);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_ptr_array_add (self->link_ids, g_strdup (ids[i]));
      g_ptr_array_add (self->link_names, g_strdup (names[i] != NULL ? names[i] : ""));
    }
  touch (self);
}

gboolean
pb_agent_has_token (PbAgent *self)
{
  g_return_val_if_fail (PB_IS_AGENT (self), FALSE);
  return self->token_hash != NULL;
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
pb_agent_new_token (PbAgent *self)
{
  guint8 bytes[TOKEN_BYTES];
  g_autoptr (GString) token = g_string_new (TOKEN_PREFIX);
  g_autoptr (GBytes) random = NULL;
  g_autoptr (GFile) urandom = g_file_new_for_path ("/dev/urandom");
  g_autoptr (GFileInputStream) stream = NULL;
  gsize got = 0;

  g_return_val_if_fail (PB_IS_AGENT (self), NULL);

  /* The kernel's CSPRNG; GLib's g_random_* is not meant for secrets. */
  stream = g_file_read (urandom, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), bytes, sizeof bytes, &got, NULL, NULL) ||
      got != sizeof bytes)
    g_error ("Could not read /dev/urandom");

  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  memset (bytes, 0, sizeof bytes);

  g_free (self->token_hash);
  self->token_hash = hash_token (token->str);
  touch (self);
  return g_string_free (g_steal_pointer (&token), FALSE);
}

gboolean
pb_agent_check_token (PbAgent    *self,
                      const char *token)
{
  g_autofree char *hash = NULL;
  guint8 diff = 0;

  g_return_val_if_fail (PB_IS_AGENT (self), FALSE);

  if (self->token_hash == NULL || token == NULL || !g_str_has_prefix (token, TOKEN_PREFIX))
    return FALSE;
  hash = hash_token (token);
  if (strlen (hash) != strlen (self->token_hash))
    return FALSE;
  for (gsize i = 0; hash[i] != '\0'; i++)
    diff |= (guint8) (hash[i] ^ self->token_hash[i]);
  return diff == 0;
}

JsonNode *
pb_agent_to_json (PbAgent *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "instructions");
  json_builder_add_string_value (builder, self->instructions);
  json_builder_set_member_name (builder, "connectors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->link_ids->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, g_ptr_array_index (self->link_ids, i));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, g_ptr_array_index (self->link_names, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (self->token_hash != NULL)
    {
      json_builder_set_member_name (builder, "token-sha256");
      json_builder_add_string_value (builder, self->token_hash);
    }
  json_builder_set_member_name (builder, "modified");
  json_builder_add_int_value (builder, self->modified);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
is_hex_sha256 (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isxdigit (*s))
      return FALSE;
  return TRUE;
}

PbAgent *
pb_agent_new_from_json (JsonNode  *node,
                        GError   **error)
{
  JsonObject *object;
  JsonNode *links_node, *modified_node;
  const char *id, *name, *instructions, *token_hash;
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (PbAgent) self = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("An agent entry is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);
  id = get_string (object, "id");
  name = get_string (object, "name");
  instructions = get_string (object, "instructions");
  token_hash = get_string (object, "token-sha256");
  if (id == NULL || *id == '\0' || name == NULL || is_blank (name) ||
      !g_utf8_validate (name, -1, NULL) ||
      (instructions != NULL && !g_utf8_validate (instructions, -1, NULL)) ||
      (token_hash != NULL && !is_hex_sha256 (token_hash)))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("An agent entry lacks an id or a name, or holds a malformed value."));
      return NULL;
    }

  links_node = json_object_get_member (object, "connectors");
  if (links_node != NULL && JSON_NODE_HOLDS_ARRAY (links_node))
    {
      JsonArray *array = json_node_get_array (links_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *link_id, *link_name;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          link_id = get_string (json_node_get_object (element), "id");
          link_name = get_string (json_node_get_object (element), "name");
          if (link_id == NULL)
            continue;
          g_ptr_array_add (ids, (gpointer) link_id);
          g_ptr_array_add (names, (gpointer) (link_name != NULL ? link_name : ""));
        }
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (names, NULL);

  self = g_object_new (PB_TYPE_AGENT, "id", id, "name", name,
                       "instructions", instructions, NULL);
  pb_agent_set_links (self, (const char * const *) ids->pdata,
                      (const char * const *) names->pdata);
  self->token_hash = g_strdup (token_hash);
  modified_node = json_object_get_member (object, "modified");
  if (modified_node != NULL && JSON_NODE_HOLDS_VALUE (modified_node) &&
      json_node_get_value_type (modified_node) == G_TYPE_INT64)
    self->modified = json_node_get_int (modified_node);
  return g_steal_pointer (&self);
}

void
pb_agent_update_from (PbAgent *self,
                      PbAgent *other)
{
  g_return_if_fail (PB_IS_AGENT (self));
  g_return_if_fail (PB_IS_AGENT (other));

  self->updating = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  pb_agent_set_name (self, other->name);
  pb_agent_set_instructions (self, other->instructions);
  pb_agent_set_links (self, (const char * const *) other->link_ids->pdata,
                      (const char * const *) other->link_names->pdata);
  g_free (self->token_hash);
  self->token_hash = g_strdup (other->token_hash);
  if (self->modified != other->modified)
    {
      self->modified = other->modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  self->updating = FALSE;
}
