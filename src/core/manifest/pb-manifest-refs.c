/* pb-manifest-refs.c: "$ref" resolution in an Airbyte declarative manifest (JSON pointers,
 * depth limit, fan-out budget), shared by the manifest reader and the runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-manifest-refs.h"

typedef struct
{
  const cJSON *root;
  PbManifestRefsFlags flags;
  gsize budget;
} Resolver;

/* A plain decimal index ("0", "12"): no sign, space or other character, within int range. */
static gboolean
parse_index (const char *text,
             int        *out)
{
  guint64 index;

  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  errno = 0;
  index = g_ascii_strtoull (text, NULL, 10);
  if (errno != 0 || index >= G_MAXINT)
    return FALSE;
  *out = (int) index;
  return TRUE;
}

const cJSON *
pb_manifest_refs_lookup (const cJSON *root,
                         const char  *pointer)
{
  g_auto (GStrv) parts = NULL;
  const cJSON *node = root;

  g_return_val_if_fail (pointer != NULL, NULL);

  if (!g_str_has_prefix (pointer, "#/"))
    return NULL;
  parts = g_strsplit (pointer + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      g_autoptr (GString) key = g_string_new (parts[i]);

      g_string_replace (key, "~1", "/", 0);
      g_string_replace (key, "~0", "~", 0);
      if (cJSON_IsArray (node))
        {
          int index;

          node = parse_index (key->str, &index) ? cJSON_GetArrayItem (node, index) : NULL;
        }
      else
        node = cJSON_GetObjectItemCaseSensitive (node, key->str);
    }
  return node;
}

/* See PB_MANIFEST_REFS_KEEP_SCHEMAS. */
static cJSON *
copy_schema (const cJSON *node,
             const cJSON *root)
{
  const cJSON *ref = cJSON_IsString (node) ? node
                                           : cJSON_GetObjectItemCaseSensitive (node, "$ref");
  const cJSON *target = NULL;
  const cJSON *child;
  cJSON *out;

  if (cJSON_IsString (ref) && g_str_has_prefix (ref->valuestring, "#/"))
    target = pb_manifest_refs_lookup (root, ref->valuestring);
  if (!cJSON_IsObject (target))
    return cJSON_Duplicate (node, TRUE);
  out = cJSON_Duplicate (target, TRUE);
  if (cJSON_IsObject (node))
    cJSON_ArrayForEach (child, node)
      {
        if (g_str_equal (child->string, "$ref"))
          continue;
        cJSON_DeleteItemFromObjectCaseSensitive (out, child->string);
        cJSON_AddItemToObject (out, child->string, cJSON_Duplicate (child, TRUE));
      }
  return out;
}

static gboolean
is_schema_key (const Resolver *r,
               const char     *key)
{
  return (r->flags & PB_MANIFEST_REFS_KEEP_SCHEMAS) != 0
         && (g_str_equal (key, "schema") || g_str_equal (key, "connection_specification"));
}

static cJSON *
resolve (Resolver     *r,
         const cJSON  *node,
         guint         depth,
         GError      **error)
{
  const cJSON *child;
  cJSON *out = NULL;

  if (depth > PB_MANIFEST_REFS_MAX_DEPTH)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("The manifest's references nest too deep or form a cycle."));
      return NULL;
    }
  /* References that fan out ("billion laughs") would copy without end. */
  if (r->budget == 0)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("The manifest's references expand to too many components."));
      return NULL;
    }
  r->budget--;
  if (cJSON_IsString (node) && g_str_has_prefix (node->valuestring, "#/"))
    {
      const cJSON *target = pb_manifest_refs_lookup (r->root, node->valuestring);

      return target != NULL ? resolve (r, target, depth + 1, error)
                            : cJSON_Duplicate (node, TRUE);
    }
  if (cJSON_IsArray (node))
    {
      out = cJSON_CreateArray ();
      cJSON_ArrayForEach (child, node)
        {
          cJSON *item = resolve (r, child, depth, error);

          if (item == NULL)
            return cJSON_Delete (out), NULL;
          cJSON_AddItemToArray (out, item);
        }
      return out;
    }
  if (!cJSON_IsObject (node))
    return cJSON_Duplicate (node, TRUE);

  child = cJSON_GetObjectItemCaseSensitive (node, "$ref");
  if (cJSON_IsString (child))
    {
      const cJSON *target = pb_manifest_refs_lookup (r->root, child->valuestring);

      if (target == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("The manifest refers to “%s”, which it does not define."),
                       child->valuestring);
          return NULL;
        }
      out = resolve (r, target, depth + 1, error);
      if (out == NULL || !cJSON_IsObject (out))
        return out;
    }
  if (out == NULL)
    out = cJSON_CreateObject ();
  cJSON_ArrayForEach (child, node)
    {
      cJSON *value;

      if (g_str_equal (child->string, "$ref"))
        continue;
      value = is_schema_key (r, child->string) ? copy_schema (child, r->root)
                                               : resolve (r, child, depth, error);
      if (value == NULL)
        return cJSON_Delete (out), NULL;
      if (cJSON_GetObjectItemCaseSensitive (out, child->string) != NULL)
        cJSON_ReplaceItemInObjectCaseSensitive (out, child->string, value);
      else
        cJSON_AddItemToObject (out, child->string, value);
    }
  return out;
}

cJSON *
pb_manifest_refs_resolve (const cJSON          *node,
                          const cJSON          *root,
                          PbManifestRefsFlags   flags,
                          gsize                 max_nodes,
                          GError              **error)
{
  Resolver r = { root, flags, max_nodes };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return resolve (&r, node, 0, error);
}
