/* pb-broker-loop.h: one GSource for all the broker's sockets (epoll) and one coarse timer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/epoll.h>

G_BEGIN_DECLS

typedef struct _PbBrokerLoop PbBrokerLoop;

/* EVENTS are EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP… as epoll reported them. */
typedef void (*PbBrokerWatchFunc) (gpointer data,
                                   guint32  events);

/* A socket in the loop's epoll set: registered once, switched with pb_broker_loop_watch. */
typedef struct {
  PbBrokerWatchFunc func;
  gpointer data;
  int fd;
  guint32 events;          /* what is asked for now */
  gboolean untimed;        /* set before adding: needs no timeouts (a listening socket) */
} PbBrokerWatch;

/* Called about once a second while a watch that is not untimed is in the loop (timeouts are
 * checked there). */
typedef void (*PbBrokerTickFunc) (gpointer data,
                                  gint64   now);

PbBrokerLoop *pb_broker_loop_new    (GMainContext     *context,
                                     PbBrokerTickFunc  tick,
                                     gpointer          tick_data);
void          pb_broker_loop_free   (PbBrokerLoop     *loop);

/* Registers FD (not owned) with WATCH, asking for EVENTS. */
gboolean      pb_broker_loop_add    (PbBrokerLoop     *loop,
                                     PbBrokerWatch    *watch,
                                     int               fd,
                                     guint32           events,
                                     PbBrokerWatchFunc func,
                                     gpointer          data);
/* Asks for EVENTS instead (EPOLL_CTL_MOD, only when they change). */
void          pb_broker_loop_watch  (PbBrokerLoop     *loop,
                                     PbBrokerWatch    *watch,
                                     guint32           events);
/* Takes WATCH's fd out of the set: no further call of its function, also for events
 * already read in this turn. */
void          pb_broker_loop_remove (PbBrokerLoop     *loop,
                                     PbBrokerWatch    *watch);
/* The main context the loop runs in (for the rare source of its own, such as a pause). */
GMainContext *pb_broker_loop_get_context (PbBrokerLoop *loop);
/* Frees DATA with DESTROY once the current turn is over (events already read may still
 * name it), or at once outside a turn. */
void          pb_broker_loop_defer  (PbBrokerLoop     *loop,
                                     gpointer          data,
                                     GDestroyNotify    destroy);

G_END_DECLS
