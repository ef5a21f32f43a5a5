/* pb-docs-pagination.c: how a documented list operation pages, from its own section of the docs
 *
 * Reads the request parameters the operation's section names (tables, inline code, the sample's
 * query), what their descriptions say, and the example response; then, across the API, lists
 * that say nothing page like most lists that do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pb-docs-extractor-private.h"

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

/* A request parameter whose description says it carries a position handed back by the
 * previous response: "The iterator returned from a prior invocation", "Cursor used to fetch
 * the next page", "the token from the previous response". */
static const char *
cursor_by_description (Page                *section,
                       const char * const  *size_params)
{
  static GRegex *cursorish;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      cursorish = g_regex_new (
        "\\b(?:cursor|continuation|bookmark|iterator|page\\s+token|pagination\\s+token"
        "|(?:next|previous|prior|last)\\s+(?:page|call|request|response|invocation|result)"
        "|returned\\s+(?:by|from|in)\\s+(?:a|the|your)\\s+(?:previous|prior|last|earlier))",
        G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (section == NULL)
    return NULL;
  for (guint i = 0; i < section->params->len; i++)
    {
      DocParam *dp = section->params->pdata[i];

      if (dp->description == NULL || (dp->in != NULL && strcmp (dp->in, "query") != 0)
          || g_strv_contains (size_params, dp->name))
        continue;
      if (g_regex_match (cursorish, dp->description, 0, NULL))
        return dp->name;
    }
  return NULL;
}

void
pb_docs_detect_pagination (PbManifestStream *stream,
                           Sample           *s)
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
  /* The opposite flag: true on the last page. */
  static const char *done_fields[] = { "done", "is_last", "isLast", "last_page", "isLastPage",
                                       "end_of_list", NULL };
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (stream);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  g_autofree char *token = NULL, *next_url = NULL, *more = NULL, *done = NULL;
  const char *cursor, *offset, *page, *size, *reason = NULL, *evidence_page = s->page;
  const char *evidence_snippet = s->snippet;
  gboolean link_header = s->section != NULL && s->section->link_header;
  double confidence = CONF_TABLE;

  if (pb_docs_split_url (s->url, &o, &path, &query) && query != NULL)
    {
      g_auto (GStrv) pairs = g_strsplit (query, "&", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        g_ptr_array_add (names, g_ascii_strdown (pairs[i], strcspn (pairs[i], "=")));
    }
  if (s->section != NULL)
    for (guint k = 0; k < s->section->names->len; k++)
      g_ptr_array_add (names, g_strdup (s->section->names->pdata[k]));

  cursor = first_name (names, cursor_params);
  if (cursor == NULL)
    cursor = cursor_by_description (s->section, size_params);
  offset = first_name (names, offset_params);
  page = first_name (names, page_params);
  size = first_name (names, size_params);
  if (s->response != NULL && !cJSON_IsArray (s->response))
    {
      token = response_field (s->response, token_fields, FALSE);
      next_url = response_field (s->response, url_fields, TRUE);
      more = response_field (s->response, more_fields, FALSE);
      done = response_field (s->response, done_fields, FALSE);
      if (cursor != NULL)
        {
          /* The response field named like the parameter is the one to send back. */
          const char *same[] = { cursor, NULL };
          g_autofree char *named = response_field (s->response, same, FALSE);

          if (named != NULL)
            {
              g_free (token);
              token = g_steal_pointer (&named);
            }
        }
    }

  pb_manifest_stream_clear_paginator (stream);
  if (cursor != NULL && token != NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup_printf ("{{ response.%s }}", token);
      if (more != NULL)
        p->stop_condition = g_strdup_printf ("{{ not response.%s }}", more);
      else if (done != NULL)
        p->stop_condition = g_strdup_printf ("{{ response.%s }}", done);
      else
        p->stop_condition = g_strdup_printf ("{{ not response.%s }}", token);
      p->token_field = g_strdup (cursor);
      reason = "The docs name a cursor parameter and the example response carries the next cursor.";
    }
  else if (cursor != NULL && (more != NULL || done != NULL))
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ last_record['id'] }}");
      p->stop_condition = more != NULL ? g_strdup_printf ("{{ not response.%s }}", more)
                                       : g_strdup_printf ("{{ response.%s }}", done);
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
      confidence = CONF_PROSE;
    }
  else if (cursor != NULL)
    {
      p->kind = PB_PAGINATION_CURSOR;
      p->cursor_value = g_strdup ("{{ last_record['id'] }}");
      p->stop_condition = g_strdup ("{{ not last_record }}");
      p->token_field = g_strdup (cursor);
      reason = "The docs name a cursor parameter.";
      confidence = CONF_PROSE;
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

  if (s->response_snippet != NULL
      && (token != NULL || more != NULL || done != NULL || next_url != NULL))
    evidence_snippet = s->response_snippet;
  pb_manifest_stream_set_evidence (
    stream, "paginator",
    pb_evidence_new (evidence_page, NULL, evidence_snippet, confidence, reason));
}

static char *
paginator_key (const PbManifestPaginator *p)
{
  return g_strdup_printf ("%d|%s|%s|%d", p->kind, p->cursor_value ? p->cursor_value : "",
                          p->token_field ? p->token_field : "", p->token_inject_into);
}

/* APIs page their lists one way, and reference docs often show it on some lists only: when
 * most lists (at least 3 and 40 %) page the same way, stated outright (parameters plus the
 * response, not a guess from a parameter name), the lists that show nothing page so too.
 * LISTS holds PbManifestStream*; BARE[i] is TRUE when list i's records are the whole body. */
void
pb_docs_common_paginator (GPtrArray      *lists,
                          const gboolean *bare)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PbManifestStream *model = NULL;
  guint best = 0;

  for (guint i = 0; i < lists->len; i++)
    {
      PbManifestStream *stream = lists->pdata[i];
      PbManifestPaginator *p = pb_manifest_stream_get_paginator (stream);
      PbEvidence *evidence = pb_manifest_stream_get_evidence (stream, "paginator");
      char *key;
      guint n;

      if (p->kind == PB_PAGINATION_NONE || evidence == NULL
          || pb_evidence_get_confidence (evidence) < CONF_TABLE)
        continue;
      key = paginator_key (p);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
      g_hash_table_replace (counts, key, GUINT_TO_POINTER (n));
      if (n > best)
        {
          best = n;
          model = stream;
        }
    }
  if (model == NULL || best < 3 || best * 5 < lists->len * 2)
    return;

  for (guint i = 0; i < lists->len; i++)
    {
      PbManifestStream *stream = lists->pdata[i];
      PbManifestPaginator *from = pb_manifest_stream_get_paginator (model);
      PbManifestPaginator *to = pb_manifest_stream_get_paginator (stream);
      PbEvidence *was = pb_manifest_stream_get_evidence (model, "paginator");

      if (to->kind != PB_PAGINATION_NONE)
        continue;
      /* A token in the body needs the same response shape: not for a bare array. */
      if (bare[i] && from->cursor_value != NULL
          && g_str_has_prefix (from->cursor_value, "{{ response"))
        continue;
      to->kind = from->kind;
      to->cursor_value = g_strdup (from->cursor_value);
      to->stop_condition = g_strdup (from->stop_condition);
      to->token_inject_into = from->token_inject_into;
      to->token_field = g_strdup (from->token_field);
      to->page_size = from->page_size;
      to->page_size_inject_into = from->page_size_inject_into;
      to->page_size_field = g_strdup (from->page_size_field);
      to->start_from_page = from->start_from_page;
      pb_manifest_stream_set_evidence (
        stream, "paginator",
        pb_evidence_new (pb_evidence_get_source_uri (was), NULL, pb_evidence_get_snippet (was),
                         CONF_PROSE,
                         "Most list operations in the docs page this way; "
                         "this one shows nothing."));
    }
}
