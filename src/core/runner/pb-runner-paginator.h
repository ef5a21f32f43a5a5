/* pb-runner-paginator.h: DefaultPaginator (CursorPagination, OffsetIncrement, PageIncrement)
 * with its page_token_option and page_size_option
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

#include "pb-runner-request.h"

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_PAGINATOR (pb_runner_paginator_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerPaginator, pb_runner_paginator, PB, RUNNER_PAGINATOR, GObject)

/* COMPONENT: a DefaultPaginator, NoPagination or NULL. Other types and strategies fail with
 * PB_ERROR_UNSUPPORTED_FORMAT. */
PbRunnerPaginator *pb_runner_paginator_new       (const cJSON  *component,
                                                  GError      **error);
gboolean           pb_runner_paginator_is_paging (PbRunnerPaginator *self);
/* Back to the first page (start of a slice). CONTEXT: config, parameters. */
gboolean           pb_runner_paginator_reset     (PbRunnerPaginator  *self,
                                                  cJSON              *context,
                                                  GError            **error);
/* The current page token (NULL on a first page that sends none). */
const cJSON       *pb_runner_paginator_get_token (PbRunnerPaginator *self);
/* Puts the page size and the current token into REQUEST. */
void               pb_runner_paginator_inject    (PbRunnerPaginator *self,
                                                  PbRunnerRequest   *request);
/* Moves to the next page after a response. CONTEXT holds response, headers (with "link" parsed
 * by rel), last_record, last_page_size, config, parameters. OUT_MORE is FALSE when the stop
 * condition held or there is no next token. */
gboolean           pb_runner_paginator_next      (PbRunnerPaginator  *self,
                                                  cJSON              *context,
                                                  gboolean           *out_more,
                                                  GError            **error);

G_END_DECLS
