/* pb-assist.c: source (file or URL) → spec document → analyzer → manifest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer.h"
#include "pb-assist.h"
#include "pb-crawler.h"
#include "pb-docs-extractor.h"
#include "pb-error.h"
#include "pb-redact.h"
#include "pb-spec-document.h"

typedef struct {
  char                 *source;
  PbAssistOptions       options;
  char                 *disabled_rules;   /* options.disabled_rules points here */
  PbAssistProgressFunc  progress;
  gpointer              progress_data;
  GMainContext         *context;
} AssistData;

typedef struct {
  AssistData *data;
  char       *message;
} ProgressCall;

static void
assist_data_free (AssistData *data)
{
  g_free (data->source);
  g_free (data->disabled_rules);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
progress_idle (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->data->progress (call->message, call->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_free (call->message);
  g_free (call);
}

/* From the worker thread to the caller's context. The task keeps DATA alive until the
 * callback has run, and the callback runs after these (same context, FIFO). */
static void
report (AssistData *data,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
report (AssistData *data,
        const char *format,
        ...)
{
  ProgressCall *call;
  g_autofree char *message = NULL;
  va_list args;

  if (data->progress == NULL)
    return;
  call = g_new0 (ProgressCall, 1);
  call->data = data;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* Progress names URLs: never with a password or a token in them. */
  call->message = pb_redact_text_urls (message);
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_idle, call,
                              progress_call_free);
}

static PbManifest *
analyze_document (AssistData      *data,
                  PbSpecDocument  *doc,
                  GError         **error)
{
  g_autoptr (PbAnalyzer) analyzer = NULL;
  PbManifest *manifest;

  report (data, "Read %s %s", pb_spec_document_is_swagger2 (doc) ? "Swagger" : "OpenAPI",
          pb_spec_document_get_version (doc) != NULL ? pb_spec_document_get_version (doc)
                                                     : "document");
  analyzer = pb_analyzer_new (doc);
  pb_analyzer_set_disabled_rules (analyzer, data->disabled_rules);
  manifest = pb_analyzer_run (analyzer, error);
  if (manifest != NULL)
    report (data, "Found %u streams", pb_manifest_get_n_streams (manifest));
  return manifest;
}

/* The local file SOURCE names, read as g_file_new_for_commandline_arg reads it (an absolute
 * path, a file: URI, else a path from the working directory; other URIs have none), without
 * GFile: its first use loads GIO's VFS modules, a tenth of a whole run on a big spec. */
static char *
local_path (const char *source)
{
  if (g_path_is_absolute (source))
    return g_canonicalize_filename (source, NULL);
  if (g_uri_peek_scheme (source) != NULL)   /* lower case, interned */
    {
      g_autofree char *path = g_str_equal (g_uri_peek_scheme (source), "file")
                                ? g_filename_from_uri (source, NULL, NULL) : NULL;

      return path != NULL ? g_canonicalize_filename (path, NULL) : NULL;
    }
  return g_canonicalize_filename (source, NULL);
}

static void
run_file_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AssistData *data = task_data;
  g_autofree char *path = local_path (data->source);
  g_autoptr (PbSpecDocument) doc = NULL;
  GError *error = NULL;
  PbManifest *manifest;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (
        task, PB_ERROR, PB_ERROR_NOT_FOUND,
        "No such file: %s. Give the path of an OpenAPI or Swagger file, or an http(s) URL.",
        data->source);
      return;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
                               "%s is a folder: give the spec file inside it.", path);
      return;
    }
  report (data, "Reading %s", path);
  doc = pb_spec_document_new_from_file (path, &error);
  if (doc == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  manifest = analyze_document (data, doc, &error);
  if (manifest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, manifest, g_object_unref);
}

/* --- URLs: PbCrawler finds a spec the docs link to, or PbDocsExtractor reads the pages --- */

typedef struct {
  GTask  *task;
  gint64  last_report;
} UrlRun;

static void
on_crawl_progress (PbCrawler *crawler,
                   guint      fetched,
                   guint      queued,
                   guint64    bytes,
                   gpointer   user_data)
{
  UrlRun *run = user_data;
  gint64 now = g_get_monotonic_time ();

  /* A line every half second is enough for a person watching. */
  if (now - run->last_report < G_USEC_PER_SEC / 2)
    return;
  run->last_report = now;
  report (g_task_get_task_data (run->task),
          "Crawling: %u pages fetched, %u queued, %.1f MB (at most %u s per request)", fetched,
          queued, bytes / (1024.0 * 1024.0), pb_crawler_get_request_timeout (crawler));
}

static void
run_spec_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PbSpecDocument *doc = g_object_get_data (G_OBJECT (task), "pb-spec");
  GError *error = NULL;
  PbManifest *manifest = analyze_document (task_data, doc, &error);

  if (manifest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, manifest, g_object_unref);
}

static void
run_pages_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PbCrawler *crawler = g_object_get_data (G_OBJECT (task), "pb-crawler");
  GPtrArray *pages = pb_crawler_get_pages (crawler);
  g_autoptr (PbDocsExtractor) extractor = pb_docs_extractor_new ();
  GError *error = NULL;
  PbManifest *manifest;

  report (task_data, "Reading %u documentation pages (no spec found)", pages->len);
  for (guint i = 0; i < pages->len; i++)
    {
      const PbCrawlPage *page = g_ptr_array_index (pages, i);
      gsize length = 0;
      const char *html = page->html != NULL ? g_bytes_get_data (page->html, &length) : NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      pb_docs_extractor_add_page (extractor, page->uri, html, length);
    }
  manifest = pb_docs_extractor_run (extractor, &error);
  if (manifest == NULL)
    {
      /* Say that a page was cut at the size limit rather than that nothing was there. */
      for (guint i = 0; i < pages->len; i++)
        {
          const PbCrawlPage *page = g_ptr_array_index (pages, i);
          guint64 limit = 0;

          if (!page->truncated || !g_error_matches (error, PB_ERROR, PB_ERROR_NOTHING_FOUND))
            continue;
          g_object_get (crawler, "max-page-bytes", &limit, NULL);
          g_clear_error (&error);
          {
            g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

            error = g_error_new (PB_ERROR, PB_ERROR_TOO_LARGE,
                                 "Nothing API-like found: “%s” is larger than the limit of %s "
                                 "for one page (or unpacks to more), and only its beginning was "
                                 "read.",
                                 page->uri, size);
          }
          break;
        }
      g_task_return_error (task, error);
      return;
    }
  report (task_data, "Found %u streams", pb_manifest_get_n_streams (manifest));
  g_task_return_pointer (task, manifest, g_object_unref);
}

static void
on_crawled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PbCrawler *crawler = PB_CRAWLER (object);
  UrlRun *run = user_data;
  g_autoptr (GTask) task = g_steal_pointer (&run->task);
  GError *error = NULL;
  PbSpecDocument *spec;

  g_signal_handlers_disconnect_by_func (crawler, on_crawl_progress, run);
  g_free (run);
  if (!pb_crawler_crawl_finish (crawler, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  report (g_task_get_task_data (task), "Crawled %u page%s, %.1f MB",
          pb_crawler_get_pages_fetched (crawler),
          pb_crawler_get_pages_fetched (crawler) == 1 ? "" : "s",
          pb_crawler_get_bytes (crawler) / (1024.0 * 1024.0));
  spec = pb_crawler_get_spec (crawler);
  if (spec != NULL)
    {
      report (g_task_get_task_data (task), "Found a spec at %s", pb_spec_document_get_uri (spec));
      g_object_set_data_full (G_OBJECT (task), "pb-spec", g_object_ref (spec), g_object_unref);
      g_task_run_in_thread (task, run_spec_thread);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "pb-crawler", g_object_ref (crawler), g_object_unref);
  g_task_run_in_thread (task, run_pages_thread);
}

static void
run_url (GTask      *task,
         AssistData *data,
         GUri       *uri)
{
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  UrlRun *run = g_new0 (UrlRun, 1);

  if (data->options.max_pages > 0)
    g_object_set (crawler, "max-pages", data->options.max_pages, NULL);
  run->task = g_object_ref (task);
  g_signal_connect (crawler, "progress", G_CALLBACK (on_crawl_progress), run);
  report (data, "Crawling %s (at most %u s per request)", data->source,
          pb_crawler_get_request_timeout (crawler));
  pb_crawler_crawl_async (crawler, data->source, g_task_get_cancellable (task), on_crawled, run);
}

void
pb_assist_run_async (const char            *source,
                     const PbAssistOptions *options,
                     PbAssistProgressFunc   progress,
                     gpointer               progress_data,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AssistData *data = g_new0 (AssistData, 1);
  const char *scheme;

  g_task_set_source_tag (task, pb_assist_run_async);
  data->source = g_strdup (source);
  if (options != NULL)
    {
      data->options = *options;
      data->disabled_rules = g_strdup (options->disabled_rules);
      data->options.disabled_rules = data->disabled_rules;
    }
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) assist_data_free);

  if (source == NULL || *source == '\0')
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                               "Give a spec file or a URL.");
      return;
    }
  scheme = g_uri_peek_scheme (source);
  if (scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GUri) uri = g_uri_parse (source, G_URI_FLAGS_NONE, &error);

      if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        {
          g_task_return_new_error (
            task, PB_ERROR, PB_ERROR_INVALID_URL,
            "“%s” is not a valid URL (%s). Check it, e.g. https://example.com/docs.", source,
            error != NULL ? error->message : "no host");
          return;
        }
      run_url (task, data, uri);
      return;
    }
  if (scheme != NULL && !g_str_equal (scheme, "file") && strstr (source, "://") != NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_URL,
                               "“%s”: only http, https and file URLs can be read.", source);
      return;
    }
  g_task_run_in_thread (task, run_file_thread);
}

PbManifest *
pb_assist_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  PbManifest *manifest;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  manifest = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      /* Errors name the URL that failed: never with a password or a token in it. */
      g_autofree char *safe = pb_redact_text_urls (local_error->message);

      g_free (local_error->message);
      local_error->message = g_steal_pointer (&safe);
      g_propagate_error (error, local_error);
    }
  return manifest;
}
