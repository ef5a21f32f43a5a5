/* pb-crawler.h: crawls an API documentation site, looking first for a machine-readable spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-spec-document.h"

G_BEGIN_DECLS

#define PB_TYPE_CRAWLER (pb_crawler_get_type ())

G_DECLARE_FINAL_TYPE (PbCrawler, pb_crawler, PB, CRAWLER, GObject)

#define PB_CRAWLER_AGENT_TOKEN "PlugboardAssist"

/* Why a crawl ended (a limit is not an error: the pages fetched so far are kept). */
typedef enum {
  PB_CRAWL_STOP_COMPLETE,    /* nothing left to visit in scope */
  PB_CRAWL_STOP_SPEC_FOUND,  /* a spec was found and parsed: no need to read more pages */
  PB_CRAWL_STOP_MAX_PAGES,
  PB_CRAWL_STOP_MAX_BYTES,
  PB_CRAWL_STOP_MAX_TIME,
} PbCrawlStop;

/* One fetched HTML page. */
typedef struct {
  char     *uri;         /* after redirects */
  guint     depth;       /* links from the start page */
  guint     status;
  gboolean  truncated;   /* the body was cut at max-page-bytes */
  GBytes   *html;        /* converted to UTF-8; NULL unless keep-pages */
} PbCrawlPage;

/* Properties (all can be set with g_object_new / g_object_set before a crawl):
 *   max-connections  connections to one host at once (default 8)
 *   max-pages        HTML pages fetched (default 500)
 *   max-depth        links followed from the start page (default 10)
 *   max-page-bytes   decoded bytes read of one page (default 16 MiB, room for one-page API
 *                    references of 10 MB and more; more is cut)
 *   max-spec-bytes   decoded bytes read of one spec (default 64 MiB)
 *   max-total-bytes  decoded bytes read in all (default 256 MiB)
 *   max-seconds      wall time of the whole crawl (default 300)
 *   io-timeout       seconds one connection may stay silent (default 20)
 *   request-timeout  seconds one request may take in all, even if bytes keep coming (default 30;
 *                    0: none); a request over it fails like a network error
 *   max-links-per-page  links taken from one page (default 2000; 0: all); the rest are counted
 *   max-queued       pages waiting to be fetched (default 10000; 0: no limit); links past it
 *                    are counted, not kept
 *   below-start-path only visit pages below the start URL's directory (default FALSE)
 *   find-specs       look for specs (well-known paths, Redoc, Swagger UI…) (default TRUE)
 *   keep-pages       keep the pages' HTML for pb_crawler_get_pages () (default TRUE)
 *
 * Signal "progress" (guint pages_fetched, guint queued, guint64 bytes): after each response. */

PbCrawler        *pb_crawler_new               (void);

/* Crawls from URL (http or https). Fails with PB_ERROR_INVALID_URL for a malformed URL,
 * PB_ERROR_NETWORK / PB_ERROR_TLS when the start page cannot be reached (or takes longer than
 * request-timeout), PB_ERROR_TOO_LARGE when nothing usable was found and the start page or
 * spec was cut at its size limit, PB_ERROR_HTTP_STATUS
 * when it answers with an error status or redirects to another site, PB_ERROR_NOTHING_FOUND
 * when robots.txt forbids it, G_IO_ERROR_CANCELLED when CANCELLABLE fires. One crawl at a
 * time per crawler; a new crawl forgets the previous results. */
void              pb_crawler_crawl_async       (PbCrawler           *self,
                                                const char          *url,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean          pb_crawler_crawl_finish      (PbCrawler           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Results of the last crawl. */
PbSpecDocument   *pb_crawler_get_spec          (PbCrawler *self);
/* Of PbCrawlPage, in the order they were fetched. */
GPtrArray        *pb_crawler_get_pages         (PbCrawler *self);
PbCrawlStop       pb_crawler_get_stop_reason   (PbCrawler *self);
guint             pb_crawler_get_pages_fetched (PbCrawler *self);
guint64           pb_crawler_get_bytes         (PbCrawler *self);
/* Links (and spec references) left out by max-links-per-page and max-queued. */
guint             pb_crawler_get_links_skipped (PbCrawler *self);
/* The most pages that waited in the queue at once (never more than max-queued). */
guint             pb_crawler_get_peak_queued   (PbCrawler *self);
guint             pb_crawler_get_request_timeout (PbCrawler *self);

G_END_DECLS
