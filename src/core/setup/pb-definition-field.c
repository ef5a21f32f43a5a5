/* pb-definition-field.c: one setting of a definition (PbField), read from its JSON schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-definition-private.h"
#include "pb-error.h"
#include "pb-validate.h"

void
pb_field_free (PbField *field)
{
  g_free (field->name);
  g_free (field->title);
  g_free (field->description);
  g_free (field->where);
  g_free (field->why);
  g_free (field->group);
  g_free (field->format);
  g_free (field->pattern);
  g_free (field->pattern_hint);
  g_free (field->default_value);
  g_free (field->maps_to);
  g_free (field->derive_from);
  g_free (field->derive_after);
  g_strfreev (field->enum_values);
  g_strfreev (field->enum_titles);
  g_strfreev (field->examples);
  g_free (field->only_when_field);
  g_free (field->only_when_value);
  g_free (field);
}

char *
pb_definition_dup_member (JsonObject *object,
                          const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
        }
    }
  return NULL;
}

char **
pb_definition_dup_string_array (JsonObject *object,
                                const char *member)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (!json_object_has_member (object, member))
    return NULL;
  array = json_object_get_array_member (object, member);
  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          g_strv_builder_add (builder, number);
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
pb_definition_strv_contains_json (JsonArray  *array,
                                  const char *name)
{
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = json_array_get_string_element (array, i);
      if (g_strcmp0 (s, name) == 0)
        return TRUE;
    }
  return FALSE;
}

PbField *
pb_definition_parse_field (const char  *name,
                           JsonObject  *spec,
                           gboolean     required,
                           GError     **error)
{
  PbField *field = g_new0 (PbField, 1);
  const char *type = json_object_get_string_member_with_default (spec, "type", "string");

  field->name = g_strdup (name);
  if (g_str_equal (type, "string"))
    field->type = PB_FIELD_STRING;
  else if (g_str_equal (type, "integer"))
    field->type = PB_FIELD_INTEGER;
  else if (g_str_equal (type, "number"))
    field->type = PB_FIELD_NUMBER;
  else if (g_str_equal (type, "boolean"))
    field->type = PB_FIELD_BOOLEAN;
  else
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("Field “%s” has a type Plugboard does not know (“%s”)."), name, type);
      pb_field_free (field);
      return NULL;
    }

  field->title = pb_definition_dup_member (spec, "title");
  if (field->title == NULL)
    field->title = g_strdup (name);
  field->description = pb_definition_dup_member (spec, "description");
  field->where = pb_definition_dup_member (spec, "where");
  field->why = pb_definition_dup_member (spec, "why");
  field->group = pb_definition_dup_member (spec, "group");
  field->format = pb_definition_dup_member (spec, "format");
  field->pattern = pb_definition_dup_member (spec, "pattern");
  field->pattern_hint = pb_definition_dup_member (spec, "pattern_hint");
  field->default_value = pb_definition_dup_member (spec, "default");
  field->maps_to = pb_definition_dup_member (spec, "maps_to");
  field->enum_values = pb_definition_dup_string_array (spec, "enum");
  field->enum_titles = pb_definition_dup_string_array (spec, "enum_titles");
  field->examples = pb_definition_dup_string_array (spec, "examples");
  field->secret = json_object_get_boolean_member_with_default (spec, "secret", FALSE);
  field->order = (int) json_object_get_int_member_with_default (spec, "order", 100);
  field->required = required;

  if (json_object_has_member (spec, "minimum"))
    {
      field->has_minimum = TRUE;
      field->minimum = json_object_get_double_member (spec, "minimum");
    }
  if (json_object_has_member (spec, "maximum"))
    {
      field->has_maximum = TRUE;
      field->maximum = json_object_get_double_member (spec, "maximum");
    }

  if (json_object_has_member (spec, "derive"))
    {
      JsonObject *derive = json_object_get_object_member (spec, "derive");

      field->derive_from = pb_definition_dup_member (derive, "from");
      field->derive_after = pb_definition_dup_member (derive, "after");
    }

  if (field->enum_values != NULL
      && (field->enum_titles == NULL
          || g_strv_length (field->enum_titles) != g_strv_length (field->enum_values)))
    {
      g_strfreev (field->enum_titles);
      field->enum_titles = g_strdupv (field->enum_values);
    }

  if (field->pattern != NULL)
    {
      g_autoptr (GRegex) regex = g_regex_new (field->pattern, 0, 0, NULL);

      if (regex == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("Field “%s” has a pattern that is not a valid regular expression."),
                       name);
          pb_field_free (field);
          return NULL;
        }
    }

  return field;
}

