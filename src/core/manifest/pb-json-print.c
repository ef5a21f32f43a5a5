/* pb-json-print.c: cJSON trees printed the way cJSON_Print formats them, faster (the manifest of a
 * 13 MB spec is 2 MB of JSON, and its printing is part of every `assist` run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pb-json-print.h"

/* A growing buffer with inline appends: GString's append_len is a library call per key and
 * value, which cost as much as the printing itself. */
typedef struct {
  char  *data;
  gsize  len;
  gsize  cap;
} Out;

static inline void
reserve (Out   *out,
         gsize  more)
{
  if (out->len + more + 1 > out->cap)
    {
      out->cap = MAX (out->cap * 2, out->len + more + 1);
      out->data = g_realloc (out->data, out->cap);
    }
}

static inline void
put (Out        *out,
     const char *s,
     gsize       n)
{
  reserve (out, n);
  memcpy (out->data + out->len, s, n);
  out->len += n;
}

static inline void
put_c (Out  *out,
       char  c)
{
  reserve (out, 1);
  out->data[out->len++] = c;
}

static void
print_string (Out        *out,
              const char *s)
{
  const char *run;

  put_c (out, '"');
  if (s == NULL)
    {
      put_c (out, '"');
      return;
    }
  for (run = s; *s != '\0'; s++)
    {
      unsigned char c = (unsigned char) *s;
      const char *escape;

      if (c >= 32 && c != '"' && c != '\\')
        continue;
      put (out, run, s - run);
      run = s + 1;
      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default: escape = NULL; break;
        }
      if (escape != NULL)
        put (out, escape, 2);
      else
        {
          char hex[8];

          put (out, hex, g_snprintf (hex, sizeof hex, "\\u%04x", c));
        }
    }
  put (out, run, s - run);
  put_c (out, '"');
}

/* cJSON's print_number: integers as "%d", others "%1.15g" unless that does not read back, then
 * "%1.17g"; NaN and infinities as null; always a '.' decimal point. */
static void
print_number (Out         *out,
              const cJSON *item)
{
  double d = item->valuedouble;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d) || isinf (d))
    {
      put (out, "null", 4);
      return;
    }
  if (d == (double) item->valueint)
    {
      char digits[16];
      int n = 0;
      long v = item->valueint;
      gboolean negative = v < 0;

      if (negative)
        v = -v;
      do
        digits[n++] = (char) ('0' + v % 10);
      while ((v /= 10) > 0);
      if (negative)
        put_c (out, '-');
      while (n > 0)
        put_c (out, digits[--n]);
      return;
    }
  g_ascii_formatd (buffer, sizeof buffer, "%1.15g", d);
  {
    double test = g_ascii_strtod (buffer, NULL);
    double max = MAX (fabs (test), fabs (d));

    if (!(fabs (test - d) <= max * DBL_EPSILON))
      g_ascii_formatd (buffer, sizeof buffer, "%1.17g", d);
  }
  put (out, buffer, strlen (buffer));
}

static void
tabs (Out     *out,
      guint    depth)
{
  static const char many[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

  while (depth > sizeof many - 1)
    {
      put (out, many, sizeof many - 1);
      depth -= sizeof many - 1;
    }
  put (out, many, depth);
}

static gboolean
print_value (Out         *out,
             const cJSON *item,
             guint        depth)
{
  const cJSON *child;

  switch (item->type & 0xFF)
    {
    case cJSON_NULL:
      put (out, "null", 4);
      return TRUE;
    case cJSON_False:
      put (out, "false", 5);
      return TRUE;
    case cJSON_True:
      put (out, "true", 4);
      return TRUE;
    case cJSON_Number:
      print_number (out, item);
      return TRUE;
    case cJSON_Raw:
      if (item->valuestring == NULL)
        return FALSE;
      put (out, item->valuestring, strlen (item->valuestring));
      return TRUE;
    case cJSON_String:
      print_string (out, item->valuestring);
      return TRUE;
    case cJSON_Array:
      put_c (out, '[');
      for (child = item->child; child != NULL; child = child->next)
        {
          if (!print_value (out, child, depth + 1))
            return FALSE;
          if (child->next != NULL)
            put (out, ", ", 2);
        }
      put_c (out, ']');
      return TRUE;
    case cJSON_Object:
      put (out, "{\n", 2);
      for (child = item->child; child != NULL; child = child->next)
        {
          tabs (out, depth + 1);
          print_string (out, child->string);
          put (out, ":\t", 2);
          if (!print_value (out, child, depth + 1))
            return FALSE;
          if (child->next != NULL)
            put_c (out, ',');
          put_c (out, '\n');
        }
      tabs (out, depth);
      put_c (out, '}');
      return TRUE;
    default:
      return FALSE;
    }
}

char *
pb_json_print (const cJSON *item)
{
  Out out = { g_malloc (64 * 1024), 0, 64 * 1024 };

  if (item == NULL || !print_value (&out, item, 0))
    {
      g_free (out.data);
      return NULL;
    }
  put_c (&out, '\n');
  out.data[out.len] = '\0';
  return out.data;
}
