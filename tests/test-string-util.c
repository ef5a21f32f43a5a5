/* test-string-util.c: the shared string helpers in src/core/base (pb_set_str, pb_str_has_word)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-string-util.h"

static void
test_set_str (void)
{
  g_autofree char *field = NULL;
  const char *before;

  /* NULL to NULL: nothing changes. */
  g_assert_false (pb_set_str (&field, NULL));
  g_assert_null (field);

  g_assert_true (pb_set_str (&field, "alpha"));
  g_assert_cmpstr (field, ==, "alpha");

  /* An equal value is no change: the same allocation stays. */
  before = field;
  g_assert_false (pb_set_str (&field, "alpha"));
  g_assert_true (field == before);

  g_assert_true (pb_set_str (&field, "beta"));
  g_assert_cmpstr (field, ==, "beta");

  /* A value taken from the old string itself is copied before the old one is freed. */
  g_assert_true (pb_set_str (&field, field + 1));
  g_assert_cmpstr (field, ==, "eta");

  g_assert_true (pb_set_str (&field, ""));
  g_assert_cmpstr (field, ==, "");
  g_assert_true (pb_set_str (&field, NULL));
  g_assert_null (field);
}

static void
test_has_word (void)
{
  g_assert_true (pb_str_has_word ("my api key", "api"));
  g_assert_true (pb_str_has_word ("api", "api"));
  g_assert_true (pb_str_has_word ("use the key.", "key"));
  g_assert_true (pb_str_has_word ("base-url", "url"));
  g_assert_true (pb_str_has_word ("(token)", "token"));

  /* Inside a longer word, before or after: no match. */
  g_assert_false (pb_str_has_word ("rapid", "api"));
  g_assert_false (pb_str_has_word ("apikey", "api"));
  g_assert_false (pb_str_has_word ("keys", "key"));
  g_assert_false (pb_str_has_word ("key2", "key"));

  /* A later whole-word occurrence counts after a first partial one. */
  g_assert_true (pb_str_has_word ("keys and key", "key"));
  g_assert_true (pb_str_has_word ("apikey api", "api"));

  /* Case-sensitive; empty word or haystack never match. */
  g_assert_false (pb_str_has_word ("API key", "api"));
  g_assert_false (pb_str_has_word ("anything", ""));
  g_assert_false (pb_str_has_word ("", "api"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/string-util/set-str", test_set_str);
  g_test_add_func ("/string-util/has-word", test_has_word);
  return g_test_run ();
}
