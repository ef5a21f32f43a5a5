/* pb-docs-samples.c: request samples (curl, fetch, raw HTTP) and JSON answers in docs code blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-docs-extractor-private.h"
#include "pb-http-sample.h"

/* Request samples in one code block, in order. */
void
pb_docs_read_requests (const char *page,
                       const char *code,
                       GPtrArray  *out)
{
  g_autoptr (GPtrArray) found = pb_http_samples_read (code);

  for (guint i = 0; i < found->len; i++)
    {
      PbHttpSample *h = found->pdata[i];
      Sample *s = g_new0 (Sample, 1);

      s->page = g_strdup (page);
      s->method = g_steal_pointer (&h->method);
      s->url = g_steal_pointer (&h->url);
      s->headers = g_ptr_array_ref (h->headers);
      s->basic_user = h->basic_user;
      s->snippet = pb_docs_snippet_of (code + h->offset);
      g_ptr_array_add (out, s);
    }
}

/* A JSON value printed in a code block; tolerant of "…" lines and trailing commas. */
cJSON *
pb_docs_read_json_block (const char *code)
{
  const char *p = code;
  GString *clean;
  cJSON *json;

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '{' && *p != '[')
    return NULL;
  json = cJSON_Parse (p);
  if (json != NULL)
    return json;

  clean = g_string_new (NULL);
  {
    g_auto (GStrv) lines = g_strsplit (p, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autofree char *t = g_strstrip (g_strdup (lines[i]));
        if (strcmp (t, "...") == 0 || strcmp (t, "…") == 0 || g_str_has_prefix (t, "//") ||
            strcmp (t, "...,") == 0 || strcmp (t, "{...}") == 0 || strcmp (t, "{...},") == 0)
          continue;
        g_string_append (clean, lines[i]);
        g_string_append_c (clean, '\n');
      }
  }
  /* Trailing commas before a closing bracket. */
  for (gsize i = 0; i < clean->len; i++)
    if (clean->str[i] == ',')
      {
        gsize j = i + 1;
        while (j < clean->len && g_ascii_isspace (clean->str[j]))
          j++;
        if (j < clean->len && (clean->str[j] == '}' || clean->str[j] == ']'))
          clean->str[i] = ' ';
      }
  json = cJSON_Parse (clean->str);
  g_string_free (clean, TRUE);
  return json;
}
