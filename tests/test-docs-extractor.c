/* test-docs-extractor.c: a connector from HTML docs with example requests and no spec
 * (no network: runs under ASan/UBSan in the 'sanitize' suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-docs-extractor.h"
#include "pb-error.h"

static void
add_fixture (PbDocsExtractor *extractor,
             const char      *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "crawler", name, NULL);
  g_autofree char *uri = g_strconcat ("http://docs.shopnest.example/", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  pb_docs_extractor_add_page (extractor, uri, data, length);
}

static PbManifest *
extract_docs_site (void)
{
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  const char *pages[] = { "docs-site/index.html", "docs-site/customers.html", "docs-site/orders.html",
                          "docs-site/products.html", "docs-site/customer.html" };
  g_autoptr (GError) error = NULL;
  PbManifest *manifest;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    add_fixture (extractor, pages[i]);
  manifest = pb_docs_extractor_run (extractor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  return manifest;
}

static void
assert_strv (const char * const *got,
             const char * const *expected)
{
  g_assert_cmpuint (g_strv_length ((char **) got), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, expected[i]);
}

static void
test_base_and_auth (void)
{
  g_autoptr (PbManifest) manifest = extract_docs_site ();
  PbManifestAuth *auth = pb_manifest_get_auth (manifest);
  PbEvidence *evidence;
  PbManifestField *field;

  g_assert_cmpstr (pb_manifest_get_url_base (manifest), ==, "https://api.shopnest.example/v2");
  evidence = pb_manifest_get_evidence (manifest, "url_base");
  g_assert_nonnull (evidence);
  g_assert_true (g_str_has_prefix (pb_evidence_get_source_uri (evidence), "http://docs.shopnest.example/docs-site/"));
  g_assert_nonnull (strstr (pb_evidence_get_snippet (evidence), "api.shopnest.example"));
  g_assert_cmpfloat (pb_evidence_get_confidence (evidence), <, 0.8);

  g_assert_cmpint (auth->kind, ==, PB_AUTH_BEARER);
  field = pb_manifest_find_field (manifest, "api_key");
  g_assert_nonnull (field);
  g_assert_true (field->secret);
  evidence = pb_manifest_get_evidence (manifest, "auth");
  g_assert_nonnull (evidence);
  g_assert_cmpfloat (pb_evidence_get_confidence (evidence), <, 0.8);
  /* Evidence quotes the docs but never a credential they print. */
  g_assert_null (strstr (pb_evidence_get_snippet (evidence), "sk_test"));
  g_assert_nonnull (strstr (pb_evidence_get_snippet (evidence), "[redacted]"));
  g_assert_cmpstr (pb_manifest_get_name (manifest), ==, "shopnest");
}

static void
test_streams (void)
{
  g_autoptr (PbManifest) manifest = extract_docs_site ();
  PbManifestStream *customers, *orders, *products;
  PbManifestPaginator *p;
  PbManifestParent *parent;
  const char *data_path[] = { "data", NULL };
  const char *orders_path[] = { "orders", NULL };
  const char *top_level[] = { NULL };
  const char *id[] = { "id", NULL };

  /* customers, the customers' orders and products; not the single customer, not the POST. */
  g_assert_cmpuint (pb_manifest_get_n_streams (manifest), ==, 3);

  customers = pb_manifest_find_stream (manifest, "customers");
  g_assert_nonnull (customers);
  g_assert_cmpstr (pb_manifest_stream_get_path (customers), ==, "/customers");
  assert_strv (pb_manifest_stream_get_record_path (customers), data_path);
  assert_strv (pb_manifest_stream_get_primary_key (customers), id);
  g_assert_nonnull (pb_manifest_stream_get_schema (customers));
  p = pb_manifest_stream_get_paginator (customers);
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (p->token_field, ==, "starting_after");
  g_assert_cmpstr (p->cursor_value, ==, "{{ last_record['id'] }}");
  g_assert_cmpstr (p->stop_condition, ==, "{{ not response.has_more }}");
  g_assert_cmpstr (p->page_size_field, ==, "limit");
  g_assert_cmpint (p->page_size, ==, 25);
  g_assert_nonnull (pb_manifest_stream_get_evidence (customers, "paginator"));
  g_assert_nonnull (pb_manifest_stream_get_evidence (customers, "record_path"));

  orders = pb_manifest_find_stream (manifest, "orders");
  g_assert_nonnull (orders);
  g_assert_cmpstr (pb_manifest_stream_get_path (orders), ==, "/customers/{{ stream_partition['customer_id'] }}/orders");
  parent = pb_manifest_stream_get_parent (orders);
  g_assert_cmpstr (parent->parent_stream, ==, "customers");
  g_assert_cmpstr (parent->parent_key, ==, "id");
  g_assert_cmpstr (parent->partition_field, ==, "customer_id");
  assert_strv (pb_manifest_stream_get_record_path (orders), orders_path);
  p = pb_manifest_stream_get_paginator (orders);
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (p->cursor_value, ==, "{{ response.next_cursor }}");
  g_assert_cmpstr (p->token_field, ==, "cursor");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (orders)->cursor_field, ==, "updated_at");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (orders)->start_time_field, ==, "updated_since");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (orders)->datetime_format, ==, "%Y-%m-%dT%H:%M:%SZ");
  g_assert_nonnull (pb_manifest_find_field (manifest, "start_date"));
  /* customers have a Unix "created" time but the docs name no filter: no cursor. */
  g_assert_null (pb_manifest_stream_get_incremental (customers)->cursor_field);

  products = pb_manifest_find_stream (manifest, "products");
  g_assert_nonnull (products);
  assert_strv (pb_manifest_stream_get_record_path (products), top_level);
  p = pb_manifest_stream_get_paginator (products);
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_PAGE);
  g_assert_cmpstr (p->token_field, ==, "page");
  g_assert_cmpstr (p->page_size_field, ==, "per_page");
}

static void
test_manifest_writes (void)
{
  g_autoptr (PbManifest) manifest = extract_docs_site ();
  g_autoptr (GError) error = NULL;
  g_autofree char *yaml = pb_manifest_to_string (manifest, PB_MANIFEST_FORMAT_YAML, &error);
  g_autofree char *evidence = pb_manifest_evidence_to_string (manifest);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (yaml, "DeclarativeSource"));
  g_assert_nonnull (strstr (yaml, "BearerAuthenticator"));
  g_assert_nonnull (strstr (yaml, "SubstreamPartitionRouter"));
  g_assert_null (strstr (yaml, "sk_test"));
  g_assert_null (strstr (evidence, "sk_test"));
  g_assert_nonnull (strstr (evidence, "docs.shopnest.example"));
}

static void
test_other_sample_kinds (void)
{
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) manifest = NULL;
  PbManifestAuth *auth;
  PbManifestStream *stream;
  const char *html =
    "<html><body><h1>Tickets</h1><p>Send your key in the <code>X-Api-Key</code> header.</p>"
    "<pre>fetch('https://helpdesk.example.com/api/v1/tickets?offset=0&amp;limit=50', {\n"
    "  method: 'GET',\n  headers: { 'X-Api-Key': 'YOUR_KEY', 'Accept': 'application/json' }\n})</pre>"
    "<pre>{\"tickets\": [{\"id\": 1, \"subject\": \"Broken\"}], \"total\": 1}</pre>"
    "<pre>GET /api/v1/agents HTTP/1.1\nHost: helpdesk.example.com\nX-Api-Key: YOUR_KEY\n</pre>"
    "<pre>{\"data\": {\"agents\": [{\"id\": 7, \"name\": \"Ann\"}]}, \"links\": {\"next\": \"https://helpdesk.example.com/api/v1/agents?page=2\"}}</pre>"
    "</body></html>";

  pb_docs_extractor_add_page (extractor, "https://helpdesk.example.com/docs", html, strlen (html));
  manifest = pb_docs_extractor_run (extractor, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_manifest_get_url_base (manifest), ==, "https://helpdesk.example.com/api/v1");
  auth = pb_manifest_get_auth (manifest);
  g_assert_cmpint (auth->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (auth->field_name, ==, "X-Api-Key");
  g_assert_false (auth->in_query);

  stream = pb_manifest_find_stream (manifest, "tickets");
  g_assert_nonnull (stream);
  g_assert_cmpint (pb_manifest_stream_get_paginator (stream)->kind, ==, PB_PAGINATION_OFFSET);
  g_assert_cmpint (pb_manifest_stream_get_paginator (stream)->page_size, ==, 50);

  stream = pb_manifest_find_stream (manifest, "agents");
  g_assert_nonnull (stream);
  {
    const char *path[] = { "data", "agents", NULL };
    const char * const *got = pb_manifest_stream_get_record_path (stream);
    g_assert_cmpuint (g_strv_length ((char **) got), ==, 2);
    g_assert_cmpstr (got[0], ==, path[0]);
    g_assert_cmpstr (got[1], ==, path[1]);
  }
  g_assert_cmpint (pb_manifest_stream_get_paginator (stream)->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (stream)->cursor_value, ==, "{{ response.links.next }}");
  g_assert_cmpint (pb_manifest_stream_get_paginator (stream)->token_inject_into, ==, PB_INJECT_PATH);
}

static void
test_nothing_found (void)
{
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  g_autoptr (PbDocsExtractor) posts = pb_docs_extractor_new ();
  g_autoptr (GError) error = NULL;
  const char *only_post = "<pre>curl -X POST https://hooks.example.com/v1/events -d '{}'</pre>";
  guint8 noise[2048];
  guint32 seed = 99;

  add_fixture (extractor, "no-api.html");
  for (guint i = 0; i < sizeof noise; i++)
    {
      seed = seed * 1103515245 + 12345;
      noise[i] = seed >> 16;
    }
  pb_docs_extractor_add_page (extractor, "http://x.example/noise", (const char *) noise, sizeof noise);
  pb_docs_extractor_add_page (extractor, "http://x.example/empty", "", 0);
  g_assert_null (pb_docs_extractor_run (extractor, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND);
  g_clear_error (&error);

  pb_docs_extractor_add_page (posts, "http://x.example/hooks", only_post, strlen (only_post));
  g_assert_null (pb_docs_extractor_run (posts, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND);
  g_assert_nonnull (strstr (error->message, "GET"));
}

static void
test_malformed_samples (void)
{
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) manifest = NULL;
  g_autoptr (GString) deep = g_string_new ("<pre>");
  const char *html =
    "<pre>curl</pre><pre>curl -H</pre><pre>curl 'unterminated</pre><pre>curl \"https://a.example/x\\</pre>"
    "<pre>curl -X</pre><pre>{ \"broken\": [ </pre><pre>[[[[[[[[</pre>"
    "<pre>curl https://a.example/v1/{}/items</pre><pre>curl https://a.example/v1/items/</pre>";

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "</pre>");
  pb_docs_extractor_add_page (extractor, "http://a.example/docs", html, strlen (html));
  pb_docs_extractor_add_page (extractor, "http://a.example/deep", deep->str, deep->len);
  manifest = pb_docs_extractor_run (extractor, &error);
  /* Whatever it makes of this, it must not crash, and what it returns must be usable. */
  if (manifest != NULL)
    g_assert_cmpuint (pb_manifest_get_n_streams (manifest), >, 0);
  else
    g_assert_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND);
}

/* One reference page with every operation under its own h2 (as widdershins and Slate make
 * them): each operation pages by the parameters of its own section, not by its neighbour's. */
static const char one_page[]
  = "<html><body><h1>Reference</h1><p>Send <code>Authorization: Bearer KEY</code>.</p>"
    "<h2 id=\"list-invoices\">List invoices</h2>"
    "<pre><code>curl https://api.billing.example/v1/invoices \\\n"
    "  -H 'Authorization: Bearer $KEY'</code></pre>"
    "<table><tr><th>Name</th><th>In</th></tr><tr><td>offset</td><td>query</td></tr>"
    "<tr><td>limit</td><td>query</td></tr></table>"
    "<pre><code>{\"data\": [{\"id\": \"in_1\", \"total\": 3}]}</code></pre>"
    "<h2 id=\"list-payments\">List payments</h2>"
    "<pre><code>curl https://api.billing.example/v1/payments \\\n"
    "  -H 'Authorization: Bearer $KEY'</code></pre>"
    "<table><tr><th>Name</th><th>In</th></tr><tr><td>page</td><td>query</td></tr>"
    "<tr><td>per_page</td><td>query</td></tr></table>"
    "<pre><code>{\"data\": [{\"id\": \"pa_1\"}]}</code></pre>"
    "</body></html>";

static void
test_sections (void)
{
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) m = NULL;
  PbManifestStream *invoices, *payments;

  pb_docs_extractor_add_page (extractor, "http://docs.billing.example/reference", one_page,
                              strlen (one_page));
  m = pb_docs_extractor_run (extractor, &error);
  g_assert_no_error (error);
  invoices = pb_manifest_find_stream (m, "invoices");
  payments = pb_manifest_find_stream (m, "payments");
  g_assert_nonnull (invoices);
  g_assert_nonnull (payments);
  g_assert_cmpint (pb_manifest_stream_get_paginator (invoices)->kind, ==, PB_PAGINATION_OFFSET);
  /* Page-wide, the invoices' offset would page the payments too. */
  g_assert_cmpint (pb_manifest_stream_get_paginator (payments)->kind, ==, PB_PAGINATION_PAGE);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (payments)->token_field, ==, "page");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/docs-extractor/base-and-auth", test_base_and_auth);
  g_test_add_func ("/docs-extractor/streams", test_streams);
  g_test_add_func ("/docs-extractor/manifest", test_manifest_writes);
  g_test_add_func ("/docs-extractor/fetch-and-raw-http", test_other_sample_kinds);
  g_test_add_func ("/docs-extractor/nothing-found", test_nothing_found);
  g_test_add_func ("/docs-extractor/malformed", test_malformed_samples);
  g_test_add_func ("/docs-extractor/sections", test_sections);
  return g_test_run ();
}
