/* pb-analyzer-names.c: stream and config names from paths, operation ids and parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer-private.h"

gboolean
pb_analysis_is_version_segment (const char *seg)
{
  if (g_ascii_strcasecmp (seg, "api") == 0 || g_ascii_strcasecmp (seg, "rest") == 0)
    return TRUE;
  if ((seg[0] == 'v' || seg[0] == 'V') && g_ascii_isdigit (seg[1]))
    return TRUE;
  for (const char *p = seg; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;   /* "2.0", "2010-04-01" */
}

void
pb_analysis_append_snake (GString    *out,
                          const char *word)
{
  gsize start = out->len;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p) && out->len > start && g_ascii_islower (p[-1])
          && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > start && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > start && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
}

char *
pb_analysis_stream_name_for_path (const char *path)
{
  g_auto (GStrv) segs = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (segs);

  for (guint i = 0; i < n; i++)
    {
      char *seg = segs[i];
      char *dot;

      if (seg[0] == '\0' || seg[0] == '{' || pb_analysis_is_version_segment (seg))
        continue;
      /* "Calls.json" → "Calls" */
      if ((dot = strrchr (seg, '.')) != NULL
          && (g_str_equal (dot, ".json") || g_str_equal (dot, ".xml")))
        *dot = '\0';
      /* A trailing verb-like segment names the operation, not the resource. */
      if (i == n - 1 && out->len > 0 &&
          (g_str_equal (seg, "list") || g_str_equal (seg, "all") || g_str_equal (seg, "search")))
        continue;
      if (out->len > 0)
        g_string_append_c (out, '_');
      pb_analysis_append_snake (out, seg);
    }
  if (out->len == 0)
    g_string_append (out, "records");
  return g_string_free (out, FALSE);
}

char *
pb_analysis_unique_name (GHashTable *taken,
                         const char *name)
{
  char *candidate = g_strdup (name);

  for (guint i = 2; g_hash_table_contains (taken, candidate); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s_%u", name, i);
    }
  return candidate;
}

char *
pb_analysis_normalise (const char *s)
{
  /* Called for every property name the rules look at: one allocation, no GString. */
  char *out = g_malloc (strlen (s) + 1);
  char *o = out;

  for (; *s != '\0'; s++)
    if (g_ascii_isalnum (*s))
      *o++ = g_ascii_tolower (*s);
  *o = '\0';
  return out;
}

char *
pb_analysis_config_key (const char *param)
{
  GString *out = g_string_new (NULL);

  pb_analysis_append_snake (out, param);
  return g_string_free (out, FALSE);
}

/* The name of C's stream before it is made unique: its path's resource segments, "_details"
 * for a detail endpoint; on a clash with TAKEN, its operation id or "_by_<last placeholder>".
 * NULL when the path names no resource. */
char *
pb_analysis_stream_base_name (PbAnalysis *a,
                              GHashTable *taken,
                              Candidate  *c)
{
  g_autofree char *base_name = pb_analysis_stream_name_for_path (c->path);

  /* The API's root ("/") names no resource. */
  if (g_str_equal (base_name, "records"))
    return NULL;
  if (c->detail)
    {
      char *details = g_strconcat (base_name, "_details", NULL);

      g_free (base_name);
      base_name = details;
    }
  /* Two paths, one name ("/shared/{period}" and "/shared/{period}/{type}"): the
   * operation's own id tells them apart, if it has one. */
  if (g_hash_table_contains (taken, base_name) &&
      pb_analysis_get_string (a, c->op, "operationId") != NULL)
    {
      GString *op_name = g_string_new (NULL);

      pb_analysis_append_snake (op_name, pb_analysis_get_string (a, c->op, "operationId"));
      if (op_name->len > 0 && !g_hash_table_contains (taken, op_name->str))
        {
          g_free (base_name);
          base_name = g_string_free (op_name, FALSE);
        }
      else
        g_string_free (op_name, TRUE);
    }
  if (g_hash_table_contains (taken, base_name) && strrchr (c->path, '{') != NULL)
    {
      /* Else the last placeholder: "shared_by_share_type". */
      const char *open = strrchr (c->path, '{');
      const char *close = strchr (open, '}');

      if (close != NULL && close > open + 1)
        {
          g_autofree char *param = g_strndup (open + 1, close - open - 1);
          GString *by = g_string_new (base_name);

          g_string_append (by, "_by_");
          pb_analysis_append_snake (by, param);
          g_free (base_name);
          base_name = g_string_free (by, FALSE);
        }
    }
  return g_steal_pointer (&base_name);
}
