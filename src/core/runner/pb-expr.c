/* pb-expr.c: a manifest string parsed once (pb-expr-parse.c) and evaluated many times
 * (pb-expr-eval.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-expr-parser.h"

#define MAX_TEXT (256 * 1024)

struct _PbExpr
{
  GObject parent_instance;

  char       *text;
  PbExprNode *root;
  gboolean    literal;
};

G_DEFINE_FINAL_TYPE (PbExpr, pb_expr, G_TYPE_OBJECT)

/* --- GObject --- */

static void
pb_expr_finalize (GObject *object)
{
  PbExpr *self = PB_EXPR (object);

  g_free (self->text);
  pb_expr_node_free (self->root);
  G_OBJECT_CLASS (pb_expr_parent_class)->finalize (object);
}

static void
pb_expr_class_init (PbExprClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_expr_finalize;
}

static void
pb_expr_init (PbExpr *self)
{
}

PbExpr *
pb_expr_new_full (const char  *text,
                  guint       *out_error_column,
                  GError     **error)
{
  g_autoptr (PbExpr) self = NULL;
  g_autoptr (GError) local = NULL;
  PbExprNode *root;
  guint column = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (out_error_column != NULL)
    *out_error_column = 0;
  if (strlen (text) > MAX_TEXT)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("This manifest string is too long."));
      return NULL;
    }
  root = pb_expr_parse (text, &column, &local);
  if (root == NULL)
    {
      if (out_error_column != NULL)
        *out_error_column = column;
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  self = g_object_new (PB_TYPE_EXPR, NULL);
  self->text = g_strdup (text);
  self->root = root;
  self->literal = root->children == NULL
                  || (root->children->len == 1
                      && ((PbExprNode *) root->children->pdata[0])->kind == PB_EXPR_NODE_TEXT);
  return g_steal_pointer (&self);
}

PbExpr *
pb_expr_new (const char  *text,
             GError     **error)
{
  return pb_expr_new_full (text, NULL, error);
}

const char *
pb_expr_get_text (PbExpr *self)
{
  g_return_val_if_fail (PB_IS_EXPR (self), NULL);
  return self->text;
}

gboolean
pb_expr_is_literal (PbExpr *self)
{
  g_return_val_if_fail (PB_IS_EXPR (self), FALSE);
  return self->literal;
}

PbExprNode *
pb_expr_get_root (PbExpr *self)
{
  return self->root;
}
