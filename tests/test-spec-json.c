/* test-spec-json.c: the spec reader's JSON parser builds exactly cJSON's tree, or gives up
 *
 * pb_json_read in PB_JSON_READ_AS_CJSON must return either NULL (the reader then asks cJSON)
 * or the tree cJSON_ParseWithLength builds from the same text, node for node: types, keys,
 * strings, numbers bit for bit, valueint, order and prev links. Checked on every JSON spec of the
 * corpus, on hand-written edge cases, and on many random mutations of a small document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-json-read.h"
#include "pb-spec-parse.h"
#include "pb-test-util.h"

static void
assert_same_tree (const cJSON *a,
                  const cJSON *b,
                  const char  *where)
{
  const cJSON *ca, *cb;

  if (a->type != b->type)
    g_error ("%s: type %d, cJSON %d", where, a->type, b->type);
  g_assert_cmpstr (a->string, ==, b->string);
  g_assert_cmpstr (a->valuestring, ==, b->valuestring);
  g_assert_cmpint (a->valueint, ==, b->valueint);
  g_assert_true (memcmp (&a->valuedouble, &b->valuedouble, sizeof (double)) == 0);
  for (ca = a->child, cb = b->child; ca != NULL && cb != NULL; ca = ca->next, cb = cb->next)
    {
      assert_same_tree (ca, cb, where);
      if (ca->next != NULL)
        g_assert_true (ca->next->prev == ca);
      else
        g_assert_true (a->child->prev == ca);   /* cJSON: the first child's prev is the last */
    }
  g_assert_true (ca == NULL && cb == NULL);
}

/* cJSON's reading of TEXT as pb_spec_parse takes it: one value, then only white space. */
static cJSON *
cjson_reading (const char *text,
               gsize       length)
{
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts (text, length, &end, FALSE);

  if (root == NULL)
    return NULL;
  while (end < text + length && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
    end++;
  if (end != text + length)
    {
      cJSON_Delete (root);
      return NULL;
    }
  return root;
}

/* Either gives up or agrees with cJSON; returns whether it read TEXT. */
static gboolean
check_agrees (const char *text,
              gsize       length,
              const char *where)
{
  cJSON *ours = pb_json_read (text, length, PB_JSON_READ_AS_CJSON);
  cJSON *theirs;

  if (ours == NULL)
    return FALSE;
  theirs = cjson_reading (text, length);
  if (theirs == NULL)
    g_error ("%s: read, but cJSON refuses it", where);
  assert_same_tree (ours, theirs, where);
  cJSON_Delete (ours);
  cJSON_Delete (theirs);
  return TRUE;
}

static void
test_corpus (void)
{
  g_autofree char *dir = pb_test_shared_path ("corpus/openapi");
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize length = 0;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      /* Real specs are plain JSON: read without falling back. */
      if (!check_agrees (text, length, name))
        g_error ("%s: the fast reader gave up on a corpus spec", name);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 10);
}

static void
test_edge_cases (void)
{
  /* Read, and the same as cJSON's tree. */
  static const char *const read[] = {
    "{}", "[]", " [ 1 , 2 ] ", "{\"a\":{\"b\":[true,false,null,\"\"]}}",
    "[0, -0, 7, -12, 123456789012345, 1234567890123456, 12345678901234567890]",
    "[2147483647, 2147483648, -2147483648, -2147483649, 1e400, -1e400, 4.9e-324]",
    "[0.1, 1.5E-3, 1e5, 1E+2, -0.0, 3.14159265358979323846, 1.7976931348623157e308]",
    "[01, -007, 1.e5, -.5]",                      /* cJSON reads these: so do we */
    "{\"k\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
    "[\"\\u00e9\\u20ac\\ud83d\\ude00\\u0041\", \"caf\xc3\xa9\"]",
    "[\"raw\ttab and\x01control\"]",             /* cJSON keeps them */
    "[1,\x0b 2]",                                 /* cJSON skips every byte up to ' ' */
    "{\"dup\":1,\"dup\":2}",
    "{\"\":\"\"}",
  };
  /* Given up on: cJSON errs, or reads something we do not mirror. */
  static const char *const give_up[] = {
    "", "[", "{\"a\":}", "[1,]", "{\"a\":1,}", "[1 2]", "{'a':1}", "[tru]", "[nul]",
    "[\"\\u0000\"]", "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"\\x\"]", "[\"\\u12\"]",
    "[\"open", "[1] x", "[1]\x0b", "[+1]", "[1.5e]", "[-]", "[.5]", "[NaN]", "[Infinity]",
    "{\"a\" 1}", "{1:2}", "[1}", "{\"a\":1]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (read); i++)
    if (!check_agrees (read[i], strlen (read[i]), read[i]))
      g_error ("gave up on %s", read[i]);
  for (guint i = 0; i < G_N_ELEMENTS (give_up); i++)
    if (check_agrees (give_up[i], strlen (give_up[i]), give_up[i]))
      g_error ("read %s", give_up[i]);
}

/* cJSON refuses the 1001st level; the fast reader gives up there and reads 1000. */
static void
test_depth (void)
{
  for (guint depth = 999; depth <= 1001; depth++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      gboolean ours;
      cJSON *theirs;

      for (guint i = 0; i < depth; i++)
        g_string_append_c (text, '[');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (text, ']');
      ours = check_agrees (text->str, text->len, "deep");
      theirs = cjson_reading (text->str, text->len);
      g_assert_true (ours == (theirs != NULL));
      g_assert_true (ours == (depth <= PB_SPEC_MAX_DEPTH));
      cJSON_Delete (theirs);
    }
}

static void
test_mutations (void)
{
  static const char seed[] =
    "{\"openapi\": \"3.0.0\", \"paths\": {\"/a/{id}\": {\"get\": {\"parameters\": [{\"name\": "
    "\"limit\", \"in\": \"query\", \"schema\": {\"type\": \"integer\", \"maximum\": 100, "
    "\"default\": -1.5e2}}], \"responses\": {\"200\": {\"description\": \"caf\\u00e9 \\\"ok\\\"\","
    " \"x\": [true, false, null, 0, 12345678901234567, 0.25]}}}}}}";
  static const char alphabet[] = "{}[]\",:\\-+.eE0123456789 \t\n\x0b\x01untrlfsa/";
  GRand *rand = g_rand_new_with_seed (14);
  guint read = 0;

  for (guint round = 0; round < 40000; round++)
    {
      char text[sizeof seed + 8];
      gsize length = sizeof seed - 1;
      guint edits = g_rand_int_range (rand, 1, 4);

      memcpy (text, seed, length);
      for (guint e = 0; e < edits; e++)
        {
          guint at = g_rand_int_range (rand, 0, length);
          char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:   /* replace */
              text[at] = c;
              break;
            case 1:   /* delete */
              memmove (text + at, text + at + 1, length - at - 1);
              length--;
              break;
            default:  /* insert */
              if (length + 1 < sizeof text)
                {
                  memmove (text + at + 1, text + at, length - at);
                  text[at] = c;
                  length++;
                }
              break;
            }
        }
      if (g_rand_boolean (rand))
        length = g_rand_int_range (rand, 0, length + 1);   /* truncated, too */
      read += check_agrees (text, length, "mutation");
    }
  g_rand_free (rand);
  /* Many mutations stay valid JSON: both branches were taken. */
  g_assert_cmpuint (read, >, 1000);
  g_assert_cmpuint (read, <, 39000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spec-json/corpus", test_corpus);
  g_test_add_func ("/spec-json/edge-cases", test_edge_cases);
  g_test_add_func ("/spec-json/depth", test_depth);
  g_test_add_func ("/spec-json/mutations", test_mutations);
  return g_test_run ();
}
