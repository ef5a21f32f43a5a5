/* pb-builder-warm-up.h: one hidden Builder page built and drawn while the main window is idle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first project opened in a process used to take 3–4 times as long as the next ones: the
 * Builder's widget classes and templates, the styles of each new kind of widget, the glyphs of
 * its fonts and the renderer's shaders are all made on first use. Shortly after OVERLAY's
 * window is shown (OVERLAY: the window's content, under everything else), this builds a small
 * Builder page in low-priority idle steps, lets it be drawn once as an invisible, untargetable
 * overlay (opacity 1/255, hidden from screen readers and focus) and drops it, so that the
 * user's first open finds all of that made.
 *
 * Each step runs at G_PRIORITY_LOW, after input and drawing; the first waits DELAY_MS after the
 * call. Calling it again while scheduled or after it finished does nothing. */
void     pb_builder_warm_up_schedule (GtkOverlay *overlay,
                                      guint       delay_ms);
/* The user opens a project: what is left of the warm-up is not needed any more (its page, if
 * shown, goes). */
void     pb_builder_warm_up_cancel   (GtkOverlay *overlay);
/* Whether the warm-up ran to its end (for the benchmark). */
gboolean pb_builder_warm_up_is_done  (GtkOverlay *overlay);

G_END_DECLS
