/* pb-crawl-url.c: resolving and normalising the URLs the crawler finds, and what paths name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-crawl-url.h"

/* "scheme://host[:port]" of URI, lower case, without a default port; NULL unless http(s). */
char *
pb_crawl_url_normalized_origin (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);
  g_autofree char *lower_scheme = NULL;
  g_autofree char *lower_host = NULL;
  int port;

  if (scheme == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;
  if (host == NULL || *host == '\0')
    return NULL;
  lower_scheme = g_ascii_strdown (scheme, -1);
  lower_host = g_ascii_strdown (host, -1);
  port = g_uri_get_port (uri);
  if ((port == 80 && strcmp (lower_scheme, "http") == 0)
      || (port == 443 && strcmp (lower_scheme, "https") == 0))
    port = -1;
  return g_uri_join (G_URI_FLAGS_ENCODED, lower_scheme, NULL, lower_host, port, "", NULL, NULL);
}

/* Copies HREF without surrounding white space and without the tabs and newlines that URL
 * parsers drop inside it. NULL if nothing is left or it is only a fragment. */
char *
pb_crawl_url_clean_href (const char *href)
{
  const char *end;
  GString *s;

  if (href == NULL)
    return NULL;
  while (g_ascii_isspace (*href))
    href++;
  if (*href == '\0' || *href == '#')
    return NULL;
  end = href + strlen (href);
  while (end > href && g_ascii_isspace (end[-1]))
    end--;
  if (strpbrk (href, "\r\n\t") == NULL || strpbrk (href, "\r\n\t") >= end)
    return g_strndup (href, end - href);
  s = g_string_sized_new (end - href);
  for (const char *p = href; p < end; p++)
    if (*p != '\r' && *p != '\n' && *p != '\t')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

char *
pb_crawl_html_resolve (GUri       *base,
                       const char *href)
{
  g_autofree char *trimmed = pb_crawl_url_clean_href (href);
  g_autoptr (GUri) uri = NULL;
  g_autofree char *origin = NULL;
  const char *path;

  if (trimmed == NULL)
    return NULL;
  uri = g_uri_parse_relative (
    base, trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_SCHEME_NORMALIZE,
    NULL);
  if (uri == NULL || (origin = pb_crawl_url_normalized_origin (uri)) == NULL)
    return NULL;
  path = g_uri_get_path (uri);
  if (path == NULL || *path == '\0')
    path = "/";
  if (strchr (path, ' ') != NULL)
    return NULL;
  return g_uri_get_query (uri) != NULL
           ? g_strconcat (origin, path, "?", g_uri_get_query (uri), NULL)
           : g_strconcat (origin, path, NULL);
}

/* The extension of PATH's last segment (before any ?query or #fragment), lower-cased into
 * BUF; FALSE when there is none or it is long. */
static gboolean
path_extension (const char *path,
                char        buf[8])
{
  const char *end, *dot = NULL;
  gsize len;

  if (path == NULL)
    return FALSE;
  end = strpbrk (path, "?#");
  if (end == NULL)
    end = path + strlen (path);
  for (const char *p = end; p > path; p--)
    {
      if (p[-1] == '/')
        break;
      if (p[-1] == '.')
        {
          dot = p;
          break;
        }
    }
  if (dot == NULL)
    return FALSE;
  len = end - dot;
  if (len == 0 || len >= 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    buf[i] = g_ascii_tolower (dot[i]);
  buf[len] = '\0';
  return TRUE;
}

gboolean
pb_crawl_html_is_spec_path (const char *path)
{
  char ext[8];

  return path_extension (path, ext) &&
         (strcmp (ext, "json") == 0 || strcmp (ext, "yaml") == 0 || strcmp (ext, "yml") == 0);
}

gboolean
pb_crawl_html_is_asset_path (const char *path)
{
  static const char *asset_exts[] = {
    "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
    "bmp", "avif", "woff", "woff2", "ttf", "otf", "eot", "pdf", "zip", "gz", "tgz",
    "bz2", "xz", "7z", "tar", "rar", "exe", "dmg", "msi", "deb", "rpm", "apk",
    "mp3", "mp4", "m4a", "webm", "ogg", "wav", "avi", "mov", "wasm", "xml", "rss",
    "atom", "csv", "xls", "xlsx", "doc", "docx", "ppt", "pptx", "epub", "jar", NULL
  };
  static GHashTable *set;
  static gsize once = 0;
  char ext[8];

  if (g_once_init_enter (&once))
    {
      set = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; asset_exts[i] != NULL; i++)
        g_hash_table_add (set, (gpointer) asset_exts[i]);
      g_once_init_leave (&once, 1);
    }
  return path_extension (path, ext) && g_hash_table_contains (set, ext);
}

/* RFC 3986 5.2.4 on PATH (which starts with "/"), appended to OUT. */
void
pb_crawl_url_append_without_dots (GString    *out,
                     const char *path,
                     gsize       length)
{
  gsize start = out->len;
  const char *p = path, *end_all = path + length;

  while (p < end_all)
    {
      const char *seg = p + 1;
      const char *end = memchr (seg, '/', end_all - seg);
      gsize len;

      if (end == NULL)
        end = end_all;
      len = end - seg;
      if (len == 1 && seg[0] == '.')
        {
          if (end == end_all)
            g_string_append_c (out, '/');
        }
      else if (len == 2 && seg[0] == '.' && seg[1] == '.')
        {
          while (out->len > start && out->str[out->len - 1] != '/')
            out->len--;
          if (out->len > start)
            out->len--;
          out->str[out->len] = '\0';
          if (end == end_all)
            g_string_append_c (out, '/');
        }
      else
        {
          g_string_append_c (out, '/');
          g_string_append_len (out, seg, len);
        }
      p = end;
    }
  if (out->len == start)
    g_string_append_c (out, '/');
}
