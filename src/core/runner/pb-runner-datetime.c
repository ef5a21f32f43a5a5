/* pb-runner-datetime.c: strftime-style formatting and parsing, and ISO 8601 durations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-datetime.h"

static const char *const month_names[]
  = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December" };
static const char *const day_names[]
  = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

static void
append_offset (GString   *out,
               GDateTime *dt)
{
  GTimeSpan offset = g_date_time_get_utc_offset (dt);
  gint64 minutes = ABS (offset) / G_TIME_SPAN_MINUTE;

  g_string_append_printf (out, "%c%02d%02d", offset < 0 ? '-' : '+', (int) (minutes / 60),
                          (int) (minutes % 60));
}

gint64
pb_runner_datetime_to_unix_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

GDateTime *
pb_runner_datetime_from_unix_usec (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC, rest = usec % G_USEC_PER_SEC;
  g_autoptr (GDateTime) base = NULL;

  if (rest < 0)
    seconds--, rest += G_USEC_PER_SEC;
  base = g_date_time_new_from_unix_utc (seconds);
  return base != NULL ? g_date_time_add (base, rest) : NULL;
}

char *
pb_runner_datetime_format (GDateTime  *dt,
                           const char *format)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (dt != NULL && format != NULL, NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      /* %ms: epoch milliseconds (the CDK's own code) */
      if (*p == 'm' && p[1] == 's')
        {
          g_string_append_printf (out, "%" G_GINT64_FORMAT,
                                  pb_runner_datetime_to_unix_usec (dt) / 1000);
          p++;
          continue;
        }
      switch (*p)
        {
        case 'Y': g_string_append_printf (out, "%04d", g_date_time_get_year (dt)); break;
        case 'y': g_string_append_printf (out, "%02d", g_date_time_get_year (dt) % 100); break;
        case 'm': g_string_append_printf (out, "%02d", g_date_time_get_month (dt)); break;
        case 'd': g_string_append_printf (out, "%02d", g_date_time_get_day_of_month (dt)); break;
        case 'H': g_string_append_printf (out, "%02d", g_date_time_get_hour (dt)); break;
        case 'I':
          g_string_append_printf (out, "%02d", (g_date_time_get_hour (dt) + 11) % 12 + 1);
          break;
        case 'M': g_string_append_printf (out, "%02d", g_date_time_get_minute (dt)); break;
        case 'S': g_string_append_printf (out, "%02d", g_date_time_get_second (dt)); break;
        case 'f': g_string_append_printf (out, "%06d", g_date_time_get_microsecond (dt)); break;
        case 'j': g_string_append_printf (out, "%03d", g_date_time_get_day_of_year (dt)); break;
        case 'z': append_offset (out, dt); break;
        case 'Z': g_string_append (out, g_date_time_get_timezone_abbreviation (dt)); break;
        case 'b': g_string_append_len (out, month_names[g_date_time_get_month (dt) - 1], 3); break;
        case 'B': g_string_append (out, month_names[g_date_time_get_month (dt) - 1]); break;
        case 'a':
          g_string_append_len (out, day_names[g_date_time_get_day_of_week (dt) - 1], 3);
          break;
        case 'A': g_string_append (out, day_names[g_date_time_get_day_of_week (dt) - 1]); break;
        case 'p': g_string_append (out, g_date_time_get_hour (dt) < 12 ? "AM" : "PM"); break;
        case 'F':
          g_string_append_printf (out, "%04d-%02d-%02d", g_date_time_get_year (dt),
                                  g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
          break;
        case 'T':
          g_string_append_printf (out, "%02d:%02d:%02d", g_date_time_get_hour (dt),
                                  g_date_time_get_minute (dt), g_date_time_get_second (dt));
          break;
        case '%': g_string_append_c (out, '%'); break;
        case 's':
          if (g_str_has_prefix (p, "s_as_float"))
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append (out, g_ascii_dtostr (buf, sizeof buf,
                                                    pb_runner_datetime_to_unix_usec (dt) / 1e6));
              p += strlen ("s_as_float") - 1;
            }
          else
            g_string_append_printf (out, "%" G_GINT64_FORMAT, g_date_time_to_unix (dt));
          break;
        default:
          g_string_append_c (out, '%');
          g_string_append_c (out, *p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

/* Reads between MIN and MAX digits; FALSE if fewer than MIN. */
static gboolean
read_int (const char **s,
          guint        min,
          guint        max,
          gint64      *out)
{
  guint n = 0;
  gint64 v = 0;

  while (n < max && g_ascii_isdigit ((*s)[n]))
    v = v * 10 + ((*s)[n++] - '0');
  if (n < min)
    return FALSE;
  *s += n;
  *out = v;
  return TRUE;
}

static gboolean
read_name (const char       **s,
           const char *const *names,
           guint              count,
           gboolean           abbreviated,
           gint64            *out)
{
  for (guint i = 0; i < count; i++)
    {
      gsize len = abbreviated ? 3 : strlen (names[i]);

      if (g_ascii_strncasecmp (*s, names[i], len) == 0)
        {
          *s += len;
          *out = i + 1;
          return TRUE;
        }
    }
  return FALSE;
}

GDateTime *
pb_runner_datetime_parse (const char *text,
                          const char *format)
{
  gint64 year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, usec = 0, v = 0;
  gint64 offset_seconds = 0, yday = 0;
  gboolean pm = FALSE, have_pm = FALSE, have_epoch = FALSE;
  gint64 epoch_usec = 0;
  const char *s = text;
  g_autoptr (GTimeZone) tz = NULL;
  g_autoptr (GDateTime) dt = NULL;

  if (text == NULL || format == NULL)
    return NULL;
  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          if (*s != *p)
            return NULL;
          s++;
          continue;
        }
      p++;
      switch (*p)
        {
        case 'Y': if (!read_int (&s, 4, 4, &year)) return NULL; break;
        case 'y':
          if (!read_int (&s, 2, 2, &year)) return NULL;
          year += year < 69 ? 2000 : 1900;
          break;
        case 'm':
          if (p[1] == 's')
            {
              gboolean neg = *s == '-';

              s += neg;
              if (!read_int (&s, 1, 16, &v)) return NULL;
              epoch_usec = (neg ? -v : v) * 1000;
              have_epoch = TRUE;
              p++;
              break;
            }
          if (!read_int (&s, 1, 2, &month)) return NULL;
          break;
        case 'd': if (!read_int (&s, 1, 2, &day)) return NULL; break;
        case 'H': case 'I': if (!read_int (&s, 1, 2, &hour)) return NULL; break;
        case 'M': if (!read_int (&s, 1, 2, &minute)) return NULL; break;
        case 'S': if (!read_int (&s, 1, 2, &second)) return NULL; break;
        case 'j': if (!read_int (&s, 1, 3, &yday)) return NULL; break;
        case 'f':
          {
            const char *start = s;

            if (!read_int (&s, 1, 6, &usec)) return NULL;
            for (gsize n = s - start; n < 6; n++)
              usec *= 10;
            break;
          }
        case 'b': if (!read_name (&s, month_names, 12, TRUE, &month)) return NULL; break;
        case 'B': if (!read_name (&s, month_names, 12, FALSE, &month)) return NULL; break;
        case 'a': if (!read_name (&s, day_names, 7, TRUE, &v)) return NULL; break;
        case 'A': if (!read_name (&s, day_names, 7, FALSE, &v)) return NULL; break;
        case 'p':
          if (g_ascii_strncasecmp (s, "AM", 2) != 0 && g_ascii_strncasecmp (s, "PM", 2) != 0)
            return NULL;
          pm = g_ascii_toupper (*s) == 'P';
          have_pm = TRUE;
          s += 2;
          break;
        case 'Z':
          if (g_str_has_prefix (s, "UTC") || g_str_has_prefix (s, "GMT"))
            s += 3;
          else if (*s == 'Z')
            s++;
          else
            return NULL;
          break;
        case 'z':
          if (*s == 'Z')
            s++;
          else if (*s == '+' || *s == '-')
            {
              int sign = *s == '-' ? -1 : 1;
              gint64 hh, mm = 0;

              s++;
              if (!read_int (&s, 2, 2, &hh)) return NULL;
              if (*s == ':')
                s++;
              if (!read_int (&s, 2, 2, &mm)) return NULL;
              offset_seconds = sign * (hh * 3600 + mm * 60);
            }
          else
            return NULL;
          break;
        case 's':
          {
            gboolean neg = *s == '-';

            s += neg;
            if (!read_int (&s, 1, 16, &v)) return NULL;
            epoch_usec = (neg ? -v : v) * G_USEC_PER_SEC;
            have_epoch = TRUE;
            if (g_str_has_prefix (p, "s_as_float"))
              {
                p += strlen ("s_as_float") - 1;
                if (*s == '.')
                  {
                    const char *start = ++s;
                    gint64 frac = 0;

                    if (!read_int (&s, 1, 6, &frac)) return NULL;
                    for (gsize n = s - start; n < 6; n++)
                      frac *= 10;
                    while (g_ascii_isdigit (*s))
                      s++;
                    epoch_usec += neg ? -frac : frac;
                  }
              }
            break;
          }
        case 'F':
          if (!read_int (&s, 4, 4, &year) || *s++ != '-' || !read_int (&s, 1, 2, &month)
              || *s++ != '-' || !read_int (&s, 1, 2, &day))
            return NULL;
          break;
        case 'T':
          if (!read_int (&s, 1, 2, &hour) || *s++ != ':' || !read_int (&s, 1, 2, &minute)
              || *s++ != ':' || !read_int (&s, 1, 2, &second))
            return NULL;
          break;
        case '%':
          if (*s++ != '%')
            return NULL;
          break;
        default:
          return NULL;
        }
    }
  if (*s != '\0')
    return NULL;
  if (have_epoch)
    return pb_runner_datetime_from_unix_usec (epoch_usec);
  if (have_pm)
    hour = hour % 12 + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return NULL;
  tz = g_time_zone_new_offset ((gint32) offset_seconds);
  if (tz == NULL)
    return NULL;
  dt = g_date_time_new (tz, (int) year, (int) month, (int) day, (int) hour, (int) minute,
                        second + usec / 1e6);
  if (dt == NULL)
    return NULL;
  if (yday > 0)
    {
      GDateTime *jan1 = g_date_time_new (tz, (int) year, 1, 1, (int) hour, (int) minute,
                                         second + usec / 1e6);
      GDateTime *r = jan1 != NULL ? g_date_time_add_days (jan1, (int) yday - 1) : NULL;

      g_clear_pointer (&jan1, g_date_time_unref);
      return r;
    }
  return g_steal_pointer (&dt);
}

GDateTime *
pb_runner_datetime_parse_iso (const char *text)
{
  static const char *const formats[]
    = { "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f",
        "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d" };

  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      GDateTime *dt = pb_runner_datetime_parse (text, formats[i]);

      if (dt != NULL)
        return dt;
    }
  return NULL;
}

GDateTime *
pb_runner_datetime_add_duration (GDateTime   *dt,
                                 const char  *duration,
                                 int          sign,
                                 GError     **error)
{
  gint64 years = 0, months = 0, days = 0, hours = 0, minutes = 0;
  double seconds = 0;
  gboolean time_part = FALSE, any = FALSE;
  const char *p = duration;

  if (p == NULL || *p != 'P')
    goto bad;
  for (p++; *p != '\0';)
    {
      char *end;
      double v;

      if (*p == 'T')
        {
          time_part = TRUE;
          p++;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        goto bad;
      v = g_ascii_strtod (p, &end);
      if (end == p || v > 1e6)
        goto bad;
      p = end;
      any = TRUE;
      switch (*p)
        {
        case 'Y': if (time_part) goto bad; years = (gint64) v; break;
        case 'M': if (time_part) minutes = (gint64) v; else months = (gint64) v; break;
        case 'W': if (time_part) goto bad; days += (gint64) v * 7; break;
        case 'D': if (time_part) goto bad; days += (gint64) v; break;
        case 'H': if (!time_part) goto bad; hours = (gint64) v; break;
        case 'S': if (!time_part) goto bad; seconds = v; break;
        default: goto bad;
        }
      p++;
    }
  if (!any)
    goto bad;
  {
    GDateTime *r = g_date_time_add_full (dt, sign * (int) years, sign * (int) months,
                                         sign * (int) days, sign * (int) hours,
                                         sign * (int) minutes, sign * seconds);

    if (r == NULL)
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("Adding the duration “%s” leaves the range of dates."), duration);
    return r;
  }
bad:
  g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
               _("“%s” is not an ISO 8601 duration (for example P1D, PT1H or P1M)."),
               duration != NULL ? duration : "");
  return NULL;
}
