/* pb-window-open.c: the main window opens manifest files (Open Manifest…, `plugboard FILE`):
 * each becomes a Builder project; a file that is none gets a dialog saying what is wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-error.h"
#include "pb-window.h"

/* What went wrong, by the error's code. */
static const char *
import_error_heading (const GError *error)
{
  if (error->domain == PB_ERROR)
    switch ((PbErrorCode) error->code)
      {
      case PB_ERROR_UNSUPPORTED_FORMAT:
        return _("Not a Connector Manifest");
      case PB_ERROR_PARSE:
        return _("Manifest Could Not Be Read");
      case PB_ERROR_STORAGE:
        return _("File Could Not Be Opened");
      default:
        break;
      }
  return _("Could Not Import Manifest");
}

/* The details, naming the file, and what to do. */
static char *
import_error_body (GFile        *file,
                   const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);

  if (error->domain == PB_ERROR && error->code == PB_ERROR_UNSUPPORTED_FORMAT)
    /* Translators: %s is a file name */
    return g_strdup_printf (_("“%s” is not an Airbyte declarative manifest. Open a manifest "
                              "exported from the Connector Builder or from Airbyte, in YAML or "
                              "JSON."), name);
  if (error->domain == PB_ERROR && error->code == PB_ERROR_PARSE)
    /* Translators: the first %s is a file name, the second what is wrong in it */
    return g_strdup_printf (_("“%s” could not be read as a manifest: %s"), name,
                            error->message);
  return g_strdup (error->message);
}

/* PB_DEBUG_TIMING=1: each open's read, page and first frame, in ms from the request, on
 * stderr (bench/builder-open-benchmark.sh times the same span in a window of its own). */
typedef struct {
  gint64 start, read, page;
  gulong handler;
} OpenTiming;

static void
timing_painted_cb (GdkFrameClock *clock,
                   OpenTiming    *timing)
{
  g_printerr ("plugboard: open: read %.1f ms, page %.1f ms, first frame drawn %.1f ms\n",
              (timing->read - timing->start) / 1000.0, (timing->page - timing->start) / 1000.0,
              (g_get_monotonic_time () - timing->start) / 1000.0);
  /* Frees TIMING (the handler's destroy notify). */
  g_signal_handler_disconnect (clock, timing->handler);
}

static void
timing_free (gpointer  data,
             GClosure *closure)
{
  g_free (data);
}

/* Prints the split at the window's next painted frame (the handler goes with the clock if the
 * window does first). */
static void
timing_report (PbWindow *self,
               gint64    start,
               gint64    read)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  OpenTiming *timing;

  if (clock == NULL)
    return;
  timing = g_new0 (OpenTiming, 1);
  timing->start = start;
  timing->read = read;
  timing->page = g_get_monotonic_time ();
  timing->handler = g_signal_connect_data (clock, "after-paint", G_CALLBACK (timing_painted_cb),
                                           timing, timing_free, 0);
}

void
pb_window_import_manifest_file (PbWindow *self,
                                GFile    *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  PbBuilderProject *project;
  gint64 start = g_get_monotonic_time ();

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (PB_IS_APPLICATION (app));

  /* Nothing is saved or replaced unless the file reads as a manifest. */
  project = pb_application_import_manifest (PB_APPLICATION (app), file, &error);
  if (project != NULL)
    {
      gint64 read = g_get_monotonic_time ();

      pb_window_show_builder_project (self, project);
      if (g_strcmp0 (g_getenv ("PB_DEBUG_TIMING"), "1") == 0)
        timing_report (self, start, read);
      return;
    }
  body = import_error_body (file, error);
  pb_window_show_error (self, import_error_heading (error), body);
}

static void
choose_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PbWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        pb_window_import_manifest_file (self, file);
    }
  g_object_unref (chooser);
}

void
pb_window_choose_manifest (PbWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) manifests = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (PB_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Open Manifest"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_filter_set_name (manifests, _("Manifests (YAML or JSON)"));
  gtk_file_filter_add_mime_type (manifests, "application/x-yaml");
  gtk_file_filter_add_mime_type (manifests, "application/json");
  gtk_file_filter_add_pattern (manifests, "*.yaml");
  gtk_file_filter_add_pattern (manifests, "*.yml");
  gtk_file_filter_add_pattern (manifests, "*.json");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), manifests);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
