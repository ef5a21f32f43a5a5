/* pb-builder-stream-list.h: a Builder project's streams: search, selection, open one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_STREAM_LIST (pb_builder_stream_list_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderStreamList, pb_builder_stream_list, PB, BUILDER_STREAM_LIST,
                      GtkBox)

/* Properties: "project" (PbBuilderProject, may be NULL: an empty list).
 * Signals: "stream-activated" (const char *stream name): the user opened a stream (Enter,
 * double click). */
GtkWidget        *pb_builder_stream_list_new         (PbBuilderProject    *project);
PbBuilderProject *pb_builder_stream_list_get_project (PbBuilderStreamList *self);
void              pb_builder_stream_list_set_project (PbBuilderStreamList *self,
                                                      PbBuilderProject    *project);
/* The streams shown (after the search and filter), in display order. */
GListModel       *pb_builder_stream_list_get_streams (PbBuilderStreamList *self);

G_END_DECLS
