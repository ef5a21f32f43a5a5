/* test-crawler-specs.c: PbCrawler finding API descriptions behind doc viewers and links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>

#include "pb-crawl-test-site.h"
#include "pb-error.h"
#include "pb-test-util.h"

static void
spec_case (const char  *start_path,
           const char  *start_fixture,
           const char  *spec_path,
           const char  *spec_fixture,
           const char  *spec_type,
           const char  *expected_version)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, start_path);
  g_autofree char *spec_url = url_of (ts, spec_path);
  PbSpecDocument *spec;

  if (start_fixture != NULL)
    route (ts, start_path, 200, "text/html", fixture (start_fixture));
  route (ts, spec_path, 200, spec_type, fixture (spec_fixture));
  route (ts, "/config/swagger-config.json", 200, "application/json", fixture ("swagger-config.json"));
  page (ts, "/unrelated.html", "<p>not linked from anywhere</p>");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  spec = pb_crawler_get_spec (crawler);
  g_assert_nonnull (spec);
  g_assert_cmpstr (pb_spec_document_get_uri (spec), ==, spec_url);
  g_assert_cmpstr (pb_spec_document_get_version (spec), ==, expected_version);
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_SPEC_FOUND);
  g_assert_cmpuint (hits (ts, spec_path), ==, 1);
}

static void
test_spec_redoc (void)
{
  spec_case ("/docs/", "redoc.html", "/docs/specs/petstore.json", "petstore.json", "application/json", "3.0.3");
  spec_case ("/reference", "redoc-init.html", "/static/openapi/petstore.json", "petstore.json",
             "application/octet-stream", "3.0.3");
}

static void
test_spec_swagger_ui (void)
{
  spec_case ("/ui/", "swagger-ui.html", "/api/v2/swagger.json", "swagger2.json", "application/json", "2.0");
  spec_case ("/ui/", "swagger-ui-config.html", "/specs/orders.json", "swagger2.json", "application/json", "2.0");
}

static void
test_spec_links (void)
{
  spec_case ("/", "link-alternate.html", "/downloads/api-description", "petstore.json",
             "application/vnd.oai.openapi+json", "3.0.3");
  /* Nothing links to it, but it sits at a well-known path. */
  spec_case ("/", "latin1.html", "/openapi.json", "petstore.json", "application/json", "3.0.3");
  /* The start URL is the spec itself. */
  spec_case ("/files/petstore.json", NULL, "/files/petstore.json", "petstore.json", "application/json", "3.0.3");
}

static void
test_spec_elsewhere (void)
{
  g_autoptr (TestServer) docs = test_server_new ();
  g_autoptr (TestServer) api = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (docs, "/");
  g_autofree char *spec_url = url_of (api, "/v1/openapi.json");
  g_autofree char *other = url_of (api, "/v1/other.html");
  g_autofree char *html = g_strdup_printf ("<redoc spec-url='%s'></redoc><a href='%s'>raw</a>", spec_url, other);

  page (docs, "/", html);
  route (api, "/v1/openapi.json", 200, "application/json", fixture ("petstore.json"));
  page (api, "/v1/other.html", "not to be crawled");

  /* A spec the docs name explicitly may live on another host; pages there are not crawled,
   * and no well-known path is guessed there. */
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_nonnull (pb_crawler_get_spec (crawler));
  g_assert_cmpstr (pb_spec_document_get_uri (pb_crawler_get_spec (crawler)), ==, spec_url);
  g_assert_cmpuint (hits (api, "/v1/other.html"), ==, 0);
  g_assert_cmpuint (hits (api, "/openapi.json"), ==, 0);
  g_assert_cmpuint (hits (api, "/v1/openapi.json"), ==, 1);
}

static void
test_json_not_spec (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");

  g_autoptr (GString) index = g_string_new ("<a href='/data/settings.json'>settings</a><a href='/next.html'>next</a>");
  guint data_hits = 0;

  /* A page linking many JSON data files: some are tried as specs, not all of them. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (index, "<a href='/data/file%u.json'>%u</a>", i, i);
  page (ts, "/", index->str);
  route (ts, "/data/settings.json", 200, "application/json", g_bytes_new_static ("{\"theme\":\"dark\"}", 16));
  route (ts, "/openapi.json", 200, "text/html", g_bytes_new_static ("<html>SPA fallback</html>", 25));
  page (ts, "/next.html", "next");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_null (pb_crawler_get_spec (crawler));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_COMPLETE);
  g_assert_cmpuint (hits (ts, "/data/settings.json"), ==, 1);
  g_assert_cmpuint (hits (ts, "/next.html"), ==, 1);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 2);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *key = g_strdup_printf ("/data/file%u.json", i);
      data_hits += hits (ts, key);
    }
  g_assert_cmpuint (data_hits, >, 0);
  g_assert_cmpuint (data_hits, <, 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crawler/spec/redoc", test_spec_redoc);
  g_test_add_func ("/crawler/spec/swagger-ui", test_spec_swagger_ui);
  g_test_add_func ("/crawler/spec/links-and-well-known", test_spec_links);
  g_test_add_func ("/crawler/spec/json-not-spec", test_json_not_spec);
  g_test_add_func ("/crawler/spec/elsewhere", test_spec_elsewhere);
  return g_test_run ();
}
