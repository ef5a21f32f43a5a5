/* pb-connector-store-undo.c: deleting a connector with a chance to undo — hidden at once,
 * kept (file entry and secrets) until the delete is committed, put back whole on undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-store-private.h"
#include "pb-error.h"

GPtrArray *
pb_connector_store_list_for_file (PbConnectorStore *self)
{
  GPtrArray *all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer connector;

  g_ptr_array_extend (all, self->items, NULL, NULL);
  /* Still in the file until committed: a crash or a kill before then loses nothing. */
  g_hash_table_iter_init (&iter, self->doomed);
  while (g_hash_table_iter_next (&iter, NULL, &connector))
    g_ptr_array_add (all, connector);
  return all;
}

PbConnector *
pb_connector_store_find_doomed_name (PbConnectorStore *self,
                                     const char       *folded)
{
  GHashTableIter iter;
  gpointer connector;

  g_hash_table_iter_init (&iter, self->doomed);
  while (g_hash_table_iter_next (&iter, NULL, &connector))
    {
      g_autofree char *key = pb_connector_store_name_key (pb_connector_get_name (connector));

      if (g_strcmp0 (key, folded) == 0)
        return connector;
    }
  return NULL;
}

void
pb_connector_store_delete_later (PbConnectorStore *self,
                                 PbConnector      *connector)
{
  guint pos;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  if (!g_ptr_array_find (self->items, connector, &pos))
    return;
  g_hash_table_insert (self->doomed, g_strdup (pb_connector_get_id (connector)),
                       g_object_ref (connector));
  pb_connector_store_remove_index (self, pos);
}

gboolean
pb_connector_store_get_delete_pending (PbConnectorStore *self,
                                       PbConnector      *connector)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  return g_hash_table_lookup (self->doomed, pb_connector_get_id (connector)) == connector;
}

PbConnector *
pb_connector_store_take_doomed (PbConnectorStore *self,
                                PbConnector      *connector)
{
  g_autofree char *key = NULL;
  PbConnector *taken = NULL;

  if (g_hash_table_lookup (self->doomed, pb_connector_get_id (connector)) != connector)
    return NULL;
  g_hash_table_steal_extended (self->doomed, pb_connector_get_id (connector),
                               (gpointer *) &key, (gpointer *) &taken);
  return taken;
}

gboolean
pb_connector_store_undo_delete (PbConnectorStore  *self,
                                PbConnector       *connector,
                                GError           **error)
{
  g_autoptr (PbConnector) back = NULL;
  const char *id;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  id = pb_connector_get_id (connector);
  if (g_hash_table_lookup (self->doomed, id) != connector)
    {
      /* Committed already, or another program deleted it meanwhile. */
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("“%s” is already deleted and cannot be brought back."),
                   pb_connector_get_name (connector));
      return FALSE;
    }
  back = pb_connector_store_take_doomed (self, connector);
  pb_connector_store_insert_connector (self, g_steal_pointer (&back));
  return TRUE;
}

gboolean
pb_connector_store_commit_deletes (PbConnectorStore  *self,
                                   GError           **error)
{
  g_autoptr (GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer connector;
  gboolean ok = TRUE;

  g_hash_table_iter_init (&iter, self->doomed);
  while (g_hash_table_iter_next (&iter, NULL, &connector))
    g_ptr_array_add (doomed, g_object_ref (connector));
  for (guint i = 0; i < doomed->len; i++)
    {
      g_autoptr (GError) local_error = NULL;

      if (!pb_connector_store_delete_sync (self, doomed->pdata[i], NULL, &local_error))
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }
  return ok;
}
