/* pb-runner-cursor.h: incremental sync with a DatetimeBasedCursor: time windows (slices), the
 * request options that carry them, and checking records' cursor values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

#include "pb-runner-request.h"

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_CURSOR (pb_runner_cursor_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerCursor, pb_runner_cursor, PB, RUNNER_CURSOR, GObject)

/* COMPONENT: a DatetimeBasedCursor (other incremental types: PB_ERROR_UNSUPPORTED_FORMAT). */
PbRunnerCursor *pb_runner_cursor_new          (const cJSON  *component,
                                               GError      **error);

/* The time windows from start_datetime to end_datetime (now when absent), each step long
 * (one window without a step), as {"start_time": …, "end_time": …} in datetime_format (the
 * names follow partition_field_start/end). At most MAX (OUT_MORE TRUE when there were more).
 * CONTEXT: config, parameters. */
cJSON          *pb_runner_cursor_slices       (PbRunnerCursor  *self,
                                               cJSON           *context,
                                               guint            max,
                                               gboolean        *out_more,
                                               GError         **error);
/* Puts the window of SLICE into REQUEST (start_time_option, end_time_option). */
void            pb_runner_cursor_inject       (PbRunnerCursor  *self,
                                               PbRunnerRequest *request,
                                               const cJSON     *slice);
/* The cursor field name (evaluated). */
const char     *pb_runner_cursor_get_field    (PbRunnerCursor *self);
/* TRUE when RECORD's cursor value parses with cursor_datetime_formats or datetime_format (a
 * record without the field is FALSE too); OUT_VALUE gets the value as text. */
gboolean        pb_runner_cursor_check_record (PbRunnerCursor  *self,
                                               const cJSON     *record,
                                               char           **out_value);
/* The formats records are parsed with, joined for messages. */
char           *pb_runner_cursor_describe_formats (PbRunnerCursor *self);

G_END_DECLS
