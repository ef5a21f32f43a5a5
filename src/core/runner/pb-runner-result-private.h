/* pb-runner-result-private.h: how the runner fills a PbRunnerResult
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-runner-result.h"

G_BEGIN_DECLS

PbRunnerResult *pb_runner_result_new          (const char *stream,
                                               guint       keep_records,
                                               gsize       keep_body_bytes);
/* Takes PAGE; returns its index. Drops the body when the kept-bodies budget is spent. */
guint           pb_runner_result_add_page     (PbRunnerResult *self,
                                               PbRunnerPage   *page);
PbRunnerPage   *pb_runner_result_peek_page    (PbRunnerResult *self,
                                               guint           index);
/* TRUE while a body of SIZE bytes still fits the kept-bodies budget. */
gboolean        pb_runner_result_can_keep_body (PbRunnerResult *self,
                                                gsize           size);
/* Counts RECORD, adds it to the inferred schema and keeps a copy while under keep-records. */
void            pb_runner_result_add_record   (PbRunnerResult *self,
                                               const cJSON    *record);
void            pb_runner_result_add_warning  (PbRunnerResult      *self,
                                               PbRunnerWarningCode  code,
                                               int                  page,
                                               GStrv                suggestions,
                                               const char          *format,
                                               ...) G_GNUC_PRINTF (5, 6);
void            pb_runner_result_add_slice    (PbRunnerResult *self,
                                               cJSON          *slice);
void            pb_runner_result_set_error    (PbRunnerResult *self,
                                               const GError   *error);
/* Compares the inferred schema with the stream's DECLARED one (schema_mismatch warnings). */
void            pb_runner_result_check_schema (PbRunnerResult *self,
                                               const cJSON    *declared);

void            pb_runner_page_free           (PbRunnerPage *page);

G_END_DECLS
