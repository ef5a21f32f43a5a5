/* pb-broker-rules.c: what the broker lets through, as plain functions (no I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-broker-rules.h"

#define PATH_PREFIX "/connectors/"
#define MAX_DECODE_ROUNDS 3

G_DEFINE_QUARK (pb-broker-error-quark, pb_broker_error)

guint
pb_broker_error_status (PbBrokerError code)
{
  switch (code)
    {
    case PB_BROKER_ERROR_UNAUTHORIZED:
      return SOUP_STATUS_UNAUTHORIZED;
    case PB_BROKER_ERROR_FORBIDDEN:
      return SOUP_STATUS_FORBIDDEN;
    case PB_BROKER_ERROR_BAD_REQUEST:
      return SOUP_STATUS_BAD_REQUEST;
    case PB_BROKER_ERROR_NOT_FOUND:
      return SOUP_STATUS_NOT_FOUND;
    case PB_BROKER_ERROR_TOO_LARGE:
      return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    case PB_BROKER_ERROR_TOO_MANY:
      return 429;   /* Too Many Requests (RFC 6585; not in libsoup 3.2) */
    case PB_BROKER_ERROR_NOT_READY:
      return SOUP_STATUS_SERVICE_UNAVAILABLE;
    case PB_BROKER_ERROR_TIMEOUT:
      return SOUP_STATUS_GATEWAY_TIMEOUT;
    case PB_BROKER_ERROR_UPSTREAM:
    default:
      return SOUP_STATUS_BAD_GATEWAY;
    }
}

const char *
pb_broker_error_nick (PbBrokerError code)
{
  switch (code)
    {
    case PB_BROKER_ERROR_UNAUTHORIZED:
      return "unauthorized";
    case PB_BROKER_ERROR_FORBIDDEN:
      return "forbidden";
    case PB_BROKER_ERROR_BAD_REQUEST:
      return "bad-request";
    case PB_BROKER_ERROR_NOT_FOUND:
      return "not-found";
    case PB_BROKER_ERROR_TOO_LARGE:
      return "too-large";
    case PB_BROKER_ERROR_TOO_MANY:
      return "too-many-requests";
    case PB_BROKER_ERROR_NOT_READY:
      return "not-ready";
    case PB_BROKER_ERROR_TIMEOUT:
      return "timeout";
    case PB_BROKER_ERROR_UPSTREAM:
    default:
      return "upstream";
    }
}

static gboolean
has_control (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s < 0x20 || (guchar) *s == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
bad_request (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, PB_BROKER_ERROR, PB_BROKER_ERROR_BAD_REQUEST, message);
  return FALSE;
}

/* One decoding level of a path: dot or empty segments, backslashes, control characters,
 * and a first segment that looks like a scheme or carries userinfo. */
static gboolean
check_path_level (const char  *path,
                  GError     **error)
{
  g_auto (GStrv) segments = NULL;

  if (has_control (path))
    return bad_request (error, _("The path holds a control character (such as a line break)."));
  if (strchr (path, '\\') != NULL)
    return bad_request (error, _("The path holds a backslash."));

  segments = g_strsplit (path, "/", -1);
  /* segments[0] is the empty string before the leading slash. */
  for (guint i = 1; segments[i] != NULL; i++)
    {
      const char *s = segments[i];

      if (strcmp (s, "..") == 0 || strcmp (s, ".") == 0)
        return bad_request (error, _("The path holds a “..” or “.” segment: it must stay "
                                     "below the connector’s base URL."));
      if (*s == '\0' && segments[i + 1] != NULL)
        return bad_request (error, _("The path holds an empty segment (“//”): it must stay "
                                     "below the connector’s base URL."));
      if (i == 1 && (strchr (s, ':') != NULL || strchr (s, '@') != NULL))
        return bad_request (error, _("The path starts like an address (“host:port”, "
                                     "“scheme:” or “user@”): give a path below the "
                                     "connector’s base URL."));
    }
  return TRUE;
}

gboolean
pb_broker_check_path (const char  *raw_path,
                      GError     **error)
{
  g_autofree char *current = NULL;

  if (raw_path == NULL || *raw_path == '\0')
    return TRUE;
  if (*raw_path != '/')
    return bad_request (error, _("The path must start with “/”."));

  current = g_strdup (raw_path);
  /* Encoded once or twice ("%2e%2e", "%252e%252e") must not hide a dot segment from an
   * upstream that decodes again. */
  for (guint round = 0; round < MAX_DECODE_ROUNDS; round++)
    {
      g_autofree char *decoded = NULL;

      if (!check_path_level (current, error))
        return FALSE;
      decoded = g_uri_unescape_string (current, NULL);
      if (decoded == NULL)
        return bad_request (error, _("The path holds a malformed percent-encoding or an "
                                     "encoded NUL byte."));
      if (strcmp (decoded, current) == 0)
        return TRUE;
      g_free (current);
      current = g_steal_pointer (&decoded);
    }
  return check_path_level (current, error);
}

gboolean
pb_broker_check_query (const char  *raw_query,
                       GError     **error)
{
  g_autofree char *decoded = NULL;

  if (raw_query == NULL || *raw_query == '\0')
    return TRUE;
  decoded = g_uri_unescape_string (raw_query, NULL);
  if (has_control (raw_query) || decoded == NULL || has_control (decoded))
    return bad_request (error, _("The query string holds a control character (such as a line "
                                 "break) or a malformed percent-encoding."));
  return TRUE;
}

gboolean
pb_broker_check_header (const char  *name,
                        const char  *value,
                        GError     **error)
{
  if (name == NULL || *name == '\0' || strpbrk (name, "\r\n:") != NULL || has_control (name) ||
      (value != NULL && strpbrk (value, "\r\n") != NULL))
    return bad_request (error, _("A header name or value holds a line break."));
  return TRUE;
}

static const char * const hop_by_hop[] = {
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
  "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade", NULL
};

static gboolean
named_in_connection (const char *name,
                     const char *connection)
{
  g_auto (GStrv) tokens = NULL;

  if (connection == NULL)
    return FALSE;
  tokens = g_strsplit (connection, ",", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (tokens[i]), name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
pb_broker_header_forwardable (const char  *name,
                              const char  *connection,
                              PbConnector *connector)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *credential_header = connector != NULL
    ? pb_connector_get_auth_header (connector) : NULL;

  if (g_strv_contains (hop_by_hop, lower) || named_in_connection (lower, connection))
    return FALSE;
  if (strcmp (lower, "authorization") == 0 || strcmp (lower, "cookie") == 0 ||
      strcmp (lower, "host") == 0 || strcmp (lower, "content-length") == 0 ||
      strcmp (lower, "forwarded") == 0 || strcmp (lower, "expect") == 0 ||
      g_str_has_prefix (lower, "x-forwarded-") || g_str_has_prefix (lower, "proxy-"))
    return FALSE;
  if (credential_header != NULL && g_ascii_strcasecmp (credential_header, name) == 0)
    return FALSE;
  return TRUE;
}

gboolean
pb_broker_response_header_forwardable (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return !g_strv_contains (hop_by_hop, lower) && strcmp (lower, "set-cookie") != 0 &&
         strcmp (lower, "set-cookie2") != 0 && strcmp (lower, "content-length") != 0;
}

/* RAW_QUERY without any parameter named PARAM (compared decoded). */
static void
append_query_without (GString    *query,
                      const char *raw_query,
                      const char *param)
{
  g_auto (GStrv) pairs = NULL;

  if (raw_query == NULL || *raw_query == '\0')
    return;
  pairs = g_strsplit (raw_query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *raw_name = g_strndup (pairs[i], eq ? (gsize) (eq - pairs[i])
                                                          : strlen (pairs[i]));
      g_autofree char *name = g_uri_unescape_string (raw_name, NULL);

      if (*pairs[i] == '\0')
        continue;
      if (param != NULL && name != NULL && g_ascii_strcasecmp (name, param) == 0)
        continue;
      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append (query, pairs[i]);
    }
}

GUri *
pb_broker_build_target (PbConnector  *connector,
                        const char   *raw_path,
                        const char   *raw_query,
                        const char   *key_param,
                        const char   *key_value,
                        GError      **error)
{
  const char *base_url = pb_connector_get_base_url (connector);
  g_autoptr (GUri) base = NULL;
  g_autoptr (GString) path = NULL;
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GUri) target = NULL;
  const char *scheme;

  if (!pb_broker_check_path (raw_path, error) || !pb_broker_check_query (raw_query, error))
    return NULL;

  base = base_url != NULL ? g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  scheme = base != NULL ? g_uri_get_scheme (base) : NULL;
  if (base == NULL || g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_userinfo (base) != NULL)
    {
      g_set_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_READY,
                   _("The connector “%s” has no usable base URL. Set one in Plugboard."),
                   pb_connector_get_name (connector));
      return NULL;
    }

  path = g_string_new (g_uri_get_path (base));
  while (path->len > 0 && path->str[path->len - 1] == '/')
    g_string_truncate (path, path->len - 1);
  g_string_append (path, raw_path != NULL ? raw_path : "");
  if (path->len == 0)
    g_string_append_c (path, '/');

  append_query_without (query, g_uri_get_query (base), key_param);
  append_query_without (query, raw_query, key_param);
  if (key_param != NULL && key_value != NULL)
    {
      g_autofree char *name = g_uri_escape_string (key_param, NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (key_value, NULL, FALSE);

      g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", name, value);
    }

  target = g_uri_build (SOUP_HTTP_URI_FLAGS, scheme, NULL, g_uri_get_host (base),
                        g_uri_get_port (base), path->str, query->len > 0 ? query->str : NULL,
                        NULL);
  return g_steal_pointer (&target);
}

gboolean
pb_broker_split_path (const char  *raw_path,
                      char       **out_name,
                      const char **out_rest,
                      GError     **error)
{
  const char *start, *slash;
  g_autofree char *raw_name = NULL;
  g_autofree char *name = NULL;

  if (raw_path == NULL || !g_str_has_prefix (raw_path, PATH_PREFIX))
    {
      g_set_error_literal (error, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_FOUND,
                           _("Call /connectors/NAME/PATH, where NAME is one of the agent’s "
                             "connectors."));
      return FALSE;
    }
  start = raw_path + strlen (PATH_PREFIX);
  slash = strchr (start, '/');
  raw_name = slash != NULL ? g_strndup (start, slash - start) : g_strdup (start);
  name = g_uri_unescape_string (raw_name, NULL);
  if (name == NULL || *name == '\0' || has_control (name) || !g_utf8_validate (name, -1, NULL))
    return bad_request (error, _("The connector name in the path is empty or malformed."));
  *out_name = g_steal_pointer (&name);
  *out_rest = slash != NULL ? slash : "";
  return TRUE;
}
