/* pb-runner-context.c: the expression context of a test read and helpers its components share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-context.h"

static cJSON *
reference_of (const cJSON *value)
{
  if (cJSON_IsObject (value))
    return cJSON_CreateObjectReference (value->child);
  if (cJSON_IsArray (value))
    return cJSON_CreateArrayReference (value->child);
  return cJSON_Duplicate (value, TRUE);
}

void
pb_runner_context_take (cJSON      *context,
                        const char *name,
                        cJSON      *value)
{
  if (cJSON_GetObjectItemCaseSensitive (context, name) != NULL)
    {
      if (value != NULL)
        cJSON_ReplaceItemInObjectCaseSensitive (context, name, value);
      else
        cJSON_DeleteItemFromObjectCaseSensitive (context, name);
    }
  else if (value != NULL)
    cJSON_AddItemToObject (context, name, value);
}

void
pb_runner_context_set (cJSON       *context,
                       const char  *name,
                       const cJSON *value)
{
  pb_runner_context_take (context, name, value != NULL ? reference_of (value) : NULL);
}

PbExpr *
pb_runner_compile_member (const cJSON  *component,
                          const char   *key,
                          GError      **error)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (component, key);
  g_autofree char *text = NULL;

  if (v == NULL || cJSON_IsNull (v))
    return NULL;
  if (cJSON_IsString (v))
    return pb_expr_new (v->valuestring, error);
  text = pb_runner_value_to_string (v);
  return pb_expr_new (text, error);
}

const char *
pb_runner_component_type (const cJSON *component)
{
  const char *type = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (component, "type"));

  return type != NULL ? type : "";
}

void
pb_runner_set_unsupported (GError     **error,
                           const char  *where,
                           const char  *type)
{
  g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
               _("The manifest uses “%s” as %s, which Plugboard's test reads do not support yet."),
               type != NULL && *type != '\0' ? type : "?", where);
}

static const cJSON *
find_custom (const cJSON *node,
             GString     *path,
             guint        depth)
{
  const cJSON *child;
  const char *type = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (node, "type"));
  int index = 0;

  if (cJSON_IsObject (node) && type != NULL && g_str_has_prefix (type, "Custom"))
    return node;
  if (depth > 64)
    return NULL;
  cJSON_ArrayForEach (child, ((cJSON_IsObject (node) || cJSON_IsArray (node)) ? node : NULL))
    {
      gsize len = path->len;
      const cJSON *found;

      if (child->string != NULL)
        g_string_append_printf (path, " › %s", child->string);
      else
        g_string_append_printf (path, " › %d", index);
      index++;
      found = find_custom (child, path, depth + 1);
      if (found != NULL)
        return found;
      g_string_truncate (path, len);
    }
  return NULL;
}

gboolean
pb_runner_check_custom (const cJSON  *component,
                        const char   *where,
                        GError      **error)
{
  g_autoptr (GString) path = g_string_new (where);
  const cJSON *custom = find_custom (component, path, 0);
  const char *class_name;

  if (custom == NULL)
    return TRUE;
  class_name = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (custom, "class_name"));
  g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
               _("The manifest uses the custom component “%s” (class_name “%s”) at %s. Custom "
                 "components are Python code of the connector's own, which Plugboard's test "
                 "reads cannot run: replace it with a declarative component."),
               pb_runner_component_type (custom), class_name != NULL ? class_name : "?",
               path->str);
  return FALSE;
}

char *
pb_runner_value_to_string (const cJSON *value)
{
  if (value == NULL || cJSON_IsNull (value))
    return g_strdup ("");
  if (cJSON_IsString (value))
    return g_strdup (value->valuestring);
  if (cJSON_IsBool (value))
    return g_strdup (cJSON_IsTrue (value) ? "true" : "false");
  if (cJSON_IsNumber (value))
    {
      double d = value->valuedouble;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (d == floor (d) && fabs (d) < 9007199254740992.0)
        return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) d);
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
    }
  return cJSON_PrintUnformatted (value);
}
