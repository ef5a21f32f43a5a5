/* test-vault.c: secrets against the harness's real gnome-keyring, and with no keyring at all
 *
 * Registered twice in meson: with the keyring (PB_TEST_KEYRING unset) and on a bus without a
 * Secret Service (PB_TEST_KEYRING=0). Each run registers the tests that fit its world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
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

/* Every async call fails with CODE, on the main loop, without prompting. */
static void
assert_async_calls_fail (PbVault    *vault,
                         const char *id,
                         int         code)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) value = NULL;

  pb_vault_store_async (vault, id, "api-key", NULL, "async-other", NULL, async_done, &result);
  g_assert_false (pb_vault_store_finish (vault, wait_result (&result), &error));
  g_assert_error (error, PB_ERROR, code);
  g_assert_null (strstr (error->message, "async-other"));
  g_clear_error (&error);
  g_clear_object (&result);

  pb_vault_lookup_async (vault, id, "api-key", NULL, async_done, &result);
  value = pb_vault_lookup_finish (vault, wait_result (&result), &error);
  g_assert_null (value);
  g_assert_error (error, PB_ERROR, code);
  g_clear_error (&error);
  g_clear_object (&result);

  pb_vault_relabel_async (vault, id, "api-key", "Plugboard: Renamed – API key", NULL, async_done,
                          &result);
  g_assert_false (pb_vault_relabel_finish (vault, wait_result (&result), &error));
  g_assert_error (error, PB_ERROR, code);
  g_clear_error (&error);
  g_clear_object (&result);

  pb_vault_clear_async (vault, id, NULL, NULL, async_done, &result);
  g_assert_false (pb_vault_clear_finish (vault, wait_result (&result), &error));
  g_assert_error (error, PB_ERROR, code);
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

  /* A rename: the label follows, the secret stays. */
  pb_vault_relabel_async (vault, id, "refresh-token", "Plugboard: Renamed – refresh token", NULL,
                          async_done, &result);
  g_assert_true (pb_vault_relabel_finish (vault, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  {
    g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
    g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
    g_autofree char *label = NULL;
    GList *items;

    g_assert_no_error (error);
    g_hash_table_insert (attributes, "connector", id);
    items = secret_service_search_sync (service, NULL, attributes, SECRET_SEARCH_ALL, NULL,
                                        &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_length (items), ==, 1);
    label = secret_item_get_label (items->data);
    g_assert_cmpstr (label, ==, "Plugboard: Renamed – refresh token");
    g_list_free_full (items, g_object_unref);
  }
  pb_vault_lookup_async (vault, id, "refresh-token", NULL, async_done, &result);
  g_clear_pointer (&value, pb_vault_free_secret);
  value = pb_vault_lookup_finish (vault, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, secret);
  g_clear_object (&result);

  /* Clearing what is not there is not an error. */
  pb_vault_clear_async (vault, id, "no-such-field", NULL, async_done, &result);
  g_assert_true (pb_vault_clear_finish (vault, wait_result (&result), &error));
  g_assert_no_error (error);
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
  {
    g_autoptr (GAsyncResult) result = NULL;

    pb_vault_store_async (vault, id, "api-key", NULL, "nowhere", NULL, async_done, &result);
    g_assert_false (pb_vault_store_finish (vault, wait_result (&result), &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
    g_assert_nonnull (strstr (error->message, "default keyring"));
    g_clear_error (&error);
  }

  g_assert_true (secret_service_set_alias_sync (service, "default", login, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_vault_store_sync (vault, id, "api-key", NULL, "somewhere", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
}

/* Stops the harness's gnome-keyring-daemon and forgets libsecret's connection to it: the next
 * call activates a fresh daemon that reads the keyrings from disk, locked, as after a login
 * that did not unlock them. */
static void
restart_keyring_daemon (void)
{
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  gboolean has_owner = TRUE;
  guint32 pid = 0;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &pid);
  g_assert_cmpuint (pid, >, 1);
  g_assert_cmpint (kill ((pid_t) pid, SIGTERM), ==, 0);

  /* Bounded wait for the name to go (not a timing assertion: 10 s is only a safety net). */
  for (guint i = 0; i < 500 && has_owner; i++)
    {
      g_clear_pointer (&reply, g_variant_unref);
      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_false (has_owner);
  secret_service_disconnect ();
}

/* Runs last: a locked keyring cannot be unlocked again without a prompt. */
static void
test_locked (void)
{
  PbVault *vault = pb_vault_get_default ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *secret = random_secret ();
  g_autofree char *path = g_build_filename (pb_test_root (), "locked", "connectors.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autofree char *store_secret = random_secret ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = NULL;
  g_autoptr (SecretCollection) login = NULL;
  g_autoptr (PbVaultSecret) value = NULL;
  PbConnector *c;
  PbConnector *stray;
  GList *objects;

  g_assert_true (pb_vault_store_sync (vault, id, "api-key", NULL, secret, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (pb_connector_store_load (store, &error));
  c = pb_connector_store_create (store, "Locked Later", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_set_secret_sync (store, c, PB_SECRET_API_KEY, store_secret, NULL, &error));
  g_assert_no_error (error);
  /* A secret the connectors file does not know about (say, its write failed after the store). */
  stray = pb_connector_store_create (store, "Stray Secret", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (pb_vault_store_sync (vault, pb_connector_get_id (stray), PB_SECRET_API_KEY, NULL,
                                      store_secret, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pb_connector_has_secret (stray, PB_SECRET_API_KEY));

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
  g_clear_error (&error);
  assert_async_calls_fail (vault, id, PB_ERROR_KEYRING_LOCKED);

  /* The same after a restart, when the daemon read the keyring locked from disk: the item's
   * attributes are then only hashed, and a lookup or delete must still see it is there. */
  g_clear_object (&login);
  g_clear_object (&service);
  restart_keyring_daemon ();

  value = pb_vault_lookup_sync (vault, id, "api-key", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  g_assert_false (pb_vault_clear_sync (vault, id, NULL, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);
  assert_async_calls_fail (vault, id, PB_ERROR_KEYRING_LOCKED);

  /* Deleting the connector is refused rather than leaving its secret orphaned in the keyring. */
  g_assert_false (pb_connector_store_delete_sync (store, c, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (error->message, "Locked Later"));
  g_clear_error (&error);
  g_assert_true (pb_connector_store_find_by_name (store, "Locked Later") == c);
  g_assert_false (pb_connector_store_delete_sync (store, stray, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);
  g_assert_true (pb_connector_store_find_by_name (store, "Stray Secret") == stray);

  /* A connector without secrets can still go. */
  c = pb_connector_store_create (store, "Never Had Secrets", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_delete_sync (store, c, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (pb_connector_store_find_by_name (store, "Never Had Secrets"));
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
  g_assert_true (g_str_has_prefix (error->message, "No keyring is available"));
  assert_async_calls_fail (vault, id, PB_ERROR_NO_KEYRING);

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
