/* pb-vault.c: secrets in the Secret Service (GNOME Keyring), and nowhere else: blocking calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-vault-private.h"

struct _PbVault
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (PbVault, pb_vault, G_TYPE_OBJECT)

const SecretSchema pb_vault_schema = {
  "io.github.plugboard.Plugboard.Secret", SECRET_SCHEMA_NONE,
  {
    { "connector", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* The same attributes without the schema name, for searching. gnome-keyring matches a keyring
 * read locked from disk (the usual state after a login that did not unlock it) only on hashed
 * attributes, and xdg:schema is not among those it can match: searching with pb_vault_schema
 * would find nothing there, and a delete would then "succeed" and orphan the secret. */
const SecretSchema pb_vault_search_schema = {
  "io.github.plugboard.Plugboard.Secret", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "connector", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static void
pb_vault_class_init (PbVaultClass *klass)
{
}

static void
pb_vault_init (PbVault *self)
{
}

PbVault *
pb_vault_get_default (void)
{
  static PbVault *default_vault;

  if (g_once_init_enter (&default_vault))
    g_once_init_leave (&default_vault, g_object_new (PB_TYPE_VAULT, NULL));
  return default_vault;
}

void
pb_vault_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* Error mapping: every failure becomes a message the user can act on. */

void
pb_vault_set_no_keyring_error (GError       **error,
                      const GError  *cause)
{
  /* The D-Bus detail ("…not provided by any .service files") helps a developer, not the
   * person reading the app's or the CLI's message: it goes to the debug log. */
  if (cause != NULL)
    g_debug ("No Secret Service: %s", cause->message);
  g_set_error_literal (
    error, PB_ERROR, PB_ERROR_NO_KEYRING,
    _("No keyring is available: Plugboard stores secrets only in the Secret Service "
       "(GNOME Keyring), and none is running in this session. Start "
       "gnome-keyring-daemon or log in to a desktop session, then try again. "
       "Nothing was saved."));
}

void
pb_vault_set_locked_error (GError **error)
{
  g_set_error_literal (
    error, PB_ERROR, PB_ERROR_KEYRING_LOCKED,
    _("The keyring is locked. Unlock the “Login” keyring in Passwords and "
       "Keys (Seahorse), or log out and in again, then try again. Nothing was saved."));
}

void
pb_vault_set_no_default_error (GError **error)
{
  g_set_error_literal (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED,
                       _("There is no default keyring to store secrets in. Create one (for example "
                         "“Login”) in Passwords and Keys (Seahorse) and make it the default, "
                         "then try again. Nothing was saved."));
}

void
pb_vault_map_error (GError     **error,
           GError      *cause,   /* (transfer full) */
           const char  *doing)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      pb_vault_set_locked_error (error);
      g_error_free (cause);
    }
  else if (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED))
    {
      pb_vault_set_no_keyring_error (error, cause);
      g_error_free (cause);
    }
  else if (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    {
      /* The default alias points at a collection that does not exist (yet). */
      pb_vault_set_no_default_error (error);
      g_error_free (cause);
    }
  else
    {
      g_debug ("Keyring: %s", cause->message);
      g_set_error (error, PB_ERROR, PB_ERROR_FAILED, _("Could not %s in the keyring: %s."),
                   doing, pb_error_describe_cause (cause));
      g_error_free (cause);
    }
}

/* Connects to the Secret Service. Any failure here means there is none we can use. */
static SecretService *
get_service (GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  SecretService *service;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        pb_vault_set_no_keyring_error (error, local_error);
      return NULL;
    }
  return service;
}

/* Finds the default collection without ever prompting: a locked or missing default keyring
 * would otherwise pop up a gcr dialog (or hang forever where no prompter can show). */
static SecretCollection *
get_unlocked_default_collection (SecretService  *service,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (SecretCollection) collection = NULL;

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable, &local_error);
  if (local_error != NULL)
    {
      pb_vault_map_error (error, g_steal_pointer (&local_error), _("find the default keyring"));
      return NULL;
    }
  if (collection == NULL)
    {
      pb_vault_set_no_default_error (error);
      return NULL;
    }
  if (secret_collection_get_locked (collection))
    {
      pb_vault_set_locked_error (error);
      return NULL;
    }
  return g_steal_pointer (&collection);
}

GHashTable *
pb_vault_make_attributes (const char *connector_id,
                 const char *field)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "connector", (gpointer) connector_id);
  if (field != NULL)
    g_hash_table_insert (attributes, (gpointer) "field", (gpointer) field);
  return attributes;
}

gboolean
pb_vault_store_sync (PbVault       *self,
                     const char    *connector_id,
                     const char    *field,
                     const char    *label,
                     const char    *secret,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr (SecretService) service = NULL;
  g_autoptr (SecretCollection) collection = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (SecretValue) value = NULL;
  g_autoptr (SecretItem) item = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *default_label = NULL;

  g_return_val_if_fail (PB_IS_VAULT (self), FALSE);
  g_return_val_if_fail (connector_id != NULL && *connector_id != '\0', FALSE);
  g_return_val_if_fail (field != NULL && *field != '\0', FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;
  collection = get_unlocked_default_collection (service, cancellable, error);
  if (collection == NULL)
    return FALSE;

  if (label == NULL)
    label = default_label = g_strdup_printf ("Plugboard: %s", field);

  attributes = pb_vault_make_attributes (connector_id, field);
  value = secret_value_new (secret, -1, "text/plain");
  item = secret_item_create_sync (collection, &pb_vault_schema, attributes, label, value,
                                  SECRET_ITEM_CREATE_REPLACE, cancellable, &local_error);
  if (item == NULL)
    {
      pb_vault_map_error (error, g_steal_pointer (&local_error), _("store the secret"));
      return FALSE;
    }
  return TRUE;
}

/* Searches without unlocking: locked matches are reported, never prompted for. */
static GList *
search_items (SecretService  *service,
              const char     *connector_id,
              const char     *field,
              gboolean        load_secrets,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr (GHashTable) attributes = pb_vault_make_attributes (connector_id, field);
  g_autoptr (GError) local_error = NULL;
  SecretSearchFlags flags = SECRET_SEARCH_ALL;
  GList *items;

  if (load_secrets)
    flags |= SECRET_SEARCH_LOAD_SECRETS;
  items = secret_service_search_sync (service, &pb_vault_search_schema, attributes, flags,
                                      cancellable, &local_error);
  if (local_error != NULL)
    {
      pb_vault_map_error (error, g_steal_pointer (&local_error), _("look up the secret"));
      return NULL;
    }
  return pb_vault_keep_ours (items);
}

/* Unlocked items of another schema that happen to share the attributes are left out; locked
 * ones cannot be told apart and count as ours (a connector id is a random UUID). */
GList *
pb_vault_keep_ours (GList *items)
{
  GList *l = items;

  while (l != NULL)
    {
      GList *next = l->next;
      SecretItem *item = l->data;

      if (!secret_item_get_locked (item))
        {
          g_autofree char *schema_name = secret_item_get_schema_name (item);

          if (g_strcmp0 (schema_name, pb_vault_schema.name) != 0)
            {
              g_object_unref (item);
              items = g_list_delete_link (items, l);
            }
        }
      l = next;
    }
  return items;
}

/* The first secret of ITEMS we can read, or NULL: a locked error when only locked ones
 * matched, no error when nothing did. */
char *
pb_vault_pick_secret (GList   *items,
                      GError **error)
{
  gboolean saw_locked = FALSE;

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;
      g_autoptr (SecretValue) value = NULL;
      const char *data;
      gsize length = 0;

      if (secret_item_get_locked (item))
        {
          saw_locked = TRUE;
          continue;
        }
      value = secret_item_get_secret (item);
      if (value == NULL)
        continue;
      data = secret_value_get (value, &length);
      return g_strndup (data, length);
    }
  if (saw_locked)
    pb_vault_set_locked_error (error);
  return NULL;
}

char *
pb_vault_lookup_sync (PbVault       *self,
                      const char    *connector_id,
                      const char    *field,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr (SecretService) service = NULL;
  g_autoptr (GError) local_error = NULL;
  GList *items;
  char *result;

  g_return_val_if_fail (PB_IS_VAULT (self), NULL);
  g_return_val_if_fail (connector_id != NULL && *connector_id != '\0', NULL);
  g_return_val_if_fail (field != NULL && *field != '\0', NULL);

  service = get_service (cancellable, error);
  if (service == NULL)
    return NULL;

  items = search_items (service, connector_id, field, TRUE, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  result = pb_vault_pick_secret (items, error);
  g_list_free_full (items, g_object_unref);
  return result;
}

gboolean
pb_vault_clear_sync (PbVault       *self,
                     const char    *connector_id,
                     const char    *field,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr (SecretService) service = NULL;
  g_autoptr (GError) local_error = NULL;
  GList *items;
  gboolean ok = TRUE;

  g_return_val_if_fail (PB_IS_VAULT (self), FALSE);
  g_return_val_if_fail (connector_id != NULL && *connector_id != '\0', FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  items = search_items (service, connector_id, field, FALSE, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (GList *l = items; l != NULL && ok; l = l->next)
    {
      SecretItem *item = l->data;

      if (secret_item_get_locked (item))
        {
          pb_vault_set_locked_error (error);
          ok = FALSE;
        }
      else if (!secret_item_delete_sync (item, cancellable, &local_error))
        {
          pb_vault_map_error (error, g_steal_pointer (&local_error), _("delete the secret"));
          ok = FALSE;
        }
    }
  g_list_free_full (items, g_object_unref);
  return ok;
}

gboolean
pb_vault_relabel_sync (PbVault       *self,
                       const char    *connector_id,
                       const char    *field,
                       const char    *label,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr (SecretService) service = NULL;
  g_autoptr (GError) local_error = NULL;
  GList *items;
  gboolean ok = TRUE;

  g_return_val_if_fail (PB_IS_VAULT (self), FALSE);
  g_return_val_if_fail (connector_id != NULL && *connector_id != '\0', FALSE);
  g_return_val_if_fail (field != NULL && label != NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  items = search_items (service, connector_id, field, FALSE, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (GList *l = items; l != NULL && ok; l = l->next)
    {
      SecretItem *item = l->data;

      if (secret_item_get_locked (item))
        {
          pb_vault_set_locked_error (error);
          ok = FALSE;
        }
      else if (!secret_item_set_label_sync (item, label, cancellable, &local_error))
        {
          pb_vault_map_error (error, g_steal_pointer (&local_error), _("rename the secret"));
          ok = FALSE;
        }
    }
  g_list_free_full (items, g_object_unref);
  return ok;
}
