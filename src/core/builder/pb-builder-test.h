/* pb-builder-test.h: testing one stream of a builder project with its linked connector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-builder-project.h"
#include "pb-connector-store.h"
#include "pb-runner.h"
#include "pb-token-manager.h"

G_BEGIN_DECLS

/* A runner for PROJECT's manifest as it is now (every stream, selected or not), with the
 * project's linked connector from STORE: its key comes from the keyring when the read starts,
 * and its non-secret settings fill the config (a setting named after a spec property; the
 * base URL for the property url_base reads). TOKENS may be NULL.
 * Errors: PB_ERROR_NO_CONNECTOR when the manifest sends a credential and no connector (or a
 * deleted one) is linked; PB_ERROR_PARSE when the manifest is invalid. */
PbRunner       *pb_builder_test_new_runner (PbBuilderProject  *project,
                                            PbConnectorStore  *store,
                                            PbTokenManager    *tokens,
                                            GError           **error);

/* Builds the runner above and reads STREAM off the main loop (pb_runner_read_async).
 * Cancel with CANCELLABLE. */
void            pb_builder_test_read_async (PbBuilderProject    *project,
                                            PbConnectorStore    *store,
                                            PbTokenManager      *tokens,
                                            const char          *stream,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* As pb_runner_read_finish: the result, or NULL when the read could not start; when it ended
 * early, the result AND ERROR (PB_ERROR_AUTH for a refused key, PB_ERROR_HTTP_STATUS…). */
PbRunnerResult *pb_builder_test_read_finish (PbBuilderProject  *project,
                                             GAsyncResult      *result,
                                             GError           **error);

G_END_DECLS
