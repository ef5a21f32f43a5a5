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

/* A path inside ../shared (the corpus, schemas, bench kit). */
char *pb_test_shared_path (const char *relative);

G_END_DECLS
