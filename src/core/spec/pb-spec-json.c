/* pb-spec-json.c: JSON straight into cJSON nodes, the very tree cJSON_Parse builds, faster
 *
 * cJSON's parser scans every string twice and copies every number into a buffer for strtod;
 * on a 13 MB spec it was most of the read. This one reads the text once and builds, node for
 * node, the tree cJSON 1.7.15 builds from it: the same types, strings, numbers (the run of
 * number characters as strtod takes it, integers of up to 15 digits exactly; valueint
 * saturated as cJSON does), key order and links (a container's first child's prev is its
 * last), whitespace as cJSON skips it and control characters in strings kept as cJSON keeps
 * them. Whatever it does not mirror — any error, \u0000, lone surrogates, an unknown escape,
 * nesting at cJSON's limit — makes it give up and return NULL: the caller then parses with
 * cJSON, which gives the tree or its own error, so the reader's output and its messages do
 * not depend on which parser ran. tests/test-spec-json.c checks the two trees are equal on
 * every JSON spec of the corpus and on hand-written edge cases; the fuzz target on any input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "pb-spec-arena.h"
#include "pb-spec-parse.h"

/* Longest number token cJSON reads whole (its buffer is 64 bytes). */
#define MAX_NUMBER 63

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
} Reader;

/* 1: ends a plain run of string bytes ('"' and '\\'). */
static const guint8 string_stop[256] = { ['"'] = 1, ['\\'] = 1 };

/* cJSON skips every byte up to ' ' as white space. Indentation goes eight spaces a step. */
static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (guchar) *r->p <= ' ')
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
new_node (int type)
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

/* The string at r->p (its opening quote), decoded into cJSON's allocator; NULL to give up. */
static char *
read_string (Reader *r)
{
  const char *start = r->p + 1;
  const char *s = start;
  char *out, *o;

  /* Eight bytes a step while none is '"' or '\\' (the classic "has a zero byte" test). */
  while (r->end - s >= 8)
    {
      guint64 w, q, b;

      memcpy (&w, s, 8);
      q = w ^ G_GUINT64_CONSTANT (0x2222222222222222);   /* '"' */
      b = w ^ G_GUINT64_CONSTANT (0x5C5C5C5C5C5C5C5C);   /* '\\' */
      if ((((q - G_GUINT64_CONSTANT (0x0101010101010101)) & ~q)
           | ((b - G_GUINT64_CONSTANT (0x0101010101010101)) & ~b))
          & G_GUINT64_CONSTANT (0x8080808080808080))
        break;
      s += 8;
    }
  while (s < r->end && !string_stop[(guchar) *s])
    s++;
  if (s >= r->end || *s != '"')
    {
      /* Escapes (or something to give up on): find the end as cJSON does, then decode. */
      const char *e = s;

      while (e < r->end && *e != '"')
        e += *e == '\\' ? 2 : 1;
      if (e >= r->end)
        return NULL;
      out = o = cJSON_malloc (e - start + 1);
      if (out == NULL)
        return NULL;
      for (s = start; s < e;)
        {
          const char *run = s;
          unsigned long cp;

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
            default: goto give_up;
            }
          {
            int first = e - s >= 6 ? hex4 (s + 2) : -1;

            /* \u0000 ends a C string early in cJSON; lone surrogates are errors: give up. */
            if (first <= 0 || (first >= 0xDC00 && first <= 0xDFFF))
              goto give_up;
            if (first >= 0xD800 && first <= 0xDBFF)
              {
                int second = e - s >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4 (s + 8) : -1;

                if (second < 0xDC00 || second > 0xDFFF)
                  goto give_up;
                cp = 0x10000 + (((unsigned long) (first & 0x3FF) << 10) | (second & 0x3FF));
                s += 12;
              }
            else
              {
                cp = first;
                s += 6;
              }
          }
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
        }
      *o = '\0';
      r->p = e + 1;
      return out;

    give_up:
      cJSON_free (out);
      return NULL;
    }
  out = cJSON_malloc (s - start + 1);
  if (out == NULL)
    return NULL;
  memcpy (out, start, s - start);
  out[s - start] = '\0';
  r->p = s + 1;
  return out;
}

/* A number at r->p into NODE, read as cJSON reads one: the run of characters a number may
 * hold (at most MAX_NUMBER), as far as strtod takes it. FALSE to give up. */
static gboolean
read_number (Reader *r,
             cJSON  *node)
{
  const char *s = r->p;
  gsize n = 0, digits = 0;
  gboolean plain = TRUE;   /* -?[0-9]+ */
  guint64 v = 0;
  double d;

  if (*s != '-' && (*s < '0' || *s > '9'))
    return FALSE;
  for (; n < MAX_NUMBER && s + n < r->end; n++)
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
      char buffer[MAX_NUMBER + 1];
      char *after = NULL;

      memcpy (buffer, s, n);
      buffer[n] = '\0';
      d = g_ascii_strtod (buffer, &after);
      if (after == buffer)
        return FALSE;
      n = after - buffer;
    }
  node->valuedouble = d;
  if (d >= INT_MAX)
    node->valueint = INT_MAX;
  else if (d <= (double) INT_MIN)
    node->valueint = INT_MIN;
  else
    node->valueint = (int) d;
  r->p = s + n;
  return TRUE;
}

static gboolean read_value (Reader *r, cJSON *node);

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

static gboolean
read_container (Reader *r,
                cJSON  *node,
                gboolean object)
{
  cJSON *last = NULL;
  char close = object ? '}' : ']';

  if (r->depth >= PB_SPEC_MAX_DEPTH)
    return FALSE;
  r->depth++;
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == close)
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  for (;;)
    {
      cJSON *child = new_node (0);

      if (child == NULL)
        return FALSE;
      link_child (node, &last, child);
      if (object)
        {
          if (r->p >= r->end || *r->p != '"' || (child->string = read_string (r)) == NULL)
            return FALSE;
          skip_space (r);
          if (r->p >= r->end || *r->p != ':')
            return FALSE;
          r->p++;
          skip_space (r);
        }
      if (!read_value (r, child))
        return FALSE;
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          skip_space (r);
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
read_value (Reader *r,
            cJSON  *node)
{
  gsize left = r->end - r->p;

  if (left == 0)
    return FALSE;
  switch (*r->p)
    {
    case '"':
      node->type = cJSON_String;
      return (node->valuestring = read_string (r)) != NULL;
    case '{':
      node->type = cJSON_Object;
      return read_container (r, node, TRUE);
    case '[':
      node->type = cJSON_Array;
      return read_container (r, node, FALSE);
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
      node->type = cJSON_Number;
      return read_number (r, node);
    }
}

cJSON *
pb_spec_parse_json_strict (const char *data,
                           gsize       length)
{
  Reader r = { data, data + length, 0 };
  cJSON *root = new_node (0);

  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (read_value (&r, root))
    {
      /* After the value, pb_spec_parse allows only these (cJSON stops right after it). */
      while (r.p < r.end && (*r.p == ' ' || *r.p == '\t' || *r.p == '\n' || *r.p == '\r'))
        r.p++;
      if (r.p == r.end)
        return root;
    }
  /* Give up: the caller parses again with cJSON. In an arena the nodes go with it. */
  if (pb_spec_arena_current () == NULL)
    cJSON_Delete (root);
  return NULL;
}
