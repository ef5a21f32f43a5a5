/* pb-runner-result.c: the outcome of a test read: pages, records, schema, slices, warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-result-private.h"
#include "pb-runner-schema.h"

struct _PbRunnerResult
{
  GObject parent_instance;

  char           *stream;
  GPtrArray      *pages;     /* PbRunnerPage */
  GPtrArray      *warnings;  /* PbRunnerWarning */
  cJSON          *records;
  cJSON          *slices;
  cJSON          *schema;    /* cache of the inferred schema */
  PbRunnerSchema *inferrer;
  guint64         record_count;
  guint           n_kept;
  guint           keep_records;
  gsize           keep_body_bytes;
  gsize           kept_body_bytes;
  GError         *error;
};

G_DEFINE_FINAL_TYPE (PbRunnerResult, pb_runner_result, G_TYPE_OBJECT)

static const char *const codes[] = {
  [PB_RUNNER_WARNING_PAGINATION_REPEATS] = "pagination_repeats",
  [PB_RUNNER_WARNING_PAGINATION_LIMIT_REACHED] = "pagination_limit_reached",
  [PB_RUNNER_WARNING_CURSOR_UNPARSABLE] = "cursor_unparsable",
  [PB_RUNNER_WARNING_BODY_TOO_LARGE] = "body_too_large",
  [PB_RUNNER_WARNING_NOT_JSON] = "not_json",
  [PB_RUNNER_WARNING_RECORDS_NOT_FOUND] = "records_not_found",
  [PB_RUNNER_WARNING_SCHEMA_MISMATCH] = "schema_mismatch",
  [PB_RUNNER_WARNING_RATE_LIMITED] = "rate_limited",
  [PB_RUNNER_WARNING_SLICE_LIMIT_REACHED] = "slice_limit_reached",
  [PB_RUNNER_WARNING_RECORD_LIMIT_REACHED] = "record_limit_reached",
};

const char *
pb_runner_warning_code_to_string (PbRunnerWarningCode code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (codes), "unknown");
  return codes[code];
}

void
pb_runner_page_free (PbRunnerPage *page)
{
  if (page == NULL)
    return;
  g_free (page->stream);
  g_free (page->method);
  g_free (page->url);
  g_clear_pointer (&page->request_headers, g_ptr_array_unref);
  g_free (page->request_body);
  g_clear_pointer (&page->response_headers, g_ptr_array_unref);
  g_free (page->response_body);
  g_free (page);
}

static void
warning_free (PbRunnerWarning *warning)
{
  g_free (warning->message);
  g_strfreev (warning->suggestions);
  g_free (warning);
}

static void
pb_runner_result_finalize (GObject *object)
{
  PbRunnerResult *self = PB_RUNNER_RESULT (object);

  g_free (self->stream);
  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->warnings);
  cJSON_Delete (self->records);
  cJSON_Delete (self->slices);
  cJSON_Delete (self->schema);
  g_clear_object (&self->inferrer);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (pb_runner_result_parent_class)->finalize (object);
}

static void
pb_runner_result_class_init (PbRunnerResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_result_finalize;
}

static void
pb_runner_result_init (PbRunnerResult *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_runner_page_free);
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  self->records = cJSON_CreateArray ();
  self->slices = cJSON_CreateArray ();
  self->inferrer = pb_runner_schema_new ();
}

PbRunnerResult *
pb_runner_result_new (const char *stream,
                      guint       keep_records,
                      gsize       keep_body_bytes)
{
  PbRunnerResult *self = g_object_new (PB_TYPE_RUNNER_RESULT, NULL);

  self->stream = g_strdup (stream);
  self->keep_records = keep_records;
  self->keep_body_bytes = keep_body_bytes;
  return self;
}

guint
pb_runner_result_add_page (PbRunnerResult *self,
                           PbRunnerPage   *page)
{
  if (page->response_body != NULL)
    {
      if (self->kept_body_bytes + page->body_size > self->keep_body_bytes)
        g_clear_pointer (&page->response_body, g_free);
      else
        self->kept_body_bytes += page->body_size;
    }
  g_ptr_array_add (self->pages, page);
  return self->pages->len - 1;
}

gboolean
pb_runner_result_can_keep_body (PbRunnerResult *self,
                                gsize           size)
{
  return self->kept_body_bytes + size <= self->keep_body_bytes;
}

PbRunnerPage *
pb_runner_result_peek_page (PbRunnerResult *self,
                            guint           index)
{
  return index < self->pages->len ? self->pages->pdata[index] : NULL;
}

void
pb_runner_result_add_record (PbRunnerResult *self,
                             const cJSON    *record)
{
  self->record_count++;
  pb_runner_schema_add (self->inferrer, record);
  g_clear_pointer (&self->schema, cJSON_Delete);
  if (self->n_kept < self->keep_records)
    {
      cJSON_AddItemToArray (self->records, cJSON_Duplicate (record, TRUE));
      self->n_kept++;
    }
}

void
pb_runner_result_add_warning (PbRunnerResult      *self,
                              PbRunnerWarningCode  code,
                              int                  page,
                              GStrv                suggestions,
                              const char          *format,
                              ...)
{
  PbRunnerWarning *warning = g_new0 (PbRunnerWarning, 1);
  va_list args;

  va_start (args, format);
  warning->message = g_strdup_vprintf (format, args);
  va_end (args);
  warning->code = code;
  warning->page = page;
  warning->suggestions = suggestions;
  g_ptr_array_add (self->warnings, warning);
}

void
pb_runner_result_add_slice (PbRunnerResult *self,
                            cJSON          *slice)
{
  cJSON_AddItemToArray (self->slices, slice);
}

void
pb_runner_result_set_error (PbRunnerResult *self,
                            const GError   *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
}

void
pb_runner_result_check_schema (PbRunnerResult *self,
                               const cJSON    *declared)
{
  g_autoptr (GPtrArray) issues = NULL;
  g_autoptr (GString) text = NULL;

  if (!cJSON_IsObject (declared)
      || cJSON_GetObjectItemCaseSensitive (declared, "properties") == NULL)
    return;
  issues = pb_runner_schema_compare (self->inferrer, declared, 5);
  if (issues->len == 0)
    return;
  text = g_string_new (NULL);
  for (guint i = 0; i < issues->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", (char *) issues->pdata[i]);
  pb_runner_result_add_warning (
    self, PB_RUNNER_WARNING_SCHEMA_MISMATCH, -1, NULL,
    _("The records do not match the stream's declared schema (%s). Update the schema from the "
      "inferred one, or check the record selector."),
    text->str);
}

/* --- public API --- */

const char *
pb_runner_result_get_stream (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  return self->stream;
}

guint
pb_runner_result_get_n_pages (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), 0);
  return self->pages->len;
}

const PbRunnerPage *
pb_runner_result_get_page (PbRunnerResult *self,
                           guint           index)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  return pb_runner_result_peek_page (self, index);
}

guint64
pb_runner_result_get_record_count (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), 0);
  return self->record_count;
}

const cJSON *
pb_runner_result_get_records (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  return self->records;
}

const cJSON *
pb_runner_result_get_schema (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  if (self->schema == NULL)
    self->schema = pb_runner_schema_to_json (self->inferrer);
  return self->schema;
}

const cJSON *
pb_runner_result_get_slices (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  return self->slices;
}

guint
pb_runner_result_get_n_warnings (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), 0);
  return self->warnings->len;
}

const PbRunnerWarning *
pb_runner_result_get_warning (PbRunnerResult *self,
                              guint           index)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  return index < self->warnings->len ? self->warnings->pdata[index] : NULL;
}

gboolean
pb_runner_result_has_warning (PbRunnerResult      *self,
                              PbRunnerWarningCode  code)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), FALSE);
  for (guint i = 0; i < self->warnings->len; i++)
    if (((PbRunnerWarning *) self->warnings->pdata[i])->code == code)
      return TRUE;
  return FALSE;
}

const GError *
pb_runner_result_get_error (PbRunnerResult *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  return self->error;
}

static cJSON *
pairs_json (GPtrArray *pairs)
{
  cJSON *out = cJSON_CreateObject ();

  for (guint i = 0; pairs != NULL && i + 1 < pairs->len; i += 2)
    cJSON_AddStringToObject (out, pairs->pdata[i], pairs->pdata[i + 1]);
  return out;
}

static const char *
error_code_name (const GError *error)
{
  if (error->domain != PB_ERROR)
    return "failed";
  switch (error->code)
    {
    case PB_ERROR_AUTH: return "credential_refused";
    case PB_ERROR_HTTP_STATUS: return "http_error";
    case PB_ERROR_UNSUPPORTED_FORMAT: return "unsupported";
    case PB_ERROR_PARSE: return "invalid_manifest";
    case PB_ERROR_NOT_FOUND: return "not_found";
    case PB_ERROR_NETWORK: return "network";
    case PB_ERROR_TLS: return "tls";
    case PB_ERROR_INVALID_URL: return "invalid_url";
    case PB_ERROR_CANCELLED: return "cancelled";
    default: return "failed";
    }
}

cJSON *
pb_runner_result_to_json (PbRunnerResult *self)
{
  cJSON *out = cJSON_CreateObject ();
  cJSON *pages;
  cJSON *warnings;

  g_return_val_if_fail (PB_IS_RUNNER_RESULT (self), NULL);
  cJSON_AddStringToObject (out, "stream", self->stream);
  cJSON_AddNumberToObject (out, "record_count", (double) self->record_count);
  pages = cJSON_AddArrayToObject (out, "pages");
  for (guint i = 0; i < self->pages->len; i++)
    {
      const PbRunnerPage *page = self->pages->pdata[i];
      cJSON *p = cJSON_CreateObject ();
      cJSON *request = cJSON_AddObjectToObject (p, "request");
      cJSON *response = cJSON_AddObjectToObject (p, "response");

      cJSON_AddStringToObject (request, "method", page->method);
      cJSON_AddStringToObject (request, "url", page->url);
      cJSON_AddItemToObject (request, "headers", pairs_json (page->request_headers));
      if (page->request_body != NULL)
        cJSON_AddStringToObject (request, "body", page->request_body);
      cJSON_AddNumberToObject (response, "status", page->status);
      cJSON_AddItemToObject (response, "headers", pairs_json (page->response_headers));
      if (page->response_body != NULL)
        cJSON_AddStringToObject (response, "body", page->response_body);
      cJSON_AddNumberToObject (response, "body_size", (double) page->body_size);
      cJSON_AddNumberToObject (p, "record_count", page->record_count);
      cJSON_AddStringToObject (p, "stream", page->stream);
      if (page->slice >= 0)
        cJSON_AddNumberToObject (p, "slice", page->slice);
      cJSON_AddNumberToObject (p, "duration_ms", page->duration_us / 1000.0);
      cJSON_AddItemToArray (pages, p);
    }
  cJSON_AddItemToObject (out, "records", cJSON_Duplicate (self->records, TRUE));
  cJSON_AddItemToObject (out, "schema",
                         cJSON_Duplicate (pb_runner_result_get_schema (self), TRUE));
  warnings = cJSON_AddArrayToObject (out, "warnings");
  for (guint i = 0; i < self->warnings->len; i++)
    {
      const PbRunnerWarning *w = self->warnings->pdata[i];
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddStringToObject (item, "code", pb_runner_warning_code_to_string (w->code));
      cJSON_AddStringToObject (item, "message", w->message);
      if (w->page >= 0)
        cJSON_AddNumberToObject (item, "page", w->page);
      if (w->suggestions != NULL)
        cJSON_AddItemToObject (item, "suggestions",
                               cJSON_CreateStringArray ((const char *const *) w->suggestions,
                                                        (int) g_strv_length (w->suggestions)));
      cJSON_AddItemToArray (warnings, item);
    }
  cJSON_AddItemToObject (out, "slices", cJSON_Duplicate (self->slices, TRUE));
  if (self->error != NULL)
    {
      cJSON *error = cJSON_AddObjectToObject (out, "error");

      cJSON_AddStringToObject (error, "code", error_code_name (self->error));
      cJSON_AddStringToObject (error, "message", self->error->message);
    }
  return out;
}
