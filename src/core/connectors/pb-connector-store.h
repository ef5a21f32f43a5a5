/* pb-connector-store.h: the list of connectors, kept in one versioned JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-connector.h"
#include "pb-vault.h"

G_BEGIN_DECLS

#define PB_TYPE_CONNECTOR_STORE (pb_connector_store_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectorStore, pb_connector_store, PB, CONNECTOR_STORE, GObject)

/* A GListModel of PbConnector sorted by name (case-insensitive).
 *
 * The file ($XDG_DATA_HOME/plugboard/connectors.json unless a path is given) holds
 * {"version": 1, "connectors": [...]} and never a secret. It is written atomically
 * (temporary file, fsync, rename). A file that cannot be read or parsed is moved aside
 * (connectors.json.broken-DATE) and never overwritten; what could be recovered is loaded
 * and load_warning() says what happened.
 *
 * Every change a PbConnector notifies is saved after a short debounce, in a worker thread
 * (save_async; "saved" is emitted after each successful write, "save-failed" with a GError
 * otherwise). A file monitor
 * reloads changes other programs (plugboard-cli) make; connectors with local edits not yet
 * saved keep those edits, and other changes are merged in place (same PbConnector objects).
 *
 * Signals: "saved" (), "save-failed" (GError*), "reloaded" ().
 * Properties: "path", "vault", "autosave-delay" (ms, default 500), "dirty" (bool: unsaved edits).
 */

PbConnectorStore *pb_connector_store_new              (const char *path,   /* NULL: default */
                                                       PbVault    *vault); /* NULL: default */
const char       *pb_connector_store_get_path         (PbConnectorStore *self);

/* Reads the file. FALSE only when nothing could be read and the file could not be moved aside;
 * a recovered or fresh start returns TRUE (see load_warning). */
gboolean          pb_connector_store_load             (PbConnectorStore *self, GError **error);
/* A message for the user when the last load had to move a broken file aside, or NULL. */
const char       *pb_connector_store_get_load_warning (PbConnectorStore *self);
/* The same for a dialog: SUMMARY says in plain words what happened and where the file was
 * kept; DETAIL holds the technical reason and full path (secondary text). NULL when fine. */
const char       *pb_connector_store_get_load_summary (PbConnectorStore *self);
const char       *pb_connector_store_get_load_detail  (PbConnectorStore *self);

/* Writes now (atomic), blocking. Used by the CLI; the GUI relies on autosave. */
gboolean          pb_connector_store_save             (PbConnectorStore *self, GError **error);
/* The same in a worker thread, with the same guarantees (lock, merge, atomic write, fsync,
 * mode 0600): the state is taken as it is when the write starts. One save runs at a time;
 * calls made while one is running share the next one, which writes the latest state. Emits
 * "saved" or "save-failed" like save (). Cancelling stops the wait, not a write under way.
 * Autosave uses this. */
void              pb_connector_store_save_async       (PbConnectorStore    *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          pb_connector_store_save_finish      (PbConnectorStore  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);
/* Writes pending changes now, if any, and waits for keyring label updates (before quitting). */
gboolean          pb_connector_store_flush            (PbConnectorStore *self, GError **error);
void              pb_connector_store_set_autosave_delay (PbConnectorStore *self, guint msec);
/* TRUE while local edits are not yet written. */
gboolean          pb_connector_store_get_dirty        (PbConnectorStore *self);

/* Trims NAME; refuses empty names and names another connector (other than EXCEPT) has,
 * case-insensitively. Returns the trimmed name. */
char             *pb_connector_store_check_name       (PbConnectorStore  *self,
                                                       const char        *name,
                                                       PbConnector       *except,
                                                       GError           **error);

/* Adds a connector with a checked name and saves. The store owns the returned connector
 * (transfer none), as for find_by_name/find_by_id and the GListModel items you get with
 * g_list_model_get_item (which, as always, returns a new reference). */
PbConnector      *pb_connector_store_create           (PbConnectorStore  *self,
                                                       const char        *name,
                                                       PbConnectorKind    kind,
                                                       GError           **error);
/* Adds an existing connector object (setup assistant, builder); checks its name; saves. */
gboolean          pb_connector_store_add              (PbConnectorStore  *self,
                                                       PbConnector       *connector,
                                                       GError           **error);
/* Checks the new name and saves; the keyring labels of its secrets follow in the background. */
gboolean          pb_connector_store_rename           (PbConnectorStore  *self,
                                                       PbConnector       *connector,
                                                       const char        *new_name,
                                                       GError           **error);

/* The same without blocking (the app): the name is checked and the connector is in the list
 * at once (so a second create with that name is refused meanwhile); the file is written by
 * save_async. If the write fails, the connector leaves the list again and the error
 * (PB_ERROR_STORAGE, or PB_ERROR_DUPLICATE_NAME / PB_ERROR_INVALID_NAME from the check) says
 * so. Cancelling before the call returns PB_ERROR_CANCELLED and changes nothing; a write
 * under way is not stopped, and its outcome is what finish returns. create_finish returns a
 * new reference to the connector the store holds. */
void              pb_connector_store_create_async     (PbConnectorStore    *self,
                                                       const char          *name,
                                                       PbConnectorKind      kind,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
PbConnector      *pb_connector_store_create_finish    (PbConnectorStore  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);
/* The new name shows at once; a failed write puts the old name back. */
void              pb_connector_store_rename_async     (PbConnectorStore    *self,
                                                       PbConnector         *connector,
                                                       const char          *new_name,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          pb_connector_store_rename_finish    (PbConnectorStore  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

/* Removes the connector (also one whose delete is pending), saves, and clears all its
 * secrets from the keyring. A pending delete that fails is undone: the connector is back. */
void              pb_connector_store_delete_async     (PbConnectorStore    *self,
                                                       PbConnector         *connector,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          pb_connector_store_delete_finish    (PbConnectorStore  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);
gboolean          pb_connector_store_delete_sync      (PbConnectorStore  *self,
                                                       PbConnector       *connector,
                                                       GCancellable      *cancellable,
                                                       GError           **error);

/* Deleting with Undo (the app; the CLI deletes at once). delete_later takes the connector
 * out of the list now, but its entry in the file and its secrets stay until the delete is
 * committed with pb_connector_store_delete_async (the Undo toast timed out or was closed) or
 * undone with undo_delete, which puts the same object back with nothing lost. flush ()
 * commits the deletes still pending: quitting finishes what the user asked. A crash or a kill
 * before that leaves the connector in place. While a delete is pending, its name stays taken. */
void              pb_connector_store_delete_later     (PbConnectorStore  *self,
                                                       PbConnector       *connector);
gboolean          pb_connector_store_undo_delete      (PbConnectorStore  *self,
                                                       PbConnector       *connector,
                                                       GError           **error);
gboolean          pb_connector_store_get_delete_pending (PbConnectorStore *self,
                                                         PbConnector      *connector);

/* Stores a secret for the connector in the keyring, then records that the field is set.
 * Refuses fields the connector's kind does not use (PB_ERROR_INVALID_ARGUMENT). */
void              pb_connector_store_set_secret_async (PbConnectorStore    *self,
                                                       PbConnector         *connector,
                                                       const char          *field,
                                                       const char          *secret,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          pb_connector_store_set_secret_finish (PbConnectorStore *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);
gboolean          pb_connector_store_set_secret_sync  (PbConnectorStore  *self,
                                                       PbConnector       *connector,
                                                       const char        *field,
                                                       const char        *secret,
                                                       GCancellable      *cancellable,
                                                       GError           **error);

PbConnector      *pb_connector_store_find_by_name     (PbConnectorStore *self, const char *name);
PbConnector      *pb_connector_store_find_by_id       (PbConnectorStore *self, const char *id);
PbVault          *pb_connector_store_get_vault        (PbConnectorStore *self);

G_END_DECLS
