/* pb-connector-store-secrets.c: the store's keyring half — storing secrets, clearing them
 * on delete and keeping keyring labels in step with connector names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-store-private.h"
#include "pb-error.h"
#include "pb-validate.h"

static char *secret_label (PbConnector *connector, const char *field);

static void
relabel_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PbConnectorStore) self = user_data;
  g_autoptr (GError) error = NULL;

  /* Only cosmetic (lookups use the attributes): a failure is not worth bothering the user. */
  if (!pb_vault_relabel_finish (PB_VAULT (source), result, &error))
    g_debug ("Could not update a keyring label: %s", error->message);
  self->n_relabels--;
}

/* Keyring items carry the connector's name in their label, for people browsing the keyring. */
void
pb_connector_store_relabel_secrets (PbConnectorStore *self,
                                    PbConnector      *connector)
{
  g_auto (GStrv) fields = pb_connector_list_secrets (connector);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *label = secret_label (connector, fields[i]);

      self->n_relabels++;
      pb_vault_relabel_async (self->vault, pb_connector_get_id (connector), fields[i], label, NULL,
                              relabel_done_cb, g_object_ref (self));
    }
}
/* Delete: secrets first, so a keyring failure leaves everything as it was (no orphaned
 * secret behind a connector that no longer exists). */

/* Takes the connector out of the list once its secrets are gone. FALSE with ERROR when they
 * could not be cleared; *REMOVED tells whether there is a removal to write. */
static gboolean
remove_deleted (PbConnectorStore  *self,
                PbConnector       *connector,
                GError            *vault_error,   /* (transfer full) (nullable) */
                gboolean          *removed,
                GError           **error)
{
  g_autoptr (GError) clear_error = vault_error;
  g_auto (GStrv) secrets = pb_connector_list_secrets (connector);
  guint pos;

  *removed = FALSE;

  if (clear_error != NULL)
    {
      /* Without a keyring there is nothing to clear unless we know secrets were stored. A
       * locked keyring is different: the vault reports it only when it found this
       * connector's secrets there, and those must not be orphaned. */
      gboolean keyring_missing = g_error_matches (clear_error, PB_ERROR, PB_ERROR_NO_KEYRING);

      if (!keyring_missing || secrets[0] != NULL)
        {
          g_propagate_prefixed_error (
            error, g_steal_pointer (&clear_error),
            _("The connector “%s” was not deleted because its secrets could not be removed: "),
            pb_connector_get_name (connector));
          return FALSE;
        }
    }

  if (!g_ptr_array_find (self->items, connector, &pos))
    return TRUE;

  g_hash_table_add (self->deleted, g_strdup (pb_connector_get_id (connector)));
  self->edits++;   /* a save already under way must not forget this deletion */
  pb_connector_store_remove_connector (self, connector);
  for (guint i = 0; secrets[i] != NULL; i++)
    pb_connector_mark_secret (connector, secrets[i], FALSE);
  *removed = TRUE;
  return TRUE;
}

/* The removal could not be written: keep the list and the file in agreement, put it back. */
static void
undo_delete (PbConnectorStore *self,
             PbConnector      *connector)
{
  g_hash_table_remove (self->deleted, pb_connector_get_id (connector));
  pb_connector_store_insert_connector (self, g_object_ref (connector));
}

static gboolean
finish_delete (PbConnectorStore  *self,
               PbConnector       *connector,
               GError            *vault_error,   /* (transfer full) (nullable) */
               GError           **error)
{
  g_autoptr (PbConnector) keep = g_object_ref (connector);
  gboolean removed;

  if (!remove_deleted (self, connector, vault_error, &removed, error))
    return FALSE;
  if (removed && !pb_connector_store_save_internal (self, error))
    {
      undo_delete (self, connector);
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_connector_store_delete_sync (PbConnectorStore  *self,
                                PbConnector       *connector,
                                GCancellable      *cancellable,
                                GError           **error)
{
  GError *vault_error = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  pb_vault_clear_sync (self->vault, pb_connector_get_id (connector), NULL, cancellable,
                       &vault_error);
  if (g_error_matches (vault_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, vault_error);
      return FALSE;
    }
  return finish_delete (self, connector, vault_error, error);
}

static void
delete_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectorStore *self = PB_CONNECTOR_STORE (source);
  GError *error = NULL;

  if (pb_connector_store_save_finish (self, result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  undo_delete (self, g_task_get_task_data (task));
  g_task_return_error (task, error);
}

static void
delete_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectorStore *self = g_task_get_source_object (task);
  PbConnector *connector = g_task_get_task_data (task);
  GError *vault_error = NULL;
  GError *error = NULL;
  gboolean removed;

  pb_vault_clear_finish (PB_VAULT (source), result, &vault_error);
  if (g_error_matches (vault_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, vault_error);
  else if (!remove_deleted (self, connector, vault_error, &removed, &error))
    g_task_return_error (task, error);
  else if (!removed)
    g_task_return_boolean (task, TRUE);
  else
    /* Written in a worker; the save is not cancelled half-way (the secrets are gone). */
    pb_connector_store_save_async (self, NULL, delete_saved_cb, g_steal_pointer (&task));
}

void
pb_connector_store_delete_async (PbConnectorStore    *self,
                                 PbConnector         *connector,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_connector_store_delete_async);
  g_task_set_task_data (task, g_object_ref (connector), g_object_unref);
  pb_vault_clear_async (self->vault, pb_connector_get_id (connector), NULL, cancellable,
                        delete_cleared_cb, task);
}

gboolean
pb_connector_store_delete_finish (PbConnectorStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Secrets */

static const char *
field_label (const char *field)
{
  if (g_strcmp0 (field, PB_SECRET_API_KEY) == 0)
    return _("API key");
  if (g_strcmp0 (field, PB_SECRET_CLIENT_SECRET) == 0)
    return _("client secret");
  if (g_strcmp0 (field, PB_SECRET_PASSWORD) == 0)
    return _("password");
  if (g_strcmp0 (field, PB_SECRET_ACCESS_TOKEN) == 0)
    return _("access token");
  if (g_strcmp0 (field, PB_SECRET_REFRESH_TOKEN) == 0)
    return _("refresh token");
  if (g_strcmp0 (field, PB_SECRET_TOKEN_EXPIRY) == 0)
    return _("token expiry");
  return field;
}

static gboolean
check_secret_field (PbConnector  *connector,
                    const char   *field,
                    const char   *secret,
                    GError      **error)
{
  PbConnectorKind kind = pb_connector_get_kind (connector);
  const char * const *fields = pb_connector_kind_secret_fields (kind);

  if (secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                           _("The secret is empty. Nothing was stored."));
      return FALSE;
    }

  if (pb_connector_kind_accepts_secret (kind, field))
    {
      g_autofree char *label = g_strdup_printf (_("The secret “%s”"), field);

      return pb_validate_secret (label, secret, error);
    }

  {
    g_autofree char *allowed = g_strjoinv ("”, “", (char **) fields);

    g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a secret of %s connectors. Use “%s”."),
                 field != NULL ? field : "", pb_connector_kind_get_label (kind), allowed);
  }
  return FALSE;
}

/* A key or password is all a hand-made API Key or Basic connector needs. OAuth connectors
 * become ready when signed in, which the OAuth flow decides; connectors set up from a catalog
 * definition may need more than a secret, so their setup (and its connection test) decides. */
static void
mark_secret_set (PbConnector *connector,
                 const char  *field)
{
  PbConnectorKind kind = pb_connector_get_kind (connector);

  pb_connector_mark_secret (connector, field, TRUE);
  if (pb_connector_get_state (connector) == PB_CONNECTOR_STATE_NEEDS_SETUP &&
      pb_connector_get_definition_id (connector) == NULL &&
      (kind == PB_CONNECTOR_KIND_API_KEY || kind == PB_CONNECTOR_KIND_BASIC))
    {
      const char * const *fields = pb_connector_kind_secret_fields (kind);

      for (guint i = 0; fields[i] != NULL; i++)
        if (!pb_connector_has_secret (connector, fields[i]))
          return;
      pb_connector_set_state (connector, PB_CONNECTOR_STATE_READY, NULL);
    }
}

static char *
secret_label (PbConnector *connector,
              const char  *field)
{
  /* Translators: a keyring item's label: "Plugboard: HubSpot API – API key". */
  return g_strdup_printf (_("Plugboard: %s – %s"), pb_connector_get_name (connector),
                          field_label (field));
}

gboolean
pb_connector_store_set_secret_sync (PbConnectorStore  *self,
                                    PbConnector       *connector,
                                    const char        *field,
                                    const char        *secret,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  if (!check_secret_field (connector, field, secret, error))
    return FALSE;

  label = secret_label (connector, field);
  if (!pb_vault_store_sync (self->vault, pb_connector_get_id (connector), field, label, secret,
                            cancellable, error))
    return FALSE;

  mark_secret_set (connector, field);
  return pb_connector_store_flush (self, error);
}

typedef struct {
  PbConnector *connector;
  char *field;
} SetSecretData;

static void
set_secret_data_free (SetSecretData *data)
{
  g_clear_object (&data->connector);
  g_free (data->field);
  g_free (data);
}

static void
set_secret_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (pb_connector_store_save_finish (PB_CONNECTOR_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_secret_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectorStore *self = g_task_get_source_object (task);
  SetSecretData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pb_vault_store_finish (PB_VAULT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  mark_secret_set (data->connector, data->field);
  if (!self->dirty)
    g_task_return_boolean (task, TRUE);
  else
    /* Written in a worker, off the main loop. */
    pb_connector_store_save_async (self, NULL, set_secret_saved_cb, g_steal_pointer (&task));
}

void
pb_connector_store_set_secret_async (PbConnectorStore    *self,
                                     PbConnector         *connector,
                                     const char          *field,
                                     const char          *secret,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *label = NULL;
  GError *error = NULL;
  SetSecretData *data;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_connector_store_set_secret_async);

  if (!check_secret_field (connector, field, secret, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (SetSecretData, 1);
  data->connector = g_object_ref (connector);
  data->field = g_strdup (field);
  g_task_set_task_data (task, data, (GDestroyNotify) set_secret_data_free);

  label = secret_label (connector, field);
  pb_vault_store_async (self->vault, pb_connector_get_id (connector), field, label, secret,
                        cancellable, set_secret_stored_cb, g_steal_pointer (&task));
}

gboolean
pb_connector_store_set_secret_finish (PbConnectorStore  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
