/* pb-runner-fetch.c: one page of a test read: the request sent (a 429 retried briefly), the
 * page kept with its headers redacted, the status checked, and a body that is not JSON explained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-http.h"
#include "pb-runner-private.h"
#include "pb-runner-requester.h"

#define MAX_RETRIES 3
#define MAX_RETRY_WAIT_S 5
#define REDACTED_CACHE_SIZE 256

static GPtrArray *
redacted_headers (PbRunnerJob        *job,
                  SoupMessageHeaders *headers)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (job->redacted == NULL || job->redacted_secrets != job->secrets->len
      || job->redacted_generation != pb_http_redaction_generation ()
      || g_hash_table_size (job->redacted) >= REDACTED_CACHE_SIZE)
    {
      g_clear_pointer (&job->redacted, g_hash_table_unref);
      job->redacted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      job->redacted_secrets = job->secrets->len;
      job->redacted_generation = pb_http_redaction_generation ();
    }
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *line = g_strconcat (name, ": ", value, NULL);
      const char *shown = g_hash_table_lookup (job->redacted, line);

      if (shown == NULL)
        {
          g_autofree char *safe = pb_http_redact_line (line);
          g_autofree char *safer = pb_runner_job_redact (job, safe);
          const char *colon = strchr (safer, ':');

          shown = g_strdup (colon != NULL ? colon + 2 : "");
          g_hash_table_insert (job->redacted, g_steal_pointer (&line), (char *) shown);
        }
      g_ptr_array_add (out, g_strdup (name));
      g_ptr_array_add (out, g_strdup (shown));
    }
  return out;
}

static PbRunnerPage *
page_new (PbRunnerJob     *job,
          const char      *stream,
          gboolean         parent,
          int              slice,
          PbRunnerRequest *request,
          SoupMessage     *message)
{
  PbRunnerPage *page = g_new0 (PbRunnerPage, 1);
  g_autofree char *url = pb_runner_request_dup_url (request);
  g_autofree char *url_redacted = pb_runner_job_redact (job, url);

  page->stream = g_strdup (stream);
  page->slice = parent ? -1 : slice;
  page->method = g_strdup (request->method);
  page->url = pb_http_redact_line (url_redacted);
  page->request_headers = redacted_headers (job, soup_message_get_request_headers (message));
  if (request->body_json != NULL)
    {
      g_autofree char *body = cJSON_PrintUnformatted (request->body_json);
      g_autofree char *safe = pb_http_redact_line (body);

      page->request_body = pb_runner_job_redact (job, safe);
    }
  return page;
}

static void
finish_page (PbRunnerJob  *job,
             PbRunnerPage *page,
             SoupMessage  *message,
             GBytes       *body)
{
  page->status = soup_message_get_status (message);
  page->response_headers = redacted_headers (job, soup_message_get_response_headers (message));
  if (body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);

      page->body_size = size;
      if (data != NULL && pb_runner_result_can_keep_body (job->result, size)
          && g_utf8_validate (data, size, NULL))
        {
          g_autofree char *text = g_strndup (data, size);

          page->response_body = pb_runner_job_redact (job, text);
        }
    }
}

static void
wait_seconds (PbRunnerJob *job,
              int          seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end && !g_cancellable_is_cancelled (job->cancellable))
    g_usleep (20000);
}

/* Sends one request (retrying a 429 briefly); adds its page(s). Returns the body or NULL with
 * ERROR for a failure that ends the read. */
GBytes *
pb_runner_job_fetch (PbRunnerJob      *job,
                     const char       *stream,
                     gboolean          parent,
                     int               slice,
                     PbRunnerRequest  *request,
                     guint            *out_page,
                     SoupMessage     **out_message,
                     gboolean         *out_truncated,
                     GError          **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (SoupMessage) message = pb_runner_request_to_message (request, error);
      g_autoptr (GBytes) body = NULL;
      g_autoptr (GError) local = NULL;
      PbRunnerPage *page;
      gint64 start = g_get_monotonic_time ();
      guint status;

      if (message == NULL)
        return NULL;
      page = page_new (job, stream, parent, slice, request, message);
      body = pb_runner_requester_send (job->session, message, job->max_body_size, out_truncated,
                                       job->cancellable, &local);
      page->duration_us = g_get_monotonic_time () - start;
      finish_page (job, page, message, body);
      *out_page = pb_runner_result_add_page (job->result, page);
      if (body == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      status = soup_message_get_status (message);
      if (status == 429 && attempt < MAX_RETRIES)
        {
          int wait = pb_runner_requester_retry_after (soup_message_get_response_headers (message));

          wait = CLAMP (wait < 0 ? 1 : wait, 0, MAX_RETRY_WAIT_S);
          pb_runner_result_add_warning (
            job->result, PB_RUNNER_WARNING_RATE_LIMITED, (int) *out_page, NULL,
            _("The server asked to slow down (HTTP 429); Plugboard waited %d s and tried again."),
            wait);
          wait_seconds (job, wait);
          continue;
        }
      *out_message = g_steal_pointer (&message);
      return g_steal_pointer (&body);
    }
}

gboolean
pb_runner_job_check_status (PbRunnerJob  *job,
                            SoupMessage  *message,
                            guint         page_index,
                            GError      **error)
{
  guint status = soup_message_get_status (message);
  const PbRunnerPage *page = pb_runner_result_get_page (job->result, page_index);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_AUTH,
                   _("The server refused the credential (HTTP %u %s) for %s %s. Check the "
                     "connector's secret and the manifest's authenticator (header name, prefix, "
                     "query parameter)."),
                   status, soup_status_get_phrase (status), page->method, page->url);
      return FALSE;
    }
  if (status >= 400)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS,
                   _("The server answered HTTP %u %s for %s %s. Check the path, parameters and "
                     "config values."),
                   status, soup_status_get_phrase (status), page->method, page->url);
      return FALSE;
    }
  return TRUE;
}

void
pb_runner_job_warn_not_json (PbRunnerJob *job,
                             guint        page,
                             GBytes      *body,
                             SoupMessage *message)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  const char *type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (message), NULL);
  g_autofree char *head = g_strstrip (g_strndup (data != NULL ? data : "", MIN (size, 512)));
  g_autofree char *lower = g_ascii_strdown (head, -1);
  const char *what;

  if (strstr (lower, "<html") != NULL || strstr (lower, "<!doctype html") != NULL)
    what = _("an HTML page (often a login page or an error page: check the URL and the "
             "credential)");
  else if (g_str_has_prefix (lower, "<?xml") || g_str_has_prefix (lower, "<"))
    what = _("XML (the API may need “Accept: application/json” or a format parameter)");
  else
    what = _("text that is not JSON");
  pb_runner_result_add_warning (job->result, PB_RUNNER_WARNING_NOT_JSON, (int) page, NULL,
                                _("The response is %s, not JSON (Content-Type: %s). Records "
                                  "cannot be read from it."),
                                what, type != NULL ? type : _("none"));
}

guint64
pb_runner_body_hash (GBytes *body)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (body, &size);
  guint64 h = 1469598103934665603ULL ^ size;
  gsize i = 0;

  /* eight bytes a step (FNV-style mixing of words, then a final avalanche) */
  for (; i + 8 <= size; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      h = (h ^ word) * 1099511628211ULL;
      h ^= h >> 29;
    }
  for (; i < size; i++)
    h = (h ^ data[i]) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}
