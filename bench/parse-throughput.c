/* parse-throughput.c: the figures behind the parser choice in bench/README.md — the same
 * file through json-glib (a JsonParser tree), cJSON (as PbSpecDocument reads JSON) and, for
 * YAML, PbSpecDocument's libyaml event builder. Best of N runs, MB/s. -Dbenchmarks=true.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "pb-spec-parse.h"

#define RUNS 7

static double
best_of (double (*run) (const char *, gsize), const char *data, gsize length)
{
  double best = G_MAXDOUBLE;

  for (int i = 0; i < RUNS; i++)
    best = MIN (best, run (data, length));
  return best;
}

static double
run_json_glib (const char *data, gsize length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gint64 start = g_get_monotonic_time ();
  double secs;

  if (!json_parser_load_from_data (parser, data, length, NULL))
    g_error ("json-glib failed");
  secs = (g_get_monotonic_time () - start) / 1e6;
  return secs;
}

static double
run_spec_parse (const char *data, gsize length)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  cJSON *root = pb_spec_parse (data, length, "bench", NULL, &error);
  double secs = (g_get_monotonic_time () - start) / 1e6;

  if (root == NULL)
    g_error ("%s", error->message);
  cJSON_Delete (root);
  return secs;
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *data = NULL;
      gsize length = 0;
      double mb, ours;

      if (!g_file_get_contents (argv[i], &data, &length, NULL))
        g_error ("cannot read %s", argv[i]);
      mb = length / 1e6;
      ours = best_of (run_spec_parse, data, length);
      if (data[0] == '{')
        {
          double glib = best_of (run_json_glib, data, length);

          printf ("%s (%.1f MB): cJSON reader %.0f ms = %.0f MB/s; json-glib %.0f ms = %.0f MB/s\n",
                  argv[i], mb, ours * 1e3, mb / ours, glib * 1e3, mb / glib);
        }
      else
        printf ("%s (%.1f MB): libyaml event builder %.0f ms = %.1f MB/s\n",
                argv[i], mb, ours * 1e3, mb / ours);
    }
  return 0;
}
