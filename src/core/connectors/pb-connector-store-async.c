/* pb-connector-store-async.c: saving the connector list in a worker thread, one save at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save is one or more rounds. The main thread takes a snapshot (the file's bytes, serialized
 * from the connectors) and the checksum of the file it last read or wrote. The worker takes the
 * file lock, reads the file and, if it is still that file, writes the snapshot (atomic, fsync,
 * mode 0600) before letting go of the lock. If another writer changed the file, the worker
 * writes nothing and hands what it read to the main thread, which merges it as the sync save
 * does and starts another round from the merged state. Only the snapshot and the read file
 * cross threads; the connectors are touched on the main thread only.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-file.h"
#include "pb-connector-store-private.h"
#include "pb-error.h"

/* Another program that writes this often is misbehaving; say so instead of looping. */
#define MAX_ROUNDS 16

struct _PbStoreSaves
{
  GPtrArray *running;   /* GTask*: callers the save in flight answers */
  GPtrArray *waiting;   /* GTask*: callers since it started; the next save answers them */
  guint rounds;
};

typedef struct
{
  char *path;
  GBytes *data;         /* the snapshot */
  char *expected;       /* checksum of the file the snapshot was merged with (NULL: none) */
  guint64 edits;        /* the store's edit count when the snapshot was taken */
  gboolean written;
  char *checksum;       /* of DATA, once written */
  PbConnectorFile disk; /* what the file held instead, when it had changed */
} SaveRound;

static void
save_round_free (SaveRound *round)
{
  g_free (round->path);
  g_bytes_unref (round->data);
  g_free (round->expected);
  g_free (round->checksum);
  pb_connector_file_clear (&round->disk);
  g_free (round);
}

static struct _PbStoreSaves *
get_saves (PbConnectorStore *self)
{
  if (self->saves == NULL)
    {
      self->saves = g_new0 (struct _PbStoreSaves, 1);
      self->saves->running = g_ptr_array_new_with_free_func (g_object_unref);
      self->saves->waiting = g_ptr_array_new_with_free_func (g_object_unref);
    }
  return self->saves;
}

void
pb_connector_store_free_saves (PbConnectorStore *self)
{
  if (self->saves == NULL)
    return;
  /* Every task holds a reference on the store: nothing can be queued when it is finalized. */
  g_assert (self->saves->running->len == 0 && self->saves->waiting->len == 0);
  g_ptr_array_unref (self->saves->running);
  g_ptr_array_unref (self->saves->waiting);
  g_clear_pointer (&self->saves, g_free);
}

/* Worker thread: nothing here touches the store. */
static void
save_round_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SaveRound *round = task_data;
  GError *error = NULL;
  gconstpointer data;
  gsize length = 0;
  int lock_fd;

  lock_fd = pb_connector_file_lock (round->path);
  if (!pb_connector_file_read (round->path, &round->disk, &error))
    {
      pb_connector_file_unlock (lock_fd);
      g_task_return_error (task, error);
      return;
    }

  if (round->disk.complete && g_strcmp0 (round->disk.checksum, round->expected) == 0)
    {
      data = g_bytes_get_data (round->data, &length);
      if (!pb_connector_file_write (round->path, data, length, &error))
        {
          pb_connector_file_unlock (lock_fd);
          g_task_return_error (task, error);
          return;
        }
      round->written = TRUE;
      round->checksum = pb_connector_file_checksum (data, length);
    }
  pb_connector_file_unlock (lock_fd);
  g_task_return_boolean (task, TRUE);
}

static void start_round (PbConnectorStore *self);

/* Answers the callers of the save that ended and starts the next one if anyone waits. */
static void
finish_save (PbConnectorStore *self,
             const GError     *error)
{
  struct _PbStoreSaves *saves = self->saves;
  g_autoptr (GPtrArray) answered = g_steal_pointer (&saves->running);

  saves->running = g_steal_pointer (&saves->waiting);
  saves->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  saves->rounds = 0;

  if (saves->running->len > 0)
    start_round (self);

  for (guint i = 0; i < answered->len; i++)
    {
      GTask *task = g_ptr_array_index (answered, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
fail_save (PbConnectorStore *self,
           GError           *error)   /* (transfer full) */
{
  g_autoptr (PbConnectorStore) hold = g_object_ref (self);

  /* As the sync save: the edits stay pending, the UI hears about it. */
  g_signal_emit_by_name (self, "save-failed", error);
  finish_save (self, error);
  g_error_free (error);
}

static void
save_round_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (source);
  SaveRound *round = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail_save (self, error);
      return;
    }

  if (round->written)
    {
      pb_connector_store_note_saved (self, round->expected, round->checksum,
                                     self->edits == round->edits);
      finish_save (self, NULL);
      return;
    }

  /* Someone else wrote the file since we last saw it: merge their changes, then try again. */
  pb_connector_store_merge_read (self, &round->disk);
  if (++self->saves->rounds >= MAX_ROUNDS)
    {
      fail_save (self, g_error_new (PB_ERROR, PB_ERROR_STORAGE,
                                    _("The connectors file “%s” was not saved: another program "
                                      "keeps changing it. Close other Plugboard windows and "
                                      "commands, then try again."),
                                    self->path));
      return;
    }
  start_round (self);
}

static void
start_round (PbConnectorStore *self)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  SaveRound *round;
  char *data;
  gsize length = 0;

  /* This save covers whatever the autosave timer was waiting to write. */
  g_clear_handle_id (&self->autosave_id, g_source_remove);

  /* The name check runs on the list merged with the file as last read; the worker writes only
   * if the file is still that one (checked under the lock), so no other writer's new name can
   * slip in between: the same guarantee as the blocking save. */
  if (!pb_connector_store_check_no_credentials (self, &error) ||
      !pb_connector_store_check_unique (self, &error))
    {
      fail_save (self, g_steal_pointer (&error));
      return;
    }

  round = g_new0 (SaveRound, 1);
  round->path = g_strdup (self->path);
  {
    g_autoptr (GPtrArray) all = pb_connector_store_list_for_file (self);

    data = pb_connector_file_serialize (all, &length);
  }
  round->data = g_bytes_new_take (data, length);
  round->expected = g_strdup (self->last_checksum);
  round->edits = self->edits;

  task = g_task_new (self, NULL, save_round_done, NULL);
  g_task_set_source_tag (task, start_round);
  g_task_set_task_data (task, round, (GDestroyNotify) save_round_free);
  g_task_run_in_thread (task, save_round_thread);
}

void
pb_connector_store_save_async (PbConnectorStore    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  struct _PbStoreSaves *saves;
  GTask *task;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_connector_store_save_async);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  saves = get_saves (self);
  if (saves->running->len > 0)
    {
      /* Coalesced: one more save after the one in flight, from the state at that time. */
      g_ptr_array_add (saves->waiting, task);
      return;
    }
  g_ptr_array_add (saves->running, task);
  start_round (self);
}

gboolean
pb_connector_store_save_finish (PbConnectorStore  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_connector_store_save_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pb_connector_store_wait_for_saves (PbConnectorStore *self)
{
  GMainContext *context;

  if (self->saves == NULL || self->saves->running->len == 0)
    return;
  /* The tasks answer in the context they were started from. */
  context = g_task_get_context (g_ptr_array_index (self->saves->running, 0));
  while (self->saves->running->len > 0)
    g_main_context_iteration (context, TRUE);
}
