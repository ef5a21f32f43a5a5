/* pb-runner.h: a test read: one stream of a declarative manifest run against the real API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <cjson/cJSON.h>

#include "pb-connector-store.h"
#include "pb-expr.h"
#include "pb-runner-json.h"
#include "pb-runner-manifest.h"
#include "pb-runner-result.h"
#include "pb-token-manager.h"

G_BEGIN_DECLS

#define PB_TYPE_RUNNER (pb_runner_get_type ())

G_DECLARE_FINAL_TYPE (PbRunner, pb_runner, PB, RUNNER, GObject)

/*
 * PbRunner reads one stream the way Airbyte's Connector Builder tests it: requester,
 * authenticator, record selector, paginator, partition routers and datetime cursor as the
 * manifest says, within limits, catching the usual traps as warnings (PbRunnerResult).
 *
 * Credentials come from a Plugboard connector at request time (pb_runner_set_connector): an API
 * key or password fills the one property the manifest's spec marks airbyte_secret; an OAuth
 * connector supplies a fresh access token through PbTokenManager. Non-secret config values come
 * from pb_runner_set_config / pb_runner_load_config. No secret is ever stored in the result:
 * URLs, headers and kept bodies are redacted.
 *
 * Properties (limits; notify on change):
 *   "max-pages"     pages per slice (default 5)
 *   "max-records"   records of the stream; the read stops there (default 100)
 *   "max-slices"    slices (partitions × time windows) (default 5)
 *   "timeout"       seconds per request without an answer (default 30)
 *   "max-body-size" bytes of one response body (default 16 MiB)
 *   "keep-records"  records the result keeps for showing (default 1000)
 */
PbRunner         *pb_runner_new               (PbRunnerManifest *manifest);
PbRunnerManifest *pb_runner_get_manifest      (PbRunner *self);

guint             pb_runner_get_max_pages     (PbRunner *self);
void              pb_runner_set_max_pages     (PbRunner *self, guint max_pages);
guint             pb_runner_get_max_records   (PbRunner *self);
void              pb_runner_set_max_records   (PbRunner *self, guint max_records);
guint             pb_runner_get_max_slices    (PbRunner *self);
void              pb_runner_set_max_slices    (PbRunner *self, guint max_slices);
guint             pb_runner_get_timeout       (PbRunner *self);
void              pb_runner_set_timeout       (PbRunner *self, guint seconds);
guint64           pb_runner_get_max_body_size (PbRunner *self);
void              pb_runner_set_max_body_size (PbRunner *self, guint64 bytes);
guint             pb_runner_get_keep_records  (PbRunner *self);
void              pb_runner_set_keep_records  (PbRunner *self, guint count);

/* Non-secret config values (a JSON object, copied). Properties the spec marks airbyte_secret
 * are refused: PB_ERROR_INVALID_ARGUMENT. Spec defaults fill missing values. */
gboolean          pb_runner_set_config        (PbRunner     *self,
                                               const cJSON  *config,
                                               GError      **error);
/* The same from a JSON or YAML file. */
gboolean          pb_runner_load_config       (PbRunner     *self,
                                               const char   *path,
                                               GError      **error);

/* The connector whose secret the read uses (looked up in STORE's keyring when the read starts).
 * TOKENS may be NULL (a token manager on STORE is made when needed). */
void              pb_runner_set_connector     (PbRunner         *self,
                                               PbConnectorStore *store,
                                               PbConnector      *connector,
                                               PbTokenManager   *tokens);

/* Reads STREAM in a worker thread; CALLBACK runs in the caller's main context. */
void              pb_runner_read_async        (PbRunner            *self,
                                               const char          *stream,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/*
 * The result, or NULL when the read could not start: PB_ERROR_NOT_FOUND (no such stream),
 * PB_ERROR_UNSUPPORTED_FORMAT (a construct test reads do not support, named in the message),
 * PB_ERROR_PARSE (an invalid manifest or expression), keyring and OAuth errors.
 * When the read started but ended early, the result is returned AND ERROR is set to the same
 * error as pb_runner_result_get_error (): PB_ERROR_AUTH (the server refused the credential,
 * 401/403), PB_ERROR_HTTP_STATUS (another HTTP error), PB_ERROR_NETWORK (unreachable, timeout),
 * PB_ERROR_CANCELLED.
 */
PbRunnerResult   *pb_runner_read_finish       (PbRunner      *self,
                                               GAsyncResult  *result,
                                               GError       **error);

G_END_DECLS
