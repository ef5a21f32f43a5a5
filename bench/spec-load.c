/* spec-load.c: benchmark helper — reads a spec with PbSpecDocument and resolves every $ref
 * in it once, as the analyzer would; prints what it did. Built only with -Dbenchmarks=true.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "pb-spec-document.h"

typedef struct
{
  guint nodes;
  guint refs;
  guint missing;
} Counts;

static void
walk (PbSpecDocument *doc,
      const cJSON    *node,
      Counts         *counts)
{
  for (const cJSON *c = node->child; c != NULL; c = c->next)
    {
      counts->nodes++;
      if (c->string != NULL && c->string[0] == '$' && g_str_equal (c->string, "$ref"))
        {
          counts->refs++;
          if (pb_spec_document_resolve (doc, node, NULL) == NULL)
            {
              if (counts->missing++ < 5 && g_getenv ("SPEC_LOAD_VERBOSE") != NULL)
                fprintf (stderr, "  %s\n", pb_spec_document_get_last_ref_error (doc)->message);
            }
        }
      else if (c->child != NULL)
        walk (doc, c, counts);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = NULL;
  gint64 start = g_get_monotonic_time (), parsed;
  Counts counts = { 0 };

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s SPEC\n", argv[0]);
      return 2;
    }
  doc = pb_spec_document_new_from_file (argv[1], &error);
  if (doc == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  parsed = g_get_monotonic_time ();
  walk (doc, pb_spec_document_get_root (doc), &counts);
  printf ("%s %s: %u nodes, %u refs (%u unresolved), parse %.1f ms, refs %.1f ms\n",
          pb_spec_document_is_yaml (doc) ? "YAML" : "JSON",
          pb_spec_document_get_version (doc), counts.nodes, counts.refs, counts.missing,
          (parsed - start) / 1000.0, (g_get_monotonic_time () - parsed) / 1000.0);
  return 0;
}
