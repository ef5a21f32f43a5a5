/* pb-crawl-html.c: link and spec-reference extraction from a page for the crawler
 *
 * Runs in worker threads: no global state but the compiled regexes (GRegex is thread-safe).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "pb-crawl-html.h"
#include "pb-crawl-url.h"
#include "pb-html-scan.h"

gboolean
pb_crawl_html_looks_like_spec (const char *data,
                               gsize       length)
{
  gsize n = MIN (length, 4096);
  g_autofree char *head = NULL;
  gsize i = 0;

  if (data == NULL)
    return FALSE;
  if (n >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < n && g_ascii_isspace (data[i]))
    i++;
  if (i < n && data[i] == '<')
    return FALSE;  /* markup */
  head = g_strndup (data + i, n - i);
  /* JSON puts "openapi"/"swagger" anywhere in the object; YAML usually near the top. */
  if (i < n && data[i] == '{')
    return TRUE;
  return strstr (head, "openapi") != NULL || strstr (head, "swagger") != NULL;
}

/* --- HTML walking ------------------------------------------------------------------------ */

typedef struct {
  GUri       *base;
  char       *origin;    /* of BASE, normalised */
  char       *base_path;
  char       *base_query;
  gsize       dir_len;   /* BASE's path up to and including its last "/" */
  GPtrArray  *links;
  GPtrArray  *specs;
  GPtrArray  *configs;
  GHashTable *added;     /* resolved URLs already added (to any array) */
  GString    *script;    /* text of the <script> being read, or NULL */
  GString    *scratch;
  GString    *merged;
  GString    *cache_key;   /* origin + base directory: names the cache's table for this page */
  GHashTable *cache_dir;   /* that table, once looked up */
  PbCrawlLinkCache *cache;
  guint       depth;
  guint       max_links;   /* of LINKS; 0: no limit */
  guint       skipped;     /* links and spec references left out by the limits */
} Walk;

/* Spec and viewer-configuration references taken from one page: each one is a fetch. */
#define MAX_SPEC_REFS_PER_PAGE 32

static gboolean
walk_full (Walk      *walk,
           GPtrArray *into)
{
  guint limit = into == walk->links ? walk->max_links : MAX_SPEC_REFS_PER_PAGE;

  if (limit == 0 || into->len < limit)
    return FALSE;
  walk->skipped++;
  return TRUE;
}

static void
walk_set_base (Walk *walk,
               GUri *base)
{
  const char *path = g_uri_get_path (base);
  const char *slash;

  g_clear_pointer (&walk->base, g_uri_unref);
  g_clear_pointer (&walk->origin, g_free);
  g_clear_pointer (&walk->base_path, g_free);
  g_clear_pointer (&walk->base_query, g_free);
  walk->base = g_uri_ref (base);
  walk->origin = pb_crawl_url_normalized_origin (base);
  walk->base_path = g_strdup (path != NULL && *path == '/' ? path : "/");
  walk->base_query = g_strdup (g_uri_get_query (base));
  slash = strrchr (walk->base_path, '/');
  walk->dir_len = slash - walk->base_path + 1;
  /* The link cache's key prefix, built once per base instead of once per href. */
  if (walk->cache_key == NULL)
    walk->cache_key = g_string_sized_new (128);
  g_string_assign (walk->cache_key, walk->origin != NULL ? walk->origin : "");
  g_string_append_len (walk->cache_key, walk->base_path, walk->dir_len);
  walk->cache_dir = NULL;
}

/* Resolves a cleaned, relative HREF (no scheme, not "//host") against the page without
 * going through GUri: the common case on docs pages, where every page has a hundred links. */
static char *
resolve_relative (Walk       *walk,
                  const char *href)
{
  GString *out = walk->scratch;
  const char *hash = strchr (href, '#');
  gsize len = hash != NULL ? (gsize) (hash - href) : strlen (href);
  const char *q = memchr (href, '?', len);
  gsize path_len = q != NULL ? (gsize) (q - href) : len;

  g_string_assign (out, walk->origin);
  if (path_len == 0)
    {
      g_string_append (out, walk->base_path);
      if (q != NULL)
        g_string_append_len (out, q, len - path_len);
      else if (walk->base_query != NULL)
        g_string_append_printf (out, "?%s", walk->base_query);
    }
  else
    {
      GString *merged = walk->merged;

      g_string_truncate (merged, 0);
      if (href[0] != '/')
        g_string_append_len (merged, walk->base_path, walk->dir_len);
      g_string_append_len (merged, href, path_len);
      pb_crawl_url_append_without_dots (out, merged->str, merged->len);
      if (q != NULL)
        g_string_append_len (out, q, len - path_len);
    }
  if (memchr (out->str, ' ', out->len) != NULL)
    return NULL;
  return g_strndup (out->str, out->len);
}

static char *
walk_resolve (Walk       *walk,
              const char *href)
{
  g_autofree char *clean = NULL;
  const char *p;

  if (walk->origin == NULL || href == NULL)
    return NULL;
  clean = pb_crawl_url_clean_href (href);
  if (clean == NULL)
    return NULL;
  /* A scheme ("mailto:", "https:") or a network path ("//cdn…"): let GUri handle it. */
  for (p = clean; g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.'; p++)
    ;
  if ((*p == ':' && p > clean) || g_str_has_prefix (clean, "//") || strchr (clean, '\\') != NULL)
    return pb_crawl_html_resolve (walk->base, clean);
  return resolve_relative (walk, clean);
}

static void
add_url (Walk       *walk,
         GPtrArray  *into,
         const char *href)
{
  char *abs;

  if (into == NULL || href == NULL || walk_full (walk, into))
    return;
  abs = walk_resolve (walk, href);
  if (abs == NULL)
    return;
  if (g_hash_table_contains (walk->added, abs))
    {
      g_free (abs);
      return;
    }
  g_hash_table_add (walk->added, abs);   /* the array owns the string; the set only looks */
  g_ptr_array_add (into, abs);
}

static gboolean
is_spec_like_path (const char *href)
{
  const char *end, *seg;
  gsize len;

  if (pb_crawl_html_is_spec_path (href))
    return TRUE;
  end = strpbrk (href, "?#");
  if (end == NULL)
    end = href + strlen (href);
  for (seg = end; seg > href && seg[-1] != '/'; seg--)
    ;
  len = end - seg;
  /* Conventional extension-less spec endpoints (springdoc's /v3/api-docs, express…). */
  return (len == 8 && g_ascii_strncasecmp (seg, "api-docs", 8) == 0) ||
         (len == 7 && g_ascii_strncasecmp (seg, "openapi", 7) == 0) ||
         (len == 7 && g_ascii_strncasecmp (seg, "swagger", 7) == 0);
}

/* --- the link cache shared by the pages of one crawl --------------------------------------- */

struct _PbCrawlLinkCache
{
  GMutex      lock;
  /* "origin + base directory" → (href → shallowest depth + 1 it was reported at). Two levels,
   * so that each href is hashed and compared alone, not with a long common prefix. */
  GHashTable *dirs;
};

PbCrawlLinkCache *
pb_crawl_link_cache_new (void)
{
  PbCrawlLinkCache *cache = g_new0 (PbCrawlLinkCache, 1);

  g_mutex_init (&cache->lock);
  cache->dirs
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  return cache;
}

void
pb_crawl_link_cache_free (PbCrawlLinkCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->dirs);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/* TRUE when a page in the same directory already reported HREF from as deep or shallower: it
 * resolves to the same URL, which the crawler has seen. Sidebars and navigation repeat the
 * same relative links on every page, so most links of a docs page stop here. */
static gboolean
already_reported (Walk       *walk,
                  const char *href)
{
  gpointer value;
  gboolean seen;

  if (walk->cache == NULL || walk->origin == NULL || *href == '\0' || *href == '?' || *href == '#')
    return FALSE;
  g_mutex_lock (&walk->cache->lock);
  if (walk->cache_dir == NULL)
    {
      walk->cache_dir = g_hash_table_lookup (walk->cache->dirs, walk->cache_key->str);
      if (walk->cache_dir == NULL)
        {
          walk->cache_dir = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (walk->cache->dirs,
                               g_strndup (walk->cache_key->str, walk->cache_key->len),
                               walk->cache_dir);
        }
    }
  seen = g_hash_table_lookup_extended (walk->cache_dir, href, NULL, &value) &&
         GPOINTER_TO_UINT (value) <= walk->depth + 1;
  if (!seen)
    g_hash_table_replace (walk->cache_dir, g_strdup (href), GUINT_TO_POINTER (walk->depth + 1));
  g_mutex_unlock (&walk->cache->lock);
  return seen;
}

static void
add_href (Walk       *walk,
          const char *href)
{
  if (href == NULL)
    return;
  if (is_spec_like_path (href))
    add_url (walk, walk->specs, href);
  else if (!pb_crawl_html_is_asset_path (href) && walk->links != NULL &&
           !walk_full (walk, walk->links) && !already_reported (walk, href))
    add_url (walk, walk->links, href);
}

static GRegex *
script_regex (guint which)
{
  static GRegex *regexes[3];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      regexes[0]
        = g_regex_new ("Redoc\\.init\\(\\s*(['\"`])([^'\"`\\s]+)\\1", G_REGEX_OPTIMIZE, 0, NULL);
      regexes[1] = g_regex_new (
        "(?<![A-Za-z0-9_$.])['\"]?(url|configUrl|specUrl|spec-url|specURL|apiDescriptionUrl)['\"]?"
        "\\s*:\\s*(['\"`])([^'\"`\\s]+)\\2",
        G_REGEX_OPTIMIZE, 0, NULL);
      regexes[2] = g_regex_new (
        "(['\"`])([^'\"`\\s]*(?:openapi|swagger|api-docs|spec)[^'\"`\\s]*\\.(?:json|ya?ml))\\1",
        G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  return regexes[which];
}

static void
scan_script (Walk       *walk,
             const char *text)
{
  g_autofree char *lower = NULL;
  g_autoptr (GMatchInfo) info = NULL;
  gboolean api_ui;

  if (text == NULL || *text == '\0')
    return;
  lower = g_ascii_strdown (text, -1);
  api_ui = strstr (lower, "swagger") != NULL || strstr (lower, "redoc") != NULL ||
           strstr (lower, "openapi") != NULL || strstr (lower, "rapidoc") != NULL ||
           strstr (lower, "scalar") != NULL || strstr (lower, "stoplight") != NULL;
  if (!api_ui)
    return;

  g_regex_match (script_regex (0), text, 0, &info);
  while (g_match_info_matches (info))
    {
      g_autofree char *url = g_match_info_fetch (info, 2);
      add_url (walk, walk->specs, url);
      g_match_info_next (info, NULL);
    }
  g_clear_pointer (&info, g_match_info_free);

  g_regex_match (script_regex (1), text, 0, &info);
  while (g_match_info_matches (info))
    {
      g_autofree char *key = g_match_info_fetch (info, 1);
      g_autofree char *url = g_match_info_fetch (info, 3);

      if (g_strcmp0 (key, "configUrl") == 0)
        add_url (walk, walk->configs, url);
      else if (!g_str_has_prefix (url, "#"))
        add_url (walk, walk->specs, url);
      g_match_info_next (info, NULL);
    }
  g_clear_pointer (&info, g_match_info_free);

  g_regex_match (script_regex (2), text, 0, &info);
  while (g_match_info_matches (info))
    {
      g_autofree char *url = g_match_info_fetch (info, 2);
      add_url (walk, walk->specs, url);
      g_match_info_next (info, NULL);
    }
}

static const char *
attr (const char **atts,
      const char  *name)
{
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    if (strcmp (atts[i], name) == 0)   /* the tokenizer lower-cases attribute names */
      return atts[i + 1] != NULL ? atts[i + 1] : "";
  return NULL;
}

static gboolean
names_type (const char *type)
{
  return type != NULL && (strstr (type, "json") != NULL || strstr (type, "yaml") != NULL ||
                          strstr (type, "openapi") != NULL);
}

/* Spec viewers as custom elements: <redoc spec-url>, <rapi-doc spec-url>, <elements-api
 * apiDescriptionUrl>, data-*-url attributes. */
static void
scan_spec_attrs (Walk        *walk,
                 const char **atts)
{
  static const char *spec_attrs[] = { "spec-url", "specurl", "apidescriptionurl", "data-spec-url",
                                      "data-openapi-url", NULL };
  gboolean any = FALSE;

  /* Every <div> and <span> comes here: look for the names only if one could match. */
  for (guint i = 0; atts != NULL && atts[i] != NULL && !any; i += 2)
    any = strstr (atts[i], "url") != NULL;
  for (guint i = 0; any && spec_attrs[i] != NULL; i++)
    add_url (walk, walk->specs, attr (atts, spec_attrs[i]));
}

static void
on_start_element (gpointer     user_data,
                  const char  *name,
                  const char **atts)
{
  Walk *walk = user_data;

  /* Most elements of a page are none of these: one test of the first letter sends them on. */
  if (strchr ("alifsb", name[0]) == NULL || name[0] == '\0')
    {
      scan_spec_attrs (walk, atts);
      return;
    }
  if (strcmp (name, "a") == 0 || strcmp (name, "area") == 0)
    {
      const char *href = attr (atts, "href");
      const char *rel = attr (atts, "rel");

      if (href == NULL)
        return;
      if ((rel != NULL && strstr (rel, "service-desc") != NULL) || names_type (attr (atts, "type")))
        add_url (walk, walk->specs, href);
      else
        add_href (walk, href);
    }
  else if (strcmp (name, "link") == 0)
    {
      const char *href = attr (atts, "href");
      const char *rel = attr (atts, "rel");

      if (href == NULL || rel == NULL)
        return;
      if (strstr (rel, "service-desc") != NULL ||
          ((strstr (rel, "alternate") != NULL || strstr (rel, "describedby") != NULL) &&
           (names_type (attr (atts, "type")) || pb_crawl_html_is_spec_path (href))))
        add_url (walk, walk->specs, href);
    }
  else if (strcmp (name, "iframe") == 0 || strcmp (name, "frame") == 0)
    add_href (walk, attr (atts, "src"));
  else if (strcmp (name, "script") == 0)
    {
      const char *data_url = attr (atts, "data-url");

      if (data_url != NULL)   /* Scalar API reference */
        add_url (walk, walk->specs, data_url);
      if (walk->script == NULL)
        walk->script = g_string_new (NULL);
      else
        g_string_truncate (walk->script, 0);
    }
  else if (strcmp (name, "base") == 0)
    {
      g_autofree char *resolved = pb_crawl_html_resolve (walk->base, attr (atts, "href"));
      g_autoptr (GUri) base
        = resolved != NULL ? g_uri_parse (resolved, G_URI_FLAGS_ENCODED, NULL) : NULL;

      if (base != NULL)
        walk_set_base (walk, base);
    }
  else
    scan_spec_attrs (walk, atts);
}

static void
on_end_element (gpointer    user_data,
                const char *name)
{
  Walk *walk = user_data;

  if (walk->script != NULL && strcmp (name, "script") == 0)
    {
      scan_script (walk, walk->script->str);
      g_string_truncate (walk->script, 0);
    }
}

static void
on_raw_text (gpointer    user_data,
             const char *name,
             const char *text,
             gsize       length)
{
  Walk *walk = user_data;

  /* Only script text matters (Redoc.init, SwaggerUIBundle…); cap what one script may hold. */
  if (walk->script != NULL && strcmp (name, "script") == 0)
    g_string_append_len (walk->script, text, MIN (length, 1024 * 1024));
}

void
pb_crawl_html_extract (const char *utf8,
                       gsize       length,
                       const char *uri,
                       GPtrArray  *links,
                       GPtrArray  *specs,
                       GPtrArray  *configs)
{
  pb_crawl_html_extract_cached (utf8, length, uri, 0, NULL, links, specs, configs);
}

void
pb_crawl_html_extract_cached (const char       *utf8,
                              gsize             length,
                              const char       *uri,
                              guint             depth,
                              PbCrawlLinkCache *cache,
                              GPtrArray        *links,
                              GPtrArray        *specs,
                              GPtrArray        *configs)
{
  pb_crawl_html_extract_limited (utf8, length, uri, depth, cache, 0, links, specs, configs);
}

guint
pb_crawl_html_extract_limited (const char       *utf8,
                               gsize             length,
                               const char       *uri,
                               guint             depth,
                               PbCrawlLinkCache *cache,
                               guint             max_links,
                               GPtrArray        *links,
                               GPtrArray        *specs,
                               GPtrArray        *configs)
{
  g_autoptr (GUri) base = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  Walk walk = { 0 };

  if (base == NULL || length > G_MAXINT)
    return 0;
  walk_set_base (&walk, base);
  walk.cache = cache;
  walk.depth = depth;
  walk.max_links = max_links;
  walk.links = links;
  walk.specs = specs;
  walk.configs = configs;
  walk.added = g_hash_table_new (g_str_hash, g_str_equal);
  walk.scratch = g_string_sized_new (256);
  walk.merged = g_string_sized_new (256);

  /* Tags and script text only: text nodes are never decoded or copied (pb-html-scan.c). */
  pb_html_scan (utf8 != NULL ? utf8 : "", length, on_start_element, on_end_element, on_raw_text,
                &walk);

  g_clear_pointer (&walk.base, g_uri_unref);
  g_free (walk.origin);
  g_free (walk.base_path);
  g_free (walk.base_query);
  g_hash_table_unref (walk.added);
  if (walk.script != NULL)
    g_string_free (walk.script, TRUE);
  g_string_free (walk.scratch, TRUE);
  g_string_free (walk.merged, TRUE);
  if (walk.cache_key != NULL)
    g_string_free (walk.cache_key, TRUE);
  return walk.skipped;
}

void
pb_crawl_html_extract_config (const char *data,
                              gsize       length,
                              const char *uri,
                              GPtrArray  *specs)
{
  g_autoptr (GUri) base = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  cJSON *root;
  const cJSON *url, *urls, *item;

  if (base == NULL || data == NULL || specs == NULL)
    return;
  root = cJSON_ParseWithLength (data, length);
  if (root == NULL)
    return;
  url = cJSON_GetObjectItemCaseSensitive (root, "url");
  if (cJSON_IsString (url))
    {
      char *abs = pb_crawl_html_resolve (base, url->valuestring);
      if (abs != NULL)
        g_ptr_array_add (specs, abs);
    }
  urls = cJSON_GetObjectItemCaseSensitive (root, "urls");
  cJSON_ArrayForEach (item, urls)
    {
      const cJSON *u = cJSON_GetObjectItemCaseSensitive (item, "url");
      char *abs = cJSON_IsString (u) ? pb_crawl_html_resolve (base, u->valuestring) : NULL;

      if (abs != NULL)
        g_ptr_array_add (specs, abs);
    }
  cJSON_Delete (root);
}
