/* fuzz-crawl-html.c: libFuzzer target for what the crawler reads from the network — a page's
 * bytes through charset conversion and link/spec extraction, and the same bytes as robots.txt.
 * Any input must end without a crash, a hang or a sanitizer report.
 * Built with -Dfuzzing=true and clang; bench/fuzz-crawl.sh runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "pb-crawl-html.h"
#include "pb-robots.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) configs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *charset = NULL;
  g_autoptr (GBytes) utf8 = NULL;
  PbRobots *robots;

  /* The page as a server might send it: undeclared charset, so sniffing runs too. */
  utf8 = pb_crawl_html_to_utf8 ((const char *) data, size, NULL, &charset);
  if (utf8 != NULL)
    {
      gsize length = 0;
      const char *text = g_bytes_get_data (utf8, &length);

      pb_crawl_html_extract (text != NULL ? text : "", length, "https://docs.example.test/a/b.html",
                             links, specs, configs);
    }

  robots = pb_robots_new_from_text ((const char *) data, size, "PlugboardAssist");
  (void) pb_robots_is_allowed (robots, "/a/b.html");
  pb_robots_free (robots);
  return 0;
}
