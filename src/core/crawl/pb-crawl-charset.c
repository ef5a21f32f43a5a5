/* pb-crawl-charset.c: converting fetched page bodies to UTF-8 (header, BOM, <meta> charset)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "pb-crawl-charset.h"

#define PRESCAN_BYTES 2048

/* WHATWG encoding labels that glibc's iconv spells differently or that browsers widen. */
static const struct { const char *label; const char *iconv_name; } charset_aliases[] = {
  { "iso-8859-1", "WINDOWS-1252" }, { "iso8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
  { "l1", "WINDOWS-1252" }, { "us-ascii", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
  { "cp1252", "WINDOWS-1252" }, { "x-cp1252", "WINDOWS-1252" },
  { "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" }, { "x-sjis", "CP932" },
  { "ms_kanji", "CP932" }, { "windows-31j", "CP932" },
  { "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
  { "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
  { "utf-16", "UTF-16LE" },
};

/* g_utf8_validate_len (NULs are invalid too), 8 bytes a step over ASCII: docs pages are
 * nearly all markup, and this ran over every byte of every page. */
static gboolean
utf8_valid (const char *data,
            gsize       length)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  while (i < length)
    {
      guint64 word;
      gunichar c;

      if (length - i >= 8)
        {
          memcpy (&word, data + i, 8);
          /* all below 0x80 and none 0 */
          if ((word & high) == 0 && ((word - ones) & ~word & high) == 0)
            {
              i += 8;
              continue;
            }
        }
      if (data[i] == '\0')
        return FALSE;
      if ((guchar) data[i] < 0x80)
        {
          i++;
          continue;
        }
      c = g_utf8_get_char_validated (data + i, MIN (length - i, 4));
      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      i = g_utf8_next_char (data + i) - data;
    }
  return TRUE;
}

static gboolean
is_utf8_label (const char *label)
{
  return g_ascii_strcasecmp (label, "utf-8") == 0 || g_ascii_strcasecmp (label, "utf8") == 0 ||
         g_ascii_strcasecmp (label, "unicode-1-1-utf-8") == 0;
}

/* Finds "charset=VALUE" inside the first <meta …> tags of DATA. */
static char *
prescan_meta_charset (const char *data,
                      gsize       length)
{
  gsize n = MIN (length, PRESCAN_BYTES);
  g_autofree char *head = g_ascii_strdown (data, n);

  for (char *meta = strstr (head, "<meta"); meta != NULL; meta = strstr (meta + 5, "<meta"))
    {
      char *end = strchr (meta, '>');
      char *cs;

      if (end == NULL)
        break;
      *end = '\0';
      cs = strstr (meta, "charset");
      if (cs != NULL)
        {
          const char *p = cs + strlen ("charset");
          gsize len = 0;

          while (*p == ' ' || *p == '\t')
            p++;
          if (*p == '=')
            {
              p++;
              while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
                p++;
              while (p[len] != '\0'
                     && (g_ascii_isalnum (p[len]) || strchr ("-_.:", p[len]) != NULL))
                len++;
              if (len > 0 && len < 40)
                return g_strndup (p, len);
            }
        }
      *end = '>';
    }
  return NULL;
}

static const char *
iconv_name_for (const char *label)
{
  for (guint i = 0; i < G_N_ELEMENTS (charset_aliases); i++)
    if (g_ascii_strcasecmp (label, charset_aliases[i].label) == 0)
      return charset_aliases[i].iconv_name;
  return label;
}

/* iconv, but every invalid or truncated sequence becomes U+FFFD instead of an error. */
static GBytes *
convert_lossy (const char *data,
               gsize       length,
               GIConv      cd)
{
  GByteArray *out = g_byte_array_sized_new (length + length / 2 + 16);
  char *in = (char *) data;
  gsize in_left = length;
  char chunk[8192];

  while (TRUE)
    {
      char *o = chunk;
      gsize o_left = sizeof chunk;
      gsize r = g_iconv (cd, in_left > 0 ? &in : NULL, &in_left, &o, &o_left);
      int saved = errno;

      g_byte_array_append (out, (guint8 *) chunk, sizeof chunk - o_left);
      if (r != (gsize) -1)
        {
          if (in_left == 0)
            break;
          continue;
        }
      if (saved == E2BIG)
        continue;
      /* EILSEQ (invalid) or EINVAL (cut at the end): replace one byte and go on. */
      g_byte_array_append (out, (const guint8 *) "\xEF\xBF\xBD", 3);
      in++;
      in_left--;
      if (in_left == 0)
        break;
    }
  return g_byte_array_free_to_bytes (out);
}

GBytes *
pb_crawl_html_to_utf8 (const char  *data,
                       gsize        length,
                       const char  *header_charset,
                       char       **out_charset)
{
  g_autofree char *label = NULL;
  const char *name;
  GIConv cd;
  GBytes *bytes;

  if (data == NULL)
    {
      data = "";
      length = 0;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      label = g_strdup ("UTF-8");
      data += 3;
      length -= 3;
    }
  else if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      label = g_strdup (data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE");
      data += 2;
      length -= 2;
    }
  else if (header_charset != NULL && *header_charset != '\0')
    label = g_strdup (header_charset);
  else
    label = prescan_meta_charset (data, length);

  if (label == NULL)
    label = g_strdup (utf8_valid (data, length) ? "UTF-8" : "windows-1252");

  if (out_charset != NULL)
    *out_charset = g_strdup (label);

  if (is_utf8_label (label))
    goto utf8;

  name = iconv_name_for (label);
  cd = g_iconv_open ("UTF-8", name);
  if (cd == (GIConv) -1)
    goto utf8;  /* unknown label: read it as UTF-8, replacing what is not */
  bytes = convert_lossy (data, length, cd);
  g_iconv_close (cd);
  return bytes;

utf8:
  if (utf8_valid (data, length))
    return g_bytes_new (data, length);
  {
    char *valid = g_utf8_make_valid (data, length);
    return g_bytes_new_take (valid, strlen (valid));
  }
}

GBytes *
pb_crawl_html_bytes_to_utf8 (GBytes      *bytes,
                             const char  *header_charset,
                             char       **out_charset)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *label = NULL;

  /* Most pages are UTF-8 already: keep their bytes instead of copying them. */
  if (data != NULL
      && !(length >= 2
           && ((guchar)data[0] == 0xEF || (guchar)data[0] == 0xFF || (guchar)data[0] == 0xFE)))
    {
      label = header_charset != NULL && *header_charset != '\0'
                ? g_strdup (header_charset)
                : prescan_meta_charset (data, length);
      if ((label == NULL || is_utf8_label (label)) && utf8_valid (data, length))
        {
          if (out_charset != NULL)
            *out_charset = g_strdup (label != NULL ? label : "UTF-8");
          return g_bytes_ref (bytes);
        }
    }
  return pb_crawl_html_to_utf8 (data, length, header_charset, out_charset);
}

gboolean
pb_crawl_utf8_valid (const char *data,
                     gsize       length)
{
  return utf8_valid (data, length);
}
