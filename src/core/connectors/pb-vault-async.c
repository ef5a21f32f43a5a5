/* pb-vault-async.c: the vault's calls on the caller's main loop, with libsecret's async API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same steps and guarantees as the blocking calls in pb-vault.c: connect to the Secret
 * Service (none: PB_ERROR_NO_KEYRING), never unlock and never prompt (a locked keyring or item
 * is PB_ERROR_KEYRING_LOCKED), store only into an unlocked default collection.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-vault-private.h"

typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
  OP_RELABEL,
} OpKind;

typedef struct {
  OpKind kind;
  char *connector_id;
  char *field;
  char *label;
  char *secret;
  SecretService *service;
  GList *items;         /* clear, relabel: what the search found */
  GList *next;          /* the item to handle next */
} VaultOp;

static void
vault_op_free (VaultOp *op)
{
  g_free (op->connector_id);
  g_free (op->field);
  g_free (op->label);
  pb_vault_free_secret (op->secret);
  g_clear_object (&op->service);
  g_list_free_full (op->items, g_object_unref);
  g_free (op);
}

static void got_service (GObject *source, GAsyncResult *result, gpointer user_data);

static void
start_op (PbVault             *self,
          OpKind               kind,
          const char          *connector_id,
          const char          *field,
          const char          *label,
          const char          *secret,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  VaultOp *op = g_new0 (VaultOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->kind = kind;
  op->connector_id = g_strdup (connector_id);
  op->field = g_strdup (field);
  op->label = g_strdup (label);
  op->secret = g_strdup (secret);
  g_task_set_task_data (task, op, (GDestroyNotify) vault_op_free);

  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, got_service, task);
}

static void
return_mapped (GTask      *task,
               GError     *cause,   /* (transfer full) */
               const char *doing)
{
  GError *error = NULL;

  pb_vault_map_error (&error, cause, doing);
  g_task_return_error (task, error);
}

/* Store: the default collection, if it is there and unlocked, then the item. */

static void
item_created (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (SecretItem) item = NULL;
  GError *error = NULL;

  item = secret_item_create_finish (result, &error);
  if (item == NULL)
    return_mapped (task, error, _("store the secret"));
  else
    g_task_return_boolean (task, TRUE);
}

static void
got_collection (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  VaultOp *op = g_task_get_task_data (task);
  g_autoptr (SecretCollection) collection = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (SecretValue) value = NULL;
  g_autofree char *default_label = NULL;
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      return_mapped (task, error, _("find the default keyring"));
      return;
    }
  if (collection == NULL)
    {
      pb_vault_set_no_default_error (&error);
      g_task_return_error (task, error);
      return;
    }
  /* Never let libsecret prompt: a locked keyring is the user's to unlock. */
  if (secret_collection_get_locked (collection))
    {
      pb_vault_set_locked_error (&error);
      g_task_return_error (task, error);
      return;
    }

  attributes = pb_vault_make_attributes (op->connector_id, op->field);
  value = secret_value_new (op->secret, -1, "text/plain");
  if (op->label == NULL)
    default_label = g_strdup_printf ("Plugboard: %s", op->field);
  secret_item_create (collection, &pb_vault_schema, attributes,
                      op->label ? op->label : default_label, value, SECRET_ITEM_CREATE_REPLACE,
                      g_task_get_cancellable (task), item_created, g_object_ref (task));
}

/* Lookup, clear, relabel: search without unlocking, then handle the items one by one. */

static void handle_next_item (GTask *task);

static void
item_handled (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  VaultOp *op = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  if (op->kind == OP_CLEAR)
    ok = secret_item_delete_finish (SECRET_ITEM (source), result, &error);
  else
    ok = secret_item_set_label_finish (SECRET_ITEM (source), result, &error);
  if (!ok)
    {
      return_mapped (task, error,
                     op->kind == OP_CLEAR ? _("delete the secret") : _("rename the secret"));
      return;
    }
  handle_next_item (g_steal_pointer (&task));
}

/* Takes TASK's reference. */
static void
handle_next_item (GTask *task)
{
  VaultOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SecretItem *item;

  if (op->next == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  item = op->next->data;
  op->next = op->next->next;

  if (secret_item_get_locked (item))
    {
      GError *error = NULL;

      pb_vault_set_locked_error (&error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (op->kind == OP_CLEAR)
    secret_item_delete (item, cancellable, item_handled, task);
  else
    secret_item_set_label (item, op->label, cancellable, item_handled, task);
}

static void
searched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  VaultOp *op = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_mapped (task, error, _("look up the secret"));
      return;
    }
  items = pb_vault_keep_ours (items);

  if (op->kind == OP_LOOKUP)
    {
      char *secret = pb_vault_pick_secret (items, &error);

      g_list_free_full (items, g_object_unref);
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, secret, (GDestroyNotify) pb_vault_free_secret);
      return;
    }

  op->items = op->next = items;
  handle_next_item (g_steal_pointer (&task));
}

static void
got_service (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  VaultOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GHashTable) attributes = NULL;
  GError *error = NULL;
  SecretSearchFlags flags = SECRET_SEARCH_ALL;

  op->service = secret_service_get_finish (result, &error);
  if (op->service == NULL)
    {
      /* Any failure here means there is no Secret Service we can use. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr (GError) cause = error;

          error = NULL;
          pb_vault_set_no_keyring_error (&error, cause);
        }
      g_task_return_error (task, error);
      return;
    }

  if (op->kind == OP_STORE)
    {
      /* SECRET_COLLECTION_NONE: look, do not load or unlock anything. */
      secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                                   cancellable, got_collection, g_steal_pointer (&task));
      return;
    }

  /* No SECRET_SEARCH_UNLOCK: locked matches come back locked, nothing prompts. */
  if (op->kind == OP_LOOKUP)
    flags |= SECRET_SEARCH_LOAD_SECRETS;
  attributes = pb_vault_make_attributes (op->connector_id, op->field);
  secret_service_search (op->service, &pb_vault_search_schema, attributes, flags, cancellable,
                         searched, g_steal_pointer (&task));
}

/* Public API */

void
pb_vault_store_async (PbVault             *self,
                      const char          *connector_id,
                      const char          *field,
                      const char          *label,
                      const char          *secret,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (PB_IS_VAULT (self));
  g_return_if_fail (connector_id != NULL && field != NULL && secret != NULL);

  start_op (self, OP_STORE, connector_id, field, label, secret, cancellable, callback, user_data,
            pb_vault_store_async);
}

gboolean
pb_vault_store_finish (PbVault       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pb_vault_lookup_async (PbVault             *self,
                       const char          *connector_id,
                       const char          *field,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (PB_IS_VAULT (self));
  g_return_if_fail (connector_id != NULL && field != NULL);

  start_op (self, OP_LOOKUP, connector_id, field, NULL, NULL, cancellable, callback, user_data,
            pb_vault_lookup_async);
}

char *
pb_vault_lookup_finish (PbVault       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pb_vault_clear_async (PbVault             *self,
                      const char          *connector_id,
                      const char          *field,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (PB_IS_VAULT (self));
  g_return_if_fail (connector_id != NULL);

  start_op (self, OP_CLEAR, connector_id, field, NULL, NULL, cancellable, callback, user_data,
            pb_vault_clear_async);
}

gboolean
pb_vault_clear_finish (PbVault       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pb_vault_relabel_async (PbVault             *self,
                        const char          *connector_id,
                        const char          *field,
                        const char          *label,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (PB_IS_VAULT (self));
  g_return_if_fail (connector_id != NULL && field != NULL && label != NULL);

  start_op (self, OP_RELABEL, connector_id, field, label, NULL, cancellable, callback, user_data,
            pb_vault_relabel_async);
}

gboolean
pb_vault_relabel_finish (PbVault       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
