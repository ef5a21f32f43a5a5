/* pb-redact.c: URLs and text made safe to show: no credentials in what people or logs see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-redact.h"
#include "pb-validate.h"

#define REDACTED "[redacted]"

/* Appends the parameters in [START, END) ("a=1&token=x"), masking the secret-looking ones. */
static void
append_params (GString    *out,
               const char *start,
               const char *end)
{
  const char *p = start;

  while (p < end)
    {
      const char *stop = p;
      const char *eq;

      while (stop < end && *stop != '&' && *stop != ';')
        stop++;
      eq = memchr (p, '=', stop - p);
      if (eq != NULL)
        {
          g_autofree char *name = g_strndup (p, eq - p);
          g_autofree char *decoded = g_uri_unescape_string (name, NULL);

          g_string_append_len (out, p, eq - p + 1);
          if (pb_validate_param_looks_secret (decoded != NULL ? decoded : name) && eq + 1 < stop)
            g_string_append (out, REDACTED);
          else
            g_string_append_len (out, eq + 1, stop - (eq + 1));
        }
      else
        g_string_append_len (out, p, stop - p);
      if (stop < end)
        g_string_append_c (out, *stop);
      p = stop + 1;
    }
}

char *
pb_redact_url (const char *url)
{
  GString *out;
  const char *scheme_end, *authority, *authority_end, *at, *query, *fragment, *end;

  if (url == NULL)
    return NULL;

  out = g_string_new (NULL);
  end = url + strlen (url);
  scheme_end = strstr (url, "://");
  authority = scheme_end != NULL ? scheme_end + 3 : url;
  g_string_append_len (out, url, authority - url);

  /* userinfo: everything up to the last '@' of the authority. */
  authority_end = authority + strcspn (authority, "/?#");
  at = NULL;
  for (const char *p = authority; p < authority_end; p++)
    if (*p == '@')
      at = p;
  if (scheme_end != NULL && at != NULL)
    authority = at + 1;

  query = strchr (authority, '?');
  fragment = strchr (authority, '#');
  if (query != NULL && fragment != NULL && fragment < query)
    query = NULL;

  g_string_append_len (out, authority,
                       (query ? query : fragment ? fragment : end) - authority);
  if (query != NULL)
    {
      g_string_append_c (out, '?');
      append_params (out, query + 1, fragment ? fragment : end);
    }
  if (fragment != NULL)
    {
      /* "#access_token=…" (implicit grants) is a parameter list too. */
      g_string_append_c (out, '#');
      append_params (out, fragment + 1, end);
    }
  return g_string_free (out, FALSE);
}

static gboolean
redact_match (const GMatchInfo *info,
              GString          *result,
              gpointer          user_data)
{
  g_autofree char *url = g_match_info_fetch (info, 0);
  g_autofree char *safe = pb_redact_url (url);

  g_string_append (result, safe);
  return FALSE;
}

char *
pb_redact_text_urls (const char *text)
{
  static GRegex *regex;

  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>`“”‘’]+",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_replace_eval (regex, text, -1, 0, 0, redact_match, NULL, NULL);
}
