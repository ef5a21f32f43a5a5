/* pb-builder-project-private.h: what the project's file code shares with the project itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

struct _PbBuilderProject
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *connector_id;
  char       *source;
  PbManifest *manifest;
  GHashTable *edited;      /* "stream\x1fkey" (stream "" = project level) */
  GHashTable *deselected;  /* stream names */

  /* pb_builder_project_save_async: one save at a time, later calls wait and share one save */
  gboolean    saving;
  GPtrArray  *save_waiting; /* GTask */
};

/* The whole project file, as text. */
char *pb_builder_project_serialize  (PbBuilderProject *self);
/* What the manifest has no place for (evidence, suggested flags, selection, edited marks, the
 * assist source), read back from a project file's root. Malformed parts are skipped. */
void  pb_builder_project_read_state (PbBuilderProject *self,
                                     const cJSON      *root);
/* The hash key of an edited mark. */
char *pb_builder_project_edited_key (const char *stream,
                                     const char *key);

G_END_DECLS
