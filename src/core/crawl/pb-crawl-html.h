/* pb-crawl-html.h: what the crawler reads out of one fetched page (no network here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Converts a page body to valid UTF-8. The charset comes from HEADER_CHARSET (the Content-Type
 * parameter, may be NULL), else a byte-order mark, else a <meta charset> / <meta http-equiv>
 * declaration in the first 2 KiB, else UTF-8 when the bytes are valid UTF-8 and windows-1252
 * otherwise (as browsers do). Invalid sequences become U+FFFD; never fails. OUT_CHARSET, if
 * set, receives the charset used. */
GBytes   *pb_crawl_html_to_utf8        (const char  *data,
                                        gsize        length,
                                        const char  *header_charset,
                                        char       **out_charset);

/* The same for a GBytes: returns BYTES itself (a new reference) when it is UTF-8 already. */
GBytes   *pb_crawl_html_bytes_to_utf8  (GBytes      *bytes,
                                        const char  *header_charset,
                                        char       **out_charset);

/* Resolves HREF against BASE, drops the fragment, normalises scheme, host and default port.
 * NULL for anything that is not an http(s) URL. */
char     *pb_crawl_html_resolve        (GUri        *base,
                                        const char  *href);

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

/* Reads a Swagger UI configuration (swagger-config.json: {"url": …} or {"urls": [{"url": …}]})
 * into SPECS, resolved against URI. */
void      pb_crawl_html_extract_config (const char  *data,
                                        gsize        length,
                                        const char  *uri,
                                        GPtrArray   *specs);

/* Whether a body (any content type) could be an OpenAPI/Swagger document worth parsing. */
gboolean  pb_crawl_html_looks_like_spec (const char *data,
                                         gsize       length);

/* Whether PATH names a file that is not a page (images, styles, scripts, archives…). */
gboolean  pb_crawl_html_is_asset_path  (const char  *path);

/* Whether PATH ends in .json, .yaml or .yml. */
gboolean  pb_crawl_html_is_spec_path   (const char  *path);

G_END_DECLS
