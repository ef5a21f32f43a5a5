/* pb-expr-parse.c: the grammar of manifest expressions (Jinja's precedence) and templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-expr-parser.h"

static const char *const filters[]
  = { "length", "count", "int", "float", "string", "lower", "upper", "trim", "default", "d",
      "join", "first", "last", "tojson", "abs", "round", "replace", "base64encode",
      "base64decode", "urlencode", NULL };
static const char *const functions[]
  = { "now_utc", "today_utc", "timestamp", "max", "min", "day_delta", "format_datetime",
      "str_to_datetime", NULL };
static const char *const methods[]
  = { "get", "keys", "values", "split", "startswith", "endswith", "lower", "upper", "strip",
      "replace", "strftime", "isoformat", NULL };
static const char *const tests[] = { "none", "defined", "undefined", NULL };

/* --- grammar (Jinja's precedence) --- */

static PbExprNode *parse_expr (Parser *ps);

/* Arguments after "(" up to ")": added to NODE. Keyword arguments are not supported. */
static gboolean
parse_args (Parser     *ps,
            PbExprNode *node)
{
  if (!expect_op (ps, "("))
    return FALSE;
  while (!is_op (ps, ")"))
    {
      PbExprNode *arg;

      if (ps->kind == TOK_NAME && ps->p < ps->end)
        {
          const char *q = ps->p;

          while (q < ps->end && g_ascii_isspace (*q))
            q++;
          if (q < ps->end && *q == '=' && (q + 1 >= ps->end || q[1] != '='))
            return fail_unsupported (ps, ps->start, _("keyword argument"), ps->value);
        }
      arg = parse_expr (ps);
      if (arg == NULL)
        return FALSE;
      node_add (node, arg);
      if (is_op (ps, ","))
        {
          if (!next_token (ps))
            return FALSE;
        }
      else if (!is_op (ps, ")"))
        return fail (ps, PB_ERROR_PARSE, ps->start, _("Expected “,” or “)” here"));
    }
  return next_token (ps);
}

static gboolean
known (const char *const *list,
       const char        *name)
{
  return g_strv_contains (list, name);
}

static PbExprNode *
parse_primary (Parser *ps)
{
  const char *at = ps->start;
  g_autoptr (GError) unused = NULL;
  PbExprNode *node;

  if (ps->kind == TOK_NUMBER)
    {
      node = node_new (ps, PB_EXPR_NODE_NUMBER, at);
      node->number = ps->number;
      node->is_int = ps->is_int;
      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      return node;
    }
  if (ps->kind == TOK_STRING)
    {
      node = node_new (ps, PB_EXPR_NODE_STRING, at);
      node->str = g_strdup (ps->value);
      /* Jinja joins adjacent string literals. */
      while (next_token (ps) && ps->kind == TOK_STRING)
        {
          char *joined = g_strconcat (node->str, ps->value, NULL);

          g_free (node->str);
          node->str = joined;
        }
      if (ps->error != NULL && *ps->error != NULL)
        return pb_expr_node_free (node), NULL;
      return node;
    }
  if (ps->kind == TOK_NAME)
    {
      const char *word = ps->value;

      if (g_ascii_strcasecmp (word, "true") == 0 || g_ascii_strcasecmp (word, "false") == 0)
        {
          node = node_new (ps, PB_EXPR_NODE_BOOL, at);
          node->number = g_ascii_strcasecmp (word, "true") == 0;
        }
      else if (g_ascii_strcasecmp (word, "none") == 0)
        node = node_new (ps, PB_EXPR_NODE_NONE, at);
      else if (g_str_equal (word, "lambda") || g_str_equal (word, "for")
               || g_str_equal (word, "import") || g_str_equal (word, "self"))
        return fail_unsupported (ps, at, _("keyword"), word), NULL;
      else
        {
          node = node_new (ps, PB_EXPR_NODE_NAME, at);
          node->str = g_strdup (word);
        }
      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      if (node->kind == PB_EXPR_NODE_NAME && is_op (ps, "("))
        {
          if (!known (functions, node->str))
            {
              fail_unsupported (ps, at, _("function"), node->str);
              return pb_expr_node_free (node), NULL;
            }
          node->kind = PB_EXPR_NODE_CALL;
          if (!parse_args (ps, node))
            return pb_expr_node_free (node), NULL;
        }
      return node;
    }
  if (is_op (ps, "("))
    {
      if (!next_token (ps))
        return NULL;
      node = parse_expr (ps);
      if (node == NULL)
        return NULL;
      if (!expect_op (ps, ")"))
        return pb_expr_node_free (node), NULL;
      return node;
    }
  if (is_op (ps, "[") || is_op (ps, "{"))
    {
      gboolean dict = is_op (ps, "{");
      const char *close = dict ? "}" : "]";

      node = node_new (ps, dict ? PB_EXPR_NODE_DICT : PB_EXPR_NODE_LIST, at);
      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      while (!is_op (ps, close))
        {
          PbExprNode *item = parse_expr (ps);

          if (item == NULL)
            return pb_expr_node_free (node), NULL;
          node_add (node, item);
          if (dict)
            {
              if (!expect_op (ps, ":") || (item = parse_expr (ps)) == NULL)
                return pb_expr_node_free (node), NULL;
              node_add (node, item);
            }
          if (is_op (ps, ","))
            {
              if (!next_token (ps))
                return pb_expr_node_free (node), NULL;
            }
          else if (!is_op (ps, close))
            {
              g_autofree char *message = g_strdup_printf (_("Expected “,” or “%s” here"), close);

              fail (ps, PB_ERROR_PARSE, ps->start, message);
              return pb_expr_node_free (node), NULL;
            }
        }
      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      return node;
    }
  if (ps->kind == TOK_END)
    fail (ps, PB_ERROR_PARSE, at, _("An expression is missing here"));
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected “%.*s” here"), (int) ps->len, at);

      fail (ps, PB_ERROR_PARSE, at, message);
    }
  return NULL;
}

static PbExprNode *
parse_postfix (Parser *ps)
{
  PbExprNode *node = parse_primary (ps);

  while (node != NULL)
    {
      const char *at = ps->start;
      PbExprNode *outer;

      if (is_op (ps, "."))
        {
          if (!next_token (ps))
            return pb_expr_node_free (node), NULL;
          if (ps->kind != TOK_NAME && ps->kind != TOK_NUMBER)
            {
              fail (ps, PB_ERROR_PARSE, ps->start, _("Expected a name after “.”"));
              return pb_expr_node_free (node), NULL;
            }
          outer = node_new (ps, PB_EXPR_NODE_ATTR, at);
          outer->str = ps->kind == TOK_NAME ? g_strdup (ps->value)
                                            : g_strndup (ps->start, ps->len);
          node_add (outer, node);
          node = outer;
          if (!next_token (ps))
            return pb_expr_node_free (node), NULL;
          if (is_op (ps, "("))
            {
              if (!known (methods, node->str))
                {
                  fail_unsupported (ps, at + 1, _("method"), node->str);
                  return pb_expr_node_free (node), NULL;
                }
              node->kind = PB_EXPR_NODE_METHOD;
              if (!parse_args (ps, node))
                return pb_expr_node_free (node), NULL;
            }
        }
      else if (is_op (ps, "["))
        {
          PbExprNode *index;

          if (!next_token (ps))
            return pb_expr_node_free (node), NULL;
          if (is_op (ps, ":"))
            {
              fail_unsupported (ps, ps->start, _("construct"), _("slice"));
              return pb_expr_node_free (node), NULL;
            }
          index = parse_expr (ps);
          if (index == NULL)
            return pb_expr_node_free (node), NULL;
          outer = node_new (ps, PB_EXPR_NODE_INDEX, at);
          node_add (outer, node);
          node_add (outer, index);
          node = outer;
          if (is_op (ps, ":"))
            {
              fail_unsupported (ps, ps->start, _("construct"), _("slice"));
              return pb_expr_node_free (node), NULL;
            }
          if (!expect_op (ps, "]"))
            return pb_expr_node_free (node), NULL;
        }
      else if (is_op (ps, "("))
        {
          fail_unsupported (ps, at, _("construct"), _("call of a value"));
          return pb_expr_node_free (node), NULL;
        }
      else
        break;
    }
  return node;
}

static PbExprNode *
parse_filtered (Parser *ps)
{
  PbExprNode *node = parse_postfix (ps);

  while (node != NULL && is_op (ps, "|"))
    {
      PbExprNode *outer;
      const char *at;

      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      at = ps->start;
      if (ps->kind != TOK_NAME)
        {
          fail (ps, PB_ERROR_PARSE, at, _("Expected a filter name after “|”"));
          return pb_expr_node_free (node), NULL;
        }
      if (!known (filters, ps->value))
        {
          fail_unsupported (ps, at, _("filter"), ps->value);
          return pb_expr_node_free (node), NULL;
        }
      outer = node_new (ps, PB_EXPR_NODE_FILTER, at);
      outer->str = g_strdup (ps->value);
      node_add (outer, node);
      node = outer;
      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      if (is_op (ps, "(") && !parse_args (ps, node))
        return pb_expr_node_free (node), NULL;
    }
  return node;
}

static PbExprNode *
parse_unary (Parser *ps)
{
  const char *at = ps->start;

  if (is_op (ps, "-") || is_op (ps, "+"))
    {
      gboolean minus = is_op (ps, "-");
      PbExprNode *inner, *node;

      if (++ps->depth > MAX_DEPTH)
        return fail (ps, PB_ERROR_PARSE, at, _("The expression nests too deep")), NULL;
      if (!next_token (ps) || (inner = parse_unary (ps)) == NULL)
        return NULL;
      ps->depth--;
      if (!minus)
        return inner;
      node = node_new (ps, PB_EXPR_NODE_NEG, at);
      node_add (node, inner);
      return node;
    }
  return parse_filtered (ps);
}

static PbExprNode *
binary (Parser     *ps,
        const char *op,
        const char *at,
        PbExprNode *left,
        PbExprNode *right)
{
  PbExprNode *node = node_new (ps, PB_EXPR_NODE_BINARY, at);

  node->str = g_strdup (op);
  node_add (node, left);
  node_add (node, right);
  return node;
}

static PbExprNode *
parse_mul (Parser *ps)
{
  PbExprNode *node = parse_unary (ps);

  while (node != NULL && (is_op (ps, "*") || is_op (ps, "/") || is_op (ps, "//")
                          || is_op (ps, "%") || is_op (ps, "**")))
    {
      g_autofree char *op = g_strdup (ps->value);
      const char *at = ps->start;
      PbExprNode *right;

      if (g_str_equal (op, "**"))
        return fail_unsupported (ps, at, _("operator"), op), pb_expr_node_free (node), NULL;
      if (!next_token (ps) || (right = parse_unary (ps)) == NULL)
        return pb_expr_node_free (node), NULL;
      node = binary (ps, op, at, node, right);
    }
  return node;
}

static PbExprNode *
parse_add (Parser *ps)
{
  PbExprNode *node = parse_mul (ps);

  while (node != NULL && (is_op (ps, "+") || is_op (ps, "-") || is_op (ps, "~")))
    {
      g_autofree char *op = g_strdup (ps->value);
      const char *at = ps->start;
      PbExprNode *right;

      if (!next_token (ps) || (right = parse_mul (ps)) == NULL)
        return pb_expr_node_free (node), NULL;
      node = binary (ps, op, at, node, right);
    }
  return node;
}

static PbExprNode *
parse_compare (Parser *ps)
{
  PbExprNode *node = parse_add (ps);

  while (node != NULL)
    {
      const char *at = ps->start;
      const char *op = NULL;
      PbExprNode *right;

      if (is_op (ps, "==") || is_op (ps, "!=") || is_op (ps, "<") || is_op (ps, "<=")
          || is_op (ps, ">") || is_op (ps, ">="))
        op = ps->value;
      else if (is_word (ps, "in"))
        op = "in";
      else if (is_word (ps, "not"))
        {
          if (!next_token (ps))
            return pb_expr_node_free (node), NULL;
          if (!is_word (ps, "in"))
            {
              fail (ps, PB_ERROR_PARSE, ps->start, _("Expected “in” after “not” here"));
              return pb_expr_node_free (node), NULL;
            }
          op = "not in";
        }
      else if (is_word (ps, "is"))
        {
          PbExprNode *test = node_new (ps, PB_EXPR_NODE_TEST, at);

          node_add (test, node);
          node = test;
          if (!next_token (ps))
            return pb_expr_node_free (node), NULL;
          if (is_word (ps, "not"))
            {
              node->negate = TRUE;
              if (!next_token (ps))
                return pb_expr_node_free (node), NULL;
            }
          if (ps->kind != TOK_NAME)
            {
              fail (ps, PB_ERROR_PARSE, ps->start, _("Expected a test name after “is”"));
              return pb_expr_node_free (node), NULL;
            }
          node->str = g_ascii_strdown (ps->value, -1);
          if (!known (tests, node->str))
            {
              fail_unsupported (ps, ps->start, _("test"), ps->value);
              return pb_expr_node_free (node), NULL;
            }
          if (!next_token (ps))
            return pb_expr_node_free (node), NULL;
          continue;
        }
      else
        break;
      {
        g_autofree char *copy = g_strdup (op);

        if (!next_token (ps) || (right = parse_add (ps)) == NULL)
          return pb_expr_node_free (node), NULL;
        node = binary (ps, copy, at, node, right);
      }
    }
  return node;
}

static PbExprNode *
parse_not (Parser *ps)
{
  if (is_word (ps, "not"))
    {
      const char *at = ps->start;
      PbExprNode *inner, *node;

      if (++ps->depth > MAX_DEPTH)
        return fail (ps, PB_ERROR_PARSE, at, _("The expression nests too deep")), NULL;
      if (!next_token (ps) || (inner = parse_not (ps)) == NULL)
        return NULL;
      ps->depth--;
      node = node_new (ps, PB_EXPR_NODE_NOT, at);
      node_add (node, inner);
      return node;
    }
  return parse_compare (ps);
}

static PbExprNode *
parse_logic (Parser         *ps,
             PbExprNodeKind  kind)
{
  const char *word = kind == PB_EXPR_NODE_OR ? "or" : "and";
  PbExprNode *node = kind == PB_EXPR_NODE_OR ? parse_logic (ps, PB_EXPR_NODE_AND) : parse_not (ps);

  while (node != NULL && is_word (ps, word))
    {
      const char *at = ps->start;
      PbExprNode *right, *outer;

      if (!next_token (ps))
        return pb_expr_node_free (node), NULL;
      right = kind == PB_EXPR_NODE_OR ? parse_logic (ps, PB_EXPR_NODE_AND) : parse_not (ps);
      if (right == NULL)
        return pb_expr_node_free (node), NULL;
      outer = node_new (ps, kind, at);
      node_add (outer, node);
      node_add (outer, right);
      node = outer;
    }
  return node;
}

static PbExprNode *
parse_expr (Parser *ps)
{
  const char *at = ps->start;
  PbExprNode *node;

  if (++ps->depth > MAX_DEPTH)
    return fail (ps, PB_ERROR_PARSE, at, _("The expression nests too deep")), NULL;
  node = parse_logic (ps, PB_EXPR_NODE_OR);
  if (node != NULL && is_word (ps, "if"))
    {
      PbExprNode *cond = node_new (ps, PB_EXPR_NODE_COND, ps->start);
      PbExprNode *test;

      if (!next_token (ps) || (test = parse_logic (ps, PB_EXPR_NODE_OR)) == NULL)
        {
          pb_expr_node_free (cond);
          pb_expr_node_free (node);
          ps->depth--;
          return NULL;
        }
      node_add (cond, test);
      node_add (cond, node);
      node = cond;
      if (is_word (ps, "else"))
        {
          PbExprNode *other;

          if (!next_token (ps) || (other = parse_expr (ps)) == NULL)
            {
              pb_expr_node_free (node);
              ps->depth--;
              return NULL;
            }
          node_add (node, other);
        }
    }
  ps->depth--;
  return node;
}

/* --- templates --- */

static PbExprNode *
parse_template_with (Parser     *ps,
                     const char *text)
{
  PbExprNode *root = g_new0 (PbExprNode, 1);
  const char *p = text;

  root->kind = PB_EXPR_NODE_TEMPLATE;
  root->column = 1;
  while (*p != '\0')
    {
      const char *open = strchr (p, '{');

      while (open != NULL && open[1] != '{' && open[1] != '%' && open[1] != '#')
        open = strchr (open + 1, '{');
      if (open == NULL)
        open = p + strlen (p);
      if (open > p)
        {
          PbExprNode *t = node_new (ps, PB_EXPR_NODE_TEXT, p);

          t->str = g_strndup (p, open - p);
          node_add (root, t);
        }
      if (*open == '\0')
        break;
      if (open[1] == '%')
        {
          const char *q = open + 2;
          g_autofree char *word = NULL;

          while (*q == ' ' || *q == '-')
            q++;
          word = g_strndup (q, strspn (q, "abcdefghijklmnopqrstuvwxyz_"));
          fail_unsupported (ps, open, _("statement"), *word ? word : "{%");
          pb_expr_node_free (root);
          return NULL;
        }
      if (open[1] == '#')
        {
          const char *close = strstr (open + 2, "#}");

          if (close == NULL)
            {
              fail (ps, PB_ERROR_PARSE, open, _("This comment is not closed with “#}”"));
              pb_expr_node_free (root);
              return NULL;
            }
          p = close + 2;
          continue;
        }
      {
        const char *close = open + 2;
        char quote = 0;
        PbExprNode *node;

        /* The closing braces, outside strings. */
        for (; *close != '\0'; close++)
          {
            if (quote != 0)
              {
                if (*close == '\\' && close[1] != '\0')
                  close++;
                else if (*close == quote)
                  quote = 0;
              }
            else if (*close == '\'' || *close == '"')
              quote = *close;
            else if (close[0] == '}' && close[1] == '}')
              break;
          }
        if (*close == '\0')
          {
            fail (ps, PB_ERROR_PARSE, open, _("This expression is not closed with “}}”"));
            pb_expr_node_free (root);
            return NULL;
          }
        ps->p = open + 2;
        if (*ps->p == '-')
          ps->p++;
        ps->end = close;
        if (ps->end > ps->p && ps->end[-1] == '-')
          ps->end--;
        ps->depth = 0;
        if (!next_token (ps) || (node = parse_expr (ps)) == NULL)
          {
            pb_expr_node_free (root);
            return NULL;
          }
        if (ps->kind != TOK_END)
          {
            g_autofree char *message
              = g_strdup_printf (_("Unexpected “%.*s” here"), (int) ps->len, ps->start);

            fail (ps, PB_ERROR_PARSE, ps->start, message);
            pb_expr_node_free (node);
            pb_expr_node_free (root);
            return NULL;
          }
        node_add (root, node);
        p = close + 2;
      }
    }
  return root;
}


PbExprNode *
pb_expr_parse (const char  *text,
                guint       *out_column,
                GError     **error)
{
  Parser ps = { .text = text, .error = error };
  PbExprNode *result = parse_template_with (&ps, text);

  *out_column = ps.error_column;
  g_clear_pointer (&ps.value, g_free);
  return result;
}
