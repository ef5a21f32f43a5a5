/* pb-runner-json.c: a one-pass JSON parser into cJSON trees (response bodies) and a JSON writer
 * of cJSON trees (the --json output): cJSON's own parser tries "null", "false" and "true" with
 * strncmp before every value and copies each number to strtod; its printer formats every number
 * twice (sprintf, then sscanf to check the round trip)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include "pb-runner-json.h"

/* --- parsing --- */

typedef struct {
  const guchar *p;
  const guchar *end;
} Parser;

static cJSON *parse_value (Parser *ps, guint depth);

static inline void
skip_space (Parser *ps)
{
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
    ps->p++;
}

static cJSON *
node_new (int type)
{
  cJSON *node = cJSON_malloc (sizeof (cJSON));

  if (node != NULL)
    {
      memset (node, 0, sizeof (cJSON));
      node->type = type;
    }
  return node;
}

static int
hex4 (const guchar *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int c = p[i];

      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= c - '0';
      else if (c >= 'a' && c <= 'f')
        value |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        value |= c - 'A' + 10;
      else
        return -1;
    }
  return value;
}

static char *
put_utf8 (char     *out,
          gunichar  c)
{
  if (c < 0x80)
    *out++ = (char) c;
  else if (c < 0x800)
    {
      *out++ = (char) (0xc0 | (c >> 6));
      *out++ = (char) (0x80 | (c & 0x3f));
    }
  else if (c < 0x10000)
    {
      *out++ = (char) (0xe0 | (c >> 12));
      *out++ = (char) (0x80 | ((c >> 6) & 0x3f));
      *out++ = (char) (0x80 | (c & 0x3f));
    }
  else
    {
      *out++ = (char) (0xf0 | (c >> 18));
      *out++ = (char) (0x80 | ((c >> 12) & 0x3f));
      *out++ = (char) (0x80 | ((c >> 6) & 0x3f));
      *out++ = (char) (0x80 | (c & 0x3f));
    }
  return out;
}

/* Unescapes [FROM, TO) into OUT (at least TO - FROM + 1 bytes: an escape never grows). */
static gboolean
unescape (const guchar *from,
          const guchar *to,
          char         *out)
{
  const guchar *p = from;

  while (p < to)
    {
      int c;

      if (*p != '\\')
        {
          *out++ = (char) *p++;
          continue;
        }
      if (p + 1 >= to)
        return FALSE;
      switch (p[1])
        {
        case '"': *out++ = '"'; p += 2; continue;
        case '\\': *out++ = '\\'; p += 2; continue;
        case '/': *out++ = '/'; p += 2; continue;
        case 'b': *out++ = '\b'; p += 2; continue;
        case 'f': *out++ = '\f'; p += 2; continue;
        case 'n': *out++ = '\n'; p += 2; continue;
        case 'r': *out++ = '\r'; p += 2; continue;
        case 't': *out++ = '\t'; p += 2; continue;
        case 'u': break;
        default: return FALSE;
        }
      if (to - p < 6 || (c = hex4 (p + 2)) < 0)
        return FALSE;
      p += 6;
      if (c >= 0xdc00 && c <= 0xdfff)
        return FALSE;
      if (c >= 0xd800 && c <= 0xdbff)
        {
          int low;

          if (to - p < 6 || p[0] != '\\' || p[1] != 'u' || (low = hex4 (p + 2)) < 0
              || low < 0xdc00 || low > 0xdfff)
            return FALSE;
          p += 6;
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        }
      out = put_utf8 (out, (gunichar) c);
    }
  *out = '\0';
  return TRUE;
}

/* Bytes that go into a string as they are (all but '"', '\\' and NUL). */
static const guchar string_plain[256] = {
  [0x01 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0xff] = 1,
};

/* At an opening quote; a string from cJSON_malloc, or NULL. */
static char *
parse_string (Parser *ps)
{
  const guchar *start = ps->p + 1;
  const guchar *q = start;
  char *out;

  while (q < ps->end && string_plain[*q])
    q++;
  if (q < ps->end && *q == '"')
    {
      gsize len = (gsize) (q - start);

      out = cJSON_malloc (len + 1);
      if (out == NULL)
        return NULL;
      memcpy (out, start, len);
      out[q - start] = '\0';
      ps->p = q + 1;
      return out;
    }
  /* escapes: find the closing quote first */
  while (q < ps->end && *q != '"' && *q != '\0')
    q += *q == '\\' ? 2 : 1;
  if (q >= ps->end || *q != '"')
    return NULL;
  out = cJSON_malloc ((gsize) (q - start) + 1);
  if (out == NULL)
    return NULL;
  if (!unescape (start, q, out))
    {
      cJSON_free (out);
      return NULL;
    }
  ps->p = q + 1;
  return out;
}

static inline gboolean
is_digit (const Parser *ps)
{
  return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static cJSON *
parse_number (Parser *ps)
{
  const guchar *start = ps->p;
  const guchar *digits;
  gboolean whole = TRUE;
  double d;
  cJSON *node;

  if (*ps->p == '-')
    ps->p++;
  digits = ps->p;
  if (!is_digit (ps))
    return NULL;
  if (*ps->p == '0')
    ps->p++;
  else
    while (is_digit (ps))
      ps->p++;
  if (ps->p < ps->end && *ps->p == '.')
    {
      ps->p++;
      whole = FALSE;
      if (!is_digit (ps))
        return NULL;
      while (is_digit (ps))
        ps->p++;
    }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
    {
      ps->p++;
      whole = FALSE;
      if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
        ps->p++;
      if (!is_digit (ps))
        return NULL;
      while (is_digit (ps))
        ps->p++;
    }
  if (whole && ps->p - digits <= 15)
    {
      gint64 v = 0;

      for (const guchar *c = digits; c < ps->p; c++)
        v = v * 10 + (*c - '0');
      d = (double) v;
      if (*start == '-')
        d = -d;
    }
  else
    {
      char buf[64];
      g_autofree char *big = NULL;
      gsize len = (gsize) (ps->p - start);
      char *text = len < sizeof buf ? buf : (big = g_malloc (len + 1));

      memcpy (text, start, len);
      text[len] = '\0';
      d = g_ascii_strtod (text, NULL);
    }
  node = node_new (cJSON_Number);
  if (node == NULL)
    return NULL;
  node->valuedouble = d;
  if (d >= INT_MAX)
    node->valueint = INT_MAX;
  else if (d <= (double) INT_MIN)
    node->valueint = INT_MIN;
  else
    node->valueint = (int) d;
  return node;
}

static cJSON *
parse_literal (Parser     *ps,
               const char *word,
               int         type)
{
  gsize len = strlen (word);
  cJSON *node;

  if ((gsize) (ps->end - ps->p) < len || memcmp (ps->p, word, len) != 0)
    return NULL;
  ps->p += len;
  node = node_new (type);
  if (node != NULL && type == cJSON_True)
    node->valueint = 1;
  return node;
}

static inline void
link_child (cJSON  *parent,
            cJSON **last,
            cJSON  *child)
{
  if (*last == NULL)
    parent->child = child;
  else
    {
      (*last)->next = child;
      child->prev = *last;
    }
  *last = child;
  parent->child->prev = child;   /* cJSON's convention: the first child's prev is the last */
}

/* At '[' or '{'. */
static cJSON *
parse_container (Parser *ps,
                 guint   depth)
{
  gboolean object = *ps->p == '{';
  guchar close = object ? '}' : ']';
  cJSON *node = node_new (object ? cJSON_Object : cJSON_Array);
  cJSON *last = NULL;

  if (node == NULL)
    return NULL;
  ps->p++;
  skip_space (ps);
  if (ps->p < ps->end && *ps->p == close)
    {
      ps->p++;
      return node;
    }
  for (;;)
    {
      char *key = NULL;
      cJSON *child;

      if (object)
        {
          if (ps->p >= ps->end || *ps->p != '"' || (key = parse_string (ps)) == NULL)
            goto fail;
          skip_space (ps);
          if (ps->p >= ps->end || *ps->p != ':')
            {
              cJSON_free (key);
              goto fail;
            }
          ps->p++;
          skip_space (ps);
        }
      child = parse_value (ps, depth + 1);
      if (child == NULL)
        {
          cJSON_free (key);
          goto fail;
        }
      child->string = key;
      link_child (node, &last, child);
      skip_space (ps);
      if (ps->p >= ps->end)
        goto fail;
      if (*ps->p == close)
        {
          ps->p++;
          return node;
        }
      if (*ps->p != ',')
        goto fail;
      ps->p++;
      skip_space (ps);
    }
fail:
  cJSON_Delete (node);
  return NULL;
}

static cJSON *
parse_value (Parser *ps,
             guint   depth)
{
  if (ps->p >= ps->end || depth > PB_RUNNER_JSON_MAX_DEPTH)
    return NULL;
  switch (*ps->p)
    {
    case '{':
    case '[':
      return parse_container (ps, depth);
    case '"':
      {
        char *text = parse_string (ps);
        cJSON *node;

        if (text == NULL)
          return NULL;
        node = node_new (cJSON_String);
        if (node == NULL)
          {
            cJSON_free (text);
            return NULL;
          }
        node->valuestring = text;
        return node;
      }
    case 't': return parse_literal (ps, "true", cJSON_True);
    case 'f': return parse_literal (ps, "false", cJSON_False);
    case 'n': return parse_literal (ps, "null", cJSON_NULL);
    default:
      if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
        return parse_number (ps);
      return NULL;
    }
}

cJSON *
pb_runner_json_parse (const char *data,
                      gsize       size)
{
  Parser ps = { (const guchar *) data, (const guchar *) data + size };
  cJSON *value;

  if (data == NULL)
    return NULL;
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    ps.p += 3;
  skip_space (&ps);
  value = parse_value (&ps, 1);
  if (value == NULL)
    return NULL;
  skip_space (&ps);
  if (ps.p != ps.end)
    {
      cJSON_Delete (value);
      return NULL;
    }
  return value;
}

/* --- writing --- */

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
