/* test-runner-json.c: the test reads' JSON reading (pb_json_read, strict) and writer against cJSON:
 * the same trees from the same text, strict refusals, a fuzzed round of mutated bodies; and the
 * redaction generation that keeps the runner's cache of redacted headers honest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pb-http.h"
#include "pb-json-read.h"
#include "pb-runner-json.h"
#include "pb-spec-arena.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

static cJSON *
parse (const char *text)
{
  return pb_json_read (text, strlen (text), PB_JSON_READ_STRICT);
}

/* The same tree, member by member in order (cJSON_Compare looks members up by name, so it
 * cannot tell duplicate names apart). */
static gboolean
same_tree (const cJSON *a,
           const cJSON *b)
{
  const cJSON *x, *y;

  if ((a->type & 0xff) != (b->type & 0xff) || g_strcmp0 (a->string, b->string) != 0)
    return FALSE;
  if (cJSON_IsNumber (a))
    return a->valuedouble == b->valuedouble
           || (isnan (a->valuedouble) && isnan (b->valuedouble))
           || (a->valueint == b->valueint && fabs (a->valuedouble - b->valuedouble)
                                               <= fabs (a->valuedouble) * 1e-15);
  if (cJSON_IsString (a))
    return g_strcmp0 (a->valuestring, b->valuestring) == 0;
  for (x = a->child, y = b->child; x != NULL && y != NULL; x = x->next, y = y->next)
    if (!same_tree (x, y))
      return FALSE;
  return x == NULL && y == NULL;
}

/* Same tree as cJSON's, and the first child's prev is the last child (cJSON appends by it). */
static void
check_links (const cJSON *node)
{
  const cJSON *c;
  const cJSON *last = NULL;

  for (c = node->child; c != NULL; c = c->next)
    {
      g_assert_true (c == node->child || c->prev == last);
      last = c;
      check_links (c);
    }
  if (node->child != NULL)
    g_assert_true (node->child->prev == last);
}

static void
check_same (const char *text)
{
  g_autoptr (cJSON) ours = parse (text);
  g_autoptr (cJSON) theirs = cJSON_ParseWithLengthOpts (text, strlen (text) + 1, NULL, TRUE);

  if (ours == NULL || theirs == NULL || !same_tree (ours, theirs))
    g_error ("not the same tree as cJSON's (ours %p, cJSON's %p): %s", (void *) ours,
             (void *) theirs, text);
  check_links (ours);
}

static void
test_json_parse_same_as_cjson (void)
{
  const char *texts[] = {
    "{}", "[]", "null", "true", "false", "0", "-0", "12", "-12.5e3", "1E-2", "0.1",
    "123456789012345", "1234567890123456789", "2147483648", "-2147483649", "1e300",
    "\"\"", "\"plain\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u4e2d\"",
    "\"\\ud83d\\ude00\"", "\"caf\xc3\xa9\"",
    " { \"data\" : [ {\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": null} ],"
    " \"next\": \"c2\", \"more\": true } ",
    "[[[[[]]]], {\"a\": {\"b\": {\"c\": []}}}]", "{\"dup\": 1, \"dup\": 2}",
    "\xef\xbb\xbf{\"bom\": 1}", "[1,2,3,4,5,6,7,8,9,10]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    check_same (texts[i]);
  {
    g_autoptr (cJSON) dup = parse ("{\"dup\": 1, \"dup\": 2}");

    g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (dup, "dup")->valueint, ==, 1);
    g_assert_cmpint (cJSON_GetArraySize (dup), ==, 2);
  }
  {
    g_autoptr (cJSON) big = parse ("[2147483648, -2147483649, 7]");

    g_assert_cmpint (cJSON_GetArrayItem (big, 0)->valueint, ==, G_MAXINT);
    g_assert_cmpint (cJSON_GetArrayItem (big, 1)->valueint, ==, G_MININT);
    g_assert_cmpint (cJSON_GetArrayItem (big, 2)->valueint, ==, 7);
  }
}

static void
test_json_parse_refuses (void)
{
  const char *texts[] = {
    "", " ", "{", "[", "]", "{\"a\"}", "{\"a\":}", "{\"a\": 1,}", "[1,]", "[1 2]", "{1: 2}",
    "nul", "tru", "falsey", "01", "-", "1.", ".5", "1e", "+1", "\"open", "\"bad \\x escape\"",
    "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "{} {}", "[1] x",
    "<html><body>Login</body></html>", "<?xml version=\"1.0\"?><a/>", "'single'", "NaN",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (cJSON) value = parse (texts[i]);

      if (value != NULL)
        g_error ("parsed what it should refuse: %s", texts[i]);
    }
  /* a NUL byte inside the given length, in a string or between values */
  {
    g_autoptr (cJSON) in_string = pb_json_read ("\"a\0b\"", 5, PB_JSON_READ_STRICT);
    g_autoptr (cJSON) after = pb_json_read ("[1]\0", 4, PB_JSON_READ_STRICT);

    g_assert_null (in_string);
    g_assert_null (after);
  }
  /* the length is respected: no read past it */
  {
    g_autoptr (cJSON) cut = pb_json_read ("[1, 2]", 4, PB_JSON_READ_STRICT);
    g_autoptr (cJSON) whole = pb_json_read ("[1, 2] trailing", 6, PB_JSON_READ_STRICT);

    g_assert_null (cut);
    g_assert_nonnull (whole);
  }
}

static void
test_json_parse_depth (void)
{
  GString *deep = g_string_new (NULL);
  g_autoptr (cJSON) ok = NULL;
  g_autoptr (cJSON) too_deep = NULL;

  for (guint i = 0; i < PB_JSON_READ_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < PB_JSON_READ_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  ok = pb_json_read (deep->str, deep->len, PB_JSON_READ_STRICT);
  g_assert_nonnull (ok);
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  too_deep = pb_json_read (deep->str, deep->len, PB_JSON_READ_STRICT);
  g_assert_null (too_deep);
  g_string_free (deep, TRUE);
}

static void
test_json_write (void)
{
  g_autoptr (cJSON) value = cJSON_CreateObject ();
  g_autoptr (GString) compact = g_string_new (NULL);
  g_autoptr (GString) pretty = g_string_new (NULL);
  g_autoptr (cJSON) back = NULL;
  g_autoptr (GString) long_text = g_string_new (NULL);

  for (guint i = 0; i < 3000; i++)
    g_string_append (long_text, "q\"\\\x01\n");
  cJSON_AddStringToObject (value, "text", "tab\tquote\" back\\ nl\n ctl\x01 caf\xc3\xa9");
  cJSON_AddStringToObject (value, "long", long_text->str);
  cJSON_AddNumberToObject (value, "int", -42);
  cJSON_AddNumberToObject (value, "big", 1e300);
  cJSON_AddNumberToObject (value, "frac", 0.1);
  cJSON_AddNumberToObject (value, "third", 1.0 / 3.0);
  cJSON_AddNumberToObject (value, "nan", NAN);
  cJSON_AddBoolToObject (value, "yes", TRUE);
  cJSON_AddNullToObject (value, "none");
  cJSON_AddItemToObject (value, "empty_list", cJSON_CreateArray ());
  cJSON_AddItemToObject (value, "empty_object", cJSON_CreateObject ());
  cJSON_AddItemToObject (value, "nested", cJSON_Parse ("[{\"a\": [1, 2, {\"b\": null}]}]"));

  pb_runner_json_append (compact, value, FALSE);
  pb_runner_json_append (pretty, value, TRUE);
  g_assert_null (strchr (compact->str, '\n'));
  g_assert_nonnull (strstr (pretty->str, "\n  \"int\": -42,\n"));
  g_assert_nonnull (strstr (compact->str, "\"text\":\"tab\\tquote\\\" back\\\\ nl\\n ctl\\u0001 "));
  g_assert_nonnull (strstr (compact->str, "\"nan\":null"));
  g_assert_nonnull (strstr (compact->str, "\"empty_list\":[],\"empty_object\":{}"));

  /* both read back to the same tree (NaN became null) */
  cJSON_ReplaceItemInObjectCaseSensitive (value, "nan", cJSON_CreateNull ());
  back = parse (compact->str);
  g_assert_true (same_tree (back, value));
  cJSON_Delete (back);
  back = cJSON_Parse (pretty->str);
  g_assert_true (same_tree (back, value));
  g_assert_cmpfloat (cJSON_GetObjectItem (back, "third")->valuedouble, ==, 1.0 / 3.0);
}

static gboolean
all_finite (const cJSON *node)
{
  const cJSON *c;

  if (cJSON_IsNumber (node) && !isfinite (node->valuedouble))
    return FALSE;
  for (c = node->child; c != NULL; c = c->next)
    if (!all_finite (c))
      return FALSE;
  return TRUE;
}

/* Fuzz: mutated copies of real-looking bodies. Whatever ours accepts, cJSON accepts as the same
 * tree; whatever cJSON's printer writes, ours reads back to the same tree. In and out of an
 * arena. Under ASan this is also a memory-safety check. */
static void
test_json_fuzz (void)
{
  const char *seeds[] = {
    "{\"data\": [{\"id\": 1, \"name\": \"item \\u00e9\", \"tags\": [\"a\", \"b\"], "
    "\"price\": -12.5e-1, \"ok\": true, \"none\": null}], \"next\": \"c\\\"2\"}",
    "[{\"a\": {\"b\": [[], {}, [1, [2, [3]]]]}}, \"\\ud83d\\ude00\", 0, -0.0, 1E+5]",
  };
  const char alphabet[] = "{}[]\":,\\u0123456789.-+eE tfnrl\x01\xff\xc3\xa9";
  GRand *rand = g_rand_new_with_seed (20261202);
  PbSpecArena *arena = pb_spec_arena_new ();

  for (guint round = 0; round < 20000; round++)
    {
      const char *seed = seeds[round % G_N_ELEMENTS (seeds)];
      g_autofree char *text = g_strdup (seed);
      gsize len = strlen (text);
      guint edits = g_rand_int_range (rand, 1, 4);
      cJSON *ours;
      PbSpecArena *previous = NULL;
      gboolean in_arena = arena != NULL && round % 2 == 0;

      for (guint e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0: text[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]; break;
            case 1: memmove (text + at, text + at + 1, len - at); len--; break;
            default: len = at; text[len] = '\0'; break;
            }
          if (len == 0)
            break;
        }
      if (in_arena)
        previous = pb_spec_arena_push (arena);
      ours = pb_json_read (text, len, PB_JSON_READ_STRICT);
      if (in_arena)
        pb_spec_arena_pop (previous);
      if (ours != NULL)
        {
          g_autoptr (cJSON) theirs = cJSON_ParseWithLengthOpts (text, len, NULL, FALSE);
          g_autoptr (GString) written = g_string_new (NULL);
          g_autoptr (cJSON) again = NULL;

          if (theirs == NULL || !same_tree (ours, theirs))
            g_error ("ours and cJSON differ on: %s", text);
          check_links (ours);
          pb_runner_json_append (written, ours, round % 3 == 0);
          again = parse (written->str);
          g_assert_nonnull (again);
          g_assert_true (!all_finite (ours) || same_tree (again, ours));
        }
      if (!in_arena)
        cJSON_Delete (ours);
      if (in_arena && round % 64 == 0)
        pb_spec_arena_reset (arena);
    }
  pb_spec_arena_free (arena);
  g_rand_free (rand);
}

/* The runner caches redacted header lines for a read: PbHttp tells it when a newly registered
 * secret (PB_HTTP_DEBUG=1 registers them) makes an earlier answer stale. */
static void
test_redaction_generation (void)
{
  g_autoptr (SoupMessage) message = soup_message_new ("GET", "http://127.0.0.1:9/");
  guint before = pb_http_redaction_generation ();
  g_autofree char *plain = pb_http_redact_line ("X-Note: runner-generation-value-7f3a");
  g_autofree char *masked = NULL;

  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  g_assert_nonnull (strstr (plain, "runner-generation-value-7f3a"));
  pb_http_message_add_secret (message, "runner-generation-value-7f3a");
  g_assert_cmpuint (pb_http_redaction_generation (), !=, before);
  masked = pb_http_redact_line ("X-Note: runner-generation-value-7f3a");
  g_assert_null (strstr (masked, "runner-generation-value-7f3a"));
  g_unsetenv ("PB_HTTP_DEBUG");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runner-json/parse-same-as-cjson", test_json_parse_same_as_cjson);
  g_test_add_func ("/runner-json/parse-refuses", test_json_parse_refuses);
  g_test_add_func ("/runner-json/parse-depth", test_json_parse_depth);
  g_test_add_func ("/runner-json/write", test_json_write);
  g_test_add_func ("/runner-json/fuzz", test_json_fuzz);
  g_test_add_func ("/runner-json/redaction-generation", test_redaction_generation);
  return g_test_run ();
}
