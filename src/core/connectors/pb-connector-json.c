/* pb-connector-json.c: PbConnector to and from its JSON entry in the connectors file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-connector-private.h"
#include "pb-error.h"

static const char *
prop_name (guint prop_id)
{
  return g_param_spec_get_name (pb_connector_properties[prop_id]);
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
  json_builder_add_string_value (builder, pb_connector_state_ids[self->state]);
  json_builder_set_member_name (builder, "modified");
  json_builder_add_int_value (builder, self->modified);

  for (guint i = 0; i < pb_connector_n_string_props; i++)
    {
      const char *value = *PB_CONNECTOR_STRING_FIELD (self, &pb_connector_string_props[i]);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, prop_name (pb_connector_string_props[i].prop_id));
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

  /* The last connection test: an outcome id, a status and a time; never words or secrets. */
  if (self->last_test_outcome != NULL)
    {
      json_builder_set_member_name (builder, "last-test");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, self->last_test_outcome);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, self->last_test_status);
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, self->last_test_time);
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

static gint64
int_member (JsonObject *object,
            const char *member,
            gint64      max)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node) >= 0 && json_node_get_int (node) <= max
           ? json_node_get_int (node)
           : -1;
}

/* The last test is a remembered result, not a setting: one that cannot be read is dropped
 * (the connector then reads as not tested) rather than refusing the whole entry. */
static void
read_last_test (PbConnector *self,
                JsonObject  *object)
{
  JsonNode *member = json_object_get_member (object, "last-test");
  JsonObject *test;
  const char *outcome = NULL;
  gint64 status, time;

  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return;
  test = json_node_get_object (member);
  if (!read_string_member (test, "outcome", TRUE, &outcome, NULL) || outcome == NULL)
    return;
  status = int_member (test, "status", 999);
  time = int_member (test, "time", G_MAXINT64);
  if (status < 0 || time < 0)
    return;
  for (const char *p = outcome; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != '-')
      return;
  if (*outcome == '\0' || strlen (outcome) > 32)
    return;
  g_free (self->last_test_outcome);
  self->last_test_outcome = g_strdup (outcome);
  self->last_test_status = status;
  self->last_test_time = time;
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
  for (guint i = 0; state_str != NULL && i < pb_connector_n_state_ids; i++)
    if (g_strcmp0 (pb_connector_state_ids[i], state_str) == 0)
      state = i;

  self = g_object_new (PB_TYPE_CONNECTOR, "id", id, NULL);
  self->updating = TRUE;
  self->kind = kind;
  self->state = state;

  for (guint i = 0; i < pb_connector_n_string_props; i++)
    {
      const char *value;
      const char *json_name = prop_name (pb_connector_string_props[i].prop_id);

      if (!read_string_member (object, json_name, FALSE, &value, error))
        return NULL;
      if (value != NULL)
        pb_connector_set_string (self, pb_connector_string_props[i].prop_id, value);
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

  read_last_test (self, object);

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

  for (guint i = 0; i < pb_connector_n_string_props; i++)
    pb_connector_set_string (self, pb_connector_string_props[i].prop_id,
                             *PB_CONNECTOR_STRING_FIELD (other, &pb_connector_string_props[i]));
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
      g_object_notify_by_pspec (object, pb_connector_properties[PROP_SECRET_FIELDS]);
    }

  if (g_strcmp0 (self->last_test_outcome, other->last_test_outcome) != 0 ||
      self->last_test_status != other->last_test_status ||
      self->last_test_time != other->last_test_time)
    {
      g_free (self->last_test_outcome);
      self->last_test_outcome = g_strdup (other->last_test_outcome);
      self->last_test_status = other->last_test_status;
      self->last_test_time = other->last_test_time;
      g_object_notify_by_pspec (object, pb_connector_properties[PROP_LAST_TEST_TIME]);
    }

  if (self->modified != other->modified)
    {
      self->modified = other->modified;
      g_object_notify_by_pspec (object, pb_connector_properties[PROP_MODIFIED]);
    }

  self->updating = FALSE;
  g_object_thaw_notify (object);
}
