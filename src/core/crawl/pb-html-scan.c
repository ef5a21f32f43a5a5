/* pb-html-scan.c: a small HTML tag tokenizer for the crawler
 *
 * The crawler only needs the attributes of a handful of elements and the text of scripts.
 * libxml2's HTML parser decoded every character of every text node (about 80 % of the crawl's
 * CPU); this follows the WHATWG tokenizer's states for tags, comments and raw text, and jumps
 * over everything else with memchr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-html-scan.h"

#define NO_VALUE G_MAXSIZE

typedef struct {
  GByteArray *buf;     /* names and values of the current tag, NUL-separated */
  GArray     *offs;    /* gsize offsets into BUF: name, value (NO_VALUE), name, value… */
  GPtrArray  *atts;
} Scan;

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
put_utf8 (GByteArray *buf,
          gunichar    c)
{
  char tmp[6];
  int n = g_unichar_to_utf8 (c, tmp);

  g_byte_array_append (buf, (guint8 *) tmp, n);
}

/* Appends P..END to BUF with character references decoded (the common named ones and all
 * numeric ones; anything else is kept as written). */
static void
append_decoded (GByteArray *buf,
                const char *p,
                const char *end)
{
  static const struct { const char *name; gsize len; gunichar c; } named[] = {
    { "amp;", 4, '&' }, { "lt;", 3, '<' }, { "gt;", 3, '>' }, { "quot;", 5, '"' },
    { "apos;", 5, '\'' }, { "nbsp;", 5, 0xA0 }, { "sol;", 4, '/' }, { "colon;", 6, ':' },
    { "num;", 4, '#' }, { "quest;", 6, '?' }, { "equals;", 7, '=' }, { "percnt;", 7, '%' },
  };

  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *q;

      if (amp == NULL)
        {
          g_byte_array_append (buf, (const guint8 *) p, end - p);
          return;
        }
      g_byte_array_append (buf, (const guint8 *) p, amp - p);
      q = amp + 1;
      if (q < end && *q == '#')
        {
          gboolean hex = q + 1 < end && (q[1] == 'x' || q[1] == 'X');
          guint64 c = 0;
          const char *d = q + (hex ? 2 : 1), *start = d;

          while (d < end && (hex ? g_ascii_isxdigit (*d) : g_ascii_isdigit (*d)))
            {
              if (c <= 0x10FFFF)
                c = c * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*d) : *d - '0');
              d++;
            }
          if (d > start)
            {
              if (d < end && *d == ';')
                d++;
              if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                c = 0xFFFD;
              put_utf8 (buf, (gunichar) c);
              p = d;
              continue;
            }
        }
      else
        {
          guint i;

          for (i = 0; i < G_N_ELEMENTS (named); i++)
            if ((gsize) (end - q) >= named[i].len && memcmp (q, named[i].name, named[i].len) == 0)
              break;
          if (i < G_N_ELEMENTS (named))
            {
              put_utf8 (buf, named[i].c);
              p = q + named[i].len;
              continue;
            }
        }
      g_byte_array_append (buf, (const guint8 *) "&", 1);
      p = q;
    }
}

static gsize
append_lower (GByteArray *buf,
              const char *p,
              const char *end)
{
  gsize at = buf->len;

  g_byte_array_set_size (buf, at + (end - p) + 1);
  for (gsize i = 0; p + i < end; i++)
    buf->data[at + i] = p[i] >= 'A' && p[i] <= 'Z' ? p[i] + ('a' - 'A') : p[i];
  buf->data[at + (end - p)] = '\0';
  return at;
}

/* Reads the tag whose name starts at P (after "<" or "</"). Returns where the text after its
 * ">" starts, or NULL when the input ends inside the tag (the tag is then dropped). Leaves
 * the name at offset 0 of SCAN->buf and the attributes in SCAN->offs. */
static const char *
read_tag (Scan       *scan,
          const char *p,
          const char *end)
{
  const char *name = p;

  /* Emptied in place: the set_size calls went through remove_range on every tag. */
  scan->buf->len = 0;
  scan->offs->len = 0;
  while (p < end && !is_space (*p) && *p != '/' && *p != '>')
    p++;
  append_lower (scan->buf, name, p);

  while (TRUE)
    {
      const char *an;
      gsize name_off, value_off = NO_VALUE;

      while (p < end && (is_space (*p) || *p == '/'))
        p++;
      if (p >= end)
        return NULL;
      if (*p == '>')
        return p + 1;
      an = p++;   /* a first "=" belongs to the name */
      while (p < end && !is_space (*p) && *p != '/' && *p != '>' && *p != '=')
        p++;
      name_off = append_lower (scan->buf, an, p);
      while (p < end && is_space (*p))
        p++;
      if (p < end && *p == '=')
        {
          const char *v;

          p++;
          while (p < end && is_space (*p))
            p++;
          if (p >= end)
            return NULL;
          if (*p == '"' || *p == '\'')
            {
              const char *close = memchr (p + 1, *p, end - p - 1);

              if (close == NULL)
                return NULL;
              v = p + 1;
              p = close + 1;
              value_off = scan->buf->len;
              append_decoded (scan->buf, v, close);
            }
          else
            {
              v = p;
              while (p < end && !is_space (*p) && *p != '>')
                p++;
              value_off = scan->buf->len;
              append_decoded (scan->buf, v, p);
            }
          g_byte_array_append (scan->buf, (const guint8 *) "", 1);
        }
      g_array_append_val (scan->offs, name_off);
      g_array_append_val (scan->offs, value_off);
    }
}

static const char **
tag_atts (Scan *scan)
{
  scan->atts->len = 0;
  for (guint i = 0; i < scan->offs->len; i++)
    {
      gsize off = g_array_index (scan->offs, gsize, i);
      g_ptr_array_add (scan->atts, off == NO_VALUE ? NULL : (char *) scan->buf->data + off);
    }
  g_ptr_array_add (scan->atts, NULL);
  return (const char **) scan->atts->pdata;
}

static gboolean
is_raw_text (const char *name)
{
  static const char *raw[] = { "script", "style", "textarea", "title", "xmp", "iframe",
                               "noembed", "noframes", NULL };

  if (strchr ("stxin", name[0]) == NULL || name[0] == '\0')
    return FALSE;
  for (guint i = 0; raw[i] != NULL; i++)
    if (strcmp (name, raw[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Where "</NAME" (any case) followed by space, "/" or ">" starts in P..END, or END. */
static const char *
find_raw_end (const char *p,
              const char *end,
              const char *name)
{
  gsize n = strlen (name);

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      if ((gsize) (end - p) >= n + 2 && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, n) == 0 &&
          ((gsize) (end - p) == n + 2 || is_space (p[n + 2]) || p[n + 2] == '/' || p[n + 2] == '>'))
        return p;
      p++;
    }
  return end;
}

static const char *
skip_past (const char *p,
           const char *end,
           char        c)
{
  const char *hit = memchr (p, c, end - p);

  return hit != NULL ? hit + 1 : end;
}

static const char *
skip_comment (const char *p,   /* just after "<!--" */
              const char *end)
{
  /* "<!-->" and "<!--->" end at once. */
  if (p < end && *p == '>')
    return p + 1;
  if (end - p >= 2 && p[0] == '-' && p[1] == '>')
    return p + 2;
  while (p < end)
    {
      const char *dash = memchr (p, '-', end - p);

      if (dash == NULL)
        return end;
      if (end - dash >= 3 && dash[1] == '-' && dash[2] == '>')
        return dash + 3;
      if (end - dash >= 4 && dash[1] == '-' && dash[2] == '!' && dash[3] == '>')
        return dash + 4;
      p = dash + 1;
    }
  return end;
}

void
pb_html_append_decoded (GByteArray *buf,
                        const char *p,
                        gsize       length)
{
  append_decoded (buf, p, p + length);
}

void
pb_html_scan (const char      *data,
              gsize            length,
              PbHtmlStartFunc  start,
              PbHtmlEndFunc    end_func,
              PbHtmlTextFunc   text,
              gpointer         user_data)
{
  pb_html_scan_full (data, length, start, end_func, text, NULL, user_data);
}

void
pb_html_scan_full (const char      *data,
                   gsize            length,
                   PbHtmlStartFunc  start,
                   PbHtmlEndFunc    end_func,
                   PbHtmlTextFunc   text,
                   PbHtmlDataFunc   chars,
                   gpointer         user_data)
{
  const char *p = data, *end = data + length;
  const char *text_from = data;   /* character data not reported yet */
  Scan scan;

  if (data == NULL)
    return;
  scan.buf = g_byte_array_sized_new (256);
  scan.offs = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 16);
  scan.atts = g_ptr_array_sized_new (16);

  while (p < end && (p = memchr (p, '<', end - p)) != NULL)
    {
      const char *q = p + 1;

      if (q >= end)
        break;
      if (chars != NULL && p > text_from
          && (g_ascii_isalpha (*q) || *q == '/' || *q == '!' || *q == '?'))
        chars (user_data, text_from, p - text_from);
      if (g_ascii_isalpha (*q))
        {
          const char *after = read_tag (&scan, q, end);
          const char *name = (const char *) scan.buf->data;

          if (after == NULL)
            break;
          start (user_data, name, tag_atts (&scan));
          p = after;
          if (is_raw_text (name))
            {
              /* NAME lives in scan.buf, which the end tag below overwrites: keep a copy. */
              char raw[16];
              const char *close;

              g_strlcpy (raw, name, sizeof raw);
              close = find_raw_end (p, end, raw);
              if (text != NULL)
                text (user_data, raw, p, close - p);
              if (close >= end)
                {
                  end_func (user_data, raw);
                  break;
                }
              p = close;   /* the end tag is read as any other */
            }
        }
      else if (*q == '/')
        {
          q++;
          if (q < end && g_ascii_isalpha (*q))
            {
              const char *after = read_tag (&scan, q, end);

              if (after == NULL)
                break;
              end_func (user_data, (const char *) scan.buf->data);
              p = after;
            }
          else if (q < end && *q == '>')
            p = q + 1;
          else
            p = skip_past (q, end, '>');   /* bogus comment */
        }
      else if (*q == '!')
        {
          if (end - q >= 3 && q[1] == '-' && q[2] == '-')
            p = skip_comment (q + 3, end);
          else
            p = skip_past (q, end, '>');   /* doctype, CDATA, bogus comment */
        }
      else if (*q == '?')
        p = skip_past (q, end, '>');
      else
        {
          p = q;   /* a "<" in text */
          continue;
        }
      text_from = p;
    }
  /* Text after the last tag (not the inside of a tag the input cut). */
  if (chars != NULL && text_from < end && (p == NULL || p + 1 >= end))
    chars (user_data, text_from, end - text_from);

  g_byte_array_unref (scan.buf);
  g_array_unref (scan.offs);
  g_ptr_array_unref (scan.atts);
}
