/* pb-connector-store-private.h: what pb-connector-store.c and pb-connector-store-secrets.c
 * share; not part of the public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-connector-file.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

struct _PbConnectorStore
{
  GObject parent_instance;

  char *path;
  PbVault *vault;
  guint autosave_delay;

  GPtrArray *items;          /* PbConnector*, sorted by name */
  GHashTable *pending;       /* ids with local edits not yet written */
  GHashTable *deleted;       /* ids deleted here, not yet written */
  char *load_warning;
  char *load_summary;
  char *load_detail;
  char *last_checksum;       /* of the file as we last read or wrote it */

  GFileMonitor *monitor;
  guint autosave_id;
  guint reload_id;
  guint n_relabels;          /* keyring label updates still running */
  guint64 edits;             /* counts local edits, so a save knows whether it wrote them all */
  struct _PbStoreSaves *saves; /* async saves queued and in flight (pb-connector-store-async.c) */
  /* TRUE while merging the file's contents in: those notifies are not local edits. */
  guint merging : 1;
  guint dirty : 1;
};

gboolean pb_connector_store_save_internal     (PbConnectorStore  *self,
                                               GError           **error);
guint    pb_connector_store_insert_connector  (PbConnectorStore  *self,
                                               PbConnector       *connector);
void     pb_connector_store_remove_connector  (PbConnectorStore  *self,
                                               PbConnector       *connector);
void     pb_connector_store_relabel_secrets   (PbConnectorStore  *self,
                                               PbConnector       *connector);

/* The pieces of a save, for the async save (the file part runs in a worker thread). */
gboolean pb_connector_store_check_no_credentials (PbConnectorStore  *self,
                                                  GError           **error);
/* Takes in what the file held (read under the lock by a worker): remembers its checksum and
 * any warning and, unless it is what we last read or wrote, merges it as a save would. */
void     pb_connector_store_merge_read        (PbConnectorStore  *self,
                                               PbConnectorFile   *state);
/* A write the async save did succeeded. EXPECTED is the checksum the write replaced,
 * CHECKSUM that of what was written; ALL_WRITTEN when no edit came after the snapshot. */
void     pb_connector_store_note_saved        (PbConnectorStore  *self,
                                               const char        *expected,
                                               const char        *checksum,
                                               gboolean           all_written);

/* pb-connector-store-async.c */
void     pb_connector_store_wait_for_saves    (PbConnectorStore  *self);
void     pb_connector_store_free_saves        (PbConnectorStore  *self);

G_END_DECLS
