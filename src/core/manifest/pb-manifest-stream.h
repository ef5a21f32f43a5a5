/* pb-manifest-stream.h: one stream of a declarative connector (an Airbyte DeclarativeStream)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

#include "pb-evidence.h"
#include "pb-spec-arena.h"

G_BEGIN_DECLS

typedef enum {
  PB_PAGINATION_NONE,
  PB_PAGINATION_CURSOR,       /* CursorPagination */
  PB_PAGINATION_OFFSET,       /* OffsetIncrement */
  PB_PAGINATION_PAGE,         /* PageIncrement */
} PbPaginationKind;

/* Where a request option (page token, page size, time bound) goes. */
typedef enum {
  PB_INJECT_REQUEST_PARAMETER,
  PB_INJECT_HEADER,
  PB_INJECT_BODY_JSON,
  PB_INJECT_PATH,             /* RequestPath: the token is the whole next-page URL */
} PbInjectInto;

/* How a request body is sent: request_body_json or request_body_data (form fields). */
typedef enum {
  PB_BODY_JSON,
  PB_BODY_DATA,
} PbBodyFormat;

typedef struct {
  PbPaginationKind kind;
  /* CursorPagination: a Jinja expression ("{{ response.next_cursor }}",
   * "{{ headers['link']['next']['url'] }}") and an optional stop condition. */
  char        *cursor_value;
  char        *stop_condition;
  /* Where the page token / offset / page number goes (NULL field name for PATH). */
  PbInjectInto token_inject_into;
  char        *token_field;
  /* Page size: value (0 = not set) and the request field it is sent in (NULL = not sent). */
  int          page_size;
  PbInjectInto page_size_inject_into;
  char        *page_size_field;
  /* PageIncrement only. */
  int          start_from_page;
} PbManifestPaginator;

typedef struct {
  char        *cursor_field;
  char        *datetime_format;          /* "%Y-%m-%dT%H:%M:%SZ" */
  GStrv        cursor_datetime_formats;  /* formats the records use, may be NULL */
  char        *start_datetime;           /* "{{ config['start_date'] }}" */
  /* Request fields that carry the window (NULL = filter client-side only). */
  PbInjectInto start_time_inject_into;
  char        *start_time_field;
  PbInjectInto end_time_inject_into;
  char        *end_time_field;
} PbManifestIncremental;

typedef struct {
  char *parent_stream;     /* name of the parent stream in the same manifest */
  char *parent_key;        /* field of the parent record ("id") */
  char *partition_field;   /* name in stream_partition ("customer_id") */
} PbManifestParent;

#define PB_TYPE_MANIFEST_STREAM (pb_manifest_stream_get_type ())

G_DECLARE_FINAL_TYPE (PbManifestStream, pb_manifest_stream, PB, MANIFEST_STREAM, GObject)

/* Properties: "name", "path", "http-method" (notify on change). The rest are plain accessors:
 * the builder UI re-reads a stream after editing it. */
PbManifestStream       *pb_manifest_stream_new                (const char *name,
                                                               const char *path);

const char             *pb_manifest_stream_get_name           (PbManifestStream *self);
void pb_manifest_stream_set_name (PbManifestStream *self, const char *name);
/* Relative to the manifest's url_base; may hold "{{ stream_partition.x }}". */
const char             *pb_manifest_stream_get_path           (PbManifestStream *self);
void pb_manifest_stream_set_path (PbManifestStream *self, const char *path);
const char             *pb_manifest_stream_get_http_method    (PbManifestStream *self);
void pb_manifest_stream_set_http_method (PbManifestStream *self, const char *method);

/* Request parameters and headers, in insertion order (values may be Jinja). */
void pb_manifest_stream_set_request_parameter (PbManifestStream *self, const char *name,
                                               const char *value);
void pb_manifest_stream_set_request_header (PbManifestStream *self, const char *name,
                                            const char *value);
/* Replace all of them with PAIRS, a NULL-terminated alternating name/value array (NULL = none);
 * a later pair with the name of an earlier one replaces its value. */
void pb_manifest_stream_set_request_parameters (PbManifestStream *self,
                                                const char *const *pairs);
void pb_manifest_stream_set_request_headers (PbManifestStream *self, const char *const *pairs);
/* NULL-terminated alternating name/value arrays (owned by the stream). */
const char * const     *pb_manifest_stream_get_request_parameters (PbManifestStream *self);
const char * const     *pb_manifest_stream_get_request_headers    (PbManifestStream *self);

/* The request body (POST streams): fields as a NULL-terminated alternating name/value array
 * (owned by the stream; empty = no body) and how they are sent. In a JSON body a value that
 * reads as JSON other than a string (100, true, null, {"a": 1}, [1]) is sent as that value,
 * anything else as a string (values may be Jinja). Setting the fields drops a whole-body text. */
const char * const     *pb_manifest_stream_get_request_body   (PbManifestStream *self);
PbBodyFormat            pb_manifest_stream_get_request_body_format (PbManifestStream *self);
void pb_manifest_stream_set_request_body (PbManifestStream *self, PbBodyFormat format,
                                          const char *const *pairs);
/* A body written whole as one string (a template, or form data "a=1&b=2"); NULL: the fields
 * above. Setting it drops the fields. */
const char             *pb_manifest_stream_get_request_body_text (PbManifestStream *self);
void pb_manifest_stream_set_request_body_text (PbManifestStream *self, PbBodyFormat format,
                                               const char *text);
/* Whether the stream sends a body (fields or a whole-body text). */
gboolean                pb_manifest_stream_has_request_body (PbManifestStream *self);

/* Fields added to every record (AddFields), e.g. a cursor copied up from a nested object:
 * name → Jinja value ("{{ record['attributes']['updated'] }}"). */
void pb_manifest_stream_set_added_field (PbManifestStream *self, const char *name,
                                         const char *value);
const char * const     *pb_manifest_stream_get_added_fields   (PbManifestStream *self);

/* Record selector path (DpathExtractor field_path); an empty array = the body is the list. */
const char * const     *pb_manifest_stream_get_record_path    (PbManifestStream *self);
/* Worth pre-selecting in the Builder: one of the API's main lists (the analyzer ranks them). */
gboolean                pb_manifest_stream_get_suggested      (PbManifestStream *self);
void                    pb_manifest_stream_set_suggested      (PbManifestStream *self,
                                                               gboolean          suggested);
void pb_manifest_stream_set_record_path (PbManifestStream *self, const char *const *path);
/* Primary key field names; empty = none. */
const char * const     *pb_manifest_stream_get_primary_key    (PbManifestStream *self);
void pb_manifest_stream_set_primary_key (PbManifestStream *self, const char *const *fields);

/* The stream owns these; never NULL (kind NONE / cursor_field NULL / parent_stream NULL = unset).
 */
PbManifestPaginator    *pb_manifest_stream_get_paginator      (PbManifestStream *self);
PbManifestIncremental  *pb_manifest_stream_get_incremental    (PbManifestStream *self);
PbManifestParent       *pb_manifest_stream_get_parent         (PbManifestStream *self);
void                    pb_manifest_stream_clear_paginator    (PbManifestStream *self);
void                    pb_manifest_stream_clear_incremental  (PbManifestStream *self);
void                    pb_manifest_stream_clear_parent       (PbManifestStream *self);

/* Inline JSON schema of a record (owned by the stream; NULL = a permissive default). */
const cJSON            *pb_manifest_stream_get_schema         (PbManifestStream *self);
void pb_manifest_stream_take_schema (PbManifestStream *self, cJSON *schema);
/* The same for a SCHEMA built in ARENA (pb-spec-arena.h, may be NULL): the stream keeps a
 * reference to ARENA as long as it keeps the schema. */
void pb_manifest_stream_take_schema_in (PbManifestStream *self, cJSON *schema,
                                        PbSpecArena *arena);

/* Evidence per suggested value. KEY is one of "path", "record_path", "primary_key",
 * "paginator", "incremental", "parent", "schema", "request_parameters". */
void pb_manifest_stream_set_evidence (PbManifestStream *self, const char *key,
                                      PbEvidence *evidence);
PbEvidence *pb_manifest_stream_get_evidence (PbManifestStream *self, const char *key);
/* Sorted keys that have evidence (free with g_free, not the strings). */
const char            **pb_manifest_stream_list_evidence_keys (PbManifestStream *self);

G_END_DECLS
