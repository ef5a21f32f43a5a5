/* pb-spec-yaml.c: YAML → cJSON, built straight from libyaml's events (no intermediate tree)
 *
 * Typing follows the YAML 1.2 core schema, as js-yaml and other OpenAPI tools read specs:
 * plain null/~/true/false/numbers are typed, quoted scalars and keys stay strings. Anchors
 * and aliases are copied into the tree with a budget (PB_SPEC_MAX_ALIAS_NODES) so a
 * "billion laughs" document is refused instead of filling memory; merge keys (<<) are
 * applied. Only the first document of a stream is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "pb-error.h"
#include "pb-spec-arena.h"
#include "pb-spec-parse.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

typedef struct
{
  cJSON     *node;       /* the mapping or sequence being filled */
  char      *key;        /* mappings: the key waiting for its value (owned) */
  gboolean   have_key;
  gboolean   key_is_merge;
  char      *anchor;     /* registered when the node is complete (owned) */
  GPtrArray *merges;     /* mappings: values of "<<" keys, applied at the end */
} Frame;

typedef struct
{
  const char   *data;
  gsize         length;
  const char   *name;
  GArray       *stack;     /* of Frame */
  GHashTable   *anchors;   /* name (owned) → node in the tree or in detached */
  GPtrArray    *detached;  /* nodes not in the tree (merge sources, anchored keys) */
  gsize         copied;    /* nodes copied for aliases and merges so far */
  cJSON        *root;
  yaml_mark_t   mark;      /* where the current event starts, for errors */
  GError      **error;
  gboolean      failed;
} Builder;

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->key, free);
  g_clear_pointer (&frame->anchor, free);
  g_clear_pointer (&frame->merges, g_ptr_array_unref);
  /* Frames still on the stack own their unfinished node. */
  g_clear_pointer (&frame->node, cJSON_Delete);
}

static void
fail (Builder    *b,
      const char *what)
{
  if (b->failed)
    return;
  b->failed = TRUE;
  pb_spec_parse_set_error_at_line (b->error, b->data, b->length,
                                   b->mark.line + 1, b->mark.column + 1,
                                   b->name, "YAML", what);
}

/* A string node for STR (libyaml's, malloc'd: freed here), copied with cJSON's allocator
 * so it lands in the document's arena. */
static cJSON *
string_node (char  *str,
             gsize  length)
{
  cJSON *item = cJSON_CreateNull ();

  if (item != NULL)
    {
      item->type = cJSON_String;
      item->valuestring = pb_spec_arena_strdup (str, length);
    }
  free (str);
  return item;
}

static gboolean
all_digits (const char *s,
            const char *digits)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (strchr (digits, *s) == NULL)
      return FALSE;
  return TRUE;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static gboolean
is_float (const char *s)
{
  gboolean digits = FALSE;

  if (*s == '-' || *s == '+')
    s++;
  while (g_ascii_isdigit (*s))
    s++, digits = TRUE;
  if (*s == '.')
    {
      s++;
      while (g_ascii_isdigit (*s))
        s++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '-' || *s == '+')
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  return *s == '\0';
}

/* Types a plain scalar by the core schema. Takes VALUE (malloc'd). */
static cJSON *
plain_scalar (char  *value,
              gsize  length)
{
  const char *s = value;
  const char *body;
  cJSON *item = NULL;

  /* Fast path: most scalars in a spec are words, which can only be strings. */
  switch (s[0])
    {
    case '\0': case '~': case 'n': case 'N': case 't': case 'T': case 'f': case 'F':
    case '-': case '+': case '.':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      break;
    default:
      return string_node (value, length);
    }

  if (length == 0 || strcmp (s, "~") == 0 || strcmp (s, "null") == 0 ||
      strcmp (s, "Null") == 0 || strcmp (s, "NULL") == 0)
    item = cJSON_CreateNull ();
  else if (strcmp (s, "true") == 0 || strcmp (s, "True") == 0 || strcmp (s, "TRUE") == 0)
    item = cJSON_CreateTrue ();
  else if (strcmp (s, "false") == 0 || strcmp (s, "False") == 0 || strcmp (s, "FALSE") == 0)
    item = cJSON_CreateFalse ();
  else
    {
      gboolean negative = s[0] == '-';

      body = (s[0] == '-' || s[0] == '+') ? s + 1 : s;
      if (body[0] == '0' && body[1] == 'x' && all_digits (body + 2, "0123456789abcdefABCDEF"))
        item = cJSON_CreateNumber ((negative ? -1.0 : 1.0)
                                   * (double)g_ascii_strtoull (body + 2, NULL, 16));
      else if (body[0] == '0' && body[1] == 'o' && all_digits (body + 2, "01234567"))
        item = cJSON_CreateNumber ((negative ? -1.0 : 1.0)
                                   * (double)g_ascii_strtoull (body + 2, NULL, 8));
      else if (body[0] == '0' && body[1] == 'b' && all_digits (body + 2, "01"))
        item = cJSON_CreateNumber ((negative ? -1.0 : 1.0)
                                   * (double)g_ascii_strtoull (body + 2, NULL, 2));
      else if (strcmp (body, ".inf") == 0 || strcmp (body, ".Inf") == 0
               || strcmp (body, ".INF") == 0)
        item = cJSON_CreateNumber (negative ? -INFINITY : INFINITY);
      else if (body == s
               && (strcmp (s, ".nan") == 0 || strcmp (s, ".NaN") == 0 || strcmp (s, ".NAN") == 0))
        item = cJSON_CreateNumber (NAN);
      else if (is_float (s))
        item = cJSON_CreateNumber (g_ascii_strtod (s, NULL));
    }

  if (item == NULL)
    return string_node (value, length);
  free (value);
  return item;
}

static cJSON *
scalar_node (yaml_event_t *event)
{
  char *value = (char *) event->data.scalar.value;
  gsize length = event->data.scalar.length;
  const char *tag = (const char *) event->data.scalar.tag;

  event->data.scalar.value = NULL;   /* the node owns it now */
  if (tag != NULL && g_str_has_prefix (tag, TAG_PREFIX))
    {
      const char *kind = tag + strlen (TAG_PREFIX);

      if (strcmp (kind, "null") == 0 || strcmp (kind, "bool") == 0 ||
          strcmp (kind, "int") == 0 || strcmp (kind, "float") == 0)
        return plain_scalar (value, length);
      return string_node (value, length);
    }
  if (tag == NULL && event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
    return plain_scalar (value, length);
  return string_node (value, length);
}

/* Deep copy for an alias or a merge, counted against the budget. */
static cJSON *
copy_node (Builder     *b,
           const cJSON *src,
           guint        depth)
{
  cJSON *item;

  if (++b->copied > PB_SPEC_MAX_ALIAS_NODES)
    {
      fail (b, "aliases expand to too many nodes (more than " G_STRINGIFY (
                 PB_SPEC_MAX_ALIAS_NODES) "): refusing a possible “billion laughs” document");
      return NULL;
    }
  if (depth > PB_SPEC_MAX_DEPTH)
    {
      fail (b, "an alias makes the nesting deeper than " G_STRINGIFY (PB_SPEC_MAX_DEPTH) " levels");
      return NULL;
    }
  item = cJSON_CreateNull ();
  if (item == NULL)
    return NULL;
  item->type = src->type & 0xFF;
  item->valueint = src->valueint;
  item->valuedouble = src->valuedouble;
  if (src->valuestring != NULL)
    item->valuestring = pb_spec_arena_strdup (src->valuestring, strlen (src->valuestring));
  for (const cJSON *c = src->child; c != NULL; c = c->next)
    {
      cJSON *child = copy_node (b, c, depth + 1);

      if (child == NULL)
        {
          cJSON_Delete (item);
          return NULL;
        }
      if (c->string != NULL)
        child->string = pb_spec_arena_strdup (c->string, strlen (c->string));
      cJSON_AddItemToArray (item, child);
    }
  return item;
}

static Frame *
top (Builder *b)
{
  return b->stack->len > 0 ? &g_array_index (b->stack, Frame, b->stack->len - 1) : NULL;
}

static void
register_anchor (Builder *b,
                 char    *anchor,
                 cJSON   *node)
{
  if (anchor != NULL)
    g_hash_table_replace (b->anchors, anchor, node);
}

/* Hands a finished NODE to its parent (or makes it the root). */
static void
attach (Builder *b,
        cJSON   *node)
{
  Frame *frame = top (b);

  if (frame == NULL)
    {
      b->root = node;
      return;
    }
  if (cJSON_IsArray (frame->node))
    {
      cJSON_AddItemToArray (frame->node, node);
      return;
    }
  if (frame->key_is_merge)
    {
      if (frame->merges == NULL)
        frame->merges = g_ptr_array_new ();
      g_ptr_array_add (frame->merges, node);
      g_ptr_array_add (b->detached, node);
      g_clear_pointer (&frame->key, free);
    }
  else
    {
      node->string = pb_spec_arena_strdup (frame->key, strlen (frame->key));
      g_clear_pointer (&frame->key, free);
      cJSON_AddItemToArray (frame->node, node);
    }
  frame->have_key = FALSE;
  frame->key_is_merge = FALSE;
}

static void
merge_from (Builder     *b,
            cJSON       *mapping,
            const cJSON *source)
{
  for (const cJSON *c = source->child; c != NULL && !b->failed; c = c->next)
    {
      cJSON *copy;

      /* Keys of the mapping itself, and of earlier merge sources, win. */
      if (cJSON_GetObjectItemCaseSensitive (mapping, c->string) != NULL)
        continue;
      copy = copy_node (b, c, b->stack->len + 1);
      if (copy == NULL)
        return;
      copy->string = pb_spec_arena_strdup (c->string, strlen (c->string));
      cJSON_AddItemToArray (mapping, copy);
    }
}

static void
apply_merges (Builder *b,
              Frame   *frame)
{
  for (guint i = 0; frame->merges != NULL && i < frame->merges->len && !b->failed; i++)
    {
      const cJSON *source = g_ptr_array_index (frame->merges, i);

      if (cJSON_IsObject (source))
        merge_from (b, frame->node, source);
      else if (cJSON_IsArray (source))
        {
          for (const cJSON *m = source->child; m != NULL && !b->failed; m = m->next)
            if (cJSON_IsObject (m))
              merge_from (b, frame->node, m);
            else
              fail (b, "a merge key (<<) needs a mapping or a list of mappings");
        }
      else
        fail (b, "a merge key (<<) needs a mapping or a list of mappings");
    }
}

static void
start_collection (Builder *b,
                  cJSON   *node,
                  char    *anchor)
{
  Frame *parent = top (b);
  Frame frame = { 0 };

  if (parent != NULL && cJSON_IsObject (parent->node) && !parent->have_key)
    {
      cJSON_Delete (node);
      free (anchor);
      fail (b, "mappings and lists as mapping keys are not supported");
      return;
    }
  if (b->stack->len >= PB_SPEC_MAX_DEPTH)
    {
      cJSON_Delete (node);
      free (anchor);
      fail (b, "nesting deeper than " G_STRINGIFY (PB_SPEC_MAX_DEPTH) " levels");
      return;
    }
  frame.node = node;
  frame.anchor = anchor;
  g_array_append_val (b->stack, frame);
}

static void
end_collection (Builder *b)
{
  Frame frame = g_array_index (b->stack, Frame, b->stack->len - 1);
  cJSON *node;

  g_array_set_size (b->stack, b->stack->len - 1);
  if (frame.merges != NULL)
    apply_merges (b, &frame);
  node = g_steal_pointer (&frame.node);
  register_anchor (b, g_steal_pointer (&frame.anchor), node);
  frame_clear (&frame);
  attach (b, node);
}

static void
on_scalar (Builder      *b,
           yaml_event_t *event)
{
  Frame *frame = top (b);
  char *anchor = (char *) event->data.scalar.anchor;

  event->data.scalar.anchor = NULL;
  if (frame != NULL && cJSON_IsObject (frame->node) && !frame->have_key)
    {
      frame->key_is_merge = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                            strcmp ((const char *) event->data.scalar.value, "<<") == 0;
      frame->key = (char *) event->data.scalar.value;
      frame->have_key = TRUE;
      event->data.scalar.value = NULL;
      if (anchor != NULL)
        {
          cJSON *copy = cJSON_CreateString (frame->key);

          g_ptr_array_add (b->detached, copy);
          register_anchor (b, anchor, copy);
        }
      return;
    }
  {
    cJSON *node = scalar_node (event);

    register_anchor (b, anchor, node);
    attach (b, node);
  }
}

static void
on_alias (Builder      *b,
          yaml_event_t *event)
{
  const char *anchor = (const char *) event->data.alias.anchor;
  Frame *frame = top (b);
  const cJSON *target = g_hash_table_lookup (b->anchors, anchor);

  for (guint i = 0; i < b->stack->len; i++)
    if (g_strcmp0 (g_array_index (b->stack, Frame, i).anchor, anchor) == 0)
      {
        fail (b, "an alias refers to a node that contains it (recursive alias)");
        return;
      }
  if (target == NULL)
    {
      g_autofree char *what = g_strdup_printf ("unknown anchor “%s”", anchor);

      fail (b, what);
      return;
    }
  if (frame != NULL && cJSON_IsObject (frame->node) && !frame->have_key)
    {
      if (!cJSON_IsString (target))
        {
          fail (b, "only an alias of a plain string can be a mapping key");
          return;
        }
      frame->key = strdup (target->valuestring);
      frame->have_key = TRUE;
      frame->key_is_merge = FALSE;
      return;
    }
  {
    cJSON *copy = copy_node (b, target, b->stack->len);

    if (copy != NULL)
      attach (b, copy);
  }
}

cJSON *
pb_spec_parse_yaml (const char  *data,
                    gsize        length,
                    const char  *name,
                    GError     **error)
{
  yaml_parser_t parser;
  Builder b = { 0 };
  gboolean done = FALSE;

  b.data = data;
  b.length = length;
  b.name = name;
  b.error = error;
  b.stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  b.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, free, NULL);
  b.detached = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);

  while (!done && !b.failed)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (&parser, &event))
        {
          g_autofree char *what = NULL;

          if (parser.context != NULL)
            what = g_strdup_printf ("%s %s", parser.context,
                                    parser.problem ? parser.problem : "syntax error");
          else
            what = g_strdup (parser.problem ? parser.problem : "syntax error");
          b.mark = parser.problem_mark;
          fail (&b, what);
          break;
        }
      b.mark = event.start_mark;
      switch (event.type)
        {
        case YAML_SCALAR_EVENT:
          on_scalar (&b, &event);
          break;
        case YAML_ALIAS_EVENT:
          on_alias (&b, &event);
          break;
        case YAML_MAPPING_START_EVENT:
          start_collection (&b, cJSON_CreateObject (), (char *) event.data.mapping_start.anchor);
          event.data.mapping_start.anchor = NULL;
          break;
        case YAML_SEQUENCE_START_EVENT:
          start_collection (&b, cJSON_CreateArray (), (char *) event.data.sequence_start.anchor);
          event.data.sequence_start.anchor = NULL;
          break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
          end_collection (&b);
          break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
          done = TRUE;   /* the first document is the spec */
          break;
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        default:
          break;
        }
      yaml_event_delete (&event);
    }
  yaml_parser_delete (&parser);

  for (guint i = 0; i < b.stack->len; i++)
    frame_clear (&g_array_index (b.stack, Frame, i));
  g_array_unref (b.stack);
  g_hash_table_unref (b.anchors);
  g_ptr_array_unref (b.detached);

  if (b.failed)
    {
      g_clear_pointer (&b.root, cJSON_Delete);
      return NULL;
    }
  if (b.root == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   "%s is empty (line 1, column 1): expected an OpenAPI or Swagger document", name);
      return NULL;
    }
  return b.root;
}
