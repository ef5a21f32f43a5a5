/* pb-crawler-private.h: what pb-crawler.c and pb-crawler-fetch.c share (not a type)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-crawl-html.h"
#include "pb-crawler.h"
#include "pb-robots.h"

G_BEGIN_DECLS

#define CHUNK_SIZE (64 * 1024)
#define MAX_REDIRECTS 10
#define ROBOTS_MAX_BYTES (512 * 1024)
#define CONFIG_MAX_BYTES (1024 * 1024)

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
  guint         deadline_id;  /* the request's overall deadline (request-timeout) */
  gboolean      deadline_hit;
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
  guint           max_links;
  /* out */
  guint           skipped;      /* links and spec references over the page's limits */
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
  guint    request_timeout;
  guint    max_links_per_page;
  guint    max_queued;
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
  guint          links_skipped;
  guint          peak_queued;
  char          *truncated_uri;  /* the first page or spec cut at its size limit */
  guint64        truncated_cap;
  gboolean       stopping;
  gboolean       user_cancelled;
  gboolean       start_disallowed;
  PbCrawlStop    stop_reason;
  GError        *start_error;

  /* results */
  GPtrArray      *results;     /* PbCrawlPage* */
  PbSpecDocument *spec;
};

/* pb-crawler.c: jobs, scope, queueing, stopping */
void pb_crawler_emit_progress (PbCrawler *self);
void pb_crawler_enqueue_page (PbCrawler *self, const char *uri, guint depth);
void pb_crawler_enqueue_probes (PbCrawler *self);
void pb_crawler_enqueue_spec (PbCrawler *self, JobKind kind, const char *uri, gboolean probe);
gboolean pb_crawler_in_scope (PbCrawler *self, const char *uri);
void pb_crawler_job_free (Job *job);
Job *pb_crawler_job_new (PbCrawler *self, JobKind kind, const char *uri, guint depth);
void pb_crawler_maybe_finish (PbCrawler *self);
char *pb_crawler_origin_of (const char *uri);
void pb_crawler_parse_free (Parse *parse);
gboolean pb_crawler_robots_allow (PbCrawler *self, const char *uri);
gboolean pb_crawler_same_origin (const char *uri, const char *origin);
void pb_crawler_stop (PbCrawler *self, PbCrawlStop reason);
GError *pb_crawler_transport_error (const GError *error, const char *uri);

/* pb-crawler-fetch.c: starting jobs and the pump that starts them */
void pb_crawler_pump (PbCrawler *self);
void pb_crawler_start_job (PbCrawler *self, Job *job);

G_END_DECLS
