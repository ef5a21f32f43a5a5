/* pb-crawler-fetch.c: the crawler's requests: start, redirect, read bodies under a cap, parse
 * them in worker threads and hand the results back to the queue (pb-crawler.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "pb-crawl-html.h"
#include "pb-crawler-private.h"
#include "pb-error.h"
#include "pb-http.h"

/* --- parsing (worker thread) ------------------------------------------------------------ */

static gboolean
try_spec (Parse *parse)
{
  g_autoptr (PbSpecDocument) doc = NULL;

  if (parse->truncated)
    return FALSE;
  doc = pb_spec_document_new_from_bytes (parse->body, parse->uri, NULL);
  if (doc == NULL || pb_spec_document_get_version (doc) == NULL)
    return FALSE;
  parse->spec = g_steal_pointer (&doc);
  return TRUE;
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Parse *parse = task_data;
  gsize length = 0;
  const char *data = g_bytes_get_data (parse->body, &length);
  gboolean markup;

  if (data == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (parse->kind == JOB_CONFIG)
    {
      parse->specs = g_ptr_array_new_with_free_func (g_free);
      pb_crawl_html_extract_config (data, length, parse->uri, parse->specs);
      g_task_return_boolean (task, TRUE);
      return;
    }

  {
    gsize i = 0;
    while (i < length && i < 512 && g_ascii_isspace (data[i]))
      i++;
    markup = parse->html_type || (i < length && data[i] == '<' && !parse->spec_type);
  }

  if (parse->find_specs && !parse->html_type
      && (parse->kind == JOB_SPEC || parse->spec_type
          || pb_crawl_html_looks_like_spec (data, length))
      && try_spec (parse))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!markup)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  parse->html = pb_crawl_html_bytes_to_utf8 (parse->body, parse->charset, NULL);
  parse->specs = g_ptr_array_new_with_free_func (g_free);
  parse->configs = g_ptr_array_new_with_free_func (g_free);
  /* A guessed spec path that answers with HTML is often the API viewer itself: read its
   * references to specs, but do not crawl on from it. */
  if (parse->kind == JOB_PAGE)
    parse->links = g_ptr_array_new_with_free_func (g_free);
  data = g_bytes_get_data (parse->html, &length);
  parse->skipped = pb_crawl_html_extract_limited (
    data != NULL ? data : "", length, parse->uri, parse->depth, parse->cache, parse->max_links,
    parse->links, parse->find_specs ? parse->specs : NULL,
    parse->find_specs ? parse->configs : NULL);
  g_task_return_boolean (task, TRUE);
}

static void
on_parsed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PbCrawler *self = PB_CRAWLER (object);
  Parse *parse = g_task_get_task_data (G_TASK (result));

  self->parsing--;
  self->links_skipped += parse->skipped;
  if (self->task == NULL || self->user_cancelled || self->spec != NULL)
    {
      pb_crawler_maybe_finish (self);
      return;
    }

  if (parse->spec != NULL)
    {
      self->spec = g_steal_pointer (&parse->spec);
      pb_crawler_stop (self, PB_CRAWL_STOP_SPEC_FOUND);
      pb_crawler_maybe_finish (self);
      return;
    }

  if (parse->html != NULL && parse->kind == JOB_PAGE)
    {
      PbCrawlPage *page = g_new0 (PbCrawlPage, 1);

      page->uri = g_strdup (parse->uri);
      page->depth = parse->depth;
      page->status = parse->status;
      page->truncated = parse->truncated;
      if (self->keep_pages)
        page->html = g_bytes_ref (parse->html);
      g_ptr_array_add (self->results, page);
    }

  if (!self->stopping)
    {
      for (guint i = 0; parse->specs != NULL && i < parse->specs->len; i++)
        pb_crawler_enqueue_spec (self, JOB_SPEC, g_ptr_array_index (parse->specs, i), FALSE);
      for (guint i = 0; parse->configs != NULL && i < parse->configs->len; i++)
        pb_crawler_enqueue_spec (self, JOB_CONFIG, g_ptr_array_index (parse->configs, i), FALSE);
      for (guint i = 0; parse->links != NULL && i < parse->links->len; i++)
        pb_crawler_enqueue_page (self, g_ptr_array_index (parse->links, i), parse->depth + 1);
    }

  pb_crawler_emit_progress (self);
  pb_crawler_pump (self);
}

/* --- fetching --------------------------------------------------------------------------- */

static gboolean
content_type_is (const char *type,
                 const char * const *needles)
{
  for (guint i = 0; type != NULL && needles[i] != NULL; i++)
    if (strstr (type, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
fail_start (PbCrawler *self,
            GError    *error)
{
  if (self->start_error == NULL)
    self->start_error = error;
  else
    g_error_free (error);
}

/* Follows a 3xx of JOB by queueing its target first; same site only, no loops. */
static void
follow_redirect (PbCrawler  *self,
                 Job        *job,
                 guint       status)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr (GUri) base
    = g_uri_parse (job->uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  g_autofree char *target
    = base != NULL && location != NULL ? pb_crawl_html_resolve (base, location) : NULL;
  g_autofree char *job_origin = pb_crawler_origin_of (job->chain->pdata[0]);
  Job *next;

  if (target == NULL)
    {
      if (job->is_start)
        fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                       _("“%s” answered %u with no usable redirect address."),
                                       job->uri, status));
      return;
    }
  for (guint i = 0; i < job->chain->len; i++)
    if (strcmp (job->chain->pdata[i], target) == 0)
      {
        if (job->is_start)
          fail_start (self,
                      g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS, _("“%s” redirects in a loop."),
                                   (char *)job->chain->pdata[0]));
        return;
      }
  if (job->hops >= MAX_REDIRECTS)
    {
      if (job->is_start)
        fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                       _("“%s” redirects more than %u times."),
                                       (char *)job->chain->pdata[0], MAX_REDIRECTS));
      return;
    }
  if (job->kind == JOB_PAGE || job->probe ? !pb_crawler_in_scope (self, target)
                                          : !pb_crawler_same_origin (target, job_origin) &&
                                            !pb_crawler_same_origin (target, self->origin))
    {
      if (job->is_start)
        fail_start (
          self,
          g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                       _("“%s” redirects to “%s”, another site. Start from that address instead."),
                       job->uri, target));
      return;
    }
  if (!pb_crawler_robots_allow (self, target))
    {
      if (job->is_start)
        self->start_disallowed = TRUE;
      return;
    }
  /* Already fetched or queued through another link: nothing more to do. */
  if (!g_hash_table_add (self->seen, g_strdup (target)) && !job->is_start)
    return;

  next = pb_crawler_job_new (self, job->kind, target, job->depth);
  g_ptr_array_set_size (next->chain, 0);
  for (guint i = 0; i < job->chain->len; i++)
    g_ptr_array_add (next->chain, g_strdup (job->chain->pdata[i]));
  g_ptr_array_add (next->chain, g_strdup (target));
  next->hops = job->hops + 1;
  next->is_start = job->is_start;
  next->probe = job->probe;
  if (job->kind == JOB_PAGE)
    self->pages_started--;   /* the redirect itself was not a page */
  g_queue_push_head (&self->priority, next);
}

static void
job_done (Job *job)
{
  PbCrawler *self = job->self;
  guint status = job->msg != NULL ? soup_message_get_status (job->msg) : 0;
  g_autoptr (GBytes) body = NULL;

  g_hash_table_remove (self->active, job);
  self->in_flight--;
  g_clear_handle_id (&job->deadline_id, g_source_remove);
  if (job->deadline_hit)
    {
      g_clear_error (&job->error);
      job->error = g_error_new (
        PB_ERROR, PB_ERROR_NETWORK,
        ngettext ("“%s” took longer than %u second to answer (it kept sending, slowly); gave "
                  "up on it.",
                  "“%s” took longer than %u seconds to answer (it kept sending, slowly); gave "
                  "up on it.",
                  self->request_timeout),
        job->uri, self->request_timeout);
    }
  /* A body we stopped reading early must not be drained: drop the connection instead. */
  if (job->truncated || job->error != NULL)
    g_cancellable_cancel (job->cancellable);
  g_clear_object (&job->stream);
  body = job->body != NULL ? g_byte_array_free_to_bytes (g_steal_pointer (&job->body)) : NULL;

  if (job->kind == JOB_ROBOTS)
    {
      if (job->error != NULL && !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The site is unreachable: the start page will fail the same way; say so once. */
          fail_start (self, pb_crawler_transport_error (job->error, job->uri));
          self->robots = pb_robots_new_deny_all ();
          pb_crawler_stop (self, PB_CRAWL_STOP_COMPLETE);
        }
      else if (status >= 200 && status < 300 && body != NULL)
        {
          gsize len = 0;
          const char *text = g_bytes_get_data (body, &len);
          self->robots = pb_robots_new_from_text (text, len, PB_CRAWLER_AGENT_TOKEN);
        }
      else if (status >= 500)
        self->robots = pb_robots_new_deny_all ();   /* RFC 9309: unreachable means disallow */
      else
        self->robots = pb_robots_new_allow_all ();
      self->crawl_delay = pb_robots_get_crawl_delay (self->robots);

      if (!self->stopping)
        {
          Job *start = g_queue_pop_head (&self->pages);

          /* The start page goes first, then the guesses at well-known spec paths. */
          if (!pb_crawler_robots_allow (self, start->uri))
            {
              self->start_disallowed = TRUE;
              pb_crawler_job_free (start);
            }
          else
            g_queue_push_head (&self->priority, start);
          if (self->find_specs)
            pb_crawler_enqueue_probes (self);
        }
      pb_crawler_job_free (job);
      pb_crawler_pump (self);
      return;
    }

  if (job->error != NULL)
    {
      if (job->is_start && !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_start (self, pb_crawler_transport_error (job->error, job->uri));
      g_debug ("crawl: %s: %s", job->uri, job->error->message);
    }
  else if (SOUP_STATUS_IS_REDIRECTION (status) && status != 304 && !self->stopping)
    follow_redirect (self, job, status);
  else if (status >= 400 || status < 200)
    {
      if (job->is_start)
        fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                       _("“%s” answered “%u %s”."), job->uri, status,
                                       soup_message_get_reason_phrase (job->msg)
                                         ? soup_message_get_reason_phrase (job->msg) : ""));
    }
  else if (!self->stopping && body != NULL)
    {
      static const char * const html_types[] = { "html", NULL };
      static const char * const spec_types[] = { "json", "yaml", "yml", NULL };
      SoupMessageHeaders *headers = soup_message_get_response_headers (job->msg);
      GHashTable *params = NULL;
      const char *ctype = soup_message_headers_get_content_type (headers, &params);
      Parse *parse = g_new0 (Parse, 1);
      g_autoptr (GTask) task = NULL;

      if (job->kind == JOB_PAGE)
        self->pages_fetched++;
      if (job->truncated && job->kind != JOB_CONFIG && self->truncated_uri == NULL)
        {
          self->truncated_uri = g_strdup (job->uri);
          self->truncated_cap = job->cap;
        }
      parse->kind = job->kind;
      parse->max_links = self->max_links_per_page;
      parse->uri = g_strdup (job->uri);
      parse->depth = job->depth;
      parse->find_specs = self->find_specs && self->spec == NULL;
      parse->html_type = content_type_is (ctype, html_types);
      parse->spec_type = content_type_is (ctype, spec_types);
      parse->charset = params != NULL ? g_strdup (g_hash_table_lookup (params, "charset")) : NULL;
      parse->body = g_bytes_ref (body);
      parse->truncated = job->truncated;
      parse->status = status;
      parse->cache = self->link_cache;
      g_clear_pointer (&params, g_hash_table_unref);

      self->parsing++;
      task = g_task_new (self, NULL, on_parsed, NULL);
      g_task_set_source_tag (task, job_done);
      g_task_set_task_data (task, parse, (GDestroyNotify) pb_crawler_parse_free);
      g_task_run_in_thread (task, parse_thread);
    }

  pb_crawler_job_free (job);
  pb_crawler_emit_progress (self);
  pb_crawler_pump (self);
}

static void on_read (GObject *object, GAsyncResult *result, gpointer user_data);

/* Reads straight into the body's tail (no bounce buffer), at most one byte past the cap so
 * that a longer body is noticed without reading it. */
static void
read_more (Job *job)
{
  gsize want = MIN ((gsize) CHUNK_SIZE, job->cap - job->filled + 1);

  g_byte_array_set_size (job->body, job->filled + want);
  g_input_stream_read_async (job->stream, job->body->data + job->filled, want, G_PRIORITY_DEFAULT,
                             job->cancellable, on_read, job);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = user_data;
  PbCrawler *self = job->self;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &job->error);

  if (n <= 0)
    {
      g_byte_array_set_size (job->body, job->filled);
      job_done (job);
      return;
    }

  self->bytes += n;
  job->filled += n;
  if (job->filled > job->cap)
    {
      job->filled = job->cap;
      job->truncated = TRUE;
    }
  g_byte_array_set_size (job->body, job->filled);

  if (self->bytes >= self->max_total_bytes)
    pb_crawler_stop (self, PB_CRAWL_STOP_MAX_BYTES);
  if (job->truncated || g_cancellable_is_cancelled (job->cancellable))
    {
      job_done (job);
      return;
    }
  read_more (job);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = user_data;
  goffset declared;

  job->stream = soup_session_send_finish (SOUP_SESSION (object), result, &job->error);
  if (job->stream == NULL)
    {
      job_done (job);
      return;
    }
  /* Size the buffer from Content-Length when there is one (the encoded size: a hint only). */
  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (job->msg));
  job->body
    = g_byte_array_sized_new (MIN (job->cap, (gsize)CLAMP (declared, CHUNK_SIZE, G_MAXINT32)) + 1);
  job->filled = 0;
  read_more (job);
}

/* Bytes trickling in keep the idle timeout from firing: this one counts from the request. */
static gboolean
deadline_cb (gpointer data)
{
  Job *job = data;

  job->deadline_id = 0;
  job->deadline_hit = TRUE;
  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_REMOVE;
}

void
pb_crawler_start_job (PbCrawler *self,
                      Job       *job)
{
  SoupMessageHeaders *headers;

  job->msg = soup_message_new (SOUP_METHOD_GET, job->uri);
  if (job->msg == NULL)
    {
      pb_crawler_job_free (job);
      return;
    }
  soup_message_add_flags (job->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (job->msg);
  switch (job->kind)
    {
    case JOB_ROBOTS:
      job->cap = ROBOTS_MAX_BYTES;
      soup_message_headers_replace (headers, "Accept", "text/plain, */*;q=0.5");
      break;
    case JOB_PAGE:
      job->cap = self->max_page_bytes;
      self->pages_started++;
      soup_message_headers_replace (headers, "Accept",
                                    "text/html, application/xhtml+xml;q=0.9, */*;q=0.5");
      break;
    case JOB_SPEC:
      job->cap = self->max_spec_bytes;
      soup_message_headers_replace (
        headers, "Accept", "application/json, application/yaml, text/yaml;q=0.9, */*;q=0.5");
      break;
    case JOB_CONFIG:
      job->cap = CONFIG_MAX_BYTES;
      soup_message_headers_replace (headers, "Accept", "application/json, */*;q=0.5");
      break;
    default:
      g_assert_not_reached ();
    }
  job->cancellable = g_cancellable_new ();
  if (self->request_timeout > 0)
    job->deadline_id = g_timeout_add_seconds (self->request_timeout, deadline_cb, job);
  g_hash_table_add (self->active, job);
  self->in_flight++;
  soup_session_send_async (self->session, job->msg, G_PRIORITY_DEFAULT, job->cancellable, on_sent,
                           job);
}

static gboolean
delay_over (gpointer data)
{
  PbCrawler *self = data;

  self->delay_source = 0;
  pb_crawler_pump (self);
  return G_SOURCE_REMOVE;
}

void
pb_crawler_pump (PbCrawler *self)
{
  guint limit = self->crawl_delay > 0 ? 1 : self->max_connections;

  if (self->task == NULL)
    return;
  while (!self->stopping && self->robots != NULL && self->in_flight < limit
         && self->delay_source == 0)
    {
      Job *job = NULL;

      if (self->crawl_delay > 0)
        {
          gint64 now = g_get_monotonic_time ();
          if (now < self->next_start)
            {
              self->delay_source
                = g_timeout_add ((self->next_start - now) / 1000 + 1, delay_over, self);
              break;
            }
        }
      if (self->priority.length > 0)
        job = g_queue_pop_head (&self->priority);
      else if (self->pages.length > 0 && self->pages_started < self->max_pages)
        job = g_queue_pop_head (&self->pages);
      if (job == NULL)
        break;
      pb_crawler_start_job (self, job);
      if (self->crawl_delay > 0)
        self->next_start = g_get_monotonic_time () + (gint64) self->crawl_delay * 1000;
    }
  pb_crawler_maybe_finish (self);
}
