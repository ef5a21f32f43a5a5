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
  gboolean        needs_start_date;   /* some request reads config['start_date'] */
  const char * const *disabled_rules; /* rule families left out (NULL = none) */
} PbAnalysis;

/* FALSE when the rule family FAMILY (one of PB_ANALYZER_RULE_FAMILIES) is switched off. */
gboolean pb_analysis_rule_enabled (PbAnalysis *a, const char *family);

/* JSON helpers over the spec tree; every lookup goes through the lazy $ref resolver. */
const cJSON *pb_analysis_get        (PbAnalysis *a, const cJSON *node, const char *key);
const char  *pb_analysis_get_string (PbAnalysis *a, const cJSON *node, const char *key);
const cJSON *pb_analysis_find_query_param (PbAnalysis *a, GPtrArray *params,
                                           const char *const *names);
/* The same for parameters sent IN "query", "header" or "body" (a POST's JSON body fields). */
const cJSON *pb_analysis_find_param (PbAnalysis *a, GPtrArray *params,
                                     const char *const *names, const char *in);
char        *pb_analysis_pointer    (const char *first, ...) G_GNUC_NULL_TERMINATED;
PbEvidence *pb_analysis_evidence (PbAnalysis *a, const char *pointer, double confidence,
                                  const char *reason);
void pb_analysis_take_evidence (PbManifest *manifest, const char *key, PbEvidence *evidence);
void pb_analysis_take_stream_evidence (PbManifestStream *stream, const char *key,
                                       PbEvidence *evidence);

/* Schema helpers (allOf / oneOf / anyOf merged, refs resolved, depth capped). PROPS receives
 * the property nodes (their ->string is the name), first occurrence of a name wins. */
void         pb_analysis_collect_properties (PbAnalysis *a, const cJSON *schema, GPtrArray *props);
const cJSON *pb_analysis_schema_property    (PbAnalysis *a, const cJSON *schema, const char *name);
gboolean     pb_analysis_schema_is_array    (PbAnalysis *a, const cJSON *schema);
/* The properties of object property NAME, merged over every allOf member that declares it. */
void pb_analysis_collect_nested_properties (PbAnalysis *a, const cJSON *schema, const char *name,
                                            GPtrArray *props);

/* "type" of a schema (the non-null one of an OpenAPI 3.1 type list). */
const char  *pb_analysis_schema_type        (PbAnalysis *a, const cJSON *schema);

/* pb-analyzer-records.c: names of incremental cursor fields (updated-like, then created-like;
 * the "more_" lists belong to the cursor-names family) and of time filter parameters. The docs
 * extractor reads sample records with the same lists. */
extern const char *const pb_analysis_updated_names[];
extern const char *const pb_analysis_more_updated_names[];
extern const char *const pb_analysis_created_names[];
extern const char *const pb_analysis_more_created_names[];
extern const char *const pb_analysis_since_params[];
extern const char *const pb_analysis_more_since_params[];

/* pb-analyzer-names.c */
/* Lower-case letters and digits only: "Ticket_ID" → "ticketid". */
char        *pb_analysis_normalise          (const char *s);
/* "accountId" → "account_id" appended to OUT. */
void         pb_analysis_append_snake       (GString *out, const char *word);
/* "/v1/Calls.json" → "calls"; "records" when no segment names a resource. */
char        *pb_analysis_stream_name_for_path (const char *path);
/* NAME, or NAME_2, NAME_3… whichever TAKEN does not hold yet. */
char        *pb_analysis_unique_name        (GHashTable *taken, const char *name);
/* The config key for a parameter name ("accountId" → "account_id"). */
char        *pb_analysis_config_key         (const char *param);

/* pb-analyzer-operations.c: one readable operation, before it becomes a stream. */
typedef struct {
  char        *path;           /* spec path, "/users/{id}/posts" */
  char        *pointer;        /* "#/paths/~1users/get" */
  const cJSON *op;
  GPtrArray   *params;         /* resolved parameter objects */
  const cJSON *response;       /* resolved 2xx response */
  const cJSON *body_schema;    /* resolved response body schema */
  const cJSON *item_schema;    /* the record schema */
  GStrv        record_path;
  gboolean     collection;
  const char  *method;         /* "GET", or "POST" for search endpoints */
  gboolean     detail;         /* "/things/{id}": one record per parent record */
  PbManifestStream *stream;
  cJSON       *body_params;    /* POST: the JSON body's fields as {"name", "in": "body"} */
} Candidate;

Candidate *pb_analysis_read_operation (PbAnalysis *a, const char *path, const cJSON *path_item,
                                       const char *method);
void         pb_analysis_candidate_free       (Candidate *c);
/* A POST operation that reads records: it answers 200, its id, summary or last path segment
 * reads like list/search/query…, nothing like create/update/send (family "post-lists"). */
gboolean     pb_analysis_post_reads_records   (PbAnalysis *a, const char *path,
                                               const cJSON *path_item);
/* The last path segment that names a resource ("/v1/customers/{id}/sources" → "sources"). */
char        *pb_analysis_last_resource_segment (const char *path);
/* What to send for a required query or header parameter: its default, its first allowed value,
 * a time-window bound (OUT_USES_START_DATE when it reads config['start_date']), or NULL with
 * OUT_CONFIG_NAME set when the user must give it (ids, headers). NULL and no name: unknowable. */
char *pb_analysis_required_value (PbAnalysis *a, const cJSON *param, const char **out_config_name,
                                  gboolean *out_uses_start_date);
/* pb-analyzer-names.c: the name of C's stream before it is made unique (NULL: no resource). */
char        *pb_analysis_stream_base_name (PbAnalysis *a, GHashTable *taken, Candidate *c);
/* pb-analyzer-substreams.c: C's path placeholders from its parent stream's records, the parent's
 * partition or the config; FALSE when C is a detail endpoint with no parent list stream. */
gboolean     pb_analysis_resolve_path_params (PbAnalysis *a, GPtrArray *candidates, Candidate *c);
/* Membership resources ("/groups/{groupId}/users", members, roles… when listed elsewhere too,
 * and the record does not name its parent): the key becomes [groupId, id], groupId added to each
 * record from the partition (family "membership-keys"). */
void         pb_analysis_membership_key (PbAnalysis *a, GPtrArray *candidates, Candidate *c);
/* pb-analyzer-ranking.c: the manifest's streams reordered most useful first, the best of them
 * marked suggested (family "ranking"). */
void         pb_analysis_rank_streams   (PbAnalysis *a, GPtrArray *candidates);
/* "app_id", "accountId": an identifier a user knows and sets once. */
gboolean     pb_analysis_is_identifier_name   (const char *name);
/* "v1", "api", "2.0", "2010-04-01": not a resource name. */
gboolean     pb_analysis_is_version_segment   (const char *seg);

/* pb-analyzer-records.c */
void         pb_analyzer_detect_primary_key (PbAnalysis       *a,
                                             PbManifestStream *stream,
                                             const cJSON      *item_schema,
                                             const char       *resource,
                                             const char       *pointer);
void         pb_analyzer_detect_incremental (PbAnalysis       *a,
                                             PbManifestStream *stream,
                                             const cJSON      *item_schema,
                                             GPtrArray        *params,
                                             const char       *pointer);
cJSON       *pb_analyzer_record_schema      (PbAnalysis       *a,
                                             const cJSON      *item);

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
