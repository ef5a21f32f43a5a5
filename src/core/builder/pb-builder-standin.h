/* pb-builder-standin.h: TEMPORARY stand-ins for the lead's PbBuilderProject API (builder plan),
 * removed when main has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-builder-project.h"

G_BEGIN_DECLS

void      pb_builder_project_mark_edited         (PbBuilderProject *self, const char *stream,
                                                  const char *key);
gboolean  pb_builder_project_is_edited           (PbBuilderProject *self, const char *stream,
                                                  const char *key);
gboolean  pb_builder_project_get_stream_selected (PbBuilderProject *self, const char *stream);
void      pb_builder_project_set_stream_selected (PbBuilderProject *self, const char *stream,
                                                  gboolean selected);
void      pb_builder_project_changed             (PbBuilderProject *self);
PbBuilderProject *pb_builder_project_new_from_assist (PbManifest *manifest, const char *name);

G_END_DECLS
