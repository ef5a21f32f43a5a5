/* pb-utterance-urls.c: the understanding step's URLs, bare hosts and pasted requests (curl,
 * HTTPie, fetch, raw HTTP): base URLs, templated fields, keys in headers or in the query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pb-http-sample.h"
#include "pb-utterance-private.h"

/* ---- URLs ---- */

/* "YOUR_KEY", "<token>", "$TOKEN", "API_KEY": a stand-in for a credential, not one. */
gboolean
pb_utt_is_placeholder (const char *value)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);
  static const char *const marks[] = { "<", ">", "{", "}", "$", "your", "xxx", "...", "…", "***",
                                       "_key", "_token", "here", "example", "redacted", NULL };
  gboolean upper = TRUE;

  for (guint i = 0; marks[i] != NULL; i++)
    if (strstr (lower, marks[i]) != NULL)
      return TRUE;
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_islower (*p) || g_ascii_isdigit (*p))
      upper = FALSE;
  return upper && strlen (value) >= 3 && strchr (value, '_') != NULL;
}

/* A query value in a pasted URL is read more strictly: "?api_key=key" or "?token=abc" show the
 * parameter, not a credential, so short values and the credential's own name count too. */
static gboolean
query_value_is_placeholder (const char *value)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);

  return pb_utt_is_placeholder (value) || strlen (value) < 8
         || strstr (lower, "token") != NULL || strstr (lower, "key") != NULL
         || strstr (lower, "secret") != NULL;
}

/* The scheme words that come before a key: "Bearer", "Token", "Basic", "Bot"… */
gboolean
pb_utt_is_scheme_word (const char *word)
{
  static const char *const schemes[] = { "bearer", "token", "basic", "bot", "key", "apikey",
                                         "api-key", "ssws", "digest", "jwt", NULL };
  g_autofree char *lower = g_ascii_strdown (word, -1);

  return g_strv_contains (schemes, lower);
}

static gboolean
is_versionish (const char *segment)
{
  return g_regex_match_simple ("^(v[0-9]+([._][0-9]+)*|api|rest|[0-9]{4}-[0-9]{2}-[0-9]{2}|"
                               "[0-9]{1,2}|[0-9]+(\\.[0-9]+)+)$",
                               segment, G_REGEX_CASELESS, 0);
}

/* For a request URL: the origin plus the leading path that names an API or a version. */
static char *
base_of_request (GUri *uri)
{
  g_auto (GStrv) parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  GString *base = g_string_new (NULL);

  g_string_append_printf (base, "%s://%s", g_uri_get_scheme (uri), g_uri_get_host (uri));
  if (g_uri_get_port (uri) > 0)
    g_string_append_printf (base, ":%d", g_uri_get_port (uri));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!is_versionish (parts[i]))
        break;
      g_string_append_printf (base, "/%s", parts[i]);
    }
  return g_string_free (base, FALSE);
}

/* For a URL the user names as the base: as written, without query, fragment or final slash. */
static char *
base_as_written (GUri *uri)
{
  g_autofree char *s = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                   g_uri_get_host (uri), g_uri_get_port (uri),
                                   g_uri_get_path (uri), NULL, NULL);
  gsize len = strlen (s);

  while (len > 0 && s[len - 1] == '/')
    s[--len] = '\0';
  return g_steal_pointer (&s);
}

gboolean
pb_utt_key_like_param (const char *name)
{
  return g_regex_match_simple ("key|token|auth|secret|sig|access|password|apikey", name,
                               G_REGEX_CASELESS, 0);
}

/* A key in the URL's query: "?api_key=YOUR_KEY" tells the placement and the parameter. */
static void
read_query_key (Reader     *r,
                GUri       *uri,
                const char *evidence)
{
  const char *query = g_uri_get_query (uri);
  g_auto (GStrv) pairs = query ? g_strsplit (query, "&", -1) : NULL;

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (pairs[i], "=", 2);

      if (kv[0] == NULL || !pb_utt_key_like_param (kv[0]))
        continue;
      if (kv[1] != NULL && !query_value_is_placeholder (kv[1]))
        r->out->kept_secret_out = TRUE;
      pb_utt_add_placement (r, "query", evidence, TRUE);
      pb_utt_add (r, pb_utt_role_field (r, "auth-query-param"), kv[0], evidence);
      return;
    }
}

/* Fields the definition reads from its base URL: {subdomain}.example.com, or a region map. */
static gboolean
read_templated_url (Reader     *r,
                    GUri       *uri,
                    const char *evidence)
{
  const char *map_field = NULL;
  GHashTable *map = NULL;
  const char *template = pb_definition_get_base_url_template (r->definition, &map_field, &map);
  g_autofree char *origin = g_strdup_printf ("%s://%s", g_uri_get_scheme (uri),
                                             g_uri_get_host (uri));
  g_autofree char *full = g_uri_to_string (uri);
  gboolean found = FALSE;

  if (map != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (value, origin)
            && (((char *) value)[strlen (origin)] == '\0'
                || ((char *) value)[strlen (origin)] == '/'))
          {
            pb_utt_add (r, pb_definition_find_field (r->definition, map_field), key, evidence);
            found = TRUE;
          }
    }
  if (template != NULL && strchr (template, '{') != NULL
      && !(template[0] == '{' && strchr (template, '}')[1] == '\0'))
    {
      GString *pattern = g_string_new ("^");
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GRegex) re = NULL;
      g_autoptr (GMatchInfo) info = NULL;

      for (const char *p = template; *p != '\0'; p++)
        {
          const char *end = *p == '{' ? strchr (p, '}') : NULL;
          if (end != NULL)
            {
              g_ptr_array_add (names, g_strndup (p + 1, end - p - 1));
              g_string_append (pattern, "([A-Za-z0-9-]+)");
              p = end;
            }
          else
            {
              char c[2] = { *p, '\0' };
              g_autofree char *escaped = g_regex_escape_string (c, 1);
              g_string_append (pattern, escaped);
            }
        }
      g_string_append (pattern, "(?:[/?#]|$)");
      re = g_regex_new (pattern->str, G_REGEX_CASELESS, 0, NULL);
      g_string_free (pattern, TRUE);
      if (re != NULL && g_regex_match (re, full, 0, &info))
        for (guint i = 0; i < names->len; i++)
          {
            g_autofree char *v = g_match_info_fetch (info, i + 1);
            g_autofree char *lower = g_ascii_strdown (v, -1);
            pb_utt_add (r, pb_definition_find_field (r->definition, names->pdata[i]), lower,
                        evidence);
            found = TRUE;
          }
    }
  return found;
}

/* Which URL field a URL fills: said before it, or told by its path, or the only one left. */
static const PbField *
url_target (Reader     *r,
            const char *url,
            int         start)
{
  g_autofree char *before = g_ascii_strdown (r->text + MAX (0, start - 40), MIN (start, 40));
  g_autofree char *lower_url = g_ascii_strdown (url, -1);
  g_autoptr (GPtrArray) open = g_ptr_array_new ();
  GPtrArray *fields = pb_setup_model_get_active_fields (r->model);
  const PbField *token = pb_utt_role_field (r, "token-url");
  const PbField *auth = pb_utt_role_field (r, "auth-url");
  const PbField *base = pb_utt_role_field (r, "base-url");
  g_autoptr (GPtrArray) uri_fields = g_ptr_array_new ();
  const char *last_mention = NULL;
  const PbField *mentioned = NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *f = fields->pdata[i];
      if (g_strcmp0 (f->format, "uri") == 0 && !f->secret)
        g_ptr_array_add (uri_fields, (gpointer) f);
    }
  g_ptr_array_unref (fields);
  if (uri_fields->len == 0)
    return NULL;

  /* the nearest field word before the URL decides */
  if (token != NULL)
    {
      const char *m = g_strrstr (before, "token");
      if (m != NULL && m > last_mention)
        last_mention = m, mentioned = token;
    }
  if (auth != NULL)
    {
      const char *m = g_strrstr (before, "authoriz");
      const char *m2 = g_strrstr (before, "sign");
      if (m2 > m)
        m = m2;
      if (m != NULL && m > last_mention)
        last_mention = m, mentioned = auth;
    }
  if (base != NULL)
    {
      const char *m = g_strrstr (before, "base");
      const char *m2 = g_strrstr (before, "api");
      const char *m3 = g_strrstr (before, "server");
      if (m2 > m)
        m = m2;
      if (m3 > m)
        m = m3;
      if (m != NULL && m > last_mention)
        last_mention = m, mentioned = base;
    }
  if (mentioned != NULL)
    return mentioned;
  if (token != NULL && (strstr (lower_url, "/token") != NULL))
    return token;
  if (auth != NULL && (strstr (lower_url, "/authorize") != NULL || strstr (lower_url, "/auth?")))
    return auth;
  if (uri_fields->len == 1)
    return uri_fields->pdata[0];

  for (guint i = 0; i < uri_fields->len; i++)
    if (!pb_setup_model_is_value_set (r->model, ((PbField *) uri_fields->pdata[i])->name))
      g_ptr_array_add (open, uri_fields->pdata[i]);
  if (open->len == 1)
    return open->pdata[0];
  if (r->out->question == NULL)
    {
      GPtrArray *pick = open->len > 0 ? open : uri_fields;
      GString *q = g_string_new (NULL);

      for (guint i = 0; i < pick->len; i++)
        {
          const PbField *f = pick->pdata[i];
          if (i > 0)
            g_string_append (q, i + 1 == pick->len ? _(" or ") : ", ");
          g_string_append_printf (q, _("the %s"), f->title);
        }
      /* Translators: "Is https://… the Base URL or the Token URL?" */
      r->out->question = g_strdup_printf (_("Is %s %s?"), url, q->str);
      g_string_free (q, TRUE);
    }
  return NULL;
}

static void
read_url (Reader     *r,
          const char *raw,
          int         start,
          gboolean    request)
{
  g_autofree char *url = pb_utt_clean_value (raw);
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  const PbField *target;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return;
  read_query_key (r, uri, url);
  if (read_templated_url (r, uri, url) && pb_utt_role_field (r, "base-url") == NULL)
    return;
  target = url_target (r, url, start);
  if (target == NULL)
    return;
  if (g_strcmp0 (target->maps_to, "base-url") == 0)
    {
      g_autofree char *base = request ? base_of_request (uri) : base_as_written (uri);
      pb_utt_add (r, target, base, url);
    }
  else
    pb_utt_add (r, target, url, url);
}

gboolean
pb_utt_url_cb (Reader     *r,
        GMatchInfo *info)
{
  g_autofree char *url = g_match_info_fetch (info, 0);
  int start;

  g_match_info_fetch_pos (info, 0, &start, NULL);
  read_url (r, url, start, FALSE);
  return TRUE;
}

gboolean
pb_utt_host_cb (Reader     *r,
         GMatchInfo *info)
{
  g_autofree char *host = g_match_info_fetch (info, 0);
  g_autofree char *tld = g_match_info_fetch (info, 2);
  g_autofree char *url = NULL;
  int start;

  /* "openapi.json", "README.md": files, not hosts */
  if (g_regex_match_simple ("^(json|ya?ml|txt|html?|md|js|ts|py|sh|xml|csv|pdf|png|io\\.js)$",
                            tld, G_REGEX_CASELESS, 0))
    return FALSE;
  g_match_info_fetch_pos (info, 0, &start, NULL);
  url = g_strconcat ("https://", host, NULL);
  read_url (r, url, start, FALSE);
  return TRUE;
}

/* ---- pasted requests ---- */

static const char *const plain_headers[] = {
  "accept", "accept-encoding", "accept-language", "cache-control", "connection", "content-length",
  "content-type", "host", "origin", "referer", "user-agent", "x-request-id", "idempotency-key",
  NULL
};

void
pb_utt_read_sample_header (Reader     *r,
                    const char *line,
                    const char *evidence)
{
  const char *colon = strchr (line, ':');
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *value = NULL;
  g_auto (GStrv) words = NULL;
  guint n;

  if (colon == NULL || colon == line)
    return;
  name = g_strstrip (g_strndup (line, colon - line));
  lower = g_ascii_strdown (name, -1);
  if (g_strv_contains (plain_headers, lower))
    return;
  value = g_strstrip (g_strdup (colon + 1));
  words = g_strsplit_set (value, " \t", -1);
  n = g_strv_length (words);
  if (!g_str_equal (lower, "authorization") && !pb_utt_key_like_param (lower)
      && (n == 0 || !pb_utt_is_placeholder (words[n - 1])))
    return;
  if (n > 0 && !pb_utt_is_placeholder (words[n - 1]) && !pb_utt_is_scheme_word (words[n - 1])
      && strlen (words[n - 1]) >= 8)
    r->out->kept_secret_out = TRUE;
  pb_utt_add_placement (r, "header", evidence, TRUE);
  pb_utt_add (r, pb_utt_role_field (r, "auth-header"), name, evidence);
  if ((n >= 2 && !pb_utt_is_placeholder (words[0])
       && g_regex_match_simple ("^[A-Za-z][A-Za-z0-9_-]*$", words[0], 0, 0))
      || (n == 1 && pb_utt_is_scheme_word (words[0])))
    pb_utt_add (r, pb_utt_role_field (r, "auth-prefix"), words[0], evidence);
  else
    pb_utt_add (r, pb_utt_role_field (r, "auth-prefix"), "", evidence);
}

void
pb_utt_read_samples (Reader *r)
{
  g_autoptr (GPtrArray) samples = pb_http_samples_read (r->text);
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < samples->len; i++)
    {
      PbHttpSample *s = samples->pdata[i];
      g_autoptr (GUri) uri = g_uri_parse (s->url, G_URI_FLAGS_ENCODED, NULL);
      g_autofree char *evidence = NULL;
      const char *end;
      int start = s->offset;

      if (uri == NULL || g_uri_get_host (uri) == NULL)
        continue;
      /* the request runs to the end of its line (or of its continued lines) */
      for (end = r->text + start; *end != '\0'; end++)
        if (*end == '\n' && (end == r->text || end[-1] != '\\'))
          break;
      /* a raw request runs on over its header lines */
      if (g_regex_match_simple ("^\\s*[A-Z]+\\s+\\S+\\s+HTTP/", r->text + start, 0, 0))
        end = r->text + strlen (r->text);
      evidence = g_strndup (r->text + start, MIN (end - (r->text + start), 120));
      read_query_key (r, uri, evidence);
      if (!read_templated_url (r, uri, evidence) || pb_utt_role_field (r, "base-url") != NULL)
        {
          const PbField *base = pb_utt_role_field (r, "base-url");
          if (base != NULL)
            {
              g_autofree char *b = base_of_request (uri);
              pb_utt_add (r, base, b, evidence);
            }
        }
      for (guint h = 0; h < s->headers->len; h++)
        pb_utt_read_sample_header (r, s->headers->pdata[h], evidence);
      g_array_append_val (ends, start);
      {
        int e = end - r->text;
        g_array_append_val (ends, e);
      }
    }
  for (guint i = 0; i + 1 < ends->len; i += 2)
    pb_utt_consume (r, g_array_index (ends, int, i), g_array_index (ends, int, i + 1));
}

