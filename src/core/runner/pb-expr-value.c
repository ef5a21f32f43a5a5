/* pb-expr-value.c: values of an expression (JSON, text, numbers, datetimes), printed and
 * compared as Jinja does
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

void
val_clear (Val *v)
{
  g_clear_pointer (&v->s, g_free);
  g_clear_pointer (&v->owned, cJSON_Delete);
  g_clear_pointer (&v->dt, g_date_time_unref);
  memset (v, 0, sizeof *v);
}


gboolean
eval_fail (Eval             *ev,
           const PbExprNode *node,
           const char       *message)
{
  if (ev->error != NULL && *ev->error == NULL)
    g_set_error (ev->error, PB_ERROR, PB_ERROR_PARSE, _("%s (at column %u of “%s”)"), message,
                 node->column, pb_expr_get_text (ev->expr));
  return FALSE;
}

Val
val_str (char *owned)
{
  return (Val) { .kind = V_STR, .s = owned };
}

Val
val_int (gint64 i)
{
  return (Val) { .kind = V_INT, .i = i, .f = (double) i };
}

Val
val_float (double f)
{
  return (Val) { .kind = V_FLOAT, .f = f };
}

Val
val_bool (gboolean b)
{
  return (Val) { .kind = V_BOOL, .i = b != FALSE, .f = b != FALSE };
}

/* A JSON node as a value; objects and arrays are borrowed unless the parent was owned. */
Val
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

Val
val_take_json (cJSON *node)
{
  Val v = val_from_json (node, FALSE);

  if (v.kind == V_JSON)
    v.owned = node;
  else
    cJSON_Delete (node);
  return v;
}

Val
val_datetime (GDateTime *dt,
              gboolean   is_date)
{
  return (Val) { .kind = V_DATETIME, .dt = dt, .is_date = is_date };
}

gboolean
is_number (const Val *v)
{
  return v->kind == V_INT || v->kind == V_FLOAT || v->kind == V_BOOL;
}

void
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

char *
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
char *
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

cJSON *
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

gboolean
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

gboolean
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
gboolean
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

GDateTime *
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


/* --- member access --- */

Val
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
