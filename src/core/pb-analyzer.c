/* pb-analyzer.c: streams (list operations), record paths, keys, substreams, incremental
 * cursors and record schemas; the URL, auth and pagination rules live beside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer-private.h"
#include "pb-error.h"

#define MAX_SCHEMA_DEPTH 6

struct _PbAnalyzer
{
  GObject parent_instance;

  PbSpecDocument *document;
};

G_DEFINE_FINAL_TYPE (PbAnalyzer, pb_analyzer, G_TYPE_OBJECT)

static void
pb_analyzer_finalize (GObject *object)
{
  g_clear_object (&PB_ANALYZER (object)->document);
  G_OBJECT_CLASS (pb_analyzer_parent_class)->finalize (object);
}

static void
pb_analyzer_class_init (PbAnalyzerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_analyzer_finalize;
}

static void
pb_analyzer_init (PbAnalyzer *self)
{
}

PbAnalyzer *
pb_analyzer_new (PbSpecDocument *document)
{
  PbAnalyzer *self = g_object_new (PB_TYPE_ANALYZER, NULL);

  self->document = g_object_ref (document);
  return self;
}

/* --- helpers shared with the rule files --- */

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
  return pb_evidence_new (a->uri, pointer, NULL, confidence, reason);
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
        seen = g_str_equal (((const cJSON *) props->pdata[i])->string, prop->string);
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
}

void
pb_analysis_collect_properties (PbAnalysis  *a,
                                const cJSON *schema,
                                GPtrArray   *props)
{
  collect_properties (a, schema, props, 0);
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

static const char *
schema_type (PbAnalysis  *a,
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
  if (g_strcmp0 (schema_type (a, schema), "array") == 0 || pb_analysis_get (a, schema, "items") != NULL)
    return TRUE;
  combined = pb_analysis_get (a, schema, "allOf");
  if (cJSON_GetArraySize (combined) == 1)
    return pb_analysis_schema_is_array (a, cJSON_GetArrayItem (combined, 0));
  return FALSE;
}

/* --- names --- */

static gboolean
is_version_segment (const char *seg)
{
  if (g_ascii_strcasecmp (seg, "api") == 0 || g_ascii_strcasecmp (seg, "rest") == 0)
    return TRUE;
  if ((seg[0] == 'v' || seg[0] == 'V') && g_ascii_isdigit (seg[1]))
    return TRUE;
  for (const char *p = seg; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;   /* "2.0", "2010-04-01" */
}

static void
append_snake (GString    *out,
              const char *word)
{
  gsize start = out->len;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p) && out->len > start && g_ascii_islower (p[-1]) && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > start && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > start && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
}

static char *
stream_name_for_path (const char *path)
{
  g_auto (GStrv) segs = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (segs);

  for (guint i = 0; i < n; i++)
    {
      char *seg = segs[i];
      char *dot;

      if (seg[0] == '\0' || seg[0] == '{' || is_version_segment (seg))
        continue;
      /* "Calls.json" → "Calls" */
      if ((dot = strrchr (seg, '.')) != NULL && (g_str_equal (dot, ".json") || g_str_equal (dot, ".xml")))
        *dot = '\0';
      /* A trailing verb-like segment names the operation, not the resource. */
      if (i == n - 1 && out->len > 0 &&
          (g_str_equal (seg, "list") || g_str_equal (seg, "all") || g_str_equal (seg, "search")))
        continue;
      if (out->len > 0)
        g_string_append_c (out, '_');
      append_snake (out, seg);
    }
  if (out->len == 0)
    g_string_append (out, "records");
  return g_string_free (out, FALSE);
}

static char *
unique_name (PbManifest *manifest,
             const char *name)
{
  char *candidate = g_strdup (name);

  for (guint i = 2; pb_manifest_find_stream (manifest, candidate) != NULL; i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s_%u", name, i);
    }
  return candidate;
}

static char *
singular (const char *word)
{
  gsize len = strlen (word);

  if (len > 3 && g_str_has_suffix (word, "ies"))
    return g_strdup_printf ("%.*sy", (int) len - 3, word);
  if (len > 4 && (g_str_has_suffix (word, "sses") || g_str_has_suffix (word, "xes") || g_str_has_suffix (word, "ches")))
    return g_strndup (word, len - 2);
  if (len > 1 && word[len - 1] == 's' && word[len - 2] != 's')
    return g_strndup (word, len - 1);
  return g_strdup (word);
}

static char *
normalise (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s != '\0'; s++)
    if (g_ascii_isalnum (*s))
      g_string_append_c (out, g_ascii_tolower (*s));
  return g_string_free (out, FALSE);
}

/* --- operations --- */

typedef struct {
  char        *path;           /* spec path, "/users/{id}/posts" */
  char        *pointer;        /* "#/paths/~1users/get" */
  const cJSON *op;
  GPtrArray   *params;         /* resolved parameter objects */
  const cJSON *response;       /* resolved 2xx response */
  const cJSON *body_schema;    /* resolved response body schema */
  const cJSON *item_schema;    /* the record schema */
  GStrv        record_path;
  gboolean     collection;
  const char  *method;         /* "GET", or "POST" for search endpoints */
  PbManifestStream *stream;
} Candidate;

static void
candidate_free (Candidate *c)
{
  g_free (c->path);
  g_free (c->pointer);
  g_ptr_array_unref (c->params);
  g_strfreev (c->record_path);
  g_clear_object (&c->stream);
  g_free (c);
}

static void
add_params (PbAnalysis  *a,
            GPtrArray   *params,
            const cJSON *list)
{
  const cJSON *p;

  cJSON_ArrayForEach (p, list)
    {
      const cJSON *param = pb_spec_document_resolve (a->doc, p, NULL);
      const char *name = pb_analysis_get_string (a, param, "name");
      const char *in = pb_analysis_get_string (a, param, "in");
      gboolean replaced = FALSE;

      if (name == NULL || in == NULL)
        continue;
      /* Operation parameters override path-level ones of the same name and place. */
      for (guint i = 0; i < params->len && !replaced; i++)
        if (g_strcmp0 (pb_analysis_get_string (a, params->pdata[i], "name"), name) == 0 &&
            g_strcmp0 (pb_analysis_get_string (a, params->pdata[i], "in"), in) == 0)
          {
            params->pdata[i] = (gpointer) param;
            replaced = TRUE;
          }
      if (!replaced)
        g_ptr_array_add (params, (gpointer) param);
    }
}

static const cJSON *
success_response (PbAnalysis  *a,
                  const cJSON *op)
{
  static const char *const codes[] = { "200", "2XX", "2xx", "206", "201", "203", "default" };
  const cJSON *responses = pb_analysis_get (a, op, "responses");

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const cJSON *r = pb_analysis_get (a, responses, codes[i]);

      if (r != NULL)
        return r;
    }
  return NULL;
}

static const cJSON *
body_schema (PbAnalysis  *a,
             const cJSON *response)
{
  const cJSON *content = pb_analysis_get (a, response, "content");
  const cJSON *media;

  if (content == NULL)
    return pb_analysis_get (a, response, "schema");   /* Swagger 2 */
  cJSON_ArrayForEach (media, content)
    if (strstr (media->string, "json") != NULL)
      return pb_analysis_get (a, media, "schema");
  cJSON_ArrayForEach (media, content)
    return pb_analysis_get (a, media, "schema");
  return NULL;
}

static const cJSON *
items_of (PbAnalysis  *a,
          const cJSON *schema)
{
  const cJSON *items;
  const cJSON *all;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  items = pb_analysis_get (a, schema, "items");
  if (items != NULL)
    return items;
  all = pb_analysis_get (a, schema, "allOf");
  if (cJSON_GetArraySize (all) == 1)
    return items_of (a, cJSON_GetArrayItem (all, 0));
  return NULL;
}

/* Where the records are: the body itself, or an array property (one or two levels down). */
static gboolean
find_records (PbAnalysis   *a,
              const cJSON  *schema,
              const char   *resource,
              GPtrArray    *path,
              const cJSON **out_items,
              guint         depth)
{
  static const char *const preferred[] = {
    "data", "results", "items", "records", "entries", "elements", "values", "objects", "list", "rows",
    "result", "_results", "content", "collection", "hits", "nodes", "edges", NULL
  };
  static const char *const not_records[] = { "errors", "warnings", "messages_errors", "links", "_links", "included", NULL };
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  g_autofree char *resource_norm = normalise (resource);
  const cJSON *best = NULL;
  int best_score = 0;
  guint n_arrays = 0;

  if (schema == NULL || depth > 2)
    return FALSE;
  if (pb_analysis_schema_is_array (a, schema))
    {
      *out_items = items_of (a, schema);
      return TRUE;
    }
  pb_analysis_collect_properties (a, schema, props);
  for (guint i = 0; i < props->len; i++)
    {
      const cJSON *prop = props->pdata[i];
      g_autofree char *lower = g_ascii_strdown (prop->string, -1);
      g_autofree char *norm = normalise (prop->string);
      int score = 0;

      if (g_strv_contains (not_records, lower))
        continue;
      if (!pb_analysis_schema_is_array (a, prop))
        continue;
      n_arrays++;
      if (g_strv_contains (preferred, lower))
        score = 3;
      else if (resource_norm[0] != '\0' && (g_str_equal (norm, resource_norm) || g_str_has_prefix (resource_norm, norm) ||
                                             g_str_has_prefix (norm, resource_norm)))
        score = 4;
      else
        {
          const cJSON *items = items_of (a, prop);

          score = g_strcmp0 (schema_type (a, items), "object") == 0 || pb_analysis_get (a, items, "properties") != NULL ||
                  pb_analysis_get (a, items, "allOf") != NULL ? 2 : 1;
        }
      if (score > best_score)
        {
          best = prop;
          best_score = score;
        }
    }
  if (best != NULL && (best_score >= 2 || n_arrays == 1))
    {
      g_ptr_array_add (path, g_strdup (best->string));
      *out_items = items_of (a, best);
      return TRUE;
    }
  /* {"data": {"items": [...]}} */
  for (guint i = 0; i < props->len; i++)
    {
      const cJSON *prop = props->pdata[i];
      g_autofree char *lower = g_ascii_strdown (prop->string, -1);

      if (!g_strv_contains (preferred, lower) && !g_str_equal (lower, "response"))
        continue;
      g_ptr_array_add (path, g_strdup (prop->string));
      if (find_records (a, prop, resource, path, out_items, depth + 1))
        return TRUE;
      g_ptr_array_remove_index (path, path->len - 1);
    }
  return FALSE;
}

static char *
last_resource_segment (const char *path)
{
  g_auto (GStrv) segs = g_strsplit (path, "/", -1);

  for (int i = (int) g_strv_length (segs) - 1; i >= 0; i--)
    {
      char *dot;

      if (segs[i][0] == '\0' || segs[i][0] == '{' || is_version_segment (segs[i]) ||
          g_str_equal (segs[i], "list") || g_str_equal (segs[i], "search") || g_str_equal (segs[i], "all"))
        continue;
      if ((dot = strrchr (segs[i], '.')) != NULL)
        *dot = '\0';
      return g_strdup (segs[i]);
    }
  return g_strdup ("");
}

static gboolean
param_is_blocking (PbAnalysis  *a,
                   const cJSON *param)
{
  const char *in = pb_analysis_get_string (a, param, "in");
  const cJSON *required = pb_analysis_get (a, param, "required");
  const cJSON *schema = pb_analysis_get (a, param, "schema");

  if (g_strcmp0 (in, "path") == 0 || g_strcmp0 (in, "header") == 0 || !cJSON_IsTrue (required))
    return FALSE;
  if (schema == NULL)
    schema = param;
  /* A required value the spec gives a default for can be sent as is. */
  return pb_analysis_get (a, schema, "default") == NULL && cJSON_GetArraySize (pb_analysis_get (a, schema, "enum")) != 1;
}

/* A POST whose body only narrows a search reads like a list: all body fields optional. */
static gboolean
body_is_optional (PbAnalysis  *a,
                  const cJSON *op)
{
  const cJSON *body = pb_analysis_get (a, op, "requestBody");
  const cJSON *content = pb_analysis_get (a, body, "content");
  const cJSON *media;
  const cJSON *p;

  cJSON_ArrayForEach (media, content)
    {
      const cJSON *required = pb_analysis_get (a, pb_analysis_get (a, media, "schema"), "required");

      if (cJSON_GetArraySize (required) > 0)
        return FALSE;
    }
  /* Swagger 2: a body parameter */
  cJSON_ArrayForEach (p, pb_analysis_get (a, op, "parameters"))
    {
      const cJSON *param = pb_spec_document_resolve (a->doc, p, NULL);

      if (g_strcmp0 (pb_analysis_get_string (a, param, "in"), "body") == 0 &&
          cJSON_GetArraySize (pb_analysis_get (a, pb_analysis_get (a, param, "schema"), "required")) > 0)
        return FALSE;
    }
  return TRUE;
}

static Candidate *
read_operation (PbAnalysis  *a,
                const char  *path,
                const cJSON *path_item,
                const char  *method)
{
  const cJSON *op = pb_analysis_get (a, path_item, g_str_equal (method, "POST") ? "post" : "get");
  g_autoptr (GPtrArray) record_path = NULL;
  g_autofree char *resource = NULL;
  Candidate *c;
  const cJSON *items = NULL;

  if (op == NULL || cJSON_IsTrue (pb_analysis_get (a, op, "deprecated")))
    return NULL;
  if (g_str_equal (method, "POST") && !body_is_optional (a, op))
    return NULL;
  c = g_new0 (Candidate, 1);
  c->method = method;
  c->path = g_strdup (path);
  c->pointer = pb_analysis_pointer ("paths", path, g_str_equal (method, "POST") ? "post" : "get", NULL);
  c->op = op;
  c->params = g_ptr_array_new ();
  add_params (a, c->params, pb_analysis_get (a, path_item, "parameters"));
  add_params (a, c->params, pb_analysis_get (a, op, "parameters"));
  for (guint i = 0; i < c->params->len; i++)
    if (param_is_blocking (a, c->params->pdata[i]))
      {
        candidate_free (c);
        return NULL;
      }
  c->response = success_response (a, op);
  c->body_schema = body_schema (a, c->response);
  resource = last_resource_segment (path);
  record_path = g_ptr_array_new_with_free_func (g_free);
  if (c->body_schema != NULL && find_records (a, c->body_schema, resource, record_path, &items, 0))
    {
      c->collection = TRUE;
      c->item_schema = items;
    }
  else
    {
      c->item_schema = c->body_schema;
    }
  g_ptr_array_add (record_path, NULL);
  c->record_path = (GStrv) g_ptr_array_steal (record_path, NULL);
  return c;
}

/* --- per-stream rules --- */

static void
detect_primary_key (PbAnalysis       *a,
                    Candidate        *c,
                    const char       *resource)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  g_autofree char *one = singular (resource);
  g_autofree char *want = g_strconcat (one, "id", NULL);
  g_autofree char *want_norm = normalise (want);
  const char *key = NULL;
  const char *fields[2] = { NULL, NULL };
  double confidence = 0.8;

  pb_analysis_collect_properties (a, c->item_schema, props);
  for (guint i = 0; i < props->len && key == NULL; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, "id"))
      key = "id";
  for (guint i = 0; i < props->len && key == NULL; i++)
    {
      g_autofree char *norm = normalise (((const cJSON *) props->pdata[i])->string);

      if (g_str_equal (norm, want_norm) || g_str_equal (norm, "id"))
        key = ((const cJSON *) props->pdata[i])->string;
    }
  for (guint i = 0; i < props->len && key == NULL; i++)
    {
      const char *name = ((const cJSON *) props->pdata[i])->string;

      if (g_str_equal (name, "uuid") || g_str_equal (name, "key") || g_str_equal (name, "guid"))
        key = name;
    }
  if (key == NULL && props->len == 0)
    {
      key = "id";   /* no schema to read: most APIs key records by id */
      confidence = 0.3;
    }
  if (key == NULL)
    return;
  fields[0] = key;
  pb_manifest_stream_set_primary_key (c->stream, fields);
  pb_analysis_take_stream_evidence (c->stream, "primary_key",
                                    pb_analysis_evidence (a, c->pointer, confidence, "The record's identifier property."));
}

static gboolean
is_datetime (PbAnalysis  *a,
             const cJSON *prop)
{
  const char *format = pb_analysis_get_string (a, prop, "format");
  const char *type = schema_type (a, prop);

  if (format != NULL && (g_str_equal (format, "date-time") || g_str_equal (format, "date") || g_str_equal (format, "unix-time")))
    return TRUE;
  return type == NULL || g_str_equal (type, "string") || g_str_equal (type, "integer") || g_str_equal (type, "number");
}

static const char *const updated_names[] = {
  "updated_at", "updatedat", "updated", "modified_at", "modifiedat", "modified", "last_modified", "lastmodified",
  "lastupdated", "last_updated", "date_updated", "dateupdated", "updated_time", "updatedtime", "updateddateutc",
  "modified_time", "last_modified_date", "lastmodifieddate", "updated_date", "updateddate", NULL
};
static const char *const created_names[] = {
  "created_at", "createdat", "created", "date_created", "datecreated", "created_time", "createdtime",
  "createddateutc", "creation_date", "created_date", "createddate", "emitted_at", "timestamp", "published", NULL
};
/* Request parameters that filter by time, by the record field they compare with. */
static const char *const since_params[] = {
  "since", "updated_since", "updated_after", "modified_since", "modified_after", "updatedsince", "updatedafter",
  "start_time", "starttime", "start_date", "startdate", "from", "date_from", "created_after", "created_since",
  "after_date", "min_date", "begin_time", "start", "updated_at[gte]", "updated_at[gt]", "updated[gte]", "updated[gt]",
  "created_at[gte]", "created_at[gt]", "created[gte]", "created[gt]", "modified_since_date", "if-modified-since", NULL
};

static const char *
find_named_property (PbAnalysis         *a,
                     GPtrArray          *props,
                     const char * const *names)
{
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < props->len; i++)
      {
        const cJSON *prop = props->pdata[i];
        g_autofree char *norm = normalise (prop->string);
        g_autofree char *want = normalise (names[n]);

        if (g_str_equal (norm, want) && is_datetime (a, pb_spec_document_resolve (a->doc, prop, NULL)))
          return prop->string;
      }
  return NULL;
}

static void
detect_incremental (PbAnalysis *a,
                    Candidate  *c)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  PbManifestIncremental *inc = pb_manifest_stream_get_incremental (c->stream);
  const char *updated, *created, *field;
  const cJSON *filter = NULL;
  g_autofree char *filter_lower = NULL;

  pb_analysis_collect_properties (a, c->item_schema, props);
  updated = find_named_property (a, props, updated_names);
  created = find_named_property (a, props, created_names);

  for (guint n = 0; since_params[n] != NULL && filter == NULL; n++)
    for (guint i = 0; i < c->params->len && filter == NULL; i++)
      {
        const char *name = pb_analysis_get_string (a, c->params->pdata[i], "name");
        const char *in = pb_analysis_get_string (a, c->params->pdata[i], "in");

        if (name != NULL && g_strcmp0 (in, "query") == 0 && g_ascii_strcasecmp (name, since_params[n]) == 0)
          filter = c->params->pdata[i];
      }
  if (filter != NULL)
    filter_lower = g_ascii_strdown (pb_analysis_get_string (a, filter, "name"), -1);
  /* A filter on creation time pairs with the created field, any other with the updated one. */
  if (filter_lower != NULL && strstr (filter_lower, "creat") != NULL && created != NULL)
    field = created;
  else
    field = updated != NULL ? updated : created;
  if (field == NULL)
    return;

  inc->cursor_field = g_strdup (field);
  inc->datetime_format = g_strdup ("%Y-%m-%dT%H:%M:%SZ");
  {
    const cJSON *prop = pb_analysis_schema_property (a, c->item_schema, field);
    const char *type = schema_type (a, prop);
    const char *formats[4] = { "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%z", NULL };

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
      inc->start_time_inject_into = g_strcmp0 (pb_analysis_get_string (a, filter, "in"), "header") == 0
        ? PB_INJECT_HEADER : PB_INJECT_REQUEST_PARAMETER;
      inc->start_time_field = g_strdup (pb_analysis_get_string (a, filter, "name"));
    }
  pb_analysis_take_stream_evidence (c->stream, "incremental",
                                    pb_analysis_evidence (a, c->pointer, filter != NULL ? 0.8 : 0.5,
                                                          filter != NULL ? "A date-time record field and a request parameter that filters by time."
                                                                         : "A date-time record field that changes when the record does (filtered client-side)."));
}

static cJSON *
type_schema (PbAnalysis  *a,
             const cJSON *prop)
{
  cJSON *out = cJSON_CreateObject ();
  const char *type = schema_type (a, prop);
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
  if (format != NULL && g_strcmp0 (type, "string") == 0 && (g_str_equal (format, "date-time") || g_str_equal (format, "date")))
    cJSON_AddStringToObject (out, "format", format);
  return out;
}

/* A flat record schema: top-level properties and their types, nested values left open. */
static cJSON *
record_schema (PbAnalysis  *a,
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

      cJSON_AddItemToObject (properties, prop->string, type_schema (a, pb_spec_document_resolve (a->doc, prop, NULL)));
    }
  return schema;
}

/* --- substreams --- */

static Candidate *
find_candidate (GPtrArray  *candidates,
                const char *path)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];

      if (g_str_equal (c->path, path))
        return c;
    }
  return NULL;
}

static char *
config_key (const char *param)
{
  GString *out = g_string_new (NULL);

  append_snake (out, param);
  return g_string_free (out, FALSE);
}

/* The parent's record property that carries the value of path parameter PARAM. */
static char *
parent_key_for (PbAnalysis  *a,
                Candidate   *parent,
                const char  *param)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  g_autofree char *want = normalise (param);

  pb_analysis_collect_properties (a, parent->item_schema, props);
  for (guint i = 0; i < props->len; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, param))
      return g_strdup (param);
  for (guint i = 0; i < props->len; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, "id"))
      return g_strdup ("id");
  for (guint i = 0; i < props->len; i++)
    {
      g_autofree char *norm = normalise (((const cJSON *) props->pdata[i])->string);

      if (g_str_equal (norm, want))
        return g_strdup (((const cJSON *) props->pdata[i])->string);
    }
  return g_strdup ("id");
}

/* Rewrites "{param}" placeholders: the last one comes from the parent stream's records, earlier
 * ones from the parent's own partition (parent_slice), or from config when there is no parent. */
static gboolean
resolve_path_params (PbAnalysis *a,
                     GPtrArray  *candidates,
                     Candidate  *c)
{
  g_auto (GStrv) segs = g_strsplit (c->path, "/", -1);
  int n = g_strv_length (segs);
  int last_param = -1;
  Candidate *parent = NULL;
  g_autofree char *partition_field = NULL;
  GString *out;

  for (int i = n - 1; i >= 0; i--)
    if (segs[i][0] == '{')
      {
        last_param = i;
        break;
      }
  if (last_param < 0)
    {
      pb_manifest_stream_set_path (c->stream, c->path);
      return TRUE;
    }
  {
    g_autofree char *prefix = NULL;
    char *saved = segs[last_param];

    segs[last_param] = NULL;
    prefix = g_strjoinv ("/", segs);
    segs[last_param] = saved;
    parent = find_candidate (candidates, prefix);
    if (parent != NULL && (!parent->collection || parent->stream == NULL || parent == c))
      parent = NULL;
  }

  out = g_string_new (NULL);
  for (int i = 0; i < n; i++)
    {
      char *seg = segs[i];

      if (i > 0)
        g_string_append_c (out, '/');
      if (seg[0] != '{' || strchr (seg, '}') == NULL)
        {
          g_string_append (out, seg);
          continue;
        }
      {
        g_autofree char *name = g_strndup (seg + 1, strchr (seg, '}') - seg - 1);
        g_autofree char *key = config_key (name);

        if (parent != NULL && i == last_param)
          {
            partition_field = g_strdup (key);
            g_string_append_printf (out, "{{ stream_partition['%s'] }}", key);
          }
        else if (parent != NULL && pb_manifest_stream_get_parent (parent->stream)->partition_field != NULL &&
                 g_strcmp0 (pb_manifest_stream_get_parent (parent->stream)->partition_field, key) == 0)
          {
            g_string_append_printf (out, "{{ stream_partition['parent_slice']['%s'] }}", key);
          }
        else
          {
            PbManifestField *field = pb_manifest_find_field (a->manifest, key);

            if (field == NULL)
              {
                field = pb_manifest_add_field (a->manifest, key, "string");
                field->title = g_strdup (name);
                field->required = TRUE;
                field->description = g_strdup_printf ("The “%s” of the path %s.", name, c->path);
              }
            g_string_append_printf (out, "{{ config['%s'] }}", key);
          }
      }
    }
  pb_manifest_stream_set_path (c->stream, out->str);
  g_string_free (out, TRUE);

  if (parent != NULL)
    {
      PbManifestParent *p = pb_manifest_stream_get_parent (c->stream);
      g_autofree char *pname = g_strndup (segs[last_param] + 1, strlen (segs[last_param]) - 2);

      p->parent_stream = g_strdup (pb_manifest_stream_get_name (parent->stream));
      p->parent_key = parent_key_for (a, parent, pname);
      p->partition_field = g_steal_pointer (&partition_field);
      pb_analysis_take_stream_evidence (c->stream, "parent",
                                        pb_analysis_evidence (a, parent->pointer, 0.75,
                                                              "The path parameter is the id of a record the parent list endpoint returns."));
    }
  return TRUE;
}

static void
add_start_date_field (PbAnalysis *a)
{
  PbManifestField *field;

  for (guint i = 0; i < pb_manifest_get_n_streams (a->manifest); i++)
    if (pb_manifest_stream_get_incremental (pb_manifest_get_stream (a->manifest, i))->cursor_field != NULL)
      {
        field = pb_manifest_add_field (a->manifest, "start_date", "string");
        field->format = g_strdup ("date-time");
        field->title = g_strdup ("Start date");
        field->description = g_strdup ("Records changed before this date and time (UTC, YYYY-MM-DDTHH:MM:SSZ) are not read.");
        field->default_value = g_strdup ("2020-01-01T00:00:00Z");
        field->required = TRUE;
        return;
      }
}

static int
compare_depth (gconstpointer pa,
               gconstpointer pb)
{
  const Candidate *ca = *(Candidate **) pa;
  const Candidate *cb = *(Candidate **) pb;
  int da = 0, db = 0;

  for (const char *p = ca->path; *p; p++)
    da += *p == '{';
  for (const char *p = cb->path; *p; p++)
    db += *p == '{';
  return da - db;
}

static char *
api_name (PbAnalysis *a)
{
  const char *title = pb_analysis_get_string (a, pb_analysis_get (a, pb_spec_document_get_root (a->doc), "info"), "title");

  return g_strdup (title != NULL ? title : "Generated connector");
}

PbManifest *
pb_analyzer_run (PbAnalyzer  *self,
                 GError     **error)
{
  PbAnalysis analysis = { 0 };
  PbAnalysis *a = &analysis;
  g_autoptr (PbManifest) manifest = pb_manifest_new ();
  g_autoptr (GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  g_autofree char *name = NULL;
  const cJSON *paths, *item;

  g_return_val_if_fail (PB_IS_ANALYZER (self), NULL);

  a->doc = self->document;
  a->uri = pb_spec_document_get_uri (self->document);
  a->manifest = manifest;

  name = api_name (a);
  pb_manifest_set_name (manifest, name);
  pb_analyzer_detect_url_base (a);
  pb_analyzer_detect_auth (a);

  paths = pb_analysis_get (a, pb_spec_document_get_root (a->doc), "paths");
  cJSON_ArrayForEach (item, paths)
    {
      Candidate *c;

      if (item->string == NULL || item->string[0] != '/')
        continue;
      c = read_operation (a, item->string, pb_spec_document_resolve (a->doc, item, NULL), "GET");
      if (c == NULL && (g_str_has_suffix (item->string, "/search") || g_str_has_suffix (item->string, "/search/")))
        {
          c = read_operation (a, item->string, pb_spec_document_resolve (a->doc, item, NULL), "POST");
          if (c != NULL && !c->collection)
            g_clear_pointer (&c, candidate_free);
        }
      if (c != NULL)
        g_ptr_array_add (candidates, c);
    }

  /* Parents before children so a child can find its parent's stream. */
  g_ptr_array_sort (candidates, compare_depth);
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];
      g_autofree char *base_name = NULL;
      g_autofree char *stream_name = NULL;
      g_autofree char *resource = NULL;
      gboolean has_params = strchr (c->path, '{') != NULL;

      /* Single objects are streams only when they need no id (an account, a profile). */
      if (!c->collection && (has_params || c->body_schema == NULL))
        continue;
      base_name = stream_name_for_path (c->path);
      stream_name = unique_name (manifest, base_name);
      c->stream = pb_manifest_stream_new (stream_name, c->path);
      pb_manifest_stream_set_http_method (c->stream, c->method);
      if (!resolve_path_params (a, candidates, c))
        {
          g_clear_object (&c->stream);
          continue;
        }
      pb_analysis_take_stream_evidence (c->stream, "path",
                                        pb_analysis_evidence (a, c->pointer, c->collection ? 0.8 : 0.4,
                                                              c->collection ? "A GET operation that returns a list."
                                                                            : "A GET operation without parameters that returns one object."));
      pb_manifest_stream_set_record_path (c->stream, (const char * const *) c->record_path);
      pb_analysis_take_stream_evidence (c->stream, "record_path",
                                        pb_analysis_evidence (a, c->pointer, 0.8,
                                                              c->record_path[0] == NULL ? "The response body is the list of records."
                                                                                        : "The array property of the response that holds the records."));
      resource = last_resource_segment (c->path);
      detect_primary_key (a, c, resource);
      if (c->collection)
        pb_analyzer_detect_pagination (a, c->stream, c->params, c->body_schema, c->record_path[0] == NULL,
                                       c->response, c->pointer);
      detect_incremental (a, c);
      /* Required parameters with a default are sent with it. */
      for (guint p = 0; p < c->params->len; p++)
        {
          const cJSON *param = c->params->pdata[p];
          const cJSON *schema = pb_analysis_get (a, param, "schema");
          const cJSON *def = pb_analysis_get (a, schema != NULL ? schema : param, "default");
          const char *in = pb_analysis_get_string (a, param, "in");
          g_autofree char *value = NULL;

          if (!cJSON_IsTrue (pb_analysis_get (a, param, "required")) || g_strcmp0 (in, "path") == 0)
            continue;
          /* Credentials are the authenticator's job, never a request header of their own. */
          if (g_strcmp0 (in, "header") == 0 &&
              (g_ascii_strcasecmp (pb_analysis_get_string (a, param, "name"), "Authorization") == 0 ||
               g_strcmp0 (pb_analysis_get_string (a, param, "name"), pb_manifest_get_auth (a->manifest)->field_name) == 0))
            continue;
          if (def == NULL && g_strcmp0 (in, "header") == 0)
            {
              /* A required header without a default (a tenant or account id): the user gives it. */
              g_autofree char *key = config_key (pb_analysis_get_string (a, param, "name"));
              PbManifestField *field = pb_manifest_find_field (a->manifest, key);

              if (field == NULL)
                {
                  field = pb_manifest_add_field (a->manifest, key, "string");
                  field->title = g_strdup (pb_analysis_get_string (a, param, "name"));
                  field->description = g_strdup (pb_analysis_get_string (a, param, "description"));
                  field->required = TRUE;
                }
              value = g_strdup_printf ("{{ config['%s'] }}", key);
            }
          else if (def == NULL)
            continue;
          else
            value = cJSON_IsString (def) ? g_strdup (def->valuestring) : cJSON_PrintUnformatted (def);
          if (g_strcmp0 (in, "header") == 0)
            pb_manifest_stream_set_request_header (c->stream, pb_analysis_get_string (a, param, "name"), value);
          else if (g_strcmp0 (in, "query") == 0)
            pb_manifest_stream_set_request_parameter (c->stream, pb_analysis_get_string (a, param, "name"), value);
        }
      pb_manifest_stream_take_schema (c->stream, record_schema (a, c->item_schema));
      pb_manifest_add_stream (manifest, c->stream);
    }

  if (pb_manifest_get_n_streams (manifest) == 0)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND,
                   "No readable list endpoint found in %s: it has no GET operation that returns records "
                   "without parameters only the API's user could know.",
                   a->uri != NULL ? a->uri : "the document");
      return NULL;
    }
  add_start_date_field (a);
  return g_steal_pointer (&manifest);
}
