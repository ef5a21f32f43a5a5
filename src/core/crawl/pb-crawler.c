/* pb-crawler.c: an asynchronous, polite, bounded crawler for API documentation sites
 *
 * One crawl at a time. Requests run on the main context through libsoup; page bodies are read
 * in chunks with a running cap (so a compressed "zip bomb" cannot grow past the limit), then
 * decoded and scanned for links (pb-html-scan.c) in worker threads. Spec candidates (Redoc, Swagger
 * UI, <link>s, well-known paths) jump the queue; the first one that parses as an OpenAPI or Swagger
 * document ends the crawl. Fetching and parsing live in pb-crawler-fetch.c.
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
#include "pb-robots.h"

/* Spec candidates fetched per crawl: a page that links a thousand .json data files must not
 * turn the crawl into a download of all of them. */
#define MAX_SPEC_JOBS 64

G_DEFINE_FINAL_TYPE (PbCrawler, pb_crawler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_CONNECTIONS,
  PROP_MAX_PAGES,
  PROP_MAX_DEPTH,
  PROP_MAX_PAGE_BYTES,
  PROP_MAX_SPEC_BYTES,
  PROP_MAX_TOTAL_BYTES,
  PROP_MAX_SECONDS,
  PROP_IO_TIMEOUT,
  PROP_REQUEST_TIMEOUT,
  PROP_MAX_LINKS_PER_PAGE,
  PROP_MAX_QUEUED,
  PROP_BELOW_START_PATH,
  PROP_FIND_SPECS,
  PROP_KEEP_PAGES,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
crawl_page_free (gpointer data)
{
  PbCrawlPage *page = data;

  g_free (page->uri);
  g_clear_pointer (&page->html, g_bytes_unref);
  g_free (page);
}

void
pb_crawler_job_free (Job *job)
{
  g_clear_handle_id (&job->deadline_id, g_source_remove);
  g_free (job->uri);
  g_clear_pointer (&job->chain, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->msg);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->body, g_byte_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

void
pb_crawler_parse_free (Parse *parse)
{
  g_free (parse->uri);
  g_free (parse->charset);
  g_clear_pointer (&parse->body, g_bytes_unref);
  g_clear_pointer (&parse->html, g_bytes_unref);
  g_clear_pointer (&parse->links, g_ptr_array_unref);
  g_clear_pointer (&parse->specs, g_ptr_array_unref);
  g_clear_pointer (&parse->configs, g_ptr_array_unref);
  g_clear_object (&parse->spec);
  g_free (parse);
}

Job *
pb_crawler_job_new (PbCrawler  *self,
                    JobKind     kind,
                    const char *uri,
                    guint       depth)
{
  Job *job = g_new0 (Job, 1);

  job->self = self;
  job->kind = kind;
  job->uri = g_strdup (uri);
  job->depth = depth;
  job->chain = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (job->chain, g_strdup (uri));
  return job;
}

/* --- errors --------------------------------------------------------------------------- */

static char *
host_of (const char *uri)
{
  g_autoptr (GUri) parsed
    = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);

  return g_strdup (parsed != NULL && g_uri_get_host (parsed) != NULL ? g_uri_get_host (parsed)
                                                                     : uri);
}

GError *
pb_crawler_transport_error (const GError *error,
                            const char   *uri)
{
  g_autofree char *host = host_of (uri);

  return pb_http_error_from_transport (error, host);
}

/* --- scope ---------------------------------------------------------------------------- */

gboolean
pb_crawler_same_origin (const char *uri,
                        const char *origin)
{
  gsize n = strlen (origin);

  return strncmp (uri, origin, n) == 0 && (uri[n] == '/' || uri[n] == '\0');
}

char *
pb_crawler_origin_of (const char *uri)
{
  const char *p = strstr (uri, "://");
  const char *slash = p != NULL ? strchr (p + 3, '/') : NULL;

  return slash != NULL ? g_strndup (uri, slash - uri) : g_strdup (uri);
}

gboolean
pb_crawler_robots_allow (PbCrawler  *self,
                         const char *uri)
{
  if (self->robots == NULL || !pb_crawler_same_origin (uri, self->origin))
    return TRUE;
  return pb_robots_is_allowed (self->robots, uri + strlen (self->origin));
}

gboolean
pb_crawler_in_scope (PbCrawler  *self,
                     const char *uri)
{
  if (!pb_crawler_same_origin (uri, self->origin))
    return FALSE;
  if (self->scope_path != NULL && !g_str_has_prefix (uri + strlen (self->origin), self->scope_path))
    return FALSE;
  return TRUE;
}

/* --- queueing ------------------------------------------------------------------------- */

void
pb_crawler_enqueue_page (PbCrawler  *self,
                         const char *uri,
                         guint       depth)
{
  /* Most links of a docs page (nav, sidebar) were seen on the previous page: check first. */
  if (g_hash_table_contains (self->seen, uri) || depth > self->max_depth
      || !pb_crawler_in_scope (self, uri))
    return;
  if (pb_crawl_html_is_asset_path (uri + strlen (self->origin)))
    return;
  if (!pb_crawler_robots_allow (self, uri))
    return;
  /* The frontier is bounded: links past it are counted, not kept. */
  if (self->max_queued > 0 && self->pages.length >= self->max_queued)
    {
      self->links_skipped++;
      return;
    }
  if (!g_hash_table_add (self->seen, g_strdup (uri)))
    return;
  g_queue_push_tail (&self->pages, pb_crawler_job_new (self, JOB_PAGE, uri, depth));
  self->peak_queued = MAX (self->peak_queued, self->pages.length);
}

void
pb_crawler_enqueue_spec (PbCrawler  *self,
                         JobKind     kind,
                         const char *uri,
                         gboolean    probe)
{
  Job *job;

  if (!self->find_specs || self->spec != NULL)
    return;
  /* Guessed paths stay on the site; a spec the docs name may live elsewhere (a CDN, the API
   * host), as the page's own viewer would fetch it from there too. */
  if (probe && !pb_crawler_same_origin (uri, self->origin))
    return;
  if (self->spec_jobs >= MAX_SPEC_JOBS || !pb_crawler_robots_allow (self, uri))
    return;
  if (!g_hash_table_add (self->seen, g_strdup (uri)))
    return;
  self->spec_jobs++;
  job = pb_crawler_job_new (self, kind, uri, 0);
  job->probe = probe;
  g_queue_push_tail (&self->priority, job);
}

void
pb_crawler_enqueue_probes (PbCrawler *self)
{
  static const char *root_paths[] = {
    "/openapi.json", "/openapi.yaml", "/swagger.json", "/v3/api-docs", "/api-docs",
    "/.well-known/openapi.json", "/.well-known/openapi.yaml", NULL
  };
  static const char *dir_names[] = { "openapi.json", "openapi.yaml", "swagger.json", NULL };
  const char *path = self->start_uri + strlen (self->origin);
  const char *last_slash = strrchr (path, '/');
  g_autofree char *dir = NULL;

  if (last_slash != NULL && strchr (path, '?') == NULL)
    dir = g_strndup (path, last_slash - path + 1);

  for (guint i = 0; root_paths[i] != NULL; i++)
    {
      g_autofree char *uri = g_strconcat (self->origin, root_paths[i], NULL);
      pb_crawler_enqueue_spec (self, JOB_SPEC, uri, TRUE);
    }
  if (dir != NULL && strcmp (dir, "/") != 0)
    for (guint i = 0; dir_names[i] != NULL; i++)
      {
        g_autofree char *uri = g_strconcat (self->origin, dir, dir_names[i], NULL);
        pb_crawler_enqueue_spec (self, JOB_SPEC, uri, TRUE);
      }
}

void
pb_crawler_emit_progress (PbCrawler *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, self->pages_fetched,
                 self->pages.length + self->priority.length + self->in_flight, self->bytes);
}

/* --- stopping ------------------------------------------------------------------------- */

static void
cancel_active (PbCrawler *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->active);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_cancellable_cancel (((Job *) key)->cancellable);
}

void
pb_crawler_stop (PbCrawler   *self,
                 PbCrawlStop  reason)
{
  if (self->stopping)
    return;
  self->stopping = TRUE;
  self->stop_reason = reason;
  cancel_active (self);
}

static gboolean
user_cancel_cb (gpointer data)
{
  PbCrawler *self = data;

  if (self->task != NULL && !self->user_cancelled)
    {
      self->user_cancelled = TRUE;
      self->stopping = FALSE;   /* a limit reached just before still ends as cancelled */
      pb_crawler_stop (self, self->stop_reason);
      pb_crawler_maybe_finish (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   PbCrawler    *self)
{
  /* May run in another thread: hop to the crawl's context. */
  g_main_context_invoke_full (g_task_get_context (self->task), G_PRIORITY_HIGH,
                              user_cancel_cb, g_object_ref (self), g_object_unref);
}

static gboolean
time_is_up (gpointer data)
{
  PbCrawler *self = data;

  self->time_source = 0;
  pb_crawler_stop (self, PB_CRAWL_STOP_MAX_TIME);
  pb_crawler_maybe_finish (self);
  return G_SOURCE_REMOVE;
}

static void
finish (PbCrawler *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);
  Job *job;

  g_clear_handle_id (&self->time_source, g_source_remove);
  g_clear_handle_id (&self->delay_source, g_source_remove);
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->user_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->user_cancellable);
  while ((job = g_queue_pop_head (&self->priority)) != NULL)
    pb_crawler_job_free (job);
  while ((job = g_queue_pop_head (&self->pages)) != NULL)
    pb_crawler_job_free (job);
  g_clear_object (&self->session);

  if (self->user_cancelled)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The crawl was cancelled"));
      return;
    }
  if (self->spec == NULL && self->results->len == 0)
    {
      if (self->start_error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&self->start_error));
          return;
        }
      if (self->truncated_uri != NULL)
        {
          g_autofree char *limit
            = g_format_size_full (self->truncated_cap, G_FORMAT_SIZE_IEC_UNITS);

          g_task_return_new_error (task, PB_ERROR, PB_ERROR_TOO_LARGE,
                                   _("“%s” is larger than the limit of %s for one download "
                                     "(or unpacks to more): only its beginning was read, and "
                                     "nothing usable was in it."),
                                   self->truncated_uri, limit);
          return;
        }
      if (self->start_disallowed)
        {
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_NOTHING_FOUND,
                                   _("The site's robots.txt asks crawlers not to read “%s”."),
                                   self->start_uri);
          return;
        }
      if (self->stop_reason == PB_CRAWL_STOP_MAX_TIME)
        {
          g_autofree char *host = host_of (self->start_uri);
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_NETWORK,
                                   _("“%s” did not answer within %u seconds."), host,
                                   self->max_seconds);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
pb_crawler_maybe_finish (PbCrawler *self)
{
  if (self->task == NULL || self->in_flight > 0 || self->parsing > 0)
    return;
  if (!self->stopping)
    {
      if (self->priority.length > 0 || self->delay_source != 0 || !self->robots)
        return;
      if (self->pages.length > 0)
        {
          if (self->pages_started < self->max_pages)
            return;
          self->stop_reason = PB_CRAWL_STOP_MAX_PAGES;
        }
      else
        self->stop_reason = PB_CRAWL_STOP_COMPLETE;
      self->stopping = TRUE;
    }
  finish (self);
}

/* --- public --------------------------------------------------------------------------- */

static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  ascii = g_hostname_to_ascii (host);   /* IDNs become "xn--…" */
  if (ascii == NULL)
    return FALSE;
  for (const char *p = ascii; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;
  return TRUE;
}

void
pb_crawler_crawl_async (PbCrawler           *self,
                        const char          *url,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *start = NULL;
  g_autofree char *user_agent = NULL;
  g_autofree char *robots_uri = NULL;
  const char *scheme;
  Job *job;

  g_return_if_fail (PB_IS_CRAWLER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_crawler_crawl_async);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_FAILED, _("A crawl is already running."));
      return;
    }

  parsed = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;
  if (parsed == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      !host_is_valid (g_uri_get_host (parsed)) ||
      (start = pb_crawl_html_resolve (parsed, url)) == NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_URL,
                               _("“%s” is not a web address. Use a full http:// or https:// URL."),
                               url);
      return;
    }

  /* Forget the previous crawl. */
  g_clear_object (&self->spec);
  g_ptr_array_set_size (self->results, 0);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->link_cache, pb_crawl_link_cache_free);
  g_clear_pointer (&self->robots, pb_robots_free);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->truncated_uri, g_free);
  self->truncated_cap = 0;
  self->links_skipped = self->peak_queued = 0;
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->scope_path, g_free);
  g_clear_pointer (&self->start_uri, g_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->link_cache = pb_crawl_link_cache_new ();
  self->in_flight = self->parsing = 0;
  self->pages_started = self->pages_fetched = self->spec_jobs = 0;
  self->bytes = 0;
  self->stopping = self->user_cancelled = self->start_disallowed = FALSE;
  self->stop_reason = PB_CRAWL_STOP_COMPLETE;
  self->crawl_delay = 0;
  self->next_start = 0;

  self->start_uri = g_steal_pointer (&start);
  self->origin = pb_crawler_origin_of (self->start_uri);
  if (self->below_start_path)
    {
      const char *path = self->start_uri + strlen (self->origin);
      const char *last = strrchr (path, '/');
      self->scope_path = g_strndup (path, last != NULL ? (gsize) (last - path + 1) : strlen (path));
    }

  user_agent = g_strdup_printf ("%s/%s (+docs crawler)", PB_CRAWLER_AGENT_TOKEN, PACKAGE_VERSION);
  self->session = soup_session_new_with_options ("max-conns", self->max_connections + 4,
                                                 "max-conns-per-host", self->max_connections,
                                                 "user-agent", user_agent,
                                                 "timeout", self->io_timeout,
                                                 "idle-timeout", 60,
                                                 NULL);
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);

  self->task = g_object_ref (task);
  if (self->max_seconds > 0)
    self->time_source = g_timeout_add_seconds (self->max_seconds, time_is_up, self);

  /* The start page waits in the page queue until robots.txt has been read. */
  g_hash_table_add (self->seen, g_strdup (self->start_uri));
  job = pb_crawler_job_new (
    self, pb_crawl_html_is_spec_path (self->start_uri) ? JOB_SPEC : JOB_PAGE, self->start_uri, 0);
  job->is_start = TRUE;
  g_queue_push_head (&self->pages, job);

  robots_uri = g_strconcat (self->origin, "/robots.txt", NULL);
  pb_crawler_start_job (self, pb_crawler_job_new (self, JOB_ROBOTS, robots_uri, 0));

  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->cancelled_id
        = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled), self, NULL);
    }
}

gboolean
pb_crawler_crawl_finish (PbCrawler     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

PbSpecDocument *
pb_crawler_get_spec (PbCrawler *self)
{
  return self->spec;
}

GPtrArray *
pb_crawler_get_pages (PbCrawler *self)
{
  return self->results;
}

PbCrawlStop
pb_crawler_get_stop_reason (PbCrawler *self)
{
  return self->stop_reason;
}

guint
pb_crawler_get_pages_fetched (PbCrawler *self)
{
  return self->pages_fetched;
}

guint64
pb_crawler_get_bytes (PbCrawler *self)
{
  return self->bytes;
}

guint
pb_crawler_get_links_skipped (PbCrawler *self)
{
  return self->links_skipped;
}

guint
pb_crawler_get_peak_queued (PbCrawler *self)
{
  return self->peak_queued;
}

guint
pb_crawler_get_request_timeout (PbCrawler *self)
{
  return self->request_timeout;
}

PbCrawler *
pb_crawler_new (void)
{
  return g_object_new (PB_TYPE_CRAWLER, NULL);
}

/* --- GObject ---------------------------------------------------------------------------- */

static void
pb_crawler_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PbCrawler *self = PB_CRAWLER (object);

  switch (prop_id)
    {
    case PROP_MAX_CONNECTIONS: g_value_set_uint (value, self->max_connections); break;
    case PROP_MAX_PAGES: g_value_set_uint (value, self->max_pages); break;
    case PROP_MAX_DEPTH: g_value_set_uint (value, self->max_depth); break;
    case PROP_MAX_PAGE_BYTES: g_value_set_uint64 (value, self->max_page_bytes); break;
    case PROP_MAX_SPEC_BYTES: g_value_set_uint64 (value, self->max_spec_bytes); break;
    case PROP_MAX_TOTAL_BYTES: g_value_set_uint64 (value, self->max_total_bytes); break;
    case PROP_MAX_SECONDS: g_value_set_uint (value, self->max_seconds); break;
    case PROP_IO_TIMEOUT: g_value_set_uint (value, self->io_timeout); break;
    case PROP_REQUEST_TIMEOUT: g_value_set_uint (value, self->request_timeout); break;
    case PROP_MAX_LINKS_PER_PAGE: g_value_set_uint (value, self->max_links_per_page); break;
    case PROP_MAX_QUEUED: g_value_set_uint (value, self->max_queued); break;
    case PROP_BELOW_START_PATH: g_value_set_boolean (value, self->below_start_path); break;
    case PROP_FIND_SPECS: g_value_set_boolean (value, self->find_specs); break;
    case PROP_KEEP_PAGES: g_value_set_boolean (value, self->keep_pages); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define SET_IF_CHANGED(field, getter) \
  G_STMT_START { \
    if (self->field != getter (value)) \
      { \
        self->field = getter (value); \
        g_object_notify_by_pspec (object, pspec); \
      } \
  } G_STMT_END

static void
pb_crawler_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PbCrawler *self = PB_CRAWLER (object);

  switch (prop_id)
    {
    case PROP_MAX_CONNECTIONS: SET_IF_CHANGED (max_connections, g_value_get_uint); break;
    case PROP_MAX_PAGES: SET_IF_CHANGED (max_pages, g_value_get_uint); break;
    case PROP_MAX_DEPTH: SET_IF_CHANGED (max_depth, g_value_get_uint); break;
    case PROP_MAX_PAGE_BYTES: SET_IF_CHANGED (max_page_bytes, g_value_get_uint64); break;
    case PROP_MAX_SPEC_BYTES: SET_IF_CHANGED (max_spec_bytes, g_value_get_uint64); break;
    case PROP_MAX_TOTAL_BYTES: SET_IF_CHANGED (max_total_bytes, g_value_get_uint64); break;
    case PROP_MAX_SECONDS: SET_IF_CHANGED (max_seconds, g_value_get_uint); break;
    case PROP_IO_TIMEOUT: SET_IF_CHANGED (io_timeout, g_value_get_uint); break;
    case PROP_REQUEST_TIMEOUT: SET_IF_CHANGED (request_timeout, g_value_get_uint); break;
    case PROP_MAX_LINKS_PER_PAGE: SET_IF_CHANGED (max_links_per_page, g_value_get_uint); break;
    case PROP_MAX_QUEUED: SET_IF_CHANGED (max_queued, g_value_get_uint); break;
    case PROP_BELOW_START_PATH: SET_IF_CHANGED (below_start_path, g_value_get_boolean); break;
    case PROP_FIND_SPECS: SET_IF_CHANGED (find_specs, g_value_get_boolean); break;
    case PROP_KEEP_PAGES: SET_IF_CHANGED (keep_pages, g_value_get_boolean); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_crawler_dispose (GObject *object)
{
  PbCrawler *self = PB_CRAWLER (object);

  /* A running crawl holds a ref through its task, so dispose never races one. */
  g_clear_object (&self->session);
  g_clear_object (&self->spec);

  G_OBJECT_CLASS (pb_crawler_parent_class)->dispose (object);
}

static void
pb_crawler_finalize (GObject *object)
{
  PbCrawler *self = PB_CRAWLER (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->link_cache, pb_crawl_link_cache_free);
  g_clear_pointer (&self->active, g_hash_table_unref);
  g_clear_pointer (&self->robots, pb_robots_free);
  g_clear_error (&self->start_error);
  g_free (self->truncated_uri);
  g_free (self->origin);
  g_free (self->scope_path);
  g_free (self->start_uri);

  G_OBJECT_CLASS (pb_crawler_parent_class)->finalize (object);
}

static void
pb_crawler_class_init (PbCrawlerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = pb_crawler_get_property;
  object_class->set_property = pb_crawler_set_property;
  object_class->dispose = pb_crawler_dispose;
  object_class->finalize = pb_crawler_finalize;

  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 1, 64, 8, flags);
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL, 1, G_MAXUINT, 500, flags);
  properties[PROP_MAX_DEPTH] =
    g_param_spec_uint ("max-depth", NULL, NULL, 0, G_MAXUINT, 10, flags);
  properties[PROP_MAX_PAGE_BYTES] =
    g_param_spec_uint64 ("max-page-bytes", NULL, NULL, 1024, G_MAXUINT32, 16 * 1024 * 1024, flags);
  properties[PROP_MAX_SPEC_BYTES] =
    g_param_spec_uint64 ("max-spec-bytes", NULL, NULL, 1024, G_MAXUINT32, 64 * 1024 * 1024, flags);
  properties[PROP_MAX_TOTAL_BYTES] = g_param_spec_uint64 ("max-total-bytes", NULL, NULL, 1024,
                                                          G_MAXUINT64, 256 * 1024 * 1024, flags);
  properties[PROP_MAX_SECONDS] =
    g_param_spec_uint ("max-seconds", NULL, NULL, 0, G_MAXUINT, 300, flags);
  properties[PROP_IO_TIMEOUT] =
    g_param_spec_uint ("io-timeout", NULL, NULL, 0, G_MAXUINT, 20, flags);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 0, G_MAXUINT, 30, flags);
  properties[PROP_MAX_LINKS_PER_PAGE] =
    g_param_spec_uint ("max-links-per-page", NULL, NULL, 0, G_MAXUINT, 2000, flags);
  properties[PROP_MAX_QUEUED] =
    g_param_spec_uint ("max-queued", NULL, NULL, 0, G_MAXUINT, 10000, flags);
  properties[PROP_BELOW_START_PATH] =
    g_param_spec_boolean ("below-start-path", NULL, NULL, FALSE, flags);
  properties[PROP_FIND_SPECS] =
    g_param_spec_boolean ("find-specs", NULL, NULL, TRUE, flags);
  properties[PROP_KEEP_PAGES] =
    g_param_spec_boolean ("keep-pages", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT64);
}

static void
pb_crawler_init (PbCrawler *self)
{
  self->max_connections = 8;
  self->max_pages = 500;
  self->max_depth = 10;
  self->max_page_bytes = 16 * 1024 * 1024;
  self->max_spec_bytes = 64 * 1024 * 1024;
  self->max_total_bytes = 256 * 1024 * 1024;
  self->max_seconds = 300;
  self->io_timeout = 20;
  self->request_timeout = 30;
  self->max_links_per_page = 2000;
  self->max_queued = 10000;
  self->find_specs = TRUE;
  self->keep_pages = TRUE;
  self->results = g_ptr_array_new_with_free_func (crawl_page_free);
  self->active = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->priority);
  g_queue_init (&self->pages);
}
