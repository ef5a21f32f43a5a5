/* fuzz-spec-document.c: libFuzzer target for the spec reader — any bytes must give a
 * document or a GError, and resolving every $ref of a document must terminate.
 * Built with -Dfuzzing=true and clang; bench/fuzz-spec.sh runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pb-error.h"
#include "pb-spec-document.h"

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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  /* An http URI and no loader: refs to other files are refused, nothing is fetched. */
  g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_bytes (bytes, "https://fuzz.invalid/spec.yaml", &error);

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
