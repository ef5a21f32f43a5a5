/* pb-runner-read.c: the read of one stream: slices (partitions × time windows), pages, records,
 * and the traps caught on the way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-http.h"
#include "pb-json-read.h"
#include "pb-runner-context.h"
#include "pb-runner-cursor.h"
#include "pb-runner-json.h"
#include "pb-runner-paginator.h"
#include "pb-runner-private.h"
#include "pb-runner-requester.h"
#include "pb-runner-router.h"
#include "pb-runner-selector.h"
#include "pb-spec-arena.h"

/* Response bodies kept for showing, in all (the first pages'): memory stays flat. */
#define KEPT_BODY_BYTES (1024 * 1024)

/* Pages' trees go to an arena (the spec reader's): a page is ~1,000 small allocations that die
 * together. The arena is emptied every ARENA_PAGES pages, which bounds the memory; its first
 * block (2 MB) stays mapped, so the pages after do not fault it in again.
 * Arenas are off under ASan: then the tree is freed as usual. */
#define ARENA_PAGES 16

typedef struct {
  cJSON   *json;
  gboolean in_arena;
} Parsed;

static void
parsed_clear (Parsed *p)
{
  if (!p->in_arena)
    g_clear_pointer (&p->json, cJSON_Delete);
  p->json = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static void
parse_page (PbRunnerJob *job,
            Parsed      *p,
            const char  *data,
            gsize        size)
{
  PbSpecArena *previous;

  if (job->arena == NULL)
    job->arena = pb_spec_arena_new ();
  else if (job->arena_pages >= ARENA_PAGES)
    {
      pb_spec_arena_reset (job->arena);
      job->arena_pages = 0;
    }
  job->arena_pages++;
  previous = pb_spec_arena_push (job->arena);
  p->json = pb_json_read (data, size, PB_JSON_READ_STRICT);
  pb_spec_arena_pop (previous);
  p->in_arena = job->arena != NULL;
}

/* One stream's components, built before any request. */
typedef struct {
  char              *name;
  gboolean           parent;
  PbRunnerRequester *requester;
  PbRunnerSelector  *selector;
  PbRunnerPaginator *paginator;
  GPtrArray         *routers;   /* PbRunnerRouter: several are read as their product */
  PbRunnerCursor    *cursor;
  const cJSON       *declared_schema;
  /* traps counted over the stream */
  guint              unparsable;
  char              *unparsable_example;
  gboolean           records_not_found;
  guint64            records;
} Plan;

typedef gboolean (*RecordFunc) (PbRunnerJob *job, Plan *plan, const cJSON *record,
                                const cJSON *slice, gpointer data);

static void
plan_free (Plan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->name);
  g_clear_object (&plan->requester);
  g_clear_object (&plan->selector);
  g_clear_object (&plan->paginator);
  g_clear_pointer (&plan->routers, g_ptr_array_unref);
  g_clear_object (&plan->cursor);
  g_free (plan->unparsable_example);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, plan_free)

static Plan *
plan_new (const cJSON  *stream,
          gboolean      parent,
          GError      **error)
{
  g_autoptr (Plan) plan = g_new0 (Plan, 1);
  const cJSON *retriever = cJSON_GetObjectItemCaseSensitive (stream, "retriever");
  const cJSON *router = cJSON_GetObjectItemCaseSensitive (retriever, "partition_router");
  const cJSON *inc = cJSON_GetObjectItemCaseSensitive (stream, "incremental_sync");
  const cJSON *loader = cJSON_GetObjectItemCaseSensitive (stream, "schema_loader");
  const char *type = pb_runner_component_type (stream);
  const cJSON *item;

  plan->name = g_strdup (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (stream,
                                                                                 "name")));
  plan->parent = parent;
  {
    g_autofree char *where = g_strdup_printf ("streams › %s",
                                              plan->name != NULL ? plan->name : "?");

    if (!pb_runner_check_custom (stream, where, error))
      return NULL;
  }
  if (!g_str_equal (type, "DeclarativeStream"))
    {
      pb_runner_set_unsupported (error, _("a stream"), type);
      return NULL;
    }
  if (!g_str_equal (pb_runner_component_type (retriever), "SimpleRetriever"))
    {
      pb_runner_set_unsupported (error, _("the retriever"), pb_runner_component_type (retriever));
      return NULL;
    }
  plan->requester = pb_runner_requester_new (
    cJSON_GetObjectItemCaseSensitive (retriever, "requester"), error);
  if (plan->requester == NULL)
    return NULL;
  plan->selector = pb_runner_selector_new (
    cJSON_GetObjectItemCaseSensitive (retriever, "record_selector"),
    cJSON_GetObjectItemCaseSensitive (stream, "transformations"), error);
  if (plan->selector == NULL)
    return NULL;
  plan->paginator = pb_runner_paginator_new (
    cJSON_GetObjectItemCaseSensitive (retriever, "paginator"), error);
  if (plan->paginator == NULL)
    return NULL;
  /* a list of routers: the CDK's CartesianProductStreamSlicer */
  plan->routers = g_ptr_array_new_with_free_func (g_object_unref);
  cJSON_ArrayForEach (item, (cJSON_IsArray (router) ? router : NULL))
    {
      PbRunnerRouter *one = pb_runner_router_new (item, error);

      if (one == NULL)
        return NULL;
      g_ptr_array_add (plan->routers, one);
    }
  if (router != NULL && !cJSON_IsArray (router))
    {
      PbRunnerRouter *one = pb_runner_router_new (router, error);

      if (one == NULL)
        return NULL;
      g_ptr_array_add (plan->routers, one);
    }
  if (inc != NULL && (plan->cursor = pb_runner_cursor_new (inc, error)) == NULL)
    return NULL;
  if (g_str_equal (pb_runner_component_type (loader), "InlineSchemaLoader"))
    plan->declared_schema = cJSON_GetObjectItemCaseSensitive (loader, "schema");
  return g_steal_pointer (&plan);
}

/* --- one slice --- */

typedef struct {
  PbRunnerJob *job;
  Plan        *plan;
  int          index;
  const cJSON *partition;
  const cJSON *cursor_slice;
  RecordFunc   on_record;
  gpointer     data;
  gboolean     stopped;   /* the record callback asked to stop */
  guint        pages;
} Slice;

static gboolean
read_page (Slice       *s,
           cJSON       *context,
           GHashTable  *bodies,
           gboolean    *out_more,
           GError     **error)
{
  PbRunnerJob *job = s->job;
  Plan *plan = s->plan;
  g_autoptr (PbRunnerRequest) request = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) body = NULL;
  g_auto (Parsed) parsed = { 0 };
  const cJSON *json;
  g_autoptr (GPtrArray) records = g_ptr_array_sized_new (128);
  g_autoptr (cJSON) storage = cJSON_CreateArray ();
  g_autoptr (cJSON) headers = NULL;
  gboolean truncated = FALSE;
  guint page = 0;
  gsize size = 0;
  const char *data;
  guint64 hash;
  int n;

  *out_more = FALSE;
  request = pb_runner_requester_build (plan->requester, context, error);
  if (request == NULL)
    return FALSE;
  for (guint i = 0; s->partition != NULL && i < plan->routers->len; i++)
    pb_runner_router_inject (plan->routers->pdata[i], request, s->partition);
  if (plan->cursor != NULL && s->cursor_slice != NULL)
    pb_runner_cursor_inject (plan->cursor, request, s->cursor_slice);
  pb_runner_paginator_inject (plan->paginator, request);
  if (!pb_runner_auth_apply (pb_runner_requester_get_auth (plan->requester), request, context,
                             job->secrets, error))
    return FALSE;
  body = pb_runner_job_fetch (job, plan->name, plan->parent, s->index, request, &page,
                              &message, &truncated, error);
  if (body == NULL || !pb_runner_job_check_status (job, message, page, error))
    return FALSE;
  s->pages++;
  if (truncated)
    {
      g_autofree char *limit = g_format_size (job->max_body_size);

      pb_runner_result_add_warning (job->result, PB_RUNNER_WARNING_BODY_TOO_LARGE, (int) page,
                                    NULL,
                                    _("The response is larger than %s; Plugboard stopped reading "
                                      "it. Ask for smaller pages (page_size) or raise the limit."),
                                    limit);
      return TRUE;
    }
  data = g_bytes_get_data (body, &size);
  if (size == 0)
    return TRUE;
  parse_page (job, &parsed, data, size);
  json = parsed.json;
  if (json == NULL)
    {
      pb_runner_job_warn_not_json (job, page, body, message);
      return TRUE;
    }
  if (!pb_runner_selector_select (plan->selector, json, context, records, storage, error))
    return FALSE;
  n = (int) records->len;
  pb_runner_result_peek_page (job->result, page)->record_count = (guint) n;
  if (n == 0 && plan->records == 0 && !plan->records_not_found)
    {
      GStrv suggestions = pb_runner_selector_suggest_paths (json, 5);

      if (suggestions[0] != NULL)
        {
          g_autofree char *path = pb_runner_selector_describe_path (plan->selector);
          g_autofree char *list = g_strjoinv (", ", suggestions);

          plan->records_not_found = TRUE;
          pb_runner_result_add_warning (
            job->result, PB_RUNNER_WARNING_RECORDS_NOT_FOUND, (int) page, suggestions,
            _("The record path “%s” selects nothing in a non-empty response of %s. Paths that "
              "hold lists: %s."),
            path, plan->name, list);
        }
      else
        g_strfreev (suggestions);
    }
  for (guint i = 0; i < records->len; i++)
    {
      const cJSON *record = records->pdata[i];
      g_autofree char *bad = NULL;

      if (plan->cursor != NULL && !pb_runner_cursor_check_record (plan->cursor, record, &bad))
        {
          plan->unparsable++;
          if (plan->unparsable_example == NULL)
            plan->unparsable_example = g_strdup (bad != NULL ? bad : "null");
        }
      plan->records++;
      if (!s->on_record (job, plan, record, s->partition, s->data))
        {
          s->stopped = TRUE;
          break;
        }
    }

  hash = pb_runner_body_hash (body);
  if (g_hash_table_contains (bodies, &hash))
    {
      pb_runner_result_add_warning (
        job->result, PB_RUNNER_WARNING_PAGINATION_REPEATS, (int) page, NULL,
        _("Page %u of %s has the same body as an earlier page: the paginator does not move "
          "(check page_token_option and cursor_value). Plugboard stopped."),
        s->pages, plan->name);
      return TRUE;
    }
  g_hash_table_add (bodies, g_memdup2 (&hash, sizeof hash));

  headers = pb_runner_requester_headers_json (soup_message_get_response_headers (message));
  pb_runner_context_set (context, "response", json);
  pb_runner_context_set (context, "headers", headers);
  pb_runner_context_set (context, "last_record", n > 0 ? records->pdata[n - 1] : NULL);
  pb_runner_context_take (context, "last_page_size", cJSON_CreateNumber (n));
  if (!pb_runner_paginator_next (plan->paginator, context, out_more, error))
    return FALSE;
  pb_runner_context_set (context, "response", NULL);
  pb_runner_context_set (context, "headers", NULL);
  pb_runner_context_set (context, "last_record", NULL);
  return TRUE;
}

static gboolean
read_slice (Slice   *s,
            GError **error)
{
  PbRunnerJob *job = s->job;
  Plan *plan = s->plan;
  g_autoptr (cJSON) context = cJSON_CreateObject ();
  g_autoptr (cJSON) merged = cJSON_CreateObject ();
  g_autoptr (GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) bodies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  const cJSON *item;

  cJSON_ArrayForEach (item, s->partition)
    cJSON_AddItemToObject (merged, item->string, cJSON_Duplicate (item, TRUE));
  cJSON_ArrayForEach (item, s->cursor_slice)
    cJSON_AddItemToObject (merged, item->string, cJSON_Duplicate (item, TRUE));
  pb_runner_context_set (context, "config", job->config);
  pb_runner_context_set (context, "stream_partition",
                         s->partition != NULL ? s->partition : merged);
  pb_runner_context_set (context, "stream_slice", merged);
  if (s->cursor_slice != NULL)
    pb_runner_context_set (context, "stream_interval", s->cursor_slice);
  if (!pb_runner_paginator_reset (plan->paginator, context, error))
    return FALSE;

  for (;;)
    {
      const cJSON *token = pb_runner_paginator_get_token (plan->paginator);
      gboolean more = FALSE;

      if (token != NULL)
        {
          cJSON *wrapped = cJSON_CreateObject ();

          cJSON_AddItemToObject (wrapped, "next_page_token", cJSON_Duplicate (token, TRUE));
          pb_runner_context_take (context, "next_page_token", wrapped);
        }
      else
        pb_runner_context_set (context, "next_page_token", NULL);
      if (!read_page (s, context, bodies, &more, error))
        return FALSE;
      if (!more || g_cancellable_is_cancelled (job->cancellable))
        break;
      if (s->stopped)
        {
          if (!plan->parent)
            pb_runner_result_add_warning (
              job->result, PB_RUNNER_WARNING_RECORD_LIMIT_REACHED, -1, NULL,
              _("The read stopped at %u records (the record limit); the API has more."),
              job->max_records);
          break;
        }
      {
        g_autofree char *key = pb_runner_value_to_string (pb_runner_paginator_get_token (
          plan->paginator));

        if (!g_hash_table_add (tokens, g_steal_pointer (&key)))
          {
            g_autofree char *shown = pb_runner_value_to_string (
              pb_runner_paginator_get_token (plan->paginator));
            g_autofree char *safe = pb_runner_job_redact (job, shown);

            pb_runner_result_add_warning (
              job->result, PB_RUNNER_WARNING_PAGINATION_REPEATS,
              (int) pb_runner_result_get_n_pages (job->result) - 1, NULL,
              _("The paginator gave the next-page token “%s” a second time in %s: following it "
                "would loop. Plugboard stopped."),
              safe, plan->name);
            break;
          }
      }
      if (s->pages >= job->max_pages)
        {
          pb_runner_result_add_warning (
            job->result, PB_RUNNER_WARNING_PAGINATION_LIMIT_REACHED,
            (int) pb_runner_result_get_n_pages (job->result) - 1, NULL,
            _("%s still had a next page after %u pages: the stop condition never fired within "
              "the page limit. Raise the limit if the API really has more, or check "
              "stop_condition and cursor_value."),
            plan->name, job->max_pages);
          break;
        }
    }
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_CANCELLED, _("The test read was cancelled."));
      return FALSE;
    }
  return TRUE;
}

/* --- streams --- */

static gboolean read_stream (PbRunnerJob *job, Plan *plan, RecordFunc on_record, gpointer data,
                             GError **error);

typedef struct {
  PbRunnerRouter *router;
  guint           index;
  cJSON          *partitions;
  guint           max;
} ParentCollect;

static gboolean
collect_partition (PbRunnerJob *job,
                   Plan        *plan,
                   const cJSON *record,
                   const cJSON *slice,
                   gpointer     data)
{
  ParentCollect *pc = data;
  cJSON *partition = pb_runner_router_partition_for (pc->router, pc->index, record, slice);

  if (partition != NULL)
    cJSON_AddItemToArray (pc->partitions, partition);
  /* one more than the limit, so the limit warning knows there were more */
  return (guint) cJSON_GetArraySize (pc->partitions) <= pc->max;
}

static cJSON *
router_partitions (PbRunnerJob     *job,
                   PbRunnerRouter  *router,
                   GError         **error)
{
  cJSON *partitions;

  if (!pb_runner_router_is_substream (router))
    {
      g_autoptr (cJSON) context = cJSON_CreateObject ();

      pb_runner_context_set (context, "config", job->config);
      return pb_runner_router_list_partitions (router, context, error);
    }
  partitions = cJSON_CreateArray ();
  for (guint i = 0; i < pb_runner_router_get_n_parents (router); i++)
    {
      g_autoptr (Plan) parent = plan_new (pb_runner_router_get_parent_stream (router, i),
                                          TRUE, error);
      ParentCollect pc = { router, i, partitions, job->max_slices };

      if (parent == NULL || !read_stream (job, parent, collect_partition, &pc, error))
        return cJSON_Delete (partitions), NULL;
    }
  return partitions;
}

/* The stream's partitions: one router's, or the product of several (one more than the slice
 * limit at most, so the limit warning knows there were more). */
static cJSON *
partitions_of (PbRunnerJob  *job,
               Plan         *plan,
               GError      **error)
{
  g_autoptr (GPtrArray) lists = NULL;

  if (plan->routers->len == 0)
    return NULL;
  lists = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
  for (guint i = 0; i < plan->routers->len; i++)
    {
      cJSON *list = router_partitions (job, plan->routers->pdata[i], error);

      if (list == NULL)
        return NULL;
      g_ptr_array_add (lists, list);
    }
  if (lists->len == 1)
    return g_ptr_array_steal_index (lists, 0);
  return pb_runner_router_product (lists, job->max_slices + 1);
}

static gboolean
read_stream (PbRunnerJob  *job,
             Plan         *plan,
             RecordFunc    on_record,
             gpointer      data,
             GError      **error)
{
  g_autoptr (cJSON) partitions = NULL;
  g_autoptr (cJSON) windows = NULL;
  gboolean more_windows = FALSE;
  guint count = 0;
  int n_partitions, n_windows;

  partitions = partitions_of (job, plan, error);
  if (plan->routers->len > 0 && partitions == NULL)
    return FALSE;
  if (plan->cursor != NULL)
    {
      g_autoptr (cJSON) context = cJSON_CreateObject ();

      pb_runner_context_set (context, "config", job->config);
      windows = pb_runner_cursor_slices (plan->cursor, context, job->max_slices + 1,
                                         &more_windows, error);
      if (windows == NULL)
        return FALSE;
    }
  n_partitions = partitions != NULL ? cJSON_GetArraySize (partitions) : 1;
  n_windows = windows != NULL ? cJSON_GetArraySize (windows) : 1;
  for (int p = 0; p < n_partitions; p++)
    for (int w = 0; w < n_windows; w++)
      {
        Slice s = { job, plan, (int) count, NULL, NULL, on_record, data, FALSE, 0 };

        if (count >= job->max_slices)
          {
            if (!plan->parent)
              pb_runner_result_add_warning (
                job->result, PB_RUNNER_WARNING_SLICE_LIMIT_REACHED, -1, NULL,
                _("%s has more slices than the slice limit (%u); Plugboard read the first ones."),
                plan->name, job->max_slices);
            return TRUE;
          }
        s.partition = partitions != NULL ? cJSON_GetArrayItem (partitions, p) : NULL;
        s.cursor_slice = windows != NULL ? cJSON_GetArrayItem (windows, w) : NULL;
        if (!plan->parent)
          {
            cJSON *slice = cJSON_CreateObject ();

            if (s.partition != NULL)
              cJSON_AddItemToObject (slice, "partition", cJSON_Duplicate (s.partition, TRUE));
            if (s.cursor_slice != NULL)
              cJSON_AddItemToObject (slice, "cursor_slice",
                                     cJSON_Duplicate (s.cursor_slice, TRUE));
            pb_runner_result_add_slice (job->result, slice);
          }
        count++;
        if (!read_slice (&s, error))
          return FALSE;
        if (s.stopped)
          return TRUE;
      }
  return TRUE;
}

static gboolean
keep_record (PbRunnerJob *job,
             Plan        *plan,
             const cJSON *record,
             const cJSON *slice,
             gpointer     data)
{
  pb_runner_result_add_record (job->result, record);
  return pb_runner_result_get_record_count (job->result) < job->max_records;
}

gboolean
pb_runner_job_run (PbRunnerJob  *job,
                   GError      **error)
{
  const cJSON *stream = pb_runner_manifest_find_stream (job->manifest, job->stream);
  g_autoptr (Plan) plan = NULL;
  g_autoptr (GError) local = NULL;

  if (stream == NULL)
    {
      g_auto (GStrv) names = pb_runner_manifest_list_streams (job->manifest);
      g_autofree char *list = g_strjoinv (", ", names);

      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("The manifest has no stream “%s”. Its streams: %s."), job->stream,
                   *list != '\0' ? list : _("none"));
      return FALSE;
    }
  plan = plan_new (stream, FALSE, error);
  if (plan == NULL)
    return FALSE;
  if (job->access_token != NULL)
    pb_runner_auth_set_access_token (pb_runner_requester_get_auth (plan->requester),
                                     job->access_token);
  job->result = pb_runner_result_new (job->stream, job->keep_records, KEPT_BODY_BYTES);
  if (!read_stream (job, plan, keep_record, NULL, &local))
    {
      pb_runner_result_set_error (job->result, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (plan->unparsable > 0)
    {
      g_autofree char *formats = pb_runner_cursor_describe_formats (plan->cursor);
      g_autofree char *example = pb_runner_job_redact (job, plan->unparsable_example);

      pb_runner_result_add_warning (
        job->result, PB_RUNNER_WARNING_CURSOR_UNPARSABLE, -1, NULL,
        _("%u records have a cursor value (%s) that does not match the datetime format (%s), "
          "for example “%s”. Incremental syncs would not know where to resume: fix "
          "datetime_format or add cursor_datetime_formats."),
        plan->unparsable, pb_runner_cursor_get_field (plan->cursor), formats, example);
    }
  pb_runner_result_check_schema (job->result, plan->declared_schema);
  return TRUE;
}
