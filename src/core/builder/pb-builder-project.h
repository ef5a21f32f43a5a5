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
 * Properties: "id" (construct-only), "name", "connector-id", "source", "manifest" (read-only).
 * Signal: "changed" (the manifest, a selection or an edited mark changed: save soon).
 *
 * The file also keeps what the manifest format has no place for: the evidence of each
 * pre-filled value, the streams AI Assist suggested, the selection and the edited marks.
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

/* Values the user set by hand; AI Assist never overwrites them (it suggests instead).
 * STREAM NULL: a project-level KEY ("url_base", "auth"); else a stream's KEY: the evidence keys
 * of PbManifestStream ("path", "record_path", "primary_key", "paginator", "incremental",
 * "parent", "request_parameters", "schema") and "method", "request_headers", "request_body". */
void              pb_builder_project_mark_edited      (PbBuilderProject *self,
                                                       const char       *stream,
                                                       const char       *key);
gboolean          pb_builder_project_is_edited        (PbBuilderProject *self,
                                                       const char       *stream,
                                                       const char       *key);

/* Whether STREAM is kept for export (default: every stream of an imported manifest; the
 * suggested ones of an AI Assist result when it suggested any). Export writes the selected
 * streams only, plus the parents they read from. */
gboolean          pb_builder_project_get_stream_selected (PbBuilderProject *self,
                                                          const char       *stream);
void              pb_builder_project_set_stream_selected (PbBuilderProject *self,
                                                          const char       *stream,
                                                          gboolean          selected);
guint             pb_builder_project_count_selected   (PbBuilderProject *self);

/* Renames a stream (refused: empty, or taken by another stream), carrying its edited marks, its
 * selection and the parent links of its substreams. */
gboolean          pb_builder_project_rename_stream    (PbBuilderProject  *self,
                                                       const char        *old_name,
                                                       const char        *new_name,
                                                       GError           **error);

/* Editors change the manifest in place, then call this: it emits "changed", on which the
 * application autosaves with pb_builder_project_save_async. */
void              pb_builder_project_changed          (PbBuilderProject *self);

/* A project from an AI Assist result: its evidence and suggested flags are kept, and when it
 * suggested any stream, only the suggested ones start selected. SOURCE: what assist read (a URL
 * or path; kept, with any password or token removed, to run assist again), or NULL. */
PbBuilderProject *pb_builder_project_new_from_assist  (PbManifest *manifest,
                                                       const char *name,
                                                       const char *source);
/* The docs or spec AI Assist last read for this project, or NULL. */
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
/* The same in a worker thread, from a snapshot taken now. Calls are serialized; calls made
 * while a save runs are coalesced into one save of the newest state. */
void              pb_builder_project_save_async       (PbBuilderProject    *self,
                                                       const char          *dir,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          pb_builder_project_save_finish      (PbBuilderProject  *self,
                                                       GAsyncResult      *result,
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
