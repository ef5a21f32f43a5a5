/* pb-runner-private.h: one read in progress, shared by pb-runner.c (setup, credentials, the
 * worker thread) and pb-runner-read.c (the read itself)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-runner.h"
#include "pb-runner-result-private.h"

G_BEGIN_DECLS

typedef struct {
  PbRunnerManifest *manifest;
  char             *stream;
  cJSON            *config;        /* with the connector's secret filled in */
  char             *access_token;  /* OAuth connectors */
  GPtrArray        *secrets;       /* strings to redact from anything shown */
  guint             max_pages;
  guint             max_records;
  guint             max_slices;
  guint             timeout;
  gsize             max_body_size;
  guint             keep_records;
  /* while reading (worker thread) */
  SoupSession      *session;
  struct _PbSpecArena *arena;      /* pages' trees, renewed every ARENA_PAGES pages */
  guint             arena_pages;
  GCancellable     *cancellable;
  PbRunnerResult   *result;
} PbRunnerJob;

void            pb_runner_job_free (PbRunnerJob *job);

/* Reads JOB's stream into JOB->result (created here). FALSE when it could not start (ERROR set,
 * no result) or when it ended early (ERROR set, the result holds what was read). */
gboolean        pb_runner_job_run  (PbRunnerJob  *job,
                                    GError      **error);

/* TEXT with every secret of JOB (and its URL-escaped form) replaced by "[redacted]". */
char           *pb_runner_job_redact (PbRunnerJob *job,
                                      const char  *text);

G_END_DECLS
