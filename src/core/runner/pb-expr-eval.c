/* pb-expr-eval.c: evaluating a parsed PbExpr against a JSON context, with Jinja's semantics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-expr-value.h"
#include "pb-runner-datetime.h"

/* --- operators --- */

static gboolean
arith (Eval             *ev,
       const PbExprNode *node,
       const char       *op,
       const Val        *a,
       const Val        *b,
       Val              *out)
{
  gboolean ints = (a->kind == V_INT || a->kind == V_BOOL) && (b->kind == V_INT
                                                             || b->kind == V_BOOL);

  if (g_str_equal (op, "~"))
    {
      g_autofree char *x = val_to_string (a);
      g_autofree char *y = val_to_string (b);

      *out = val_str (g_strconcat (x, y, NULL));
      return TRUE;
    }
  if (g_str_equal (op, "+") && a->kind == V_STR && b->kind == V_STR)
    {
      *out = val_str (g_strconcat (a->s, b->s, NULL));
      return TRUE;
    }
  if (g_str_equal (op, "+") && a->kind == V_JSON && b->kind == V_JSON && cJSON_IsArray (a->j)
      && cJSON_IsArray (b->j))
    {
      cJSON *list = cJSON_Duplicate (a->j, TRUE);
      const cJSON *item;

      cJSON_ArrayForEach (item, b->j)
        cJSON_AddItemToArray (list, cJSON_Duplicate (item, TRUE));
      *out = val_take_json (list);
      return TRUE;
    }
  if (!is_number (a) || !is_number (b))
    {
      g_autofree char *message
        = g_strdup_printf (_("“%s” needs two numbers here"), op);

      return eval_fail (ev, node, message);
    }
  if ((g_str_equal (op, "/") || g_str_equal (op, "//") || g_str_equal (op, "%")) && b->f == 0)
    return eval_fail (ev, node, _("Division by zero"));
  if (ints)
    {
      gint64 r;

      if (g_str_equal (op, "+") && !__builtin_add_overflow (a->i, b->i, &r))
        return *out = val_int (r), TRUE;
      if (g_str_equal (op, "-") && !__builtin_sub_overflow (a->i, b->i, &r))
        return *out = val_int (r), TRUE;
      if (g_str_equal (op, "*") && !__builtin_mul_overflow (a->i, b->i, &r))
        return *out = val_int (r), TRUE;
      if ((g_str_equal (op, "//") || g_str_equal (op, "%")) && !(a->i == G_MININT64 && b->i == -1))
        {
          gint64 q = a->i / b->i, m = a->i % b->i;

          if (m != 0 && ((m < 0) != (b->i < 0)))
            q--, m += b->i;
          return *out = val_int (g_str_equal (op, "//") ? q : m), TRUE;
        }
    }
  if (g_str_equal (op, "+")) *out = val_float (a->f + b->f);
  else if (g_str_equal (op, "-")) *out = val_float (a->f - b->f);
  else if (g_str_equal (op, "*")) *out = val_float (a->f * b->f);
  else if (g_str_equal (op, "/")) *out = val_float (a->f / b->f);
  else if (g_str_equal (op, "//")) *out = val_float (floor (a->f / b->f));
  else
    {
      double m = fmod (a->f, b->f);

      if (m != 0 && ((m < 0) != (b->f < 0)))
        m += b->f;
      *out = val_float (m);
    }
  return TRUE;
}

static gboolean
contains (Eval             *ev,
          const PbExprNode *node,
          const Val        *needle,
          const Val        *haystack,
          gboolean         *out)
{
  const cJSON *item;

  if (haystack->kind == V_STR && needle->kind == V_STR)
    return *out = strstr (haystack->s, needle->s) != NULL, TRUE;
  if (haystack->kind == V_JSON && cJSON_IsObject (haystack->j))
    {
      g_autofree char *key = val_to_string (needle);

      return *out = cJSON_GetObjectItemCaseSensitive (haystack->j, key) != NULL, TRUE;
    }
  if (haystack->kind == V_JSON)
    {
      cJSON_ArrayForEach (item, haystack->j)
        {
          g_auto (Val) v = val_from_json (item, FALSE);

          if (val_equal (needle, &v))
            return *out = TRUE, TRUE;
        }
      return *out = FALSE, TRUE;
    }
  return eval_fail (ev, node, _("“in” needs a list, an object or a string on its right"));
}

static gboolean
binary (Eval             *ev,
        const PbExprNode *node,
        Val              *out)
{
  const char *op = node->str;
  g_auto (Val) a = { 0 };
  g_auto (Val) b = { 0 };
  gboolean r;
  int order;

  if (!eval (ev, node->children->pdata[0], &a) || !eval (ev, node->children->pdata[1], &b))
    return FALSE;
  if (g_str_equal (op, "=="))
    return *out = val_bool (val_equal (&a, &b)), TRUE;
  if (g_str_equal (op, "!="))
    return *out = val_bool (!val_equal (&a, &b)), TRUE;
  if (g_str_equal (op, "in") || g_str_equal (op, "not in"))
    {
      if (!contains (ev, node, &a, &b, &r))
        return FALSE;
      return *out = val_bool (g_str_equal (op, "in") ? r : !r), TRUE;
    }
  if (op[0] == '<' || op[0] == '>')
    {
      if (!val_order (&a, &b, &order))
        return eval_fail (ev, node, _("These two values cannot be compared"));
      if (g_str_equal (op, "<")) r = order < 0;
      else if (g_str_equal (op, "<=")) r = order <= 0;
      else if (g_str_equal (op, ">")) r = order > 0;
      else r = order >= 0;
      return *out = val_bool (r), TRUE;
    }
  return arith (ev, node, op, &a, &b, out);
}

/* --- the tree --- */

gboolean
eval (Eval             *ev,
      const PbExprNode *node,
      Val              *out)
{
  g_auto (Val) a = { 0 };
  guint n = node->children != NULL ? node->children->len : 0;

  *out = (Val) { 0 };
  switch (node->kind)
    {
    case PB_EXPR_NODE_TEXT:
    case PB_EXPR_NODE_STRING:
      *out = val_str (g_strdup (node->str));
      return TRUE;
    case PB_EXPR_NODE_NONE:
      out->kind = V_NONE;
      return TRUE;
    case PB_EXPR_NODE_BOOL:
      *out = val_bool (node->number != 0);
      return TRUE;
    case PB_EXPR_NODE_NUMBER:
      if (node->is_int && fabs (node->number) < 9007199254740992.0)
        *out = val_int ((gint64) node->number);
      else
        *out = val_float (node->number);
      return TRUE;
    case PB_EXPR_NODE_LIST:
    case PB_EXPR_NODE_DICT:
      {
        gboolean dict = node->kind == PB_EXPR_NODE_DICT;
        cJSON *json = dict ? cJSON_CreateObject () : cJSON_CreateArray ();

        for (guint i = 0; i < n; i += dict ? 2 : 1)
          {
            g_auto (Val) item = { 0 };
            g_auto (Val) key = { 0 };

            if ((dict && !eval (ev, node->children->pdata[i], &key))
                || !eval (ev, node->children->pdata[i + (dict ? 1 : 0)], &item))
              {
                cJSON_Delete (json);
                return FALSE;
              }
            if (dict)
              {
                g_autofree char *k = val_to_string (&key);

                cJSON_DeleteItemFromObjectCaseSensitive (json, k);
                cJSON_AddItemToObject (json, k, val_to_json (&item));
              }
            else
              cJSON_AddItemToArray (json, val_to_json (&item));
          }
        *out = val_take_json (json);
        return TRUE;
      }
    case PB_EXPR_NODE_NAME:
      *out = val_from_json (cJSON_GetObjectItemCaseSensitive (ev->context, node->str), FALSE);
      return TRUE;
    case PB_EXPR_NODE_ATTR:
      {
        Val key = { .kind = V_STR, .s = node->str };

        if (!eval (ev, node->children->pdata[0], &a))
          return FALSE;
        if (g_ascii_isdigit (node->str[0]))
          key = val_int (g_ascii_strtoll (node->str, NULL, 10));
        *out = member (&a, &key);
        return TRUE;
      }
    case PB_EXPR_NODE_INDEX:
      {
        g_auto (Val) key = { 0 };

        if (!eval (ev, node->children->pdata[0], &a) || !eval (ev, node->children->pdata[1], &key))
          return FALSE;
        *out = member (&a, &key);
        return TRUE;
      }
    case PB_EXPR_NODE_CALL:
      return call (ev, node, out);
    case PB_EXPR_NODE_METHOD:
      return method (ev, node, out);
    case PB_EXPR_NODE_FILTER:
      return filter (ev, node, out);
    case PB_EXPR_NODE_NOT:
      if (!eval (ev, node->children->pdata[0], &a))
        return FALSE;
      *out = val_bool (!val_truth (&a));
      return TRUE;
    case PB_EXPR_NODE_NEG:
      if (!eval (ev, node->children->pdata[0], &a))
        return FALSE;
      if (a.kind == V_INT && a.i != G_MININT64)
        *out = val_int (-a.i);
      else if (is_number (&a))
        *out = val_float (-a.f);
      else
        return eval_fail (ev, node, _("“-” needs a number"));
      return TRUE;
    case PB_EXPR_NODE_AND:
    case PB_EXPR_NODE_OR:
      if (!eval (ev, node->children->pdata[0], &a))
        return FALSE;
      if (val_truth (&a) == (node->kind == PB_EXPR_NODE_OR))
        {
          *out = a;
          a = (Val) { 0 };
          return TRUE;
        }
      return eval (ev, node->children->pdata[1], out);
    case PB_EXPR_NODE_BINARY:
      return binary (ev, node, out);
    case PB_EXPR_NODE_TEST:
      {
        gboolean r;

        if (!eval (ev, node->children->pdata[0], &a))
          return FALSE;
        if (g_str_equal (node->str, "none"))
          r = a.kind == V_NONE;
        else if (g_str_equal (node->str, "defined"))
          r = a.kind != V_UNDEF;
        else
          r = a.kind == V_UNDEF;
        *out = val_bool (node->negate ? !r : r);
        return TRUE;
      }
    case PB_EXPR_NODE_COND:
      if (!eval (ev, node->children->pdata[0], &a))
        return FALSE;
      if (val_truth (&a))
        return eval (ev, node->children->pdata[1], out);
      if (n > 2)
        return eval (ev, node->children->pdata[2], out);
      out->kind = V_UNDEF;
      return TRUE;
    case PB_EXPR_NODE_TEMPLATE:
    default:
      return eval_fail (ev, node, _("Unexpected part"));
    }
}

cJSON *
pb_expr_eval_node (PbExpr       *self,
                   const cJSON  *context,
                   gboolean      as_string,
                   GError      **error)
{
  PbExprNode *root = pb_expr_get_root (self);
  Eval ev = { .expr = self, .context = context, .error = error };
  guint n = root->children != NULL ? root->children->len : 0;
  g_autoptr (GString) text = NULL;

  if (n == 0)
    return cJSON_CreateString ("");
  if (n == 1 && !as_string)
    {
      g_auto (Val) v = { 0 };
      PbExprNode *only = root->children->pdata[0];

      if (!eval (&ev, only, &v))
        return NULL;
      return val_to_json (&v);
    }
  text = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_auto (Val) v = { 0 };
      g_autofree char *s = NULL;

      if (!eval (&ev, root->children->pdata[i], &v))
        return NULL;
      s = v.kind == V_NONE ? g_strdup ("None") : val_to_string (&v);
      g_string_append (text, s);
    }
  return cJSON_CreateString (text->str);
}

cJSON *
pb_expr_evaluate (PbExpr       *self,
                  const cJSON  *context,
                  GError      **error)
{
  g_return_val_if_fail (PB_IS_EXPR (self), NULL);
  return pb_expr_eval_node (self, context, FALSE, error);
}

char *
pb_expr_evaluate_string (PbExpr       *self,
                         const cJSON  *context,
                         GError      **error)
{
  cJSON *value;
  char *text;

  g_return_val_if_fail (PB_IS_EXPR (self), NULL);
  value = pb_expr_eval_node (self, context, FALSE, error);
  if (value == NULL)
    return NULL;
  if (cJSON_IsString (value))
    text = g_strdup (value->valuestring);
  else if (cJSON_IsNull (value))
    text = g_strdup ("");
  else
    {
      g_auto (Val) v = val_from_json (value, FALSE);

      text = val_to_string (&v);
    }
  cJSON_Delete (value);
  return text;
}

gboolean
pb_expr_evaluate_boolean (PbExpr       *self,
                          const cJSON  *context,
                          gboolean     *out_value,
                          GError      **error)
{
  cJSON *value;

  g_return_val_if_fail (PB_IS_EXPR (self), FALSE);
  value = pb_expr_eval_node (self, context, FALSE, error);
  if (value == NULL)
    return FALSE;
  *out_value = pb_expr_json_truth (value);
  cJSON_Delete (value);
  return TRUE;
}

char *
pb_expr_render (const char   *text,
                const cJSON  *context,
                GError      **error)
{
  g_autoptr (PbExpr) expr = pb_expr_new (text, error);

  if (expr == NULL)
    return NULL;
  return pb_expr_evaluate_string (expr, context, error);
}
