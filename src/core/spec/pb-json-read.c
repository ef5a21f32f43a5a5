/* pb-json-read.c: JSON straight into cJSON nodes in one pass, mirroring cJSON or strict
 *
 * One reader for the spec reader (PB_JSON_READ_AS_CJSON: the very tree cJSON 1.7.15 builds,
 * or NULL where it would not mirror it) and the runner's response bodies
 * (PB_JSON_READ_STRICT: RFC 8259). The two modes read differently only where pb-json-read.h
 * says: white space, numbers, NUL bytes, \u0000, the depth of scalars and the byte order mark;
 * and they scan strings each in the way faster for its texts.
 * tests/test-spec-json.c checks the first against cJSON on every JSON spec of the corpus, edge
 * cases and mutations; tests/test-runner-json.c the second, also against cJSON; the fuzz target
 * fuzz-spec-document the first on any input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "pb-json-read.h"
#include "pb-spec-arena.h"

/* Longest number token cJSON reads whole (its buffer is 64 bytes). */
#define CJSON_MAX_NUMBER 63

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
/* Whether the 8 bytes of W hold a zero byte (the classic test). */
#define HAS_ZERO(w) ((((w) - ONES) & ~(w)) & HIGHS)

/* The mode is a constant for the compiler: each reading function below is written once,
 * inlined into one copy per mode (the _cjson and _strict functions), so neither pays for the
 * other's tests in its inner loops. */
typedef struct
{
  const char *p;
  const char *end;
  guint       depth;     /* containers open around r->p */
  gboolean    strict;    /* for the rare paths (escapes) */
} Reader;

/* RFC 8259's white space; cJSON skips every byte up to ' '. */
static const guint8 space_strict[256] = { [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1 };

/* 1: ends a plain run of string bytes: '"', '\\', and NUL (kept as cJSON keeps it in the
 * cJSON mode, refused in the strict one; either way the slower path sees to it). */
static const guint8 string_stop[256] = { ['"'] = 1, ['\\'] = 1, [0] = 1 };

/* Indentation goes eight spaces a step. */
G_ALWAYS_INLINE static inline void
skip_space (Reader  *r,
            gboolean strict)
{
  while (r->p < r->end && (strict ? space_strict[(guchar) *r->p] : (guchar) *r->p <= ' '))
    {
      guint64 w;

      r->p++;
      while (r->end - r->p >= 8)
        {
          memcpy (&w, r->p, 8);
          if (w != G_GUINT64_CONSTANT (0x2020202020202020))
            break;
          r->p += 8;
        }
    }
}

static inline cJSON *
new_node (void)
{
  cJSON *node = cJSON_malloc (sizeof (cJSON));

  if (node != NULL)
    memset (node, 0, sizeof (cJSON));
  return node;
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      char c = p[i];

      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return -1;
    }
  return v;
}

static inline char *
put_utf8 (char    *o,
          gunichar cp)
{
  if (cp < 0x80)
    *o++ = (char) cp;
  else if (cp < 0x800)
    {
      *o++ = (char) (0xC0 | (cp >> 6));
      *o++ = (char) (0x80 | (cp & 0x3F));
    }
  else if (cp < 0x10000)
    {
      *o++ = (char) (0xE0 | (cp >> 12));
      *o++ = (char) (0x80 | ((cp >> 6) & 0x3F));
      *o++ = (char) (0x80 | (cp & 0x3F));
    }
  else
    {
      *o++ = (char) (0xF0 | (cp >> 18));
      *o++ = (char) (0x80 | ((cp >> 12) & 0x3F));
      *o++ = (char) (0x80 | ((cp >> 6) & 0x3F));
      *o++ = (char) (0x80 | (cp & 0x3F));
    }
  return o;
}

/* Decodes the escapes of [S, E) (which ends before the closing quote) into OUT, which has
 * room for E - S + 1 bytes (an escape never grows). FALSE for an escape to refuse. */
static gboolean
unescape (const Reader *r,
          const char   *s,
          const char   *e,
          char         *o)
{
  while (s < e)
    {
      const char *run = s;
      int first;
      gunichar cp;

      while (s < e && *s != '\\')
        s++;
      memcpy (o, run, s - run);
      o += s - run;
      if (s >= e)
        break;
      switch (s[1])
        {
        case 'b': *o++ = '\b'; s += 2; continue;
        case 'f': *o++ = '\f'; s += 2; continue;
        case 'n': *o++ = '\n'; s += 2; continue;
        case 'r': *o++ = '\r'; s += 2; continue;
        case 't': *o++ = '\t'; s += 2; continue;
        case '"': case '\\': case '/': *o++ = s[1]; s += 2; continue;
        case 'u': break;
        default: return FALSE;
        }
      first = e - s >= 6 ? hex4 (s + 2) : -1;
      /* Lone low surrogates are errors. \u0000 ends a C string early, as in cJSON, whose
       * parse_hex4 also reads a bad digit as 0: the cJSON mode leaves both to cJSON. */
      if (first < 0 || (first == 0 && !r->strict) || (first >= 0xDC00 && first <= 0xDFFF))
        return FALSE;
      if (first >= 0xD800 && first <= 0xDBFF)
        {
          int second = e - s >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4 (s + 8) : -1;

          if (second < 0xDC00 || second > 0xDFFF)
            return FALSE;
          cp = 0x10000 + (((gunichar) (first & 0x3FF) << 10) | (second & 0x3FF));
          s += 12;
        }
      else
        {
          cp = (gunichar) first;
          s += 6;
        }
      o = put_utf8 (o, cp);
    }
  *o = '\0';
  return TRUE;
}

/* The string at r->p (its opening quote), decoded into cJSON's allocator; NULL to refuse. */
G_ALWAYS_INLINE static inline char *
read_string (Reader  *r,
             gboolean strict)
{
  const char *start = r->p + 1;
  const char *s = start;
  const char *e;
  char *out;

  /* A spec's strings run long (descriptions): eight bytes a step while none is '"' or '\\'.
   * A response body's are mostly short keys and values, where the byte loop alone is faster
   * (and its table stops at NUL, which the strict mode refuses). */
  if (!strict)
    while (r->end - s >= 8)
      {
        guint64 w, q, b;

        memcpy (&w, s, 8);
        q = w ^ G_GUINT64_CONSTANT (0x2222222222222222);   /* '"' */
        b = w ^ G_GUINT64_CONSTANT (0x5C5C5C5C5C5C5C5C);   /* '\\' */
        if (HAS_ZERO (q) | HAS_ZERO (b))
          break;
        s += 8;
      }
  while (s < r->end && !string_stop[(guchar) *s])
    s++;
  if (s < r->end && *s == '"')
    {
      out = cJSON_malloc (s - start + 1);
      if (out == NULL)
        return NULL;
      memcpy (out, start, s - start);
      out[s - start] = '\0';
      r->p = s + 1;
      return out;
    }
  /* Escapes or a NUL byte: find the end as cJSON does, then decode. */
  for (e = s; e < r->end && *e != '"'; e += *e == '\\' ? 2 : 1)
    if (*e == '\0' && strict)
      return NULL;
  if (e >= r->end)
    return NULL;
  out = cJSON_malloc (e - start + 1);
  if (out == NULL)
    return NULL;
  if (!unescape (r, start, e, out))
    {
      cJSON_free (out);
      return NULL;
    }
  r->p = e + 1;
  return out;
}

static inline void
set_number (cJSON *node,
            double d)
{
  node->type = cJSON_Number;
  node->valuedouble = d;
  if (d >= INT_MAX)
    node->valueint = INT_MAX;
  else if (d <= (double) INT_MIN)
    node->valueint = INT_MIN;
  else
    node->valueint = (int) d;
}

/* A number at r->p into NODE, read as cJSON reads one: the run of characters a number may
 * hold (at most CJSON_MAX_NUMBER), as far as strtod takes it. FALSE to give up. */
static gboolean
read_number_cjson (Reader *r,
                   cJSON  *node)
{
  const char *s = r->p;
  gsize n = 0, digits = 0;
  gboolean plain = TRUE;   /* -?[0-9]+ */
  guint64 v = 0;
  double d;

  if (*s != '-' && (*s < '0' || *s > '9'))
    return FALSE;
  for (; n < CJSON_MAX_NUMBER && s + n < r->end; n++)
    {
      char c = s[n];

      if (c >= '0' && c <= '9')
        {
          v = v * 10 + (guint64) (c - '0');
          digits++;
        }
      else if (c == '-' && n == 0)
        ;
      else if (c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.')
        plain = FALSE;
      else
        break;
    }
  if (plain && digits > 0 && digits <= 15)
    {
      /* exact in a double, as strtod reads it */
      d = *s == '-' ? -(double) v : (double) v;
    }
  else
    {
      char buffer[CJSON_MAX_NUMBER + 1];
      char *after = NULL;

      memcpy (buffer, s, n);
      buffer[n] = '\0';
      d = g_ascii_strtod (buffer, &after);
      if (after == buffer)
        return FALSE;
      n = after - buffer;
    }
  set_number (node, d);
  r->p = s + n;
  return TRUE;
}

static inline gboolean
at_digit (const Reader *r)
{
  return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

/* A number at r->p into NODE by JSON's grammar, of any length. FALSE to refuse. */
static gboolean
read_number_strict (Reader *r,
                    cJSON  *node)
{
  const char *start = r->p;
  const char *digits;
  gboolean whole = TRUE;
  double d;

  if (*r->p == '-')
    r->p++;
  digits = r->p;
  if (!at_digit (r))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (at_digit (r))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      whole = FALSE;
      if (!at_digit (r))
        return FALSE;
      while (at_digit (r))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      whole = FALSE;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!at_digit (r))
        return FALSE;
      while (at_digit (r))
        r->p++;
    }
  if (whole && r->p - digits <= 15)
    {
      /* exact in a double, as strtod reads it */
      gint64 v = 0;

      for (const char *c = digits; c < r->p; c++)
        v = v * 10 + (*c - '0');
      d = *start == '-' ? -(double) v : (double) v;
    }
  else
    {
      char buf[64];
      g_autofree char *big = NULL;
      gsize len = (gsize) (r->p - start);
      char *text = len < sizeof buf ? buf : (big = g_malloc (len + 1));

      memcpy (text, start, len);
      text[len] = '\0';
      d = g_ascii_strtod (text, NULL);
    }
  set_number (node, d);
  return TRUE;
}

static gboolean read_container_cjson  (Reader *r, cJSON *node, gboolean object);
static gboolean read_container_strict (Reader *r, cJSON *node, gboolean object);

static char *
read_string_cjson (Reader *r)
{
  return read_string (r, FALSE);
}

static char *
read_string_strict (Reader *r)
{
  return read_string (r, TRUE);
}

/* The value at r->p into NODE. The strict mode counts any value's depth, not only
 * containers'. */
G_ALWAYS_INLINE static inline gboolean
read_value (Reader  *r,
            cJSON   *node,
            gboolean strict)
{
  gsize left = r->end - r->p;

  if (left == 0 || (strict && r->depth >= PB_JSON_READ_MAX_DEPTH))
    return FALSE;
  switch (*r->p)
    {
    case '"':
      node->type = cJSON_String;
      node->valuestring = strict ? read_string_strict (r) : read_string_cjson (r);
      return node->valuestring != NULL;
    case '{':
    case '[':
      return strict ? read_container_strict (r, node, *r->p == '{')
                    : read_container_cjson (r, node, *r->p == '{');
    case 'n':
      if (left < 4 || memcmp (r->p, "null", 4) != 0)
        return FALSE;
      node->type = cJSON_NULL;
      r->p += 4;
      return TRUE;
    case 'f':
      if (left < 5 || memcmp (r->p, "false", 5) != 0)
        return FALSE;
      node->type = cJSON_False;
      r->p += 5;
      return TRUE;
    case 't':
      if (left < 4 || memcmp (r->p, "true", 4) != 0)
        return FALSE;
      node->type = cJSON_True;
      node->valueint = 1;
      r->p += 4;
      return TRUE;
    default:
      return strict ? read_number_strict (r, node) : read_number_cjson (r, node);
    }
}

/* Appends CHILD to PARENT (whose last child is *LAST), as cJSON links them. */
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
  parent->child->prev = child;
}

/* The container at r->p into NODE. Each child is linked before it is read, so on failure
 * the whole tree hangs from the root (freed with it, or with the arena). */
G_ALWAYS_INLINE static inline gboolean
read_container (Reader  *r,
                cJSON   *node,
                gboolean object,
                gboolean strict)
{
  cJSON *last = NULL;
  char close = object ? '}' : ']';

  if (r->depth >= PB_JSON_READ_MAX_DEPTH)
    return FALSE;
  node->type = object ? cJSON_Object : cJSON_Array;
  r->depth++;
  r->p++;
  skip_space (r, strict);
  if (r->p < r->end && *r->p == close)
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  for (;;)
    {
      cJSON *child = new_node ();

      if (child == NULL)
        return FALSE;
      link_child (node, &last, child);
      if (object)
        {
          if (r->p >= r->end || *r->p != '"')
            return FALSE;
          child->string = strict ? read_string_strict (r) : read_string_cjson (r);
          if (child->string == NULL)
            return FALSE;
          skip_space (r, strict);
          if (r->p >= r->end || *r->p != ':')
            return FALSE;
          r->p++;
          skip_space (r, strict);
        }
      if (!read_value (r, child, strict))
        return FALSE;
      skip_space (r, strict);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          skip_space (r, strict);
          continue;
        }
      if (r->p < r->end && *r->p == close)
        {
          r->p++;
          r->depth--;
          return TRUE;
        }
      return FALSE;
    }
}

static gboolean
read_container_cjson (Reader  *r,
                      cJSON   *node,
                      gboolean object)
{
  return read_container (r, node, object, FALSE);
}

static gboolean
read_container_strict (Reader  *r,
                       cJSON   *node,
                       gboolean object)
{
  return read_container (r, node, object, TRUE);
}

cJSON *
pb_json_read (const char     *data,
              gsize           length,
              PbJsonReadMode  mode)
{
  gboolean strict = mode == PB_JSON_READ_STRICT;
  Reader r;
  cJSON *root;
  gboolean read;

  if (data == NULL)
    return NULL;
  r = (Reader) { data, data + length, 0, strict };
  if (strict && length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    r.p += 3;
  root = new_node ();
  if (root == NULL)
    return NULL;
  if (strict)
    {
      skip_space (&r, TRUE);
      read = read_value (&r, root, TRUE);
    }
  else
    {
      skip_space (&r, FALSE);
      read = read_value (&r, root, FALSE);
    }
  if (read)
    {
      /* After the value only these (cJSON stops right after it; pb_spec_parse allows them). */
      while (r.p < r.end && (*r.p == ' ' || *r.p == '\t' || *r.p == '\n' || *r.p == '\r'))
        r.p++;
      if (r.p == r.end)
        return root;
    }
  /* In an arena the nodes go with it. */
  if (pb_spec_arena_current () == NULL)
    cJSON_Delete (root);
  return NULL;
}
