/* fuzz-spec-document.c: libFuzzer target for the spec reader — any bytes must give a
 * document or a GError, resolving every $ref of a document must terminate, and the fast JSON
 * reader must give up or build exactly cJSON's tree.
 * Built with -Dfuzzing=true and clang; bench/fuzz-spec.sh runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pb-error.h"
#include "pb-json-read.h"
#include "pb-spec-document.h"
#include "pb-spec-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
walk (PbSpecDocument *doc,
      const cJSON    *node,
      guint           depth)
{
  for (const cJSON *c = node->child; c != NULL; c = c->next)
    {
      if (c->string != NULL && strcmp (c->string, "$ref") == 0)
        {
          const char *where = NULL;
          const cJSON *target = pb_spec_document_resolve (doc, node, &where);

          if (target == NULL)
            g_assert_nonnull (pb_spec_document_get_last_ref_error (doc));
          else if (cJSON_IsObject (target))
            {
              g_autoptr (GPtrArray) props = pb_spec_document_schema_properties (doc, target);

              (void) pb_spec_document_schema_property (doc, target, "id");
            }
        }
      if (c->child != NULL)
        walk (doc, c, depth + 1);
    }
}

static void
assert_same_tree (const cJSON *a,
                  const cJSON *b)
{
  const cJSON *ca, *cb;

  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->string, ==, b->string);
  g_assert_cmpstr (a->valuestring, ==, b->valuestring);
  g_assert_cmpint (a->valueint, ==, b->valueint);
  g_assert_true (memcmp (&a->valuedouble, &b->valuedouble, sizeof (double)) == 0);
  for (ca = a->child, cb = b->child; ca != NULL && cb != NULL; ca = ca->next, cb = cb->next)
    {
      assert_same_tree (ca, cb);
      g_assert_true (ca->next != NULL ? ca->next->prev == ca : a->child->prev == ca);
    }
  g_assert_true (ca == NULL && cb == NULL);
}

/* pb_json_read in PB_JSON_READ_AS_CJSON gives up, or agrees with cJSON (one value, then white
 * space). */
static void
check_json_reader (const char *text,
                   gsize       length)
{
  cJSON *ours = pb_json_read (text, length, PB_JSON_READ_AS_CJSON);
  const char *end = NULL;
  cJSON *theirs;

  if (ours == NULL)
    return;
  theirs = cJSON_ParseWithLengthOpts (text, length, &end, FALSE);
  g_assert_nonnull (theirs);
  while (end < text + length && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
    end++;
  g_assert_true (end == text + length);
  assert_same_tree (ours, theirs);
  cJSON_Delete (ours);
  cJSON_Delete (theirs);
}

/* pb_json_read in PB_JSON_READ_STRICT (response bodies) reads no more than cJSON does, bar
 * what the strict mode allows beyond it (a byte order mark, numbers over 63 characters):
 * wherever both read the text, the trees agree. */
static void
check_strict_reader (const char *text,
                     gsize       length)
{
  cJSON *ours = pb_json_read (text, length, PB_JSON_READ_STRICT);
  const char *end = NULL;
  cJSON *theirs;

  if (ours == NULL)
    return;
  g_assert_null (memchr (text, 0, length));
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  theirs = cJSON_ParseWithLengthOpts (text, length, &end, FALSE);
  if (theirs != NULL)
    {
      while (end < text + length && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
        end++;
      if (end == text + length)
        assert_same_tree (ours, theirs);
    }
  cJSON_Delete (ours);
  cJSON_Delete (theirs);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  /* An http URI and no loader: refs to other files are refused, nothing is fetched. */
  g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_bytes (bytes, "https://fuzz.invalid/spec.yaml", &error);

  /* As pb_spec_parse calls it: on text with no NUL byte, valid UTF-8. */
  if (memchr (data, 0, size) == NULL && g_utf8_validate_len ((const char *) data, size, NULL))
    check_json_reader ((const char *) data, size);
  check_strict_reader ((const char *) data, size);
  if (doc == NULL)
    {
      /* Every failure explains itself; parse errors say where. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == PB_ERROR);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (error->code == PB_ERROR_PARSE)
        g_assert_nonnull (strstr (error->message, "line "));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (pb_spec_document_get_version (doc));
  walk (doc, pb_spec_document_get_root (doc), 0);
  (void) pb_spec_document_lookup_pointer (doc, "#/paths/~1a/get");
  (void) pb_spec_document_lookup_pointer (doc, "#/components/schemas/%41");
  return 0;
}
