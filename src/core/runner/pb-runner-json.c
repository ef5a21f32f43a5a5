/* pb-runner-json.c: a JSON writer of cJSON trees (the --json output of test reads): cJSON's
 * printer formats every number twice (sprintf, then sscanf to check the round trip). Response
 * bodies are read by pb_json_read (spec/pb-json-read.c) in its strict mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pb-runner-json.h"

/* Bytes a JSON string shows as they are (everything but controls, '"' and '\\'). */
static const guchar plain[256] = {
  [0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0xff] = 1,
};

static void
append_string (GString    *out,
               const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) text;
  const guchar *end = p + strlen (text);

  g_string_append_c (out, '"');
  /* In pieces of 4 KiB: room for the worst case (every byte a \u00XX) is made, the piece is
   * written in place, and the string cut to what was written. */
  while (p < end)
    {
      const guchar *stop = p + MIN ((gsize) (end - p), 4096);
      gsize start = out->len;
      char *w;

      g_string_set_size (out, start + 6 * (gsize) (stop - p));
      w = out->str + start;
      for (; p < stop; p++)
        {
          guchar c = *p;

          if (plain[c])
            {
              *w++ = (char) c;
              continue;
            }
          *w++ = '\\';
          switch (c)
            {
            case '"': *w++ = '"'; break;
            case '\\': *w++ = '\\'; break;
            case '\b': *w++ = 'b'; break;
            case '\f': *w++ = 'f'; break;
            case '\n': *w++ = 'n'; break;
            case '\r': *w++ = 'r'; break;
            case '\t': *w++ = 't'; break;
            default:
              *w++ = 'u';
              *w++ = '0';
              *w++ = '0';
              *w++ = hex[c >> 4];
              *w++ = hex[c & 0xf];
              break;
            }
        }
      g_string_truncate (out, (gsize) (w - out->str));
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               double   d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d) || isinf (d))
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  if (d == floor (d) && fabs (d) < 1e15)
    {
      gint64 v = (gint64) d;
      guint64 u = v < 0 ? (guint64) -v : (guint64) v;
      char digits[24];
      int i = sizeof digits;

      do
        {
          digits[--i] = (char) ('0' + u % 10);
          u /= 10;
        }
      while (u != 0);
      if (v < 0)
        digits[--i] = '-';
      g_string_append_len (out, digits + i, (gssize) sizeof digits - i);
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.15g", d);
  if (g_ascii_strtod (buf, NULL) != d)
    g_ascii_formatd (buf, sizeof buf, "%.17g", d);
  g_string_append (out, buf);
}

static void
indent (GString *out,
        guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append_len (out, "  ", 2);
}

static void
append_value (GString     *out,
              const cJSON *value,
              gboolean     pretty,
              guint        depth)
{
  const cJSON *child;
  gboolean object;

  switch (value->type & 0xff)
    {
    case cJSON_False: g_string_append_len (out, "false", 5); return;
    case cJSON_True: g_string_append_len (out, "true", 4); return;
    case cJSON_Number: append_number (out, value->valuedouble); return;
    case cJSON_String:
      append_string (out, value->valuestring != NULL ? value->valuestring : "");
      return;
    case cJSON_Raw:
      g_string_append (out, value->valuestring != NULL ? value->valuestring : "null");
      return;
    case cJSON_Array:
    case cJSON_Object:
      break;
    default: g_string_append_len (out, "null", 4); return;
    }
  object = (value->type & 0xff) == cJSON_Object;
  g_string_append_c (out, object ? '{' : '[');
  for (child = value->child; child != NULL; child = child->next)
    {
      if (pretty)
        indent (out, depth + 1);
      if (object)
        {
          append_string (out, child->string != NULL ? child->string : "");
          g_string_append_len (out, pretty ? ": " : ":", pretty ? 2 : 1);
        }
      append_value (out, child, pretty, depth + 1);
      if (child->next != NULL)
        g_string_append_c (out, ',');
    }
  if (pretty && value->child != NULL)
    indent (out, depth);
  g_string_append_c (out, object ? '}' : ']');
}

void
pb_runner_json_append (GString     *out,
                       const cJSON *value,
                       gboolean     pretty)
{
  g_return_if_fail (out != NULL);

  if (value == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  append_value (out, value, pretty, 0);
}
