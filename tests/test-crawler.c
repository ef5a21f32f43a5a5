/* test-crawler.c: PbCrawler limits, robots, redirects, progress and cancelling against 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "pb-crawl-test-site.h"
#include "pb-error.h"
#include "pb-test-util.h"

/* --- tests ---------------------------------------------------------------------------------- */

static void
test_basic (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  const char *compressed = "<html><body><a href='/docs/api.html'>API</a></body></html>";
  Response *gz;

  page (ts, "/", "<html><body><a href='docs/intro.html'>Intro</a> <a href='docs/intro.html#x'>again</a>"
                 "<a href='/docs/guide/'>Guide</a><link rel=stylesheet href='static/app.css'>"
                 "<a href='static/app.css'>css</a><a href='https://elsewhere.invalid/'>off</a>"
                 "<a href='mailto:docs@example.com'>mail</a></body></html>");
  page (ts, "/docs/intro.html", "<a href='../docs/guide/'>g</a><a href='./gz.html'>gz</a><a href='/'>home</a>");
  page (ts, "/docs/guide/", "<a href='../intro.html?lang=en'>en</a><a href='/docs/api.html'>api</a>");
  page (ts, "/docs/intro.html?lang=en", "<p>English</p>");
  page (ts, "/docs/api.html", "<p>Reference</p>");
  gz = route (ts, "/docs/gz.html", 200, "text/html", gzip_bytes (compressed, strlen (compressed)));
  gz->encoding = g_strdup ("gzip");
  route (ts, "/static/app.css", 200, "text/css", g_bytes_new_static ("body{}", 6));

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (pb_crawler_get_spec (crawler));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_COMPLETE);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 6);
  g_assert_cmpuint (pb_crawler_get_pages (crawler)->len, ==, 6);
  g_assert_cmpuint (hits (ts, "/"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/intro.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/intro.html?lang=en"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/guide/"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/api.html"), ==, 1);   /* linked twice, once from a gzip page */
  g_assert_cmpuint (hits (ts, "/docs/gz.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/robots.txt"), ==, 1);
  g_assert_cmpuint (hits (ts, "/static/app.css"), ==, 0);
  g_assert_cmpuint (hits (ts, "/openapi.json"), ==, 1);    /* well-known paths were tried once */

  for (guint i = 0; i < ts->user_agents->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (ts->user_agents, i), "PlugboardAssist/"));
  for (guint i = 0; i < ts->accept_encodings->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (ts->accept_encodings, i), "gzip"));
  {
    g_autofree char *u = url_of (ts, "/docs/intro.html");
    const PbCrawlPage *p = find_page (crawler, u);
    g_assert_nonnull (p);
    g_assert_cmpuint (p->depth, ==, 1);
    g_assert_cmpuint (p->status, ==, 200);
    g_assert_nonnull (strstr (g_bytes_get_data (p->html, NULL), "../docs/guide/"));
  }
}

static void
add_chain (TestServer *ts,
           guint       n,
           gsize       pad)
{
  g_autofree char *padding = g_strnfill (pad, 'x');

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/p%u.html", i);
      g_autofree char *html = g_strdup_printf ("<a href='/p%u.html'>next</a><p>%s</p>", i + 1, padding);
      page (ts, path, html);
    }
}

static void
test_limit_pages (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-pages", 5, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) index = g_string_new (NULL);
  g_autofree char *start = url_of (ts, "/");
  guint page_hits = 0;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (index, "<a href='/p%u.html'>%u</a>", i, i);
  page (ts, "/", index->str);
  add_chain (ts, 30, 10);

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_MAX_PAGES);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 5);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *key = g_strdup_printf ("/p%u.html", i);
      page_hits += hits (ts, key);
    }
  g_assert_cmpuint (page_hits, ==, 4);
}

static void
test_limit_depth (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-depth", 3, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/p0.html");

  add_chain (ts, 10, 10);
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_COMPLETE);
  g_assert_cmpuint (hits (ts, "/p3.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/p4.html"), ==, 0);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 4);
}

static void
test_limit_bytes (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-total-bytes", (guint64) 64 * 1024,
                                                "max-connections", 1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/p0.html");

  add_chain (ts, 20, 20 * 1024);
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_MAX_BYTES);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), <, 6);
  g_assert_cmpuint (pb_crawler_get_bytes (crawler), <, 100 * 1024);
  g_assert_cmpuint (hits (ts, "/p10.html"), ==, 0);
}

static void
test_limit_time (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-seconds", 1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");

  page (ts, "/", "<a href='/hang1.html'>1</a><a href='/hang2.html'>2</a>");
  route (ts, "/hang1.html", 200, "text/html", NULL)->hang = TRUE;
  route (ts, "/hang2.html", 200, "text/html", NULL)->hang = TRUE;

  /* The limit ends the crawl with what was read, not with an error. */
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_MAX_TIME);
  g_assert_cmpuint (pb_crawler_get_pages (crawler)->len, ==, 1);
  g_assert_cmpuint (hits (ts, "/hang1.html"), ==, 1);
}

static void
test_robots (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autofree char *private_url = url_of (ts, "/private/x.html");
  const char *robots = "User-agent: *\nDisallow: /private/\nAllow: /private/ok.html\n\n"
                       "User-agent: PlugboardAssist\nDisallow: /private/\nAllow: /private/ok.html\n"
                       "Disallow: /drafts\nDisallow: /openapi\n";

  route (ts, "/robots.txt", 200, "text/plain", g_bytes_new (robots, strlen (robots)));
  page (ts, "/", "<a href='/private/x.html'>x</a><a href='/private/ok.html'>ok</a>"
                 "<a href='/drafts/a.html'>d</a><a href='/public.html'>p</a>");
  page (ts, "/private/x.html", "secret");
  page (ts, "/private/ok.html", "ok");
  page (ts, "/drafts/a.html", "draft");
  page (ts, "/public.html", "public");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpuint (hits (ts, "/private/x.html"), ==, 0);
  g_assert_cmpuint (hits (ts, "/drafts/a.html"), ==, 0);
  g_assert_cmpuint (hits (ts, "/openapi.json"), ==, 0);   /* probes obey robots.txt too */
  g_assert_cmpuint (hits (ts, "/private/ok.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/public.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/robots.txt"), ==, 1);

  /* A start page robots.txt forbids is refused with a clear error. */
  g_assert_false (crawl (crawler, private_url, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND);
  g_assert_nonnull (strstr (error->message, "robots.txt"));
  g_assert_cmpuint (hits (ts, "/private/x.html"), ==, 0);
}

static void
test_robots_crawl_delay (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autoptr (GString) index = g_string_new (NULL);
  const char *robots = "User-agent: *\nCrawl-delay: 0.02\n";

  route (ts, "/robots.txt", 200, "text/plain", g_bytes_new (robots, strlen (robots)));
  for (guint i = 0; i < 6; i++)
    g_string_append_printf (index, "<a href='/p%u.html'>%u</a>", i, i);
  page (ts, "/", index->str);
  add_chain (ts, 6, 10);
  ts->delay_ms = 5;

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 7);
  g_assert_cmpuint (ts->peak_active, ==, 1);   /* a crawl delay means one request at a time */
}

static void
test_redirects (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (TestServer) other = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autofree char *offsite = url_of (other, "/page.html");
  g_autofree char *loop = url_of (ts, "/a");
  g_autofree char *jump = url_of (ts, "/jump");
  g_autofree char *chain = url_of (ts, "/r0");

  page (ts, "/", "<a href='/old'>old</a><a href='/go-away'>away</a><a href='/a'>loop</a>");
  redirect (ts, "/old", "/new.html");
  page (ts, "/new.html", "<p>moved here</p>");
  redirect (ts, "/go-away", offsite);
  redirect (ts, "/jump", offsite);
  redirect (ts, "/a", "/b");
  redirect (ts, "/b", "/a");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *from = g_strdup_printf ("/r%u", i);
      g_autofree char *to = g_strdup_printf ("/r%u", i + 1);
      redirect (ts, from, to);
    }
  page (other, "/page.html", "elsewhere");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hits (ts, "/new.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/a"), ==, 1);
  g_assert_cmpuint (hits (ts, "/b"), ==, 1);
  g_assert_cmpuint (total_hits (other), ==, 0);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 2);

  g_assert_false (crawl (crawler, loop, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (error->message, "loop"));
  g_clear_error (&error);

  g_assert_false (crawl (crawler, jump, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (error->message, "another site"));
  g_assert_cmpuint (total_hits (other), ==, 0);
  g_clear_error (&error);

  g_assert_false (crawl (crawler, chain, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_cmpuint (hits (ts, "/r10"), ==, 1);
  g_assert_cmpuint (hits (ts, "/r11"), ==, 0);
}

typedef struct {
  GCancellable *cancellable;
  guint         calls;
  guint         last_fetched;
  guint64       last_bytes;
} ProgressData;

static void
on_progress (PbCrawler    *crawler,
             guint         fetched,
             guint         queued,
             guint64       bytes,
             ProgressData *data)
{
  g_assert_cmpuint (fetched, >=, data->last_fetched);
  g_assert_cmpuint (bytes, >=, data->last_bytes);
  data->calls++;
  data->last_fetched = fetched;
  data->last_bytes = bytes;
  if (fetched >= 3 && data->cancellable != NULL)
    g_cancellable_cancel (data->cancellable);
}

static void
add_wide_site (TestServer *ts,
               guint       n)
{
  g_autoptr (GString) index = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (index, "<a href='/p%u.html'>%u</a>", i, i);
  page (ts, "/", index->str);
  add_chain (ts, n, 100);
}

static void
test_cancel (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  ProgressData data = { cancellable, 0, 0, 0 };

  add_wide_site (ts, 40);
  ts->delay_ms = 20;
  g_signal_connect (crawler, "progress", G_CALLBACK (on_progress), &data);

  g_assert_false (crawl (crawler, start, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (data.calls, >, 0);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), <, 40);
}

static void
test_connections (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-connections", 3, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  ProgressData data = { NULL, 0, 0, 0 };

  add_wide_site (ts, 40);
  ts->delay_ms = 15;
  g_signal_connect (crawler, "progress", G_CALLBACK (on_progress), &data);

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 41);
  g_assert_cmpuint (data.last_fetched, ==, 41);
  g_assert_cmpuint (ts->peak_sockets, <=, 3);
  g_assert_cmpuint (ts->peak_active, <=, 3);
  g_assert_cmpuint (ts->peak_active, >=, 2);   /* and it did work in parallel */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crawler/basic", test_basic);
  g_test_add_func ("/crawler/limit/pages", test_limit_pages);
  g_test_add_func ("/crawler/limit/depth", test_limit_depth);
  g_test_add_func ("/crawler/limit/bytes", test_limit_bytes);
  g_test_add_func ("/crawler/limit/time", test_limit_time);
  g_test_add_func ("/crawler/robots", test_robots);
  g_test_add_func ("/crawler/robots/crawl-delay", test_robots_crawl_delay);
  g_test_add_func ("/crawler/redirects", test_redirects);
  g_test_add_func ("/crawler/cancel", test_cancel);
  g_test_add_func ("/crawler/connections", test_connections);
  return g_test_run ();
}
