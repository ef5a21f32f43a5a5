/* pb-crawler.c: an asynchronous, polite, bounded crawler for API documentation sites
 *
 * One crawl at a time. Requests run on the main context through libsoup; page bodies are read
 * in chunks with a running cap (so a compressed "zip bomb" cannot grow past the limit), then
 * decoded and scanned for links (pb-html-scan.c) in worker threads. Spec candidates (Redoc, Swagger UI,
 * <link>s, well-known paths) jump the queue; the first one that parses as an OpenAPI or
 * Swagger document ends the crawl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>

#include "pb-crawl-html.h"
#include "pb-crawler.h"
#include "pb-error.h"
#include "pb-http.h"
#include "pb-robots.h"

#define CHUNK_SIZE (64 * 1024)
#define MAX_REDIRECTS 10
#define ROBOTS_MAX_BYTES (512 * 1024)
#define CONFIG_MAX_BYTES (1024 * 1024)
/* Spec candidates fetched per crawl: a page that links a thousand .json data files must not
 * turn the crawl into a download of all of them. */
#define MAX_SPEC_JOBS 64

typedef enum {
  JOB_ROBOTS,
  JOB_PAGE,
  JOB_SPEC,     /* a URL that should hold an OpenAPI / Swagger document */
  JOB_CONFIG,   /* a Swagger UI configuration naming specs */
} JobKind;

typedef struct {
  PbCrawler    *self;
  JobKind       kind;
  char         *uri;
  guint         depth;
  guint         hops;
  gboolean      is_start;
  gboolean      probe;      /* a well-known path we guessed: failures say nothing */
  GPtrArray    *chain;      /* URIs of this redirect chain, for loop detection */
  GCancellable *cancellable;
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  gsize         filled;     /* bytes of BODY read so far */
  gsize         cap;
  gboolean      truncated;
  GError       *error;
} Job;

typedef struct {
  JobKind         kind;
  char           *uri;
  guint           depth;
  gboolean        find_specs;
  gboolean        html_type;    /* Content-Type says HTML */
  gboolean        spec_type;    /* Content-Type says JSON or YAML */
  char           *charset;
  GBytes         *body;
  gboolean        truncated;
  guint           status;
  PbCrawlLinkCache *cache;      /* the crawl's; outlives every parse (see finish) */
  /* out */
  GBytes         *html;
  GPtrArray      *links;
  GPtrArray      *specs;
  GPtrArray      *configs;
  PbSpecDocument *spec;
} Parse;

struct _PbCrawler
{
  GObject parent_instance;

  guint    max_connections;
  guint    max_pages;
  guint    max_depth;
  guint64  max_page_bytes;
  guint64  max_spec_bytes;
  guint64  max_total_bytes;
  guint    max_seconds;
  guint    io_timeout;
  gboolean below_start_path;
  gboolean find_specs;
  gboolean keep_pages;

  /* one crawl */
  GTask         *task;
  SoupSession   *session;
  GCancellable  *user_cancellable;
  gulong         cancelled_id;
  char          *origin;       /* "http://host:port", no trailing slash */
  char          *scope_path;   /* "/docs/" when below-start-path */
  char          *start_uri;
  GHashTable    *seen;
  PbCrawlLinkCache *link_cache;
  GHashTable    *active;       /* Job* set */
  GQueue         priority;     /* robots-cleared spec candidates and redirects */
  GQueue         pages;        /* page jobs */
  PbRobots      *robots;
  guint          crawl_delay;  /* ms */
  gint64         next_start;   /* monotonic µs */
  guint          delay_source;
  guint          time_source;
  guint          in_flight;
  guint          parsing;
  guint          pages_started;
  guint          pages_fetched;
  guint          spec_jobs;
  guint64        bytes;
  gboolean       stopping;
  gboolean       user_cancelled;
  gboolean       start_disallowed;
  PbCrawlStop    stop_reason;
  GError        *start_error;

  /* results */
  GPtrArray      *results;     /* PbCrawlPage* */
  PbSpecDocument *spec;
};

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

static void pump (PbCrawler *self);
static void maybe_finish (PbCrawler *self);

static void
crawl_page_free (gpointer data)
{
  PbCrawlPage *page = data;

  g_free (page->uri);
  g_clear_pointer (&page->html, g_bytes_unref);
  g_free (page);
}

static void
job_free (Job *job)
{
  g_free (job->uri);
  g_clear_pointer (&job->chain, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->msg);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->body, g_byte_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
parse_free (Parse *parse)
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

static Job *
job_new (PbCrawler  *self,
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
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);

  return g_strdup (parsed != NULL && g_uri_get_host (parsed) != NULL ? g_uri_get_host (parsed) : uri);
}

static GError *
transport_error (const GError *error,
                 const char   *uri)
{
  g_autofree char *host = host_of (uri);

  return pb_http_error_from_transport (error, host);
}

/* --- scope ---------------------------------------------------------------------------- */

static gboolean
same_origin (const char *uri,
             const char *origin)
{
  gsize n = strlen (origin);

  return strncmp (uri, origin, n) == 0 && (uri[n] == '/' || uri[n] == '\0');
}

static char *
origin_of (const char *uri)
{
  const char *p = strstr (uri, "://");
  const char *slash = p != NULL ? strchr (p + 3, '/') : NULL;

  return slash != NULL ? g_strndup (uri, slash - uri) : g_strdup (uri);
}

static gboolean
robots_allow (PbCrawler  *self,
              const char *uri)
{
  if (self->robots == NULL || !same_origin (uri, self->origin))
    return TRUE;
  return pb_robots_is_allowed (self->robots, uri + strlen (self->origin));
}

static gboolean
in_scope (PbCrawler  *self,
          const char *uri)
{
  if (!same_origin (uri, self->origin))
    return FALSE;
  if (self->scope_path != NULL && !g_str_has_prefix (uri + strlen (self->origin), self->scope_path))
    return FALSE;
  return TRUE;
}

/* --- queueing ------------------------------------------------------------------------- */

static void
enqueue_page (PbCrawler  *self,
              const char *uri,
              guint       depth)
{
  /* Most links of a docs page (nav, sidebar) were seen on the previous page: check first. */
  if (g_hash_table_contains (self->seen, uri) || depth > self->max_depth || !in_scope (self, uri))
    return;
  if (pb_crawl_html_is_asset_path (uri + strlen (self->origin)))
    return;
  if (!robots_allow (self, uri))
    return;
  if (!g_hash_table_add (self->seen, g_strdup (uri)))
    return;
  g_queue_push_tail (&self->pages, job_new (self, JOB_PAGE, uri, depth));
}

static void
enqueue_spec (PbCrawler  *self,
              JobKind     kind,
              const char *uri,
              gboolean    probe)
{
  Job *job;

  if (!self->find_specs || self->spec != NULL)
    return;
  /* Guessed paths stay on the site; a spec the docs name may live elsewhere (a CDN, the API
   * host), as the page's own viewer would fetch it from there too. */
  if (probe && !same_origin (uri, self->origin))
    return;
  if (self->spec_jobs >= MAX_SPEC_JOBS || !robots_allow (self, uri))
    return;
  if (!g_hash_table_add (self->seen, g_strdup (uri)))
    return;
  self->spec_jobs++;
  job = job_new (self, kind, uri, 0);
  job->probe = probe;
  g_queue_push_tail (&self->priority, job);
}

static void
enqueue_probes (PbCrawler *self)
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
      enqueue_spec (self, JOB_SPEC, uri, TRUE);
    }
  if (dir != NULL && strcmp (dir, "/") != 0)
    for (guint i = 0; dir_names[i] != NULL; i++)
      {
        g_autofree char *uri = g_strconcat (self->origin, dir, dir_names[i], NULL);
        enqueue_spec (self, JOB_SPEC, uri, TRUE);
      }
}

static void
emit_progress (PbCrawler *self)
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

static void
stop (PbCrawler   *self,
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
      stop (self, self->stop_reason);
      maybe_finish (self);
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
  stop (self, PB_CRAWL_STOP_MAX_TIME);
  maybe_finish (self);
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
    job_free (job);
  while ((job = g_queue_pop_head (&self->pages)) != NULL)
    job_free (job);
  g_clear_object (&self->session);

  if (self->user_cancelled)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The crawl was cancelled"));
      return;
    }
  if (self->spec == NULL && self->results->len == 0)
    {
      if (self->start_error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&self->start_error));
          return;
        }
      if (self->start_disallowed)
        {
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_NOTHING_FOUND,
                                   _("The site's robots.txt asks crawlers not to read “%s”."), self->start_uri);
          return;
        }
      if (self->stop_reason == PB_CRAWL_STOP_MAX_TIME)
        {
          g_autofree char *host = host_of (self->start_uri);
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_NETWORK,
                                   _("“%s” did not answer within %u seconds."), host, self->max_seconds);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
maybe_finish (PbCrawler *self)
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

  if (parse->find_specs && !parse->html_type &&
      (parse->kind == JOB_SPEC || parse->spec_type || pb_crawl_html_looks_like_spec (data, length)) &&
      try_spec (parse))
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
  pb_crawl_html_extract_cached (data != NULL ? data : "", length, parse->uri, parse->depth, parse->cache,
                                parse->links,
                         parse->find_specs ? parse->specs : NULL,
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
  if (self->task == NULL || self->user_cancelled || self->spec != NULL)
    {
      maybe_finish (self);
      return;
    }

  if (parse->spec != NULL)
    {
      self->spec = g_steal_pointer (&parse->spec);
      stop (self, PB_CRAWL_STOP_SPEC_FOUND);
      maybe_finish (self);
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
        enqueue_spec (self, JOB_SPEC, g_ptr_array_index (parse->specs, i), FALSE);
      for (guint i = 0; parse->configs != NULL && i < parse->configs->len; i++)
        enqueue_spec (self, JOB_CONFIG, g_ptr_array_index (parse->configs, i), FALSE);
      for (guint i = 0; parse->links != NULL && i < parse->links->len; i++)
        enqueue_page (self, g_ptr_array_index (parse->links, i), parse->depth + 1);
    }

  emit_progress (self);
  pump (self);
}

/* --- fetching --------------------------------------------------------------------------- */

static void start_job (PbCrawler *self, Job *job);

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
  g_autoptr (GUri) base = g_uri_parse (job->uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  g_autofree char *target = base != NULL && location != NULL ? pb_crawl_html_resolve (base, location) : NULL;
  g_autofree char *job_origin = origin_of (job->chain->pdata[0]);
  Job *next;

  if (target == NULL)
    {
      if (job->is_start)
        fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                       _("“%s” answered %u with no usable redirect address."), job->uri, status));
      return;
    }
  for (guint i = 0; i < job->chain->len; i++)
    if (strcmp (job->chain->pdata[i], target) == 0)
      {
        if (job->is_start)
          fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                         _("“%s” redirects in a loop."), (char *) job->chain->pdata[0]));
        return;
      }
  if (job->hops >= MAX_REDIRECTS)
    {
      if (job->is_start)
        fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                       _("“%s” redirects more than %u times."), (char *) job->chain->pdata[0],
                                       MAX_REDIRECTS));
      return;
    }
  if (job->kind == JOB_PAGE || job->probe ? !in_scope (self, target)
                                          : !same_origin (target, job_origin) && !same_origin (target, self->origin))
    {
      if (job->is_start)
        fail_start (self, g_error_new (PB_ERROR, PB_ERROR_HTTP_STATUS,
                                       _("“%s” redirects to “%s”, another site. Start from that address instead."),
                                       job->uri, target));
      return;
    }
  if (!robots_allow (self, target))
    {
      if (job->is_start)
        self->start_disallowed = TRUE;
      return;
    }
  /* Already fetched or queued through another link: nothing more to do. */
  if (!g_hash_table_add (self->seen, g_strdup (target)) && !job->is_start)
    return;

  next = job_new (self, job->kind, target, job->depth);
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
          fail_start (self, transport_error (job->error, job->uri));
          self->robots = pb_robots_new_deny_all ();
          stop (self, PB_CRAWL_STOP_COMPLETE);
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
          if (!robots_allow (self, start->uri))
            {
              self->start_disallowed = TRUE;
              job_free (start);
            }
          else
            g_queue_push_head (&self->priority, start);
          if (self->find_specs)
            enqueue_probes (self);
        }
      job_free (job);
      pump (self);
      return;
    }

  if (job->error != NULL)
    {
      if (job->is_start && !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_start (self, transport_error (job->error, job->uri));
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
      parse->kind = job->kind;
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
      g_task_set_task_data (task, parse, (GDestroyNotify) parse_free);
      g_task_run_in_thread (task, parse_thread);
    }

  job_free (job);
  emit_progress (self);
  pump (self);
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
    stop (self, PB_CRAWL_STOP_MAX_BYTES);
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
  job->body = g_byte_array_sized_new (MIN (job->cap, (gsize) CLAMP (declared, CHUNK_SIZE, G_MAXINT32)) + 1);
  job->filled = 0;
  read_more (job);
}

static void
start_job (PbCrawler *self,
           Job       *job)
{
  SoupMessageHeaders *headers;

  job->msg = soup_message_new (SOUP_METHOD_GET, job->uri);
  if (job->msg == NULL)
    {
      job_free (job);
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
      soup_message_headers_replace (headers, "Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5");
      break;
    case JOB_SPEC:
      job->cap = self->max_spec_bytes;
      soup_message_headers_replace (headers, "Accept",
                                    "application/json, application/yaml, text/yaml;q=0.9, */*;q=0.5");
      break;
    case JOB_CONFIG:
      job->cap = CONFIG_MAX_BYTES;
      soup_message_headers_replace (headers, "Accept", "application/json, */*;q=0.5");
      break;
    default:
      g_assert_not_reached ();
    }
  job->cancellable = g_cancellable_new ();
  g_hash_table_add (self->active, job);
  self->in_flight++;
  soup_session_send_async (self->session, job->msg, G_PRIORITY_DEFAULT, job->cancellable, on_sent, job);
}

static gboolean
delay_over (gpointer data)
{
  PbCrawler *self = data;

  self->delay_source = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

static void
pump (PbCrawler *self)
{
  guint limit = self->crawl_delay > 0 ? 1 : self->max_connections;

  if (self->task == NULL)
    return;
  while (!self->stopping && self->robots != NULL && self->in_flight < limit && self->delay_source == 0)
    {
      Job *job = NULL;

      if (self->crawl_delay > 0)
        {
          gint64 now = g_get_monotonic_time ();
          if (now < self->next_start)
            {
              self->delay_source = g_timeout_add ((self->next_start - now) / 1000 + 1, delay_over, self);
              break;
            }
        }
      if (self->priority.length > 0)
        job = g_queue_pop_head (&self->priority);
      else if (self->pages.length > 0 && self->pages_started < self->max_pages)
        job = g_queue_pop_head (&self->pages);
      if (job == NULL)
        break;
      start_job (self, job);
      if (self->crawl_delay > 0)
        self->next_start = g_get_monotonic_time () + (gint64) self->crawl_delay * 1000;
    }
  maybe_finish (self);
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
                               _("“%s” is not a web address. Use a full http:// or https:// URL."), url);
      return;
    }

  /* Forget the previous crawl. */
  g_clear_object (&self->spec);
  g_ptr_array_set_size (self->results, 0);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->link_cache, pb_crawl_link_cache_free);
  g_clear_pointer (&self->robots, pb_robots_free);
  g_clear_error (&self->start_error);
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
  self->origin = origin_of (self->start_uri);
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
  job = job_new (self, pb_crawl_html_is_spec_path (self->start_uri) ? JOB_SPEC : JOB_PAGE, self->start_uri, 0);
  job->is_start = TRUE;
  g_queue_push_head (&self->pages, job);

  robots_uri = g_strconcat (self->origin, "/robots.txt", NULL);
  start_job (self, job_new (self, JOB_ROBOTS, robots_uri, 0));

  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled), self, NULL);
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
    g_param_spec_uint64 ("max-page-bytes", NULL, NULL, 1024, G_MAXUINT32, 4 * 1024 * 1024, flags);
  properties[PROP_MAX_SPEC_BYTES] =
    g_param_spec_uint64 ("max-spec-bytes", NULL, NULL, 1024, G_MAXUINT32, 64 * 1024 * 1024, flags);
  properties[PROP_MAX_TOTAL_BYTES] =
    g_param_spec_uint64 ("max-total-bytes", NULL, NULL, 1024, G_MAXUINT64, 256 * 1024 * 1024, flags);
  properties[PROP_MAX_SECONDS] =
    g_param_spec_uint ("max-seconds", NULL, NULL, 0, G_MAXUINT, 300, flags);
  properties[PROP_IO_TIMEOUT] =
    g_param_spec_uint ("io-timeout", NULL, NULL, 0, G_MAXUINT, 20, flags);
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

  /* libxml2 (the docs extractor's parser) must be initialised once before parsers run in several threads. */
  xmlInitParser ();
}

static void
pb_crawler_init (PbCrawler *self)
{
  self->max_connections = 8;
  self->max_pages = 500;
  self->max_depth = 10;
  self->max_page_bytes = 4 * 1024 * 1024;
  self->max_spec_bytes = 64 * 1024 * 1024;
  self->max_total_bytes = 256 * 1024 * 1024;
  self->max_seconds = 300;
  self->io_timeout = 20;
  self->find_specs = TRUE;
  self->keep_pages = TRUE;
  self->results = g_ptr_array_new_with_free_func (crawl_page_free);
  self->active = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->priority);
  g_queue_init (&self->pages);
}
