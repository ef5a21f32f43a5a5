/* pb-validate.c: checks for what a user types into connector settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-validate.h"

gboolean
pb_validate_url_has_userinfo (const char *url)
{
  g_autoptr (GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    return g_uri_get_userinfo (uri) != NULL;
  /* Unparsable: be safe and look for an '@' before the path. */
  {
    const char *start = strstr (url, "://");
    start = start != NULL ? start + 3 : url;
    return strcspn (start, "/?#") > strcspn (start, "@");
  }
}

gboolean
pb_validate_url (const char  *url,
                 GError     **error)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    return TRUE;

  {
    g_autoptr (GError) line_error = NULL;

    if (!pb_validate_single_line (_("The address"), url, &line_error))
      {
        g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_URL, line_error->message);
        return FALSE;
      }
  }

  /* Checked first: the other message repeats the URL, and this one must not. */
  if (pb_validate_url_has_userinfo (url))
    {
      g_set_error_literal (
        error, PB_ERROR, PB_ERROR_INVALID_URL,
        _("The address holds a user name or password before the host. Plugboard "
           "keeps credentials only in the keyring: give the URL without "
           "“user:password@” and store the password as the connector’s secret."));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                   _("“%s” is not a web address. Give a full URL starting with https:// "
                     "(or http://) and a host name, for example https://api.example.com."),
                   url);
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_validate_header_name (const char  *name,
                         GError     **error)
{
  if (name == NULL || *name == '\0')
    return TRUE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid HTTP header name: use letters, digits and "
                         "dashes only, for example X-API-Key."),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pb_validate_query_param (const char  *name,
                         GError     **error)
{
  if (name == NULL || *name == '\0')
    return TRUE;

  for (const char *p = name; *p != '\0'; p++)
    {
      /* Space, controls, non-ASCII and the characters that split a query string. */
      if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("&=#?+%", *p) != NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid query parameter name: use letters, digits, "
                         "dashes and underscores, for example api_key."),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Rules naming the value by a label */

gboolean
pb_validate_utf8 (const char  *label,
                  const char  *value,
                  GError     **error)
{
  if (value == NULL || g_utf8_validate (value, -1, NULL))
    return TRUE;
  g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
               _("%s is not valid UTF-8 text: it holds bytes that are not characters. Check "
                 "the terminal’s or file’s encoding and type it again."),
               label);
  return FALSE;
}

static gboolean
is_line_breaking (gunichar c)
{
  /* Cc (C0, DEL, C1: CR, LF, tab, NEL…) and the Unicode line and paragraph separators. */
  return g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029;
}

gboolean
pb_validate_single_line (const char  *label,
                         const char  *value,
                         GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!pb_validate_utf8 (label, value, error))
    return FALSE;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_line_breaking (g_utf8_get_char (p)))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("%s contains a line break, tab or other control character. Give it "
                         "as one line of text."),
                       label);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pb_validate_username (const char  *label,
                      const char  *value,
                      GError     **error)
{
  if (!pb_validate_single_line (label, value, error))
    return FALSE;
  if (value != NULL && strchr (value, ':') != NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s contains “:”, which Basic authentication uses to separate the user name "
                     "from the password. Give the user name without it."),
                   label);
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_validate_credential_header (const char  *label,
                               const char  *name,
                               GError     **error)
{
  /* Headers the HTTP library writes itself, or that change how the message is framed or
   * routed: a credential there would be dropped, duplicated or break the request. */
  static const char * const managed[] = {
    "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade",
    "TE", "Trailer", "Proxy-Connection", "Expect", "Content-Encoding",
  };

  if (name == NULL || *name == '\0')
    return TRUE;
  if (!pb_validate_header_name (name, error))
    {
      g_prefix_error (error, "%s: ", label);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (managed); i++)
    {
      if (g_ascii_strcasecmp (name, managed[i]) == 0)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("%s: the %s header is set by the HTTP connection itself and cannot "
                         "carry a key. Use the header the service documents, such as "
                         "Authorization or X-API-Key."),
                       label, managed[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pb_validate_param_looks_secret (const char *name)
{
  static const char * const exact[] = {
    "key", "sig", "code", "pwd", "pass", "auth", "session", "sessionid", "jwt", "bearer",
  };
  static const char * const inside[] = {
    "token", "secret", "password", "passwd", "signature", "apikey", "api_key", "credential",
    "private", "_key", "_sig", "_auth", "auth_", "_code",
  };
  g_autofree char *lower = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  g_strdelimit (lower, "-.", '_');
  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    if (g_str_equal (lower, exact[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (inside); i++)
    if (strstr (lower, inside[i]) != NULL)
      return TRUE;
  return g_str_has_suffix (lower, "key") || g_str_has_prefix (lower, "x_auth");
}

gboolean
pb_validate_url_no_secret_params (const char  *label,
                                  const char  *url,
                                  GError     **error)
{
  const char *query;
  g_auto (GStrv) pairs = NULL;

  if (url == NULL || (query = strchr (url, '?')) == NULL)
    return TRUE;
  pairs = g_strsplit_set (query + 1, "&;#", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (pairs[i], strcspn (pairs[i], "="));
      g_autofree char *decoded = g_uri_unescape_string (name, NULL);

      if (strchr (pairs[i], '#') != NULL)
        break;
      if (pb_validate_param_looks_secret (decoded != NULL ? decoded : name))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                       _("%s carries “%s=” in its query, which holds a secret and would be "
                         "written to the connectors file. Give the URL without it and store "
                         "the secret in the keyring (the client secret, for example)."),
                       label, decoded != NULL ? decoded : name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pb_validate_secret (const char  *label,
                    const char  *value,
                    GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (*value == '\0')
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s is empty. Nothing was stored."), label);
      return FALSE;
    }
  return pb_validate_single_line (label, value, error);
}

gboolean
pb_validate_connector_property (const char  *property,
                                const char  *label,
                                const char  *value,
                                GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (property != NULL, FALSE);

  if (value == NULL || *value == '\0')
    return TRUE;

  if (g_str_equal (property, "base-url") || g_str_equal (property, "auth-url")
      || g_str_equal (property, "token-url") || g_str_equal (property, "redirect-uri"))
    {
      ok = pb_validate_url (value, error);
      if (!ok)
        g_prefix_error (error, "%s: ", label);
      if (ok && g_str_equal (property, "token-url"))
        ok = pb_validate_url_no_secret_params (label, value, error);
      return ok;
    }
  if (g_str_equal (property, "auth-header"))
    return pb_validate_credential_header (label, value, error);
  if (g_str_equal (property, "auth-query-param"))
    {
      ok = pb_validate_query_param (value, error);
      if (!ok)
        g_prefix_error (error, "%s: ", label);
      return ok;
    }
  if (g_str_equal (property, "username"))
    return pb_validate_username (label, value, error);
  /* auth-prefix, client-id, scopes and anything else go into a header or a form. */
  return pb_validate_single_line (label, value, error);
}

/* Names */

static gboolean
is_invisible_or_bidi (gunichar c)
{
  return (c >= 0x200B && c <= 0x200F)      /* zero-width space/joiners, LRM, RLM */
         || (c >= 0x202A && c <= 0x202E)   /* bidi embeddings and overrides */
         || (c >= 0x2066 && c <= 0x2069)   /* bidi isolates */
         || c == 0x2060 || c == 0xFEFF     /* word joiner, zero-width no-break space */
         || c == 0x061C || c == 0x180E     /* Arabic letter mark, Mongolian vowel separator */
         || (c >= 0x2061 && c <= 0x2064);  /* invisible operators */
}

static char *
trim_unicode_space (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

char *
pb_validate_normalize_name (const char  *name,
                            GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                           _("The name is not valid UTF-8 text: it holds bytes that are not "
                             "characters. Check the terminal’s encoding and type it again."));
      return NULL;
    }

  normalized = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  trimmed = trim_unicode_space (normalized);
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                           _("A connector needs a name. Enter one, for example “HubSpot API”."));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > PB_VALIDATE_NAME_MAX_CHARS)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                   ngettext ("A name can be at most %d character long. Choose a shorter one.",
                             "A name can be at most %d characters long. Choose a shorter one.",
                             PB_VALIDATE_NAME_MAX_CHARS),
                   PB_VALIDATE_NAME_MAX_CHARS);
      return NULL;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_breaking (c))
        {
          g_set_error_literal (
            error, PB_ERROR, PB_ERROR_INVALID_NAME,
            _("A connector name must be one line of text, without tabs or line breaks."));
          return NULL;
        }
      if (is_invisible_or_bidi (c))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                       _("The name contains an invisible or text-direction character "
                         "(U+%04X), which would make it look like another name. Type it "
                         "again without it."),
                       c);
          return NULL;
        }
    }
  return g_steal_pointer (&trimmed);
}

char *
pb_validate_name_key (const char *name)
{
  g_autofree char *normalized = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  normalized = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  trimmed = trim_unicode_space (normalized);
  folded = g_utf8_casefold (trimmed, -1);
  /* Folding can undo the composition ("ǰ"): compose again. */
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}
