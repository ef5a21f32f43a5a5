/* pb-analyzer-operations.c: which operations can be streams — parameters, success response,
 * where the records are in it (top-level array, data/results/items…, nested, HAL _embedded)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer-private.h"

void
pb_analysis_candidate_free (Candidate *c)
{
  g_free (c->path);
  g_free (c->pointer);
  g_ptr_array_unref (c->params);
  g_clear_pointer (&c->body_params, cJSON_Delete);
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
  /* The items of an array, through allOf: [ one schema ] (a few levels: refs may loop). */
  for (guint depth = 0; depth < 8 && schema != NULL; depth++)
    {
      const cJSON *items, *all;

      schema = pb_spec_document_resolve (a->doc, schema, NULL);
      items = pb_analysis_get (a, schema, "items");
      if (items != NULL)
        return items;
      all = pb_analysis_get (a, schema, "allOf");
      if (cJSON_GetArraySize (all) != 1)
        return NULL;
      schema = cJSON_GetArrayItem (all, 0);
    }
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
  static const char *const preferred[]
    = { "data",    "results",    "items", "records", "entries", "elements",
        "values",  "objects",    "list",  "rows",    "result",  "_results",
        "content", "collection", "hits",  "nodes",   "edges",   NULL };
  static const char *const not_records[]
    = { "errors", "warnings", "messages_errors", "links", "_links", "included", NULL };
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  g_autofree char *resource_norm = pb_analysis_normalise (resource);
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
      g_autofree char *norm = pb_analysis_normalise (prop->string);
      int score = 0;

      if (g_strv_contains (not_records, lower))
        continue;
      if (!pb_analysis_schema_is_array (a, prop))
        continue;
      n_arrays++;
      if (g_strv_contains (preferred, lower))
        score = 3;
      else if (resource_norm[0] != '\0'
               && (g_str_equal (norm, resource_norm) || g_str_has_prefix (resource_norm, norm)
                   || g_str_has_prefix (norm, resource_norm)))
        score = 4;
      else
        {
          const cJSON *items = items_of (a, prop);

          score = g_strcmp0 (pb_analysis_schema_type (a, items), "object") == 0
                      || pb_analysis_get (a, items, "properties") != NULL
                      || pb_analysis_get (a, items, "allOf") != NULL
                    ? 2
                    : 1;
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

      /* HAL's "_embedded" holds the lists. */
      if (!g_strv_contains (preferred, lower) && !g_str_equal (lower, "response") &&
          !g_str_equal (lower, "_embedded") && !g_str_equal (lower, "embedded"))
        continue;
      g_ptr_array_add (path, g_strdup (prop->string));
      if (find_records (a, prop, resource, path, out_items, depth + 1))
        return TRUE;
      g_ptr_array_remove_index (path, path->len - 1);
    }
  return FALSE;
}

char *
pb_analysis_last_resource_segment (const char *path)
{
  g_auto (GStrv) segs = g_strsplit (path, "/", -1);

  for (int i = (int) g_strv_length (segs) - 1; i >= 0; i--)
    {
      char *dot;

      if (segs[i][0] == '\0' || segs[i][0] == '{' || pb_analysis_is_version_segment (segs[i])
          || g_str_equal (segs[i], "list") || g_str_equal (segs[i], "search")
          || g_str_equal (segs[i], "all"))
        continue;
      if ((dot = strrchr (segs[i], '.')) != NULL)
        *dot = '\0';
      return g_strdup (segs[i]);
    }
  return g_strdup ("");
}

/* "app_id", "accountId", "team_id": an identifier the user knows, set once in the config. */
gboolean
pb_analysis_is_identifier_name (const char *name)
{
  gsize len = name != NULL ? strlen (name) : 0;

  return len > 2
         && (g_str_has_suffix (name, "_id") || g_str_has_suffix (name, "Id")
             || g_str_has_suffix (name, "ID") || g_str_has_suffix (name, "-id"));
}

static gboolean
name_has_any (const char         *lower,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

char *
pb_analysis_required_value (PbAnalysis   *a,
                            const cJSON  *param,
                            const char  **out_config_name,
                            gboolean     *out_uses_start_date)
{
  static const char *const start_words[]
    = { "start", "from", "since", "after", "begin", "min", NULL };
  static const char *const end_words[] = { "end", "until", "before", "max", "to", NULL };
  static const char *const date_words[]
    = { "date", "time", "since", "until", "from", "period", NULL };
  const char *name = pb_analysis_get_string (a, param, "name");
  const char *in = pb_analysis_get_string (a, param, "in");
  const cJSON *schema = pb_analysis_get (a, param, "schema");
  const cJSON *def, *values;
  const char *format;
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  *out_config_name = NULL;
  *out_uses_start_date = FALSE;
  if (name == NULL)
    return NULL;
  if (schema == NULL)
    schema = param;   /* Swagger 2 */
  def = pb_analysis_get (a, schema, "default");
  if (def != NULL && !cJSON_IsNull (def))
    return cJSON_IsString (def) ? g_strdup (def->valuestring) : cJSON_PrintUnformatted (def);
  /* A required choice: the first allowed value, for the user to review. */
  values = pb_analysis_get (a, schema, "enum");
  if (values == NULL)
    values = pb_analysis_get (a, pb_analysis_get (a, schema, "items"), "enum");
  if (cJSON_GetArraySize (values) > 0)
    {
      const cJSON *first = cJSON_GetArrayItem (values, 0);

      return cJSON_IsString (first) ? g_strdup (first->valuestring)
                                    : cJSON_PrintUnformatted (first);
    }
  /* A required page size: the largest the spec allows (the paginator sends it too). */
  {
    static const char *const sizes[]
      = { "limit",       "page_size",  "pagesize", "per_page",   "perpage",     "count",
          "max_results", "maxresults", "size",     "page[size]", "page[limit]", NULL };

    if (g_strv_contains (sizes, lower))
      {
        const cJSON *max = pb_analysis_get (a, schema, "maximum");

        return g_strdup_printf ("%d", cJSON_IsNumber (max) && max->valuedouble >= 1
                                          && max->valuedouble <= 1000
                                        ? (int)max->valuedouble
                                        : 100);
      }
  }
  /* A tenant, account or app id, or a header such as an API version: the user's own value. */
  if (g_strcmp0 (in, "header") == 0 || pb_analysis_is_identifier_name (name))
    {
      *out_config_name = name;
      return NULL;
    }
  /* A required time window: from the configured start date to now. */
  format = pb_analysis_get_string (a, schema, "format");
  if (g_strcmp0 (format, "date") == 0 || g_strcmp0 (format, "date-time") == 0
      || name_has_any (lower, date_words))
    {
      const char *strf
        = g_strcmp0 (format, "date") == 0 || (format == NULL && strstr (lower, "date") != NULL)
            ? "%Y-%m-%d"
            : "%Y-%m-%dT%H:%M:%SZ";

      if (name_has_any (lower, start_words))
        {
          *out_uses_start_date = TRUE;
          return g_strdup_printf ("{{ format_datetime(config['start_date'], '%s') }}", strf);
        }
      if (name_has_any (lower, end_words))
        return g_strdup_printf ("{{ now_utc().strftime('%s') }}", strf);
    }
  return NULL;
}

static gboolean
param_is_blocking (PbAnalysis  *a,
                   const cJSON *param)
{
  const char *in = pb_analysis_get_string (a, param, "in");
  const cJSON *required = pb_analysis_get (a, param, "required");
  const char *config_name = NULL;
  gboolean uses_start_date = FALSE;
  g_autofree char *value = NULL;

  if (g_strcmp0 (in, "path") == 0 || !cJSON_IsTrue (required))
    return FALSE;
  if (g_strcmp0 (in, "query") != 0 && g_strcmp0 (in, "header") != 0)
    return TRUE;
  value = pb_analysis_required_value (a, param, &config_name, &uses_start_date);
  return value == NULL && config_name == NULL;
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

      if (g_strcmp0 (pb_analysis_get_string (a, param, "in"), "body") == 0
          && cJSON_GetArraySize (
               pb_analysis_get (a, pb_analysis_get (a, param, "schema"), "required"))
               > 0)
        return FALSE;
    }
  return TRUE;
}

/* The JSON body a POST operation takes (resolved), OpenAPI 3 or Swagger 2. */
static const cJSON *
request_body_schema (PbAnalysis  *a,
                     const cJSON *op)
{
  const cJSON *content = pb_analysis_get (a, pb_analysis_get (a, op, "requestBody"), "content");
  const cJSON *media;
  const cJSON *p;

  cJSON_ArrayForEach (media, content)
    if (strstr (media->string, "json") != NULL)
      return pb_analysis_get (a, media, "schema");
  cJSON_ArrayForEach (p, pb_analysis_get (a, op, "parameters"))
    {
      const cJSON *param = pb_spec_document_resolve (a->doc, p, NULL);

      if (g_strcmp0 (pb_analysis_get_string (a, param, "in"), "body") == 0)
        return pb_analysis_get (a, param, "schema");
    }
  return NULL;
}

/* The body's fields as parameters {"name", "in": "body", "schema"} (one level, and one object
 * down as "pagination.per_page"), so the pagination rules read them like query parameters. */
static cJSON *
body_params (PbAnalysis  *a,
             const cJSON *schema)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  cJSON *out = cJSON_CreateArray ();

  pb_analysis_collect_properties (a, schema, props);
  for (guint i = 0; i < props->len && i < 64; i++)
    {
      const cJSON *prop = props->pdata[i];
      const cJSON *resolved = pb_spec_document_resolve (a->doc, prop, NULL);
      g_autoptr (GPtrArray) inner = g_ptr_array_new ();
      cJSON *param = cJSON_CreateObject ();

      cJSON_AddStringToObject (param, "name", prop->string);
      cJSON_AddStringToObject (param, "in", "body");
      cJSON_AddItemReferenceToObject (param, "schema", (cJSON *) resolved);
      cJSON_AddItemToArray (out, param);
      if (g_strcmp0 (pb_analysis_schema_type (a, resolved), "object") != 0)
        continue;
      pb_analysis_collect_properties (a, resolved, inner);
      for (guint j = 0; j < inner->len && j < 32; j++)
        {
          const cJSON *sub = inner->pdata[j];
          g_autofree char *dotted = g_strdup_printf ("%s.%s", prop->string, sub->string);

          param = cJSON_CreateObject ();
          cJSON_AddStringToObject (param, "name", dotted);
          /* The last part is what the pagination rules match names against. */
          cJSON_AddStringToObject (param, "x-pb-leaf", sub->string);
          cJSON_AddStringToObject (param, "in", "body");
          cJSON_AddItemReferenceToObject (
            param, "schema", (cJSON *) pb_spec_document_resolve (a->doc, sub, NULL));
          cJSON_AddItemToArray (out, param);
        }
    }
  return out;
}

static gboolean
word_in (const char         *text,
         const char * const *words)
{
  g_autofree char *lower = NULL;
  GString *first = g_string_new (NULL);
  gboolean found;

  if (text == NULL)
    {
      g_string_free (first, TRUE);
      return FALSE;
    }
  lower = g_ascii_strdown (text, -1);
  /* The first word of "listContacts", "list_contacts", "Search contacts". */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalpha (*p) || (p > text && g_ascii_isupper (*p) && g_ascii_islower (p[-1])))
        break;
      g_string_append_c (first, g_ascii_tolower (*p));
    }
  found = g_strv_contains (words, first->str);
  g_string_free (first, TRUE);
  return found;
}

gboolean
pb_analysis_post_reads_records (PbAnalysis  *a,
                                const char  *path,
                                const cJSON *path_item)
{
  static const char *const read_words[]
    = { "list",  "search", "query",  "get",    "find",  "fetch", "retrieve",
        "read",  "filter", "lookup", "browse", "export", "report", NULL };
  static const char *const write_words[]
    = { "create", "add",  "update",  "delete", "remove", "send",  "set",   "post",
        "cancel", "void", "upload",  "import", "batch",  "bulk",  "upsert", "merge",
        "reset",  "move", "replace", "assign", "attach", "invite", "publish", NULL };
  const cJSON *op = pb_analysis_get (a, path_item, "post");
  const cJSON *responses = pb_analysis_get (a, op, "responses");
  const char *op_id = pb_analysis_get_string (a, op, "operationId");
  const char *summary = pb_analysis_get_string (a, op, "summary");
  g_autofree char *last = NULL;
  const char *slash;

  if (op == NULL)
    return FALSE;
  if (!pb_analysis_rule_enabled (a, "post-lists"))
    return g_str_has_suffix (path, "/search") || g_str_has_suffix (path, "/search/");
  /* A POST that creates answers 201/202, not 200. */
  if (pb_analysis_get (a, responses, "200") == NULL && pb_analysis_get (a, responses, "2XX") == NULL
      && pb_analysis_get (a, responses, "2xx") == NULL)
    return FALSE;
  if (word_in (op_id, write_words) || word_in (summary, write_words))
    return FALSE;
  slash = strrchr (path, '/');
  last = g_ascii_strdown (slash != NULL ? slash + 1 : path, -1);
  g_strdelimit (last, "_-", ' ');
  g_strstrip (last);
  return word_in (op_id, read_words) || word_in (summary, read_words)
         || g_strv_contains (read_words, last) || g_str_has_suffix (last, " search")
         || g_str_has_suffix (last, " query") || g_str_has_suffix (last, " list");
}

Candidate *
pb_analysis_read_operation (PbAnalysis  *a,
                            const char  *path,
                            const cJSON *path_item,
                            const char  *method)
{
  const cJSON *op = pb_analysis_get (a, path_item, g_str_equal (method, "POST") ? "post" : "get");
  g_autoptr (GPtrArray) record_path = NULL;
  g_autofree char *resource = NULL;
  Candidate *c;
  const cJSON *items = NULL;

  /* Deprecated operations still answer; the stream's evidence says so and the user decides. */
  if (op == NULL)
    return NULL;
  if (g_str_equal (method, "POST") && !body_is_optional (a, op))
    return NULL;
  c = g_new0 (Candidate, 1);
  c->method = method;
  c->path = g_strdup (path);
  c->pointer
    = pb_analysis_pointer ("paths", path, g_str_equal (method, "POST") ? "post" : "get", NULL);
  c->op = op;
  c->params = g_ptr_array_new ();
  add_params (a, c->params, pb_analysis_get (a, path_item, "parameters"));
  add_params (a, c->params, pb_analysis_get (a, op, "parameters"));
  if (g_str_equal (method, "POST"))
    {
      const cJSON *param;

      c->body_params = body_params (a, request_body_schema (a, op));
      cJSON_ArrayForEach (param, c->body_params)
        g_ptr_array_add (c->params, (gpointer) param);
    }
  for (guint i = 0; i < c->params->len; i++)
    if (param_is_blocking (a, c->params->pdata[i]))
      {
        pb_analysis_candidate_free (c);
        return NULL;
      }
  c->response = success_response (a, op);
  c->body_schema = body_schema (a, c->response);
  resource = pb_analysis_last_resource_segment (path);
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
