/* pb-expr-private.h: the parsed form of a PbExpr, shared by the parser and the evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-expr.h"

G_BEGIN_DECLS

typedef enum {
  PB_EXPR_NODE_TEXT,      /* literal template text: str */
  PB_EXPR_NODE_TEMPLATE,  /* parts: children */
  PB_EXPR_NODE_NONE,
  PB_EXPR_NODE_BOOL,      /* number: 0 or 1 */
  PB_EXPR_NODE_NUMBER,    /* number; is_int */
  PB_EXPR_NODE_STRING,    /* str */
  PB_EXPR_NODE_LIST,      /* children */
  PB_EXPR_NODE_DICT,      /* children: key, value, key, value… */
  PB_EXPR_NODE_NAME,      /* str */
  PB_EXPR_NODE_ATTR,      /* children[0] . str */
  PB_EXPR_NODE_INDEX,     /* children[0] [ children[1] ] */
  PB_EXPR_NODE_CALL,      /* function str (children: arguments) */
  PB_EXPR_NODE_METHOD,    /* children[0] . str (children[1…]: arguments) */
  PB_EXPR_NODE_FILTER,    /* children[0] | str (children[1…]: arguments) */
  PB_EXPR_NODE_NOT,       /* children[0] */
  PB_EXPR_NODE_NEG,       /* children[0] */
  PB_EXPR_NODE_AND,
  PB_EXPR_NODE_OR,
  PB_EXPR_NODE_BINARY,    /* children[0] op children[1]; op in str ("==", "in", "not in", "+") */
  PB_EXPR_NODE_TEST,      /* children[0] is [not] str */
  PB_EXPR_NODE_COND,      /* children[1] if children[0] else children[2] (may be absent) */
} PbExprNodeKind;

typedef struct _PbExprNode PbExprNode;
struct _PbExprNode {
  PbExprNodeKind kind;
  guint          column;   /* 1-based, in characters of the whole text */
  char          *str;
  double         number;
  gboolean       is_int;
  gboolean       negate;   /* TEST: "is not" */
  GPtrArray     *children; /* of PbExprNode, may be NULL */
};

void        pb_expr_node_free (PbExprNode *node);

/* The parsed template of SELF (pb-expr.c). */
PbExprNode *pb_expr_get_root  (PbExpr *self);

/* Evaluation (pb-expr-eval.c): the value of ROOT in CONTEXT; a single-expression template gives
 * its typed value. */
cJSON      *pb_expr_eval_node (PbExpr       *self,
                               const cJSON  *context,
                               gboolean      as_string,
                               GError      **error);

G_END_DECLS
