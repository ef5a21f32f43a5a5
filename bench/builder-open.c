/* builder-open.c: benchmark helper — opens a 250-stream manifest in the Connector Builder in a
 * real GTK window and times each open, from the request to the first frame that shows the
 * project page with its stream list filled. Built only with -Dbenchmarks=true.
 *
 *   builder-open [--idle-ms MS] [ROUNDS [STREAMS]]
 *
 * prints one line per round, then the first open and the median and max of the later ones (ms).
 * One open is what the app does when the user picks a file in Open Manifest… (or runs
 * `plugboard FILE`): drop what is left of the warm-up, read the file into a project, build the
 * page and show it in the window's content stack; then, after that frame, save the project
 * file in a worker thread (pb_builder_project_save_async), which each round waits for outside
 * its span. BUILDER_OPEN_SAVE_IN_SPAN=1 saves as the app did before (synchronously, fsync
 * included, between the read and the page): the span as it was first defined. The window is built
 * like the app's (the content in the warm-up overlay, the Builder warm-up scheduled when it is
 * shown, 300 ms later, as PbWindow does); --idle-ms waits at least that long after the window
 * is shown, and until the warm-up finished, before the first open (0, the default: the user
 * opens at once and the warm-up never runs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pb-builder-page.h"
#include "pb-builder-warm-up.h"
#include "pb-ui-resources.h"

typedef struct
{
  GtkWidget *window;
  GtkOverlay *overlay;
  GtkStack  *stack;
  GtkWidget *page;
  gint64     start;
  double     cpu_start;
  double     elapsed_ms;
  double     cpu_elapsed_ms;
  gboolean   done;
} Round;

/* A manifest like a big API's: STREAMS list endpoints with keys, paginators, cursors. */
static char *
write_manifest (const char *dir,
                guint       streams)
{
  g_autoptr (GString) yaml = g_string_new ("version: 6.44.0\ntype: DeclarativeSource\n"
                                           "check: {type: CheckStream, stream_names: [r000]}\n"
                                           "streams:\n");
  char *path = g_build_filename (dir, "big-api.yaml", NULL);

  for (guint i = 0; i < streams; i++)
    g_string_append_printf (yaml,
      "  - type: DeclarativeStream\n"
      "    name: r%03u_%s\n"
      "    primary_key: id\n"
      "    retriever:\n"
      "      type: SimpleRetriever\n"
      "      requester:\n"
      "        type: HttpRequester\n"
      "        url_base: https://api.example.com/v1\n"
      "        path: /resources/r%03u/%s\n"
      "        http_method: GET\n"
      "        authenticator: {type: BearerAuthenticator, api_token: \"{{ config['key'] }}\"}\n"
      "      record_selector:\n"
      "        type: RecordSelector\n"
      "        extractor: {type: DpathExtractor, field_path: [data]}\n"
      "      paginator:\n"
      "        type: DefaultPaginator\n"
      "        page_token_option: {type: RequestOption, inject_into: request_parameter,"
      " field_name: starting_after}\n"
      "        pagination_strategy: {type: CursorPagination,"
      " cursor_value: \"{{ last_record['id'] }}\","
      " stop_condition: \"{{ not response.has_more }}\"}\n",
      i, i % 3 == 0 ? "items" : i % 3 == 1 ? "events" : "accounts",
      i, i % 3 == 0 ? "items" : i % 3 == 1 ? "events" : "accounts");
  g_assert_true (g_file_set_contents (path, yaml->str, yaml->len, NULL));
  return path;
}

/* CPU time this process used, in ms: on a loaded machine the wall time is the CPU time plus
 * the waits for a core. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  /* Mapped only: a combo row's popover holds a list view of its own. The stream list is a
   * one-column GtkGridView (a GtkListView before: either counts). */
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LIST_VIEW (widget) || GTK_IS_GRID_VIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_list_view (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Each frame painted: done when the page is on screen with rows in its list. */
static void
after_paint_cb (GdkFrameClock *clock,
                Round         *round)
{
  GtkWidget *view;
  GtkWidget *row;

  if (round->done || round->page == NULL || !gtk_widget_get_mapped (round->page))
    return;
  view = find_list_view (round->page);
  row = view != NULL ? gtk_widget_get_first_child (view) : NULL;
  if (row == NULL || gtk_widget_get_height (row) <= 0)
    return;
  round->elapsed_ms = (g_get_monotonic_time () - round->start) / 1000.0;
  round->cpu_elapsed_ms = cpu_ms () - round->cpu_start;
  round->done = TRUE;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!pb_builder_project_save_finish (PB_BUILDER_PROJECT (object), result, &error))
    {
      fprintf (stderr, "builder-open: %s\n", error->message);
      exit (1);
    }
  *(gboolean *) user_data = TRUE;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until *FLAG (or TIMEOUT_MS); a 50 ms wake-up keeps it from blocking. */
static void
iterate_until (gboolean *flag,
               guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  guint wake = g_timeout_add (50, wake_cb, NULL);

  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* While a round runs, a frame is drawn on each tick: after-paint sees every frame. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Round *round = user_data;

  if (!round->done)
    gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  guint idle_ms = 0;
  guint rounds, streams;
  g_autofree char *dir = g_dir_make_tmp ("builder-open-XXXXXX", NULL);
  g_autofree char *projects = g_build_filename (dir, "projects", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree double *times = NULL;
  g_autofree double *cpu_times = NULL;
  Round round = { 0 };
  gboolean verbose = g_getenv ("BUILDER_OPEN_VERBOSE") != NULL;
  gboolean save_in_span = g_strcmp0 (g_getenv ("BUILDER_OPEN_SAVE_IN_SPAN"), "1") == 0;
  GdkFrameClock *clock;
  GtkWidget *placeholder;
  double later_median = 0, later_max = 0, later_cpu_median = 0;

  if (argc > 2 && g_str_equal (argv[1], "--idle-ms"))
    {
      idle_ms = (guint) atoi (argv[2]);
      argc -= 2;
      argv += 2;
    }
  rounds = argc > 1 ? (guint) atoi (argv[1]) : 9;
  streams = argc > 2 ? (guint) atoi (argv[2]) : 250;
  if (rounds == 0 || streams == 0)
    {
      fprintf (stderr, "usage: builder-open [--idle-ms MS] [ROUNDS [STREAMS]]\n");
      return 2;
    }
  adw_init ();
  /* The app's resources (templates) and style sheet, as PbApplication has them. */
  (void) pb_ui_get_resource ();
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, PB_RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  path = write_manifest (dir, streams);
  file = g_file_new_for_path (path);
  times = g_new0 (double, rounds);
  cpu_times = g_new0 (double, rounds);

  /* The window is up, as when the user picks Open Manifest… (or the app was started). */
  round.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (round.window), 1100, 760);
  round.stack = GTK_STACK (gtk_stack_new ());
  /* Text, an icon and a button, as the app's window shows before anything is opened: fonts,
   * the icon theme and the theme's styles are loaded then, not by the first open. */
  placeholder = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (placeholder), "document-open-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (placeholder), "No Project Open");
  adw_status_page_set_description (ADW_STATUS_PAGE (placeholder), "Open a manifest to start.");
  adw_status_page_set_child (ADW_STATUS_PAGE (placeholder),
                             gtk_button_new_with_label ("Open Manifest…"));
  gtk_stack_add_named (round.stack, placeholder, "none");
  round.overlay = GTK_OVERLAY (gtk_overlay_new ());
  gtk_overlay_set_child (round.overlay, GTK_WIDGET (round.stack));
  gtk_window_set_child (GTK_WINDOW (round.window), GTK_WIDGET (round.overlay));
  gtk_window_present (GTK_WINDOW (round.window));
  while (!gtk_widget_get_mapped (round.window))
    g_main_context_iteration (NULL, TRUE);
  /* As PbWindow does when it is mapped. */
  pb_builder_warm_up_schedule (round.overlay, 300);
  if (idle_ms > 0)
    {
      gboolean idle = FALSE;
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();

      /* At least IDLE_MS, and until the warm-up finished (on a loaded machine it takes longer):
       * the first open then measures a process that was idle long enough. */
      g_timeout_add_once (idle_ms, set_flag, &idle);
      iterate_until (&idle, idle_ms + 1000);
      while (!pb_builder_warm_up_is_done (round.overlay)
             && g_get_monotonic_time () - t0 < 30 * G_USEC_PER_SEC)
        {
          idle = FALSE;
          g_timeout_add_once (100, set_flag, &idle);
          iterate_until (&idle, 1000);
        }
      printf ("idle before the first open: %.0f ms (warm-up %s; CPU %.1f ms while idle: the "
              "window's first frames and the warm-up)\n",
              (g_get_monotonic_time () - t0) / 1000.0,
              pb_builder_warm_up_is_done (round.overlay) ? "finished" : "NOT finished",
              cpu_ms () - c0);
    }
  clock = gtk_widget_get_frame_clock (round.window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &round);
  gtk_widget_add_tick_callback (round.window, tick_cb, &round, NULL);

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr (PbBuilderProject) project = NULL;
      g_autoptr (GError) error = NULL;
      gboolean idle = FALSE;
      gint64 t_read, t_saved, t_page;
      double c_read, c_saved, c_page;
      double save_ms, save_cpu_ms;

      /* Quiet: the previous page gone, nothing pending (the first open: at once, or after
       * --idle-ms). */
      if (round.page != NULL)
        {
          gtk_stack_set_visible_child_name (round.stack, "none");
          gtk_stack_remove (round.stack, round.page);
          round.page = NULL;
          g_timeout_add_once (200, set_flag, &idle);
          iterate_until (&idle, 1000);
        }

      round.done = FALSE;
      round.start = g_get_monotonic_time ();
      round.cpu_start = cpu_ms ();
      pb_builder_warm_up_cancel (round.overlay);
      project = pb_builder_project_new_from_manifest_file (file, &error);
      t_read = g_get_monotonic_time ();
      c_read = cpu_ms ();
      if (project == NULL
          || (save_in_span && !pb_builder_project_save (project, projects, &error)))
        {
          fprintf (stderr, "builder-open: %s\n", error->message);
          return 1;
        }
      t_saved = g_get_monotonic_time ();
      c_saved = cpu_ms ();
      round.page = pb_builder_page_new (project);
      gtk_stack_add_named (round.stack, round.page, "builder");
      gtk_stack_set_visible_child (round.stack, round.page);
      t_page = g_get_monotonic_time ();
      c_page = cpu_ms ();
      iterate_until (&round.done, 60000);
      if (!round.done)
        {
          fprintf (stderr, "builder-open: the page did not show within 60 s\n");
          return 1;
        }
      if (!save_in_span)
        {
          /* As the app does once the page is shown; waited for here, outside the span. */
          gboolean saved = FALSE;
          gint64 t0 = g_get_monotonic_time ();
          double c0 = cpu_ms ();

          pb_builder_project_save_async (project, projects, NULL, saved_cb, &saved);
          iterate_until (&saved, 60000);
          if (!saved)
            {
              fprintf (stderr, "builder-open: the project was not saved within 60 s\n");
              return 1;
            }
          save_ms = (g_get_monotonic_time () - t0) / 1000.0;
          save_cpu_ms = cpu_ms () - c0;
        }
      else
        {
          save_ms = (t_saved - t_read) / 1000.0;
          save_cpu_ms = c_saved - c_read;
        }
      if (verbose)
        printf ("  read %.1f ms (CPU %.1f), save %.1f (%.1f)%s, page %.1f (%.1f), "
                "to frame %.1f (%.1f)\n",
                (t_read - round.start) / 1000.0, c_read - round.cpu_start,
                save_ms, save_cpu_ms,
                save_in_span ? "" : " after the frame, not in the span",
                (t_page - t_saved) / 1000.0, c_page - c_saved,
                round.elapsed_ms - (t_page - round.start) / 1000.0,
                round.cpu_elapsed_ms - (c_page - round.cpu_start));
      times[i] = round.elapsed_ms;
      cpu_times[i] = round.cpu_elapsed_ms;
      printf ("round %u: %.1f ms (CPU %.1f ms)%s\n", i + 1, times[i], cpu_times[i],
              i == 0 ? ", first open" : "");
      /* For `perf record -k CLOCK_MONOTONIC` then `perf report --time START,END`. */
      if (verbose)
        printf ("  monotonic span: %.6f,%.6f\n", round.start / 1e6,
                round.start / 1e6 + round.elapsed_ms / 1e3);
      pb_builder_project_delete (project, projects, NULL);
    }

  /* The first open apart; the later ones (the classes and styles made by then). */
  if (rounds > 1)
    {
      qsort (times + 1, rounds - 1, sizeof *times, compare_doubles);
      qsort (cpu_times + 1, rounds - 1, sizeof *cpu_times, compare_doubles);
      later_median = times[1 + (rounds - 1) / 2];
      later_max = times[rounds - 1];
      later_cpu_median = cpu_times[1 + (rounds - 1) / 2];
    }
  printf ("streams: %u\nrounds: %u\nidle_ms: %u\nfirst_ms: %.1f\nfirst_cpu_ms: %.1f\n"
          "median_ms: %.1f\nmax_ms: %.1f\ncpu_median_ms: %.1f\n", streams, rounds, idle_ms,
          times[0], cpu_times[0], later_median, later_max, later_cpu_median);
  gtk_window_destroy (GTK_WINDOW (round.window));
  g_rmdir (projects);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
