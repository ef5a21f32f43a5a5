/* pb-runner-paginator.c: the CDK's DefaultPaginator and its three strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-context.h"
#include "pb-runner-paginator.h"

typedef enum {
  STRATEGY_NONE,
  STRATEGY_CURSOR,
  STRATEGY_OFFSET,
  STRATEGY_PAGE,
} Strategy;

struct _PbRunnerPaginator
{
  GObject parent_instance;

  Strategy        strategy;
  cJSON          *parameters;
  PbExpr         *cursor_value;
  PbExpr         *stop_condition;
  PbExpr         *page_size_expr;
  PbExpr         *start_from_page_expr;
  gboolean        inject_on_first_request;
  gboolean        has_token_option;
  PbRunnerInject  token_inject;
  char           *token_field;
  gboolean        has_size_option;
  PbRunnerInject  size_inject;
  char           *size_field;

  gint64          page_size;   /* 0: none */
  gint64          start_from_page;
  gint64          counter;     /* offset or page number */
  cJSON          *token;
};

G_DEFINE_FINAL_TYPE (PbRunnerPaginator, pb_runner_paginator, G_TYPE_OBJECT)

static void
pb_runner_paginator_finalize (GObject *object)
{
  PbRunnerPaginator *self = PB_RUNNER_PAGINATOR (object);

  cJSON_Delete (self->parameters);
  g_clear_object (&self->cursor_value);
  g_clear_object (&self->stop_condition);
  g_clear_object (&self->page_size_expr);
  g_clear_object (&self->start_from_page_expr);
  g_free (self->token_field);
  g_free (self->size_field);
  cJSON_Delete (self->token);
  G_OBJECT_CLASS (pb_runner_paginator_parent_class)->finalize (object);
}

static void
pb_runner_paginator_class_init (PbRunnerPaginatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_paginator_finalize;
}

static void
pb_runner_paginator_init (PbRunnerPaginator *self)
{
}

#define COMPILE(target, component, key) \
  G_STMT_START { \
    g_autoptr (GError) _local = NULL; \
    (target) = pb_runner_compile_member ((component), (key), &_local); \
    if (_local != NULL) \
      { \
        g_propagate_error (error, g_steal_pointer (&_local)); \
        return NULL; \
      } \
  } G_STMT_END

PbRunnerPaginator *
pb_runner_paginator_new (const cJSON  *component,
                         GError      **error)
{
  g_autoptr (PbRunnerPaginator) self = g_object_new (PB_TYPE_RUNNER_PAGINATOR, NULL);
  const char *type = pb_runner_component_type (component);
  const cJSON *strategy = cJSON_GetObjectItemCaseSensitive (component, "pagination_strategy");
  const char *strategy_type = pb_runner_component_type (strategy);
  const cJSON *token_option = cJSON_GetObjectItemCaseSensitive (component, "page_token_option");
  const cJSON *size_option = cJSON_GetObjectItemCaseSensitive (component, "page_size_option");
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (strategy, "$parameters");

  self->parameters = params != NULL ? cJSON_Duplicate (params, TRUE) : cJSON_CreateObject ();
  if (component == NULL || g_str_equal (type, "NoPagination"))
    return g_steal_pointer (&self);
  if (!g_str_equal (type, "DefaultPaginator"))
    {
      pb_runner_set_unsupported (error, _("the paginator"), type);
      return NULL;
    }
  if (g_str_equal (strategy_type, "CursorPagination"))
    {
      self->strategy = STRATEGY_CURSOR;
      COMPILE (self->cursor_value, strategy, "cursor_value");
      COMPILE (self->stop_condition, strategy, "stop_condition");
      if (self->cursor_value == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("The CursorPagination has no cursor_value."));
          return NULL;
        }
    }
  else if (g_str_equal (strategy_type, "OffsetIncrement"))
    self->strategy = STRATEGY_OFFSET;
  else if (g_str_equal (strategy_type, "PageIncrement"))
    {
      self->strategy = STRATEGY_PAGE;
      COMPILE (self->start_from_page_expr, strategy, "start_from_page");
    }
  else
    {
      pb_runner_set_unsupported (error, _("the pagination strategy"), strategy_type);
      return NULL;
    }
  COMPILE (self->page_size_expr, strategy, "page_size");
  self->inject_on_first_request = cJSON_IsTrue (
    cJSON_GetObjectItemCaseSensitive (strategy, "inject_on_first_request"));
  if (token_option != NULL)
    {
      if (!pb_runner_request_option_parse (token_option, &self->token_inject, &self->token_field))
        {
          pb_runner_set_unsupported (error, _("the page_token_option"),
                                     pb_runner_component_type (token_option));
          return NULL;
        }
      self->has_token_option = TRUE;
    }
  if (size_option != NULL)
    {
      if (!pb_runner_request_option_parse (size_option, &self->size_inject, &self->size_field)
          || self->size_inject == PB_RUNNER_INJECT_PATH)
        {
          pb_runner_set_unsupported (error, _("the page_size_option"),
                                     pb_runner_component_type (size_option));
          return NULL;
        }
      self->has_size_option = TRUE;
    }
  return g_steal_pointer (&self);
}

gboolean
pb_runner_paginator_is_paging (PbRunnerPaginator *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_PAGINATOR (self), FALSE);
  return self->strategy != STRATEGY_NONE;
}

static gboolean
eval_int (PbExpr     *expr,
          cJSON      *context,
          gint64      fallback,
          gint64     *out,
          GError    **error)
{
  g_autoptr (cJSON) v = NULL;

  *out = fallback;
  if (expr == NULL)
    return TRUE;
  v = pb_expr_evaluate (expr, context, error);
  if (v == NULL)
    return FALSE;
  if (cJSON_IsNumber (v))
    *out = (gint64) v->valuedouble;
  else if (cJSON_IsString (v) && *v->valuestring != '\0')
    {
      char *end;
      gint64 n = g_ascii_strtoll (v->valuestring, &end, 10);

      if (*end != '\0')
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("“%s” should give a whole number, not “%s”."), pb_expr_get_text (expr),
                       v->valuestring);
          return FALSE;
        }
      *out = n;
    }
  return TRUE;
}

gboolean
pb_runner_paginator_reset (PbRunnerPaginator  *self,
                           cJSON              *context,
                           GError            **error)
{
  g_return_val_if_fail (PB_IS_RUNNER_PAGINATOR (self), FALSE);

  g_clear_pointer (&self->token, cJSON_Delete);
  pb_runner_context_set (context, "parameters", self->parameters);
  if (!eval_int (self->page_size_expr, context, 0, &self->page_size, error)
      || !eval_int (self->start_from_page_expr, context, 0, &self->start_from_page, error))
    return FALSE;
  if (self->strategy == STRATEGY_OFFSET)
    {
      self->counter = 0;
      if (self->inject_on_first_request)
        self->token = cJSON_CreateNumber (0);
    }
  else if (self->strategy == STRATEGY_PAGE)
    {
      self->counter = self->start_from_page;
      if (self->inject_on_first_request)
        self->token = cJSON_CreateNumber ((double) self->counter);
    }
  return TRUE;
}

const cJSON *
pb_runner_paginator_get_token (PbRunnerPaginator *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_PAGINATOR (self), NULL);
  return self->token;
}

void
pb_runner_paginator_inject (PbRunnerPaginator *self,
                            PbRunnerRequest   *request)
{
  g_return_if_fail (PB_IS_RUNNER_PAGINATOR (self));

  if (self->strategy == STRATEGY_NONE)
    return;
  if (self->has_size_option && self->page_size > 0)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, self->page_size);

      pb_runner_request_inject (request, self->size_inject, self->size_field, size);
    }
  if (self->has_token_option && self->token != NULL)
    {
      g_autofree char *value = pb_runner_value_to_string (self->token);

      pb_runner_request_inject (request, self->token_inject, self->token_field, value);
    }
}

static gint64
context_int (cJSON      *context,
             const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (context, name);

  return cJSON_IsNumber (v) ? (gint64) v->valuedouble : 0;
}

gboolean
pb_runner_paginator_next (PbRunnerPaginator  *self,
                          cJSON              *context,
                          gboolean           *out_more,
                          GError            **error)
{
  gint64 last_page_size = context_int (context, "last_page_size");

  g_return_val_if_fail (PB_IS_RUNNER_PAGINATOR (self), FALSE);

  *out_more = FALSE;
  pb_runner_context_set (context, "parameters", self->parameters);
  switch (self->strategy)
    {
    case STRATEGY_NONE:
      return TRUE;
    case STRATEGY_CURSOR:
      {
        cJSON *value;

        if (self->token != NULL)
          pb_runner_context_set (context, "last_page_token_value", self->token);
        if (self->stop_condition != NULL)
          {
            gboolean stop = FALSE;

            if (!pb_expr_evaluate_boolean (self->stop_condition, context, &stop, error))
              return FALSE;
            if (stop)
              return TRUE;
          }
        value = pb_expr_evaluate (self->cursor_value, context, error);
        if (value == NULL)
          return FALSE;
        if (cJSON_IsNull (value) || (cJSON_IsString (value) && *value->valuestring == '\0')
            || cJSON_IsFalse (value))
          {
            cJSON_Delete (value);
            return TRUE;
          }
        cJSON_Delete (self->token);
        self->token = value;
        *out_more = TRUE;
        return TRUE;
      }
    case STRATEGY_OFFSET:
    case STRATEGY_PAGE:
      if ((self->page_size > 0 && last_page_size < self->page_size) || last_page_size == 0)
        return TRUE;
      if (self->strategy == STRATEGY_OFFSET)
        self->counter += last_page_size;
      else
        self->counter++;
      cJSON_Delete (self->token);
      self->token = cJSON_CreateNumber ((double) self->counter);
      *out_more = TRUE;
      return TRUE;
    default:
      return TRUE;
    }
}
