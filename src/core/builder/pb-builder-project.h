/* pb-builder-project.h: a Connector Builder project, a manifest being built, kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-manifest.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_PROJECT (pb_builder_project_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderProject, pb_builder_project, PB, BUILDER_PROJECT, GObject)

/*
 * A project is a declarative manifest (PbManifest), a name, and the id of the Plugboard connector
 * whose key its test reads use (NULL = none linked yet). Each project is one versioned JSON file,
 * "<id>.json", in a projects folder (pb_builder_project_default_dir ()), written atomically with
 * mode 0600. It holds no secret: keys stay in the keyring, with the linked connector.
 *
 * Properties: "id" (construct-only), "name", "connector-id", "manifest" (read-only; notify on
 * change), "source".
 */

/* The file format this build writes; files of a newer version are refused, not rewritten. */
#define PB_BUILDER_PROJECT_FORMAT_VERSION 1

/* $XDG_DATA_HOME/plugboard/builder */
char             *pb_builder_project_default_dir    (void);

/* A new project (a fresh id) for MANIFEST (referenced). NAME NULL: the manifest's name. */
PbBuilderProject *pb_builder_project_new            (PbManifest  *manifest,
                                                     const char  *name);
/* A new project from a manifest file (YAML or JSON, read with the manifest reader). The name is
 * the manifest's, or else the file's base name without its extension. */
PbBuilderProject *pb_builder_project_new_from_manifest_file (GFile   *file,
                                                             GError **error);

const char       *pb_builder_project_get_id           (PbBuilderProject *self);
const char       *pb_builder_project_get_name         (PbBuilderProject *self);
void              pb_builder_project_set_name         (PbBuilderProject *self,
                                                       const char       *name);
const char       *pb_builder_project_get_connector_id (PbBuilderProject *self);
void              pb_builder_project_set_connector_id (PbBuilderProject *self,
                                                       const char       *connector_id);
PbManifest       *pb_builder_project_get_manifest     (PbBuilderProject *self);
/* Where AI Assist last read the project from (a docs URL, spec URL or spec file), NULL = never.
 * Saved with the project; URLs are kept without credentials (pb_redact_url). */
const char       *pb_builder_project_get_source       (PbBuilderProject *self);
void              pb_builder_project_set_source       (PbBuilderProject *self,
                                                       const char       *source);

/* Orders by name, the way a user reads a list (case-insensitive, by the locale). */
int               pb_builder_project_compare_names    (PbBuilderProject *a,
                                                       PbBuilderProject *b);

/* Writes DIR/<id>.json atomically (DIR is made if missing). */
gboolean          pb_builder_project_save             (PbBuilderProject  *self,
                                                       const char        *dir,
                                                       GError           **error);
/* Reads one project file. PB_ERROR_CORRUPT_FILE when unreadable as a project,
 * PB_ERROR_UNSUPPORTED_FORMAT when written by a newer Plugboard, PB_ERROR_STORAGE on I/O. */
PbBuilderProject *pb_builder_project_load             (const char  *path,
                                                       GError     **error);
/* All projects of DIR, sorted by name (an empty array when DIR does not exist). Files that do
 * not load are skipped, each with a g_warning naming it; they are left in place untouched. */
GPtrArray        *pb_builder_project_load_all         (const char  *dir,
                                                       GError     **error);
/* Removes DIR/<id>.json. */
gboolean          pb_builder_project_delete           (PbBuilderProject  *self,
                                                       const char        *dir,
                                                       GError           **error);

/* The Airbyte declarative manifest, as the manifest writer makes it. */
char             *pb_builder_project_export           (PbBuilderProject  *self,
                                                       PbManifestFormat   format,
                                                       GError           **error);
gboolean          pb_builder_project_export_to_file   (PbBuilderProject  *self,
                                                       GFile             *file,
                                                       PbManifestFormat   format,
                                                       GError           **error);

G_END_DECLS
