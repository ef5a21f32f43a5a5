/* test-harness.c: the harness gives each test private directories and a real, unlocked keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsecret/secret.h>

#include "pb-test-util.h"

static const SecretSchema probe_schema = {
  "io.github.plugboard.Plugboard.TestProbe", SECRET_SCHEMA_NONE,
  { { "probe", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
};

static void
test_private_dirs (void)
{
  const char *root = pb_test_root ();

  g_assert_true (g_str_has_prefix (g_get_home_dir (), root));
  g_assert_true (g_str_has_prefix (g_get_user_data_dir (), root));
  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), root));
  g_assert_true (g_str_has_prefix (g_get_user_cache_dir (), root));
}

static void
test_keyring_unlocked (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  gboolean stored;

  stored = secret_password_store_sync (&probe_schema, SECRET_COLLECTION_DEFAULT, "probe", "v4lue",
                                       NULL, &error, "probe", "harness", NULL);
  g_assert_no_error (error);
  g_assert_true (stored);

  value = secret_password_lookup_sync (&probe_schema, NULL, &error, "probe", "harness", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "v4lue");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/harness/private-dirs", test_private_dirs);
  g_test_add_func ("/harness/keyring-unlocked", test_keyring_unlocked);
  return g_test_run ();
}
