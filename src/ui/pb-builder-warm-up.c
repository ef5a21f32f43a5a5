/* pb-builder-warm-up.c: one hidden Builder page built and drawn while the main window is idle,
 * so that the first project the user opens shows as fast as the next ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "pb-builder-connector-group.h"
#include "pb-builder-page.h"
#include "pb-builder-settings-group.h"
#include "pb-builder-stream-editor.h"
#include "pb-builder-stream-list.h"
#include "pb-builder-warm-up.h"
#include "pb-evidence-button.h"

#define WARM_UP_KEY "pb-builder-warm-up"
/* Enough streams to fill a tall window's list, so that its rows are made too. */
#define WARM_UP_STREAMS 40

typedef enum {
  STEP_TYPES,      /* the widget classes, their templates */
  STEP_PAGE,       /* a project and its page */
  STEP_SHOW,       /* the page in the overlay, invisible, until one frame drew it */
  STEP_DROP,       /* the page gone */
  STEP_DONE,
} Step;

typedef struct
{
  GtkOverlay       *overlay;     /* weak: the warm-up is its data */
  Step              step;
  guint             source;
  PbBuilderProject *project;
  GtkWidget        *page;
  GdkFrameClock    *clock;
  gulong            paint_handler;
  gboolean          finished;    /* ran to its end (not cancelled) */
} WarmUp;

static void schedule_step (WarmUp *warm_up);

/* Drops the page; from the overlay too unless the overlay is going (then it has let go of it). */
static void
drop_page (WarmUp   *warm_up,
           gboolean  unparent)
{
  /* The clock's handlers go with it when its window does. */
  if (warm_up->paint_handler != 0
      && g_signal_handler_is_connected (warm_up->clock, warm_up->paint_handler))
    g_signal_handler_disconnect (warm_up->clock, warm_up->paint_handler);
  warm_up->paint_handler = 0;
  g_clear_object (&warm_up->clock);
  if (unparent && warm_up->page != NULL
      && gtk_widget_get_parent (warm_up->page) == GTK_WIDGET (warm_up->overlay))
    gtk_overlay_remove_overlay (warm_up->overlay, warm_up->page);
  g_clear_object (&warm_up->page);
  g_clear_object (&warm_up->project);
}

static void
warm_up_free (gpointer data)
{
  WarmUp *warm_up = data;

  g_clear_handle_id (&warm_up->source, g_source_remove);
  drop_page (warm_up, FALSE);
  g_free (warm_up);
}

/* The classes a Builder page is made of (class_init reads each template). */
static void
ensure_types (void)
{
  g_type_ensure (PB_TYPE_BUILDER_PAGE);
  g_type_ensure (PB_TYPE_BUILDER_SETTINGS_GROUP);
  g_type_ensure (PB_TYPE_BUILDER_STREAM_LIST);
  g_type_ensure (PB_TYPE_BUILDER_CONNECTOR_GROUP);
  g_type_ensure (PB_TYPE_BUILDER_STREAM_EDITOR);
  g_type_ensure (PB_TYPE_EVIDENCE_BUTTON);
  g_type_ensure (ADW_TYPE_CLAMP_SCROLLABLE);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  g_type_ensure (ADW_TYPE_COMBO_ROW);
  g_type_ensure (ADW_TYPE_EXPANDER_ROW);
  g_type_ensure (ADW_TYPE_SQUEEZER);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  g_type_ensure (GTK_TYPE_GRID_VIEW);
  g_type_ensure (GTK_TYPE_SEARCH_ENTRY);
  g_type_ensure (GTK_TYPE_CHECK_BUTTON);
  g_type_ensure (GTK_TYPE_TOGGLE_BUTTON);
}

/* A project like an imported one: a base URL, a key, paginated streams, one suggested. */
static PbBuilderProject *
warm_up_project (void)
{
  g_autoptr (PbManifest) manifest = pb_manifest_new ();
  g_autoptr (PbManifest) read_back = NULL;
  g_autofree char *yaml = NULL;
  PbManifestAuth *auth = pb_manifest_get_auth (manifest);

  pb_manifest_set_url_base (manifest, "https://api.example.com/v1");
  auth->kind = PB_AUTH_BEARER;
  for (guint i = 0; i < WARM_UP_STREAMS; i++)
    {
      g_autofree char *name = g_strdup_printf ("resources_%02u", i);
      g_autofree char *path = g_strdup_printf ("/resources/%02u", i);
      g_autoptr (PbManifestStream) stream = pb_manifest_stream_new (name, path);

      pb_manifest_stream_set_suggested (stream, i == 0);
      pb_manifest_stream_get_paginator (stream)->kind = PB_PAGINATION_CURSOR;
      pb_manifest_add_stream (manifest, stream);
    }
  /* Through the writer and the YAML reader, as an opened file goes: their first use (libyaml,
   * the $ref resolver, the printer) is then paid here, not by the user's first open. */
  yaml = pb_manifest_to_string (manifest, PB_MANIFEST_FORMAT_YAML, NULL);
  if (yaml != NULL && (read_back = pb_manifest_new_from_data (yaml, strlen (yaml), NULL)) != NULL)
    return pb_builder_project_new (read_back, "warm-up");
  return pb_builder_project_new (manifest, "warm-up");
}

/* Drawn: its rows exist and have been painted once. */
static void
after_paint_cb (GdkFrameClock *clock,
                WarmUp        *warm_up)
{
  if (!gtk_widget_get_mapped (warm_up->page))
    return;
  g_signal_handler_disconnect (clock, warm_up->paint_handler);
  warm_up->paint_handler = 0;
  warm_up->step = STEP_DROP;
  schedule_step (warm_up);
}

static void
show_page (WarmUp *warm_up)
{
  GtkWidget *page = warm_up->page;

  /* Drawn, but not seen, reached by the pointer or the keyboard, nor read out. */
  gtk_widget_set_opacity (page, 1.0 / 255);
  gtk_widget_set_can_target (page, FALSE);
  gtk_widget_set_can_focus (page, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_overlay_add_overlay (warm_up->overlay, page);

  warm_up->clock = gtk_widget_get_frame_clock (GTK_WIDGET (warm_up->overlay));
  if (warm_up->clock == NULL)
    {
      /* Not on screen any more: nothing to draw into. */
      warm_up->step = STEP_DROP;
      schedule_step (warm_up);
      return;
    }
  g_object_ref (warm_up->clock);
  warm_up->paint_handler = g_signal_connect (warm_up->clock, "after-paint",
                                             G_CALLBACK (after_paint_cb), warm_up);
  gtk_widget_queue_draw (page);
}

static gboolean
step_cb (gpointer data)
{
  WarmUp *warm_up = data;

  warm_up->source = 0;
  switch (warm_up->step)
    {
    case STEP_TYPES:
      ensure_types ();
      warm_up->step = STEP_PAGE;
      schedule_step (warm_up);
      break;
    case STEP_PAGE:
      warm_up->project = warm_up_project ();
      warm_up->page = g_object_ref_sink (pb_builder_page_new (warm_up->project));
      warm_up->step = STEP_SHOW;
      schedule_step (warm_up);
      break;
    case STEP_SHOW:
      show_page (warm_up);
      break;
    case STEP_DROP:
      drop_page (warm_up, TRUE);
      warm_up->step = STEP_DONE;
      warm_up->finished = TRUE;
      break;
    case STEP_DONE:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_step (WarmUp *warm_up)
{
  if (warm_up->source == 0)
    warm_up->source = g_idle_add_full (G_PRIORITY_LOW, step_cb, warm_up, NULL);
}

void
pb_builder_warm_up_schedule (GtkOverlay *overlay,
                             guint       delay_ms)
{
  WarmUp *warm_up;

  g_return_if_fail (GTK_IS_OVERLAY (overlay));

  if (g_object_get_data (G_OBJECT (overlay), WARM_UP_KEY) != NULL)
    return;
  warm_up = g_new0 (WarmUp, 1);
  warm_up->overlay = overlay;
  g_object_set_data_full (G_OBJECT (overlay), WARM_UP_KEY, warm_up, warm_up_free);
  warm_up->source = g_timeout_add_full (G_PRIORITY_LOW, delay_ms, step_cb, warm_up, NULL);
}

void
pb_builder_warm_up_cancel (GtkOverlay *overlay)
{
  WarmUp *warm_up;

  g_return_if_fail (GTK_IS_OVERLAY (overlay));

  warm_up = g_object_get_data (G_OBJECT (overlay), WARM_UP_KEY);
  if (warm_up == NULL || warm_up->step == STEP_DONE)
    return;
  g_clear_handle_id (&warm_up->source, g_source_remove);
  drop_page (warm_up, TRUE);
  warm_up->step = STEP_DONE;
}

gboolean
pb_builder_warm_up_is_done (GtkOverlay *overlay)
{
  WarmUp *warm_up;

  g_return_val_if_fail (GTK_IS_OVERLAY (overlay), FALSE);

  warm_up = g_object_get_data (G_OBJECT (overlay), WARM_UP_KEY);
  return warm_up != NULL && warm_up->finished;
}
