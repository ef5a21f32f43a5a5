/* pb-runner-cursor.c: the CDK's DatetimeBasedCursor for test reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-context.h"
#include "pb-runner-cursor.h"
#include "pb-runner-datetime.h"

#define DEFAULT_FORMAT "%Y-%m-%dT%H:%M:%S.%f%z"

struct _PbRunnerCursor
{
  GObject parent_instance;

  cJSON          *parameters;
  PbExpr         *cursor_field_expr;
  char           *cursor_field;
  char           *datetime_format;
  GStrv           cursor_formats;
  PbExpr         *start;
  char           *start_format;    /* MinMaxDatetime's own datetime_format */
  PbExpr         *end;
  char           *end_format;
  char           *step;
  char           *granularity;
  char           *start_name;
  char           *end_name;
  gboolean        has_start_option;
  PbRunnerInject  start_inject;
  char           *start_field;
  gboolean        has_end_option;
  PbRunnerInject  end_inject;
  char           *end_field;
};

G_DEFINE_FINAL_TYPE (PbRunnerCursor, pb_runner_cursor, G_TYPE_OBJECT)

static void
pb_runner_cursor_finalize (GObject *object)
{
  PbRunnerCursor *self = PB_RUNNER_CURSOR (object);

  cJSON_Delete (self->parameters);
  g_clear_object (&self->cursor_field_expr);
  g_free (self->cursor_field);
  g_free (self->datetime_format);
  g_strfreev (self->cursor_formats);
  g_clear_object (&self->start);
  g_free (self->start_format);
  g_clear_object (&self->end);
  g_free (self->end_format);
  g_free (self->step);
  g_free (self->granularity);
  g_free (self->start_name);
  g_free (self->end_name);
  g_free (self->start_field);
  g_free (self->end_field);
  G_OBJECT_CLASS (pb_runner_cursor_parent_class)->finalize (object);
}

static void
pb_runner_cursor_class_init (PbRunnerCursorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_cursor_finalize;
}

static void
pb_runner_cursor_init (PbRunnerCursor *self)
{
}

static char *
member_string (const cJSON *component,
               const char  *key)
{
  return g_strdup (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (component, key)));
}

/* start_datetime / end_datetime: a string or a MinMaxDatetime. */
static gboolean
read_bound (const cJSON  *value,
            PbExpr      **out_expr,
            char        **out_format,
            GError      **error)
{
  g_autoptr (GError) local = NULL;

  *out_expr = NULL;
  *out_format = NULL;
  if (value == NULL)
    return TRUE;
  if (cJSON_IsString (value))
    *out_expr = pb_expr_new (value->valuestring, &local);
  else if (cJSON_IsObject (value))
    {
      *out_expr = pb_runner_compile_member (value, "datetime", &local);
      *out_format = member_string (value, "datetime_format");
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_option (const cJSON     *component,
             const char      *key,
             gboolean        *out_has,
             PbRunnerInject  *out_inject,
             char           **out_field,
             GError         **error)
{
  const cJSON *option = cJSON_GetObjectItemCaseSensitive (component, key);

  *out_has = FALSE;
  if (option == NULL)
    return TRUE;
  if (!pb_runner_request_option_parse (option, out_inject, out_field)
      || *out_inject == PB_RUNNER_INJECT_PATH)
    {
      pb_runner_set_unsupported (error, key, pb_runner_component_type (option));
      return FALSE;
    }
  *out_has = TRUE;
  return TRUE;
}

PbRunnerCursor *
pb_runner_cursor_new (const cJSON  *component,
                      GError      **error)
{
  g_autoptr (PbRunnerCursor) self = g_object_new (PB_TYPE_RUNNER_CURSOR, NULL);
  const char *type = pb_runner_component_type (component);
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (component, "$parameters");
  const cJSON *formats = cJSON_GetObjectItemCaseSensitive (component, "cursor_datetime_formats");
  const cJSON *f;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) local = NULL;

  if (!g_str_equal (type, "DatetimeBasedCursor"))
    {
      pb_runner_set_unsupported (error, _("the incremental sync"), type);
      return NULL;
    }
  self->parameters = params != NULL ? cJSON_Duplicate (params, TRUE) : cJSON_CreateObject ();
  self->cursor_field_expr = pb_runner_compile_member (component, "cursor_field", &local);
  if (self->cursor_field_expr == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                     _("The DatetimeBasedCursor has no cursor_field."));
      return NULL;
    }
  self->datetime_format = member_string (component, "datetime_format");
  if (self->datetime_format == NULL)
    self->datetime_format = g_strdup (DEFAULT_FORMAT);
  cJSON_ArrayForEach (f, formats)
    if (cJSON_IsString (f))
      g_strv_builder_add (builder, f->valuestring);
  g_strv_builder_add (builder, self->datetime_format);
  self->cursor_formats = g_strv_builder_end (builder);
  if (!read_bound (cJSON_GetObjectItemCaseSensitive (component, "start_datetime"), &self->start,
                   &self->start_format, error)
      || !read_bound (cJSON_GetObjectItemCaseSensitive (component, "end_datetime"), &self->end,
                      &self->end_format, error))
    return NULL;
  if (self->start == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("The DatetimeBasedCursor has no start_datetime."));
      return NULL;
    }
  self->step = member_string (component, "step");
  self->granularity = member_string (component, "cursor_granularity");
  self->start_name = member_string (component, "partition_field_start");
  self->end_name = member_string (component, "partition_field_end");
  if (self->start_name == NULL)
    self->start_name = g_strdup ("start_time");
  if (self->end_name == NULL)
    self->end_name = g_strdup ("end_time");
  if (!read_option (component, "start_time_option", &self->has_start_option, &self->start_inject,
                    &self->start_field, error)
      || !read_option (component, "end_time_option", &self->has_end_option, &self->end_inject,
                       &self->end_field, error))
    return NULL;
  if (self->step != NULL)
    {
      g_autoptr (GDateTime) probe = g_date_time_new_utc (2000, 1, 1, 0, 0, 0);
      g_autoptr (GDateTime) moved = pb_runner_datetime_add_duration (probe, self->step, 1, error);

      if (moved == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

static GDateTime *
eval_bound (PbRunnerCursor  *self,
            PbExpr          *expr,
            const char      *format,
            cJSON           *context,
            GError         **error)
{
  g_autofree char *text = pb_expr_evaluate_string (expr, context, error);
  GDateTime *dt = NULL;

  if (text == NULL)
    return NULL;
  if (format != NULL)
    dt = pb_runner_datetime_parse (text, format);
  if (dt == NULL)
    dt = pb_runner_datetime_parse (text, self->datetime_format);
  if (dt == NULL)
    dt = pb_runner_datetime_parse_iso (text);
  if (dt == NULL)
    g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                 _("The cursor's “%s” gives “%s”, which is not a date in %s. Check the config "
                   "value it uses."),
                 pb_expr_get_text (expr), text, format != NULL ? format : self->datetime_format);
  return dt;
}

cJSON *
pb_runner_cursor_slices (PbRunnerCursor  *self,
                         cJSON           *context,
                         guint            max,
                         gboolean        *out_more,
                         GError         **error)
{
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  g_autoptr (GDateTime) cursor = NULL;
  g_autoptr (cJSON) slices = cJSON_CreateArray ();
  g_autofree char *field = NULL;

  g_return_val_if_fail (PB_IS_RUNNER_CURSOR (self), NULL);

  *out_more = FALSE;
  pb_runner_context_set (context, "parameters", self->parameters);
  field = pb_expr_evaluate_string (self->cursor_field_expr, context, error);
  if (field == NULL)
    return NULL;
  g_free (self->cursor_field);
  self->cursor_field = g_steal_pointer (&field);
  start = eval_bound (self, self->start, self->start_format, context, error);
  if (start == NULL)
    return NULL;
  end = self->end != NULL ? eval_bound (self, self->end, self->end_format, context, error)
                          : g_date_time_new_now_utc ();
  if (end == NULL)
    return NULL;
  cursor = g_date_time_ref (start);
  while (g_date_time_compare (cursor, end) <= 0)
    {
      g_autoptr (GDateTime) next = NULL;
      g_autoptr (GDateTime) window_end = NULL;
      cJSON *slice;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if ((guint) cJSON_GetArraySize (slices) >= max)
        {
          *out_more = TRUE;
          break;
        }
      if (self->step != NULL)
        {
          next = pb_runner_datetime_add_duration (cursor, self->step, 1, error);
          if (next == NULL)
            return NULL;
          window_end = self->granularity != NULL
                         ? pb_runner_datetime_add_duration (next, self->granularity, -1, error)
                         : g_date_time_ref (next);
          if (window_end == NULL)
            return NULL;
          if (g_date_time_compare (window_end, end) > 0)
            {
              g_clear_pointer (&window_end, g_date_time_unref);
              window_end = g_date_time_ref (end);
            }
        }
      else
        window_end = g_date_time_ref (end);
      a = pb_runner_datetime_format (cursor, self->datetime_format);
      b = pb_runner_datetime_format (window_end, self->datetime_format);
      slice = cJSON_CreateObject ();
      cJSON_AddStringToObject (slice, self->start_name, a);
      cJSON_AddStringToObject (slice, self->end_name, b);
      cJSON_AddItemToArray (slices, slice);
      if (next == NULL || g_date_time_compare (next, cursor) <= 0)
        break;
      g_clear_pointer (&cursor, g_date_time_unref);
      cursor = self->granularity != NULL && g_date_time_compare (window_end, next) < 0
                 ? pb_runner_datetime_add_duration (window_end, self->granularity, 1, NULL)
                 : g_date_time_ref (next);
      if (cursor == NULL)
        break;
    }
  return g_steal_pointer (&slices);
}

void
pb_runner_cursor_inject (PbRunnerCursor  *self,
                         PbRunnerRequest *request,
                         const cJSON     *slice)
{
  const char *start = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (slice,
                                                                              self->start_name));
  const char *end = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (slice,
                                                                            self->end_name));

  if (self->has_start_option && start != NULL)
    pb_runner_request_inject (request, self->start_inject, self->start_field, start);
  if (self->has_end_option && end != NULL)
    pb_runner_request_inject (request, self->end_inject, self->end_field, end);
}

const char *
pb_runner_cursor_get_field (PbRunnerCursor *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_CURSOR (self), NULL);
  return self->cursor_field;
}

gboolean
pb_runner_cursor_check_record (PbRunnerCursor  *self,
                               const cJSON     *record,
                               char           **out_value)
{
  const cJSON *value = cJSON_GetObjectItemCaseSensitive (record, self->cursor_field);
  g_autofree char *text = NULL;

  *out_value = NULL;
  if (value == NULL || cJSON_IsNull (value))
    return FALSE;
  text = pb_runner_value_to_string (value);
  for (guint i = 0; self->cursor_formats[i] != NULL; i++)
    {
      g_autoptr (GDateTime) dt = pb_runner_datetime_parse (text, self->cursor_formats[i]);

      if (dt != NULL)
        return TRUE;
    }
  *out_value = g_steal_pointer (&text);
  return FALSE;
}

char *
pb_runner_cursor_describe_formats (PbRunnerCursor *self)
{
  return g_strjoinv (", ", self->cursor_formats);
}
