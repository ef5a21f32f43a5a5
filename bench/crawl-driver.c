/* crawl-driver.c: runs PbCrawler once over a site and prints what the crawl benchmark needs
 * (bench/crawl-benchmark.sh). Not a test.
 *
 *   crawl-driver URL [--connections N] [--max-pages N]
 * prints: pages=2042 seconds=5.123 pages_per_s=398.6 bytes=41234567 stop=complete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "pb-crawler.h"

static void
done (GObject      *object,
      GAsyncResult *result,
      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
main (int   argc,
      char *argv[])
{
  static const char *stops[] = { "complete", "spec-found", "max-pages", "max-bytes", "max-time" };
  int connections = 8, max_pages = 100000;
  const char *url = NULL;
  g_autoptr (PbCrawler) crawler = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  gint64 t0, t1;
  double seconds;
  guint pages;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--connections") && i + 1 < argc)
        connections = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--max-pages") && i + 1 < argc)
        max_pages = atoi (argv[++i]);
      else
        url = argv[i];
    }
  if (url == NULL || connections < 1 || max_pages < 1)
    {
      fprintf (stderr, "usage: crawl-driver URL [--connections N] [--max-pages N]\n");
      return 2;
    }

  crawler = g_object_new (PB_TYPE_CRAWLER,
                          "max-connections", (guint) connections,
                          "max-pages", (guint) max_pages,
                          "max-depth", 1000u,
                          "keep-pages", FALSE,
                          NULL);
  t0 = g_get_monotonic_time ();
  pb_crawler_crawl_async (crawler, url, NULL, done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  if (!pb_crawler_crawl_finish (crawler, result, &error))
    {
      fprintf (stderr, "crawl-driver: %s\n", error->message);
      return 1;
    }
  seconds = (t1 - t0) / 1e6;
  pages = pb_crawler_get_pages_fetched (crawler);
  printf ("pages=%u seconds=%.3f pages_per_s=%.1f bytes=%" G_GUINT64_FORMAT " stop=%s\n",
          pages, seconds, pages / seconds, pb_crawler_get_bytes (crawler),
          stops[pb_crawler_get_stop_reason (crawler)]);
  return 0;
}
