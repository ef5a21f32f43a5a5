/* pb-expr-lexer.c: tokens of a manifest expression, errors with columns, tree nodes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-expr-parser.h"


void
pb_expr_node_free (PbExprNode *node)
{
  if (node == NULL)
    return;
  g_free (node->str);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

/* --- lexer --- */


guint
column_of (const char *text,
           const char *at)
{
  guint column = 1;

  for (const char *p = text; p < at && *p != '\0'; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      column++;
  return column;
}

gboolean
fail (Parser     *ps,
      int         code,
      const char *at,
      const char *message)
{
  if (ps->error_column != 0)
    return FALSE;
  ps->error_column = column_of (ps->text, at);
  g_set_error (ps->error, PB_ERROR, code, _("%s (at column %u of “%s”)"), message,
               ps->error_column, ps->text);
  return FALSE;
}

gboolean
fail_unsupported (Parser     *ps,
                  const char *at,
                  const char *kind,
                  const char *name)
{
  g_autofree char *message
    = g_strdup_printf (_("The %s “%s” is not supported by Plugboard's test reads"), kind, name);

  return fail (ps, PB_ERROR_UNSUPPORTED_FORMAT, at, message);
}

gboolean
next_token (Parser *ps)
{
  static const char *const ops[]
    = { "==", "!=", "<=", ">=", "//", "**", "<", ">", "+", "-", "*", "/", "%", "~", "|", ".",
        ",", ":", "(", ")", "[", "]", "{", "}", "=", NULL };

  g_clear_pointer (&ps->value, g_free);
  if (ps->nodes > MAX_NODES)
    return fail (ps, PB_ERROR_PARSE, ps->p, _("The expression is too long"));
  while (ps->p < ps->end && g_ascii_isspace (*ps->p))
    ps->p++;
  ps->start = ps->p;
  if (ps->p >= ps->end)
    {
      ps->kind = TOK_END;
      ps->len = 0;
      return TRUE;
    }
  if (g_ascii_isalpha (*ps->p) || *ps->p == '_')
    {
      while (ps->p < ps->end && (g_ascii_isalnum (*ps->p) || *ps->p == '_'))
        ps->p++;
      ps->kind = TOK_NAME;
      ps->value = g_strndup (ps->start, ps->p - ps->start);
    }
  else if (g_ascii_isdigit (*ps->p))
    {
      g_autofree char *copy = NULL;
      char *stop;

      ps->is_int = TRUE;
      while (ps->p < ps->end && (g_ascii_isdigit (*ps->p) || *ps->p == '_'))
        ps->p++;
      if (ps->p + 1 < ps->end && *ps->p == '.' && g_ascii_isdigit (ps->p[1]))
        {
          ps->is_int = FALSE;
          ps->p++;
          while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
            ps->p++;
        }
      if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
        {
          const char *q = ps->p + 1;

          if (q < ps->end && (*q == '+' || *q == '-'))
            q++;
          if (q < ps->end && g_ascii_isdigit (*q))
            {
              ps->is_int = FALSE;
              ps->p = q;
              while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
                ps->p++;
            }
        }
      copy = g_strndup (ps->start, ps->p - ps->start);
      {
        GString *clean = g_string_new (NULL);

        for (const char *c = copy; *c; c++)
          if (*c != '_')
            g_string_append_c (clean, *c);
        ps->number = g_ascii_strtod (clean->str, &stop);
        g_string_free (clean, TRUE);
      }
      ps->kind = TOK_NUMBER;
    }
  else if (*ps->p == '\'' || *ps->p == '"')
    {
      char quote = *ps->p++;
      GString *s = g_string_new (NULL);

      while (ps->p < ps->end && *ps->p != quote)
        {
          if (*ps->p == '\\' && ps->p + 1 < ps->end)
            {
              char c = ps->p[1];

              g_string_append_c (s, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
              ps->p += 2;
              continue;
            }
          g_string_append_c (s, *ps->p++);
        }
      if (ps->p >= ps->end)
        {
          g_string_free (s, TRUE);
          return fail (ps, PB_ERROR_PARSE, ps->start, _("This string is not closed"));
        }
      ps->p++;
      ps->kind = TOK_STRING;
      ps->value = g_string_free (s, FALSE);
    }
  else
    {
      for (guint i = 0; ops[i] != NULL; i++)
        {
          gsize n = strlen (ops[i]);

          if ((gsize) (ps->end - ps->p) >= n && strncmp (ps->p, ops[i], n) == 0)
            {
              ps->kind = TOK_OP;
              ps->value = g_strdup (ops[i]);
              ps->p += n;
              ps->len = n;
              return TRUE;
            }
        }
      {
        g_autofree char *c = g_strndup (ps->p, g_utf8_skip[*(guchar *) ps->p]);

        if (!g_utf8_validate (c, -1, NULL))
          g_free (g_steal_pointer (&c)), c = g_strdup ("?");
        return fail_unsupported (ps, ps->p, _("character"), c);
      }
    }
  ps->len = ps->p - ps->start;
  return TRUE;
}

gboolean
is_op (Parser     *ps,
       const char *op)
{
  return ps->kind == TOK_OP && g_str_equal (ps->value, op);
}

gboolean
is_word (Parser     *ps,
         const char *word)
{
  return ps->kind == TOK_NAME && g_str_equal (ps->value, word);
}

gboolean
expect_op (Parser     *ps,
           const char *op)
{
  g_autofree char *message = NULL;

  if (is_op (ps, op))
    return next_token (ps);
  message = g_strdup_printf (_("Expected “%s” here"), op);
  return fail (ps, PB_ERROR_PARSE, ps->start, message);
}

PbExprNode *
node_new (Parser         *ps,
          PbExprNodeKind  kind,
          const char     *at)
{
  PbExprNode *node = g_new0 (PbExprNode, 1);

  ps->nodes++;
  node->kind = kind;
  node->column = column_of (ps->text, at);
  return node;
}

void
node_add (PbExprNode *node,
          PbExprNode *child)
{
  if (node->children == NULL)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_expr_node_free);
  g_ptr_array_add (node->children, child);
}
