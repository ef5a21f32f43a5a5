/* pb-test-util.h: helpers shared by the tests (real files, real processes, no mocks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

G_END_DECLS
