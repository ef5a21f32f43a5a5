/* test-spec-malformed.c: bad input gives a GError with a message (and a line and column for
 * parse errors), never a crash or a hang; the whole corpus reads with the right versions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-error.h"
#include "pb-spec-document.h"
#include "pb-test-util.h"

/* Parses LENGTH bytes of DATA; asserts that failure came with a usable error. Returns TRUE
 * if a document was read. */
static gboolean
check_bytes (const char *data,
             gsize       length,
             const char *label)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, length);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_bytes (bytes, "file:///malformed/spec", &error);

  if (doc != NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (pb_spec_document_get_version (doc));
      return TRUE;
    }
  if (error == NULL)
    g_error ("%s: no document and no error", label);
  g_assert_true (error->domain == PB_ERROR);
  g_assert_true (error->code == PB_ERROR_PARSE || error->code == PB_ERROR_UNSUPPORTED_FORMAT);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (error->code == PB_ERROR_PARSE &&
      (strstr (error->message, "line ") == NULL || strstr (error->message, "column ") == NULL))
    g_error ("%s: parse error without line and column: %s", label, error->message);
  return FALSE;
}

static char *
corpus_file (const char *name,
             gsize      *length)
{
  g_autofree char *path = pb_test_shared_path (name);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, length, &error);
  g_assert_no_error (error);
  return text;
}

/* Cuts a corpus spec at 200 offsets spread over the file. */
static void
truncate_at_200_points (const char *name,
                        gboolean    must_fail)
{
  gsize length = 0;
  g_autofree char *text = corpus_file (name, &length);
  guint failed = 0;

  for (guint i = 0; i < 200; i++)
    {
      /* Spread over the file, never the whole file (trailing space may follow the end). */
      gsize cut = (gsize) ((guint64) (length - 2) * i / 200) + (i * 7919) % 97;
      g_autofree char *label = g_strdup_printf ("%s cut at %" G_GSIZE_FORMAT, name, cut);

      cut = MIN (cut, length - 2);
      if (!check_bytes (text, cut, label))
        failed++;
      else if (must_fail)
        g_error ("%s: a truncated JSON document was accepted", label);
    }
  g_test_message ("%s: %u of 200 cuts refused", name, failed);
  g_assert_cmpuint (failed, >, 0);
}

static void
test_truncated_json (void)
{
  truncate_at_200_points ("corpus/openapi/onesignal.json", TRUE);
  truncate_at_200_points ("corpus/openapi/opsgenie.json", TRUE);
}

static void
test_truncated_yaml (void)
{
  /* Truncated YAML is often still YAML: what matters is no crash and a clean error. */
  truncate_at_200_points ("corpus/openapi/ynab.yaml", FALSE);
  truncate_at_200_points ("corpus/openapi/nytimes.yaml", FALSE);
}

static void
expect_error (const char  *text,
              gsize        length,
              GQuark       domain,
              int          code,
              const char  *words)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, length);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_bytes (bytes, "file:///malformed/spec.yaml", &error);

  g_assert_null (doc);
  g_assert_error (error, domain, code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” lacks “%s”", error->message, words);
}

static void
test_deep_nesting (void)
{
  const guint depth = 10000;
  g_autoptr (GString) arrays = g_string_new (NULL);
  g_autoptr (GString) objects = g_string_new (NULL);
  g_autoptr (GString) flow = g_string_new ("openapi: 3.0.0\nx: ");
  g_autoptr (GString) block = g_string_new ("openapi: 3.0.0\n");
  g_autoptr (GString) balanced = g_string_new ("openapi: 3.0.0\nx: ");

  for (guint i = 0; i < depth; i++)
    {
      g_string_append_c (arrays, '[');
      g_string_append (objects, "{\"a\":");
      g_string_append_c (flow, '[');
      g_string_append_c (balanced, '{');
      g_string_append (balanced, "a: ");
    }
  g_string_append (objects, "1");
  for (guint i = 0; i < depth; i++)
    {
      g_string_append_c (arrays, ']');
      g_string_append_c (objects, '}');
      g_string_append_c (balanced, '}');
    }
  for (guint i = 0; i < 2000; i++)
    {
      g_string_append_printf (block, "%*sk%u:\n", (int) i, "", i);
    }
  /* cJSON's own limit (CJSON_NESTING_LIMIT, 1000) gives a clean error; say what it is. */
  expect_error (arrays->str, arrays->len, PB_ERROR, PB_ERROR_PARSE, "nesting deeper than 1000");
  expect_error (objects->str, objects->len, PB_ERROR, PB_ERROR_PARSE, "nesting deeper than 1000");
  expect_error (flow->str, flow->len, PB_ERROR, PB_ERROR_PARSE, "nesting deeper than 1000");
  expect_error (balanced->str, balanced->len, PB_ERROR, PB_ERROR_PARSE, "nesting deeper than 1000");
  expect_error (block->str, block->len, PB_ERROR, PB_ERROR_PARSE, "line 1002, column 1001");
}

static void
test_binary_garbage (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240601);
  guint sizes[] = { 1, 2, 3, 16, 100, 1000, 4096, 65536 };

  for (guint round = 0; round < 40; round++)
    {
      gsize size = sizes[round % G_N_ELEMENTS (sizes)];
      g_autofree char *data = g_malloc (size);
      g_autofree char *label = g_strdup_printf ("garbage round %u", round);

      for (gsize i = 0; i < size; i++)
        {
          data[i] = (char) g_rand_int_range (rand, 0, 256);
          /* Half the rounds without NUL bytes, to get past the first check. */
          if (round % 2 == 1 && data[i] == '\0')
            data[i] = 'x';
        }
      g_assert_false (check_bytes (data, size, label));
    }
  /* Random printable text: YAML may read it, but it is no spec. */
  for (guint round = 0; round < 40; round++)
    {
      gsize size = sizes[round % G_N_ELEMENTS (sizes)];
      g_autofree char *data = g_malloc (size);
      g_autofree char *label = g_strdup_printf ("text garbage round %u", round);
      const char alphabet[] = "{}[]:,-?&*!|>'\"%@` \n\t#abc012.~<=";

      for (gsize i = 0; i < size; i++)
        data[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      g_assert_false (check_bytes (data, size, label));
    }
}

static void
test_mutations (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  gsize length = 0;
  g_autofree char *text = corpus_file ("corpus/openapi/nytimes.yaml", &length);
  guint read = 0;

  /* Flip, drop and insert bytes in a real spec: read or refused, never a crash. */
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr (GString) copy = g_string_new_len (text, length);
      g_autofree char *label = g_strdup_printf ("mutation %u", round);

      for (guint k = 0; k < 1 + round % 5; k++)
        {
          gsize at = g_rand_int_range (rand, 0, copy->len);
          const char specials[] = "{}[]:,-?&*!|>'\"%@` \n\t#\\";

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              copy->str[at] = specials[g_rand_int_range (rand, 0, sizeof specials - 1)];
              break;
            case 1:
              g_string_erase (copy, at, 1);
              break;
            default:
              g_string_insert_c (copy, at, specials[g_rand_int_range (rand, 0, sizeof specials - 1)]);
              break;
            }
        }
      if (check_bytes (copy->str, copy->len, label))
        read++;
    }
  g_test_message ("%u of 300 mutants still read", read);
}

static void
test_bad_text (void)
{
  const char nul[] = "openapi: 3.0.0\ninfo:\0 {}\n";
  const char bad_utf8_json[] = "{\n  \"openapi\": \"3.0.0\",\n  \"x\": \"caf\xC3\x28\"\n}";
  const char overlong[] = "openapi: 3.0.0\nx: \xC0\xAF\n";
  const char surrogate[] = "{\"openapi\": \"3.0.0\", \"x\": \"\xED\xA0\x80\"}";
  const char utf16[] = "\xFF\xFEo\0p\0e\0n\0";
  const char bad_escape[] = "{\"openapi\": \"3.0.0\", \"x\": \"\\q\"}";

  expect_error (nul, sizeof nul - 1, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT, "binary");
  expect_error (bad_utf8_json, sizeof bad_utf8_json - 1, PB_ERROR, PB_ERROR_PARSE, "line 3, column 12");
  expect_error (overlong, sizeof overlong - 1, PB_ERROR, PB_ERROR_PARSE, "UTF-8");
  expect_error (surrogate, sizeof surrogate - 1, PB_ERROR, PB_ERROR_PARSE, "UTF-8");
  expect_error (utf16, sizeof utf16 - 1, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT, "UTF-16");
  expect_error (bad_escape, sizeof bad_escape - 1, PB_ERROR, PB_ERROR_PARSE, "line 1");
  /* Found by the fuzzer: cJSON stopped inside a multi-byte character, and the message
   * quoted half of it. */
  expect_error ("\xEF\xBB\xBF{\xEF\xBB\x83]", 8, PB_ERROR, PB_ERROR_PARSE, "line 1, column 2: unexpected “\xEF\xBB\x83”");
  g_assert_false (check_bytes ("{\"a\": \xC3\xA9\xC3\xA9}", 11, "multi-byte after a key"));
  expect_error ("", 0, PB_ERROR, PB_ERROR_PARSE, "empty");
  expect_error (" \n\t\n", 4, PB_ERROR, PB_ERROR_PARSE, "empty");
  expect_error ("\xEF\xBB\xBF", 3, PB_ERROR, PB_ERROR_PARSE, "empty");
  expect_error ("# only a comment\n", 17, PB_ERROR, PB_ERROR_PARSE, "empty");
  expect_error ("---\n...\n", 8, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT, NULL);
  {
    g_autoptr (GBytes) none = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_null (pb_spec_document_new_from_bytes (none, NULL, &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  }
}

static void
test_huge_string (void)
{
  const gsize size = 16 * 1024 * 1024;
  g_autoptr (GString) json = g_string_sized_new (size + 64);
  g_autoptr (GString) yaml = g_string_sized_new (size + 64);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = NULL;

  g_string_append (json, "{\"openapi\": \"3.0.0\", \"x\": \"");
  g_string_append (yaml, "openapi: 3.0.0\nx: ");
  for (gsize i = 0; i < size; i++)
    {
      g_string_append_c (json, 'a' + i % 26);
      g_string_append_c (yaml, 'a' + i % 26);
    }
  /* Unterminated first, then whole. */
  expect_error (json->str, json->len, PB_ERROR, PB_ERROR_PARSE, "truncated");
  g_string_append (json, "\"}");
  bytes = g_bytes_new (json->str, json->len);
  doc = pb_spec_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (cJSON_GetObjectItemCaseSensitive (pb_spec_document_get_root (doc), "x")->valuestring), ==, size);
  g_clear_object (&doc);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_string_append_c (yaml, '\n');
  bytes = g_bytes_new (yaml->str, yaml->len);
  doc = pb_spec_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (cJSON_GetObjectItemCaseSensitive (pb_spec_document_get_root (doc), "x")->valuestring), ==, size);
}

static void
test_bad_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (pb_test_root (), "bad-files", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.yaml", NULL);
  g_autofree char *spec = g_build_filename (dir, "spec.yaml", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.json", NULL);
  g_autofree char *deep = g_build_filename (dir, "deep.json", NULL);
  g_autoptr (GString) nested = g_string_new (NULL);
  g_autoptr (PbSpecDocument) doc = NULL;
  const cJSON *root;
  const char *refs[] = { "a", "b", "c", "d" };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_null (pb_spec_document_new_from_file (missing, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pb_spec_document_new_from_file (dir, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (nested, '[');
  g_assert_true (g_file_set_contents (garbage, "\x01\x02\x03\xFF\x00\x10", 6, NULL));
  g_assert_true (g_file_set_contents (deep, nested->str, -1, NULL));
  g_assert_true (g_file_set_contents (spec,
    "openapi: 3.0.0\n"
    "a: {$ref: 'garbage.json#/x'}\n"
    "b: {$ref: 'deep.json#/0'}\n"
    "c: {$ref: 'missing.yaml#/x'}\n"
    "d: {$ref: '.#/x'}\n", -1, NULL));
  doc = pb_spec_document_new_from_file (spec, &error);
  g_assert_no_error (error);
  root = pb_spec_document_get_root (doc);
  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      g_assert_null (pb_spec_document_resolve_full (doc, cJSON_GetObjectItemCaseSensitive (root, refs[i]), NULL, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_clear_error (&error);
    }
}

/* Every corpus spec reads, with the version and number of paths its README lists. */
static void
test_corpus (void)
{
  static const struct { const char *file; const char *version; guint paths; } corpus[] = {
    { "stripe.json", "3.0.0", 261 }, { "github.json", "3.0.3", 565 }, { "sentry.json", "3.0.3", 137 },
    { "okta.yaml", "3.0.3", 485 }, { "square.json", "3.0.0", 240 }, { "asana.yaml", "3.0.0", 173 },
    { "klaviyo.json", "3.0.2", 238 }, { "plaid.yaml", "3.0.0", 339 }, { "pagerduty.json", "3.0.2", 273 },
    { "svix.json", "3.1.0", 169 }, { "sendgrid.json", "3.1.0", 201 }, { "twilio.json", "3.0.1", 121 },
    { "box.json", "3.0.2", 186 }, { "datadog.yaml", "3.0.0", 150 }, { "pinterest.yaml", "3.0.3", 169 },
    { "slack.json", "2.0", 174 }, { "recurly.yaml", "3.0.0", 117 }, { "lob.yaml", "3.0.3", 58 },
    { "xero.yaml", "3.0.0", 138 }, { "intercom.yaml", "3.0.1", 79 }, { "opsgenie.json", "2.0", 104 },
    { "dwolla.yaml", "3.1.0", 59 }, { "dropbox-sign.yaml", "3.0.3", 67 }, { "paystack.yaml", "3.0.1", 125 },
    { "shortcut.json", "2.0", 84 }, { "front.json", "3.0.0", 147 }, { "assemblyai.yaml", "3.1.0", 8 },
    { "pokeapi.yaml", "3.1.0", 100 }, { "alpaca.yaml", "3.0.0", 36 }, { "onesignal.json", "3.0.0", 25 },
    { "ynab.yaml", "3.1.1", 31 }, { "nytimes.yaml", "2.0", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autofree char *relative = g_strconcat ("corpus/openapi/", corpus[i].file, NULL);
      g_autofree char *path = pb_test_shared_path (relative);
      g_autoptr (GError) error = NULL;
      g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_file (path, &error);
      const cJSON *paths, *item;
      guint resolved = 0;

      g_assert_no_error (error);
      g_assert_cmpstr (pb_spec_document_get_version (doc), ==, corpus[i].version);
      g_assert_cmpint (pb_spec_document_is_swagger2 (doc), ==, g_str_equal (corpus[i].version, "2.0"));
      g_assert_cmpint (pb_spec_document_is_yaml (doc), ==, g_str_has_suffix (corpus[i].file, ".yaml"));
      paths = pb_spec_document_lookup_pointer (doc, "#/paths");
      g_assert_cmpint (cJSON_GetArraySize (paths), ==, corpus[i].paths);
      cJSON_ArrayForEach (item, paths)
        {
          g_autofree char *escaped = NULL;
          g_autoptr (GString) pointer = g_string_new (item->string);

          g_assert_true (item->string[0] == '/');
          g_string_replace (pointer, "~", "~0", 0);
          g_string_replace (pointer, "/", "~1", 0);
          escaped = g_strconcat ("#/paths/", pointer->str, NULL);
          g_assert_true (pb_spec_document_lookup_pointer (doc, escaped) == item);
          if (cJSON_IsObject (pb_spec_document_resolve (doc, item, NULL)))
            resolved++;
        }
      g_assert_cmpuint (resolved, ==, corpus[i].paths);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spec-malformed/truncated-json", test_truncated_json);
  g_test_add_func ("/spec-malformed/truncated-yaml", test_truncated_yaml);
  g_test_add_func ("/spec-malformed/deep-nesting", test_deep_nesting);
  g_test_add_func ("/spec-malformed/binary-garbage", test_binary_garbage);
  g_test_add_func ("/spec-malformed/mutations", test_mutations);
  g_test_add_func ("/spec-malformed/bad-text", test_bad_text);
  g_test_add_func ("/spec-malformed/huge-string", test_huge_string);
  g_test_add_func ("/spec-malformed/bad-files", test_bad_files);
  g_test_add_func ("/spec-malformed/corpus", test_corpus);
  return g_test_run ();
}
