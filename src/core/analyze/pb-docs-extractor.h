/* pb-docs-extractor.h: a connector from HTML API documentation that links no spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pb-manifest.h"

G_BEGIN_DECLS

#define PB_TYPE_DOCS_EXTRACTOR (pb_docs_extractor_get_type ())

G_DECLARE_FINAL_TYPE (PbDocsExtractor, pb_docs_extractor, PB, DOCS_EXTRACTOR, GObject)

/* Reads what docs pages show rather than what a spec declares: example requests (curl, fetch,
 * requests, axios, raw HTTP), the JSON responses printed after them, parameter tables, inline
 * <code> names and prose ("Authorization: Bearer", "X-API-Key", "cursor", "Link header"…).
 * Every value carries a text-snippet evidence with the page's URL and a lower confidence than
 * a spec would give. The rules are general: no site is special. */
PbDocsExtractor *pb_docs_extractor_new      (void);

/* HTML is UTF-8 (PbCrawler converts pages). Pages are read in the order they were added. */
void             pb_docs_extractor_add_page (PbDocsExtractor *self,
                                             const char      *uri,
                                             const char      *html,
                                             gsize            length);

/* PB_ERROR_NOTHING_FOUND when the pages show no API request with an absolute URL, or no GET
 * request a stream could read. */
PbManifest      *pb_docs_extractor_run      (PbDocsExtractor  *self,
                                             GError          **error);

G_END_DECLS
