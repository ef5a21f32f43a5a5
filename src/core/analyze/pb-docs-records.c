/* pb-docs-records.c: what a docs page's example records say: record path, schema, key, cursor
 *
 * The rules are the spec analyzer's, read off an example record instead of a schema: the same
 * identifier and cursor names (pb-analyzer-records.c), with the example's values standing in
 * for declared types and formats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer-private.h"
#include "pb-docs-extractor-private.h"

static gboolean
is_record_array (const cJSON *node)
{
  const cJSON *first;

  if (!cJSON_IsArray (node))
    return FALSE;
  first = cJSON_GetArrayItem (node, 0);
  return first == NULL || cJSON_IsObject (first);
}

/* An array named after one of the path's literal segments ("signature_requests" for
 * /signature_request/list). */
static gboolean
named_after (const char         *key,
             const char * const *segs)
{
  g_autofree char *norm = pb_analysis_normalise (key);

  for (guint i = 0; segs[i] != NULL; i++)
    {
      g_autofree char *seg = pb_analysis_normalise (segs[i]);
      gsize n = strlen (seg);

      if (segs[i][0] == '{' || n < 3)
        continue;
      if (strcmp (norm, seg) == 0
          || (strncmp (norm, seg, n) == 0 && (strcmp (norm + n, "s") == 0
                                              || strcmp (norm + n, "es") == 0)))
        return TRUE;
    }
  return FALSE;
}

/* The records array of a response sample: [] for a top-level array, ["data"],
 * ["data","items"]…; among several arrays, the one named after the stream or a segment of its
 * path (SEGS). */
GPtrArray *
pb_docs_record_path (const cJSON        *response,
                     const char         *stream_name,
                     const char * const *segs,
                     const cJSON       **out_array)
{
  static const char *preferred[]
    = { "data",    "results",  "items", "records", "entries", "list", "values",
        "objects", "elements", "hits",  "rows",    "nodes",   NULL };
  GPtrArray *path = g_ptr_array_new_with_free_func (g_free);
  const cJSON *node = response;

  for (guint depth = 0; depth < 3 && node != NULL; depth++)
    {
      const cJSON *child, *found = NULL, *found_obj = NULL;
      guint arrays = 0;

      if (is_record_array (node))
        {
          *out_array = node;
          return path;
        }
      if (!cJSON_IsObject (node))
        break;
      child = cJSON_GetObjectItemCaseSensitive (node, stream_name);
      if (is_record_array (child))
        found = child;
      for (guint i = 0; found == NULL && preferred[i] != NULL; i++)
        {
          child = cJSON_GetObjectItemCaseSensitive (node, preferred[i]);
          if (is_record_array (child))
            found = child;
          else if (cJSON_IsObject (child) && found_obj == NULL)
            found_obj = child;
        }
      cJSON_ArrayForEach (child, node)
        if (is_record_array (child) && cJSON_GetArraySize (child) > 0)
          {
            arrays++;
            if (found == NULL)
              found = child;
          }
      if (arrays > 1 && cJSON_GetObjectItemCaseSensitive (node, found->string) == found)
        cJSON_ArrayForEach (child, node)
          if (is_record_array (child) && named_after (child->string, segs))
            {
              found = child;
              arrays = 1;
              break;
            }
      if (found != NULL
          && (arrays <= 1 || cJSON_GetObjectItemCaseSensitive (node, found->string) == found))
        {
          g_ptr_array_add (path, g_strdup (found->string));
          *out_array = found;
          return path;
        }
      /* {"data": {"items": [...]}} */
      if (found_obj == NULL)
        break;
      g_ptr_array_add (path, g_strdup (found_obj->string));
      node = found_obj;
    }
  g_ptr_array_set_size (path, 0);
  *out_array = NULL;
  return path;
}

cJSON *
pb_docs_schema_of (const cJSON *value,
                   guint        depth)
{
  cJSON *schema = cJSON_CreateObject ();
  cJSON *types = cJSON_CreateArray ();
  const char *type = "string";

  if (cJSON_IsBool (value))
    type = "boolean";
  else if (cJSON_IsNumber (value))
    type = value->valuedouble == (double) (gint64) value->valuedouble ? "integer" : "number";
  else if (cJSON_IsArray (value))
    type = "array";
  else if (cJSON_IsObject (value))
    type = "object";
  else if (cJSON_IsNull (value))
    type = NULL;
  if (type != NULL)
    cJSON_AddItemToArray (types, cJSON_CreateString (type));
  cJSON_AddItemToArray (types, cJSON_CreateString ("null"));
  cJSON_AddItemToObject (schema, "type", types);
  if (cJSON_IsObject (value) && depth < 4)
    {
      cJSON *props = cJSON_AddObjectToObject (schema, "properties");
      const cJSON *child;

      cJSON_ArrayForEach (child, value)
        if (child->string != NULL
            && cJSON_GetObjectItemCaseSensitive (props, child->string) == NULL)
          cJSON_AddItemToObject (props, child->string, pb_docs_schema_of (child, depth + 1));
    }
  return schema;
}

static char *
singular (const char *word)
{
  gsize n = strlen (word);

  if (n > 3 && g_str_has_suffix (word, "ies"))
    return g_strdup_printf ("%.*sy", (int) (n - 3), word);
  if (n > 4 && (g_str_has_suffix (word, "sses") || g_str_has_suffix (word, "xes")
                || g_str_has_suffix (word, "ches")))
    return g_strndup (word, n - 2);
  if (n > 1 && word[n - 1] == 's' && word[n - 2] != 's')
    return g_strndup (word, n - 1);
  return g_strdup (word);
}

/* The record's key, by the spec analyzer's rule: "id"; "<resource>_id" in any spelling
 * ("InvoiceID" for /invoices); uuid, gid, sid, guid, key; else a natural key (email, code,
 * name). RESOURCE is the last literal path segment. NULL when none. */
const char *
pb_docs_primary_key (const cJSON *record,
                     const char  *resource,
                     gboolean    *natural)
{
  static const char *const ids[] = { "uuid", "gid", "sid", "guid", "key", NULL };
  static const char *const naturals[] = { "email", "code", "name", NULL };
  g_autofree char *one = singular (resource);
  g_autofree char *want = g_strconcat (one, "id", NULL);
  g_autofree char *want_norm = pb_analysis_normalise (want);
  const cJSON *child;

  *natural = FALSE;
  if (!cJSON_IsObject (record))
    return NULL;
  if (cJSON_GetObjectItemCaseSensitive (record, "id") != NULL)
    return "id";
  cJSON_ArrayForEach (child, record)
    {
      g_autofree char *norm = pb_analysis_normalise (child->string);

      if (g_str_equal (norm, want_norm) || g_str_equal (norm, "id"))
        return child->string;
    }
  for (guint n = 0; ids[n] != NULL; n++)
    cJSON_ArrayForEach (child, record)
      if (g_str_equal (child->string, ids[n]))
        return child->string;
  *natural = TRUE;
  for (guint n = 0; naturals[n] != NULL; n++)
    cJSON_ArrayForEach (child, record)
      if (g_ascii_strcasecmp (child->string, naturals[n]) == 0)
        return child->string;
  return NULL;
}

/* strftime-style format of a date-time VALUE in a sample record, or NULL when the value is not
 * a time. Placeholders ("string") and nulls are taken on the field's name alone. */
static const char *
datetime_format_of (const cJSON *value)
{
  static GRegex *iso;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      iso = g_regex_new ("^\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(:\\d{2})?(\\.\\d+)?"
                         "(Z|[+-]\\d{2}:?\\d{2})?)?$",
                         G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (cJSON_IsString (value))
    {
      g_autoptr (GMatchInfo) info = NULL;
      g_autofree char *seconds = NULL, *fraction = NULL, *zone = NULL;

      if (!g_regex_match (iso, value->valuestring, 0, &info))
        return g_ascii_isdigit (value->valuestring[0]) ? NULL : "%Y-%m-%dT%H:%M:%SZ";
      if (strlen (value->valuestring) == 10)
        return "%Y-%m-%d";
      fraction = g_match_info_fetch (info, 2);
      zone = g_match_info_fetch (info, 3);
      if (g_strcmp0 (zone, "Z") == 0)
        return fraction != NULL && *fraction ? "%Y-%m-%dT%H:%M:%S.%fZ" : "%Y-%m-%dT%H:%M:%SZ";
      return fraction != NULL && *fraction ? "%Y-%m-%dT%H:%M:%S.%f%z" : "%Y-%m-%dT%H:%M:%S%z";
    }
  /* Unix seconds (or milliseconds, read as seconds by their first ten digits: not worth it). */
  if (cJSON_IsNumber (value))
    return value->valuedouble >= 0 && value->valuedouble < 1e10 ? "%s" : NULL;
  return cJSON_IsNull (value) ? "%Y-%m-%dT%H:%M:%SZ" : NULL;
}

static const char *
find_time_field (const cJSON        *record,
                 const char * const *names,
                 const char        **format)
{
  for (guint n = 0; names[n] != NULL; n++)
    {
      g_autofree char *want = pb_analysis_normalise (names[n]);
      const cJSON *child;

      cJSON_ArrayForEach (child, record)
        {
          g_autofree char *norm = pb_analysis_normalise (child->string);

          if (g_str_equal (norm, want) && (*format = datetime_format_of (child)) != NULL)
            return child->string;
        }
    }
  return NULL;
}

/* The incremental cursor of an example record: an updated-like time field, else a created-like
 * one (the spec analyzer's names); FILTER is the time filter parameter the docs name, or NULL
 * (the cursor then filters client-side). */
const char *
pb_docs_cursor_field (const cJSON  *record,
                      const char   *filter,
                      const char  **format)
{
  const char *updated, *created, *updated_format = NULL, *created_format = NULL;

  if (!cJSON_IsObject (record))
    return NULL;
  updated = find_time_field (record, pb_analysis_updated_names, &updated_format);
  if (updated == NULL)
    updated = find_time_field (record, pb_analysis_more_updated_names, &updated_format);
  created = find_time_field (record, pb_analysis_created_names, &created_format);
  if (created == NULL)
    created = find_time_field (record, pb_analysis_more_created_names, &created_format);
  /* A filter on creation time pairs with the created field, any other with the updated one. */
  if (created != NULL
      && (updated == NULL
          || (filter != NULL && strstr (filter, "creat") != NULL
              && strstr (filter, "updat") == NULL)))
    {
      *format = created_format;
      return created;
    }
  *format = updated_format;
  return updated;
}

/* The time filter among NAMES (lower case), or NULL. */
const char *
pb_docs_time_filter (GPtrArray *names)
{
  const char *const *lists[] = { pb_analysis_since_params, pb_analysis_more_since_params };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l][i] != NULL; i++)
      for (guint k = 0; k < names->len; k++)
        if (g_str_equal (names->pdata[k], lists[l][i]))
          return names->pdata[k];
  return NULL;
}
