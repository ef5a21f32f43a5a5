/* pb-broker-private.h: what pb-broker.c, pb-broker-server.c and pb-broker-call.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-broker.h"

G_BEGIN_DECLS

struct _PbBroker
{
  GObject parent_instance;

  PbAgentStore *agents;
  PbCredentialSource *credentials;
  PbAuditLog *audit;
  PbBrokerLimits limits;

  SoupSession *session;     /* MCP's calls: keep-alive, no content decoding, no cookies */
  struct _PbUpstreamPool *pool;  /* the HTTP side's API connections and event loop */
  gpointer listener;        /* pb-broker-conn.c's, while listening */
  GQueue conns;             /* agents' connections (pb-broker-conn.c) */
  guint port;
  char *host_ip;            /* "127.0.0.1:PORT", "localhost:PORT": the Host headers accepted */
  char *host_name;
  GHashTable *in_flight;    /* agent id → GUINT count */
  GQueue calls;             /* the HTTP side's calls in flight (pb-broker-server.c) */
  char *builder_dir;        /* Builder projects (read_stream) */
};

/* Counts a call of AGENT; PB_BROKER_ERROR_TOO_MANY over the cap. */
gboolean     pb_broker_enter          (PbBroker    *self,
                                       PbAgent     *agent,
                                       GError     **error);
void         pb_broker_leave          (PbBroker    *self,
                                       const char  *agent_id);

/* What goes to the API: the target URL (base URL + path + query, with a query credential),
 * the agent's headers filtered and the credential added, the body (NULL when empty). */
typedef struct {
  char *method;
  GUri *target;
  SoupMessageHeaders *headers;
  GBytes *body;
} PbBrokerRequest;

void         pb_broker_request_free   (PbBrokerRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbBrokerRequest, pb_broker_request_free)
/* The same as a libsoup message (no redirects followed). */
SoupMessage *pb_broker_request_to_message (const PbBrokerRequest  *request,
                                           GError                **error);

/* Checks the path, query and headers, gets the credential and builds the upstream request
 * (agent headers filtered, credential added, BODY attached). */
void         pb_broker_prepare_async  (PbBroker            *self,
                                       PbConnector         *connector,
                                       const char          *method,
                                       const char          *raw_path,
                                       const char          *raw_query,
                                       SoupMessageHeaders  *agent_headers,
                                       GBytes              *body,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* The same after the API answered 401 to a credential taken after SINCE (monotonic µs): an
 * OAuth connector's token is refreshed once (pb_credential_source_renew_async). */
void         pb_broker_prepare_renewed_async (PbBroker            *self,
                                              PbConnector         *connector,
                                              gint64               since,
                                              const char          *method,
                                              const char          *raw_path,
                                              const char          *raw_query,
                                              SoupMessageHeaders  *agent_headers,
                                              GBytes              *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PbBrokerRequest *pb_broker_prepare_finish (PbBroker      *self,
                                       GAsyncResult  *result,
                                       GError       **error);
/* The same without waiting when the credential is cached: NULL without ERROR means "not
 * cached, use pb_broker_prepare_async". */
PbBrokerRequest *pb_broker_prepare_now    (PbBroker            *self,
                                       PbConnector         *connector,
                                       const char          *method,
                                       const char          *raw_path,
                                       const char          *raw_query,
                                       SoupMessageHeaders  *agent_headers,
                                       GBytes              *body,
                                       GError             **error);

/* One audit entry; RAW_PATH is cut at "?" and CONNECTOR gives the host when known. */
void         pb_broker_record         (PbBroker    *self,
                                       PbAgent     *agent,
                                       const char  *connector_name,
                                       PbConnector *connector,
                                       const char  *method,
                                       const char  *raw_path,
                                       guint        status,
                                       gint64       started,
                                       guint64      bytes,
                                       const char  *via);

/* A transport error from the upstream session as a PB_BROKER_ERROR naming only the host. */
GError      *pb_broker_upstream_error (const GError *error,
                                       const char   *host);

/* pb-broker-server.c: before the broker stops listening, every agent connection closes;
 * the calls in flight write nothing more, stop talking to the API and are audited. */
void         pb_broker_server_stop    (PbBroker          *self);

G_END_DECLS
