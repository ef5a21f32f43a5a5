/* pb-broker.h: the local credential broker (HTTP on 127.0.0.1 only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include <cjson/cJSON.h>

#include "pb-agent-store.h"
#include "pb-audit-log.h"
#include "pb-broker-rules.h"
#include "pb-credential-source.h"

G_BEGIN_DECLS

#define PB_TYPE_BROKER (pb_broker_get_type ())

G_DECLARE_FINAL_TYPE (PbBroker, pb_broker, PB, BROKER, GObject)

/* An agent calls METHOD http://127.0.0.1:PORT/connectors/NAME/PATH?QUERY with
 * "Authorization: Bearer TOKEN". The broker finds the agent by its token (401 otherwise),
 * checks that its instructions name the connector (403), that nothing leaves the
 * connector's base URL and no header or path holds CR/LF (400, pb-broker-rules.h), adds the
 * connector's credential and streams the API's answer back with its status. The agent's
 * Authorization, Cookie and hop-by-hop headers are never forwarded; errors the broker writes
 * itself are JSON {"error", "message"} and never hold a secret. Every call, refused or not,
 * goes to the audit trail. Upstream connections are kept alive and shared.
 *
 * Limits (pb_broker_set_limits): request body, response body, seconds without progress from
 * the API, calls in flight per agent. */

typedef struct {
  gsize max_request_bytes;    /* default 8 MiB */
  gsize max_response_bytes;   /* default 64 MiB (streamed) */
  guint timeout_seconds;      /* default 60 */
  guint max_calls_per_agent;  /* default 32 */
} PbBrokerLimits;

PbBroker   *pb_broker_new           (PbAgentStore       *agents,
                                     PbCredentialSource *credentials,
                                     PbAuditLog         *audit);
void        pb_broker_set_limits    (PbBroker             *self,
                                     const PbBrokerLimits *limits);
void        pb_broker_get_limits    (PbBroker             *self,
                                     PbBrokerLimits       *out_limits);
PbAgentStore *pb_broker_get_agents  (PbBroker *self);
PbAuditLog *pb_broker_get_audit     (PbBroker *self);

/* Listens on 127.0.0.1:PORT (0: a free port) and never on another interface. */
gboolean    pb_broker_listen        (PbBroker  *self,
                                     guint      port,
                                     GError   **error);
guint       pb_broker_get_port      (PbBroker *self);
/* "http://127.0.0.1:PORT", or NULL when not listening. */
char       *pb_broker_get_url       (PbBroker *self);
void        pb_broker_stop          (PbBroker *self);

/* The same checks and audit for a caller that is not HTTP (MCP): AGENT calls CONNECTOR_NAME
 * with METHOD, RAW_PATH (percent-encoded, below the base URL), RAW_QUERY (may be NULL),
 * HEADERS (may be NULL) and BODY (may be NULL). The answer is read whole, at most
 * MAX_BYTES (the rest is dropped and "truncated" set). VIA names the caller in the audit. */
typedef struct {
  guint   status;
  char   *content_type;
  GBytes *body;
  gboolean truncated;
} PbBrokerAnswer;

void        pb_broker_answer_free   (PbBrokerAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbBrokerAnswer, pb_broker_answer_free)

void        pb_broker_call_async    (PbBroker            *self,
                                     PbAgent             *agent,
                                     const char          *connector_name,
                                     const char          *method,
                                     const char          *raw_path,
                                     const char          *raw_query,
                                     SoupMessageHeaders  *headers,
                                     GBytes              *body,
                                     gsize                max_bytes,
                                     const char          *via,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* Refusals are PB_BROKER_ERROR; an API's error status is an answer, not an error. */
PbBrokerAnswer *pb_broker_call_finish (PbBroker      *self,
                                       GAsyncResult  *result,
                                       GError       **error);

/* The connector AGENT may use under CONNECTOR_NAME, or PB_BROKER_ERROR_FORBIDDEN. */
PbConnector *pb_broker_authorize    (PbBroker    *self,
                                     PbAgent     *agent,
                                     const char  *connector_name,
                                     GError     **error);

/* read_stream (MCP): a stream of a Connector Builder project linked to the connector, read
 * with the test-read runner and the connector's credential, after the same checks as a call
 * (pb_broker_authorize, the agent's concurrency cap); every request the read makes goes to
 * the audit trail (via VIA). Projects are read from DIR (pb_builder_project_default_dir ()
 * unless set). */
void        pb_broker_set_builder_dir (PbBroker   *self,
                                       const char *dir);
/* TRUE when a Builder project is linked to one of AGENT's connectors. */
gboolean    pb_broker_agent_has_streams (PbBroker *self,
                                         PbAgent  *agent);

typedef struct {
  char     *project;       /* the Builder project the stream is from */
  char     *stream;
  cJSON    *records;       /* the first records read, at most the limit (no secret) */
  guint64   record_count;  /* all records the read found */
  gboolean  truncated;     /* the API had more than the limit */
  cJSON    *warnings;      /* [{ "code", "message" }] from the runner */
  GError   *error;         /* why the read ended early (records before stay), or NULL */
} PbBrokerReading;

void        pb_broker_reading_free  (PbBrokerReading *reading);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbBrokerReading, pb_broker_reading_free)

void        pb_broker_read_stream_async (PbBroker            *self,
                                         PbAgent             *agent,
                                         const char          *connector_name,
                                         const char          *stream,
                                         guint                limit,
                                         const char          *via,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Refusals (not given, no such stream, no credential…) are PB_BROKER_ERROR. */
PbBrokerReading *pb_broker_read_stream_finish (PbBroker      *self,
                                               GAsyncResult  *result,
                                               GError       **error);

G_END_DECLS
