/* pb-docs-streams.c: streams from the GET requests documentation pages show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-docs-extractor-private.h"

typedef struct {
  Sample           *sample;
  char             *template;   /* "/users/{user_id}/orders" */
  GStrv             segs;       /* of TEMPLATE */
  PbManifestStream *stream;
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_free (c->template);
  g_strfreev (c->segs);
  g_clear_object (&c->stream);
  g_free (c);
}

static char *
singular (const char *word)
{
  gsize n = strlen (word);

  if (n > 3 && g_str_has_suffix (word, "ies"))
    return g_strdup_printf ("%.*sy", (int) (n - 3), word);
  if (n > 1 && word[n - 1] == 's' && word[n - 2] != 's')
    return g_strndup (word, n - 1);
  return g_strdup (word);
}

static char *
stream_name_for (const char *seg)
{
  char *name = g_ascii_strdown (seg, -1);

  g_strdelimit (name, "-. ", '_');
  return name;
}

/* "/v1/users/123/orders?limit=10" below PREFIX → "/users/{user_id}/orders" */
static Candidate *
candidate_new (Sample     *s,
               const char *origin,
               const char *prefix)
{
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  g_auto (GStrv) raw = NULL;
  g_autoptr (GString) tpl = g_string_new (NULL);
  GPtrArray *segs;
  Candidate *c;
  const char *rel;

  if (!pb_docs_split_url (s->url, &o, &path, &query) || strcmp (o, origin) != 0)
    return NULL;
  if (!g_str_has_prefix (path, prefix))
    return NULL;
  rel = path + strlen (prefix);
  if (*rel != '/' && *rel != '\0')
    return NULL;
  raw = g_strsplit (*rel == '/' ? rel + 1 : rel, "/", -1);
  segs = g_ptr_array_new ();
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *seg;

      if (*raw[i] == '\0')
        continue;
      if (pb_docs_is_param_segment (raw[i]))
        {
          g_autofree char *name = pb_docs_param_name (raw[i]);

          /* A literal id ("123") is named after the collection before it. */
          if (!(raw[i][0] == '{' || raw[i][0] == ':' || raw[i][0] == '<' || raw[i][0] == '[')
              || strcmp (name, "id") == 0)
            {
              g_autofree char *one = segs->len > 0
                                       ? singular (g_ptr_array_index (segs, segs->len - 1))
                                       : g_strdup ("parent");
              g_free (name);
              name = g_strdup_printf ("%s_id", one);
              g_strdelimit (name, "-. {}", '_');
            }
          seg = g_strdup_printf ("{%s}", name);
        }
      else
        seg = g_strdup (raw[i]);
      g_ptr_array_add (segs, seg);
      g_string_append_printf (tpl, "/%s", seg);
    }
  if (segs->len == 0)
    {
      g_ptr_array_free (segs, TRUE);
      return NULL;
    }
  g_ptr_array_add (segs, NULL);
  c = g_new0 (Candidate, 1);
  c->sample = s;
  c->segs = (GStrv) g_ptr_array_free (segs, FALSE);
  c->template = g_string_free (g_steal_pointer (&tpl), FALSE);
  return c;
}

static gboolean
seg_is_param (const char *seg)
{
  return seg[0] == '{';
}

/* --- records --------------------------------------------------------------------------- */

static gboolean
is_record_array (const cJSON *node)
{
  const cJSON *first;

  if (!cJSON_IsArray (node))
    return FALSE;
  first = cJSON_GetArrayItem (node, 0);
  return first == NULL || cJSON_IsObject (first);
}

/* The records array of a response sample: [] for a top-level array, ["data"], ["data","items"]… */
static GPtrArray *
record_path (const cJSON *response,
             const char  *stream_name,
             const cJSON **out_array)
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

static cJSON *
schema_of (const cJSON *value,
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

      cJSON_ArrayForEach (
        child, value) if (child->string != NULL
                          && cJSON_GetObjectItemCaseSensitive (props, child->string) == NULL)
        cJSON_AddItemToObject (props, child->string, schema_of (child, depth + 1));
    }
  return schema;
}

/* --- pagination ------------------------------------------------------------------------ */

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_ascii_strcasecmp (names->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

static const char *
first_name (GPtrArray   *names,
            const char **candidates)
{
  for (guint i = 0; candidates[i] != NULL; i++)
    if (has_name (names, candidates[i]))
      return candidates[i];
  return NULL;
}

/* A dotted path to the first key of CANDIDATES in RESPONSE (top level or one object down). */
static char *
response_field (const cJSON  *response,
                const char  **candidates,
                gboolean      want_url)
{
  const cJSON *child;

  if (!cJSON_IsObject (response))
    return NULL;
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive (response, candidates[i]);
      if (v != NULL
          && (!want_url
              || (cJSON_IsString (v)
                  && (strstr (v->valuestring, "://") || v->valuestring[0] == '/'))
              || (want_url && cJSON_IsNull (v))))
        return g_strdup (candidates[i]);
    }
  cJSON_ArrayForEach (child, response)
    {
      if (!cJSON_IsObject (child) || child->string == NULL)
        continue;
      for (guint i = 0; candidates[i] != NULL; i++)
        {
          const cJSON *v = cJSON_GetObjectItemCaseSensitive (child, candidates[i]);
          if (cJSON_IsObject (v) && want_url)
            v = cJSON_GetObjectItemCaseSensitive (v, "href");
          if (v != NULL
              && (!want_url
                  || (cJSON_IsString (v)
                      && (strstr (v->valuestring, "://") || v->valuestring[0] == '/'))))
            {
              const cJSON *direct = cJSON_GetObjectItemCaseSensitive (child, candidates[i]);
              return cJSON_IsObject (direct)
                       ? g_strdup_printf ("%s.%s.href", child->string, candidates[i])
                       : g_strdup_printf ("%s.%s", child->string, candidates[i]);
            }
        }
    }
  return NULL;
}

static int
sample_page_size (const char *url,
                  const char *param)
{
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  g_auto (GStrv) pairs = NULL;

  if (param == NULL || !pb_docs_split_url (url, &o, &path, &query) || query == NULL)
    return 0;
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      gsize n = strlen (param);
      if (g_ascii_strncasecmp (pairs[i], param, n) == 0 && pairs[i][n] == '=')
        return atoi (pairs[i] + n + 1);
    }
  return 0;
}

static void
detect_pagination (PbManifestStream *stream,
                   Sample           *s,
                   GPtrArray        *pages)
{
  static const char *cursor_params[] = { "cursor",      "starting_after",   "after",
                                         "page_token",  "pagetoken",        "next_token",
                                         "nexttoken",   "continuation",     "continuation_token",
                                         "next_cursor", "pagination_token", "since_id",
                                         NULL };
  static const char *offset_params[] = { "offset", "skip", "start", NULL };
  static const char *page_params[] = { "page", "page_number", "pagenumber", "page_no", NULL };
  static const char *size_params[]
    = { "limit",       "per_page",   "page_size", "pagesize", "count", "size",
        "max_results", "maxresults", "perpage",   "take",     "first", NULL };
  static const char *token_fields[]
    = { "next_cursor", "nextCursor",   "next_page_token", "nextPageToken", "cursor", "next_token",
        "nextToken",   "continuation", "end_cursor",      "endCursor",     NULL };
  static const char *url_fields[]
    = { "next",      "next_page", "nextPage",        "next_url", "nextUrl",
        "next_link", "nextLink",  "@odata.nextLink", NULL };
  static const char *more_fields[] = { "has_more",      "hasMore",     "has_next", "hasNext",
                                       "has_next_page", "hasNextPage", "more",     NULL };
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (stream);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  g_autofree char *token = NULL, *next_url = NULL, *more = NULL;
  const char *cursor, *offset, *page, *size, *reason = NULL, *evidence_page = s->page;
  const char *evidence_snippet = s->snippet;
  gboolean link_header = FALSE;

  if (pb_docs_split_url (s->url, &o, &path, &query) && query != NULL)
    {
      g_auto (GStrv) pairs = g_strsplit (query, "&", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        g_ptr_array_add (names, g_strndup (pairs[i], strcspn (pairs[i], "=")));
    }
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page_i = pages->pdata[i];

      if (strcmp (page_i->uri, s->page) != 0)
        continue;
      if (page_i->section == s->section)
        for (guint k = 0; k < page_i->names->len; k++)
          g_ptr_array_add (names, g_strdup (page_i->names->pdata[k]));
      /* The whole page's text is on its first section. */
      if (page_i->section == 0)
        link_header = (strstr (page_i->text, "Link header") != NULL
                       || strstr (page_i->text, "rel=\"next\"") != NULL);
    }

  cursor = first_name (names, cursor_params);
  offset = first_name (names, offset_params);
  page = first_name (names, page_params);
  size = first_name (names, size_params);
  if (s->response != NULL && !cJSON_IsArray (s->response))
    {
      token = response_field (s->response, token_fields, FALSE);
      next_url = response_field (s->response, url_fields, TRUE);
      more = response_field (s->response, more_fields, FALSE);
      if (token == NULL && cursor != NULL)
        {
          const char *same[] = { cursor, NULL };
          token = response_field (s->response, same, FALSE);
        }
    }

  pb_manifest_stream_clear_paginator (stream);
  if (cursor != NULL && token != NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup_printf ("{{ response.%s }}", token);
      p->stop_condition = more != NULL ? g_strdup_printf ("{{ not response.%s }}", more)
                                       : g_strdup_printf ("{{ not response.%s }}", token);
      p->token_field = g_strdup (cursor);
      reason = "The docs name a cursor parameter and the example response carries the next cursor.";
    }
  else if (cursor != NULL && more != NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ last_record['id'] }}");
      p->stop_condition = g_strdup_printf ("{{ not response.%s }}", more);
      p->token_field = g_strdup (cursor);
      reason
        = "The docs name a cursor parameter and the example response says whether there is more.";
    }
  else if (next_url != NULL && offset == NULL && page == NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup_printf ("{{ response.%s }}", next_url);
      p->stop_condition = g_strdup_printf ("{{ not response.%s }}", next_url);
      p->token_inject_into = PB_INJECT_PATH;
      reason = "The example response carries the next page's URL.";
    }
  else if (offset != NULL && (size != NULL || g_strcmp0 (offset, "offset") == 0))
    {
      p->kind = PB_PAGINATION_OFFSET;
      p->token_field = g_strdup (offset);
      reason = "The docs name offset and page-size parameters.";
    }
  else if (page != NULL)
    {
      p->kind = PB_PAGINATION_PAGE;
      p->token_field = g_strdup (page);
      p->start_from_page = 1;
      reason = "The docs name a page-number parameter.";
    }
  else if (link_header)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ headers['link']['next']['url'] }}");
      p->stop_condition = g_strdup ("{{ 'next' not in headers['link'] }}");
      p->token_inject_into = PB_INJECT_PATH;
      reason = "The docs say the next page's URL is in the Link header.";
    }
  else if (cursor != NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ last_record['id'] }}");
      p->stop_condition = g_strdup ("{{ not last_record }}");
      p->token_field = g_strdup (cursor);
      reason = "The docs name a cursor parameter.";
    }
  if (p->kind == PB_PAGINATION_NONE)
    return;

  if (p->token_field != NULL)
    p->token_inject_into = PB_INJECT_REQUEST_PARAMETER;
  if (size != NULL && p->kind != PB_PAGINATION_NONE)
    {
      int n = sample_page_size (s->url, size);

      p->page_size = n > 0 && n <= 10000 ? n : 100;
      p->page_size_inject_into = PB_INJECT_REQUEST_PARAMETER;
      p->page_size_field = g_strdup (size);
    }
  else if (p->kind == PB_PAGINATION_OFFSET)
    p->page_size = 100;

  if (s->response_snippet != NULL && (token != NULL || more != NULL || next_url != NULL))
    evidence_snippet = s->response_snippet;
  pb_manifest_stream_set_evidence (
    stream, "paginator",
    pb_evidence_new (evidence_page, NULL, evidence_snippet, CONF_TABLE, reason));
}

/* --- incremental sync ------------------------------------------------------------------ */

/* strftime-style format of a date-time VALUE in a sample record, or NULL. */
static const char *
datetime_format_of (const cJSON *value,
                    const char  *name)
{
  static GRegex *iso;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      iso = g_regex_new (
        "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})$",
        G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (cJSON_IsString (value))
    {
      g_autoptr (GMatchInfo) info = NULL;
      g_autofree char *fraction = NULL;
      g_autofree char *zone = NULL;

      if (!g_regex_match (iso, value->valuestring, 0, &info))
        return NULL;
      fraction = g_match_info_fetch (info, 1);
      zone = g_match_info_fetch (info, 2);
      if (g_strcmp0 (zone, "Z") == 0)
        return fraction != NULL && *fraction ? "%Y-%m-%dT%H:%M:%S.%fZ" : "%Y-%m-%dT%H:%M:%SZ";
      return fraction != NULL && *fraction ? "%Y-%m-%dT%H:%M:%S.%f%z" : "%Y-%m-%dT%H:%M:%S%z";
    }
  /* Unix seconds, in a field whose name says it is a time. */
  if (cJSON_IsNumber (value) && value->valuedouble > 1e9 && value->valuedouble < 1e10
      && (strstr (name, "updated") != NULL || strstr (name, "modified") != NULL
          || strstr (name, "created") != NULL || strstr (name, "time") != NULL
          || strstr (name, "date") != NULL))
    return "%s";
  return NULL;
}

static void
detect_incremental (PbManifest       *manifest,
                    PbManifestStream *stream,
                    Sample           *s,
                    const cJSON      *record,
                    GPtrArray        *pages)
{
  static const char *filters[] = { "updated_since",
                                   "updated_after",
                                   "modified_since",
                                   "modified_after",
                                   "changed_since",
                                   "updated_at_min",
                                   "updated_at[gte]",
                                   "updated_at.gte",
                                   "since",
                                   "start_time",
                                   "starttime",
                                   "start_date",
                                   "created_after",
                                   "created_since",
                                   "from",
                                   "date_from",
                                   "created[gte]",
                                   "created.gte",
                                   NULL };
  static const char *cursor_fields[] = { "updated_at",   "updatedAt",
                                         "modified_at",  "modifiedAt",
                                         "updated",      "last_modified",
                                         "lastModified", "date_modified",
                                         "updated_time", "created_at",
                                         "createdAt",    "created",
                                         "timestamp",    NULL };
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  PbManifestIncremental *inc;
  PbManifestField *field;
  const char *filter = NULL, *cursor = NULL, *format = NULL;

  if (!cJSON_IsObject (record))
    return;
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = pages->pdata[i];
      /* Page-wide: record fields are often described in a schema section of their own. */
      if (strcmp (page->uri, s->page) == 0)
        for (guint k = 0; k < page->names->len; k++)
          g_ptr_array_add (names, page->names->pdata[k]);
    }
  if (pb_docs_split_url (s->url, &o, &path, &query) && query != NULL)
    {
      for (guint i = 0; filters[i] != NULL && filter == NULL; i++)
        if (strstr (query, filters[i]) != NULL)
          filter = filters[i];
    }
  for (guint i = 0; filters[i] != NULL && filter == NULL; i++)
    if (has_name (names, filters[i]))
      filter = filters[i];
  if (filter == NULL)
    return;   /* without a filter every sync would read everything: not worth a cursor */
  for (guint i = 0; cursor_fields[i] != NULL && format == NULL; i++)
    {
      format = datetime_format_of (cJSON_GetObjectItemCaseSensitive (record, cursor_fields[i]),
                                   cursor_fields[i]);
      if (format != NULL)
        cursor = cursor_fields[i];
    }
  if (cursor == NULL)
    return;

  inc = pb_manifest_stream_get_incremental (stream);
  inc->cursor_field = g_strdup (cursor);
  inc->datetime_format = g_strdup (format);
  inc->start_datetime = g_strdup ("{{ config['start_date'] }}");
  inc->start_time_inject_into = PB_INJECT_REQUEST_PARAMETER;
  inc->start_time_field = g_strdup (filter);
  pb_manifest_stream_set_evidence (
    stream, "incremental",
    pb_evidence_new (s->page, NULL, s->response_snippet, CONF_TABLE,
                     "The docs name a time filter and the example records carry a date-time."));
  field = pb_manifest_find_field (manifest, "start_date");
  if (field == NULL)
    {
      field = pb_manifest_add_field (manifest, "start_date", "string");
      field->format = g_strdup ("date-time");
      field->title = g_strdup ("Start date");
      field->description = g_strdup (
        "Records changed before this date and time (UTC, YYYY-MM-DDTHH:MM:SSZ) are not read.");
      field->default_value = g_strdup ("2020-01-01T00:00:00Z");
      field->required = TRUE;
    }
}

/* --- streams --------------------------------------------------------------------------- */

void
pb_docs_build_streams (GPtrArray  *samples,
                       GPtrArray  *pages,
                       PbManifest *manifest,
                       const char *origin,
                       const char *prefix)
{
  g_autoptr (GPtrArray) cands = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr (GHashTable) by_template = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      Candidate *c, *old;

      if (strcmp (s->method, "GET") != 0)
        continue;
      c = candidate_new (s, origin, prefix);
      if (c == NULL)
        continue;
      old = g_hash_table_lookup (by_template, c->template);
      if (old != NULL)
        {
          if (old->sample->response == NULL && s->response != NULL)
            old->sample = s;   /* the same endpoint, shown with a response this time */
          candidate_free (c);
          continue;
        }
      g_ptr_array_add (cands, c);
      g_hash_table_insert (by_template, c->template, c);
    }

  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = cands->pdata[i];
      guint n = g_strv_length (c->segs);
      const char *last = c->segs[n - 1];
      g_autofree char *name = NULL;
      g_autoptr (GString) path = g_string_new (NULL);
      g_autoptr (GPtrArray) rpath = NULL;
      const cJSON *records = NULL;
      Candidate *parent = NULL;
      int last_param = -1;

      if (seg_is_param (last))
        continue;   /* one record, not a collection */

      name = stream_name_for (last);
      if (g_hash_table_contains (names, name) && n >= 2)
        {
          g_autofree char *before = stream_name_for (
            seg_is_param (c->segs[n - 2]) && n >= 3 ? c->segs[n - 3] : c->segs[n - 2]);
          g_autofree char *longer = g_strdup_printf ("%s_%s", before, name);
          g_free (name);
          name = g_steal_pointer (&longer);
        }
      if (g_hash_table_contains (names, name))
        continue;

      /* The last path parameter ties the stream to the list it comes from, if that is a stream. */
      for (int k = (int) n - 1; k >= 0; k--)
        if (seg_is_param (c->segs[k]))
          {
            g_autoptr (GString) parent_tpl = g_string_new (NULL);

            last_param = k;
            for (int j = 0; j < k; j++)
              g_string_append_printf (parent_tpl, "/%s", c->segs[j]);
            parent = g_hash_table_lookup (by_template, parent_tpl->str);
            if (parent != NULL && parent->stream == NULL)
              parent = NULL;
            break;
          }

      for (guint k = 0; k < n; k++)
        {
          if (!seg_is_param (c->segs[k]))
            {
              g_string_append_printf (path, "/%s", c->segs[k]);
              continue;
            }
          {
            g_autofree char *pname = g_strndup (c->segs[k] + 1, strlen (c->segs[k]) - 2);

            if (parent != NULL && (int) k == last_param)
              g_string_append_printf (path, "/{{ stream_partition['%s'] }}", pname);
            else
              {
                PbManifestField *field = pb_manifest_add_field (manifest, pname, "string");

                if (field->title == NULL)
                  field->title = g_strdup (pname);
                field->required = TRUE;
                g_string_append_printf (path, "/{{ config['%s'] }}", pname);
              }
          }
        }

      c->stream = pb_manifest_stream_new (name, path->str);
      pb_manifest_stream_set_evidence (c->stream, "path",
                                       pb_evidence_new (c->sample->page, NULL, c->sample->snippet,
                                                        CONF_SAMPLE,
                                                        "An example GET request in the docs."));
      if (parent != NULL)
        {
          PbManifestParent *pp = pb_manifest_stream_get_parent (c->stream);
          g_autofree char *pname
            = g_strndup (c->segs[last_param] + 1, strlen (c->segs[last_param]) - 2);

          pp->parent_stream = g_strdup (pb_manifest_stream_get_name (parent->stream));
          pp->parent_key = g_strdup ("id");
          pp->partition_field = g_steal_pointer (&pname);
          pb_manifest_stream_set_evidence (
            c->stream, "parent",
            pb_evidence_new (c->sample->page, NULL, c->sample->snippet, CONF_TABLE,
                             "The path holds the id of a record another example lists."));
        }

      if (c->sample->response != NULL)
        {
          rpath = record_path (c->sample->response, name, &records);
          if (records != NULL)
            {
              const cJSON *first = cJSON_GetArrayItem (records, 0);

              g_ptr_array_add (rpath, NULL);
              pb_manifest_stream_set_record_path (c->stream, (const char * const *) rpath->pdata);
              pb_manifest_stream_set_evidence (
                c->stream, "record_path",
                pb_evidence_new (c->sample->page, NULL, c->sample->response_snippet, CONF_SAMPLE,
                                 "The list in the example response."));
              if (cJSON_IsObject (first))
                {
                  if (cJSON_GetObjectItemCaseSensitive (first, "id") != NULL)
                    {
                      const char *key[] = { "id", NULL };
                      pb_manifest_stream_set_primary_key (c->stream, key);
                      pb_manifest_stream_set_evidence (
                        c->stream, "primary_key",
                        pb_evidence_new (c->sample->page, NULL, c->sample->response_snippet,
                                         CONF_TABLE, "The records in the example have an “id”."));
                    }
                  pb_manifest_stream_take_schema (c->stream, schema_of (first, 0));
                  detect_incremental (manifest, c->stream, c->sample, first, pages);
                  pb_manifest_stream_set_evidence (
                    c->stream, "schema",
                    pb_evidence_new (c->sample->page, NULL, c->sample->response_snippet, CONF_TABLE,
                                     "The fields of a record in the example response."));
                }
            }
        }
      detect_pagination (c->stream, c->sample, pages);

      g_hash_table_add (names, (gpointer) pb_manifest_stream_get_name (c->stream));
      pb_manifest_add_stream (manifest, c->stream);
    }
}
