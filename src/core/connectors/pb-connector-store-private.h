/* pb-connector-store-private.h: what the pb-connector-store*.c files share; not public API
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
  GHashTable *doomed;        /* id → PbConnector: deleted with undo (delete_later), not yet
                              * committed; out of ITEMS, still in the file and the keyring */
  GHashTable *named;         /* ids named here (added or renamed), not yet written */
  GHashTable *known;         /* ids in the file as we last read or wrote it */
  GHashTable *by_id;         /* id → PbConnector (in ITEMS) */
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

typedef enum {
  PB_STORE_SIGNAL_SAVED,
  PB_STORE_SIGNAL_SAVE_FAILED,
  PB_STORE_SIGNAL_RELOADED,
} PbStoreSignal;

void     pb_connector_store_emit             (PbConnectorStore  *self,
                                              PbStoreSignal      which,
                                              const GError      *error);
void     pb_connector_store_set_dirty        (PbConnectorStore  *self,
                                              gboolean           dirty);
gboolean pb_connector_store_save_internal    (PbConnectorStore  *self,
                                              GError           **error);
guint    pb_connector_store_insert_connector (PbConnectorStore  *self,
                                              PbConnector       *connector);
void     pb_connector_store_insert_many      (PbConnectorStore  *self,
                                              GPtrArray         *added);
void     pb_connector_store_remove_index     (PbConnectorStore  *self,
                                              guint              pos);
gboolean pb_connector_store_check_unique     (PbConnectorStore  *self,
                                              GError           **error);
void     pb_connector_store_tell_outcome     (GError           **error,
                                              const char        *outcome);
char    *pb_connector_store_name_key         (const char        *name);
void     pb_connector_store_remove_connector (PbConnectorStore  *self,
                                              PbConnector       *connector);
void     pb_connector_store_relabel_secrets  (PbConnectorStore  *self,
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

/* pb-connector-store-undo.c */
/* ITEMS and the connectors whose delete is pending: what the file holds (borrowed). */
GPtrArray   *pb_connector_store_list_for_file    (PbConnectorStore *self);
/* A connector whose delete is pending with this name key, or NULL. */
PbConnector *pb_connector_store_find_doomed_name (PbConnectorStore *self,
                                                  const char       *folded);
/* Takes CONNECTOR out of the pending deletes (transfer full), or NULL if it is not there. */
PbConnector *pb_connector_store_take_doomed      (PbConnectorStore *self,
                                                  PbConnector      *connector);
gboolean     pb_connector_store_commit_deletes   (PbConnectorStore  *self,
                                                  GError           **error);

PbConnector *pb_connector_store_new_connector   (const char        *name,
                                                  PbConnectorKind    kind);
void         pb_connector_store_take_in          (PbConnectorStore  *self,
                                                  PbConnector       *connector,
                                                  const char        *name);

/* pb-connector-store-async.c */
void     pb_connector_store_wait_for_saves    (PbConnectorStore  *self);
void     pb_connector_store_free_saves        (PbConnectorStore  *self);

G_END_DECLS
