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
