/* pb-runner-private.h: one read in progress, shared by pb-runner.c (setup, credentials, the
 * worker thread) and pb-runner-read.c (the read itself)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-runner.h"
#include "pb-runner-request.h"
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
  /* "Name: value" header lines → their redacted value: most headers repeat page after page.
   * Emptied when a secret is added (redacted_secrets is the count it was made with), when PbHttp
   * registers a new secret value or name, and when it holds REDACTED_CACHE_SIZE lines (memory
   * stays flat). */
  GHashTable       *redacted;
  guint             redacted_secrets;
  guint             redacted_generation;   /* pb_http_redaction_generation () it was made at */
} PbRunnerJob;

void            pb_runner_job_free (PbRunnerJob *job);

/* Reads JOB's stream into JOB->result (created here). FALSE when it could not start (ERROR set,
 * no result) or when it ended early (ERROR set, the result holds what was read). */
gboolean        pb_runner_job_run  (PbRunnerJob  *job,
                                    GError      **error);

/* pb-runner-fetch.c */

/* Sends REQUEST (retrying a 429 briefly) and adds its page(s) to JOB's result (*OUT_PAGE: the
 * index of the last). The body (at most max_body_size bytes: *OUT_TRUNCATED), or NULL with ERROR
 * for a failure that ends the read. */
GBytes         *pb_runner_job_fetch          (PbRunnerJob               *job,
                                              const char                *stream,
                                              gboolean                   parent,
                                              int                        slice,
                                              PbRunnerRequest           *request,
                                              guint                     *out_page,
                                              SoupMessage              **out_message,
                                              gboolean                  *out_truncated,
                                              GError                   **error);
/* FALSE with ERROR for a 401/403 (PB_ERROR_AUTH) or another status of 400 or more. */
gboolean        pb_runner_job_check_status   (PbRunnerJob  *job,
                                              SoupMessage  *message,
                                              guint         page_index,
                                              GError      **error);
/* The not_json warning for BODY, saying what it looks like (an HTML page, XML, text). */
void            pb_runner_job_warn_not_json  (PbRunnerJob *job,
                                              guint        page,
                                              GBytes      *body,
                                              SoupMessage *message);
/* A 64-bit hash of BODY (the repeated-page check). */
guint64         pb_runner_body_hash          (GBytes *body);

/* TEXT with every secret of JOB (and its URL-escaped form) replaced by "[redacted]". */
char           *pb_runner_job_redact (PbRunnerJob *job,
                                      const char  *text);

G_END_DECLS
