/* test-vault.c: secrets against the harness's real gnome-keyring, and with no keyring at all
 *
 * Registered twice in meson: with the keyring (PB_TEST_KEYRING unset) and on a bus without a
 * Secret Service (PB_TEST_KEYRING=0). Each run registers the tests that fit its world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsecret/secret.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"
#include "pb-vault.h"

static char *
random_secret (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("canary-%s", uuid);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_store_lookup_clear (void)
{
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = random_secret ();
  g_autofree char *other = random_secret ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) value = NULL;

  g_assert_true (pb_vault_get_default () == vault);

  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_true (pb_vault_store_sync (vault, id, "api-key", "Plugboard: Test – API key", secret, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_vault_store_sync (vault, id, "client-secret", NULL, other, NULL, &error));
  g_assert_no_error (error);

  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, secret);
  g_clear_pointer (&value, pb_vault_free_secret);

  /* Storing again replaces, it does not add a second item. */
  g_assert_true (pb_vault_store_sync (vault, id, "api-key", "Plugboard: Test – API key", "replaced", NULL, &error));
  g_assert_no_error (error);
  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_cmpstr (value, ==, "replaced");
  g_clear_pointer (&value, pb_vault_free_secret);

  /* Clearing one field leaves the other. */
  g_assert_true (pb_vault_clear_sync (vault, id, "api-key", NULL, &error));
  g_assert_no_error (error);
  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);
  value = pb_vault_lookup_sync (vault, id, "client-secret", NULL, &error);
  g_assert_cmpstr (value, ==, other);
  g_clear_pointer (&value, pb_vault_free_secret);

  /* NULL field clears every secret of the connector; clearing nothing is fine. */
  g_assert_true (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
  g_assert_no_error (error);
  value = pb_vault_lookup_sync (vault, id, "client-secret", NULL, &error);
  g_assert_null (value);
  g_assert_true (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The item is findable with the documented schema and attributes, with a human label. */
static void
test_schema_and_label (void)
{
  static const SecretSchema schema = {
    "io.github.plugboard.Plugboard.Secret", SECRET_SCHEMA_NONE,
    { { "connector", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "field", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (SecretService) service = NULL;
  g_autofree char *label = NULL;
  GList *items;

  g_assert_true (pb_vault_store_sync (vault, id, "password", "Plugboard: Billing – password", "pw", NULL, &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, "connector", id);
  g_hash_table_insert (attributes, "field", "password");
  items = secret_service_search_sync (service, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Plugboard: Billing – password");
  g_list_free_full (items, g_object_unref);

  /* After a rename the label follows; the secret stays. */
  g_assert_true (pb_vault_relabel_sync (vault, id, "password", "Plugboard: Invoices – password", NULL, &error));
  g_assert_no_error (error);
  items = secret_service_search_sync (service, &schema, attributes, SECRET_SEARCH_LOAD_SECRETS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_free (label);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Plugboard: Invoices – password");
  {
    g_autoptr (SecretValue) value = secret_item_get_secret (items->data);

    g_assert_cmpstr (secret_value_get_text (value), ==, "pw");
  }
  g_list_free_full (items, g_object_unref);

  g_assert_true (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
}

static void
test_async (void)
{
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = random_secret ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) value = NULL;

  pb_vault_store_async (vault, id, "refresh-token", "Plugboard: Async – refresh token", secret, NULL, async_done, &result);
  g_assert_true (pb_vault_store_finish (vault, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  pb_vault_lookup_async (vault, id, "refresh-token", NULL, async_done, &result);
  value = pb_vault_lookup_finish (vault, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, secret);
  g_clear_object (&result);

  pb_vault_clear_async (vault, id, NULL, NULL, async_done, &result);
  g_assert_true (pb_vault_clear_finish (vault, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  pb_vault_lookup_async (vault, id, "refresh-token", NULL, async_done, &result);
  g_clear_pointer (&value, pb_vault_free_secret);
  value = pb_vault_lookup_finish (vault, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (value);
}

/* No default keyring (alias removed): storing fails at once, without a prompt. */
static void
test_no_default_collection (void)
{
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = NULL;
  g_autoptr (SecretCollection) login = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  login = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (login);

  g_assert_true (secret_service_set_alias_sync (service, "default", NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (pb_vault_store_sync (vault, id, "api-key", NULL, "nowhere", NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (error->message, "default keyring"));
  g_clear_error (&error);

  g_assert_true (secret_service_set_alias_sync (service, "default", login, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_vault_store_sync (vault, id, "api-key", NULL, "somewhere", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
}

/* Runs last: a locked keyring cannot be unlocked again without a prompt. */
static void
test_locked (void)
{
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = random_secret ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = NULL;
  g_autoptr (SecretCollection) login = NULL;
  g_autoptr (PbVaultSecret) value = NULL;
  GList *objects;

  g_assert_true (pb_vault_store_sync (vault, id, "api-key", NULL, secret, NULL, &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  login = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  objects = g_list_append (NULL, login);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_list_free (objects);

  /* Each call fails with an actionable message instead of prompting (which would hang here). */
  g_assert_false (pb_vault_store_sync (vault, id, "api-key", NULL, "other", NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  g_assert_false (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
}

/* Without a Secret Service: every call fails at once with PB_ERROR_NO_KEYRING, and the secret
 * is written nowhere. */
static void
test_no_keyring (void)
{
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = random_secret ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) value = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  g_assert_false (pb_vault_store_sync (vault, id, "api-key", NULL, secret, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_KEYRING);
  g_assert_true (g_str_has_prefix (error->message, "No keyring is available"));
  g_assert_nonnull (strstr (error->message, "Secret Service"));
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);

  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_KEYRING);
  g_clear_error (&error);

  g_assert_false (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_KEYRING);
  g_clear_error (&error);

  pb_vault_store_async (vault, id, "api-key", NULL, secret, NULL, async_done, &result);
  g_assert_false (pb_vault_store_finish (vault, wait_result (&result), &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_KEYRING);

  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), secret), >, 0);
}

static void
test_no_keyring_store (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "nokeyring", "connectors.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autofree char *secret = random_secret ();
  g_autoptr (GError) error = NULL;
  PbConnector *c;

  g_assert_true (pb_connector_store_load (store, &error));
  c = pb_connector_store_create (store, "No Keyring", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);

  g_assert_false (pb_connector_store_set_secret_sync (store, c, PB_SECRET_API_KEY, secret, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_KEYRING);
  g_assert_false (pb_connector_has_secret (c, PB_SECRET_API_KEY));
  g_clear_error (&error);

  /* Nothing was ever stored, so deleting needs no keyring. */
  g_assert_true (pb_connector_store_delete_sync (store, c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), secret), >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("PB_TEST_KEYRING"), "0") == 0)
    {
      g_test_add_func ("/vault/no-keyring/calls", test_no_keyring);
      g_test_add_func ("/vault/no-keyring/store", test_no_keyring_store);
    }
  else
    {
      g_test_add_func ("/vault/store-lookup-clear", test_store_lookup_clear);
      g_test_add_func ("/vault/schema-and-label", test_schema_and_label);
      g_test_add_func ("/vault/async", test_async);
      g_test_add_func ("/vault/no-default-collection", test_no_default_collection);
      g_test_add_func ("/vault/zz-locked", test_locked);
    }
  return g_test_run ();
}
