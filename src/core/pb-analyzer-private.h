/* pb-analyzer-private.h: what the analyzer's rule files share (not installed, not a type)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-analyzer.h"

G_BEGIN_DECLS

typedef struct {
  PbSpecDocument *doc;
  const char     *uri;
  PbManifest     *manifest;
} PbAnalysis;

/* JSON helpers over the spec tree; every lookup goes through the lazy $ref resolver. */
const cJSON *pb_analysis_get        (PbAnalysis *a, const cJSON *node, const char *key);
const char  *pb_analysis_get_string (PbAnalysis *a, const cJSON *node, const char *key);
char        *pb_analysis_pointer    (const char *first, ...) G_GNUC_NULL_TERMINATED;
PbEvidence  *pb_analysis_evidence   (PbAnalysis *a, const char *pointer, double confidence, const char *reason);
void         pb_analysis_take_evidence        (PbManifest *manifest, const char *key, PbEvidence *evidence);
void         pb_analysis_take_stream_evidence (PbManifestStream *stream, const char *key, PbEvidence *evidence);

/* Schema helpers (allOf / oneOf / anyOf merged, refs resolved, depth capped). PROPS receives
 * the property nodes (their ->string is the name), first occurrence of a name wins. */
void         pb_analysis_collect_properties (PbAnalysis *a, const cJSON *schema, GPtrArray *props);
const cJSON *pb_analysis_schema_property    (PbAnalysis *a, const cJSON *schema, const char *name);
gboolean     pb_analysis_schema_is_array    (PbAnalysis *a, const cJSON *schema);

/* pb-analyzer-auth.c */
void         pb_analyzer_detect_url_base (PbAnalysis *a);
void         pb_analyzer_detect_auth     (PbAnalysis *a);

/* pb-analyzer-pagination.c: PARAMS is a GPtrArray of resolved parameter objects;
 * LIST_POINTER is the dotted path of the records array ("" = top-level array). */
void         pb_analyzer_detect_pagination (PbAnalysis       *a,
                                            PbManifestStream *stream,
                                            GPtrArray        *params,
                                            const cJSON      *response_schema,
                                            gboolean          top_level_array,
                                            const cJSON      *response,
                                            const char       *op_pointer);

G_END_DECLS
