/* pb-crawl-html.h: what the crawler reads out of one fetched page (no network here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-crawl-charset.h"
#include "pb-crawl-url.h"

G_BEGIN_DECLS

/* Scans UTF8 (HTML) with the tag scanner of pb-html-scan.c and collects, as absolute normalised
 * URLs: LINKS, pages to visit (a, area, iframe, frame); SPECS, machine-readable API descriptions
 * the page points at (Redoc/RapiDoc spec-url, Stoplight apiDescriptionUrl, Scalar data-url,
 * Redoc.init('…'), Swagger UI url/urls, <link rel=alternate type=…json|yaml>, anchors to
 * .json/.yaml/.yml); CONFIGS, Swagger UI configUrl documents. Any array may be NULL. */
void      pb_crawl_html_extract        (const char  *utf8,
                                        gsize        length,
                                        const char  *uri,
                                        GPtrArray   *links,
                                        GPtrArray   *specs,
                                        GPtrArray   *configs);

/* Remembers, for one crawl and across threads, which relative links pages of a directory have
 * already reported, so pages that repeat a sidebar do not resolve it again. */
typedef struct _PbCrawlLinkCache PbCrawlLinkCache;

PbCrawlLinkCache *pb_crawl_link_cache_new  (void);
void              pb_crawl_link_cache_free (PbCrawlLinkCache *cache);

/* pb_crawl_html_extract () for a page DEPTH links from the start, leaving out of LINKS what
 * CACHE says was reported already at that depth or less (CACHE may be NULL). */
void      pb_crawl_html_extract_cached (const char       *utf8,
                                        gsize             length,
                                        const char       *uri,
                                        guint             depth,
                                        PbCrawlLinkCache *cache,
                                        GPtrArray        *links,
                                        GPtrArray        *specs,
                                        GPtrArray        *configs);

/* pb_crawl_html_extract_cached () taking at most MAX_LINKS links (0: no limit) and 32 spec or
 * configuration references from the page: a page with 150,000 links costs no more than one
 * with MAX_LINKS. Returns how many were left out. */
guint     pb_crawl_html_extract_limited (const char       *utf8,
                                         gsize             length,
                                         const char       *uri,
                                         guint             depth,
                                         PbCrawlLinkCache *cache,
                                         guint             max_links,
                                         GPtrArray        *links,
                                         GPtrArray        *specs,
                                         GPtrArray        *configs);

/* Reads a Swagger UI configuration (swagger-config.json: {"url": …} or {"urls": [{"url": …}]})
 * into SPECS, resolved against URI. */
void      pb_crawl_html_extract_config (const char  *data,
                                        gsize        length,
                                        const char  *uri,
                                        GPtrArray   *specs);

/* Whether a body (any content type) could be an OpenAPI/Swagger document worth parsing. */
gboolean  pb_crawl_html_looks_like_spec (const char *data,
                                         gsize       length);

G_END_DECLS
