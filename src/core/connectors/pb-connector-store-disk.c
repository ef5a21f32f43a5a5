/* pb-connector-store-disk.c: the store's file half — reading and merging connectors.json,
 * saving under the lock, and following changes other programs make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pb-connector-file.h"
#include "pb-connector-store-private.h"
#include "pb-error.h"
#include "pb-validate.h"

#define RELOAD_DELAY_MS 100

/* Reads the file; UNCHANGED tells whether it is exactly what we last read or wrote. */
static gboolean
read_disk (PbConnectorStore  *self,
           PbConnectorFile   *state,
           gboolean          *unchanged,
           GError           **error)
{
  if (!pb_connector_file_read (self->path, state, error))
    return FALSE;

  *unchanged = state->complete && g_strcmp0 (state->checksum, self->last_checksum) == 0;
  g_free (self->last_checksum);
  self->last_checksum = g_strdup (state->checksum);

  if (state->warning != NULL)
    {
      g_debug ("%s", state->warning);
      g_free (self->load_warning);
      self->load_warning = g_strdup (state->warning);
      g_free (self->load_summary);
      self->load_summary = g_strdup (state->summary);
      g_free (self->load_detail);
      self->load_detail = g_strdup (state->detail);
    }
  return TRUE;
}

static void
remember_known (PbConnectorStore *self,
                GPtrArray        *connectors)
{
  g_hash_table_remove_all (self->known);
  for (guint i = 0; i < connectors->len; i++)
    g_hash_table_add (self->known, g_strdup (pb_connector_get_id (g_ptr_array_index (connectors,
                                                                                     i))));
}

/* Brings the file's view into memory: local unsaved edits win, everything else follows the
 * file, and existing objects are updated in place. A connector that was in the file and is
 * gone from it was deleted by another program: the delete wins over local edits, so a
 * delete that reported success stays done. Returns TRUE if anything changed. */
static gboolean
merge_disk (PbConnectorStore *self,
            PbConnectorFile  *state)
{
  g_autoptr (GHashTable) on_disk = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) added = g_ptr_array_new ();
  gboolean changed = FALSE;

  self->merging = TRUE;

  for (guint i = 0; i < state->entries->len; i++)
    {
      PbConnector *entry = g_ptr_array_index (state->entries, i);
      const char *id = pb_connector_get_id (entry);
      PbConnector *existing = pb_connector_store_find_by_id (self, id);

      g_hash_table_add (on_disk, (gpointer) id);
      if (existing == NULL)
        existing = g_hash_table_lookup (self->doomed, id);
      if (existing != NULL)
        {
          if (g_hash_table_contains (self->pending, id))
            continue;
          if (pb_connector_get_modified (existing) != pb_connector_get_modified (entry) ||
              g_strcmp0 (pb_connector_get_name (existing), pb_connector_get_name (entry)) != 0)
            changed = TRUE;
          pb_connector_update_from (existing, entry);
        }
      else if (!g_hash_table_contains (self->deleted, id))
        g_ptr_array_add (added, g_object_ref (entry));
    }
  if (added->len > 0)
    {
      pb_connector_store_insert_many (self, added);
      changed = TRUE;
    }

  /* Gone from a complete file: another program deleted it, unless it is new here. */
  if (state->complete)
    {
      for (guint i = self->items->len; i > 0; i--)
        {
          PbConnector *connector = g_ptr_array_index (self->items, i - 1);
          const char *id = pb_connector_get_id (connector);

          if (g_hash_table_contains (on_disk, id))
            continue;
          if (g_hash_table_contains (self->pending, id) && !g_hash_table_contains (self->known, id))
            continue;
          pb_connector_store_remove_index (self, i - 1);
          changed = TRUE;
        }
      /* A pending delete another program has done already: nothing left to undo. */
      {
        GHashTableIter iter;
        gpointer id;

        g_hash_table_iter_init (&iter, self->doomed);
        while (g_hash_table_iter_next (&iter, &id, NULL))
          if (!g_hash_table_contains (on_disk, id) && g_hash_table_contains (self->known, id))
            g_hash_table_iter_remove (&iter);
      }
    }
  remember_known (self, state->entries);

  self->merging = FALSE;
  return changed;
}

/* Defence in depth behind the CLI and GUI checks: a URL with "user:password@" would put a
 * credential in the file, so such a save is refused (the message does not repeat it). */
static gboolean
check_no_credentials (PbConnectorStore  *self,
                      GError           **error)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      PbConnector *c = g_ptr_array_index (self->items, i);
      const char *urls[] = {
        pb_connector_get_base_url (c), pb_connector_get_auth_url (c),
        pb_connector_get_token_url (c), pb_connector_get_redirect_uri (c),
      };

      for (guint j = 0; j < G_N_ELEMENTS (urls); j++)
        {
          if (pb_validate_url_has_userinfo (urls[j]))
            {
              g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                           _("“%s” was not saved: one of its addresses holds a user name or "
                             "password before the host. Remove “user:password@” from it and "
                             "store the password as the connector’s secret."),
                           pb_connector_get_name (c));
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
pb_connector_store_save_internal (PbConnectorStore  *self,
                                  GError           **error)
{
  g_auto (PbConnectorFile) state = { 0 };
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean unchanged = FALSE;
  gsize length = 0;
  int lock_fd;
  gboolean ok;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  lock_fd = pb_connector_file_lock (self->path);

  /* Another writer may have changed other connectors since we read: merge them in first. */
  if (!read_disk (self, &state, &unchanged, &local_error))
    {
      pb_connector_file_unlock (lock_fd);
      goto failed;
    }
  if (!unchanged && merge_disk (self, &state))
    pb_connector_store_emit (self, PB_STORE_SIGNAL_RELOADED, NULL);

  if (!check_no_credentials (self, &local_error) ||
      !pb_connector_store_check_unique (self, &local_error))
    {
      pb_connector_file_unlock (lock_fd);
      goto failed;
    }

  {
    g_autoptr (GPtrArray) all = pb_connector_store_list_for_file (self);

    data = pb_connector_file_serialize (all, &length);
  }
  ok = pb_connector_file_write (self->path, data, length, &local_error);
  pb_connector_file_unlock (lock_fd);
  if (!ok)
    goto failed;

  g_free (self->last_checksum);
  self->last_checksum = pb_connector_file_checksum (data, length);
  {
    g_autoptr (GPtrArray) all = pb_connector_store_list_for_file (self);

    remember_known (self, all);
  }
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->deleted);
  g_hash_table_remove_all (self->named);
  pb_connector_store_set_dirty (self, FALSE);
  pb_connector_store_emit (self, PB_STORE_SIGNAL_SAVED, NULL);
  return TRUE;

failed:
  pb_connector_store_emit (self, PB_STORE_SIGNAL_SAVE_FAILED, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
pb_connector_store_check_no_credentials (PbConnectorStore  *self,
                                         GError           **error)
{
  return check_no_credentials (self, error);
}

void
pb_connector_store_merge_read (PbConnectorStore *self,
                               PbConnectorFile  *state)
{
  gboolean unchanged = state->complete && g_strcmp0 (state->checksum, self->last_checksum) == 0;

  g_free (self->last_checksum);
  self->last_checksum = g_strdup (state->checksum);
  if (state->warning != NULL)
    {
      g_free (self->load_warning);
      self->load_warning = g_strdup (state->warning);
      g_free (self->load_summary);
      self->load_summary = g_strdup (state->summary);
      g_free (self->load_detail);
      self->load_detail = g_strdup (state->detail);
    }
  if (!unchanged && merge_disk (self, state))
    pb_connector_store_emit (self, PB_STORE_SIGNAL_RELOADED, NULL);
}

void
pb_connector_store_note_saved (PbConnectorStore *self,
                               const char       *expected,
                               const char       *checksum,
                               gboolean          all_written)
{
  /* A sync save or a reload that came in between knows the file better. */
  if (g_strcmp0 (self->last_checksum, expected) == 0)
    {
      g_free (self->last_checksum);
      self->last_checksum = g_strdup (checksum);
    }
  if (all_written)
    {
      /* Nothing changed since the snapshot: the file holds exactly this list. */
      g_autoptr (GPtrArray) all = pb_connector_store_list_for_file (self);

      remember_known (self, all);
      g_hash_table_remove_all (self->pending);
      g_hash_table_remove_all (self->deleted);
      g_hash_table_remove_all (self->named);
      pb_connector_store_set_dirty (self, FALSE);
    }
  pb_connector_store_emit (self, PB_STORE_SIGNAL_SAVED, NULL);
}

/* File monitor: other programs (plugboard-cli) change the file. */

static gboolean
reload_cb (gpointer user_data)
{
  PbConnectorStore *self = user_data;
  g_auto (PbConnectorFile) state = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean unchanged = FALSE;
  gboolean changed;

  self->reload_id = 0;
  if (!read_disk (self, &state, &unchanged, &error))
    {
      g_warning ("%s", error->message);
      return G_SOURCE_REMOVE;
    }
  if (unchanged)
    return G_SOURCE_REMOVE;

  changed = merge_disk (self, &state);
  /* A damaged file was moved aside: write out what we have so nothing more is lost. */
  if (!state.complete)
    pb_connector_store_save_internal (self, NULL);
  if (changed || !state.complete)
    pb_connector_store_emit (self, PB_STORE_SIGNAL_RELOADED, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 PbConnectorStore  *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  /* Coalesce the burst of events a rename produces. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
start_monitor (PbConnectorStore *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;

  if (self->monitor != NULL)
    return;
  /* Watching works best when the folder exists: on a first start it does not yet. */
  dir = g_path_get_dirname (self->path);
  g_mkdir_with_parents (dir, 0700);
  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Not watching %s: %s", self->path, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_file_changed), self);
}

/* Public API */

gboolean
pb_connector_store_load (PbConnectorStore  *self,
                         GError           **error)
{
  g_auto (PbConnectorFile) state = { 0 };
  gboolean unchanged = FALSE;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);

  g_clear_pointer (&self->load_warning, g_free);
  g_clear_pointer (&self->load_summary, g_free);
  g_clear_pointer (&self->load_detail, g_free);
  if (pb_connector_file_remove_stale (self->path) > 0)
    g_debug ("Removed temporary files a stopped writer left beside %s", self->path);
  if (!read_disk (self, &state, &unchanged, error))
    return FALSE;
  if (merge_disk (self, &state))
    pb_connector_store_emit (self, PB_STORE_SIGNAL_RELOADED, NULL);

  /* The damaged file is gone (moved aside): write what was recovered right away. */
  if (!state.complete && state.entries->len > 0)
    {
      g_autoptr (GError) save_error = NULL;

      if (!pb_connector_store_save_internal (self, &save_error))
        g_warning ("%s", save_error->message);
    }

  start_monitor (self);
  return TRUE;
}

gboolean
pb_connector_store_save (PbConnectorStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  return pb_connector_store_save_internal (self, error);
}

gboolean
pb_connector_store_flush (PbConnectorStore  *self,
                          GError           **error)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);

  /* Let keyring label updates finish too (the CLI exits right after). */
  while (self->n_relabels > 0)
    g_main_context_iteration (NULL, TRUE);
  /* An autosave in flight ends first, so what is written last is the latest state. */
  pb_connector_store_wait_for_saves (self);

  /* Deletes still waiting for their Undo to expire are done: the user asked for them. */
  if (g_hash_table_size (self->doomed) > 0 && !pb_connector_store_commit_deletes (self, error))
    return FALSE;

  if (!self->dirty)
    return TRUE;
  return pb_connector_store_save_internal (self, error);
}
