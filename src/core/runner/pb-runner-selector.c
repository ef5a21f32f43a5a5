/* pb-runner-selector.c: extracting, filtering and transforming the records of a response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-context.h"
#include "pb-runner-selector.h"

typedef struct {
  gboolean   remove;
  GStrv      path;
  PbExpr    *value;    /* AddFields */
} Transform;

struct _PbRunnerSelector
{
  GObject parent_instance;

  GPtrArray *field_path;   /* PbExpr */
  PbExpr    *condition;
  GPtrArray *transforms;   /* Transform */
  cJSON     *parameters;
};

G_DEFINE_FINAL_TYPE (PbRunnerSelector, pb_runner_selector, G_TYPE_OBJECT)

static void
transform_free (Transform *t)
{
  g_strfreev (t->path);
  g_clear_object (&t->value);
  g_free (t);
}

static void
pb_runner_selector_finalize (GObject *object)
{
  PbRunnerSelector *self = PB_RUNNER_SELECTOR (object);

  g_ptr_array_unref (self->field_path);
  g_clear_object (&self->condition);
  g_ptr_array_unref (self->transforms);
  cJSON_Delete (self->parameters);
  G_OBJECT_CLASS (pb_runner_selector_parent_class)->finalize (object);
}

static void
pb_runner_selector_class_init (PbRunnerSelectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_selector_finalize;
}

static void
pb_runner_selector_init (PbRunnerSelector *self)
{
  self->field_path = g_ptr_array_new_with_free_func (g_object_unref);
  self->transforms = g_ptr_array_new_with_free_func ((GDestroyNotify) transform_free);
}

static GStrv
string_path (const cJSON *list)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const cJSON *item;

  if (cJSON_IsString (list))
    g_strv_builder_add (builder, list->valuestring);
  cJSON_ArrayForEach (item, (cJSON_IsArray (list) ? list : NULL))
    if (cJSON_IsString (item))
      g_strv_builder_add (builder, item->valuestring);
  return g_strv_builder_end (builder);
}

static gboolean
read_transformations (PbRunnerSelector  *self,
                      const cJSON       *transformations,
                      GError           **error)
{
  const cJSON *t;

  cJSON_ArrayForEach (t, (cJSON_IsArray (transformations) ? transformations : NULL))
    {
      const char *type = pb_runner_component_type (t);
      const cJSON *item;

      if (g_str_equal (type, "AddFields"))
        {
          cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (t, "fields"))
            {
              Transform *tr = g_new0 (Transform, 1);

              tr->path = string_path (cJSON_GetObjectItemCaseSensitive (item, "path"));
              tr->value = pb_runner_compile_member (item, "value", error);
              if (tr->value == NULL || tr->path[0] == NULL)
                {
                  transform_free (tr);
                  if (error != NULL && *error == NULL)
                    g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                                 _("An AddFields field needs a path and a value."));
                  return FALSE;
                }
              g_ptr_array_add (self->transforms, tr);
            }
        }
      else if (g_str_equal (type, "RemoveFields"))
        {
          cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (t, "field_pointers"))
            {
              Transform *tr = g_new0 (Transform, 1);

              tr->remove = TRUE;
              tr->path = string_path (item);
              g_ptr_array_add (self->transforms, tr);
            }
        }
      else
        {
          pb_runner_set_unsupported (error, _("a transformation"), type);
          return FALSE;
        }
    }
  return TRUE;
}

PbRunnerSelector *
pb_runner_selector_new (const cJSON  *selector,
                        const cJSON  *transformations,
                        GError      **error)
{
  g_autoptr (PbRunnerSelector) self = g_object_new (PB_TYPE_RUNNER_SELECTOR, NULL);
  const cJSON *extractor = cJSON_GetObjectItemCaseSensitive (selector, "extractor");
  const cJSON *filter = cJSON_GetObjectItemCaseSensitive (selector, "record_filter");
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (extractor, "$parameters");
  const cJSON *path = cJSON_GetObjectItemCaseSensitive (extractor, "field_path");
  const cJSON *item;
  g_autoptr (GError) local = NULL;

  if (selector != NULL && !g_str_equal (pb_runner_component_type (selector), "RecordSelector"))
    {
      pb_runner_set_unsupported (error, _("the record selector"),
                                 pb_runner_component_type (selector));
      return NULL;
    }
  if (extractor != NULL && !g_str_equal (pb_runner_component_type (extractor), "DpathExtractor"))
    {
      pb_runner_set_unsupported (error, _("the record extractor"),
                                 pb_runner_component_type (extractor));
      return NULL;
    }
  self->parameters = params != NULL ? cJSON_Duplicate (params, TRUE) : cJSON_CreateObject ();
  cJSON_ArrayForEach (item, (cJSON_IsArray (path) ? path : NULL))
    {
      PbExpr *expr;

      if (!cJSON_IsString (item))
        continue;
      expr = pb_expr_new (item->valuestring, error);
      if (expr == NULL)
        return NULL;
      g_ptr_array_add (self->field_path, expr);
    }
  if (filter != NULL)
    {
      if (!g_str_equal (pb_runner_component_type (filter), "RecordFilter"))
        {
          pb_runner_set_unsupported (error, _("the record filter"),
                                     pb_runner_component_type (filter));
          return NULL;
        }
      self->condition = pb_runner_compile_member (filter, "condition", &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  if (!read_transformations (self, transformations, error))
    return NULL;
  return g_steal_pointer (&self);
}

char *
pb_runner_selector_describe_path (PbRunnerSelector *self)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < self->field_path->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "." : "",
                            pb_expr_get_text (self->field_path->pdata[i]));
  return g_strdup (out->str);
}

static const cJSON *
child_of (const cJSON *node,
          const char  *key)
{
  if (cJSON_IsObject (node))
    return cJSON_GetObjectItemCaseSensitive (node, key);
  if (cJSON_IsArray (node) && *key != '\0' && strspn (key, "0123456789") == strlen (key))
    {
      guint64 index = g_ascii_strtoull (key, NULL, 10);

      return index < G_MAXINT ? cJSON_GetArrayItem (node, (int) index) : NULL;
    }
  return NULL;
}

/* dpath.values: every node matching PATH[I…] below NODE. */
static void
collect (const cJSON  *node,
         GStrv         path,
         guint         i,
         GPtrArray    *out)
{
  const cJSON *child;

  if (node == NULL)
    return;
  if (path[i] == NULL)
    {
      g_ptr_array_add (out, (gpointer) node);
      return;
    }
  if (g_str_equal (path[i], "*"))
    {
      cJSON_ArrayForEach (child, ((cJSON_IsArray (node) || cJSON_IsObject (node)) ? node : NULL))
        collect (child, path, i + 1, out);
      return;
    }
  collect (child_of (node, path[i]), path, i + 1, out);
}

static void
set_path (cJSON       *record,
          GStrv        path,
          cJSON       *value)
{
  cJSON *node = record;

  for (guint i = 0; path[i + 1] != NULL; i++)
    {
      cJSON *next = cJSON_GetObjectItemCaseSensitive (node, path[i]);

      if (!cJSON_IsObject (next))
        {
          cJSON_DeleteItemFromObjectCaseSensitive (node, path[i]);
          next = cJSON_AddObjectToObject (node, path[i]);
        }
      node = next;
    }
  cJSON_DeleteItemFromObjectCaseSensitive (node, path[g_strv_length (path) - 1]);
  cJSON_AddItemToObject (node, path[g_strv_length (path) - 1], value);
}

static void
remove_path (cJSON *record,
             GStrv  path)
{
  cJSON *node = record;
  guint n = g_strv_length (path);

  for (guint i = 0; i + 1 < n && node != NULL; i++)
    node = cJSON_GetObjectItemCaseSensitive (node, path[i]);
  if (cJSON_IsObject (node) && n > 0)
    cJSON_DeleteItemFromObjectCaseSensitive (node, path[n - 1]);
}

static gboolean
add_record (PbRunnerSelector  *self,
            const cJSON       *record,
            cJSON             *context,
            GPtrArray         *records,
            cJSON             *storage,
            GError           **error)
{
  if (self->condition != NULL)
    {
      gboolean keep = TRUE;

      pb_runner_context_set (context, "record", record);
      if (!pb_expr_evaluate_boolean (self->condition, context, &keep, error))
        return FALSE;
      if (!keep)
        return TRUE;
    }
  if (self->transforms->len == 0)
    {
      g_ptr_array_add (records, (gpointer) record);
      return TRUE;
    }
  {
    cJSON *copy = cJSON_Duplicate (record, TRUE);

    cJSON_AddItemToArray (storage, copy);
    g_ptr_array_add (records, copy);
    if (!cJSON_IsObject (copy))
      return TRUE;
    for (guint i = 0; i < self->transforms->len; i++)
      {
        Transform *t = self->transforms->pdata[i];

        if (t->remove)
          remove_path (copy, t->path);
        else
          {
            cJSON *value;

            pb_runner_context_set (context, "record", copy);
            value = pb_expr_evaluate (t->value, context, error);
            if (value == NULL)
              return FALSE;
            set_path (copy, t->path, value);
          }
      }
  }
  return TRUE;
}

gboolean
pb_runner_selector_select (PbRunnerSelector  *self,
                           const cJSON       *body,
                           cJSON             *context,
                           GPtrArray         *records,
                           cJSON             *storage,
                           GError           **error)
{
  g_autoptr (GPtrArray) matches = g_ptr_array_new ();
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) path = NULL;
  gboolean wildcard = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (PB_IS_RUNNER_SELECTOR (self), FALSE);

  pb_runner_context_set (context, "parameters", self->parameters);
  for (guint i = 0; i < self->field_path->len; i++)
    {
      g_autofree char *key = pb_expr_evaluate_string (self->field_path->pdata[i], context, error);

      if (key == NULL)
        return FALSE;
      wildcard |= g_str_equal (key, "*");
      g_strv_builder_add (builder, key);
    }
  path = g_strv_builder_end (builder);
  collect (body, path, 0, matches);
  for (guint m = 0; m < matches->len && ok; m++)
    {
      const cJSON *found = matches->pdata[m];
      const cJSON *item;

      /* dpath.get gives one value: a list's items are the records; with a wildcard each
       * match is one record. */
      if (cJSON_IsArray (found) && !wildcard)
        {
          cJSON_ArrayForEach (item, found)
            if (!(ok = add_record (self, item, context, records, storage, error)))
              break;
        }
      else if (cJSON_IsArray (found) || pb_expr_json_truth (found) || cJSON_IsNumber (found))
        ok = add_record (self, found, context, records, storage, error);
    }
  pb_runner_context_set (context, "record", NULL);
  return ok;
}

typedef struct {
  char  *path;
  int    size;
  gboolean objects;
} Candidate;

static void
find_arrays (const cJSON *node,
             const char  *path,
             guint        depth,
             GArray      *out)
{
  const cJSON *child;

  if (depth > 6 || out->len > 200)
    return;
  if (cJSON_IsArray (node) && node->child != NULL)
    {
      Candidate c = { g_strdup (path), cJSON_GetArraySize (node), cJSON_IsObject (node->child) };

      g_array_append_val (out, c);
      if (cJSON_IsObject (node->child))
        return;
    }
  if (!cJSON_IsObject (node))
    return;
  cJSON_ArrayForEach (child, node)
    {
      g_autofree char *sub = *path != '\0' ? g_strdup_printf ("%s.%s", path, child->string)
                                           : g_strdup (child->string);

      find_arrays (child, sub, depth + 1, out);
    }
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->objects != y->objects)
    return x->objects ? -1 : 1;
  return y->size - x->size;
}

GStrv
pb_runner_selector_suggest_paths (const cJSON *body,
                                  guint        max)
{
  g_autoptr (GArray) found = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  find_arrays (body, "", 0, found);
  g_array_sort (found, compare_candidates);
  for (guint i = 0; i < found->len; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);

      if (i < max)
        g_strv_builder_add (builder, c->path);
      g_free (c->path);
    }
  return g_strv_builder_end (builder);
}
