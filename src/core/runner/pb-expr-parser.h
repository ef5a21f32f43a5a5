/* pb-expr-parser.h: the lexer state shared by pb-expr-lexer.c and pb-expr-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-expr-private.h"

G_BEGIN_DECLS

#define MAX_DEPTH 64
#define MAX_NODES 4000

typedef enum {
  TOK_END,
  TOK_NAME,
  TOK_NUMBER,
  TOK_STRING,
  TOK_OP,
} TokKind;

typedef struct {
  const char *text;    /* the whole template */
  const char *p;       /* next character */
  const char *end;     /* end of this expression ("}}") */
  TokKind     kind;
  const char *start;   /* current token */
  gsize       len;
  char       *value;   /* NAME, STRING: text; OP: the operator */
  double      number;
  gboolean    is_int;
  guint       depth;
  guint       error_column;
  guint       nodes;
  GError    **error;
} Parser;

/* Internal names, kept short in the two files that share them. */
#define column_of pb_expr_lex_column_of
#define fail pb_expr_lex_fail
#define fail_unsupported pb_expr_lex_fail_unsupported
#define next_token pb_expr_lex_next_token
#define is_op pb_expr_lex_is_op
#define is_word pb_expr_lex_is_word
#define expect_op pb_expr_lex_expect_op
#define node_new pb_expr_lex_node_new
#define node_add pb_expr_lex_node_add

guint column_of (const char *text, const char *at);
gboolean fail (Parser *ps, int code, const char *at, const char *message);
gboolean fail_unsupported (Parser *ps, const char *at, const char *kind, const char *name);
gboolean next_token (Parser *ps);
gboolean is_op (Parser *ps, const char *op);
gboolean is_word (Parser *ps, const char *word);
gboolean expect_op (Parser *ps, const char *op);
PbExprNode * node_new (Parser *ps, PbExprNodeKind kind, const char *at);
void node_add (PbExprNode *node, PbExprNode *child);

/* pb-expr-parse.c: TEXT as a template tree, or NULL with ERROR and OUT_COLUMN set. */
PbExprNode *pb_expr_parse (const char *text, guint *out_column, GError **error);

G_END_DECLS
