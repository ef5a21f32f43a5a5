/* pb-analyzer-schema.c: JSON and schema helpers the analyzer's rules share (lazy refs,
 * allOf/oneOf/anyOf merged, query parameters, evidence)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"

#define MAX_SCHEMA_DEPTH 6

const cJSON *
pb_analysis_get (PbAnalysis  *a,
                 const cJSON *node,
                 const char  *key)
{
  if (!cJSON_IsObject (node))
    return NULL;
  node = pb_spec_document_resolve (a->doc, node, NULL);
  if (!cJSON_IsObject (node))
    return NULL;
  return pb_spec_document_resolve (a->doc, cJSON_GetObjectItemCaseSensitive (node, key), NULL);
}

const char *
pb_analysis_get_string (PbAnalysis  *a,
                        const cJSON *node,
                        const char  *key)
{
  const cJSON *v = pb_analysis_get (a, node, key);

  return cJSON_IsString (v) ? v->valuestring : NULL;
}

/* The first parameter in PARAMS sent IN ("query", "body"), named (ignoring ASCII case) like one
 * of NAMES, which are lower case and in order of preference. A body field one object down
 * ("pagination.per_page") matches by its last part. */
const cJSON *
pb_analysis_find_param (PbAnalysis         *a,
                        GPtrArray          *params,
                        const char * const *names,
                        const char         *in)
{
  /* The parameters' names are read once; NAMES are lower case. */
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  g_autoptr (GPtrArray) found_names = g_ptr_array_new ();

  for (guint i = 0; i < params->len; i++)
    {
      const char *name = pb_analysis_get_string (a, params->pdata[i], "x-pb-leaf");

      if (name == NULL)
        name = pb_analysis_get_string (a, params->pdata[i], "name");
      if (name != NULL
          && g_strcmp0 (pb_analysis_get_string (a, params->pdata[i], "in"), in) == 0)
        {
          g_ptr_array_add (found, params->pdata[i]);
          g_ptr_array_add (found_names, (gpointer) name);
        }
    }
  /* The list order is a preference order. */
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < found->len; i++)
      if (g_ascii_strcasecmp (found_names->pdata[i], names[n]) == 0)
        return found->pdata[i];
  return NULL;
}

const cJSON *
pb_analysis_find_query_param (PbAnalysis         *a,
                              GPtrArray          *params,
                              const char * const *names)
{
  return pb_analysis_find_param (a, params, names, "query");
}

char *
pb_analysis_pointer (const char *first,
                     ...)
{
  GString *out = g_string_new ("#");
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_string_append_c (out, '/');
      for (const char *c = part; *c != '\0'; c++)
        {
          if (*c == '~')
            g_string_append (out, "~0");
          else if (*c == '/')
            g_string_append (out, "~1");
          else
            g_string_append_c (out, *c);
        }
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

PbEvidence *
pb_analysis_evidence (PbAnalysis *a,
                      const char *pointer,
                      double      confidence,
                      const char *reason)
{
  return pb_evidence_new (a->uri, pointer, NULL, confidence, reason != NULL ? _(reason) : NULL);
}

void
pb_analysis_take_evidence (PbManifest *manifest,
                           const char *key,
                           PbEvidence *evidence)
{
  pb_manifest_set_evidence (manifest, key, evidence);
  g_object_unref (evidence);
}

void
pb_analysis_take_stream_evidence (PbManifestStream *stream,
                                  const char       *key,
                                  PbEvidence       *evidence)
{
  pb_manifest_stream_set_evidence (stream, key, evidence);
  g_object_unref (evidence);
}

/* How much a property schema says: its own keys, plus its items' (for arrays). */
static int
richness (PbAnalysis  *a,
          const cJSON *prop)
{
  const cJSON *resolved = pb_spec_document_resolve (a->doc, prop, NULL);
  const cJSON *items
    = cJSON_IsObject (resolved) ? cJSON_GetObjectItemCaseSensitive (resolved, "items") : NULL;
  int n = cJSON_GetArraySize (resolved);

  if (cJSON_IsObject (items))
    {
      const cJSON *target = pb_spec_document_resolve (a->doc, items, NULL);

      n += cJSON_GetArraySize (target)
           + cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (target, "properties"))
           + cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (target, "allOf"));
    }
  return n;
}

static void
collect_properties (PbAnalysis  *a,
                    const cJSON *schema,
                    GPtrArray   *props,
                    guint        depth)
{
  static const char *const combiners[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *properties, *prop;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_SCHEMA_DEPTH)
    return;
  properties = pb_analysis_get (a, schema, "properties");
  cJSON_ArrayForEach (prop, properties)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < props->len && !seen; i++)
        if (g_str_equal (((const cJSON *) props->pdata[i])->string, prop->string))
          {
            /* allOf [generic page, {items: [Campaign]}]: the more specific one wins. */
            if (richness (a, prop) > richness (a, props->pdata[i]))
              props->pdata[i] = (gpointer) prop;
            seen = TRUE;
          }
      if (!seen)
        g_ptr_array_add (props, (gpointer) prop);
    }
  for (guint c = 0; c < G_N_ELEMENTS (combiners); c++)
    {
      const cJSON *members = pb_analysis_get (a, schema, combiners[c]);
      const cJSON *member;

      cJSON_ArrayForEach (member, members)
        {
          collect_properties (a, member, props, depth + 1);
          if (c > 0)
            break;   /* oneOf/anyOf: the first alternative stands for the others */
        }
    }
  /* {"items": [alternative, …]} without "type": array": alternatives of one object. */
  {
    const cJSON *items = cJSON_GetObjectItemCaseSensitive (schema, "items");

    if (cJSON_IsArray (items) && pb_analysis_schema_type (a, schema) == NULL)
      collect_properties (a, cJSON_GetArrayItem (items, 0), props, depth + 1);
  }
}

void
pb_analysis_collect_properties (PbAnalysis  *a,
                                const cJSON *schema,
                                GPtrArray   *props)
{
  collect_properties (a, schema, props, 0);
}

static void
collect_occurrences (PbAnalysis  *a,
                     const cJSON *schema,
                     const char  *name,
                     GPtrArray   *out,
                     guint        depth)
{
  static const char *const combiners[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *prop;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_SCHEMA_DEPTH)
    return;
  prop = pb_analysis_get (a, pb_analysis_get (a, schema, "properties"), name);
  if (prop != NULL)
    g_ptr_array_add (out, (gpointer) prop);
  for (guint c = 0; c < G_N_ELEMENTS (combiners); c++)
    {
      const cJSON *members = pb_analysis_get (a, schema, combiners[c]);
      const cJSON *member;

      cJSON_ArrayForEach (member, members)
        {
          collect_occurrences (a, member, name, out, depth + 1);
          if (c > 0)
            break;
        }
    }
}

void
pb_analysis_collect_nested_properties (PbAnalysis  *a,
                                       const cJSON *schema,
                                       const char  *name,
                                       GPtrArray   *props)
{
  g_autoptr (GPtrArray) occurrences = g_ptr_array_new ();

  collect_occurrences (a, schema, name, occurrences, 0);
  for (guint i = 0; i < occurrences->len; i++)
    pb_analysis_collect_properties (a, occurrences->pdata[i], props);
}

const cJSON *
pb_analysis_schema_property (PbAnalysis  *a,
                             const cJSON *schema,
                             const char  *name)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();

  pb_analysis_collect_properties (a, schema, props);
  for (guint i = 0; i < props->len; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, name))
      return pb_spec_document_resolve (a->doc, props->pdata[i], NULL);
  return NULL;
}

const char *
pb_analysis_schema_type (PbAnalysis  *a,
                         const cJSON *schema)
{
  const cJSON *type = pb_analysis_get (a, schema, "type");

  if (cJSON_IsString (type))
    return type->valuestring;
  if (cJSON_IsArray (type))
    {
      const cJSON *t;

      /* OpenAPI 3.1: ["array", "null"] */
      cJSON_ArrayForEach (t, type)
        if (cJSON_IsString (t) && !g_str_equal (t->valuestring, "null"))
          return t->valuestring;
    }
  return NULL;
}

gboolean
pb_analysis_schema_is_array (PbAnalysis  *a,
                             const cJSON *schema)
{
  const cJSON *combined;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  if (g_strcmp0 (pb_analysis_schema_type (a, schema), "array") == 0)
    return TRUE;
  /* Untyped with an "items" schema: an array. An "items" list without a type is how some
   * specs write alternatives of one object (read like oneOf). */
  if (pb_analysis_schema_type (a, schema) == NULL
      && cJSON_IsObject (pb_analysis_get (a, schema, "items")))
    return TRUE;
  /* allOf: [ one schema ] is that schema (followed a few levels: refs may loop). */
  for (guint depth = 0; depth < MAX_SCHEMA_DEPTH; depth++)
    {
      combined = pb_analysis_get (a, schema, "allOf");
      if (cJSON_GetArraySize (combined) != 1)
        return FALSE;
      schema = pb_spec_document_resolve (a->doc, cJSON_GetArrayItem (combined, 0), NULL);
      if (g_strcmp0 (pb_analysis_schema_type (a, schema), "array") == 0
          || (pb_analysis_schema_type (a, schema) == NULL
              && cJSON_IsObject (pb_analysis_get (a, schema, "items"))))
        return TRUE;
    }
  return FALSE;
}
