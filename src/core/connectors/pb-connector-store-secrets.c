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
 * secret behind a connector that no longer exists); then the file; then the secrets once more,
 * for a set-secret that stored one meanwhile (it re-checks the file and rolls back too). */

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
  g_autoptr (PbConnector) doomed = pb_connector_store_take_doomed (self, connector);
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
          /* A delete with Undo that cannot be done: the connector is back in the list. */
          if (doomed != NULL)
            pb_connector_store_insert_connector (self, g_steal_pointer (&doomed));
          return FALSE;
        }
    }

  if (doomed == NULL && !g_ptr_array_find (self->items, connector, &pos))
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
      pb_connector_store_tell_outcome (
        error, _("The connector was not deleted, but its secrets were already removed from the "
                 "keyring: store them again or delete it later."));
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
  g_autoptr (GError) again_error = NULL;
  g_autofree char *id = NULL;
  GError *vault_error = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  id = g_strdup (pb_connector_get_id (connector));
  pb_vault_clear_sync (self->vault, id, NULL, cancellable,
                       &vault_error);
  if (g_error_matches (vault_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, vault_error);
      return FALSE;
    }
  if (!finish_delete (self, connector, vault_error, error))
    return FALSE;
  if (!pb_vault_clear_sync (self->vault, id, NULL, NULL, &again_error))
    g_debug ("Clearing secrets after the delete: %s", again_error->message);
  return TRUE;
}


static void
delete_cleared_again_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_vault_clear_finish (PB_VAULT (source), result, &error))
    g_debug ("Clearing secrets after the delete: %s", error->message);
  g_task_return_boolean (task, TRUE);
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
      PbConnector *connector = g_task_get_task_data (task);

      pb_vault_clear_async (self->vault, pb_connector_get_id (connector), NULL, NULL,
                            delete_cleared_again_cb, g_steal_pointer (&task));
      return;
    }
  undo_delete (self, g_task_get_task_data (task));
  pb_connector_store_tell_outcome (
    &error, _("The connector was not deleted, but its secrets were already removed from the "
              "keyring: store them again or delete it later."));
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

/* What a set-secret changed, to undo it when the file does not take the change. */
typedef struct {
  PbConnector      *connector;
  char             *field;
  char             *previous;      /* the secret stored before, wiped on free; NULL if none */
  gboolean          had_secret;
  PbConnectorState  state;
  char             *last_test;     /* the last test's outcome before, its status and time */
  guint             last_test_status;
  gint64            last_test_time;
  GError           *error;         /* why the change is rolled back */
} SetSecretData;

static void
set_secret_data_free (SetSecretData *data)
{
  g_clear_object (&data->connector);
  g_free (data->field);
  g_free (data->last_test);
  g_clear_pointer (&data->previous, pb_vault_free_secret);
  g_clear_error (&data->error);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SetSecretData, set_secret_data_free)

static SetSecretData *
set_secret_data_new (PbConnector *connector,
                     const char  *field)
{
  SetSecretData *data = g_new0 (SetSecretData, 1);

  data->connector = g_object_ref (connector);
  data->field = g_strdup (field);
  data->had_secret = pb_connector_has_secret (connector, field);
  data->state = pb_connector_get_state (connector);
  data->last_test = g_strdup (pb_connector_get_last_test (connector, &data->last_test_status,
                                                          &data->last_test_time));
  return data;
}

/* CONNECTOR is in the list, or its delete is pending (Undo can still bring it back). */
static gboolean
holds (PbConnectorStore *self,
       PbConnector      *connector)
{
  return pb_connector_store_find_by_id (self, pb_connector_get_id (connector)) == connector ||
         pb_connector_store_get_delete_pending (self, connector);
}

/* The secret is in the keyring: record it in the file, under the lock and on the merged
 * state. Always written, even when the flag was already set: the save re-reads the file,
 * which is where a concurrent delete shows. */
static void
begin_commit (PbConnectorStore *self,
              SetSecretData    *data)
{
  const char * const *user_fields
    = pb_connector_kind_secret_fields (pb_connector_get_kind (data->connector));

  /* A new key, password or client secret: the last test was made with the old one. (OAuth
   * tokens come and go by themselves: they do not make a test stale.) */
  if (g_strv_contains (user_fields, data->field))
    pb_connector_clear_last_test (data->connector);
  mark_secret_set (data->connector, data->field);
  g_hash_table_add (self->pending, g_strdup (pb_connector_get_id (data->connector)));
  pb_connector_store_set_dirty (self, TRUE);
}

/* After the save: FALSE (with DATA->error set) when the file did not take it (SAVE_ERROR) or
 * the connector was deleted meanwhile; the caller then undoes the keyring change. */
static gboolean
end_commit (PbConnectorStore *self,
            SetSecretData    *data,
            GError           *save_error)   /* (transfer full) (nullable) */
{
  if (save_error != NULL)
    {
      data->error = save_error;
      if (holds (self, data->connector))
        {
          self->merging = TRUE;
          pb_connector_mark_secret (data->connector, data->field, data->had_secret);
          pb_connector_set_state (data->connector, data->state, NULL);
          if (data->last_test != NULL)
            pb_connector_set_last_test (data->connector, data->last_test,
                                        data->last_test_status, data->last_test_time);
          self->merging = FALSE;
        }
      pb_connector_store_tell_outcome (&data->error, _("The secret was not stored."));
      return FALSE;
    }
  if (!holds (self, data->connector))
    {
      g_set_error (&data->error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("“%s” was deleted while its secret was being stored, so the secret was "
                     "removed again."),
                   pb_connector_get_name (data->connector));
      return FALSE;
    }
  return TRUE;
}

gboolean
pb_connector_store_set_secret_sync (PbConnectorStore  *self,
                                    PbConnector       *connector,
                                    const char        *field,
                                    const char        *secret,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autoptr (SetSecretData) data = NULL;
  g_autoptr (GError) undo_error = NULL;
  g_autofree char *label = NULL;
  const char *id;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  if (!check_secret_field (connector, field, secret, error))
    return FALSE;

  /* Keyring labels follow renames in the background: let them finish first. */
  while (self->n_relabels > 0)
    g_main_context_iteration (NULL, TRUE);

  data = set_secret_data_new (connector, field);
  id = pb_connector_get_id (connector);
  data->previous = pb_vault_lookup_sync (self->vault, id, field, cancellable, NULL);
  label = secret_label (connector, field);
  if (!pb_vault_store_sync (self->vault, id, field, label, secret, cancellable, error))
    return FALSE;
  begin_commit (self, data);
  {
    GError *save_error = NULL;

    pb_connector_store_save_internal (self, &save_error);
    if (end_commit (self, data, save_error))
      return TRUE;
  }

  /* Undo: the keyring must not hold what the file does not record. */
  if (data->previous != NULL &&
      holds (self, connector))
    pb_vault_store_sync (self->vault, id, field, label, data->previous, NULL, &undo_error);
  else
    pb_vault_clear_sync (self->vault, id, field, NULL, &undo_error);
  if (undo_error != NULL)
    g_warning ("Could not undo a secret change in the keyring: %s", undo_error->message);
  g_propagate_error (error, g_steal_pointer (&data->error));
  return FALSE;
}

static void
set_secret_undone_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SetSecretData *data = g_task_get_task_data (task);
  g_autoptr (GError) undo_error = NULL;

  if (!pb_vault_clear_finish (PB_VAULT (source), result, &undo_error))
    g_warning ("Could not undo a secret change in the keyring: %s", undo_error->message);
  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
set_secret_restored_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SetSecretData *data = g_task_get_task_data (task);
  g_autoptr (GError) undo_error = NULL;

  if (!pb_vault_store_finish (PB_VAULT (source), result, &undo_error))
    g_warning ("Could not undo a secret change in the keyring: %s", undo_error->message);
  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
set_secret_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnectorStore *self = PB_CONNECTOR_STORE (source);
  SetSecretData *data = g_task_get_task_data (task);
  const char *id = pb_connector_get_id (data->connector);
  GError *save_error = NULL;

  pb_connector_store_save_finish (self, result, &save_error);
  if (end_commit (self, data, save_error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Undo: the keyring must not hold what the file does not record. */
  if (data->previous != NULL && holds (self, data->connector))
    {
      g_autofree char *label = secret_label (data->connector, data->field);

      pb_vault_store_async (self->vault, id, data->field, label, data->previous, NULL,
                            set_secret_restored_cb, g_steal_pointer (&task));
    }
  else
    pb_vault_clear_async (self->vault, id, data->field, NULL, set_secret_undone_cb,
                          g_steal_pointer (&task));
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
  begin_commit (self, data);
  /* Written in a worker, off the main loop. */
  pb_connector_store_save_async (self, NULL, set_secret_saved_cb, g_steal_pointer (&task));
}

typedef struct {
  GTask *task;
  char  *secret;
} LookupStep;

static void
set_secret_looked_up_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LookupStep *step = user_data;
  g_autoptr (GTask) task = step->task;
  PbConnectorStore *self = g_task_get_source_object (task);
  SetSecretData *data = g_task_get_task_data (task);
  g_autofree char *label = secret_label (data->connector, data->field);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GError) error = NULL;

  data->previous = pb_vault_lookup_finish (PB_VAULT (source), result, &error);
  pb_vault_store_async (self->vault, pb_connector_get_id (data->connector), data->field, label,
                        step->secret, cancellable, set_secret_stored_cb, g_steal_pointer (&task));
  pb_vault_free_secret (step->secret);
  g_free (step);
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
  GError *error = NULL;
  LookupStep *step;

  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_connector_store_set_secret_async);

  if (!check_secret_field (connector, field, secret, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, set_secret_data_new (connector, field),
                        (GDestroyNotify) set_secret_data_free);
  step = g_new0 (LookupStep, 1);
  step->task = g_steal_pointer (&task);
  step->secret = g_strdup (secret);
  pb_vault_lookup_async (self->vault, pb_connector_get_id (connector), field, cancellable,
                         set_secret_looked_up_cb, step);
}

gboolean
pb_connector_store_set_secret_finish (PbConnectorStore  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
