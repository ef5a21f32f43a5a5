/* pb-definition-validate.c: checks one field value against its definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Checks one field value against its definition (required, type, enum,
 * range, format, pattern) with errors a user can act on. The functions
 * are declared in pb-definition.h. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-definition.h"
#include "pb-error.h"
#include "pb-validate.h"

const char *
pb_field_enum_title (const PbField *field,
                     const char    *value)
{
  if (field->enum_values == NULL || value == NULL)
    return value;
  for (guint i = 0; field->enum_values[i] != NULL; i++)
    if (g_str_equal (field->enum_values[i], value))
      return field->enum_titles[i];
  return value;
}

gboolean
pb_field_validate (const PbField  *field,
                   const char     *value,
                   GError        **error)
{
  if (value == NULL || *value == '\0')
    {
      if (field->required)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT, _("%s is required."),
                       field->title);
          return FALSE;
        }
      return TRUE;
    }

  /* The shared rules (pb-validate.c): valid UTF-8, one line for text and secrets, and what the
   * connector property the field fills needs (no managed header, no ':' in a user name…). */
  if (!pb_validate_utf8 (field->title, value, error))
    return FALSE;
  if (field->secret && !pb_validate_secret (field->title, value, error))
    return FALSE;
  if (field->type == PB_FIELD_STRING && !pb_validate_single_line (field->title, value, error))
    return FALSE;

  /* Fields that become a header or parameter name follow the same checks as everywhere. */
  if (g_strcmp0 (field->maps_to, "auth-header") == 0
      || g_strcmp0 (field->maps_to, "auth-query-param") == 0)
    {
      g_autoptr (GError) local = NULL;
      gboolean header = g_strcmp0 (field->maps_to, "auth-header") == 0;

      if (header ? !pb_validate_header_name (value, &local)
                 : !pb_validate_query_param (value, &local))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       header ? _("“%s” is not a header name: %s")
                              : _("“%s” is not a parameter name: %s"),
                       value, local->message);
          return FALSE;
        }
    }

  if (field->enum_values != NULL
      && !g_strv_contains ((const char *const *)field->enum_values, value))
    {
      g_autofree char *choices = g_strjoinv (", ", field->enum_titles);
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("%s must be one of: %s."), field->title, choices);
      return FALSE;
    }

  if (field->type == PB_FIELD_INTEGER || field->type == PB_FIELD_NUMBER)
    {
      char *end = NULL;
      double number = g_ascii_strtod (value, &end);

      if (end == value || *end != '\0' ||
          (field->type == PB_FIELD_INTEGER && number != (double) (gint64) number))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       field->type == PB_FIELD_INTEGER ? _("%s must be a whole number.")
                                                       : _("%s must be a number."),
                       field->title);
          return FALSE;
        }
      if ((field->has_minimum && number < field->minimum)
          || (field->has_maximum && number > field->maximum))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("%s must be between %g and %g."), field->title,
                       field->has_minimum ? field->minimum : -G_MAXDOUBLE,
                       field->has_maximum ? field->maximum : G_MAXDOUBLE);
          return FALSE;
        }
    }

  if (field->type == PB_FIELD_BOOLEAN && !g_str_equal (value, "true")
      && !g_str_equal (value, "false"))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT, _("%s must be yes or no."),
                   field->title);
      return FALSE;
    }

  if (g_strcmp0 (field->format, "uri") == 0)
    {
      g_autoptr (GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

      if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
          (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
        {
          g_set_error (
            error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
            _("%s must be a web address starting with https://, such as https://api.example.com."),
            field->title);
          return FALSE;
        }
    }

  /* "user:password@host" would put a credential in the connectors file. */
  if (g_strcmp0 (field->format, "uri") == 0 && pb_validate_url_has_userinfo (value))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                   _("%s must not hold a user name or password before the host: Plugboard keeps "
                     "credentials only in the keyring."), field->title);
      return FALSE;
    }

  if (g_strcmp0 (field->format, "email") == 0)
    {
      const char *at = strchr (value, '@');

      if (at == NULL || at == value || strchr (at, '.') == NULL || strchr (value, ' ') != NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("%s must be an email address, such as ada@example.com."), field->title);
          return FALSE;
        }
    }

  if (field->maps_to != NULL
      && !pb_validate_connector_property (field->maps_to, field->title, value, error))
    return FALSE;

  if (field->pattern != NULL && !g_regex_match_simple (field->pattern, value, 0, 0))
    {
      /* Never quote the value: it may be a secret. */
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT, "%s",
                   field->pattern_hint ? field->pattern_hint
                                       : _("The value does not have the expected form."));
      return FALSE;
    }

  return TRUE;
}
