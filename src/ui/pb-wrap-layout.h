/* pb-wrap-layout.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_WRAP_LAYOUT (pb_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (PbWrapLayout, pb_wrap_layout, PB, WRAP_LAYOUT, GtkLayoutManager)

/* Places the children like words in a paragraph: left to right (right to left in an RTL
 * locale) at their natural width, "spacing" apart, starting a new line "line-spacing" below
 * when the next one does not fit. A child wider than the whole width gets the whole width.
 * Height-for-width: the height asked for a width is the height of the lines at that width.
 *
 * Properties: "spacing" (px between children on a line), "line-spacing" (px between lines),
 * "justify" (where each line sits: GTK_JUSTIFY_LEFT at the start edge, CENTER in the middle,
 * RIGHT at the end edge; FILL is as LEFT). */
GtkLayoutManager *pb_wrap_layout_new              (void);
void              pb_wrap_layout_set_spacing      (PbWrapLayout *self,
                                                   guint         spacing);
guint             pb_wrap_layout_get_spacing      (PbWrapLayout *self);
void              pb_wrap_layout_set_line_spacing (PbWrapLayout *self,
                                                   guint         spacing);
guint             pb_wrap_layout_get_line_spacing (PbWrapLayout *self);
void              pb_wrap_layout_set_justify      (PbWrapLayout     *self,
                                                   GtkJustification  justify);
GtkJustification  pb_wrap_layout_get_justify      (PbWrapLayout *self);

G_END_DECLS
