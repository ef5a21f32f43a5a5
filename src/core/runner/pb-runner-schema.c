/* pb-runner-schema.c: JSON Schema inference over the records of a test read, and its comparison
 * with a declared schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-runner-context.h"
#include "pb-runner-schema.h"

#define MAX_DEPTH 32
#define MAX_PROPERTIES 2000

enum {
  T_NULL = 1 << 0,
  T_BOOL = 1 << 1,
  T_INT = 1 << 2,
  T_NUM = 1 << 3,
  T_STR = 1 << 4,
  T_OBJ = 1 << 5,
  T_ARR = 1 << 6,
};

typedef struct _Node Node;
struct _Node {
  guint       types;
  guint64     seen;        /* times this value was present */
  guint64     objects;     /* times it was an object (its properties' denominator) */
  GHashTable *properties;  /* name → Node */
  GPtrArray  *order;       /* names, first-seen order (owned by properties' keys) */
  GPtrArray  *order_nodes; /* the Node of each name in order */
  Node       *items;
};

struct _PbRunnerSchema
{
  GObject parent_instance;

  Node *root;
  guint n_properties;
};

G_DEFINE_FINAL_TYPE (PbRunnerSchema, pb_runner_schema, G_TYPE_OBJECT)

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_clear_pointer (&node->properties, g_hash_table_unref);
  g_clear_pointer (&node->order, g_ptr_array_unref);
  g_clear_pointer (&node->order_nodes, g_ptr_array_unref);
  node_free (node->items);
  g_free (node);
}

static void
pb_runner_schema_finalize (GObject *object)
{
  PbRunnerSchema *self = PB_RUNNER_SCHEMA (object);

  node_free (self->root);
  G_OBJECT_CLASS (pb_runner_schema_parent_class)->finalize (object);
}

static void
pb_runner_schema_class_init (PbRunnerSchemaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_schema_finalize;
}

static void
pb_runner_schema_init (PbRunnerSchema *self)
{
  self->root = g_new0 (Node, 1);
}

PbRunnerSchema *
pb_runner_schema_new (void)
{
  return g_object_new (PB_TYPE_RUNNER_SCHEMA, NULL);
}

static void
merge (PbRunnerSchema *self,
       Node           *node,
       const cJSON    *value,
       guint           depth)
{
  const cJSON *child;
  guint i;

  node->seen++;
  /* the type bits read directly: this runs for every value of every record */
  switch (value->type & 0xff)
    {
    case cJSON_NULL: node->types |= T_NULL; return;
    case cJSON_False:
    case cJSON_True: node->types |= T_BOOL; return;
    case cJSON_Number:
      node->types |= value->valuedouble == floor (value->valuedouble) ? T_INT : T_NUM;
      return;
    case cJSON_String: node->types |= T_STR; return;
    default: break;
    }
  if (cJSON_IsArray (value))
    {
      node->types |= T_ARR;
      if (depth >= MAX_DEPTH)
        return;
      cJSON_ArrayForEach (child, value)
        {
          if (node->items == NULL)
            node->items = g_new0 (Node, 1);
          merge (self, node->items, child, depth + 1);
        }
    }
  else if (cJSON_IsObject (value))
    {
      node->types |= T_OBJ;
      node->objects++;
      if (depth >= MAX_DEPTH)
        return;
      if (node->properties == NULL)
        {
          node->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) node_free);
          node->order = g_ptr_array_new ();
          node->order_nodes = g_ptr_array_new ();
        }
      /* Records of one API mostly list their fields in the same order: the I-th field is tried
       * against the I-th name first, before the hash table. */
      i = 0;
      cJSON_ArrayForEach (child, value)
        {
          Node *p;

          if (child->string == NULL)
            continue;
          if (i < node->order->len && strcmp (node->order->pdata[i], child->string) == 0)
            p = node->order_nodes->pdata[i];
          else
            p = g_hash_table_lookup (node->properties, child->string);
          i++;
          if (p == NULL)
            {
              char *key;

              if (self->n_properties >= MAX_PROPERTIES)
                continue;
              self->n_properties++;
              p = g_new0 (Node, 1);
              key = g_strdup (child->string);
              g_hash_table_insert (node->properties, key, p);
              g_ptr_array_add (node->order, key);
              g_ptr_array_add (node->order_nodes, p);
            }
          merge (self, p, child, depth + 1);
        }
    }
}

void
pb_runner_schema_add (PbRunnerSchema *self,
                      const cJSON    *record)
{
  g_return_if_fail (PB_IS_RUNNER_SCHEMA (self));
  merge (self, self->root, record, 0);
}

static cJSON *
type_json (guint types)
{
  static const struct { guint bit; const char *name; } names[]
    = { { T_STR, "string" }, { T_INT, "integer" }, { T_NUM, "number" }, { T_BOOL, "boolean" },
        { T_OBJ, "object" }, { T_ARR, "array" }, { T_NULL, "null" } };
  cJSON *list = cJSON_CreateArray ();

  if ((types & T_NUM) != 0)
    types &= ~T_INT;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if ((types & names[i].bit) != 0)
      cJSON_AddItemToArray (list, cJSON_CreateString (names[i].name));
  if (cJSON_GetArraySize (list) == 1)
    {
      cJSON *only = cJSON_DetachItemFromArray (list, 0);

      cJSON_Delete (list);
      return only;
    }
  return list;
}

static cJSON *
node_json (const Node *node,
           gboolean    sometimes_missing)
{
  cJSON *out = cJSON_CreateObject ();

  cJSON_AddItemToObject (out, "type",
                         type_json (node->types | (sometimes_missing ? T_NULL : 0)));
  if (node->properties != NULL)
    {
      cJSON *props = cJSON_AddObjectToObject (out, "properties");

      for (guint i = 0; i < node->order->len; i++)
        {
          const char *name = node->order->pdata[i];
          const Node *p = g_hash_table_lookup (node->properties, name);

          cJSON_AddItemToObject (props, name, node_json (p, p->seen < node->objects));
        }
    }
  if (node->items != NULL)
    cJSON_AddItemToObject (out, "items", node_json (node->items, FALSE));
  return out;
}

cJSON *
pb_runner_schema_to_json (PbRunnerSchema *self)
{
  cJSON *out = cJSON_CreateObject ();
  cJSON *body;

  g_return_val_if_fail (PB_IS_RUNNER_SCHEMA (self), NULL);
  cJSON_AddStringToObject (out, "$schema", "http://json-schema.org/draft-07/schema#");
  if (self->root->seen == 0)
    {
      cJSON_AddStringToObject (out, "type", "object");
      cJSON_AddObjectToObject (out, "properties");
      return out;
    }
  body = node_json (self->root, FALSE);
  while (body->child != NULL)
    {
      cJSON *item = body->child;

      cJSON_DetachItemViaPointer (body, item);
      cJSON_AddItemToObject (out, item->string, item);
    }
  cJSON_Delete (body);
  return out;
}

static guint
declared_types (const cJSON *schema)
{
  static const struct { const char *name; guint bits; } names[]
    = { { "string", T_STR }, { "integer", T_INT }, { "number", T_INT | T_NUM },
        { "boolean", T_BOOL }, { "object", T_OBJ }, { "array", T_ARR }, { "null", T_NULL } };
  const cJSON *type = cJSON_GetObjectItemCaseSensitive (schema, "type");
  const cJSON *t;
  guint bits = 0;

  if (type == NULL)
    return G_MAXUINT; /* anything goes */
  if (cJSON_IsString (type))
    {
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (names[i].name, type->valuestring))
          bits |= names[i].bits;
      return bits;
    }
  cJSON_ArrayForEach (t, type)
    for (guint i = 0; cJSON_IsString (t) && i < G_N_ELEMENTS (names); i++)
      if (g_str_equal (names[i].name, t->valuestring))
        bits |= names[i].bits;
  return bits;
}

static void
compare (const Node  *node,
         const cJSON *declared,
         const char  *path,
         GPtrArray   *out,
         guint        max,
         guint        depth)
{
  const cJSON *props = cJSON_GetObjectItemCaseSensitive (declared, "properties");
  guint allowed = declared_types (declared);

  if (out->len >= max || depth > MAX_DEPTH)
    return;
  if ((node->types & ~allowed) != 0 && *path != '\0')
    {
      g_autoptr (cJSON) seen = type_json (node->types & ~allowed);
      g_autofree char *seen_text = cJSON_PrintUnformatted (seen);
      g_autoptr (cJSON) want = cJSON_Duplicate (cJSON_GetObjectItemCaseSensitive (declared, "type"),
                                               TRUE);
      g_autofree char *want_text = want != NULL ? cJSON_PrintUnformatted (want) : g_strdup ("?");

      g_ptr_array_add (out, g_strdup_printf (_("%s: records hold %s, the schema allows %s"), path,
                                             seen_text, want_text));
    }
  if (node->properties != NULL && cJSON_IsObject (props))
    {
      for (guint i = 0; i < node->order->len && out->len < max; i++)
        {
          const char *name = node->order->pdata[i];
          const Node *p = g_hash_table_lookup (node->properties, name);
          const cJSON *d = cJSON_GetObjectItemCaseSensitive (props, name);
          g_autofree char *child_path = *path != '\0' ? g_strdup_printf ("%s.%s", path, name)
                                                      : g_strdup (name);

          if (d == NULL)
            g_ptr_array_add (out, g_strdup_printf (_("%s: in the records, not in the schema"),
                                                   child_path));
          else
            compare (p, d, child_path, out, max, depth + 1);
        }
    }
  if (node->items != NULL && cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (declared, "items")))
    {
      g_autofree char *child_path = g_strdup_printf ("%s[]", path);

      compare (node->items, cJSON_GetObjectItemCaseSensitive (declared, "items"), child_path, out,
               max, depth + 1);
    }
}

GPtrArray *
pb_runner_schema_compare (PbRunnerSchema *self,
                          const cJSON    *declared,
                          guint           max)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (PB_IS_RUNNER_SCHEMA (self), out);
  if (self->root->seen > 0 && cJSON_IsObject (declared))
    compare (self->root, declared, "", out, max, 0);
  return out;
}
