/* test-crawl-html.c: charset decoding, link and spec-reference extraction, robots.txt rules
 * (no network: these run under ASan/UBSan in the 'sanitize' suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-crawl-html.h"
#include "pb-robots.h"

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "crawler", name, NULL);
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static gboolean
contains (GPtrArray  *array,
          const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static char *
utf8_of (const char *fixture,
         const char *header_charset,
         char      **out_charset)
{
  g_autoptr (GBytes) raw = load_fixture (fixture);
  gsize len;
  const char *data = g_bytes_get_data (raw, &len);
  g_autoptr (GBytes) utf8 = pb_crawl_html_to_utf8 (data, len, header_charset, out_charset);
  gsize ulen;
  const char *u = g_bytes_get_data (utf8, &ulen);

  g_assert_true (g_utf8_validate_len (u, ulen, NULL));
  return g_strndup (u, ulen);
}

static void
test_charset_header (void)
{
  g_autofree char *charset = NULL;
  g_autofree char *text = utf8_of ("latin1.html", "ISO-8859-1", &charset);

  g_assert_cmpstr (charset, ==, "ISO-8859-1");
  g_assert_nonnull (strstr (text, "Le café coûte 2\u00a0€."));  /* 0x80 is € in windows-1252 */
}

static void
test_charset_bytes (void)
{
  g_autoptr (GBytes) utf8 = g_bytes_new_static ("<p>déjà vu</p>", strlen ("<p>déjà vu</p>"));
  g_autoptr (GBytes) latin1 = load_fixture ("latin1.html");
  g_autoptr (GBytes) sjis = load_fixture ("shift-jis.html");
  g_autoptr (GBytes) same = pb_crawl_html_bytes_to_utf8 (utf8, NULL, NULL);
  g_autoptr (GBytes) converted = pb_crawl_html_bytes_to_utf8 (latin1, "ISO-8859-1", NULL);
  g_autoptr (GBytes) meta = pb_crawl_html_bytes_to_utf8 (sjis, NULL, NULL);

  /* UTF-8 already: the same bytes, not a copy; anything else is converted. */
  g_assert_true (same == utf8);
  g_assert_false (converted == latin1);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (converted, NULL), g_bytes_get_size (converted), "café"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (meta, NULL), g_bytes_get_size (meta), "日本語"));

  /* The word-at-a-time check: characters across an 8-byte boundary, a bad byte, a NUL and a
   * cut character after long ASCII runs are all noticed. */
  {
    static const char *valid = "<p>1234567\xC3\xA9t\xC3\xA9 abcdefgh\xE2\x80\x94 \xF0\x9F\x98\x80</p>";
    static const char *invalid[] = { "<p>12345678\xFF" "abcdefghijk</p>", "<p>1234567\xC3</p>",
                                     "abcdefghijklmnop\xED\xA0\x80", "abcdefghijklmnopq\xC0\xAF" };
    g_autoptr (GBytes) v = g_bytes_new_static (valid, strlen (valid));
    g_autoptr (GBytes) v_out = pb_crawl_html_bytes_to_utf8 (v, "utf-8", NULL);
    g_autoptr (GBytes) nul = g_bytes_new_static ("<p>abcdefghij\0klmnop</p>", 25);
    g_autoptr (GBytes) nul_out = pb_crawl_html_bytes_to_utf8 (nul, "utf-8", NULL);

    g_assert_true (v_out == v);
    g_assert_false (nul_out == nul);
    for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
      {
        g_autoptr (GBytes) in = g_bytes_new_static (invalid[i], strlen (invalid[i]));
        g_autoptr (GBytes) out = pb_crawl_html_bytes_to_utf8 (in, "utf-8", NULL);
        gsize len;
        const char *text = g_bytes_get_data (out, &len);

        g_assert_false (out == in);
        g_assert_true (g_utf8_validate_len (text, len, NULL));
        g_assert_nonnull (g_strstr_len (text, len, "\xEF\xBF\xBD"));
      }
  }
}

static void
test_charset_meta (void)
{
  g_autofree char *charset = NULL;
  g_autofree char *text = utf8_of ("shift-jis.html", NULL, &charset);

  g_assert_cmpstr (charset, ==, "shift_jis");
  g_assert_nonnull (strstr (text, "<h1>日本語のドキュメント</h1>"));
  g_assert_nonnull (strstr (text, ">次</a>"));
}

static void
test_charset_invalid (void)
{
  g_autofree char *text = utf8_of ("bad-utf8.html", NULL, NULL);
  g_autofree char *sniffed = utf8_of ("latin1.html", NULL, NULL);
  g_autofree char *unknown = utf8_of ("latin1.html", "x-no-such-charset", NULL);

  /* Declared UTF-8 but broken: each bad sequence becomes U+FFFD, the rest is kept. */
  g_assert_nonnull (strstr (text, "ok \xEF\xBF\xBD\xEF\xBF\xBD broken"));
  /* No declaration, not UTF-8: read as windows-1252. */
  g_assert_nonnull (strstr (sniffed, "café"));
  /* A charset iconv does not know: still valid UTF-8 (checked in utf8_of). */
  g_assert_nonnull (strstr (unknown, "caf"));
}

static void
test_charset_bom_and_cut (void)
{
  const char utf16[] = "\xFF\xFE<\0a\0>\0\xE9\0";
  g_autoptr (GBytes) a = pb_crawl_html_to_utf8 (utf16, sizeof utf16 - 1, NULL, NULL);
  /* Shift_JIS cut in the middle of a two-byte character. */
  const char cut[] = "abc\x93";
  g_autoptr (GBytes) b = pb_crawl_html_to_utf8 (cut, sizeof cut - 1, "Shift_JIS", NULL);
  g_autoptr (GBytes) c = pb_crawl_html_to_utf8 (NULL, 0, NULL, NULL);
  gsize len;

  g_assert_cmpmem (g_bytes_get_data (a, &len), len, "<a>é", strlen ("<a>é"));
  g_assert_cmpmem (g_bytes_get_data (b, &len), len, "abc\xEF\xBF\xBD", 6);
  g_assert_cmpuint (g_bytes_get_size (c), ==, 0);
}

static void
test_resolve (void)
{
  g_autoptr (GUri) base = g_uri_parse ("http://Docs.Example.com:80/guide/intro/page.html?x=1",
                                       G_URI_FLAGS_ENCODED, NULL);
  struct { const char *href, *expected; } cases[] = {
    { "other.html", "http://docs.example.com/guide/intro/other.html" },
    { "../ref/index.html#section", "http://docs.example.com/guide/ref/index.html" },
    { "/abs?b=2#f", "http://docs.example.com/abs?b=2" },
    { "  ./spaced.html \n", "http://docs.example.com/guide/intro/spaced.html" },
    { "//cdn.example.com/x", "http://cdn.example.com/x" },
    { "HTTPS://API.example.com:443", "https://api.example.com/" },
    { "http://h.example:8080/a/./b/../c", "http://h.example:8080/a/c" },
    { "#top", NULL },
    { "mailto:someone@example.com", NULL },
    { "javascript:void(0)", NULL },
    { "", NULL },
    { "ftp://files.example.com/", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = pb_crawl_html_resolve (base, cases[i].href);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
extract (const char *fixture,
         const char *uri,
         GPtrArray  *links,
         GPtrArray  *specs,
         GPtrArray  *configs)
{
  g_autoptr (GBytes) raw = load_fixture (fixture);
  gsize len;
  const char *data = g_bytes_get_data (raw, &len);

  pb_crawl_html_extract (data, len, uri, links, specs, configs);
}

static void
test_extract_links (void)
{
  const char *html =
    "<html><head><base href='/docs/'><link rel=stylesheet href=s.css></head><body>"
    "<nav><a href='a.html'>A</a><a href='a.html#x'>A again</a><a href=\"../b/\">B</a>"
    "<a href='https://elsewhere.example/'>off</a><a>no href</a><a href='mailto:x@y'>m</a></nav>"
    "<table><tr><td><a href='/api/openapi.yaml'>download the spec</a></td></tr></table>"
    "<iframe src='/embed/frame.html'></iframe>"
    "<a href='/v3/api-docs'>raw</a>"
    "<a href='?page=2'>p2</a><a href='../../../../up.html'>up</a><a href='sub/./x/../y.html?z#f'>y</a>"
    "<a href='sub/.'>dot</a><a href='sub/x/..'>dotdot</a><a href='HTTP://D.Example:80/Case'>case</a>"
    "</body></html>";
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);

  pb_crawl_html_extract (html, strlen (html), "http://d.example/start/page.html", links, specs, NULL);
  g_assert_true (contains (links, "http://d.example/docs/a.html"));
  g_assert_true (contains (links, "http://d.example/b/"));
  g_assert_true (contains (links, "https://elsewhere.example/"));
  g_assert_true (contains (links, "http://d.example/embed/frame.html"));
  g_assert_false (contains (links, "http://d.example/docs/s.css"));
  g_assert_true (contains (links, "http://d.example/docs/?page=2"));
  g_assert_true (contains (links, "http://d.example/up.html"));
  g_assert_true (contains (links, "http://d.example/docs/sub/y.html?z"));
  g_assert_true (contains (links, "http://d.example/docs/sub/"));
  g_assert_true (contains (links, "http://d.example/Case"));
  g_assert_true (contains (specs, "http://d.example/api/openapi.yaml"));
  g_assert_true (contains (specs, "http://d.example/v3/api-docs"));
  g_assert_cmpuint (specs->len, ==, 2);
}

static void
test_link_cache (void)
{
  const char *html = "<a href='a.html'>a</a><a href='../up.html'>up</a><a href='/spec.json'>s</a>";
  PbCrawlLinkCache *cache = pb_crawl_link_cache_new ();
  g_autoptr (GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) same_dir = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) shallower = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) other_dir = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);

  pb_crawl_html_extract_cached (html, strlen (html), "http://d.example/x/p1.html", 3, cache, first, specs, NULL);
  g_assert_cmpuint (first->len, ==, 2);
  /* Another page of the same directory, as deep: its links were reported already. */
  pb_crawl_html_extract_cached (html, strlen (html), "http://d.example/x/p2.html", 3, cache, same_dir, specs, NULL);
  g_assert_cmpuint (same_dir->len, ==, 0);
  /* Shallower: reported again, since a depth limit may have dropped them the first time. */
  pb_crawl_html_extract_cached (html, strlen (html), "http://d.example/x/p3.html", 1, cache, shallower, specs, NULL);
  g_assert_cmpuint (shallower->len, ==, 2);
  /* Another directory: the same hrefs mean other URLs. */
  pb_crawl_html_extract_cached (html, strlen (html), "http://d.example/y/p1.html", 3, cache, other_dir, specs, NULL);
  g_assert_true (contains (other_dir, "http://d.example/y/a.html"));
  /* Spec references are never left out. */
  g_assert_cmpuint (specs->len, ==, 4);
  pb_crawl_link_cache_free (cache);
}

static void
test_extract_spec_viewers (void)
{
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) configs = g_ptr_array_new_with_free_func (g_free);

  extract ("redoc.html", "http://d.example/reference/", NULL, specs, configs);
  g_assert_true (contains (specs, "http://d.example/reference/specs/petstore.json"));

  g_ptr_array_set_size (specs, 0);
  extract ("redoc-init.html", "http://d.example/reference/", NULL, specs, configs);
  g_assert_true (contains (specs, "http://d.example/static/openapi/petstore.json"));

  g_ptr_array_set_size (specs, 0);
  extract ("swagger-ui.html", "http://d.example/ui/index.html", NULL, specs, configs);
  g_assert_true (contains (specs, "http://d.example/api/v2/swagger.json"));
  /* oauth2RedirectUrl and stylesheet links are not specs */
  g_assert_cmpuint (specs->len, ==, 1);

  g_ptr_array_set_size (specs, 0);
  extract ("swagger-ui-config.html", "http://d.example/ui/", NULL, specs, configs);
  g_assert_cmpuint (specs->len, ==, 0);
  g_assert_true (contains (configs, "http://d.example/config/swagger-config.json"));

  g_ptr_array_set_size (specs, 0);
  extract ("link-alternate.html", "http://d.example/", NULL, specs, configs);
  g_assert_true (contains (specs, "http://d.example/downloads/api-description"));

  {
    g_autoptr (GBytes) config = load_fixture ("swagger-config.json");
    gsize len;
    const char *data = g_bytes_get_data (config, &len);

    g_ptr_array_set_size (specs, 0);
    pb_crawl_html_extract_config (data, len, "http://d.example/config/swagger-config.json", specs);
    g_assert_true (contains (specs, "http://d.example/specs/orders.json"));
  }
}

static void
test_extract_tokenizer (void)
{
  /* What the tag scanner must get right: comments, scripts and other raw text hide markup,
   * case and quoting vary, references are decoded, a tag cut by the end of input is dropped. */
  const char *html =
    "<!DOCTYPE html><!-- <a href='c1.html'> --><!--><a href='after-empty-comment.html'>"
    "<?php echo '<a href=\"pi.html\">'; ?>"
    "<SCRIPT type=text/javascript>var s = '<a href=\"in-script.html\">';</script >"
    "<style>a[href='in-style.html'] {}</style><title><a href='in-title.html'></title>"
    "<textarea><a href='in-textarea.html'></TEXTAREA>"
    "<A HREF=Upper.html>u</A><a\nhref\t=\n\"spaced.html\">s</a>"
    "<a title='x > y' href='after-gt.html'>g</a><a href=\"q.html?a=1&amp;b=2&#38;c=&#x33;\">q</a>"
    "<a href=unquoted.html?x=1>uq</a><a href='first.html' href='second.html'>dup</a>"
    "<br/><img src=i.png/><a/href='slash.html'>sl</a>"
    "1 < 2 <a href='after-lt.html'>lt</a>"
    "<a href='cut.html";
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);

  pb_crawl_html_extract (html, strlen (html), "http://d.example/", links, specs, NULL);
  g_assert_true (contains (links, "http://d.example/after-empty-comment.html"));
  g_assert_true (contains (links, "http://d.example/Upper.html"));
  g_assert_true (contains (links, "http://d.example/spaced.html"));
  g_assert_true (contains (links, "http://d.example/after-gt.html"));
  g_assert_true (contains (links, "http://d.example/q.html?a=1&b=2&c=3"));
  g_assert_true (contains (links, "http://d.example/unquoted.html?x=1"));
  g_assert_true (contains (links, "http://d.example/first.html"));
  g_assert_true (contains (links, "http://d.example/slash.html"));
  g_assert_true (contains (links, "http://d.example/after-lt.html"));
  g_assert_false (contains (links, "http://d.example/c1.html"));
  g_assert_false (contains (links, "http://d.example/pi.html"));
  g_assert_false (contains (links, "http://d.example/in-script.html"));
  g_assert_false (contains (links, "http://d.example/in-style.html"));
  g_assert_false (contains (links, "http://d.example/in-title.html"));
  g_assert_false (contains (links, "http://d.example/in-textarea.html"));
  g_assert_false (contains (links, "http://d.example/second.html"));
  g_assert_false (contains (links, "http://d.example/cut.html"));
  g_assert_cmpuint (links->len, ==, 9);
  g_assert_cmpuint (specs->len, ==, 0);
}

static void
test_extract_garbage (void)
{
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) deep = g_string_new (NULL);
  guint8 noise[4096];
  guint32 seed = 12345;

  /* 10,000 unclosed nested elements, then a link. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "<div><span>");
  g_string_append (deep, "<a href='/deep.html'>x</a>");
  pb_crawl_html_extract (deep->str, deep->len, "http://d.example/", links, NULL, NULL);

  for (guint i = 0; i < sizeof noise; i++)
    {
      seed = seed * 1103515245 + 12345;
      noise[i] = seed >> 16;
    }
  pb_crawl_html_extract ((const char *) noise, sizeof noise, "http://d.example/", links, links, links);
  pb_crawl_html_extract ("", 0, "http://d.example/", links, NULL, NULL);
  /* Markup-shaped noise: every tokenizer state, cut anywhere (ASan checks every read). */
  {
    static const char alphabet[] = "<>/!-?='\" \tahrefsciptlx&#;x3:.\0";
    g_autoptr (GPtrArray) any = g_ptr_array_new_with_free_func (g_free);

    for (guint round = 0; round < 3000; round++)
      {
        gsize len;
        char *buf;

        seed = seed * 1103515245 + 12345;
        len = (seed >> 16) % 64;
        buf = g_malloc (MAX (len, 1));   /* no NUL after the LEN bytes: ASan sees any over-read */
        for (gsize i = 0; i < len; i++)
          {
            seed = seed * 1103515245 + 12345;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
          }
        pb_crawl_html_extract (buf, len, "http://d.example/dir/", any, any, any);
        g_free (buf);
      }
  }
  pb_crawl_html_extract ("<a href=x>", 10, "not a uri", links, NULL, NULL);
  pb_crawl_html_extract_config ("{\"urls\": 3, \"url\": []}", 22, "http://d.example/c.json", links);
  pb_crawl_html_extract_config ("{ truncated", 11, "http://d.example/c.json", links);
  /* Nothing crashed; garbage gave at most a handful of plausible URLs. */
  g_assert_cmpuint (links->len, <, 50);
}

static void
test_looks_like_spec (void)
{
  g_assert_true (pb_crawl_html_looks_like_spec ("  {\"openapi\":\"3.1.0\"}", 21));
  g_assert_true (pb_crawl_html_looks_like_spec ("openapi: 3.0.0\ninfo:\n", 21));
  g_assert_true (pb_crawl_html_looks_like_spec ("---\nswagger: '2.0'\n", 19));
  g_assert_false (pb_crawl_html_looks_like_spec ("<html><body>openapi</body></html>", 33));
  g_assert_false (pb_crawl_html_looks_like_spec ("hello: world\n", 13));
  g_assert_true (pb_crawl_html_is_asset_path ("/static/app.js?v=3"));
  g_assert_false (pb_crawl_html_is_asset_path ("/docs/page.html"));
  g_assert_true (pb_crawl_html_is_spec_path ("/x/openapi.YAML#frag"));
}

static void
test_robots (void)
{
  const char *text =
    "# comments are ignored\n"
    "User-agent: *\n"
    "Disallow: /private/\n"
    "Allow: /private/public.html\n"
    "Disallow: /*.pdf$\n"
    "Disallow: /search?\n"
    "Crawl-delay: 2\n"
    "\n"
    "User-agent: BadBot\n"
    "Disallow: /\n";
  g_autoptr (PbRobots) robots = pb_robots_new_from_text (text, strlen (text), "PlugboardAssist");

  g_assert_true (pb_robots_is_allowed (robots, "/"));
  g_assert_true (pb_robots_is_allowed (robots, "/docs/index.html"));
  g_assert_false (pb_robots_is_allowed (robots, "/private/secret.html"));
  g_assert_true (pb_robots_is_allowed (robots, "/private/public.html"));
  g_assert_false (pb_robots_is_allowed (robots, "/files/guide.pdf"));
  g_assert_true (pb_robots_is_allowed (robots, "/files/guide.pdf.html"));
  g_assert_false (pb_robots_is_allowed (robots, "/search?q=x"));
  g_assert_true (pb_robots_is_allowed (robots, "/search"));
  g_assert_cmpuint (pb_robots_get_crawl_delay (robots), ==, 2000);
}

static void
test_robots_own_group (void)
{
  const char *text =
    "User-agent: *\r\nDisallow: /\r\n\r\n"
    "User-agent: googlebot\r\nUser-agent: plugboardassist\r\nDisallow: /drafts\r\nDisallow:\r\n";
  g_autoptr (PbRobots) robots = pb_robots_new_from_text (text, strlen (text), "PlugboardAssist");
  g_autoptr (PbRobots) other = pb_robots_new_from_text (text, strlen (text), "SomeoneElse");
  g_autoptr (PbRobots) none = pb_robots_new_allow_all ();
  g_autoptr (PbRobots) deny = pb_robots_new_deny_all ();
  g_autoptr (GString) nasty = g_string_new ("User-agent: *\nDisallow: /");
  g_autoptr (PbRobots) slow = NULL;

  /* Our own group wins over "*"; an empty Disallow allows. */
  g_assert_true (pb_robots_is_allowed (robots, "/docs/"));
  g_assert_false (pb_robots_is_allowed (robots, "/drafts/x"));
  g_assert_false (pb_robots_is_allowed (other, "/docs/"));
  g_assert_true (pb_robots_is_allowed (none, "/anything"));
  g_assert_false (pb_robots_is_allowed (deny, "/anything"));

  /* Many stars against a long path must not take exponential time. */
  for (guint i = 0; i < 40; i++)
    g_string_append (nasty, "*a");
  g_string_append (nasty, "b\n");
  slow = pb_robots_new_from_text (nasty->str, nasty->len, "PlugboardAssist");
  {
    g_autofree char *path = g_strnfill (2000, 'a');
    path[0] = '/';
    g_assert_true (pb_robots_is_allowed (slow, path));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crawl-html/charset/header", test_charset_header);
  g_test_add_func ("/crawl-html/charset/meta", test_charset_meta);
  g_test_add_func ("/crawl-html/charset/bytes", test_charset_bytes);
  g_test_add_func ("/crawl-html/charset/invalid", test_charset_invalid);
  g_test_add_func ("/crawl-html/charset/bom-and-cut", test_charset_bom_and_cut);
  g_test_add_func ("/crawl-html/resolve", test_resolve);
  g_test_add_func ("/crawl-html/extract/links", test_extract_links);
  g_test_add_func ("/crawl-html/extract/spec-viewers", test_extract_spec_viewers);
  g_test_add_func ("/crawl-html/extract/link-cache", test_link_cache);
  g_test_add_func ("/crawl-html/extract/tokenizer", test_extract_tokenizer);
  g_test_add_func ("/crawl-html/extract/garbage", test_extract_garbage);
  g_test_add_func ("/crawl-html/looks-like-spec", test_looks_like_spec);
  g_test_add_func ("/crawl-html/robots/rules", test_robots);
  g_test_add_func ("/crawl-html/robots/own-group", test_robots_own_group);
  return g_test_run ();
}
