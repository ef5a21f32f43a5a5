/* pb-crawl-html.c: charset decoding and link / spec-reference extraction for the crawler
 *
 * Runs in worker threads: no global state but the compiled regexes (GRegex is thread-safe).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <cjson/cJSON.h>

#include "pb-crawl-html.h"

#define PRESCAN_BYTES 2048

/* WHATWG encoding labels that glibc's iconv spells differently or that browsers widen. */
static const struct { const char *label; const char *iconv_name; } charset_aliases[] = {
  { "iso-8859-1", "WINDOWS-1252" }, { "iso8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
  { "l1", "WINDOWS-1252" }, { "us-ascii", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
  { "cp1252", "WINDOWS-1252" }, { "x-cp1252", "WINDOWS-1252" },
  { "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" }, { "x-sjis", "CP932" },
  { "ms_kanji", "CP932" }, { "windows-31j", "CP932" },
  { "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
  { "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
  { "utf-16", "UTF-16LE" },
};

static gboolean
is_utf8_label (const char *label)
{
  return g_ascii_strcasecmp (label, "utf-8") == 0 || g_ascii_strcasecmp (label, "utf8") == 0 ||
         g_ascii_strcasecmp (label, "unicode-1-1-utf-8") == 0;
}

/* Finds "charset=VALUE" inside the first <meta …> tags of DATA. */
static char *
prescan_meta_charset (const char *data,
                      gsize       length)
{
  gsize n = MIN (length, PRESCAN_BYTES);
  g_autofree char *head = g_ascii_strdown (data, n);

  for (char *meta = strstr (head, "<meta"); meta != NULL; meta = strstr (meta + 5, "<meta"))
    {
      char *end = strchr (meta, '>');
      char *cs;

      if (end == NULL)
        break;
      *end = '\0';
      cs = strstr (meta, "charset");
      if (cs != NULL)
        {
          const char *p = cs + strlen ("charset");
          gsize len = 0;

          while (*p == ' ' || *p == '\t')
            p++;
          if (*p == '=')
            {
              p++;
              while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
                p++;
              while (p[len] != '\0' && (g_ascii_isalnum (p[len]) || strchr ("-_.:", p[len]) != NULL))
                len++;
              if (len > 0 && len < 40)
                return g_strndup (p, len);
            }
        }
      *end = '>';
    }
  return NULL;
}

static const char *
iconv_name_for (const char *label)
{
  for (guint i = 0; i < G_N_ELEMENTS (charset_aliases); i++)
    if (g_ascii_strcasecmp (label, charset_aliases[i].label) == 0)
      return charset_aliases[i].iconv_name;
  return label;
}

/* iconv, but every invalid or truncated sequence becomes U+FFFD instead of an error. */
static GBytes *
convert_lossy (const char *data,
               gsize       length,
               GIConv      cd)
{
  GByteArray *out = g_byte_array_sized_new (length + length / 2 + 16);
  char *in = (char *) data;
  gsize in_left = length;
  char chunk[8192];

  while (TRUE)
    {
      char *o = chunk;
      gsize o_left = sizeof chunk;
      gsize r = g_iconv (cd, in_left > 0 ? &in : NULL, &in_left, &o, &o_left);
      int saved = errno;

      g_byte_array_append (out, (guint8 *) chunk, sizeof chunk - o_left);
      if (r != (gsize) -1)
        {
          if (in_left == 0)
            break;
          continue;
        }
      if (saved == E2BIG)
        continue;
      /* EILSEQ (invalid) or EINVAL (cut at the end): replace one byte and go on. */
      g_byte_array_append (out, (const guint8 *) "\xEF\xBF\xBD", 3);
      in++;
      in_left--;
      if (in_left == 0)
        break;
    }
  return g_byte_array_free_to_bytes (out);
}

GBytes *
pb_crawl_html_to_utf8 (const char  *data,
                       gsize        length,
                       const char  *header_charset,
                       char       **out_charset)
{
  g_autofree char *label = NULL;
  const char *name;
  GIConv cd;
  GBytes *bytes;

  if (data == NULL)
    {
      data = "";
      length = 0;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      label = g_strdup ("UTF-8");
      data += 3;
      length -= 3;
    }
  else if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      label = g_strdup (data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE");
      data += 2;
      length -= 2;
    }
  else if (header_charset != NULL && *header_charset != '\0')
    label = g_strdup (header_charset);
  else
    label = prescan_meta_charset (data, length);

  if (label == NULL)
    label = g_strdup (g_utf8_validate_len (data, length, NULL) ? "UTF-8" : "windows-1252");

  if (out_charset != NULL)
    *out_charset = g_strdup (label);

  if (is_utf8_label (label))
    goto utf8;

  name = iconv_name_for (label);
  cd = g_iconv_open ("UTF-8", name);
  if (cd == (GIConv) -1)
    goto utf8;  /* unknown label: read it as UTF-8, replacing what is not */
  bytes = convert_lossy (data, length, cd);
  g_iconv_close (cd);
  return bytes;

utf8:
  if (g_utf8_validate_len (data, length, NULL))
    return g_bytes_new (data, length);
  {
    char *valid = g_utf8_make_valid (data, length);
    return g_bytes_new_take (valid, strlen (valid));
  }
}

char *
pb_crawl_html_resolve (GUri       *base,
                       const char *href)
{
  g_autofree char *trimmed = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *host = NULL;
  const char *scheme, *path;
  int port;

  if (href == NULL)
    return NULL;
  while (g_ascii_isspace (*href))
    href++;
  if (*href == '\0' || *href == '#')
    return NULL;
  trimmed = g_strdup (href);
  g_strchomp (trimmed);
  if (strpbrk (trimmed, "\r\n\t") != NULL)
    {
      /* URL parsers drop tabs and newlines inside an href. */
      GString *s = g_string_new (NULL);
      for (const char *p = trimmed; *p; p++)
        if (*p != '\r' && *p != '\n' && *p != '\t')
          g_string_append_c (s, *p);
      g_free (trimmed);
      trimmed = g_string_free (s, FALSE);
    }

  uri = g_uri_parse_relative (base, trimmed,
                              G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_SCHEME_NORMALIZE,
                              NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((port == 80 && g_ascii_strcasecmp (scheme, "http") == 0) ||
      (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0))
    port = -1;
  path = g_uri_get_path (uri);
  if (path == NULL || *path == '\0')
    path = "/";
  if (strchr (path, ' ') != NULL)
    return NULL;
  {
    g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
    return g_uri_join (G_URI_FLAGS_ENCODED, lower_scheme, NULL, host, port, path,
                       g_uri_get_query (uri), NULL);
  }
}

static gboolean
path_has_suffix (const char  *path,
                 const char **suffixes)
{
  const char *end;
  gsize len;

  if (path == NULL)
    return FALSE;
  end = strpbrk (path, "?#");
  len = end != NULL ? (gsize) (end - path) : strlen (path);
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      gsize sl = strlen (suffixes[i]);
      if (len >= sl && g_ascii_strncasecmp (path + len - sl, suffixes[i], sl) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
pb_crawl_html_is_spec_path (const char *path)
{
  static const char *spec_suffixes[] = { ".json", ".yaml", ".yml", NULL };

  return path_has_suffix (path, spec_suffixes);
}

gboolean
pb_crawl_html_is_asset_path (const char *path)
{
  static const char *asset_suffixes[] = {
    ".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico",
    ".bmp", ".avif", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".pdf", ".zip", ".gz", ".tgz",
    ".bz2", ".xz", ".7z", ".tar", ".rar", ".exe", ".dmg", ".msi", ".deb", ".rpm", ".apk",
    ".mp3", ".mp4", ".m4a", ".webm", ".ogg", ".wav", ".avi", ".mov", ".wasm", ".xml", ".rss",
    ".atom", ".csv", ".xls", ".xlsx", ".doc", ".docx", ".ppt", ".pptx", ".epub", ".jar", NULL
  };

  return path_has_suffix (path, asset_suffixes);
}

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
  GUri      *base;
  GPtrArray *links;
  GPtrArray *specs;
  GPtrArray *configs;
  GHashTable *done;    /* raw hrefs already handled on this page */
  GHashTable *added;   /* resolved URLs already added (to any array) */
} Walk;

static void
add_url (Walk       *walk,
         GPtrArray  *into,
         const char *href)
{
  char *abs;

  if (into == NULL || href == NULL)
    return;
  abs = pb_crawl_html_resolve (walk->base, href);
  if (abs == NULL)
    return;
  if (!g_hash_table_add (walk->added, abs))
    return;   /* the set owns the string */
  g_ptr_array_add (into, g_strdup (abs));
}

static gboolean
is_spec_like_path (const char *href)
{
  g_autofree char *lower = NULL;
  const char *slash;

  if (pb_crawl_html_is_spec_path (href))
    return TRUE;
  lower = g_ascii_strdown (href, -1);
  {
    char *cut = strpbrk (lower, "?#");
    if (cut != NULL)
      *cut = '\0';
  }
  slash = strrchr (lower, '/');
  slash = slash != NULL ? slash + 1 : lower;
  /* Conventional extension-less spec endpoints (springdoc, express-openapi…). */
  return strcmp (slash, "api-docs") == 0 || strcmp (slash, "openapi") == 0 ||
         strcmp (slash, "swagger") == 0 || g_str_has_suffix (lower, "/v3/api-docs") ||
         g_str_has_suffix (lower, "/v2/api-docs");
}

static void
add_href (Walk       *walk,
          const char *href)
{
  if (href == NULL || !g_hash_table_add (walk->done, g_strdup (href)))
    return;
  if (is_spec_like_path (href))
    add_url (walk, walk->specs, href);
  else
    add_url (walk, walk->links, href);
}

static GRegex *
script_regex (guint which)
{
  static GRegex *regexes[3];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      regexes[0] = g_regex_new ("Redoc\\.init\\(\\s*(['\"`])([^'\"`\\s]+)\\1", G_REGEX_OPTIMIZE, 0, NULL);
      regexes[1] = g_regex_new ("(?<![A-Za-z0-9_$.])['\"]?(url|configUrl|specUrl|spec-url|specURL|apiDescriptionUrl)['\"]?"
                                "\\s*:\\s*(['\"`])([^'\"`\\s]+)\\2", G_REGEX_OPTIMIZE, 0, NULL);
      regexes[2] = g_regex_new ("(['\"`])([^'\"`\\s]*(?:openapi|swagger|api-docs|spec)[^'\"`\\s]*\\.(?:json|ya?ml))\\1",
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

static char *
prop (xmlNode    *node,
      const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static void
visit_element (Walk    *walk,
               xmlNode *node)
{
  const char *name = (const char *) node->name;

  if (strcmp (name, "a") == 0 || strcmp (name, "area") == 0)
    {
      g_autofree char *href = prop (node, "href");
      g_autofree char *rel = prop (node, "rel");
      g_autofree char *type = prop (node, "type");

      if (href == NULL)
        return;
      if ((rel != NULL && strstr (rel, "service-desc") != NULL) ||
          (type != NULL && (strstr (type, "json") != NULL || strstr (type, "yaml") != NULL)))
        add_url (walk, walk->specs, href);
      else
        add_href (walk, href);
    }
  else if (strcmp (name, "link") == 0)
    {
      g_autofree char *href = prop (node, "href");
      g_autofree char *rel = prop (node, "rel");
      g_autofree char *type = prop (node, "type");
      gboolean typed = type != NULL && (strstr (type, "json") != NULL || strstr (type, "yaml") != NULL ||
                                        strstr (type, "openapi") != NULL);

      if (href == NULL || rel == NULL)
        return;
      if (strstr (rel, "service-desc") != NULL ||
          ((strstr (rel, "alternate") != NULL || strstr (rel, "describedby") != NULL) &&
           (typed || pb_crawl_html_is_spec_path (href))))
        add_url (walk, walk->specs, href);
    }
  else if (strcmp (name, "iframe") == 0 || strcmp (name, "frame") == 0)
    {
      g_autofree char *src = prop (node, "src");
      add_href (walk, src);
    }
  else if (strcmp (name, "script") == 0)
    {
      g_autofree char *data_url = prop (node, "data-url");
      xmlChar *text;

      if (data_url != NULL)   /* Scalar API reference */
        add_url (walk, walk->specs, data_url);
      text = xmlNodeGetContent (node);
      scan_script (walk, (const char *) text);
      xmlFree (text);
    }
  else
    {
      static const char *spec_attrs[] = { "spec-url", "specurl", "apidescriptionurl", "data-spec-url",
                                          "data-openapi-url", NULL };
      for (guint i = 0; spec_attrs[i] != NULL; i++)
        {
          g_autofree char *url = prop (node, spec_attrs[i]);
          add_url (walk, walk->specs, url);
        }
    }
}

static void
walk_tree (Walk    *walk,
           xmlNode *root)
{
  xmlNode *node = root;

  /* Iterative pre-order walk: deeply nested pages cannot exhaust the stack. */
  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE && node->name != NULL)
        visit_element (walk, node);

      if (node->children != NULL && node->type == XML_ELEMENT_NODE &&
          g_strcmp0 ((const char *) node->name, "script") != 0)
        {
          node = node->children;
          continue;
        }
      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        break;
      node = node->next;
    }
}

static xmlNode *
find_base (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (strcmp ((const char *) node->name, "base") == 0)
        return node;
      if (strcmp ((const char *) node->name, "body") == 0)
        return NULL;
      found = find_base (node->children);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
pb_crawl_html_extract (const char *utf8,
                       gsize       length,
                       const char *uri,
                       GPtrArray  *links,
                       GPtrArray  *specs,
                       GPtrArray  *configs)
{
  g_autoptr (GUri) base = NULL;
  g_autoptr (GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  htmlDocPtr doc;
  xmlNode *root, *base_el;
  Walk walk;

  base = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (base == NULL || length > G_MAXINT)
    return;
  doc = htmlReadMemory (utf8, (int) length, uri, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return;
  root = xmlDocGetRootElement (doc);

  base_el = root != NULL ? find_base (root) : NULL;
  if (base_el != NULL)
    {
      g_autofree char *href = prop (base_el, "href");
      g_autofree char *resolved = pb_crawl_html_resolve (base, href);

      if (resolved != NULL)
        {
          g_uri_unref (base);
          base = g_uri_parse (resolved, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
        }
    }

  walk = (Walk) { base, links, specs, configs, done, added };
  if (root != NULL && base != NULL)
    walk_tree (&walk, root);
  xmlFreeDoc (doc);
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
