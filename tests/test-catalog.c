/* test-catalog.c: the built-in connector catalog, definitions added at run time or from
 * the user's directory, and definitions that are wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-catalog.h"
#include "pb-rule-assistant-private.h"
#include "pb-setup-model.h"
#include "pb-utterance.h"
#include "pb-error.h"
#include "pb-test-util.h"

static PbDefinition *
parse (const char  *json,
       GError     **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (json, strlen (json));

  return pb_definition_new_from_bytes (bytes, error);
}

static void
test_builtin_complete (void)
{
  g_autoptr (PbCatalog) catalog = pb_catalog_new ();
  guint n, n_services = 0, n_generic = 0;

  pb_catalog_load_builtin (catalog);
  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_assert_cmpuint (n, >=, 15);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PbDefinition) d = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      GPtrArray *fields = pb_definition_get_fields (d);
      const char * const *kind_secrets = pb_connector_kind_secret_fields (pb_definition_get_kind (d));
      g_autoptr (GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
      guint n_required = 0;

      g_test_message ("definition %s", pb_definition_get_id (d));
      if (pb_definition_is_generic (d))
        n_generic++;
      else
        {
          n_services++;
          /* Generic ones come first in the list. */
          g_assert_cmpuint (n_generic, ==, 3);
          g_assert_nonnull (pb_definition_get_docs_url (d));
          g_assert_true (g_str_has_prefix (pb_definition_get_docs_url (d), "https://"));
        }
      g_assert_nonnull (pb_definition_get_summary (d));
      g_assert_true (g_str_has_suffix (pb_definition_get_icon_name (d), "-symbolic"));
      g_assert_cmpuint (fields->len, >, 0);

      for (guint f = 0; f < fields->len; f++)
        {
          const PbField *field = g_ptr_array_index (fields, f);

          g_assert_nonnull (field->title);
          g_assert_nonnull (field->description);
          /* Every field says where in the service to find it. */
          g_assert_nonnull (field->where);
          if (field->secret)
            g_assert_true (g_strv_contains (kind_secrets, field->name));
          if (field->required)
            n_required++;
          /* Required fields come first. */
          if (f > 0 && field->required)
            g_assert_true (((const PbField *) g_ptr_array_index (fields, f - 1))->required);
          if (field->default_value != NULL)
            g_assert_true (pb_field_validate (field, field->default_value, NULL));
          if (field->examples != NULL && field->examples[0] != NULL)
            g_assert_true (pb_field_validate (field, field->examples[0], NULL));
          if (field->enum_values != NULL)
            {
              g_assert_cmpuint (g_strv_length (field->enum_values), ==, g_strv_length (field->enum_titles));
              g_hash_table_insert (values, field->name, field->enum_values[0]);
            }
        }
      g_assert_cmpuint (n_required, >, 0);
      g_assert_true (g_str_has_prefix (pb_definition_get_check_method (d), "GET") ||
                     g_str_has_prefix (pb_definition_get_check_method (d), "POST"));

      /* Fixed base URLs are https. */
      if (!pb_definition_is_generic (d))
        {
          g_autofree char *base = NULL;
          g_autofree char *path = NULL;

          g_hash_table_insert (values, "subdomain", "acme");
          g_hash_table_insert (values, "site", "acme");
          g_hash_table_insert (values, "dc", "us6");
          base = pb_definition_expand_base_url (d, values);
          path = pb_definition_expand_check_path (d, values);

          g_assert_nonnull (base);
          g_assert_true (g_str_has_prefix (base, "https://"));
          g_assert_true (g_str_has_prefix (path, "/"));
        }
    }
  g_assert_cmpuint (n_generic, ==, 3);
  g_assert_cmpuint (n_services, >=, 12);
}

/* Facts from the services' documentation that are easy to get wrong. */
static void
test_builtin_facts (void)
{
  PbCatalog *catalog = pb_catalog_get_default ();
  PbDefinition *d;
  g_autoptr (GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *prefix = NULL;
  g_autofree char *base = NULL;
  g_autofree char *username = NULL;

  d = pb_catalog_lookup (catalog, "pagerduty");
  prefix = pb_definition_expand_auth (d, "prefix", values);
  g_assert_cmpstr (prefix, ==, "Token token=");

  d = pb_catalog_lookup (catalog, "notion");
  g_assert_cmpstr (g_hash_table_lookup (pb_definition_get_headers (d), "Notion-Version"), ==, "2022-06-28");

  d = pb_catalog_lookup (catalog, "linear");
  g_clear_pointer (&prefix, g_free);
  prefix = pb_definition_expand_auth (d, "prefix", values);
  g_assert_cmpstr (prefix, ==, "");
  g_assert_cmpstr (pb_definition_get_check_method (d), ==, "POST");
  g_assert_nonnull (pb_definition_get_check_body (d));

  d = pb_catalog_lookup (catalog, "zendesk");
  g_assert_cmpint (pb_definition_get_kind (d), ==, PB_CONNECTOR_KIND_BASIC);
  g_hash_table_insert (values, "subdomain", "acme");
  g_hash_table_insert (values, "email", "ada@example.com");
  base = pb_definition_expand_base_url (d, values);
  username = pb_definition_expand_username (d, values);
  g_assert_cmpstr (base, ==, "https://acme.zendesk.com");
  g_assert_cmpstr (username, ==, "ada@example.com/token");

  d = pb_catalog_lookup (catalog, "intercom");
  g_hash_table_insert (values, "region", "eu");
  g_clear_pointer (&base, g_free);
  base = pb_definition_expand_base_url (d, values);
  g_assert_cmpstr (base, ==, "https://api.eu.intercom.io");

  d = pb_catalog_lookup (catalog, "mailchimp");
  g_assert_nonnull (pb_definition_find_field (d, "dc")->derive_from);

  d = pb_catalog_find (catalog, "jira cloud");
  g_assert_nonnull (d);
  g_assert_cmpstr (pb_definition_get_id (d), ==, "jira");

  /* Checked against each service's documentation (see the catalog's docs_url). */
  {
    static const struct {
      const char *id, *base, *method, *path, *field, *where;
    } pins[] = {
      { "github", "https://api.github.com", "GET", "/user", "login", "Fine-grained tokens" },
      { "stripe", "https://api.stripe.com", "GET", "/v1/balance", "object", "Developers → API keys" },
      { "hubspot", "https://api.hubapi.com", "GET", "/crm/v3/objects/contacts?limit=1", "results", "Auth" },
      { "intercom", "https://api.intercom.io", "GET", "/me", "type", "Configure → Authentication" },
      { "sendgrid", "https://api.sendgrid.com", "GET", "/v3/scopes", "scopes", "Settings → API Keys" },
      { "notion", "https://api.notion.com", "GET", "/v1/users/me", "object", "Internal Integration Secret" },
      { "slack", "https://slack.com/api", "POST", "/auth.test", "ok", "Bot User OAuth Token" },
      { "zendesk", "https://acme.zendesk.com", "GET", "/api/v2/users/me.json", "user", "APIs → API tokens" },
      { "jira", "https://acme.atlassian.net", "GET", "/rest/api/3/myself", "accountId", "without scopes" },
      { "asana", "https://app.asana.com/api/1.0", "GET", "/users/me", "data", "developer console" },
      { "openai", "https://api.openai.com/v1", "GET", "/models", "data", "API keys" },
    };
    g_autoptr (GHashTable) site = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (site, "subdomain", "acme");
    g_hash_table_insert (site, "site", "acme");
    for (guint i = 0; i < G_N_ELEMENTS (pins); i++)
      {
        PbDefinition *def = pb_catalog_lookup (catalog, pins[i].id);
        g_autofree char *pin_base = pb_definition_expand_base_url (def, site);
        g_autofree char *pin_path = pb_definition_expand_check_path (def, site);
        g_autofree char *pin_prefix = pb_definition_expand_auth (def, "prefix", site);
        const PbField *secret = NULL;
        GPtrArray *fields = pb_definition_get_fields (def);

        g_test_message ("pins for %s", pins[i].id);
        g_assert_cmpstr (pin_base, ==, pins[i].base);
        g_assert_cmpstr (pb_definition_get_check_method (def), ==, pins[i].method);
        g_assert_cmpstr (pin_path, ==, pins[i].path);
        g_assert_cmpuint (pb_definition_get_check_status (def), ==, 200);
        g_assert_cmpstr (pb_definition_get_check_json_field (def), ==, pins[i].field);
        for (guint f = 0; f < fields->len; f++)
          if (((const PbField *) g_ptr_array_index (fields, f))->secret)
            secret = g_ptr_array_index (fields, f);
        g_assert_nonnull (secret);
        g_assert_nonnull (strstr (secret->where, pins[i].where));
        /* Every token service sends "Authorization: Bearer …"; the two basic-auth ones have no prefix. */
        if (pb_definition_get_kind (def) == PB_CONNECTOR_KIND_BASIC)
          g_assert_null (pin_prefix);
        else
          {
            g_autofree char *pin_header = pb_definition_expand_auth (def, "header", site);

            g_assert_cmpstr (pin_header, ==, "Authorization");
            g_assert_cmpstr (pin_prefix, ==, "Bearer");
          }
      }
  }

  d = pb_catalog_lookup (catalog, "github");
  g_assert_cmpstr (g_hash_table_lookup (pb_definition_get_headers (d), "X-GitHub-Api-Version"), ==, "2022-11-28");
  g_assert_cmpstr (g_hash_table_lookup (pb_definition_get_headers (d), "Accept"), ==, "application/vnd.github+json");

  /* Slack answers 200 with {"ok": false} for a bad token: success must check "ok". */
  g_assert_true (pb_definition_get_check_json_true (pb_catalog_lookup (catalog, "slack")));

  d = pb_catalog_lookup (catalog, "jira");
  g_clear_pointer (&username, g_free);
  username = pb_definition_expand_username (d, values);
  g_assert_cmpstr (username, ==, "ada@example.com");

  d = pb_catalog_lookup (catalog, "sendgrid");
  g_hash_table_insert (values, "region", "eu");
  g_clear_pointer (&base, g_free);
  base = pb_definition_expand_base_url (d, values);
  g_assert_cmpstr (base, ==, "https://api.eu.sendgrid.com");

  d = pb_catalog_lookup (catalog, "intercom");
  g_hash_table_insert (values, "region", "au");
  g_clear_pointer (&base, g_free);
  base = pb_definition_expand_base_url (d, values);
  g_assert_cmpstr (base, ==, "https://api.au.intercom.io");

  d = pb_catalog_lookup (catalog, "intercom-oauth");
  g_assert_cmpstr (pb_definition_get_oauth_auth_url (d), ==, "https://app.intercom.com/oauth");
  g_assert_cmpstr (pb_definition_get_oauth_token_url (d), ==, "https://api.intercom.io/auth/eagle/token");

  /* OpenAI-Organization is sent only when the user gave an organization. */
  d = pb_catalog_lookup (catalog, "openai");
  {
    g_autoptr (GHashTable) none = pb_definition_expand_headers (d, values);
    g_autoptr (GHashTable) org = NULL;

    g_assert_null (g_hash_table_lookup (none, "OpenAI-Organization"));
    g_hash_table_insert (values, "organization", "org-acme");
    org = pb_definition_expand_headers (d, values);
    g_assert_cmpstr (g_hash_table_lookup (org, "OpenAI-Organization"), ==, "org-acme");
  }

  g_assert_nonnull (pb_catalog_lookup (catalog, "oauth2"));
  g_assert_nonnull (pb_catalog_lookup (catalog, "intercom-oauth"));
  g_assert_nonnull (pb_definition_get_oauth_token_url (pb_catalog_lookup (catalog, "intercom-oauth")));
  g_assert_null (pb_catalog_lookup (catalog, "no-such-service"));
}

static void
test_search (void)
{
  PbCatalog *catalog = pb_catalog_get_default ();

  g_assert_true (pb_catalog_matches (pb_catalog_lookup (catalog, "sendgrid"), "email"));
  g_assert_true (pb_catalog_matches (pb_catalog_lookup (catalog, "github"), "GIT"));
  g_assert_true (pb_catalog_matches (pb_catalog_lookup (catalog, "jira"), "jira issues"));
  g_assert_false (pb_catalog_matches (pb_catalog_lookup (catalog, "jira"), "jira payments"));
  g_assert_true (pb_catalog_matches (pb_catalog_lookup (catalog, "stripe"), ""));
}

static void
test_validation (void)
{
  PbDefinition *d = pb_catalog_lookup (pb_catalog_get_default (), "api-key");
  const PbField *base = pb_definition_find_field (d, "base-url");
  const PbField *github_key = pb_definition_find_field (pb_catalog_lookup (pb_catalog_get_default (), "github"), "api-key");
  const PbField *email = pb_definition_find_field (pb_catalog_lookup (pb_catalog_get_default (), "jira"), "email");
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_field_validate (base, "https://api.example.com/v1", NULL));
  g_assert_false (pb_field_validate (base, "api.example.com", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);
  g_assert_false (pb_field_validate (base, "ftp://example.com", NULL));
  g_assert_false (pb_field_validate (base, "", NULL));

  g_assert_true (pb_field_validate (github_key, "ghp_0123456789abcdefghijABCDEFGHIJ", NULL));
  g_assert_false (pb_field_validate (github_key, "CANARY-not-a-token", &error));
  g_assert_null (strstr (error->message, "CANARY"));
  g_clear_error (&error);
  g_assert_false (pb_field_validate (github_key, "ghp_abc\ndef0123456789abcdefghij", NULL));
  /* Unicode line separators and C1 controls too, in text and secret fields alike. */
  g_assert_false (pb_field_validate (github_key, "ghp_abc\u2028def0123456789abcdefghij", NULL));
  g_assert_false (pb_field_validate (email, "ada@example.com\xc2\x85", NULL));

  g_assert_true (pb_field_validate (email, "ada@example.com", NULL));
  g_assert_false (pb_field_validate (email, "ada at example", NULL));
}

static void
test_bad_definitions (void)
{
  static const struct { const char *json; const char *words; } cases[] = {
    { "not json", "not valid JSON" },
    { "[1, 2]", "must be a JSON object" },
    { "{\"name\": \"X\", \"kind\": \"api-key\"}", "needs an “id”" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"carrier-pigeon\", \"check\": {}, \"schema\": {\"properties\": {}}}", "unknown kind" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"schema\": {\"properties\": {}}}", "no “check”" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"check\": {}}", "no “schema”" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"check\": {}, \"schema\": {\"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"([\"}}}}", "regular expression" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"check\": {}, \"schema\": {\"properties\": {\"a\": {\"type\": \"blob\"}}}}", "type" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"check\": {}, \"schema\": {\"properties\": {\"a\": {}}, \"oneOf\": [{\"properties\": {\"b\": {}}}]}}", "const" },
    /* The request values a definition writes follow the shared rules (pb-validate.c). */
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"auth\": {\"header\": \"Host\"}, \"check\": {}, \"schema\": {\"properties\": {}}}", "auth.header" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"auth\": {\"prefix\": \"Bearer\\r\\nX: y\"}, \"check\": {}, \"schema\": {\"properties\": {}}}", "auth.prefix" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"basic\", \"auth\": {\"username\": \"a:b\"}, \"check\": {}, \"schema\": {\"properties\": {}}}", "auth.username" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"oauth2\", \"oauth\": {\"token_url\": \"https://h/t?client_secret=s\"}, \"check\": {}, \"schema\": {\"properties\": {}}}", "client_secret" },
    { "{\"id\": \"x\", \"name\": \"X\", \"kind\": \"api-key\", \"headers\": {\"Content-Length\": \"5\"}, \"check\": {}, \"schema\": {\"properties\": {}}}", "Content-Length" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PbDefinition) d = parse (cases[i].json, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(none)");
      g_assert_null (d);
      g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

static void
test_user_directory (void)
{
  g_autoptr (PbCatalog) catalog = pb_catalog_new ();
  g_autofree char *dir = g_build_filename (pb_test_root (), "defs", NULL);
  g_autofree char *good = g_build_filename (dir, "acme.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *other = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbDefinition) replacement = NULL;
  guint before;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (good,
    "{\"id\": \"acme\", \"name\": \"Acme (built)\", \"kind\": \"api-key\", \"base_url\": \"https://api.acme.test\","
    " \"auth\": {\"header\": \"X-Api-Key\"}, \"check\": {\"path\": \"/me\"},"
    " \"schema\": {\"required\": [\"api-key\"], \"properties\": {\"api-key\": {\"type\": \"string\", \"secret\": true}}}}",
    -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{ oops", -1, NULL));
  g_assert_true (g_file_set_contents (other, "ignored", -1, NULL));

  pb_catalog_load_builtin (catalog);
  before = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_assert_false (pb_catalog_load_directory (catalog, dir, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  /* The good one was still added. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, before + 1);
  g_assert_cmpstr (pb_definition_get_name (pb_catalog_lookup (catalog, "acme")), ==, "Acme (built)");

  /* Adding at run time (the builder exporting a connector) replaces by id. */
  replacement = parse ("{\"id\": \"acme\", \"name\": \"Acme v2\", \"kind\": \"api-key\", \"base_url\": \"https://api.acme.test\","
                       " \"check\": {}, \"schema\": {\"required\": [\"api-key\"], \"properties\": {\"api-key\": {\"secret\": true}}}}",
                       NULL);
  g_assert_nonnull (replacement);
  pb_catalog_add (catalog, replacement);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, before + 1);
  g_assert_cmpstr (pb_definition_get_name (pb_catalog_lookup (catalog, "acme")), ==, "Acme v2");

  /* A missing directory is not an error. */
  g_assert_true (pb_catalog_load_directory (catalog, "/nonexistent/plugboard/defs", NULL));
}

static void
test_variants (void)
{
  PbDefinition *d = pb_catalog_lookup (pb_catalog_get_default (), "api-key");
  const PbField *header = pb_definition_find_field (d, "auth-header");
  const PbField *query = pb_definition_find_field (d, "auth-query-param");

  g_assert_cmpstr (header->only_when_field, ==, "placement");
  g_assert_cmpstr (header->only_when_value, ==, "header");
  g_assert_cmpstr (query->only_when_value, ==, "query");
  g_assert_true (query->required);
}

/* The example of a change the assistant offers fits each connector and is one it understands:
 * a region only where there is one. */
static void
test_change_examples (void)
{
  PbCatalog *catalog = pb_catalog_get_default ();
  g_autofree char *path = g_build_filename (pb_test_root (), "examples.json", NULL);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr (PbDefinition) d = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr (PbSetupModel) model = pb_setup_model_new (store, d, pb_definition_get_id (d));
      g_autofree char *example = pb_rule_reply_change_example (model);
      g_autoptr (PbUtterance) understood = NULL;

      g_test_message ("%s: %s", pb_definition_get_id (d), example ? example : "(none)");
      if (pb_definition_find_field (d, "region") == NULL)
        g_assert_true (example == NULL || strstr (example, "region") == NULL);
      if (example == NULL)
        continue;
      understood = pb_utterance_understand (model, example);
      g_assert_cmpuint (understood->facts->len, >, 0);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/setup/catalog/builtin-complete", test_builtin_complete);
  g_test_add_func ("/setup/catalog/builtin-facts", test_builtin_facts);
  g_test_add_func ("/setup/catalog/search", test_search);
  g_test_add_func ("/setup/catalog/validation", test_validation);
  g_test_add_func ("/setup/catalog/bad-definitions", test_bad_definitions);
  g_test_add_func ("/setup/catalog/user-directory", test_user_directory);
  g_test_add_func ("/setup/catalog/variants", test_variants);
  g_test_add_func ("/setup/catalog/change-examples", test_change_examples);

  return g_test_run ();
}
