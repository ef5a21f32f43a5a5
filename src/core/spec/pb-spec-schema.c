/* pb-spec-schema.c: properties of a schema through allOf / anyOf / oneOf, refs resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-spec-document-private.h"

#define MAX_COMPOSITION_DEPTH 16

static const cJSON *
schema_property (PbSpecDocument *self,
                 const cJSON    *schema,
                 const char     *name,
                 guint           depth)
{
  static const char * const compositions[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *props;
  const cJSON *prop;

  schema = pb_spec_document_resolve (self, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_COMPOSITION_DEPTH)
    return NULL;
  props = pb_spec_document_resolve (self, cJSON_GetObjectItemCaseSensitive (schema, "properties"),
                                    NULL);
  prop = cJSON_GetObjectItemCaseSensitive (props, name);
  if (prop != NULL)
    return pb_spec_document_resolve (self, prop, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (compositions); i++)
    {
      const cJSON *found = cJSON_GetObjectItemCaseSensitive (schema, compositions[i]);
      const cJSON *list = cJSON_IsArray (found) ? found : NULL;
      const cJSON *branch;

      cJSON_ArrayForEach (branch, list)
        {
          const cJSON *hit = schema_property (self, branch, name, depth + 1);

          if (hit != NULL)
            return hit;
        }
    }
  return NULL;
}

const cJSON *
pb_spec_document_schema_property (PbSpecDocument *self,
                                  const cJSON    *schema,
                                  const char     *name)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return schema_property (self, schema, name, 0);
}

static void
collect_properties (PbSpecDocument *self,
                    const cJSON    *schema,
                    GPtrArray      *out,
                    GHashTable     *seen,
                    guint           depth)
{
  static const char * const compositions[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *props;
  const cJSON *prop;

  schema = pb_spec_document_resolve (self, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_COMPOSITION_DEPTH)
    return;
  props = pb_spec_document_resolve (self, cJSON_GetObjectItemCaseSensitive (schema, "properties"),
                                    NULL);
  if (!cJSON_IsObject (props))
    props = NULL;
  cJSON_ArrayForEach (prop, props)
    {
      if (prop->string == NULL || g_hash_table_contains (seen, prop->string))
        continue;
      g_hash_table_add (seen, prop->string);
      g_ptr_array_add (out, (gpointer) prop);
    }
  for (guint i = 0; i < G_N_ELEMENTS (compositions); i++)
    {
      const cJSON *found = cJSON_GetObjectItemCaseSensitive (schema, compositions[i]);
      const cJSON *list = cJSON_IsArray (found) ? found : NULL;
      const cJSON *branch;

      cJSON_ArrayForEach (branch, list)
        collect_properties (self, branch, out, seen, depth + 1);
    }
}

GPtrArray *
pb_spec_document_schema_properties (PbSpecDocument *self,
                                    const cJSON    *schema)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), out);
  collect_properties (self, schema, out, seen, 0);
  return out;
}
