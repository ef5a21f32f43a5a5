/* pb-expr-value.h: values during evaluation (pb-expr-value.c), shared by the evaluator
 * (pb-expr-eval.c) and the filters, methods and functions (pb-expr-builtins.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-expr-private.h"

G_BEGIN_DECLS

#define DEFAULT_DAY_DELTA_FORMAT "%Y-%m-%dT%H:%M:%S.%f%z"

typedef enum {
  V_UNDEF,
  V_NONE,
  V_BOOL,
  V_INT,
  V_FLOAT,
  V_STR,
  V_JSON,      /* an object or an array */
  V_DATETIME,
} VKind;

typedef struct {
  VKind        kind;
  gint64       i;       /* BOOL, INT */
  double       f;
  char        *s;       /* STR (owned) */
  const cJSON *j;       /* JSON */
  cJSON       *owned;   /* JSON: when j is ours */
  GDateTime   *dt;      /* DATETIME (owned) */
  gboolean     is_date;
} Val;

typedef struct {
  PbExpr      *expr;
  const cJSON *context;
  GError     **error;
} Eval;

/* Internal names, kept short in the three files that share them. */
#define val_clear pb_expr_val_clear
#define eval_fail pb_expr_eval_fail
#define val_str pb_expr_val_str
#define val_int pb_expr_val_int
#define val_float pb_expr_val_float
#define val_bool pb_expr_val_bool
#define val_from_json pb_expr_val_from_json
#define val_take_json pb_expr_val_take_json
#define val_datetime pb_expr_val_datetime
#define is_number pb_expr_is_number
#define val_to_string pb_expr_val_to_string
#define val_to_json pb_expr_val_to_json
#define val_truth pb_expr_val_truth
#define val_equal pb_expr_val_equal
#define val_order pb_expr_val_order
#define val_to_datetime pb_expr_val_to_datetime
#define member pb_expr_member
#define datetime_str pb_expr_datetime_str
#define append_float pb_expr_append_float
#define filter pb_expr_filter
#define method pb_expr_method
#define call pb_expr_call
#define eval pb_expr_eval

void val_clear (Val *v);
gboolean eval_fail (Eval *ev, const PbExprNode *node, const char *message);
Val val_str (char *owned);
Val val_int (gint64 i);
Val val_float (double f);
Val val_bool (gboolean b);
Val val_from_json (const cJSON *node, gboolean copy);
Val val_take_json (cJSON *node);
Val val_datetime (GDateTime *dt, gboolean is_date);
gboolean is_number (const Val *v);
char * val_to_string (const Val *v);
cJSON * val_to_json (const Val *v);
gboolean val_truth (const Val *v);
gboolean val_equal (const Val *a, const Val *b);
gboolean val_order (const Val *a, const Val *b, int *out);
GDateTime * val_to_datetime (const Val *v, const char *input_format);
Val member (const Val *base, const Val *key);
char * datetime_str (GDateTime *dt, gboolean is_date, char sep);
void append_float (GString *out, double f);
gboolean filter (Eval *ev, const PbExprNode *node, Val *out);
gboolean method (Eval *ev, const PbExprNode *node, Val *out);
gboolean call (Eval *ev, const PbExprNode *node, Val *out);
gboolean eval (Eval *ev, const PbExprNode *node, Val *out);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Val, val_clear)

G_END_DECLS
