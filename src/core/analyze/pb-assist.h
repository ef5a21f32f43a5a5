/* pb-assist.h: from a file or URL to a declarative connector (what `plugboard-cli assist`
 * and the builder's AI Assist call)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-manifest.h"

G_BEGIN_DECLS

typedef struct {
  guint max_pages;     /* crawl limit for documentation URLs; 0 = default */
  /* Analyzer rule families to leave out, comma-separated (bench/assist-crossval.sh); NULL = none.
   * Copied by pb_assist_run_async. */
  const char *disabled_rules;
} PbAssistOptions;

/* Called on the thread default main context with short, user-readable progress lines. */
typedef void (*PbAssistProgressFunc) (const char *message,
                                      gpointer    user_data);

/* SOURCE is a local path, a file:// URI or an http(s) URL. Errors: PB_ERROR_INVALID_URL,
 * PB_ERROR_NETWORK / PB_ERROR_TLS / PB_ERROR_HTTP_STATUS (URLs), PB_ERROR_PARSE,
 * PB_ERROR_UNSUPPORTED_FORMAT, PB_ERROR_NOTHING_FOUND. */
void        pb_assist_run_async  (const char            *source,
                                  const PbAssistOptions *options,
                                  PbAssistProgressFunc   progress,
                                  gpointer               progress_data,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data);
PbManifest *pb_assist_run_finish (GAsyncResult  *result,
                                  GError       **error);

G_END_DECLS
