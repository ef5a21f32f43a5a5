/* pb-builder-list.h: the Connector Builder section of the main window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_LIST (pb_builder_list_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderList, pb_builder_list, PB, BUILDER_LIST, GtkBox)

/* Signals: "project-activated" (PbBuilderProject *). */
void       pb_builder_list_set_model (PbBuilderList    *self,
                                      GListModel       *projects);
/* Selects PROJECT's row (NULL: none). */
void       pb_builder_list_select    (PbBuilderList    *self,
                                      PbBuilderProject *project);
GtkListBox *pb_builder_list_get_list_box (PbBuilderList *self);

G_END_DECLS
