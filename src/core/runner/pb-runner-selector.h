/* pb-runner-selector.h: the records of a response: RecordSelector (DpathExtractor, RecordFilter)
 * and the stream's transformations (AddFields, RemoveFields)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_SELECTOR (pb_runner_selector_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerSelector, pb_runner_selector, PB, RUNNER_SELECTOR, GObject)

/* SELECTOR: a RecordSelector component; TRANSFORMATIONS: the stream's list (may be NULL).
 * Unsupported extractor or transformation types fail with PB_ERROR_UNSUPPORTED_FORMAT. */
PbRunnerSelector *pb_runner_selector_new      (const cJSON  *selector,
                                               const cJSON  *transformations,
                                               GError      **error);

/* Appends the records of BODY (the decoded response) to RECORDS (const cJSON pointers):
 * field_path walked as the CDK's dpath does ("*" matches every key or index; an empty path
 * takes the body: a list's items, or a non-empty object as one record), then the filter's
 * condition and the transformations. Records point into BODY, or into STORAGE (a JSON array)
 * for transformed copies: both must outlive RECORDS. CONTEXT holds config, stream_slice,
 * stream_partition, next_page_token; "record" is set while a record is filtered or
 * transformed. */
gboolean          pb_runner_selector_select   (PbRunnerSelector  *self,
                                               const cJSON       *body,
                                               cJSON             *context,
                                               GPtrArray         *records,
                                               cJSON             *storage,
                                               GError           **error);

/* The field path as written, joined with "." (for messages). */
char             *pb_runner_selector_describe_path (PbRunnerSelector *self);

/* Paths in BODY that hold non-empty arrays (arrays of objects first, larger first), as dotted
 * strings ("data.items"; "" for the body itself), at most MAX. */
GStrv             pb_runner_selector_suggest_paths (const cJSON *body,
                                                    guint        max);

G_END_DECLS
