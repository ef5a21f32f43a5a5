/* pb-runner-result.h: what a test read found: pages (request and response), records, the
 * inferred schema, slices and warnings with stable codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

/* Traps a test read catches. Each has a stable code string (pb_runner_warning_code_to_string)
 * that scripts and the Builder window branch on; the message explains it for people. */
typedef enum {
  PB_RUNNER_WARNING_PAGINATION_REPEATS,       /* same next-page token or page body twice */
  PB_RUNNER_WARNING_PAGINATION_LIMIT_REACHED, /* the stop condition never fired in max pages */
  PB_RUNNER_WARNING_CURSOR_UNPARSABLE,        /* a cursor value does not match datetime_format */
  PB_RUNNER_WARNING_BODY_TOO_LARGE,           /* a response passed the body size cap */
  PB_RUNNER_WARNING_NOT_JSON,                 /* HTML, XML or text where JSON was expected */
  PB_RUNNER_WARNING_RECORDS_NOT_FOUND,        /* the record path selects nothing */
  PB_RUNNER_WARNING_SCHEMA_MISMATCH,          /* declared schema vs the records read */
  PB_RUNNER_WARNING_RATE_LIMITED,             /* a 429 was retried after Retry-After */
  PB_RUNNER_WARNING_SLICE_LIMIT_REACHED,      /* more slices than max slices */
  PB_RUNNER_WARNING_RECORD_LIMIT_REACHED,     /* the read stopped at max records */
} PbRunnerWarningCode;

const char *pb_runner_warning_code_to_string (PbRunnerWarningCode code);

typedef struct {
  PbRunnerWarningCode code;
  char               *message;      /* for people (translated) */
  int                 page;         /* index into the pages, -1 for the whole read */
  GStrv               suggestions;  /* records_not_found: record paths holding arrays ("a.b") */
} PbRunnerWarning;

/* One exchange. Request URL and headers are already redacted: no secret is ever stored here. */
typedef struct {
  char       *stream;            /* the stream read (a parent stream for substreams) */
  int         slice;             /* index into the slices, -1 for a parent stream's pages */
  char       *method;
  char       *url;
  GPtrArray  *request_headers;   /* name, value, … */
  char       *request_body;      /* NULL: none */
  guint       status;            /* 0: no answer (network error) */
  GPtrArray  *response_headers;  /* name, value, … */
  char       *response_body;     /* NULL when not kept (over the kept-bodies budget) */
  gsize       body_size;         /* bytes read */
  guint       record_count;
  gint64      duration_us;
} PbRunnerPage;

#define PB_TYPE_RUNNER_RESULT (pb_runner_result_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerResult, pb_runner_result, PB, RUNNER_RESULT, GObject)

const char            *pb_runner_result_get_stream       (PbRunnerResult *self);
guint                  pb_runner_result_get_n_pages      (PbRunnerResult *self);
const PbRunnerPage    *pb_runner_result_get_page         (PbRunnerResult *self,
                                                          guint           index);
/* Every record the read extracted (the kept ones are at most the runner's keep-records). */
guint64                pb_runner_result_get_record_count (PbRunnerResult *self);
/* The records kept, in order (a JSON array owned by SELF). */
const cJSON           *pb_runner_result_get_records      (PbRunnerResult *self);
/* A JSON Schema inferred from all records read (owned by SELF; never NULL). */
const cJSON           *pb_runner_result_get_schema       (PbRunnerResult *self);
/* The stream slices read: [{ "partition": …, "cursor_slice": …, "pages": n }] */
const cJSON           *pb_runner_result_get_slices       (PbRunnerResult *self);
guint                  pb_runner_result_get_n_warnings   (PbRunnerResult *self);
const PbRunnerWarning *pb_runner_result_get_warning      (PbRunnerResult *self,
                                                          guint           index);
gboolean               pb_runner_result_has_warning      (PbRunnerResult      *self,
                                                          PbRunnerWarningCode  code);
/* Why the read ended early (a refused key, an HTTP error…), or NULL when it ran to its end.
 * The pages and records before the failure stay available. */
const GError          *pb_runner_result_get_error        (PbRunnerResult *self);

/* Everything as one JSON object: stream, record_count, pages [{request {method, url, headers},
 * response {status, headers, body}, record_count, stream, slice}], records, schema, warnings
 * [{code, message, page, suggestions}], slices, error {code, message}. */
cJSON                 *pb_runner_result_to_json          (PbRunnerResult *self);

G_END_DECLS
