/* pb-runner-router.c: the partitions (stream_partition) a stream is read in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-context.h"
#include "pb-runner-router.h"

typedef struct {
  cJSON          *stream;
  char           *parent_key;
  char           *partition_field;
  gboolean        has_option;
  PbRunnerInject  inject;
  char           *field;
} Parent;

struct _PbRunnerRouter
{
  GObject parent_instance;

  gboolean        substream;
  cJSON          *parameters;
  /* ListPartitionRouter */
  cJSON          *values;        /* a list, or a string expression */
  char           *cursor_field;
  gboolean        has_option;
  PbRunnerInject  inject;
  char           *field;
  /* SubstreamPartitionRouter */
  GPtrArray      *parents;       /* Parent */
};

G_DEFINE_FINAL_TYPE (PbRunnerRouter, pb_runner_router, G_TYPE_OBJECT)

static void
parent_free (Parent *p)
{
  cJSON_Delete (p->stream);
  g_free (p->parent_key);
  g_free (p->partition_field);
  g_free (p->field);
  g_free (p);
}

static void
pb_runner_router_finalize (GObject *object)
{
  PbRunnerRouter *self = PB_RUNNER_ROUTER (object);

  cJSON_Delete (self->parameters);
  cJSON_Delete (self->values);
  g_free (self->cursor_field);
  g_free (self->field);
  g_ptr_array_unref (self->parents);
  G_OBJECT_CLASS (pb_runner_router_parent_class)->finalize (object);
}

static void
pb_runner_router_class_init (PbRunnerRouterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_router_finalize;
}

static void
pb_runner_router_init (PbRunnerRouter *self)
{
  self->parents = g_ptr_array_new_with_free_func ((GDestroyNotify) parent_free);
}

static gboolean
read_option (const cJSON     *component,
             gboolean        *out_has,
             PbRunnerInject  *out_inject,
             char           **out_field,
             GError         **error)
{
  const cJSON *option = cJSON_GetObjectItemCaseSensitive (component, "request_option");

  *out_has = FALSE;
  if (option == NULL)
    return TRUE;
  if (!pb_runner_request_option_parse (option, out_inject, out_field)
      || *out_inject == PB_RUNNER_INJECT_PATH)
    {
      pb_runner_set_unsupported (error, "request_option", pb_runner_component_type (option));
      return FALSE;
    }
  *out_has = TRUE;
  return TRUE;
}

PbRunnerRouter *
pb_runner_router_new (const cJSON  *component,
                      GError      **error)
{
  g_autoptr (PbRunnerRouter) self = g_object_new (PB_TYPE_RUNNER_ROUTER, NULL);
  const char *type = pb_runner_component_type (component);
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (component, "$parameters");
  const cJSON *config;

  self->parameters = params != NULL ? cJSON_Duplicate (params, TRUE) : cJSON_CreateObject ();
  if (g_str_equal (type, "ListPartitionRouter"))
    {
      const cJSON *values = cJSON_GetObjectItemCaseSensitive (component, "values");

      self->cursor_field = g_strdup (
        cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (component, "cursor_field")));
      if (self->cursor_field == NULL || !(cJSON_IsArray (values) || cJSON_IsString (values)))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("The ListPartitionRouter needs values and a cursor_field."));
          return NULL;
        }
      if (cJSON_IsString (values))
        {
          g_autoptr (PbExpr) probe = pb_expr_new (values->valuestring, error);

          if (probe == NULL)
            return NULL;
        }
      self->values = cJSON_Duplicate (values, TRUE);
      if (!read_option (component, &self->has_option, &self->inject, &self->field, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  if (!g_str_equal (type, "SubstreamPartitionRouter"))
    {
      pb_runner_set_unsupported (error, _("the partition router"), type);
      return NULL;
    }
  self->substream = TRUE;
  cJSON_ArrayForEach (config, cJSON_GetObjectItemCaseSensitive (component,
                                                                "parent_stream_configs"))
    {
      Parent *p = g_new0 (Parent, 1);

      g_ptr_array_add (self->parents, p);
      p->stream = cJSON_Duplicate (cJSON_GetObjectItemCaseSensitive (config, "stream"), TRUE);
      p->parent_key = g_strdup (
        cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (config, "parent_key")));
      p->partition_field = g_strdup (
        cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (config, "partition_field")));
      if (!cJSON_IsObject (p->stream) || p->parent_key == NULL || p->partition_field == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("A parent_stream_config needs a stream, a parent_key and a "
                         "partition_field."));
          return NULL;
        }
      if (!read_option (config, &p->has_option, &p->inject, &p->field, error))
        return NULL;
    }
  if (self->parents->len == 0)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("The SubstreamPartitionRouter has no parent_stream_configs."));
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
pb_runner_router_is_substream (PbRunnerRouter *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_ROUTER (self), FALSE);
  return self->substream;
}

cJSON *
pb_runner_router_list_partitions (PbRunnerRouter  *self,
                                  cJSON           *context,
                                  GError         **error)
{
  g_autoptr (cJSON) evaluated = NULL;
  const cJSON *values = self->values;
  const cJSON *v;
  cJSON *out;

  g_return_val_if_fail (PB_IS_RUNNER_ROUTER (self), NULL);
  pb_runner_context_set (context, "parameters", self->parameters);
  if (cJSON_IsString (values))
    {
      g_autoptr (PbExpr) expr = pb_expr_new (values->valuestring, error);

      evaluated = expr != NULL ? pb_expr_evaluate (expr, context, error) : NULL;
      if (evaluated == NULL)
        return NULL;
      if (cJSON_IsString (evaluated))
        {
          /* "a,b" or a JSON list in a string */
          cJSON *parsed = cJSON_Parse (evaluated->valuestring);

          if (cJSON_IsArray (parsed))
            cJSON_Delete (evaluated), evaluated = parsed;
          else
            {
              cJSON *list = cJSON_CreateArray ();
              g_auto (GStrv) parts = g_strsplit (evaluated->valuestring, ",", -1);

              cJSON_Delete (parsed);
              for (guint i = 0; parts[i] != NULL; i++)
                cJSON_AddItemToArray (list, cJSON_CreateString (g_strstrip (parts[i])));
              cJSON_Delete (evaluated);
              evaluated = list;
            }
        }
      if (!cJSON_IsArray (evaluated))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("The ListPartitionRouter's values “%s” do not give a list."),
                       values->valuestring);
          return NULL;
        }
      values = evaluated;
    }
  out = cJSON_CreateArray ();
  cJSON_ArrayForEach (v, values)
    {
      cJSON *partition = cJSON_CreateObject ();
      g_autofree char *text = NULL;

      if (cJSON_IsString (v))
        {
          g_autoptr (GError) local = NULL;

          text = pb_expr_render (v->valuestring, context, &local);
          if (text == NULL)
            {
              cJSON_Delete (partition);
              cJSON_Delete (out);
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
        }
      else
        text = pb_runner_value_to_string (v);
      cJSON_AddStringToObject (partition, self->cursor_field, text);
      cJSON_AddItemToArray (out, partition);
    }
  return out;
}

guint
pb_runner_router_get_n_parents (PbRunnerRouter *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_ROUTER (self), 0);
  return self->parents->len;
}

const cJSON *
pb_runner_router_get_parent_stream (PbRunnerRouter *self,
                                    guint           index)
{
  g_return_val_if_fail (PB_IS_RUNNER_ROUTER (self), NULL);
  g_return_val_if_fail (index < self->parents->len, NULL);
  return ((Parent *) self->parents->pdata[index])->stream;
}

cJSON *
pb_runner_router_partition_for (PbRunnerRouter *self,
                                guint           index,
                                const cJSON    *parent_record,
                                const cJSON    *parent_slice)
{
  Parent *p;
  const cJSON *value = parent_record;
  g_auto (GStrv) parts = NULL;
  cJSON *partition;

  g_return_val_if_fail (PB_IS_RUNNER_ROUTER (self), NULL);
  g_return_val_if_fail (index < self->parents->len, NULL);
  p = self->parents->pdata[index];
  parts = g_strsplit (p->parent_key, "/", -1);
  for (guint i = 0; parts[i] != NULL && value != NULL; i++)
    value = cJSON_GetObjectItemCaseSensitive (value, parts[i]);
  if (value == NULL || cJSON_IsNull (value))
    return NULL;
  partition = cJSON_CreateObject ();
  cJSON_AddItemToObject (partition, p->partition_field, cJSON_Duplicate (value, TRUE));
  cJSON_AddItemToObject (partition, "parent_slice",
                         parent_slice != NULL ? cJSON_Duplicate (parent_slice, TRUE)
                                              : cJSON_CreateObject ());
  return partition;
}

void
pb_runner_router_inject (PbRunnerRouter  *self,
                         PbRunnerRequest *request,
                         const cJSON     *partition)
{
  g_return_if_fail (PB_IS_RUNNER_ROUTER (self));

  if (!self->substream)
    {
      if (self->has_option)
        {
          g_autofree char *value = pb_runner_value_to_string (
            cJSON_GetObjectItemCaseSensitive (partition, self->cursor_field));

          pb_runner_request_inject (request, self->inject, self->field, value);
        }
      return;
    }
  for (guint i = 0; i < self->parents->len; i++)
    {
      Parent *p = self->parents->pdata[i];
      const cJSON *v = cJSON_GetObjectItemCaseSensitive (partition, p->partition_field);

      if (p->has_option && v != NULL)
        {
          g_autofree char *value = pb_runner_value_to_string (v);

          pb_runner_request_inject (request, p->inject, p->field, value);
        }
    }
}

cJSON *
pb_runner_router_product (GPtrArray *lists,
                          guint      max)
{
  cJSON *out = cJSON_CreateArray ();
  g_autofree const cJSON **at = g_new0 (const cJSON *, lists->len);
  guint count = 0;

  for (guint i = 0; i < lists->len; i++)
    {
      at[i] = ((const cJSON *) lists->pdata[i])->child;
      if (at[i] == NULL)
        return out;   /* one list is empty: so is the product */
    }
  while (count < max)
    {
      cJSON *merged = cJSON_CreateObject ();
      guint k;

      for (guint i = 0; i < lists->len; i++)
        {
          const cJSON *field;

          cJSON_ArrayForEach (field, at[i])
            if (field->string != NULL
                && cJSON_GetObjectItemCaseSensitive (merged, field->string) == NULL)
              cJSON_AddItemToObject (merged, field->string, cJSON_Duplicate (field, TRUE));
        }
      cJSON_AddItemToArray (out, merged);
      count++;
      /* the next combination: an odometer, the last list turning fastest */
      for (k = lists->len; k > 0; k--)
        {
          at[k - 1] = at[k - 1]->next;
          if (at[k - 1] != NULL)
            break;
          at[k - 1] = ((const cJSON *) lists->pdata[k - 1])->child;
        }
      if (k == 0)
        break;
    }
  return out;
}
