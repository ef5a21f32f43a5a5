/* pb-spec-parse.c: checks that bytes are text, picks JSON or YAML from the content and
 * parses them into one cJSON tree, with "line L, column C" in every parse error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-error.h"
#include "pb-json-read.h"
#include "pb-spec-parse.h"

#define EXCERPT_CHARS 24

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The text around column COLUMN (1-based, in characters) of the line starting at LINE_START,
 * printable and at most about 2 × EXCERPT_CHARS characters long. */
static char *
excerpt (const char *data,
         gsize       length,
         gsize       line_start,
         gsize       column)
{
  const char *p = data + MIN (line_start, length);
  const char *end = data + length;
  const char *nl = memchr (p, '\n', end - p);
  const char *line_end = nl != NULL ? nl : end;
  g_autoptr (GString) out = g_string_new (NULL);
  gsize first = column > EXCERPT_CHARS ? column - EXCERPT_CHARS : 1;
  gsize col = 1;

  while (p < line_end && col < first + 2 * EXCERPT_CHARS)
    {
      gunichar c = g_utf8_get_char_validated (p, line_end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD;
          next = p + 1;
        }
      else
        next = g_utf8_next_char (p);
      if (col >= first)
        {
          if (c < 0x20 || c == 0x7F)
            g_string_append_c (out, c == '\t' ? ' ' : '?');
          else
            g_string_append_unichar (out, c);
        }
      p = next;
      col++;
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_error (GError     **error,
           const char  *data,
           gsize        length,
           gsize        line,
           gsize        column,
           gsize        line_start,
           const char  *name,
           const char  *format,
           const char  *what)
{
  g_autofree char *near = excerpt (data, length, line_start, column);

  if (near[0] != '\0')
    g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                 "Could not read %s as %s: line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
                 ": %s, near “%s”",
                 name, format, line, column, what, near);
  else
    g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                 "Could not read %s as %s: line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
                 ": %s",
                 name, format, line, column, what);
}

void
pb_spec_parse_set_error_at (GError     **error,
                            const char  *data,
                            gsize        length,
                            gsize        offset,
                            const char  *name,
                            const char  *format,
                            const char  *what)
{
  gsize line = 1, line_start = 0, column = 1;

  offset = MIN (offset, length);
  for (const char *p = data, *end = data + offset; (p = memchr (p, '\n', end - p)) != NULL; p++)
    {
      line++;
      line_start = p + 1 - data;
    }
  /* Columns count characters, not bytes: skip UTF-8 continuation bytes (and a BOM). */
  if (line_start == 0 && length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 && offset >= 3)
    line_start = 3;
  for (gsize i = line_start; i < offset; i++)
    if (((guchar) data[i] & 0xC0) != 0x80)
      column++;
  set_error (error, data, length, line, column, line_start, name, format, what);
}

void
pb_spec_parse_set_error_at_line (GError     **error,
                                 const char  *data,
                                 gsize        length,
                                 gsize        line,
                                 gsize        column,
                                 const char  *name,
                                 const char  *format,
                                 const char  *what)
{
  gsize line_start = 0;
  const char *p = data, *end = data + length;

  for (gsize l = 1; l < line && p < end; l++)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        break;
      p = nl + 1;
    }
  line_start = p - data;
  set_error (error, data, length, line, column, line_start, name, format, what);
}

/* Why cJSON stopped at *OFFSET: it only says where, and on a truncated document it points
 * at the start of the unfinished value, so look at the whole text. */
static char *
json_problem (const char *data,
              gsize       length,
              gsize      *offset)
{
  guint depth = 0, max_depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          depth++;
          max_depth = MAX (max_depth, depth);
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  /* cJSON refuses nesting deeper than its limit: say so rather than "unexpected [". */
  if (max_depth >= PB_SPEC_MAX_DEPTH)
    return g_strdup_printf ("nesting deeper than %d levels", PB_SPEC_MAX_DEPTH);
  if (*offset >= length || in_string || depth > 0)
    {
      *offset = length;
      return g_strdup ("unexpected end of the document (is the file truncated?)");
    }
  /* cJSON may stop inside a multi-byte character: point at its start. */
  while (*offset > 0 && ((guchar) data[*offset] & 0xC0) == 0x80)
    (*offset)--;
  if ((guchar) data[*offset] < 0x20 || data[*offset] == 0x7F)
    return g_strdup_printf ("unexpected control character 0x%02X", (guchar) data[*offset]);
  {
    const char *at = data + *offset;
    gsize n = MIN ((gsize) (g_utf8_next_char (at) - at), length - *offset);

    return g_strdup_printf ("unexpected “%.*s”", (int) n, at);
  }
}

static cJSON *
parse_json (const char  *data,
            gsize        length,
            gsize        start,
            const char  *name,
            GError     **error)
{
  const char *end = NULL;
  cJSON *root = pb_json_read (data + start, length - start, PB_JSON_READ_AS_CJSON);
  gsize offset;

  if (root != NULL)
    return root;
  /* Errors and the odd construct: cJSON's own reading, and its error position. */
  root = cJSON_ParseWithLengthOpts (data + start, length - start, &end, FALSE);
  if (root != NULL)
    {
      /* cJSON stops after the first value: anything but space after it is an error. */
      offset = end - data;
      while (offset < length && is_space (data[offset]))
        offset++;
      if (offset == length)
        return root;
      cJSON_Delete (root);
      pb_spec_parse_set_error_at (error, data, length, offset, name, "JSON",
                                  "unexpected content after the end of the JSON document");
      return NULL;
    }
  {
    g_autofree char *what = NULL;

    offset = end != NULL ? (gsize) (end - data) : length;
    what = json_problem (data, length, &offset);
    pb_spec_parse_set_error_at (error, data, length, offset, name, "JSON", what);
  }
  return NULL;
}

/* g_utf8_validate_len, with a fast path over ASCII (nearly all of a spec), 8 bytes a step. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **bad)
{
  gsize i = 0;

  while (i < length)
    {
      guint64 word;

      if (length - i >= 8)
        {
          memcpy (&word, data + i, 8);
          if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              i += 8;
              continue;
            }
        }
      if ((guchar) data[i] < 0x80)
        {
          i++;
          continue;
        }
      {
        /* One non-ASCII character: at most 4 bytes. */
        gunichar c = g_utf8_get_char_validated (data + i, MIN (length - i, 4));

        if (c == (gunichar) -1 || c == (gunichar) -2)
          {
            *bad = data + i;
            return FALSE;
          }
        i = g_utf8_next_char (data + i) - data;
      }
    }
  return TRUE;
}

/* Refuses what is plainly not a text spec, with a message that says what it looks like. */
static gboolean
check_text (const char  *data,
            gsize        length,
            gsize       *out_start,
            const char  *name,
            GError     **error)
{
  const char *bad = NULL;
  gsize start = 0;

  if (length >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                      ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
                   "%s is UTF-16 text: save it as UTF-8 and try again", name);
      return FALSE;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
        "%s contains NUL bytes: it looks like a binary file, not an OpenAPI or Swagger document "
        "(JSON or YAML)",
        name);
      return FALSE;
    }
  if (!validate_utf8 (data, length, &bad))
    {
      gsize controls = 0, n = MIN (length, 4096);

      for (gsize i = 0; i < n; i++)
        if ((guchar) data[i] < 0x20 && !is_space (data[i]))
          controls++;
      if (controls * 20 > n)
        {
          g_set_error (
            error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
            "%s looks like a binary file, not an OpenAPI or Swagger document (JSON or YAML)", name);
          return FALSE;
        }
      pb_spec_parse_set_error_at (error, data, length, bad - data, name, "text",
                                  "invalid UTF-8 (the document must be UTF-8 encoded)");
      return FALSE;
    }
  while (start < length && is_space (data[start]))
    start++;
  if (start == length)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   "%s is empty (line 1, column 1): expected an OpenAPI or Swagger document", name);
      return FALSE;
    }
  if (data[start] == '<')
    {
      gsize n = MIN (length - start, 1024);
      gboolean html = g_strstr_len (data + start, n, "<html") != NULL ||
                      g_strstr_len (data + start, n, "<HTML") != NULL ||
                      g_ascii_strncasecmp (data + start, "<!doctype html", MIN (n, 14)) == 0;

      g_set_error (
        error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
        html
          ? "%s is an HTML page, not an OpenAPI or Swagger document: give the URL of the spec "
            "itself, or the documentation site to crawl"
          : "%s is an XML document, not an OpenAPI or Swagger document (JSON or YAML)",
        name);
      return FALSE;
    }
  *out_start = start;
  return TRUE;
}

cJSON *
pb_spec_parse (const char    *data,
               gsize          length,
               const char    *name,
               PbSpecFormat  *out_format,
               GError       **error)
{
  gsize start = 0;
  cJSON *root;

  if (data == NULL)
    data = "";
  if (!check_text (data, length, &start, name, error))
    return NULL;

  /* JSON is YAML too, but a JSON document with an error is best told as JSON: no fallback. */
  if (data[start] == '{' || data[start] == '[')
    {
      root = parse_json (data, length, start, name, error);
      if (root != NULL && out_format != NULL)
        *out_format = PB_SPEC_FORMAT_JSON;
      return root;
    }

  root = pb_spec_parse_yaml (data, length, name, error);
  if (root != NULL && out_format != NULL)
    *out_format = PB_SPEC_FORMAT_YAML;
  return root;
}
