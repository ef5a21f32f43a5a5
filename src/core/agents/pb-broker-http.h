/* pb-broker-http.h: the broker's own lean HTTP/1.1 layer: agent connections, API connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-broker-loop.h"
#include "pb-broker-parse.h"
#include "pb-broker-private.h"

G_BEGIN_DECLS

/* --- pb-broker-conn.c: agents' connections (accept, parse, write) --- */

typedef struct _PbBrokerConn PbBrokerConn;
typedef struct _PbBrokerCall PbBrokerCall;

/* Starts accepting on the listening socket FD (owned from now on). */
gboolean     pb_broker_conns_listen     (PbBroker     *broker,
                                         int           fd,
                                         GError      **error);
/* Closes the listener and every agent connection (their calls see the agent gone). */
void         pb_broker_conns_stop       (PbBroker     *broker);
/* Timeouts: slow requests, idle connections, agents that do not read. */
void         pb_broker_conns_tick       (PbBroker     *broker,
                                         gint64        now);

/* Every call from the connection's request goes through pb_broker_conn_attach first. */
void         pb_broker_conn_attach      (PbBrokerConn *conn,
                                         PbBrokerCall *call);
/* The answer, written in order: a head, body bytes, the end. HEAD holds the status line
 * and header lines (each ending in CRLF); the connection adds the framing for a body of
 * LENGTH bytes (-1: unknown, then chunked) and the blank line. Writing never blocks: what
 * the socket does not take now is kept, and pb_broker_conn_body returns FALSE while more
 * than a high-water mark waits (stop reading the API until pb_broker_call_drained). */
#define PB_BROKER_NO_BODY (-2)   /* a LENGTH: an answer that never has a body (204, 304) */
void         pb_broker_conn_head        (PbBrokerConn *conn,
                                         GString      *head,
                                         gint64        length);
gboolean     pb_broker_conn_body        (PbBrokerConn *conn,
                                         const char   *bytes,
                                         gsize         length);
void         pb_broker_conn_end         (PbBrokerConn *conn);
/* A complete JSON error answer (pb-broker-server.c's mapping) and the end. */
void         pb_broker_conn_error       (PbBrokerConn *conn,
                                         const GError *error);
/* Drops the connection: an answer cut after its head went out. */
void         pb_broker_conn_abort       (PbBrokerConn *conn);
/* The answer to a HEAD request has no body. */
gboolean     pb_broker_conn_is_head     (PbBrokerConn *conn);

/* --- pb-broker-server.c: one call from an agent --- */

/* IN is taken. Returns the call (the connection tells it when the agent goes). */
PbBrokerCall *pb_broker_call_start      (PbBroker         *broker,
                                         PbBrokerConn     *conn,
                                         PbBrokerIncoming *in);
void         pb_broker_call_agent_gone  (PbBrokerCall     *call);
void         pb_broker_call_drained     (PbBrokerCall     *call);
/* The JSON body of an error answer and its status. */
char        *pb_broker_error_answer     (const GError     *error,
                                         guint            *out_status);

/* --- pb-broker-upstream.c: keep-alive connections to the APIs --- */

typedef struct _PbUpstreamPool PbUpstreamPool;
typedef struct _PbUpstreamCall PbUpstreamCall;

typedef struct {
  /* The answer's status line and headers (those passed back, as "Name: value\r\n" lines);
   * LENGTH is the body's size, -1 when unknown (chunked or until the end). */
  void (*head)  (gpointer data, guint status, const char *reason, GString *headers,
                 gint64 length);
  /* A piece of the body, decoded (chunks undone). */
  void (*body)  (gpointer data, const char *bytes, gsize length);
  void (*done)  (gpointer data);
  /* ERROR is PB_BROKER_ERROR (UPSTREAM, TIMEOUT) naming the host only. */
  void (*error) (gpointer data, const GError *error);
} PbUpstreamHandler;

PbUpstreamPool *pb_upstream_pool_new    (GMainContext     *context,
                                         PbBrokerTickFunc  tick,
                                         gpointer          tick_data);
/* Closes every connection; pending connects end quietly. Drops the caller's reference. */
void         pb_upstream_pool_shutdown  (PbUpstreamPool   *pool);
PbBrokerLoop *pb_upstream_pool_get_loop (PbUpstreamPool   *pool);
/* Seconds without progress from the API before a call fails (504). */
void         pb_upstream_pool_set_timeout (PbUpstreamPool *pool,
                                           guint           seconds);

/* Sends REQUEST (it must live until the call ends) on an idle connection to its host or a new one;
 * HANDLER's functions are called with DATA until done or error, or until cancelled. */
PbUpstreamCall *pb_upstream_send        (PbUpstreamPool          *pool,
                                         PbBrokerRequest         *request,
                                         const PbUpstreamHandler *handler,
                                         gpointer                 data);
/* No more calls of the handler; the connection is closed unless the answer was whole. */
void         pb_upstream_cancel         (PbUpstreamCall   *call);
void         pb_upstream_pause          (PbUpstreamCall   *call,
                                         gboolean          paused);

G_END_DECLS
