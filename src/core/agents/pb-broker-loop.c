/* pb-broker-loop.c: one GSource for all the broker's sockets (epoll) and one coarse timer
 *
 * Every socket of the broker (listener, agents, APIs) is in one epoll set, registered once
 * and switched with EPOLL_CTL_MOD; the main context polls only the epoll fd. This spares
 * GLib a GSource (and its wake-ups) per wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "pb-broker-loop.h"

#define MAX_EVENTS 64

typedef struct {
  gpointer data;
  GDestroyNotify destroy;
} Deferred;

struct _PbBrokerLoop
{
  GSource *source;
  GSource *timer;
  GSource *flush;           /* an idle source freeing what was deferred outside a turn */
  GMainContext *context;
  int epfd;
  guint watches;            /* timed ones */
  gboolean in_turn;
  gboolean flushing;
  gboolean free_pending;    /* pb_broker_loop_free was called by a deferred function */
  GArray *deferred;
  PbBrokerTickFunc tick;
  gpointer tick_data;
};

typedef struct {
  GSource source;
  PbBrokerLoop *loop;
} LoopSource;

static void loop_free_now (PbBrokerLoop *loop);

static void
flush_deferred (PbBrokerLoop *loop)
{
  if (loop->flushing)
    return;
  loop->flushing = TRUE;
  /* In order: what a destroy function defers goes after, and is run in this pass too. */
  for (guint i = 0; i < loop->deferred->len; i++)
    {
      Deferred d = g_array_index (loop->deferred, Deferred, i);

      d.destroy (d.data);
    }
  g_array_set_size (loop->deferred, 0);
  loop->flushing = FALSE;
  if (loop->free_pending)
    loop_free_now (loop);
}

static gboolean
flush_cb (gpointer data)
{
  PbBrokerLoop *loop = data;

  g_clear_pointer (&loop->flush, g_source_unref);
  flush_deferred (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
loop_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  PbBrokerLoop *loop = ((LoopSource *) source)->loop;
  struct epoll_event events[MAX_EVENTS];
  int n;

  n = epoll_wait (loop->epfd, events, MAX_EVENTS, 0);
  loop->in_turn = TRUE;
  for (int i = 0; i < n; i++)
    {
      PbBrokerWatch *watch = events[i].data.ptr;

      /* A watch removed earlier in this turn has no function any more (its memory waits in
       * the deferred list until the turn is over). */
      if (watch->func != NULL)
        watch->func (watch->data, events[i].events);
    }
  loop->in_turn = FALSE;
  flush_deferred (loop);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs loop_funcs = { NULL, NULL, loop_dispatch, NULL, NULL, NULL };

static gboolean
timer_cb (gpointer data)
{
  PbBrokerLoop *loop = data;

  loop->in_turn = TRUE;
  loop->tick (loop->tick_data, g_get_monotonic_time ());
  loop->in_turn = FALSE;
  flush_deferred (loop);
  return G_SOURCE_CONTINUE;
}

PbBrokerLoop *
pb_broker_loop_new (GMainContext     *context,
                    PbBrokerTickFunc  tick,
                    gpointer          tick_data)
{
  PbBrokerLoop *loop = g_new0 (PbBrokerLoop, 1);

  loop->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (loop->epfd < 0)
    {
      g_free (loop);
      return NULL;
    }
  loop->context = context != NULL ? g_main_context_ref (context)
                                  : g_main_context_ref_thread_default ();
  loop->deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
  loop->tick = tick;
  loop->tick_data = tick_data;
  loop->source = g_source_new (&loop_funcs, sizeof (LoopSource));
  ((LoopSource *) loop->source)->loop = loop;
  g_source_set_static_name (loop->source, "[plugboard] broker sockets");
  g_source_add_unix_fd (loop->source, loop->epfd, G_IO_IN);
  g_source_attach (loop->source, loop->context);
  return loop;
}

void
pb_broker_loop_free (PbBrokerLoop *loop)
{
  if (loop == NULL)
    return;
  if (loop->flushing)
    {
      loop->free_pending = TRUE;
      return;
    }
  flush_deferred (loop);
  if (!loop->free_pending)
    loop_free_now (loop);
}

static void
loop_free_now (PbBrokerLoop *loop)
{
  if (loop->flush != NULL)
    {
      g_source_destroy (loop->flush);
      g_clear_pointer (&loop->flush, g_source_unref);
    }
  if (loop->timer != NULL)
    {
      g_source_destroy (loop->timer);
      g_source_unref (loop->timer);
    }
  g_source_destroy (loop->source);
  g_source_unref (loop->source);
  close (loop->epfd);
  g_array_unref (loop->deferred);
  g_main_context_unref (loop->context);
  g_free (loop);
}

gboolean
pb_broker_loop_add (PbBrokerLoop      *loop,
                    PbBrokerWatch     *watch,
                    int                fd,
                    guint32            events,
                    PbBrokerWatchFunc  func,
                    gpointer           data)
{
  struct epoll_event ev = { .events = events, .data.ptr = watch };

  watch->fd = fd;
  watch->func = func;
  watch->data = data;
  watch->events = events;
  if (epoll_ctl (loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
    {
      watch->func = NULL;
      watch->fd = -1;
      return FALSE;
    }
  if (!watch->untimed && ++loop->watches == 1 && loop->timer == NULL)
    {
      /* A connection: timeouts need checking. */
      loop->timer = g_timeout_source_new_seconds (1);
      g_source_set_static_name (loop->timer, "[plugboard] broker timeouts");
      g_source_set_callback (loop->timer, timer_cb, loop, NULL);
      g_source_attach (loop->timer, loop->context);
    }
  return TRUE;
}

void
pb_broker_loop_watch (PbBrokerLoop  *loop,
                      PbBrokerWatch *watch,
                      guint32        events)
{
  struct epoll_event ev = { .events = events, .data.ptr = watch };

  if (watch->fd < 0 || watch->events == events)
    return;
  watch->events = events;
  epoll_ctl (loop->epfd, EPOLL_CTL_MOD, watch->fd, &ev);
}

void
pb_broker_loop_remove (PbBrokerLoop  *loop,
                       PbBrokerWatch *watch)
{
  if (watch->fd < 0 || watch->func == NULL)
    return;
  epoll_ctl (loop->epfd, EPOLL_CTL_DEL, watch->fd, NULL);
  watch->func = NULL;
  watch->fd = -1;
  if (!watch->untimed && --loop->watches == 0 && loop->timer != NULL)
    {
      g_source_destroy (loop->timer);
      g_clear_pointer (&loop->timer, g_source_unref);
    }
}

void
pb_broker_loop_defer (PbBrokerLoop   *loop,
                      gpointer        data,
                      GDestroyNotify  destroy)
{
  Deferred d = { data, destroy };

  g_array_append_val (loop->deferred, d);
  if (!loop->in_turn && loop->flush == NULL)
    {
      /* From an async callback: freed in the next main loop turn, not under its caller. */
      loop->flush = g_idle_source_new ();
      g_source_set_static_name (loop->flush, "[plugboard] broker frees");
      g_source_set_callback (loop->flush, flush_cb, loop, NULL);
      g_source_attach (loop->flush, loop->context);
    }
}

GMainContext *
pb_broker_loop_get_context (PbBrokerLoop *loop)
{
  return loop->context;
}
