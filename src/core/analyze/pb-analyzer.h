/* pb-analyzer.h: an OpenAPI / Swagger document → a declarative connector, with evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-manifest.h"
#include "pb-spec-document.h"

G_BEGIN_DECLS

#define PB_TYPE_ANALYZER (pb_analyzer_get_type ())

G_DECLARE_FINAL_TYPE (PbAnalyzer, pb_analyzer, PB, ANALYZER, GObject)

/* The rules are general: they read what the spec says (servers, security schemes, list
 * operations, their parameters and response schemas), never who the API is.
 *
 * - Base URL (pb-analyzer-auth.c): the first server that is not a sandbox/test one; host
 *   variables become config fields ({{ config['region'] }}), path variables their default;
 *   Swagger 2 host + basePath (https preferred).
 * - Auth: the scheme most read operations accept (global security for the rest); ties go
 *   bearer > apiKey > basic > OAuth 2.0. An apiKey in Authorization is a bearer token unless
 *   the spec names another prefix ("Token", "SSWS", x-default). OAuth keeps its URLs, flow and
 *   scopes. The connection fields users fill are marked secret where they are.
 * - Streams (pb-analyzer-operations.c, pb-analyzer.c): GET operations (and POST …/search with
 *   an optional body) whose 2xx body is a list: the body itself, an array property (data,
 *   results, items…, one named after the resource, HAL _embedded, one level nested). Required
 *   parameters are sent with their default, first allowed value, a config value (ids,
 *   headers) or the sync window; otherwise the operation is left out. "/things/{id}" under a
 *   "/things" list is a per-record substream; other path parameters become config fields.
 *   Path parameters whose prefix is a list become SubstreamPartitionRouter partitions.
 * - Pagination (pb-analyzer-pagination.c): cursor parameters with a token, has-more flag or
 *   next URL in the response (schema, or example when the schema is silent); offset/limit;
 *   page/per_page; Link headers for bare lists; lists that say nothing take the API's
 *   dominant, well-evidenced paginator.
 * - Records (pb-analyzer-records.c): primary key (id, <resource>_id, uuid/gid/sid…, then
 *   email/code/name); incremental cursor (an updated-like date field, else a created-like
 *   one, JSON:API attributes copied up; a time filter parameter when there is one, read
 *   client-side otherwise); a flat inline record schema.
 * - POST lists read like list/search/query with an optional body, paged through the body;
 *   whole next-page URLs; filter-only cursors; auth prefixes told in prose; membership keys
 *   (pb-analyzer-substreams.c); ranking (pb-analyzer-ranking.c). bench/README.md lists every
 *   rule family with the shape it recognises. */
PbAnalyzer *pb_analyzer_new      (PbSpecDocument *document);

/* Leave out the rule families named in FAMILIES (comma-separated, NULL = none): for measuring
 * what each family is worth (bench/assist-crossval.sh). Families: see PB_ANALYZER_RULE_FAMILIES. */
void        pb_analyzer_set_disabled_rules (PbAnalyzer *self,
                                            const char *families);

#define PB_ANALYZER_RULE_FAMILIES \
  "post-lists,next-url,cursor-names,auth-prose,membership-keys,common-paginator,natural-keys," \
  "ranking"

/* PB_ERROR_NOTHING_FOUND when the document has no operation a stream could read. */
PbManifest *pb_analyzer_run      (PbAnalyzer  *self,
                                  GError     **error);

G_END_DECLS
