/* pb-test-util.h: helpers shared by the tests (real files, real processes, no mocks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

/* The private root the harness made for this test ($PB_TEST_ROOT); aborts if unset. */
const char *pb_test_root (void);

/* Fails the test if NEEDLE occurs in any regular file below DIRECTORY. Returns the number of
 * files scanned, so callers can assert something was actually looked at. */
guint pb_test_assert_tree_lacks (const char *directory,
                                 const char *needle);

/* Runs the plugboard-cli built beside the tests ($PB_CLI) with ARGV (NULL-terminated, without
 * the program name). STDIN_TEXT may be NULL. Returns the exit status; stdout/stderr out. */
int pb_test_run_cli (const char * const *argv,
                     const char         *stdin_text,
                     char              **out_stdout,
                     char              **out_stderr);

/* Runs the default main context until EXPR holds; fails the test after TIMEOUT_S seconds,
 * naming the condition. For widget and async tests: wait on a condition, never on a sleep. */
#define PB_TEST_WAIT_FOR(expr, timeout_s) \
  G_STMT_START { \
    gint64 _pb_end = g_get_monotonic_time () + (timeout_s) * G_USEC_PER_SEC; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > _pb_end) \
          g_error ("timed out waiting for: %s", #expr); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (2000); \
      } \
  } G_STMT_END

/* Runs the default main context for MSEC milliseconds (lets a window lay out and draw). */
void pb_test_settle (guint msec);

/* A path inside ../shared (the corpus, schemas, bench kit). */
char *pb_test_shared_path (const char *relative);

/* --- Loopback HTTP servers --- */

/* A SoupServer on 127.0.0.1 (a free port) that serves every path with HANDLER (USER_DATA) from
 * a thread of its own, with its own main context: the test may block (run the CLI, wait on a
 * GTask) while the server answers. STOPPING (USER_DATA), if not NULL, runs in that thread when
 * the server stops, before it closes: there it drops answers it holds back. */
typedef struct _PbTestServerThread PbTestServerThread;

PbTestServerThread *pb_test_server_thread_new         (const char         *name,
                                                       SoupServerCallback  handler,
                                                       GDestroyNotify      stopping,
                                                       gpointer            user_data);
/* "http://127.0.0.1:PORT" */
const char         *pb_test_server_thread_get_base    (PbTestServerThread *self);
/* The server thread's main context (to attach sources that answer later). */
GMainContext       *pb_test_server_thread_get_context (PbTestServerThread *self);
/* Stops the server, runs what is pending in its context, and joins the thread. */
void                pb_test_server_thread_free        (PbTestServerThread *self);

/* Answers MSG with STATUS and a copy of BODY as CONTENT_TYPE. */
void pb_test_reply           (SoupServerMessage *msg,
                              guint              status,
                              const char        *content_type,
                              const char        *body);
/* Answers MSG with STATUS and a copy of the JSON text JSON. */
void pb_test_reply_json      (SoupServerMessage *msg,
                              guint              status,
                              const char        *json);
/* Answers MSG with STATUS and the JSON text in BODY, which it takes. */
void pb_test_reply_json_take (SoupServerMessage *msg,
                              guint              status,
                              GString           *body);

/* --- Connector stores on the real disk --- */

/* A new directory PREFIX-N below the harness's private root (N counts the calls), and the path
 * of a "connectors.json" in it (not created). */
char             *pb_test_fresh_connectors_path (const char *prefix);
/* A store of PATH without a vault, loaded; fails the test if loading fails. AUTOSAVE_DELAY_MS
 * (0: the store's default) is how long a change waits before it is written. */
PbConnectorStore *pb_test_open_connector_store  (const char *path,
                                                 guint       autosave_delay_ms);
/* The contents of PATH; fails the test if it cannot be read. */
char             *pb_test_read_file             (const char *path);

G_END_DECLS
