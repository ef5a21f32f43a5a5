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

  /* customers, the customers' orders, products and the single customer below its list (as
   * the spec analyzer makes detail streams); not the POST. */
  g_assert_cmpuint (pb_manifest_get_n_streams (manifest), ==, 4);
  g_assert_nonnull (pb_manifest_find_stream (manifest, "customers_details"));

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
  /* customers have a Unix "created" time and the docs name no filter: a cursor filtered
   * client-side, as the spec analyzer makes it. */
  g_assert_cmpstr (pb_manifest_stream_get_incremental (customers)->cursor_field, ==, "created");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (customers)->datetime_format, ==, "%s");
  g_assert_null (pb_manifest_stream_get_incremental (customers)->start_time_field);

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


static PbManifest *
extract_one (const char *html)
{
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  g_autoptr (GError) error = NULL;
  PbManifest *m;

  pb_docs_extractor_add_page (extractor, "http://docs.rules.example/reference", html,
                              strlen (html));
  m = pb_docs_extractor_run (extractor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

/* Rule "lists first": a top-level list keeps its plain name though a sub-resource of the same
 * name comes first in the docs, and becomes the parent of the lists below it. */
static void
test_rule_lists_first (void)
{
  const char *html
    = "<h2>Inboxes of a conversation</h2>"
      "<pre>curl https://api.mail.example/conversations/{conversation_id}/inboxes</pre>"
      "<pre>{\"results\": [{\"id\": \"inb_1\"}]}</pre>"
      "<h2>Channels of an inbox</h2>"
      "<pre>curl https://api.mail.example/inboxes/{inbox_id}/channels</pre>"
      "<pre>{\"results\": [{\"id\": \"cha_1\"}]}</pre>"
      "<h2>List inboxes</h2>"
      "<pre>curl https://api.mail.example/inboxes</pre>"
      "<pre>{\"results\": [{\"id\": \"inb_1\"}]}</pre>";
  g_autoptr (PbManifest) m = extract_one (html);
  PbManifestStream *inboxes = pb_manifest_find_stream (m, "inboxes");
  PbManifestStream *sub = pb_manifest_find_stream (m, "conversations_inboxes");
  PbManifestStream *channels = pb_manifest_find_stream (m, "channels");

  g_assert_nonnull (inboxes);
  g_assert_cmpstr (pb_manifest_stream_get_path (inboxes), ==, "/inboxes");
  g_assert_nonnull (sub);
  g_assert_nonnull (channels);
  g_assert_cmpstr (pb_manifest_stream_get_parent (channels)->parent_stream, ==, "inboxes");
}

/* Rule "details": GET /things/{id} answering one object, below a list that is a stream. */
static void
test_rule_details (void)
{
  const char *html
    = "<pre>curl https://api.zoo.example/v2/animals</pre>"
      "<pre>{\"count\": 1, \"results\": [{\"name\": \"otter\", \"url\": \"x\"}]}</pre>"
      "<pre>curl https://api.zoo.example/v2/animals/{name}</pre>"
      "<pre>{\"id\": 7, \"name\": \"otter\", \"weight\": 11}</pre>"
      "<pre>curl https://api.zoo.example/v2/keepers/{keeper_id}</pre>"
      "<pre>{\"id\": 3}</pre>";
  g_autoptr (PbManifest) m = extract_one (html);
  PbManifestStream *details = pb_manifest_find_stream (m, "animals_details");
  const char *const *key;

  g_assert_nonnull (details);
  g_assert_cmpstr (pb_manifest_stream_get_path (details), ==,
                   "/animals/{{ stream_partition['name'] }}");
  g_assert_cmpuint (g_strv_length ((char **) pb_manifest_stream_get_record_path (details)), ==, 0);
  key = pb_manifest_stream_get_primary_key (details);
  g_assert_cmpstr (key[0], ==, "id");
  /* No list of keepers: no detail stream for them. */
  g_assert_cmpuint (pb_manifest_get_n_streams (m), ==, 2);
}

/* Rule "record keys": the spec analyzer's key names on an example record. */
static void
test_rule_record_keys (void)
{
  const char *html
    = "<pre>curl https://api.books.example/2.0/invoices</pre>"
      "<pre>{\"Invoices\": [{\"InvoiceID\": \"a1\", \"Total\": 3}]}</pre>"
      "<pre>curl https://api.books.example/2.0/bounces</pre>"
      "<pre>[{\"email\": \"a@b.example\", \"created\": 1250337600}]</pre>"
      "<pre>curl https://api.books.example/2.0/signature_request/list</pre>"
      "<pre>{\"signature_requests\": [{\"signature_request_id\": \"s1\"}],"
      " \"warnings\": [{\"warning_msg\": \"w\"}]}</pre>";
  g_autoptr (PbManifest) m = extract_one (html);
  PbManifestStream *invoices = pb_manifest_find_stream (m, "invoices");
  PbManifestStream *bounces = pb_manifest_find_stream (m, "bounces");
  PbManifestStream *requests = pb_manifest_find_stream (m, "list");

  g_assert_cmpstr (pb_manifest_stream_get_primary_key (invoices)[0], ==, "InvoiceID");
  g_assert_cmpstr (pb_manifest_stream_get_primary_key (bounces)[0], ==, "email");
  /* Two arrays: the one named after the path's resource holds the records. */
  g_assert_cmpstr (pb_manifest_stream_get_record_path (requests)[0], ==, "signature_requests");
  g_assert_cmpstr (pb_manifest_stream_get_primary_key (requests)[0], ==,
                   "signature_request_id");
}

/* Rule "record cursors": an updated-like time field, else a created-like one (epoch seconds
 * too), with or without a time filter parameter. */
static void
test_rule_record_cursors (void)
{
  const char *html
    = "<h2>Profiles</h2><pre>curl https://api.crm.example/api/profiles</pre>"
      "<pre>{\"data\": [{\"id\": \"p1\", \"updated\": \"2024-01-02T03:04:05+00:00\"}]}</pre>"
      "<h2>Bounces</h2><pre>curl https://api.crm.example/api/bounces</pre>"
      "<table><tr><th>Name</th><th>In</th></tr><tr><td>start_time</td><td>query</td></tr>"
      "</table>"
      "<pre>[{\"email\": \"a@b.example\", \"created\": 1250337600}]</pre>";
  g_autoptr (PbManifest) m = extract_one (html);
  PbManifestIncremental *profiles
    = pb_manifest_stream_get_incremental (pb_manifest_find_stream (m, "profiles"));
  PbManifestIncremental *bounces
    = pb_manifest_stream_get_incremental (pb_manifest_find_stream (m, "bounces"));

  g_assert_cmpstr (profiles->cursor_field, ==, "updated");
  g_assert_cmpstr (profiles->datetime_format, ==, "%Y-%m-%dT%H:%M:%S%z");
  g_assert_null (profiles->start_time_field);   /* filtered client-side */
  g_assert_cmpstr (bounces->cursor_field, ==, "created");
  g_assert_cmpstr (bounces->datetime_format, ==, "%s");
  g_assert_cmpstr (bounces->start_time_field, ==, "start_time");
}

/* Rule "cursor by description": a query parameter described as what the previous response
 * handed back is the cursor; the response field of the same name carries it, a "done" flag
 * stops. */
static void
test_rule_cursor_description (void)
{
  const char *html
    = "<h2>List apps</h2><pre>curl https://api.hooks.example/api/v1/app</pre>"
      "<table><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr>"
      "<tr><td>limit</td><td>query</td><td>integer</td><td>Limit the number of returned items"
      "</td></tr>"
      "<tr><td>iterator</td><td>query</td><td>string</td><td>The iterator returned from a prior "
      "invocation</td></tr></table>"
      "<pre>{\"data\": [{\"id\": \"app_1\"}], \"iterator\": \"it\", \"done\": true}</pre>"
      "<h2>List boards</h2><pre>curl https://api.hooks.example/api/v1/boards</pre>"
      "<table><tr><th>Name</th><th>In</th><th>Description</th></tr>"
      "<tr><td>bookmark</td><td>query</td><td>Cursor used to fetch the next page of items</td>"
      "</tr><tr><td>owner</td><td>path</td><td>Returned from a previous call</td></tr></table>"
      "<pre>{\"items\": [{\"id\": \"b1\"}], \"bookmark\": \"bm\"}</pre>";
  g_autoptr (PbManifest) m = extract_one (html);
  PbManifestPaginator *apps = pb_manifest_stream_get_paginator (pb_manifest_find_stream (m, "app"));
  PbManifestPaginator *boards
    = pb_manifest_stream_get_paginator (pb_manifest_find_stream (m, "boards"));

  g_assert_cmpint (apps->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (apps->token_field, ==, "iterator");
  g_assert_cmpstr (apps->cursor_value, ==, "{{ response.iterator }}");
  g_assert_cmpstr (apps->stop_condition, ==, "{{ response.done }}");
  g_assert_cmpstr (apps->page_size_field, ==, "limit");
  g_assert_cmpint (boards->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (boards->token_field, ==, "bookmark");
  g_assert_cmpstr (boards->cursor_value, ==, "{{ response.bookmark }}");
}

/* Rule "common paginator": lists that show nothing page like most lists that do. */
static void
test_rule_common_paginator (void)
{
  GString *html = g_string_new (NULL);
  const char *paged[] = { "accounts", "contacts", "teams" };
  g_autoptr (PbManifest) m = NULL;
  PbManifestPaginator *p;

  for (guint i = 0; i < G_N_ELEMENTS (paged); i++)
    g_string_append_printf (
      html,
      "<h2>List %s</h2><pre>curl https://api.desk.example/%s?limit=50</pre>"
      "<table><tr><th>Name</th><th>In</th></tr><tr><td>page_token</td><td>query</td></tr>"
      "<tr><td>limit</td><td>query</td></tr></table>"
      "<pre>{\"_results\": [{\"id\": \"x\"}], \"_pagination\": {\"next_page_token\": \"t\"}}"
      "</pre>",
      paged[i], paged[i]);
  g_string_append (html, "<h2>List channels</h2><pre>curl https://api.desk.example/channels</pre>"
                         "<pre>{\"_results\": [{\"id\": \"c\"}]}</pre>");
  m = extract_one (html->str);
  g_string_free (html, TRUE);
  p = pb_manifest_stream_get_paginator (pb_manifest_find_stream (m, "channels"));
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (p->token_field, ==, "page_token");
  g_assert_cmpfloat (pb_evidence_get_confidence (
                       pb_manifest_stream_get_evidence (pb_manifest_find_stream (m, "channels"),
                                                        "paginator")),
                     <, 0.5);
}

/* Rules "auth prose": a prefix an inline code gives the Authorization header the samples fill
 * with a bare placeholder; a bare placeholder alone is a bearer token; a scheme named in prose
 * when the samples send nothing; an OAuth 2.0 flow with a token URL and no static scheme. */
static void
test_rule_auth_prose (void)
{
  const char *prefixed
    = "<p>Send the key in the <strong>Authorization</strong> header, with format "
      "<code>Token token=&lt;API_KEY&gt;</code></p>"
      "<pre>curl https://api.pager.example/incidents -H 'Authorization: API_KEY'</pre>";
  const char *bare = "<pre>curl https://api.mail.example/v3/bounces -H 'Authorization: API_KEY'"
                     "</pre>";
  const char *basic = "<h1>Authentication</h1><ul><li>HTTP Authentication, scheme: basic</li>"
                      "<li>HTTP Authentication, scheme: bearer</li></ul>"
                      "<pre>curl https://api.sign.example/v3/templates</pre>";
  const char *oauth
    = "<h1>Authentication</h1><ul><li>oAuth2 authentication.<ul><li>Flow: authorizationCode"
      "</li><li>Token URL = <a href=\"/v5/oauth/token\">/v5/oauth/token</a></li></ul></li></ul>"
      "<pre>curl https://api.pins.example/v5/boards -H 'Authorization: Bearer {access-token}'"
      "</pre>";
  g_autoptr (PbManifest) m1 = extract_one (prefixed);
  g_autoptr (PbManifest) m2 = extract_one (bare);
  g_autoptr (PbManifest) m3 = extract_one (basic);
  g_autoptr (PbManifest) m4 = extract_one (oauth);

  g_assert_cmpint (pb_manifest_get_auth (m1)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (m1)->field_name, ==, "Authorization");
  g_assert_cmpstr (pb_manifest_get_auth (m1)->value_prefix, ==, "Token");
  g_assert_cmpint (pb_manifest_get_auth (m2)->kind, ==, PB_AUTH_BEARER);
  g_assert_cmpint (pb_manifest_get_auth (m3)->kind, ==, PB_AUTH_BASIC);
  g_assert_cmpint (pb_manifest_get_auth (m4)->kind, ==, PB_AUTH_OAUTH);
  g_assert_cmpstr (pb_manifest_get_auth (m4)->token_url, ==,
                   "https://api.pins.example/v5/oauth/token");
}

/* Rules "host placeholders" and "https": a host the reader fills in becomes a config field,
 * and http:// becomes https:// for a public host; version segments are not ids. */
static void
test_rule_origin (void)
{
  const char *placeholder = "<pre>curl https://{yourDomain}/api/v1/logs</pre>"
                            "<pre>curl https://{yourDomain}/oauth2/v1/clients</pre>";
  const char *plain = "<pre>curl http://api.mail.example/v3/bounces</pre>";
  g_autoptr (PbManifest) m1 = extract_one (placeholder);
  g_autoptr (PbManifest) m2 = extract_one (plain);
  PbManifestField *field;

  g_assert_cmpstr (pb_manifest_get_url_base (m1), ==, "https://{{ config['your_domain'] }}");
  field = pb_manifest_find_field (m1, "your_domain");
  g_assert_nonnull (field);
  g_assert_true (field->required);
  g_assert_cmpstr (pb_manifest_stream_get_path (pb_manifest_find_stream (m1, "logs")), ==,
                   "/api/v1/logs");
  g_assert_cmpstr (pb_manifest_get_url_base (m2), ==, "https://api.mail.example/v3");
}

/* The page reader: tables without </td>, unknown and unclosed elements, and character
 * references do not lose what follows them. */
static void
test_page_reader (void)
{
  GString *html = g_string_new ("<p><x-note>unclosed <custom-tag>");

  for (guint i = 0; i < 2000; i++)
    g_string_append (html, "<div><span>deep");
  g_string_append (html,
                   "<table><tr><th>Name<th>In<tr><td>cursor<td>query</table>"
                   "<pre><code>curl https://api.deep.example/v1/items?limit=5 "
                   "-H &#39;X-Api-Key: KEY&#39;</code></pre>"
                   "<pre>{&quot;items&quot;: [{&quot;id&quot;: 1}], "
                   "&quot;has_more&quot;: true}</pre>");
  {
    g_autoptr (PbManifest) m = extract_one (html->str);
    PbManifestStream *items = pb_manifest_find_stream (m, "items");
    PbManifestPaginator *p;

    g_assert_nonnull (items);
    p = pb_manifest_stream_get_paginator (items);
    g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);
    g_assert_cmpstr (p->token_field, ==, "cursor");
    g_assert_cmpstr (p->stop_condition, ==, "{{ not response.has_more }}");
    g_assert_cmpstr (pb_manifest_get_auth (m)->field_name, ==, "X-Api-Key");
  }
  g_string_free (html, TRUE);
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
  g_test_add_func ("/docs-extractor/rules/lists-first", test_rule_lists_first);
  g_test_add_func ("/docs-extractor/rules/details", test_rule_details);
  g_test_add_func ("/docs-extractor/rules/record-keys", test_rule_record_keys);
  g_test_add_func ("/docs-extractor/rules/record-cursors", test_rule_record_cursors);
  g_test_add_func ("/docs-extractor/rules/cursor-description", test_rule_cursor_description);
  g_test_add_func ("/docs-extractor/rules/common-paginator", test_rule_common_paginator);
  g_test_add_func ("/docs-extractor/rules/auth-prose", test_rule_auth_prose);
  g_test_add_func ("/docs-extractor/rules/origin", test_rule_origin);
  g_test_add_func ("/docs-extractor/page-reader", test_page_reader);
  return g_test_run ();
}
