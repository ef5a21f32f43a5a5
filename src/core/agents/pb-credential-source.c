/* pb-credential-source.c: a connector's credential at call time, for the broker only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-broker-rules.h"
#include "pb-credential-source.h"
#include "pb-error.h"
#include "pb-vault.h"

/* OAuth access tokens are kept this long (the token manager renews them before expiry);
 * keys and passwords until the connector changes or the API refuses them. */
#define OAUTH_CACHE_SECONDS 60

struct _PbCredentialSource
{
  GObject parent_instance;

  PbConnectorStore *store;
  PbTokenManager *tokens;
  GHashTable *cache;   /* connector id → CacheEntry */
  GHashTable *renewed; /* connector id → monotonic µs of the last renewal (gint64*) */
};

G_DEFINE_FINAL_TYPE (PbCredentialSource, pb_credential_source, G_TYPE_OBJECT)

typedef struct {
  char *secret;
  gint64 expires;    /* monotonic µs */
  gint64 modified;   /* the connector's "modified" when looked up */
} CacheEntry;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

static void
cache_entry_free (CacheEntry *entry)
{
  wipe_free (entry->secret);
  g_free (entry);
}

void
pb_credential_free (PbCredential *credential)
{
  if (credential == NULL)
    return;
  wipe_free (credential->secret);
  g_free (credential);
}

static void
pb_credential_source_dispose (GObject *object)
{
  PbCredentialSource *self = PB_CREDENTIAL_SOURCE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->tokens);
  g_hash_table_remove_all (self->cache);

  G_OBJECT_CLASS (pb_credential_source_parent_class)->dispose (object);
}

static void
pb_credential_source_finalize (GObject *object)
{
  PbCredentialSource *self = PB_CREDENTIAL_SOURCE (object);

  g_hash_table_unref (self->cache);
  g_hash_table_unref (self->renewed);

  G_OBJECT_CLASS (pb_credential_source_parent_class)->finalize (object);
}

static void
pb_credential_source_class_init (PbCredentialSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_credential_source_dispose;
  object_class->finalize = pb_credential_source_finalize;
}

static void
pb_credential_source_init (PbCredentialSource *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cache_entry_free);
  self->renewed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

PbCredentialSource *
pb_credential_source_new (PbConnectorStore *store,
                          PbTokenManager   *tokens)
{
  PbCredentialSource *self = g_object_new (PB_TYPE_CREDENTIAL_SOURCE, NULL);

  self->store = g_object_ref (store);
  self->tokens = tokens != NULL ? g_object_ref (tokens) : pb_token_manager_new (store, NULL);
  return self;
}

PbTokenManager *
pb_credential_source_get_token_manager (PbCredentialSource *self)
{
  return self->tokens;
}

static PbCredential *
credential_new (PbConnector *connector,
                const char  *secret)
{
  PbCredential *credential = g_new0 (PbCredential, 1);

  credential->kind = pb_connector_get_kind (connector);
  credential->secret = g_strdup (secret);
  return credential;
}

static void
remember (PbCredentialSource *self,
          PbConnector        *connector,
          const char         *secret)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);

  entry->secret = g_strdup (secret);
  entry->expires = pb_credential_renewable (connector)
    ? g_get_monotonic_time () + OAUTH_CACHE_SECONDS * G_USEC_PER_SEC : G_MAXINT64;
  entry->modified = pb_connector_get_modified (connector);
  g_hash_table_replace (self->cache, g_strdup (pb_connector_get_id (connector)), entry);
}

static void
got_token_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbCredentialSource *self = g_task_get_source_object (task);
  PbConnector *connector = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) token = NULL;

  token = pb_token_manager_get_token_finish (PB_TOKEN_MANAGER (source), result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  remember (self, connector, token);
  g_task_return_pointer (task, credential_new (connector, token),
                         (GDestroyNotify) pb_credential_free);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbCredentialSource *self = g_task_get_source_object (task);
  PbConnector *connector = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) secret = NULL;

  secret = pb_vault_lookup_finish (PB_VAULT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (secret == NULL || *secret == '\0')
    {
      g_task_return_new_error (task, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_READY,
                               _("The connector “%s” has no credential stored yet. Set it up "
                                 "in Plugboard first."),
                               pb_connector_get_name (connector));
      return;
    }
  remember (self, connector, secret);
  g_task_return_pointer (task, credential_new (connector, secret),
                         (GDestroyNotify) pb_credential_free);
}

PbCredential *
pb_credential_source_peek (PbCredentialSource *self,
                           PbConnector        *connector)
{
  CacheEntry *entry = g_hash_table_lookup (self->cache, pb_connector_get_id (connector));

  if (entry != NULL && entry->expires > g_get_monotonic_time () &&
      entry->modified == pb_connector_get_modified (connector))
    return credential_new (connector, entry->secret);
  return NULL;
}

void
pb_credential_source_get_async (PbCredentialSource  *self,
                                PbConnector         *connector,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  CacheEntry *entry;
  PbConnectorKind kind = pb_connector_get_kind (connector);

  g_return_if_fail (PB_IS_CREDENTIAL_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_credential_source_get_async);
  g_task_set_task_data (task, g_object_ref (connector), g_object_unref);

  entry = g_hash_table_lookup (self->cache, pb_connector_get_id (connector));
  if (entry != NULL && entry->expires > g_get_monotonic_time () &&
      entry->modified == pb_connector_get_modified (connector))
    {
      g_task_return_pointer (task, credential_new (connector, entry->secret),
                             (GDestroyNotify) pb_credential_free);
      return;
    }

  if (kind == PB_CONNECTOR_KIND_OAUTH2 || kind == PB_CONNECTOR_KIND_INTERCOM)
    pb_token_manager_get_token_async (self->tokens, connector, cancellable, got_token_cb,
                                      g_steal_pointer (&task));
  else
    pb_vault_lookup_async (pb_connector_store_get_vault (self->store),
                           pb_connector_get_id (connector),
                           kind == PB_CONNECTOR_KIND_BASIC ? PB_SECRET_PASSWORD
                                                           : PB_SECRET_API_KEY,
                           cancellable, looked_up_cb, g_steal_pointer (&task));
}

PbCredential *
pb_credential_source_get_finish (PbCredentialSource  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pb_credential_source_forget (PbCredentialSource *self,
                             PbConnector        *connector)
{
  g_hash_table_remove (self->cache, pb_connector_get_id (connector));
}

gboolean
pb_credential_renewable (PbConnector *connector)
{
  PbConnectorKind kind = pb_connector_get_kind (connector);

  return kind == PB_CONNECTOR_KIND_OAUTH2 || kind == PB_CONNECTOR_KIND_INTERCOM;
}

static void
renewed_get_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  PbCredential *credential = pb_credential_source_get_finish (PB_CREDENTIAL_SOURCE (source),
                                                              result, &error);

  if (credential == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credential, (GDestroyNotify) pb_credential_free);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbCredentialSource *self = g_task_get_source_object (task);
  PbConnector *connector = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  gint64 *now;

  if (!pb_token_manager_refresh_finish (PB_TOKEN_MANAGER (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  now = g_new (gint64, 1);
  *now = g_get_monotonic_time ();
  g_hash_table_replace (self->renewed, g_strdup (pb_connector_get_id (connector)), now);
  g_hash_table_remove (self->cache, pb_connector_get_id (connector));
  pb_credential_source_get_async (self, connector, cancellable,
                                  renewed_get_cb, g_steal_pointer (&task));
}

void
pb_credential_source_renew_async (PbCredentialSource  *self,
                                  PbConnector         *connector,
                                  gint64               since,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  gint64 *renewed = g_hash_table_lookup (self->renewed, pb_connector_get_id (connector));

  g_task_set_source_tag (task, pb_credential_source_renew_async);
  g_task_set_task_data (task, g_object_ref (connector), g_object_unref);
  if (renewed != NULL && *renewed > since)
    {
      /* Another call got new tokens since this one took its credential: use those. */
      pb_credential_source_get_async (self, connector, cancellable, renewed_get_cb,
                                      g_steal_pointer (&task));
      return;
    }
  g_hash_table_remove (self->cache, pb_connector_get_id (connector));
  if (!pb_credential_renewable (connector))
    {
      pb_credential_source_get_async (self, connector, cancellable, renewed_get_cb,
                                      g_steal_pointer (&task));
      return;
    }
  pb_token_manager_refresh_async (self->tokens, connector, cancellable, refreshed_cb,
                                  g_steal_pointer (&task));
}

PbCredential *
pb_credential_source_renew_finish (PbCredentialSource  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pb_credential_query_param (PbConnector *connector)
{
  const char *param = pb_connector_get_auth_query_param (connector);

  if (pb_connector_get_kind (connector) != PB_CONNECTOR_KIND_API_KEY || param == NULL ||
      *param == '\0')
    return NULL;
  return param;
}

void
pb_credential_apply (PbConnector        *connector,
                     const PbCredential *credential,
                     SoupMessageHeaders *headers)
{
  g_autofree char *value = NULL;
  const char *name = "Authorization";

  switch (credential->kind)
    {
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      value = g_strconcat ("Bearer ", credential->secret, NULL);
      break;

    case PB_CONNECTOR_KIND_BASIC:
      {
        const char *user = pb_connector_get_username (connector);
        g_autofree char *pair = g_strconcat (user != NULL ? user : "", ":",
                                             credential->secret, NULL);
        g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

        value = g_strconcat ("Basic ", encoded, NULL);
        memset (pair, 0, strlen (pair));
        memset (encoded, 0, strlen (encoded));
      }
      break;

    case PB_CONNECTOR_KIND_API_KEY:
    default:
      {
        const char *prefix = pb_connector_get_auth_prefix (connector);

        if (pb_credential_query_param (connector) != NULL)
          return;
        if (pb_connector_get_auth_header (connector) != NULL &&
            *pb_connector_get_auth_header (connector) != '\0')
          name = pb_connector_get_auth_header (connector);
        /* Same rules as the connection test: "Bearer" + " " + key; "Token token=" + key. */
        if (prefix == NULL || *prefix == '\0')
          value = g_strdup (credential->secret);
        else if (g_str_has_suffix (prefix, "=") || g_str_has_suffix (prefix, " "))
          value = g_strconcat (prefix, credential->secret, NULL);
        else
          value = g_strconcat (prefix, " ", credential->secret, NULL);
      }
      break;
    }
  soup_message_headers_replace (headers, name, value);
  memset (value, 0, strlen (value));
}
