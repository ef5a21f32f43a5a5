/* pb-connector-store-create.c: creating and renaming a connector without blocking the caller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The name is checked and the list changed on the calling (main) thread at once, so a second
 * create or rename with the same name is refused while the first is being written; the write
 * is the store's async save (pb-connector-store-async.c). When it fails, the change is taken
 * back and the error says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-store-private.h"
#include "pb-error.h"

typedef struct {
  PbConnector *connector;
  char *old_name;   /* rename: the name to go back to */
  char *new_name;   /* rename: the name being written */
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->connector);
  g_free (change->old_name);
  g_free (change->new_name);
  g_free (change);
}

static GTask *
new_task (PbConnectorStore    *self,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Cancelling stops the wait before anything is changed; once the write has started its
   * outcome is what the caller hears (a write cannot be taken back half way). */
  g_task_set_check_cancellable (task, FALSE);
  return task;
}

static void
create_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (source);
  g_autoptr (GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pb_connector_store_save_finish (self, result, &error))
    {
      /* Nothing was written: the list is as before and the name is free again. */
      pb_connector_store_remove_connector (self, change->connector);
      pb_connector_store_tell_outcome (&error, _("The connector was not added."));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_object_ref (change->connector), g_object_unref);
}

void
pb_connector_store_create_async (PbConnectorStore    *self,
                                 const char          *name,
                                 PbConnectorKind      kind,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *checked = NULL;
  GError *error = NULL;
  Change *change;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, cancellable, callback, user_data, pb_connector_store_create_async);
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_CANCELLED, "%s",
                               _("The connector was not added: cancelled."));
      return;
    }
  checked = pb_connector_store_check_name (self, name, NULL, &error);
  if (checked == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  change = g_new0 (Change, 1);
  change->connector = pb_connector_store_new_connector (checked, kind);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  /* In the list now: its name is taken for anyone who asks meanwhile. */
  pb_connector_store_take_in (self, change->connector, checked);
  pb_connector_store_save_async (self, NULL, create_saved_cb, g_steal_pointer (&task));
}

PbConnector *
pb_connector_store_create_finish (PbConnectorStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pb_connector_store_create_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rename_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (source);
  g_autoptr (GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pb_connector_store_save_finish (self, result, &error))
    {
      /* The old name is back, unless something renamed it again meanwhile. */
      if (g_strcmp0 (pb_connector_get_name (change->connector), change->new_name) == 0)
        {
          pb_connector_set_name (change->connector, change->old_name);
          g_hash_table_remove (self->named, pb_connector_get_id (change->connector));
        }
      pb_connector_store_tell_outcome (&error, _("The name was not changed."));
      g_task_return_error (task, error);
      return;
    }
  pb_connector_store_relabel_secrets (self, change->connector);
  g_task_return_boolean (task, TRUE);
}

void
pb_connector_store_rename_async (PbConnectorStore    *self,
                                 PbConnector         *connector,
                                 const char          *new_name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *checked = NULL;
  GError *error = NULL;
  Change *change;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, cancellable, callback, user_data, pb_connector_store_rename_async);
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_CANCELLED, "%s",
                               _("The name was not changed: cancelled."));
      return;
    }
  if (pb_connector_store_find_by_id (self, pb_connector_get_id (connector)) != connector)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_NOT_FOUND,
                               _("“%s” is no longer in the list of connectors."),
                               pb_connector_get_name (connector));
      return;
    }
  checked = pb_connector_store_check_name (self, new_name, connector, &error);
  if (checked == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_strcmp0 (checked, pb_connector_get_name (connector)) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  change = g_new0 (Change, 1);
  change->connector = g_object_ref (connector);
  change->old_name = g_strdup (pb_connector_get_name (connector));
  change->new_name = g_strdup (checked);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  /* The new name shows (and is taken) at once; a failed write puts the old one back. */
  pb_connector_set_name (connector, checked);
  pb_connector_store_save_async (self, NULL, rename_saved_cb, g_steal_pointer (&task));
}

gboolean
pb_connector_store_rename_finish (PbConnectorStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pb_connector_store_rename_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
