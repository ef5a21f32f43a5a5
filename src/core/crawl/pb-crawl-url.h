/* pb-crawl-url.h: resolving and normalising the URLs the crawler finds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Resolves HREF against BASE, drops the fragment, normalises scheme, host and default port.
 * NULL for anything that is not an http(s) URL. */
char     *pb_crawl_html_resolve        (GUri        *base,
                                        const char  *href);

/* Whether PATH names a file that is not a page (images, styles, scripts, archives…). */
gboolean  pb_crawl_html_is_asset_path  (const char  *path);

/* Whether PATH ends in .json, .yaml or .yml. */
gboolean  pb_crawl_html_is_spec_path   (const char  *path);

/* "scheme://host[:port]" of URI, lower case, without a default port; NULL unless http(s). */
char     *pb_crawl_url_normalized_origin   (GUri        *uri);
/* HREF without surrounding white space and inner tabs/newlines; NULL if empty or a fragment. */
char     *pb_crawl_url_clean_href          (const char  *href);
/* RFC 3986 5.2.4 (remove dot segments) on PATH, which starts with "/", appended to OUT. */
void      pb_crawl_url_append_without_dots (GString     *out,
                                            const char  *path,
                                            gsize        length);

G_END_DECLS
