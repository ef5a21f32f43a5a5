/* test-canary.c: a whole connector life cycle through plugboard-cli with a random canary
 * secret; afterwards the canary must be nowhere but in the keyring (and gone after delete).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "pb-test-util.h"
#include "pb-vault.h"

static GString *all_output;

/* Runs plugboard-cli, keeps everything it printed, and expects exit status 0. */
static char *
cli_ok (const char *stdin_text,
        ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = pb_test_run_cli ((const char * const *) args->pdata, stdin_text, &out, &err);
  g_string_append (all_output, out);
  g_string_append (all_output, err);
  if (status != 0)
    g_error ("plugboard-cli %s failed with %d: %s", (char *) args->pdata[0], status, err);
  return g_steal_pointer (&out);
}

static char *
connector_id (const char *name)
{
  g_autofree char *out = cli_ok (NULL, "show", name, "--json", NULL);
  g_autoptr (JsonNode) node = json_from_string (out, NULL);

  g_assert_nonnull (node);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

static char *
lookup (const char *id,
        const char *field)
{
  g_autoptr (GError) error = NULL;
  char *value = pb_vault_lookup_sync (pb_vault_get_default (), id, field, NULL, &error);

  g_assert_no_error (error);
  return value;
}

/* The canary must not be in any file below the test root (data, config, cache, home, the
 * runtime dir, and the keyring's own encrypted file), nor in anything the CLI printed. */
static void
assert_canary_nowhere (const char *canary)
{
  guint scanned = pb_test_assert_tree_lacks (pb_test_root (), canary);

  g_assert_cmpuint (scanned, >, 0);
  g_assert_null (strstr (all_output->str, canary));
}

static void
test_life_cycle (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *canary = g_strdup_printf ("pb-canary-%s", uuid);
  g_autofree char *canary_line = g_strdup_printf ("%s\n", canary);
  g_autofree char *key_id = NULL;
  g_autofree char *oauth_id = NULL;
  g_autofree char *data_file = g_build_filename (g_get_user_data_dir (), "plugboard", "connectors.json", NULL);
  char *value;

  all_output = g_string_new (NULL);

  g_free (cli_ok (NULL, "create", "--name", "Canary API", "--type", "api-key",
                  "--base-url", "https://api.canary.test", "--header", "X-API-Key", NULL));
  g_free (cli_ok (NULL, "create", "--name", "Canary OAuth", "--type", "oauth2",
                  "--client-id", "canary-client", "--auth-url", "https://auth.canary.test/authorize",
                  "--token-url", "https://auth.canary.test/token", "--scope", "read", NULL));
  key_id = connector_id ("Canary API");
  oauth_id = connector_id ("Canary OAuth");

  g_free (cli_ok (canary_line, "set-secret", "Canary API", "api-key", NULL));
  g_free (cli_ok (canary, "set-secret", "Canary OAuth", "client-secret", NULL));

  /* Everything that prints a connector. */
  g_free (cli_ok (NULL, "list", NULL));
  g_free (cli_ok (NULL, "list", "--json", NULL));
  g_free (cli_ok (NULL, "show", "Canary API", NULL));
  g_free (cli_ok (NULL, "show", "Canary API", "--json", NULL));
  g_free (cli_ok (NULL, "show", "Canary OAuth", "--json", NULL));

  g_free (cli_ok (NULL, "edit", "Canary API", "--base-url", "https://v2.canary.test", "--prefix", "Key", NULL));
  g_free (cli_ok (NULL, "rename", "Canary API", "Canary API v2", NULL));
  g_free (cli_ok (NULL, "show", "Canary API v2", NULL));

  /* The file was written, and holds settings but not the secret. */
  g_assert_true (g_file_test (data_file, G_FILE_TEST_IS_REGULAR));
  assert_canary_nowhere (canary);

  /* …while the keyring has it. */
  value = lookup (key_id, "api-key");
  g_assert_cmpstr (value, ==, canary);
  pb_vault_free_secret (value);
  value = lookup (oauth_id, "client-secret");
  g_assert_cmpstr (value, ==, canary);
  pb_vault_free_secret (value);

  g_free (cli_ok (NULL, "delete", "Canary API v2", "--yes", NULL));
  g_free (cli_ok (NULL, "delete", "Canary OAuth", "--yes", NULL));
  g_free (cli_ok (NULL, "list", "--json", NULL));

  value = lookup (key_id, "api-key");
  g_assert_null (value);
  value = lookup (oauth_id, "client-secret");
  g_assert_null (value);
  assert_canary_nowhere (canary);

  g_string_free (all_output, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/canary/life-cycle", test_life_cycle);
  return g_test_run ();
}
