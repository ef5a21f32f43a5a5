/* pb-connector-file.h: reading and writing connectors.json (internal to PbConnectorStore)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-connector.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *entries;   /* PbConnector* read from the file */
  gboolean   exists;    /* a good file is (still) there */
  gboolean complete; /* FALSE: the file was broken and moved aside; ENTRIES is what was recovered */
  char      *checksum;  /* of a good file's bytes */
  char      *warning;   /* for the user, when the file was moved aside (one line for the CLI) */
  char      *summary;   /* the same in plain words, without technical detail (GUI body) */
  char      *detail;    /* the technical reason and the full path of the kept file */
} PbConnectorFile;

/* Reads PATH. A missing file (or folder) is an empty, complete result. A damaged, truncated or
 * newer file is moved to PATH.broken-DATE (never over an existing file), what could be
 * recovered is returned and WARNING says so. FALSE if a damaged file could not be moved aside,
 * or if PATH could not be read, left as it is, with the reason's code from pb_file_open_regular
 * (PB_ERROR_PERMISSION_DENIED, PB_ERROR_NOT_REGULAR_FILE, PB_ERROR_NOT_A_FOLDER,
 * PB_ERROR_STORAGE) and what to do about it in the message. */
gboolean  pb_connector_file_read      (const char       *path,
                                       PbConnectorFile  *out,
                                       GError          **error);
void      pb_connector_file_clear     (PbConnectorFile  *file);
/* {"version": 1, "connectors": [...]} */
char     *pb_connector_file_serialize (GPtrArray        *connectors,
                                       gsize            *out_length);
/* Atomic: temporary file in the same folder, fsync, rename; mode 0600. */
gboolean  pb_connector_file_write     (const char       *path,
                                       const char       *data,
                                       gsize             length,
                                       GError          **error);
char     *pb_connector_file_checksum  (const char       *data,
                                       gsize             length);
/* Moves a damaged file to PATH.broken-DATE, never over an existing file; returns the new path.
 * Shared with the other stores kept like this one (agents). */
char     *pb_connector_file_move_aside (const char     *path,
                                        GError        **error);
/* An exclusive lock (PATH.lock) around read-merge-write across processes; -1 if unavailable. */
int       pb_connector_file_lock      (const char       *path);
void      pb_connector_file_unlock    (int               fd);
/* Removes PATH.XXXXXX temporary files a killed writer left (under the lock). */
guint     pb_connector_file_remove_stale (const char     *path);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbConnectorFile, pb_connector_file_clear)

G_END_DECLS
