/* pb-analyzer-pagination.c: how a list operation pages (cursor, offset, page number, Link
 * header, next URL in the body), from its query parameters and its response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"

static const char *const cursor_params[]
  = { "starting_after",    "cursor",      "page_token",   "pagetoken",
      "next_page_token",   "after",       "next",         "next_token",
      "nexttoken",         "iterator",    "continuation", "continuation_token",
      "continuationtoken", "marker",      "page_after",   "start_cursor",
      "scroll_param",      "scroll_id",   "page[after]",  "page[cursor]",
      "pageafter",         "skip_token",  "$skiptoken",   "since_id",
      "bookmark",          "page_cursor", "pagecursor",   NULL };
static const char *const offset_params[]
  = { "offset", "skip", "start", "$skip", "page[offset]", NULL };
static const char *const page_params[]
  = { "page",         "page_number", "pagenumber", "page_num", "pagenum",
      "page[number]", "pageindex",   "page_index", NULL };
static const char *const size_params[]
  = { "limit",       "page_size",   "pagesize",   "per_page",  "perpage",
      "count",       "max_results", "maxresults", "size",      "page[size]",
      "page[limit]", "$top",        "top",        "max",       "results_per_page",
      "num",         "take",        "maxitems",   "max_items", NULL };
/* Response fields holding the next page's token or URL. */
static const char *const token_fields[]
  = { "next_cursor",  "nextcursor",         "next_page_token", "nextpagetoken",
      "next_token",   "nexttoken",          "cursor",          "iterator",
      "continuation", "continuation_token", "scroll_param",    "scroll_id",
      "next_page",    "nextpage",           "after",           "end_cursor",
      "endcursor",    "next_marker",        "nextmarker",      "starting_after",
      "bookmark",     "next_bookmark",      "offset",          NULL };
static const char *const url_fields[]
  = { "next_url",  "nexturl",  "next_page_url", "nextpageurl", "next_page_uri",   "nextpageuri",
      "next_link", "nextlink", "next_href",     "next",        "@odata.nextlink", NULL };
static const char *const wrappers[]
  = { "links", "_links",   "pagination", "_pagination",       "paging", "page_details", "meta",
      "_meta", "metadata", "_metadata",  "response_metadata", "pages",  "page_info",    "pageinfo",
      "page",  "cursor",   "next_page",  "nextpage",          NULL };

static const cJSON *
param_schema (PbAnalysis  *a,
              const cJSON *param)
{
  const cJSON *schema = pb_analysis_get (a, param, "schema");

  return schema != NULL ? schema : param;   /* Swagger 2 keeps type/maximum on the parameter */
}

static int
number_of (PbAnalysis  *a,
           const cJSON *schema,
           const char  *key)
{
  const cJSON *v = pb_analysis_get (a, schema, key);

  return cJSON_IsNumber (v) ? (int) v->valuedouble : 0;
}

static int
page_size_of (PbAnalysis  *a,
              const cJSON *param)
{
  const cJSON *schema = param_schema (a, param);
  int max = number_of (a, schema, "maximum");
  int def = number_of (a, schema, "default");

  if (max > 0 && max <= 1000)
    return max;
  if (def > 0)
    return def;
  return 100;
}

/* A dotted path to a response field whose name is in NAMES, at the top or one wrapper down. */
static char *
find_response_field (PbAnalysis         *a,
                     const cJSON        *schema,
                     const char * const *names,
                     gboolean            want_string)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();

  if (schema == NULL)
    return NULL;
  pb_analysis_collect_properties (a, schema, props);
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < props->len; i++)
      {
        const cJSON *prop = props->pdata[i];
        const cJSON *resolved = pb_spec_document_resolve (a->doc, prop, NULL);
        const char *type = pb_analysis_get_string (a, resolved, "type");

        if (g_ascii_strcasecmp (prop->string, names[n]) != 0)
          continue;
        if (want_string && type != NULL && !g_str_equal (type, "string"))
          {
            /* HAL: "next": {"href": "…"} */
            if (g_str_equal (type, "object")
                && pb_analysis_schema_property (a, resolved, "href") != NULL)
              return g_strdup_printf ("%s.href", prop->string);
            continue;
          }
        if (!want_string && (g_strcmp0 (type, "array") == 0 || g_strcmp0 (type, "object") == 0))
          continue;
        return g_strdup (prop->string);
      }
  for (guint w = 0; wrappers[w] != NULL; w++)
    for (guint i = 0; i < props->len; i++)
      {
        const cJSON *prop = props->pdata[i];
        g_autofree char *inner = NULL;
        g_autoptr (GPtrArray) sub = NULL;

        if (g_ascii_strcasecmp (prop->string, wrappers[w]) != 0)
          continue;
        sub = g_ptr_array_new ();
        pb_analysis_collect_properties (a, prop, sub);
        if (sub->len == 0)
          continue;
        for (guint n = 0; names[n] != NULL && inner == NULL; n++)
          for (guint j = 0; j < sub->len && inner == NULL; j++)
            {
              const cJSON *sp = sub->pdata[j];
              const cJSON *sr = pb_spec_document_resolve (a->doc, sp, NULL);
              const char *stype = pb_analysis_get_string (a, sr, "type");

              if (g_ascii_strcasecmp (sp->string, names[n]) != 0)
                continue;
              if (g_strcmp0 (stype, "object") == 0)
                {
                  if (want_string && pb_analysis_schema_property (a, sr, "href") != NULL)
                    inner = g_strdup_printf ("%s.href", sp->string);
                  continue;
                }
              if (g_strcmp0 (stype, "array") == 0
                  || (want_string && stype != NULL && !g_str_equal (stype, "string")))
                continue;
              inner = g_strdup (sp->string);
            }
        if (inner != NULL)
          return g_strdup_printf ("%s.%s", prop->string, inner);
      }
  return NULL;
}

/* The example body of a response, when the spec gives one. */
static const cJSON *
response_example (PbAnalysis  *a,
                  const cJSON *response)
{
  const cJSON *content = pb_analysis_get (a, response, "content");
  const cJSON *media, *example;

  cJSON_ArrayForEach (media, content)
    {
      if (strstr (media->string, "json") == NULL)
        continue;
      example = pb_analysis_get (a, media, "example");
      if (cJSON_IsObject (example))
        return example;
      example = pb_analysis_get (a, media, "examples");
      if (cJSON_IsObject (example) && example->child != NULL)
        {
          const cJSON *value
            = pb_analysis_get (a, pb_spec_document_resolve (a->doc, example->child, NULL), "value");

          if (cJSON_IsObject (value))
            return value;
        }
    }
  /* Swagger 2 */
  example = pb_analysis_get (a, pb_analysis_get (a, response, "examples"), "application/json");
  return cJSON_IsObject (example) ? example : NULL;
}

/* Like find_response_field, in an example body: a key with a string (or, for WANT_STRING FALSE,
 * any scalar) value, at the top or one object down. */
static char *
find_example_field (const cJSON        *example,
                    const char * const *names,
                    gboolean            want_string)
{
  const cJSON *child;

  if (example == NULL)
    return NULL;
  for (guint n = 0; names[n] != NULL; n++)
    {
      cJSON_ArrayForEach (
        child, example) if (g_ascii_strcasecmp (child->string, names[n]) == 0
                            && (cJSON_IsString (child)
                                || (!want_string
                                    && (cJSON_IsNumber (child)
                                        || cJSON_IsBool (child))))) return g_strdup (child->string);
    }
  for (guint w = 0; wrappers[w] != NULL; w++)
    cJSON_ArrayForEach (child, example)
      {
        const cJSON *inner;

        if (!cJSON_IsObject (child) || g_ascii_strcasecmp (child->string, wrappers[w]) != 0)
          continue;
        for (guint n = 0; names[n] != NULL; n++)
          cJSON_ArrayForEach (
            inner, child) if (g_ascii_strcasecmp (inner->string, names[n]) == 0
                              && (cJSON_IsString (inner)
                                  || (!want_string
                                      && (cJSON_IsNumber (inner)
                                          || cJSON_IsBool (
                                            inner))))) return g_strdup_printf ("%s.%s",
                                                                               child->string,
                                                                               inner->string);
      }
  return NULL;
}

/* The field at DOTTED in SCHEMA (or EXAMPLE) holds a whole URL: named so, "format": "uri",
 * described as a URL or link, or an example value that starts with http(s)://. */
static gboolean
is_url_field (PbAnalysis  *a,
              const cJSON *schema,
              const cJSON *example,
              const char  *dotted)
{
  g_auto (GStrv) parts = g_strsplit (dotted, ".", -1);
  g_autofree char *lower = g_ascii_strdown (dotted, -1);
  const cJSON *node = schema;
  const cJSON *value = example;
  const char *format, *description;

  if (strstr (lower, "url") != NULL || strstr (lower, "uri") != NULL
      || strstr (lower, "href") != NULL || strstr (lower, "link") != NULL)
    return TRUE;
  if (!pb_analysis_rule_enabled (a, "next-url"))
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      node = node != NULL ? pb_analysis_schema_property (a, node, parts[i]) : NULL;
      value = cJSON_IsObject (value) ? cJSON_GetObjectItemCaseSensitive (value, parts[i]) : NULL;
    }
  if (cJSON_IsString (value)
      && (g_str_has_prefix (value->valuestring, "https://")
          || g_str_has_prefix (value->valuestring, "http://")
          || value->valuestring[0] == '/'))
    return TRUE;
  format = pb_analysis_get_string (a, node, "format");
  if (format != NULL && (g_ascii_strcasecmp (format, "uri") == 0
                         || g_ascii_strcasecmp (format, "url") == 0
                         || g_ascii_strcasecmp (format, "uri-reference") == 0))
    return TRUE;
  description = pb_analysis_get_string (a, node, "description");
  if (description != NULL)
    {
      g_autofree char *d = g_ascii_strdown (description, -1);

      if (strstr (d, "url") != NULL || strstr (d, "uri") != NULL || strstr (d, "link") != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_link_header (PbAnalysis  *a,
                 const cJSON *response)
{
  const cJSON *headers = pb_analysis_get (a, response, "headers");
  const cJSON *h;

  cJSON_ArrayForEach (h, headers)
    if (g_ascii_strcasecmp (h->string, "link") == 0)
      return TRUE;
  return FALSE;
}

static char *
jinja_path (const char *dotted)
{
  /* response.a.b → response['a']['b'] keeps names with dashes or @ working. */
  g_auto (GStrv) parts = g_strsplit (dotted, ".", -1);
  GString *out = g_string_new ("response");

  for (guint i = 0; parts[i] != NULL; i++)
    g_string_append_printf (out, "['%s']", parts[i]);
  return g_string_free (out, FALSE);
}

static void
set_size (PbAnalysis          *a,
          PbManifestPaginator *p,
          const cJSON         *size_param)
{
  if (size_param == NULL)
    return;
  p->page_size = page_size_of (a, size_param);
  p->page_size_inject_into = PB_INJECT_REQUEST_PARAMETER;
  p->page_size_field = g_strdup (pb_analysis_get_string (a, size_param, "name"));
}

void
pb_analyzer_detect_pagination (PbAnalysis       *a,
                               PbManifestStream *stream,
                               GPtrArray        *params,
                               const cJSON      *response_schema,
                               gboolean          top_level_array,
                               const cJSON      *response,
                               const char       *op_pointer)
{
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (stream);
  const cJSON *cursor = pb_analysis_find_query_param (a, params, cursor_params);
  const cJSON *offset = pb_analysis_find_query_param (a, params, offset_params);
  const cJSON *string_offset = NULL;
  gboolean strong_url;
  const cJSON *page = pb_analysis_find_query_param (a, params, page_params);
  const cJSON *size = pb_analysis_find_query_param (a, params, size_params);
  gboolean in_body = FALSE;
  const cJSON *example = NULL;
  g_autofree char *token_field = NULL;
  g_autofree char *url_field = NULL;
  g_autofree char *has_more = NULL;
  const char *reason = NULL;
  double confidence = 0.75;
  static const char *const more_fields[] = { "has_more",      "hasmore",     "has_next", "hasnext",
                                             "has_next_page", "hasnextpage", "more",     NULL };

  /* A POST list pages through its JSON body: {"cursor": …, "limit": …}. */
  if (cursor == NULL && offset == NULL && page == NULL
      && pb_analysis_rule_enabled (a, "post-lists"))
    {
      cursor = pb_analysis_find_param (a, params, cursor_params, "body");
      offset = pb_analysis_find_param (a, params, offset_params, "body");
      page = pb_analysis_find_param (a, params, page_params, "body");
      if (cursor != NULL || offset != NULL || page != NULL)
        {
          in_body = TRUE;
          size = pb_analysis_find_param (a, params, size_params, "body");
        }
    }
  /* An "offset" that is a string is an opaque token, not a count. */
  if (offset != NULL && cursor == NULL &&
      g_strcmp0 (pb_analysis_get_string (a, param_schema (a, offset), "type"), "string") == 0)
    string_offset = offset;
  if (!top_level_array)
    {
      const cJSON *token_param = cursor != NULL ? cursor : string_offset;
      g_autoptr (GPtrArray) names = g_ptr_array_new ();
      example = response_example (a, response);

      /* The response field named like the request parameter is the surest token. */
      if (token_param != NULL && pb_analysis_get_string (a, token_param, "x-pb-leaf") != NULL)
        g_ptr_array_add (names, (gpointer) pb_analysis_get_string (a, token_param, "x-pb-leaf"));
      else if (token_param != NULL && pb_analysis_get_string (a, token_param, "name") != NULL)
        g_ptr_array_add (names, (gpointer) pb_analysis_get_string (a, token_param, "name"));
      for (guint i = 0; token_fields[i] != NULL; i++)
        g_ptr_array_add (names, (gpointer) token_fields[i]);
      g_ptr_array_add (names, NULL);

      token_field
        = find_response_field (a, response_schema, (const char *const *)names->pdata, FALSE);
      url_field = find_response_field (a, response_schema, url_fields, TRUE);
      has_more = find_response_field (a, response_schema, more_fields, FALSE);
      /* Schemas leave out what examples show. */
      if (token_field == NULL && url_field == NULL)
        {
          token_field = find_example_field (example, (const char * const *) names->pdata, FALSE);
          url_field = find_example_field (example, url_fields, TRUE);
        }
      if (has_more == NULL)
        has_more = find_example_field (example, more_fields, FALSE);
    }

  if (string_offset != NULL && token_field != NULL)
    {
      cursor = offset;
      offset = NULL;
    }
  strong_url = url_field != NULL && is_url_field (a, response_schema, example, url_field);

  pb_manifest_stream_clear_paginator (stream);
  /* A whole next-page URL in the body is what to follow, even when the API also takes a cursor
   * parameter: the URL carries every parameter of the next request. A token named like the
   * cursor parameter itself still wins. */
  if (strong_url && pb_analysis_rule_enabled (a, "next-url")
      && !(cursor != NULL && token_field != NULL
           && g_ascii_strcasecmp (strrchr (token_field, '.') != NULL
                                    ? strrchr (token_field, '.') + 1 : token_field,
                                  pb_analysis_get_string (a, cursor, "x-pb-leaf") != NULL
                                    ? pb_analysis_get_string (a, cursor, "x-pb-leaf")
                                    : pb_analysis_get_string (a, cursor, "name")) == 0))
    {
      g_autofree char *expr = jinja_path (url_field);

      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup_printf ("{{ %s }}", expr);
      p->stop_condition = g_strdup_printf ("{{ not %s }}", expr);
      p->token_inject_into = PB_INJECT_PATH;
      reason = N_("The response carries the next page's whole URL.");
      confidence = 0.85;
    }
  else if (cursor != NULL && token_field != NULL)
    {
      g_autofree char *expr = jinja_path (token_field);

      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup_printf ("{{ %s }}", expr);
      if (has_more != NULL)
        {
          g_autofree char *more = jinja_path (has_more);

          p->stop_condition = g_strdup_printf ("{{ not %s }}", more);
        }
      else
        {
          p->stop_condition = g_strdup_printf ("{{ not %s }}", expr);
        }
      p->token_field = g_strdup (pb_analysis_get_string (a, cursor, "name"));
      reason = N_("A cursor request parameter and a next-cursor field in the response.");
      confidence = 0.9;
    }
  else if (cursor != NULL && has_more != NULL)
    {
      g_autofree char *more = jinja_path (has_more);

      /* starting_after=<last id> while has_more is true. */
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ last_record['id'] }}");
      p->stop_condition = g_strdup_printf ("{{ not %s }}", more);
      p->token_field = g_strdup (pb_analysis_get_string (a, cursor, "name"));
      reason = N_("A cursor request parameter and a has-more flag in the response: the cursor is "
                  "the last record's id.");
      confidence = 0.85;
    }
  else if (url_field != NULL && (strong_url || (offset == NULL && page == NULL)))
    {
      g_autofree char *expr = jinja_path (url_field);

      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup_printf ("{{ %s }}", expr);
      p->stop_condition = g_strdup_printf ("{{ not %s }}", expr);
      p->token_inject_into = PB_INJECT_PATH;
      reason = N_("The response carries the next page's URL.");
      confidence = 0.85;
    }
  else if (offset != NULL)
    {
      p->kind = PB_PAGINATION_OFFSET;
      p->token_field = g_strdup (pb_analysis_get_string (a, offset, "name"));
      reason = N_("An offset request parameter.");
      confidence = 0.85;
    }
  else if (page != NULL)
    {
      const cJSON *schema = param_schema (a, page);
      const cJSON *min = pb_analysis_get (a, schema, "minimum");
      const cJSON *def = pb_analysis_get (a, schema, "default");

      p->kind = PB_PAGINATION_PAGE;
      p->token_field = g_strdup (pb_analysis_get_string (a, page, "name"));
      p->start_from_page = cJSON_IsNumber (min)   ? (int)min->valuedouble
                           : cJSON_IsNumber (def) ? (int)def->valuedouble
                                                  : 1;
      if (p->start_from_page < 0 || p->start_from_page > 1)
        p->start_from_page = 1;
      reason = N_("A page-number request parameter.");
      confidence = 0.85;
    }
  else if (cursor != NULL && (top_level_array || has_link_header (a, response)))
    {
      /* A cursor parameter with nothing in the body to feed it: RFC 5988 Link header. */
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ headers['link']['next']['url'] }}");
      p->stop_condition = g_strdup ("{{ 'next' not in headers['link'] }}");
      p->token_inject_into = PB_INJECT_PATH;
      reason = N_("A cursor request parameter and a bare list in the body: the next page is in the "
                  "Link header.");
      confidence = 0.7;
    }
  else if (has_link_header (a, response))
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ headers['link']['next']['url'] }}");
      p->stop_condition = g_strdup ("{{ 'next' not in headers['link'] }}");
      p->token_inject_into = PB_INJECT_PATH;
      reason = N_("The response declares a Link header.");
      confidence = 0.8;
    }
  else if (cursor != NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ last_record['id'] }}");
      p->stop_condition = g_strdup ("{{ not last_record }}");
      p->token_field = g_strdup (pb_analysis_get_string (a, cursor, "name"));
      reason = N_("A cursor request parameter; the cursor is assumed to be the last record's id.");
      confidence = 0.5;
    }

  if (p->kind == PB_PAGINATION_NONE)
    return;
  if (p->token_inject_into != PB_INJECT_PATH || size != NULL)
    set_size (a, p, size);
  if (in_body)
    {
      if (p->token_inject_into != PB_INJECT_PATH && p->token_field != NULL)
        p->token_inject_into = PB_INJECT_BODY_JSON;
      if (p->page_size_field != NULL)
        p->page_size_inject_into = PB_INJECT_BODY_JSON;
    }
  pb_analysis_take_stream_evidence (stream, "paginator",
                                    pb_analysis_evidence (a, op_pointer, confidence, reason));
}
