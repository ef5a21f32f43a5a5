/* pb-expr-builtins.c: the filters, methods and functions expressions may call
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

gboolean
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

gboolean
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

gboolean
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
