/* pb-analyzer-records.c: rules about one stream's records — primary key, incremental cursor
 * (and the request parameter that filters by it), and a flat record schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"

static char *
singular (const char *word)
{
  gsize len = strlen (word);

  if (len > 3 && g_str_has_suffix (word, "ies"))
    return g_strdup_printf ("%.*sy", (int) len - 3, word);
  if (len > 4
      && (g_str_has_suffix (word, "sses") || g_str_has_suffix (word, "xes")
          || g_str_has_suffix (word, "ches")))
    return g_strndup (word, len - 2);
  if (len > 1 && word[len - 1] == 's' && word[len - 2] != 's')
    return g_strndup (word, len - 1);
  return g_strdup (word);
}

void
pb_analyzer_detect_primary_key (PbAnalysis       *a,
                                PbManifestStream *stream,
                                const cJSON      *item_schema,
                                const char       *resource,
                                const char       *pointer)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  g_autofree char *one = singular (resource);
  g_autofree char *want = g_strconcat (one, "id", NULL);
  g_autofree char *want_norm = pb_analysis_normalise (want);
  const char *key = NULL;
  const char *fields[2] = { NULL, NULL };
  double confidence = 0.8;

  pb_analysis_collect_properties (a, item_schema, props);
  for (guint i = 0; i < props->len && key == NULL; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, "id"))
      key = "id";
  for (guint i = 0; i < props->len && key == NULL; i++)
    {
      g_autofree char *norm = pb_analysis_normalise (((const cJSON *) props->pdata[i])->string);

      if (g_str_equal (norm, want_norm) || g_str_equal (norm, "id"))
        key = ((const cJSON *) props->pdata[i])->string;
    }
  for (guint i = 0; i < props->len && key == NULL; i++)
    {
      const char *name = ((const cJSON *) props->pdata[i])->string;

      if (g_str_equal (name, "uuid") || g_str_equal (name, "gid") || g_str_equal (name, "sid") ||
          g_str_equal (name, "guid") || g_str_equal (name, "key"))
        key = name;
    }
  /* Records without an identifier are often keyed by a natural key. */
  {
    static const char *const natural[] = { "email", "code", "name", NULL };

    for (guint n = 0; natural[n] != NULL && key == NULL
                      && pb_analysis_rule_enabled (a, "natural-keys"); n++)
      for (guint i = 0; i < props->len && key == NULL; i++)
        if (g_ascii_strcasecmp (((const cJSON *) props->pdata[i])->string, natural[n]) == 0)
          {
            key = ((const cJSON *) props->pdata[i])->string;
            confidence = 0.4;
          }
  }
  if (key == NULL && props->len == 0)
    {
      key = "id";   /* no schema to read: most APIs key records by id */
      confidence = 0.3;
    }
  if (key == NULL)
    return;
  fields[0] = key;
  pb_manifest_stream_set_primary_key (stream, fields);
  pb_analysis_take_stream_evidence (
    stream, "primary_key",
    pb_analysis_evidence (a, pointer, confidence, N_("The record's identifier property.")));
}

static gboolean
is_datetime (PbAnalysis  *a,
             const cJSON *prop)
{
  const char *format = pb_analysis_get_string (a, prop, "format");
  const char *type = pb_analysis_schema_type (a, prop);

  if (format != NULL
      && (g_str_equal (format, "date-time") || g_str_equal (format, "date")
          || g_str_equal (format, "unix-time")))
    return TRUE;
  return type == NULL || g_str_equal (type, "string") || g_str_equal (type, "integer")
         || g_str_equal (type, "number");
}

const char *const pb_analysis_updated_names[]
  = { "updated_at",    "updatedat",          "updated",
      "modified_at",   "modifiedat",         "modified",
      "last_modified", "lastmodified",       "lastupdated",
      "last_updated",  "date_updated",       "dateupdated",
      "updated_time",  "updatedtime",        "updateddateutc",
      "modified_time", "last_modified_date", "lastmodifieddate",
      "updated_date",  "updateddate",        NULL };
/* More spellings of the same two ideas (family "cursor-names"): "date_modified", "changed_at",
 * "date_generated", "time_created"… */
const char *const pb_analysis_more_updated_names[]
  = { "date_modified", "modified_date", "modified_on",  "updated_on",  "last_modified_at",
      "last_updated_at", "changed_at",  "changed",      "last_changed", "modification_date",
      "time_updated",  "time_modified", "update_time",  "modify_time", "mtime",
      "last_update",   "last_activity_at", NULL };
const char *const pb_analysis_more_created_names[]
  = { "date_generated", "generated_at", "time_created", "created_on", "creation_time",
      "create_time",    "inserted_at",  "occurred_at",  "event_time", "sent_at",
      "ctime",          NULL };
const char *const pb_analysis_created_names[]
  = { "created_at",   "createdat",   "created",        "date_created",  "datecreated",
      "created_time", "createdtime", "createddateutc", "creation_date", "created_date",
      "createddate",  "emitted_at",  "datetime",       "timestamp",     "published",
      "date",         NULL };
/* Request parameters that filter by time, by the record field they compare with. */
const char *const pb_analysis_since_params[] = { "since",
                                            "updated_since",
                                            "updated_after",
                                            "modified_since",
                                            "modified_after",
                                            "updatedsince",
                                            "updatedafter",
                                            "start_time",
                                            "starttime",
                                            "start_date",
                                            "startdate",
                                            "from",
                                            "date_from",
                                            "created_after",
                                            "created_since",
                                            "after_date",
                                            "min_date",
                                            "begin_time",
                                            "start",
                                            "updated_at[gte]",
                                            "updated_at[gt]",
                                            "updated[gte]",
                                            "updated[gt]",
                                            "created_at[gte]",
                                            "created_at[gt]",
                                            "created[gte]",
                                            "created[gt]",
                                            "modified_since_date",
                                            "if-modified-since",
                                            NULL };
/* More time filters (family "cursor-names"): the part before the suffix names the field. */
const char *const pb_analysis_more_since_params[]
  = { "start_time",      "updated_at_min", "modified_at_min", "updated_min",  "modified_from",
      "updated_from",    "changed_since",  "changed_after",   "last_modified_since",
      "min_updated_at",  "from_date",      "start_date_time", "begin_date",   "date_start",
      "since_time",      "newer_than",     NULL };

static const char *
find_named_property (PbAnalysis         *a,
                     GPtrArray          *props,
                     const char * const *names)
{
  /* Each property's name is normalised once, not once per candidate name. */
  g_autoptr (GPtrArray) norms = g_ptr_array_new_full (props->len, g_free);

  for (guint i = 0; i < props->len; i++)
    g_ptr_array_add (norms, pb_analysis_normalise (((const cJSON *) props->pdata[i])->string));
  for (guint n = 0; names[n] != NULL; n++)
    {
      g_autofree char *want = pb_analysis_normalise (names[n]);

      for (guint i = 0; i < props->len; i++)
        {
          const cJSON *prop = props->pdata[i];

          if (g_str_equal (norms->pdata[i], want)
              && is_datetime (a, pb_spec_document_resolve (a->doc, prop, NULL)))
            return prop->string;
        }
    }
  return NULL;
}

static gboolean
is_time_property (PbAnalysis  *a,
                  const cJSON *prop)
{
  const cJSON *resolved = pb_spec_document_resolve (a->doc, prop, NULL);
  const char *format = pb_analysis_get_string (a, resolved, "format");

  return format != NULL
         && (g_str_equal (format, "date-time") || g_str_equal (format, "date")
             || g_str_equal (format, "unix-time") || g_str_equal (format, "timestamp"));
}

/* The record property a time filter parameter compares with, or NULL. */
static const char *
field_for_filter (PbAnalysis  *a,
                  GPtrArray   *props,
                  const cJSON *filter)
{
  static const char *const suffixes[]
    = { "_after", "_since", "_from", "_min", "_gte", "_gt", "[gte]", "[gt]", "_start",
        "after",  "since",  "from",  "min",  NULL };
  const char *name = pb_analysis_get_string (a, filter, "name");
  const char *description = pb_analysis_get_string (a, filter, "description");
  g_autofree char *lower = g_ascii_strdown (name != NULL ? name : "", -1);
  g_autofree char *stem = NULL;
  const char *only_time = NULL;
  guint n_time = 0;

  for (guint s = 0; suffixes[s] != NULL && stem == NULL; s++)
    if (g_str_has_suffix (lower, suffixes[s]) && strlen (lower) > strlen (suffixes[s]))
      stem = g_strndup (lower, strlen (lower) - strlen (suffixes[s]));
  for (guint i = 0; i < props->len; i++)
    {
      const cJSON *prop = props->pdata[i];
      g_autofree char *norm = pb_analysis_normalise (prop->string);

      if (stem != NULL && is_datetime (a, pb_spec_document_resolve (a->doc, prop, NULL)))
        {
          g_autofree char *want = pb_analysis_normalise (stem);
          g_autofree char *want_at = g_strconcat (want, "at", NULL);

          if (want[0] != '\0' && (g_str_equal (norm, want) || g_str_equal (norm, want_at)))
            return prop->string;
        }
      /* "…compared with `last_seen`" */
      if (description != NULL && strlen (prop->string) > 3 && strstr (description, prop->string)
          && is_time_property (a, prop))
        return prop->string;
      if (is_time_property (a, prop))
        {
          n_time++;
          only_time = prop->string;
        }
    }
  return n_time == 1 ? only_time : NULL;
}

void
pb_analyzer_detect_incremental (PbAnalysis       *a,
                                PbManifestStream *stream,
                                const cJSON      *item_schema,
                                GPtrArray        *params,
                                const char       *pointer)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  PbManifestIncremental *inc = pb_manifest_stream_get_incremental (stream);
  const char *updated, *created, *field;
  const cJSON *filter = NULL;
  g_autofree char *filter_lower = NULL;
  const char *container = NULL;

  pb_analysis_collect_properties (a, item_schema, props);
  updated = find_named_property (a, props, pb_analysis_updated_names);
  created = find_named_property (a, props, pb_analysis_created_names);
  if (updated == NULL && pb_analysis_rule_enabled (a, "cursor-names"))
    updated = find_named_property (a, props, pb_analysis_more_updated_names);
  if (created == NULL && pb_analysis_rule_enabled (a, "cursor-names"))
    created = find_named_property (a, props, pb_analysis_more_created_names);
  if (updated == NULL && created == NULL)
    {
      /* JSON:API and similar: {"id", "type", "attributes": {"updated": …}}. The cursor is copied
       * up to the record's top level, where DatetimeBasedCursor reads it. */
      static const char *const containers[] = { "attributes", "properties", "fields", NULL };

      for (guint k = 0; containers[k] != NULL && container == NULL; k++)
        {
          g_ptr_array_set_size (props, 0);
          pb_analysis_collect_nested_properties (a, item_schema, containers[k], props);
          if (props->len == 0)
            continue;
          updated = find_named_property (a, props, pb_analysis_updated_names);
          created = find_named_property (a, props, pb_analysis_created_names);
          if (updated != NULL || created != NULL)
            container = containers[k];
        }
    }

  filter = pb_analysis_find_query_param (a, params, pb_analysis_since_params);
  if (filter == NULL && pb_analysis_rule_enabled (a, "cursor-names"))
    filter = pb_analysis_find_query_param (a, params, pb_analysis_more_since_params);
  /* No record field is named like a cursor, but the endpoint filters by time: the field the
   * filter compares with is the cursor ("modified_after" → "modified", a field its description
   * names, or the record's only date-time field). */
  if (updated == NULL && created == NULL && filter != NULL && container == NULL
      && pb_analysis_rule_enabled (a, "cursor-names"))
    {
      g_ptr_array_set_size (props, 0);
      pb_analysis_collect_properties (a, item_schema, props);
      updated = field_for_filter (a, props, filter);
    }
  if (filter != NULL)
    {
      const char *description = pb_analysis_get_string (a, filter, "description");

      /* The name and the description say which field the filter compares: "created_after",
       * "…determined using the `created_at` field". */
      filter_lower = g_ascii_strdown (pb_analysis_get_string (a, filter, "name"), -1);
      if (description != NULL)
        {
          g_autofree char *desc_lower = g_ascii_strdown (description, -1);
          char *joined = g_strconcat (filter_lower, " ", desc_lower, NULL);

          g_free (filter_lower);
          filter_lower = joined;
        }
    }
  /* A filter on creation time pairs with the created field, any other with the updated one. */
  if (filter_lower != NULL && strstr (filter_lower, "creat") != NULL
      && strstr (filter_lower, "updat") == NULL && created != NULL)
    field = created;
  else
    field = updated != NULL ? updated : created;
  if (field == NULL)
    return;

  inc->cursor_field = g_strdup (field);
  inc->datetime_format = g_strdup ("%Y-%m-%dT%H:%M:%SZ");
  if (container != NULL)
    {
      g_autofree char *value = g_strdup_printf ("{{ record['%s']['%s'] }}", container, field);

      pb_manifest_stream_set_added_field (stream, field, value);
    }
  {
    const cJSON *prop = NULL;
    const char *type;
    const char *formats[4]
      = { "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%z", NULL };

    for (guint k = 0; k < props->len && container != NULL && prop == NULL; k++)
      if (g_str_equal (((const cJSON *) props->pdata[k])->string, field))
        prop = pb_spec_document_resolve (a->doc, props->pdata[k], NULL);
    if (container == NULL)
      prop = pb_analysis_schema_property (a, item_schema, field);
    type = pb_analysis_schema_type (a, prop);

    if (g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "number") == 0)
      {
        g_free (inc->datetime_format);
        inc->datetime_format = g_strdup ("%s");
        formats[0] = "%s";
        formats[1] = NULL;
      }
    inc->cursor_datetime_formats = g_strdupv ((char **) formats);
  }
  inc->start_datetime = g_strdup ("{{ config['start_date'] }}");
  if (filter != NULL)
    {
      inc->start_time_inject_into
        = g_strcmp0 (pb_analysis_get_string (a, filter, "in"), "header") == 0
            ? PB_INJECT_HEADER
            : PB_INJECT_REQUEST_PARAMETER;
      inc->start_time_field = g_strdup (pb_analysis_get_string (a, filter, "name"));
    }
  pb_analysis_take_stream_evidence (
    stream, "incremental",
    pb_analysis_evidence (
      a, pointer, filter != NULL ? 0.8 : 0.5,
      filter != NULL
        ? N_("A date-time record field and a request parameter that filters by time.")
        : N_(
          "A date-time record field that changes when the record does (filtered client-side).")));
}

static cJSON *
type_schema (PbAnalysis  *a,
             const cJSON *prop)
{
  cJSON *out = cJSON_CreateObject ();
  const char *type = pb_analysis_schema_type (a, prop);
  const char *format = pb_analysis_get_string (a, prop, "format");
  cJSON *types = cJSON_CreateArray ();

  if (type == NULL)
    {
      g_autoptr (GPtrArray) props = g_ptr_array_new ();

      pb_analysis_collect_properties (a, prop, props);
      type = props->len > 0 ? "object" : NULL;
    }
  if (type != NULL)
    {
      cJSON_AddItemToArray (types, cJSON_CreateString ("null"));
      cJSON_AddItemToArray (types, cJSON_CreateString (type));
      cJSON_AddItemToObject (out, "type", types);
    }
  else
    {
      cJSON_Delete (types);
    }
  if (format != NULL && g_strcmp0 (type, "string") == 0
      && (g_str_equal (format, "date-time") || g_str_equal (format, "date")))
    cJSON_AddStringToObject (out, "format", format);
  return out;
}

/* A flat record schema: top-level properties and their types, nested values left open. */
cJSON *
pb_analyzer_record_schema (PbAnalysis  *a,
                           const cJSON *item)
{
  cJSON *schema = cJSON_CreateObject ();
  cJSON *properties;
  g_autoptr (GPtrArray) props = g_ptr_array_new ();

  cJSON_AddStringToObject (schema, "$schema", "http://json-schema.org/draft-07/schema#");
  cJSON_AddStringToObject (schema, "type", "object");
  cJSON_AddBoolToObject (schema, "additionalProperties", TRUE);
  properties = cJSON_AddObjectToObject (schema, "properties");
  pb_analysis_collect_properties (a, item, props);
  for (guint i = 0; i < props->len && i < 500; i++)
    {
      const cJSON *prop = props->pdata[i];

      cJSON_AddItemToObject (properties, prop->string,
                             type_schema (a, pb_spec_document_resolve (a->doc, prop, NULL)));
    }
  return schema;
}
