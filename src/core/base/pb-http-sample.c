/* pb-http-sample.c: requests written as text (curl, fetch and friends, raw HTTP), for the docs
 * extractor and the setup assistant alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-http-sample.h"

/* Splits a shell command line into words: quotes, backslash escapes, line continuations. */
static GPtrArray *
shell_words (const char *cmd)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = NULL;
  const char *p = cmd;

  while (*p != '\0')
    {
      if (*p == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')))
        {
          p += p[1] == '\n' ? 2 : 3;
          continue;
        }
      if (*p == '\n' || *p == ';' || *p == '|' || (*p == '&' && p[1] == '&'))
        break;   /* end of the command */
      if (g_ascii_isspace (*p))
        {
          if (word != NULL)
            g_ptr_array_add (words, g_string_free (g_steal_pointer (&word), FALSE));
          p++;
          continue;
        }
      if (word == NULL)
        word = g_string_new (NULL);
      if (*p == '\'')
        {
          const char *end = strchr (p + 1, '\'');
          if (end == NULL)
            end = p + strlen (p);
          g_string_append_len (word, p + 1, end - p - 1);
          p = *end != '\0' ? end + 1 : end;
        }
      else if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0' && strchr ("\"\\$`", p[1]) != NULL)
                p++;
              g_string_append_c (word, *p);
            }
          if (*p == '"')
            p++;
        }
      else if (*p == '\\' && p[1] != '\0')
        {
          g_string_append_c (word, p[1]);
          p += 2;
        }
      else
        g_string_append_c (word, *p++);
    }
  if (word != NULL)
    g_ptr_array_add (words, g_string_free (word, FALSE));
  return words;
}

static gboolean
is_http_url (const char *s)
{
  return s != NULL && (g_str_has_prefix (s, "https://") || g_str_has_prefix (s, "http://"));
}

static PbHttpSample *
sample_new (const char *method,
            const char *url,
            gsize       offset)
{
  PbHttpSample *s = g_new0 (PbHttpSample, 1);

  s->method = g_ascii_strup (method, -1);
  s->url = g_strdup (url);
  s->headers = g_ptr_array_new_with_free_func (g_free);
  s->offset = offset;
  return s;
}

void
pb_http_sample_free (PbHttpSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->method);
  g_free (sample->url);
  g_ptr_array_unref (sample->headers);
  g_free (sample);
}

static PbHttpSample *
parse_curl (const char *command,
            gsize       offset)
{
  g_autoptr (GPtrArray) words = shell_words (command);
  const char *method = NULL, *url = NULL;
  gboolean data = FALSE, get = FALSE, user = FALSE;
  g_autoptr (GPtrArray) headers = g_ptr_array_new ();
  PbHttpSample *s;

  for (guint i = 1; i < words->len; i++)
    {
      const char *w = words->pdata[i];
      const char *next = i + 1 < words->len ? words->pdata[i + 1] : NULL;

      if ((strcmp (w, "-X") == 0 || strcmp (w, "--request") == 0) && next != NULL)
        method = words->pdata[++i];
      else if (g_str_has_prefix (w, "-X") && w[2] != '\0')
        method = w + 2;
      else if ((strcmp (w, "-H") == 0 || strcmp (w, "--header") == 0) && next != NULL)
        g_ptr_array_add (headers, words->pdata[++i]);
      else if ((strcmp (w, "-u") == 0 || strcmp (w, "--user") == 0) && next != NULL)
        {
          user = TRUE;
          i++;
        }
      else if (g_str_has_prefix (w, "-d") || g_str_has_prefix (w, "--data") || strcmp (w, "-F") == 0
               || strcmp (w, "--form") == 0 || strcmp (w, "--json") == 0)
        {
          data = TRUE;
          if (strchr ("dF", w[1]) != NULL && w[2] == '\0' && next != NULL)
            i++;
          else if (g_str_has_prefix (w, "--") && next != NULL && strchr (w, '=') == NULL)
            i++;
        }
      else if (strcmp (w, "-G") == 0 || strcmp (w, "--get") == 0)
        get = TRUE;
      else if (strcmp (w, "--url") == 0 && next != NULL)
        url = words->pdata[++i];
      else if (url == NULL && is_http_url (w))
        url = w;
    }
  if (url == NULL)
    return NULL;
  if (method == NULL)
    method = data && !get ? "POST" : "GET";
  s = sample_new (method, url, offset);
  for (guint i = 0; i < headers->len; i++)
    g_ptr_array_add (s->headers, g_strdup (headers->pdata[i]));
  s->basic_user = user;
  return s;
}

/* HTTPie: `http [METHOD] URL Name:value name==value`; `https` defaults to https://. */
static PbHttpSample *
parse_httpie (const char *command,
              gsize       offset)
{
  static const char *methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", NULL };
  g_autoptr (GPtrArray) words = shell_words (command);
  g_autoptr (GString) url = NULL;
  const char *method = NULL;
  gboolean secure = g_str_equal (words->pdata[0], "https");
  GString *query = g_string_new (NULL);
  PbHttpSample *s;
  guint i = 1;

  while (i < words->len && ((const char *) words->pdata[i])[0] == '-')
    {
      const char *w = words->pdata[i++];
      /* -a user:pass is Basic authentication; other options with a value are skipped */
      if ((g_str_equal (w, "-a") || g_str_equal (w, "--auth")) && i < words->len)
        i++;
    }
  if (i < words->len && g_strv_contains (methods, words->pdata[i]))
    method = words->pdata[i++];
  if (i >= words->len)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  if (is_http_url (words->pdata[i]))
    url = g_string_new (words->pdata[i]);
  else if (strchr (words->pdata[i], '.') != NULL && !g_ascii_isspace (*(char *) words->pdata[i]))
    url = g_string_new (secure ? "https://" : "http://"), g_string_append (url, words->pdata[i]);
  else
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  s = sample_new (method != NULL ? method : "GET", url->str, offset);
  for (i++; i < words->len; i++)
    {
      const char *w = words->pdata[i];
      const char *eq = strstr (w, "==");
      const char *colon = strchr (w, ':');

      if (eq != NULL && (colon == NULL || eq < colon))
        g_string_append_printf (query, "%s%.*s=%s", query->len > 0 ? "&" : "", (int) (eq - w), w,
                                eq + 2);
      else if (colon != NULL && colon != w)
        g_ptr_array_add (s->headers, g_strdup (w));
      else if (g_str_equal (w, "-a") || g_str_equal (w, "--auth"))
        s->basic_user = TRUE;
    }
  for (i = 1; i < words->len; i++)
    if (g_str_equal (words->pdata[i], "-a") || g_str_equal (words->pdata[i], "--auth"))
      s->basic_user = TRUE;
  if (query->len > 0)
    {
      char *joined = g_strconcat (s->url, strchr (s->url, '?') ? "&" : "?", query->str, NULL);
      g_free (s->url);
      s->url = joined;
    }
  g_string_free (query, TRUE);
  return s;
}

static GRegex *
regex (guint which)
{
  static GRegex *all[5];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* fetch("…"), axios.get("…"), requests.get("…"), http.get("…"), got("…") */
      all[0] = g_regex_new (
        "\\b(?:fetch|axios(?:\\.(get|post|put|patch|delete))?|"
        "requests\\.(get|post|put|patch|delete)|"
        "https?\\.(get|request)|got(?:\\.(get|post))?)\\(\\s*[\\x27\"`](https?://[^\\x27\"`\\s]+)",
        G_REGEX_OPTIMIZE, 0, NULL);
      /* "Header-Name": "value" in a code sample */
      all[1] = g_regex_new (
        "[\\x27\"]?((?:Authorization|X-[A-Za-z0-9-]+|[A-Za-z0-9]+-(?:Key|Token|Api-Key)))"
        "[\\x27\"]?\\s*[:=]\\s*"
        "[\\x27\"`]([^\\x27\"`\\n]*)[\\x27\"`]",
        G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      /* method: 'POST' */
      all[2] = g_regex_new ("\\bmethod\\s*[:=]\\s*[\\x27\"](GET|POST|PUT|PATCH|DELETE)[\\x27\"]",
                            G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      /* GET /v1/things HTTP/1.1 … Host: api.example.com */
      all[3] = g_regex_new ("^\\s*(GET|POST|PUT|PATCH|DELETE)\\s+(/\\S*)\\s+HTTP/[0-9.]+\\s*$",
                            G_REGEX_OPTIMIZE | G_REGEX_MULTILINE, 0, NULL);
      all[4] = g_regex_new ("^\\s*Host:\\s*(\\S+)\\s*$",
                            G_REGEX_OPTIMIZE | G_REGEX_MULTILINE | G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  return all[which];
}

static void
add_code_headers (PbHttpSample *s,
                  const char   *code)
{
  g_autoptr (GMatchInfo) info = NULL;

  g_regex_match (regex (1), code, 0, &info);
  while (g_match_info_matches (info))
    {
      g_autofree char *name = g_match_info_fetch (info, 1);
      g_autofree char *value = g_match_info_fetch (info, 2);

      g_ptr_array_add (s->headers, g_strdup_printf ("%s: %s", name, value));
      g_match_info_next (info, NULL);
    }
}

GPtrArray *
pb_http_samples_read (const char *code)
{
  g_autoptr (GMatchInfo) info = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_http_sample_free);

  /* curl, possibly after a "$ " prompt */
  for (const char *p = code; (p = strstr (p, "curl")) != NULL; p += 4)
    {
      PbHttpSample *s;

      if ((p != code && !g_ascii_isspace (p[-1]) && p[-1] != '$' && p[-1] != '(') ||
          !(g_ascii_isspace (p[4])))
        continue;
      s = parse_curl (p, p - code);
      if (s != NULL)
        g_ptr_array_add (out, s);
    }

  /* HTTPie, at the start of a line or after a "$ " prompt */
  for (const char *p = code; *p != '\0'; p++)
    {
      gboolean line_start
        = p == code || p[-1] == '\n' || (p[-1] == ' ' && p - 1 > code && p[-2] == '$');
      gsize len;
      PbHttpSample *s;

      /* The prefix test only where a command can start: a code block is read once per byte. */
      if (!line_start || *p != 'h')
        continue;
      len = g_str_has_prefix (p, "https ") ? 6 : g_str_has_prefix (p, "http ") ? 5 : 0;
      if (len == 0)
        continue;
      s = parse_httpie (p, p - code);
      if (s != NULL)
        g_ptr_array_add (out, s);
    }

  g_regex_match (regex (0), code, 0, &info);
  while (g_match_info_matches (info))
    {
      g_autofree char *m1 = g_match_info_fetch (info, 1);
      g_autofree char *m2 = g_match_info_fetch (info, 2);
      g_autofree char *m4 = g_match_info_fetch (info, 4);
      g_autofree char *url = g_match_info_fetch (info, 5);
      const char *method = *m1 ? m1 : *m2 ? m2 : *m4 ? m4 : "GET";
      g_autoptr (GMatchInfo) minfo = NULL;
      PbHttpSample *s;

      if (g_regex_match (regex (2), code, 0, &minfo))
        {
          g_autofree char *explicit_method = g_match_info_fetch (minfo, 1);
          s = sample_new (explicit_method, url, 0);
        }
      else
        s = sample_new (method, url, 0);
      add_code_headers (s, code);
      g_ptr_array_add (out, s);
      g_match_info_next (info, NULL);
    }
  g_clear_pointer (&info, g_match_info_free);

  if (g_regex_match (regex (3), code, 0, &info))
    {
      g_autoptr (GMatchInfo) hinfo = NULL;

      if (g_regex_match (regex (4), code, 0, &hinfo))
        {
          g_autofree char *method = g_match_info_fetch (info, 1);
          g_autofree char *path = g_match_info_fetch (info, 2);
          g_autofree char *host = g_match_info_fetch (hinfo, 1);
          g_autofree char *url = g_strdup_printf ("https://%s%s", host, path);
          PbHttpSample *s = sample_new (method, url, 0);
          g_auto (GStrv) lines = g_strsplit (code, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              char *colon = strchr (lines[i], ':');
              if (colon != NULL && colon != lines[i] && !strchr (lines[i], ' ')
                  && g_ascii_strncasecmp (lines[i], "Host:", 5) != 0)
                g_ptr_array_add (s->headers, g_strstrip (g_strdup (lines[i])));
              else if (colon != NULL
                       && g_ascii_strncasecmp (g_strstrip (lines[i]), "Authorization:", 14) == 0)
                g_ptr_array_add (s->headers, g_strdup (lines[i]));
            }
          g_ptr_array_add (out, s);
        }
    }
  return out;
}

