/* pb-manifest-check.c: checks for what a user types into a manifest's fields (the Builder)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <cjson/cJSON.h>

#include "pb-error.h"
#include "pb-manifest-check.h"
#include "pb-validate.h"

/* VALUE with each template replaced by REPLACEMENT; NULL (and ERROR set) when one is not
 * closed. */
static char *
replace_templates (const char  *label,
                   const char  *value,
                   const char  *replacement,
                   GError     **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p = value;

  while (*p != '\0')
    {
      const char *close;

      if (p[0] != '{' || (p[1] != '{' && p[1] != '%'))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      close = strstr (p + 2, p[1] == '{' ? "}}" : "%}");
      if (close == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       p[1] == '{'
                       ? _("%s has a “{{” without its closing “}}”.")
                       : _("%s has a “{%%” without its closing “%%}”."),
                       label);
          return NULL;
        }
      g_string_append (out, replacement);
      p = close + 2;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
pb_manifest_check_template (const char  *label,
                            const char  *value,
                            GError     **error)
{
  g_autofree char *plain = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (!pb_validate_single_line (label, value, error))
    return FALSE;
  plain = replace_templates (label, value, "", error);
  return plain != NULL;
}

gboolean
pb_manifest_check_url_base (const char  *value,
                            GError     **error)
{
  g_autofree char *plain = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (!pb_manifest_check_template (_("The base URL"), value, error))
    return FALSE;
  /* "{{ config['base_url'] }}": the user gives the address when setting up the connector. */
  if (g_str_has_prefix (value, "{{"))
    return TRUE;
  plain = replace_templates (_("The base URL"), value, "x", error);
  return pb_validate_url (plain, error);
}

gboolean
pb_manifest_check_path (const char  *value,
                        GError     **error)
{
  g_autofree char *plain = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (!pb_manifest_check_template (_("The path"), value, error))
    return FALSE;
  plain = replace_templates (_("The path"), value, "x", error);
  if (strstr (plain, "://") != NULL)
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                           _("The path is a full address. Give it relative to the base URL, "
                             "for example /v1/users."));
      return FALSE;
    }
  for (const char *p = plain; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == '#')
      {
        g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                             _("The path has a space or a “#”. Encode spaces as %20; put query "
                               "parameters under Request Parameters."));
        return FALSE;
      }
  return TRUE;
}

static GStrv
split_checked (const char  *label,
               const char  *value,
               const char  *separator,
               const char  *message,
               GError     **error)
{
  g_auto (GStrv) parts = NULL;

  if (value == NULL || *value == '\0')
    return g_new0 (char *, 1);
  if (!pb_validate_single_line (label, value, error))
    return NULL;
  parts = g_strsplit (value, separator, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT, message, label);
          return NULL;
        }
    }
  return g_steal_pointer (&parts);
}

GStrv
pb_manifest_parse_field_path (const char  *label,
                              const char  *value,
                              GError     **error)
{
  return split_checked (label, value, ".",
                        _("%s has an empty part. Separate field names with single dots, "
                          "for example data.items."),
                        error);
}

GStrv
pb_manifest_parse_field_list (const char  *label,
                              const char  *value,
                              GError     **error)
{
  return split_checked (label, value, ",",
                        _("%s has an empty name. Separate field names with commas, for "
                          "example id, account_id."),
                        error);
}

gboolean
pb_manifest_parse_count (const char  *label,
                         const char  *value,
                         int          min,
                         int         *out,
                         GError     **error)
{
  guint64 number = 0;

  if (value == NULL || *value == '\0')
    {
      if (out != NULL)
        *out = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, min > 0 ? (guint64) min : 0, G_MAXINT, &number,
                                   NULL))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s must be a whole number of at least %d."), label, min);
      return FALSE;
    }
  if (out != NULL)
    *out = (int) number;
  return TRUE;
}

gboolean
pb_manifest_check_datetime_format (const char  *label,
                                   const char  *value,
                                   GError     **error)
{
  /* What the Airbyte CDK's datetime parser takes: strftime's directives, and %ms (epoch ms). */
  static const char directives[] = "aAbBcdefGHIjmMpsSuUVwWxXyYzZ%";
  guint n = 0;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (!pb_validate_single_line (label, value, error))
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      if (p[1] == 'm' && p[2] == 's')
        p += 2;
      else if (p[1] != '\0' && strchr (directives, p[1]) != NULL)
        p++;
      else
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("%s has a “%%” that is not a known directive. Use directives such as "
                         "%%Y, %%m, %%d, %%H, %%M, %%S, %%s or %%ms."),
                       label);
          return FALSE;
        }
      n++;
    }
  if (n == 0)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s has no directive. Write it with directives, for example "
                     "%%Y-%%m-%%dT%%H:%%M:%%SZ."),
                   label);
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_manifest_check_datetime (const char  *label,
                            const char  *value,
                            GError     **error)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) parsed = NULL;
  g_autofree char *midnight = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (strstr (value, "{{") != NULL)
    return pb_manifest_check_template (label, value, error);
  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (value, utc);
  if (parsed == NULL && strlen (value) == 10)
    {
      midnight = g_strconcat (value, "T00:00:00", NULL);
      parsed = g_date_time_new_from_iso8601 (midnight, utc);
    }
  if (parsed == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s is not a date. Write it as 2024-01-31 or 2024-01-31T00:00:00Z, or use "
                     "a template such as {{ config['start_date'] }}."),
                   label);
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_manifest_check_body_field (const char  *value,
                              GError     **error)
{
  if (value == NULL || *value == '\0')
    return TRUE;
  if (!pb_manifest_check_template (_("The body field name"), value, error))
    return FALSE;
  if (g_ascii_isspace (value[0]) || g_ascii_isspace (value[strlen (value) - 1]))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                           _("The body field name starts or ends with a space. Remove it: the "
                             "API would get the name with the space."));
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_manifest_check_body_value (const char  *label,
                              const char  *value,
                              gboolean     json,
                              GError     **error)
{
  const char *p = value;
  cJSON *parsed;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (!pb_manifest_check_template (label, value, error))
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  /* A value written as a JSON object or list must be one; templates are left to the runner. */
  if (!json || (*p != '{' && *p != '[') || strstr (value, "{{") != NULL
      || strstr (value, "{%") != NULL)
    return TRUE;
  parsed = cJSON_ParseWithOpts (value, NULL, TRUE);
  if (parsed == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s starts like a JSON object or list but is not valid JSON. Check its "
                     "quotes, commas and brackets, e.g. {\"status\": \"open\"}."),
                   label);
      return FALSE;
    }
  cJSON_Delete (parsed);
  return TRUE;
}
