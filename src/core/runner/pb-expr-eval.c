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
#include "pb-expr-private.h"
#include "pb-runner-datetime.h"

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

static void
val_clear (Val *v)
{
  g_clear_pointer (&v->s, g_free);
  g_clear_pointer (&v->owned, cJSON_Delete);
  g_clear_pointer (&v->dt, g_date_time_unref);
  memset (v, 0, sizeof *v);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Val, val_clear)

static gboolean
eval_fail (Eval             *ev,
           const PbExprNode *node,
           const char       *message)
{
  if (ev->error != NULL && *ev->error == NULL)
    g_set_error (ev->error, PB_ERROR, PB_ERROR_PARSE, _("%s (at column %u of “%s”)"), message,
                 node->column, pb_expr_get_text (ev->expr));
  return FALSE;
}

static Val
val_str (char *owned)
{
  return (Val) { .kind = V_STR, .s = owned };
}

static Val
val_int (gint64 i)
{
  return (Val) { .kind = V_INT, .i = i, .f = (double) i };
}

static Val
val_float (double f)
{
  return (Val) { .kind = V_FLOAT, .f = f };
}

static Val
val_bool (gboolean b)
{
  return (Val) { .kind = V_BOOL, .i = b != FALSE, .f = b != FALSE };
}

/* A JSON node as a value; objects and arrays are borrowed unless the parent was owned. */
static Val
val_from_json (const cJSON *node,
               gboolean     copy)
{
  if (node == NULL)
    return (Val) { .kind = V_UNDEF };
  if (cJSON_IsNull (node))
    return (Val) { .kind = V_NONE };
  if (cJSON_IsBool (node))
    return val_bool (cJSON_IsTrue (node));
  if (cJSON_IsNumber (node))
    {
      double d = node->valuedouble;

      if (d == floor (d) && fabs (d) < 9007199254740992.0)
        return val_int ((gint64) d);
      return val_float (d);
    }
  if (cJSON_IsString (node))
    return val_str (g_strdup (node->valuestring));
  if (cJSON_IsArray (node) || cJSON_IsObject (node))
    {
      Val v = { .kind = V_JSON, .j = node };

      if (copy)
        v.j = v.owned = cJSON_Duplicate (node, TRUE);
      return v;
    }
  return (Val) { .kind = V_UNDEF };
}

static Val
val_take_json (cJSON *node)
{
  Val v = val_from_json (node, FALSE);

  if (v.kind == V_JSON)
    v.owned = node;
  else
    cJSON_Delete (node);
  return v;
}

static Val
val_datetime (GDateTime *dt,
              gboolean   is_date)
{
  return (Val) { .kind = V_DATETIME, .dt = dt, .is_date = is_date };
}

static gboolean
is_number (const Val *v)
{
  return v->kind == V_INT || v->kind == V_FLOAT || v->kind == V_BOOL;
}

static void
append_float (GString *out,
              double   f)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (f))
    g_string_append (out, "nan");
  else if (isinf (f))
    g_string_append (out, f > 0 ? "inf" : "-inf");
  else
    {
      g_ascii_dtostr (buf, sizeof buf, f);
      g_string_append (out, buf);
      if (strpbrk (buf, ".e") == NULL)
        g_string_append (out, ".0");
    }
}

static char *
datetime_str (GDateTime *dt,
              gboolean   is_date,
              char       sep)
{
  g_autofree char *format = NULL;

  if (is_date)
    return pb_runner_datetime_format (dt, "%Y-%m-%d");
  format = g_strdup_printf ("%%Y-%%m-%%d%c%%H:%%M:%%S%s", sep,
                            g_date_time_get_microsecond (dt) != 0 ? ".%f" : "");
  {
    g_autofree char *main = pb_runner_datetime_format (dt, format);
    g_autofree char *offset = pb_runner_datetime_format (dt, "%z");

    return g_strdup_printf ("%s%.3s:%s", main, offset, offset + 3);
  }
}

/* What Jinja prints for V. */
static char *
val_to_string (const Val *v)
{
  GString *out;

  switch (v->kind)
    {
    case V_UNDEF: return g_strdup ("");
    case V_NONE: return g_strdup ("None");
    case V_BOOL: return g_strdup (v->i ? "True" : "False");
    case V_INT: return g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
    case V_FLOAT:
      out = g_string_new (NULL);
      append_float (out, v->f);
      return g_string_free (out, FALSE);
    case V_STR: return g_strdup (v->s);
    case V_JSON: return cJSON_PrintUnformatted (v->j);
    case V_DATETIME: return datetime_str (v->dt, v->is_date, ' ');
    default: return g_strdup ("");
    }
}

static cJSON *
val_to_json (const Val *v)
{
  switch (v->kind)
    {
    case V_UNDEF:
    case V_NONE: return cJSON_CreateNull ();
    case V_BOOL: return cJSON_CreateBool (v->i != 0);
    case V_INT: return cJSON_CreateNumber ((double) v->i);
    case V_FLOAT: return cJSON_CreateNumber (v->f);
    case V_STR: return cJSON_CreateString (v->s);
    case V_JSON: return cJSON_Duplicate (v->j, TRUE);
    default:
      {
        g_autofree char *s = val_to_string (v);

        return cJSON_CreateString (s);
      }
    }
}

static gboolean
val_truth (const Val *v)
{
  switch (v->kind)
    {
    case V_UNDEF:
    case V_NONE: return FALSE;
    case V_BOOL:
    case V_INT: return v->i != 0;
    case V_FLOAT: return v->f != 0;
    case V_STR: return v->s[0] != '\0';
    case V_JSON: return cJSON_GetArraySize (v->j) > 0;
    default: return TRUE;
    }
}

gboolean
pb_expr_json_truth (const cJSON *value)
{
  g_auto (Val) v = val_from_json (value, FALSE);

  if (v.kind == V_STR)
    return !(v.s[0] == '\0' || g_ascii_strcasecmp (v.s, "false") == 0
             || g_str_equal (v.s, "None") || g_str_equal (v.s, "0"));
  return val_truth (&v);
}

static gboolean
val_equal (const Val *a,
           const Val *b)
{
  if (is_number (a) && is_number (b))
    return a->f == b->f && (a->kind == V_FLOAT || b->kind == V_FLOAT || a->i == b->i);
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case V_UNDEF:
    case V_NONE: return TRUE;
    case V_STR: return g_str_equal (a->s, b->s);
    case V_JSON: return cJSON_Compare (a->j, b->j, TRUE);
    case V_DATETIME: return g_date_time_compare (a->dt, b->dt) == 0;
    default: return FALSE;
    }
}

/* -1, 0, 1; FALSE when A and B do not order. */
static gboolean
val_order (const Val *a,
           const Val *b,
           int       *out)
{
  if (is_number (a) && is_number (b))
    *out = a->f < b->f ? -1 : a->f > b->f ? 1 : 0;
  else if (a->kind == V_STR && b->kind == V_STR)
    *out = CLAMP (strcmp (a->s, b->s), -1, 1);
  else if (a->kind == V_DATETIME && b->kind == V_DATETIME)
    *out = g_date_time_compare (a->dt, b->dt);
  else
    return FALSE;
  return TRUE;
}

static GDateTime *
val_to_datetime (const Val  *v,
                 const char *input_format)
{
  if (v->kind == V_DATETIME)
    return g_date_time_ref (v->dt);
  if (v->kind == V_INT || v->kind == V_FLOAT)
    return pb_runner_datetime_from_unix_usec ((gint64) (v->f * G_USEC_PER_SEC));
  if (v->kind == V_STR)
    {
      GDateTime *dt = input_format != NULL ? pb_runner_datetime_parse (v->s, input_format) : NULL;

      if (dt == NULL)
        dt = pb_runner_datetime_parse_iso (v->s);
      if (dt == NULL && v->s[0] != '\0' && strspn (v->s, "0123456789.") == strlen (v->s))
        dt = pb_runner_datetime_from_unix_usec ((gint64) (g_ascii_strtod (v->s, NULL)
                                                           * G_USEC_PER_SEC));
      return dt;
    }
  return NULL;
}

static gboolean eval (Eval *ev, const PbExprNode *node, Val *out);

/* --- member access --- */

static Val
member (const Val  *base,
        const Val  *key)
{
  const cJSON *child = NULL;

  if (base->kind == V_JSON && cJSON_IsObject (base->j))
    {
      g_autofree char *name = val_to_string (key);

      child = cJSON_GetObjectItemCaseSensitive (base->j, name);
      if (child == NULL)
        child = cJSON_GetObjectItem (base->j, name); /* headers: any case */
    }
  else if (base->kind == V_JSON && cJSON_IsArray (base->j) && (key->kind == V_INT
                                                                || key->kind == V_BOOL))
    {
      gint64 n = cJSON_GetArraySize (base->j);
      gint64 i = key->i < 0 ? key->i + n : key->i;

      if (i >= 0 && i < n)
        child = cJSON_GetArrayItem (base->j, (int) i);
    }
  else if (base->kind == V_STR && key->kind == V_INT)
    {
      glong n = g_utf8_strlen (base->s, -1);
      gint64 i = key->i < 0 ? key->i + n : key->i;

      if (g_utf8_validate (base->s, -1, NULL) && i >= 0 && i < n)
        {
          const char *c = g_utf8_offset_to_pointer (base->s, (glong) i);

          return val_str (g_strndup (c, g_utf8_next_char (c) - c));
        }
    }
  else if (base->kind == V_DATETIME && key->kind == V_STR)
    {
      if (g_str_equal (key->s, "year")) return val_int (g_date_time_get_year (base->dt));
      if (g_str_equal (key->s, "month")) return val_int (g_date_time_get_month (base->dt));
      if (g_str_equal (key->s, "day")) return val_int (g_date_time_get_day_of_month (base->dt));
      if (g_str_equal (key->s, "hour")) return val_int (g_date_time_get_hour (base->dt));
      if (g_str_equal (key->s, "minute")) return val_int (g_date_time_get_minute (base->dt));
      if (g_str_equal (key->s, "second")) return val_int (g_date_time_get_second (base->dt));
    }
  return val_from_json (child, base->owned != NULL);
}

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

/* --- filters, methods, functions --- */

static gboolean
eval_args (Eval             *ev,
           const PbExprNode *node,
           guint             first,
           Val              *args,
           guint             max_args,
           guint            *n_args)
{
  guint n = node->children != NULL ? node->children->len : 0;

  *n_args = 0;
  if (n > first + max_args)
    return eval_fail (ev, node, _("Too many arguments"));
  for (guint i = first; i < n; i++)
    if (!eval (ev, node->children->pdata[i], &args[(*n_args)++]))
      return FALSE;
  return TRUE;
}

static Val
to_int (const Val *v,
        gint64     fallback)
{
  if (v->kind == V_INT || v->kind == V_BOOL)
    return val_int (v->i);
  if (v->kind == V_FLOAT && isfinite (v->f) && fabs (v->f) < 9.2e18)
    return val_int ((gint64) v->f);
  if (v->kind == V_STR)
    {
      char *end;
      double d;
      gint64 i;

      errno = 0;
      i = g_ascii_strtoll (v->s, &end, 10);
      if (end != v->s && *end == '\0' && errno == 0)
        return val_int (i);
      d = g_ascii_strtod (v->s, &end);
      if (end != v->s && *end == '\0' && isfinite (d) && fabs (d) < 9.2e18)
        return val_int ((gint64) d);
    }
  return val_int (fallback);
}

static Val
to_float (const Val *v)
{
  if (is_number (v))
    return val_float (v->f);
  if (v->kind == V_STR)
    {
      char *end;
      double d = g_ascii_strtod (v->s, &end);

      if (end != v->s && *end == '\0')
        return val_float (d);
    }
  return val_float (0);
}

static gboolean
length_of (const Val *v,
           gint64    *out)
{
  if (v->kind == V_STR)
    *out = g_utf8_validate (v->s, -1, NULL) ? g_utf8_strlen (v->s, -1) : (gint64) strlen (v->s);
  else if (v->kind == V_JSON)
    *out = cJSON_GetArraySize (v->j);
  else if (v->kind == V_UNDEF)
    *out = 0;
  else
    return FALSE;
  return TRUE;
}

static char *
string_replace (const char *s,
                const char *from,
                const char *to)
{
  g_autoptr (GString) out = g_string_new (s);

  if (*from == '\0')
    return g_strdup (s);
  g_string_replace (out, from, to, 0);
  return g_strdup (out->str);
}

static gboolean
filter (Eval             *ev,
        const PbExprNode *node,
        Val              *out)
{
  const char *name = node->str;
  g_auto (Val) v = { 0 };
  Val args[3] = { { 0 } };
  guint n = 0;
  gboolean ok = TRUE;
  gint64 len;

  if (!eval (ev, node->children->pdata[0], &v) || !eval_args (ev, node, 1, args, 3, &n))
    {
      for (guint i = 0; i < n; i++)
        val_clear (&args[i]);
      return FALSE;
    }
  if (g_str_equal (name, "length") || g_str_equal (name, "count"))
    {
      if (length_of (&v, &len))
        *out = val_int (len);
      else
        ok = eval_fail (ev, node, _("“length” needs a list, an object or a string"));
    }
  else if (g_str_equal (name, "int"))
    *out = to_int (&v, n > 0 ? to_int (&args[0], 0).i : 0);
  else if (g_str_equal (name, "float"))
    *out = to_float (&v);
  else if (g_str_equal (name, "string"))
    *out = val_str (val_to_string (&v));
  else if (g_str_equal (name, "lower") || g_str_equal (name, "upper")
           || g_str_equal (name, "trim"))
    {
      g_autofree char *s = val_to_string (&v);

      if (name[0] == 'l')
        *out = val_str (g_utf8_strdown (s, -1));
      else if (name[0] == 'u')
        *out = val_str (g_utf8_strup (s, -1));
      else
        *out = val_str (g_strstrip (g_strdup (s)));
    }
  else if (g_str_equal (name, "default") || g_str_equal (name, "d"))
    {
      gboolean falsy = n > 1 && val_truth (&args[1]) ? !val_truth (&v) : v.kind == V_UNDEF;

      if (falsy && n > 0)
        *out = args[0], args[0] = (Val) { 0 };
      else if (falsy)
        *out = val_str (g_strdup (""));
      else
        *out = v, v = (Val) { 0 };
    }
  else if (g_str_equal (name, "join"))
    {
      g_autoptr (GString) joined = g_string_new (NULL);
      g_autofree char *sep = n > 0 ? val_to_string (&args[0]) : g_strdup ("");
      const cJSON *item;

      if (v.kind != V_JSON)
        ok = eval_fail (ev, node, _("“join” needs a list"));
      else
        {
          cJSON_ArrayForEach (item, v.j)
            {
              g_auto (Val) iv = val_from_json (item, FALSE);
              g_autofree char *s = val_to_string (&iv);

              if (item != v.j->child)
                g_string_append (joined, sep);
              g_string_append (joined, s);
            }
          *out = val_str (g_strdup (joined->str));
        }
    }
  else if (g_str_equal (name, "first") || g_str_equal (name, "last"))
    {
      Val index = val_int (name[0] == 'f' ? 0 : -1);

      *out = member (&v, &index);
    }
  else if (g_str_equal (name, "tojson"))
    {
      cJSON *json = val_to_json (&v);

      *out = val_str (cJSON_PrintUnformatted (json));
      cJSON_Delete (json);
    }
  else if (g_str_equal (name, "abs"))
    {
      if (v.kind == V_INT && v.i != G_MININT64)
        *out = val_int (v.i < 0 ? -v.i : v.i);
      else if (is_number (&v))
        *out = val_float (fabs (v.f));
      else
        ok = eval_fail (ev, node, _("“abs” needs a number"));
    }
  else if (g_str_equal (name, "round"))
    {
      gint64 digits = n > 0 ? CLAMP (to_int (&args[0], 0).i, 0, 15) : 0;
      double scale = pow (10, (double) digits);

      if (is_number (&v))
        *out = val_float (round (v.f * scale) / scale);
      else
        ok = eval_fail (ev, node, _("“round” needs a number"));
    }
  else if (g_str_equal (name, "replace"))
    {
      g_autofree char *s = val_to_string (&v);
      g_autofree char *from = n > 0 ? val_to_string (&args[0]) : g_strdup ("");
      g_autofree char *to = n > 1 ? val_to_string (&args[1]) : g_strdup ("");

      *out = val_str (string_replace (s, from, to));
    }
  else if (g_str_equal (name, "base64encode"))
    {
      g_autofree char *s = val_to_string (&v);

      *out = val_str (g_base64_encode ((const guchar *) s, strlen (s)));
    }
  else if (g_str_equal (name, "base64decode"))
    {
      g_autofree char *s = val_to_string (&v);
      gsize size = 0;
      guchar *raw = g_base64_decode (s, &size);
      char *text = g_strndup ((const char *) raw, size);

      g_free (raw);
      *out = val_str (text);
    }
  else if (g_str_equal (name, "urlencode"))
    {
      g_autofree char *s = val_to_string (&v);

      *out = val_str (g_uri_escape_string (s, NULL, TRUE));
    }
  for (guint i = 0; i < n; i++)
    val_clear (&args[i]);
  return ok;
}

static gboolean
method (Eval             *ev,
        const PbExprNode *node,
        Val              *out)
{
  const char *name = node->str;
  g_auto (Val) v = { 0 };
  Val args[2] = { { 0 } };
  guint n = 0;
  gboolean ok = TRUE;

  if (!eval (ev, node->children->pdata[0], &v) || !eval_args (ev, node, 1, args, 2, &n))
    {
      for (guint i = 0; i < n; i++)
        val_clear (&args[i]);
      return FALSE;
    }
  if (g_str_equal (name, "get") && v.kind == V_JSON && n >= 1)
    {
      *out = member (&v, &args[0]);
      if (out->kind == V_UNDEF)
        {
          val_clear (out);
          if (n > 1)
            *out = args[1], args[1] = (Val) { 0 };
          else
            *out = (Val) { .kind = V_NONE };
        }
    }
  else if ((g_str_equal (name, "keys") || g_str_equal (name, "values")) && v.kind == V_JSON
           && cJSON_IsObject (v.j))
    {
      cJSON *list = cJSON_CreateArray ();
      const cJSON *item;

      cJSON_ArrayForEach (item, v.j)
        cJSON_AddItemToArray (list, name[0] == 'k' ? cJSON_CreateString (item->string)
                                                   : cJSON_Duplicate (item, TRUE));
      *out = val_take_json (list);
    }
  else if (v.kind == V_STR && g_str_equal (name, "split"))
    {
      g_autofree char *sep = n > 0 ? val_to_string (&args[0]) : NULL;
      g_auto (GStrv) parts = NULL;
      cJSON *list = cJSON_CreateArray ();

      if (sep == NULL || *sep == '\0')
        {
          g_autofree char *copy = g_strstrip (g_strdup (v.s));

          parts = g_regex_split_simple ("\\s+", copy, 0, 0);
        }
      else
        parts = g_strsplit (v.s, sep, -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (sep != NULL || *parts[i] != '\0')
          cJSON_AddItemToArray (list, cJSON_CreateString (parts[i]));
      *out = val_take_json (list);
    }
  else if (v.kind == V_STR && (g_str_equal (name, "startswith") || g_str_equal (name, "endswith"))
           && n == 1)
    {
      g_autofree char *x = val_to_string (&args[0]);

      *out = val_bool (name[0] == 's' ? g_str_has_prefix (v.s, x) : g_str_has_suffix (v.s, x));
    }
  else if (v.kind == V_STR && g_str_equal (name, "lower"))
    *out = val_str (g_utf8_strdown (v.s, -1));
  else if (v.kind == V_STR && g_str_equal (name, "upper"))
    *out = val_str (g_utf8_strup (v.s, -1));
  else if (v.kind == V_STR && g_str_equal (name, "strip"))
    *out = val_str (g_strstrip (g_strdup (v.s)));
  else if (v.kind == V_STR && g_str_equal (name, "replace") && n == 2)
    {
      g_autofree char *from = val_to_string (&args[0]);
      g_autofree char *to = val_to_string (&args[1]);

      *out = val_str (string_replace (v.s, from, to));
    }
  else if (v.kind == V_DATETIME && g_str_equal (name, "strftime") && n == 1)
    {
      g_autofree char *format = val_to_string (&args[0]);

      *out = val_str (pb_runner_datetime_format (v.dt, format));
    }
  else if (v.kind == V_DATETIME && g_str_equal (name, "isoformat"))
    *out = val_str (datetime_str (v.dt, v.is_date, 'T'));
  else
    {
      g_autofree char *message
        = g_strdup_printf (_("“.%s()” does not apply to this value or these arguments"), name);

      ok = eval_fail (ev, node, message);
    }
  for (guint i = 0; i < n; i++)
    val_clear (&args[i]);
  return ok;
}

static gboolean
call (Eval             *ev,
      const PbExprNode *node,
      Val              *out)
{
  const char *name = node->str;
  Val args[8] = { { 0 } };
  guint n = 0;
  gboolean ok = TRUE;

  if (!eval_args (ev, node, 0, args, g_str_equal (name, "max") || g_str_equal (name, "min")
                                         ? 8 : 3, &n))
    {
      for (guint i = 0; i < n; i++)
        val_clear (&args[i]);
      return FALSE;
    }
  if (g_str_equal (name, "now_utc") && n == 0)
    *out = val_datetime (g_date_time_new_now_utc (), FALSE);
  else if (g_str_equal (name, "today_utc") && n == 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

      *out = val_datetime (g_date_time_new_utc (g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0),
                           TRUE);
    }
  else if (g_str_equal (name, "timestamp") && n == 1)
    {
      g_autoptr (GDateTime) dt = val_to_datetime (&args[0], NULL);

      if (dt != NULL)
        *out = val_int (g_date_time_to_unix (dt));
      else
        ok = eval_fail (ev, node, _("“timestamp” could not read this date"));
    }
  else if ((g_str_equal (name, "max") || g_str_equal (name, "min")) && n >= 1)
    {
      gboolean want_max = name[1] == 'a';
      Val items[64] = { { 0 } };
      guint count = 0;
      guint best = 0;

      if (n == 1 && args[0].kind == V_JSON)
        {
          const cJSON *item;

          cJSON_ArrayForEach (item, args[0].j)
            if (count < G_N_ELEMENTS (items))
              items[count++] = val_from_json (item, args[0].owned != NULL);
        }
      else
        for (guint i = 0; i < n; i++)
          items[count++] = args[i], args[i] = (Val) { 0 };
      for (guint i = 1; i < count && ok; i++)
        {
          int order;

          if (!val_order (&items[i], &items[best], &order))
            ok = eval_fail (ev, node, _("These values cannot be compared"));
          else if ((want_max && order > 0) || (!want_max && order < 0))
            best = i;
        }
      if (count == 0)
        ok = eval_fail (ev, node, _("“max” and “min” need at least one value"));
      if (ok)
        *out = items[best], items[best] = (Val) { 0 };
      for (guint i = 0; i < count; i++)
        val_clear (&items[i]);
    }
  else if (g_str_equal (name, "day_delta") && n >= 1)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr (GDateTime) then = NULL;
      g_autofree char *format = n > 1 ? val_to_string (&args[1])
                                      : g_strdup (DEFAULT_DAY_DELTA_FORMAT);
      Val days = to_float (&args[0]);

      if (fabs (days.f) > 3e6)
        ok = eval_fail (ev, node, _("“day_delta” got too many days"));
      else
        {
          then = g_date_time_add_seconds (now, days.f * 86400);
          *out = val_str (pb_runner_datetime_format (then, format));
        }
    }
  else if (g_str_equal (name, "format_datetime") && n >= 2)
    {
      g_autofree char *format = val_to_string (&args[1]);
      g_autofree char *input = n > 2 ? val_to_string (&args[2]) : NULL;
      g_autoptr (GDateTime) dt = val_to_datetime (&args[0], input);

      if (dt != NULL)
        *out = val_str (pb_runner_datetime_format (dt, format));
      else
        ok = eval_fail (ev, node, _("“format_datetime” could not read this date"));
    }
  else if (g_str_equal (name, "str_to_datetime") && n == 1)
    {
      GDateTime *dt = val_to_datetime (&args[0], NULL);

      if (dt != NULL)
        *out = val_datetime (dt, FALSE);
      else
        ok = eval_fail (ev, node, _("“str_to_datetime” could not read this date"));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Wrong arguments for “%s()”"), name);

      ok = eval_fail (ev, node, message);
    }
  for (guint i = 0; i < n; i++)
    val_clear (&args[i]);
  return ok;
}

/* --- the tree --- */

static gboolean
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
