/* test-connector.c: PbConnector properties, notifications and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-connector.h"
#include "pb-error.h"
#include "pb-validate.h"
#include "pb-test-util.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_new (void)
{
  g_autoptr (PbConnector) a = pb_connector_new ("HubSpot API", PB_CONNECTOR_KIND_API_KEY);
  g_autoptr (PbConnector) b = pb_connector_new ("HubSpot API", PB_CONNECTOR_KIND_OAUTH2);

  g_assert_true (g_uuid_string_is_valid (pb_connector_get_id (a)));
  g_assert_true (g_uuid_string_is_valid (pb_connector_get_id (b)));
  g_assert_cmpstr (pb_connector_get_id (a), !=, pb_connector_get_id (b));
  g_assert_cmpstr (pb_connector_get_name (a), ==, "HubSpot API");
  g_assert_cmpint (pb_connector_get_kind (b), ==, PB_CONNECTOR_KIND_OAUTH2);
  g_assert_cmpint (pb_connector_get_state (a), ==, PB_CONNECTOR_STATE_NEEDS_SETUP);
  g_assert_null (pb_connector_get_base_url (a));
  g_assert_cmpint (pb_connector_get_modified (a), >, 0);
}

static void
test_notify_only_on_change (void)
{
  g_autoptr (PbConnector) c = pb_connector_new ("One", PB_CONNECTOR_KIND_API_KEY);
  guint url_notifies = 0, modified_notifies = 0, kind_notifies = 0, secret_notifies = 0;
  gint64 before = pb_connector_get_modified (c);
  gint64 after_first;

  g_signal_connect (c, "notify::base-url", G_CALLBACK (count_notify), &url_notifies);
  g_signal_connect (c, "notify::modified", G_CALLBACK (count_notify), &modified_notifies);
  g_signal_connect (c, "notify::kind", G_CALLBACK (count_notify), &kind_notifies);
  g_signal_connect (c, "notify::secret-fields", G_CALLBACK (count_notify), &secret_notifies);

  pb_connector_set_base_url (c, "https://api.example.com");
  after_first = pb_connector_get_modified (c);
  pb_connector_set_base_url (c, "https://api.example.com");
  g_assert_cmpuint (url_notifies, ==, 1);
  g_assert_cmpuint (modified_notifies, ==, 1);
  g_assert_cmpint (after_first, >, before);

  /* Empty means "not set". */
  pb_connector_set_base_url (c, "");
  g_assert_null (pb_connector_get_base_url (c));
  pb_connector_set_base_url (c, NULL);
  g_assert_cmpuint (url_notifies, ==, 2);

  pb_connector_set_kind (c, PB_CONNECTOR_KIND_API_KEY);
  g_assert_cmpuint (kind_notifies, ==, 0);
  pb_connector_set_kind (c, PB_CONNECTOR_KIND_BASIC);
  g_assert_cmpuint (kind_notifies, ==, 1);

  pb_connector_set_setting (c, "region", "eu");
  pb_connector_set_setting (c, "region", "eu");
  g_assert_cmpuint (modified_notifies, ==, 4);
  g_assert_cmpint (pb_connector_get_modified (c), >, after_first);

  pb_connector_mark_secret (c, PB_SECRET_PASSWORD, TRUE);
  pb_connector_mark_secret (c, PB_SECRET_PASSWORD, TRUE);
  g_assert_cmpuint (secret_notifies, ==, 1);
  g_assert_true (pb_connector_has_secret (c, PB_SECRET_PASSWORD));
  pb_connector_mark_secret (c, PB_SECRET_PASSWORD, FALSE);
  g_assert_false (pb_connector_has_secret (c, PB_SECRET_PASSWORD));
  g_assert_cmpuint (secret_notifies, ==, 2);

  /* Through GObject properties as well (what a UI binding does). */
  g_object_set (c, "client-id", "abc", NULL);
  g_object_set (c, "client-id", "abc", NULL);
  g_assert_cmpstr (pb_connector_get_client_id (c), ==, "abc");
  g_assert_cmpuint (modified_notifies, ==, 7);
}

static void
test_state (void)
{
  g_autoptr (PbConnector) c = pb_connector_new ("One", PB_CONNECTOR_KIND_API_KEY);
  guint notifies = 0;

  g_signal_connect (c, "notify::state", G_CALLBACK (count_notify), &notifies);
  pb_connector_set_state (c, PB_CONNECTOR_STATE_NEEDS_ATTENTION, "The key was refused.");
  pb_connector_set_state (c, PB_CONNECTOR_STATE_NEEDS_ATTENTION, "The key was refused.");
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpint (pb_connector_get_state (c), ==, PB_CONNECTOR_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (pb_connector_get_state_message (c), ==, "The key was refused.");
  pb_connector_set_state (c, PB_CONNECTOR_STATE_READY, NULL);
  g_assert_null (pb_connector_get_state_message (c));
}

static void
test_kinds (void)
{
  PbConnectorKind kind;

  g_assert_true (pb_connector_kind_from_string ("api-key", &kind));
  g_assert_cmpint (kind, ==, PB_CONNECTOR_KIND_API_KEY);
  g_assert_true (pb_connector_kind_from_string ("oauth2", &kind));
  g_assert_cmpint (kind, ==, PB_CONNECTOR_KIND_OAUTH2);
  g_assert_true (pb_connector_kind_from_string ("intercom", &kind));
  g_assert_cmpint (kind, ==, PB_CONNECTOR_KIND_INTERCOM);
  g_assert_true (pb_connector_kind_from_string ("basic", &kind));
  g_assert_cmpint (kind, ==, PB_CONNECTOR_KIND_BASIC);
  g_assert_false (pb_connector_kind_from_string ("API-KEY", &kind));
  g_assert_false (pb_connector_kind_from_string ("", &kind));
  g_assert_false (pb_connector_kind_from_string (NULL, &kind));

  for (kind = PB_CONNECTOR_KIND_API_KEY; kind <= PB_CONNECTOR_KIND_BASIC; kind++)
    {
      PbConnectorKind back;

      g_assert_true (pb_connector_kind_from_string (pb_connector_kind_to_string (kind), &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_nonnull (pb_connector_kind_get_label (kind));
    }
  g_assert_cmpstr (pb_connector_kind_get_label (PB_CONNECTOR_KIND_API_KEY), ==, "API Key");
  g_assert_cmpstr (pb_connector_kind_get_label (PB_CONNECTOR_KIND_OAUTH2), ==, "OAuth 2.0");

  g_assert_true (g_strv_contains (pb_connector_kind_secret_fields (PB_CONNECTOR_KIND_API_KEY), "api-key"));
  g_assert_true (g_strv_contains (pb_connector_kind_secret_fields (PB_CONNECTOR_KIND_OAUTH2), "client-secret"));
  g_assert_true (g_strv_contains (pb_connector_kind_secret_fields (PB_CONNECTOR_KIND_INTERCOM), "client-secret"));
  g_assert_true (g_strv_contains (pb_connector_kind_secret_fields (PB_CONNECTOR_KIND_BASIC), "password"));
  g_assert_false (g_strv_contains (pb_connector_kind_secret_fields (PB_CONNECTOR_KIND_API_KEY), "client-secret"));
}

static PbConnector *
make_full (void)
{
  PbConnector *c = pb_connector_new ("Full “Ünïcode” API", PB_CONNECTOR_KIND_OAUTH2);

  pb_connector_set_definition_id (c, "github");
  pb_connector_set_base_url (c, "https://api.example.com/v1");
  pb_connector_set_auth_header (c, "Authorization");
  pb_connector_set_auth_prefix (c, "Bearer");
  pb_connector_set_auth_query_param (c, "key");
  pb_connector_set_username (c, "alice");
  pb_connector_set_client_id (c, "client-123");
  pb_connector_set_auth_url (c, "https://auth.example.com/authorize");
  pb_connector_set_token_url (c, "https://auth.example.com/token");
  pb_connector_set_scopes (c, "read write");
  pb_connector_set_redirect_uri (c, "http://127.0.0.1/callback");
  pb_connector_set_state (c, PB_CONNECTOR_STATE_RECONNECT_NEEDED, "Sign in again.");
  pb_connector_set_setting (c, "workspace", "acme");
  pb_connector_set_setting (c, "region", "eu");
  pb_connector_mark_secret (c, PB_SECRET_CLIENT_SECRET, TRUE);
  pb_connector_mark_secret (c, PB_SECRET_REFRESH_TOKEN, TRUE);
  return c;
}

static void
assert_same (PbConnector *a,
             PbConnector *b)
{
  g_auto (GStrv) sa = pb_connector_list_settings (a);
  g_auto (GStrv) sb = pb_connector_list_settings (b);
  g_auto (GStrv) xa = pb_connector_list_secrets (a);
  g_auto (GStrv) xb = pb_connector_list_secrets (b);
  const char *props[] = { "id", "name", "definition-id", "base-url", "auth-header", "auth-prefix",
                          "auth-query-param", "username", "client-id", "auth-url", "token-url",
                          "scopes", "redirect-uri", "state-message" };

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *va = NULL;
      g_autofree char *vb = NULL;

      g_object_get (a, props[i], &va, NULL);
      g_object_get (b, props[i], &vb, NULL);
      g_assert_cmpstr (va, ==, vb);
    }
  g_assert_cmpint (pb_connector_get_kind (a), ==, pb_connector_get_kind (b));
  g_assert_cmpint (pb_connector_get_state (a), ==, pb_connector_get_state (b));
  g_assert_cmpint (pb_connector_get_modified (a), ==, pb_connector_get_modified (b));
  g_assert_cmpstrv (sa, sb);
  g_assert_cmpstrv (xa, xb);
  for (guint i = 0; sa[i] != NULL; i++)
    g_assert_cmpstr (pb_connector_get_setting (a, sa[i]), ==, pb_connector_get_setting (b, sa[i]));
}

static void
test_json_round_trip (void)
{
  g_autoptr (PbConnector) c = make_full ();
  g_autoptr (JsonNode) node = pb_connector_to_json (c);
  g_autoptr (PbConnector) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = json_to_string (node, FALSE);
  g_auto (GStrv) settings = pb_connector_list_settings (c);
  const char * const expected_settings[] = { "region", "workspace", NULL };

  g_assert_cmpstrv (settings, expected_settings);
  g_assert_nonnull (strstr (text, "\"client-secret\""));   /* the name of a set field… */
  g_assert_nonnull (strstr (text, "\"kind\":\"oauth2\""));
  g_assert_nonnull (strstr (text, "\"state\":\"reconnect-needed\""));

  back = pb_connector_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_same (c, back);
}

static void
test_json_never_holds_secrets (void)
{
  g_autoptr (PbConnector) c = make_full ();
  g_autoptr (JsonNode) node = pb_connector_to_json (c);
  JsonObject *object = json_node_get_object (node);
  JsonArray *set;

  /* Only the names of set secrets, as a list of strings; no member named after a secret. */
  g_assert_false (json_object_has_member (object, PB_SECRET_CLIENT_SECRET));
  g_assert_false (json_object_has_member (object, PB_SECRET_API_KEY));
  g_assert_false (json_object_has_member (object, PB_SECRET_REFRESH_TOKEN));
  set = json_object_get_array_member (object, "secrets-set");
  g_assert_cmpuint (json_array_get_length (set), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (set, 0), ==, PB_SECRET_CLIENT_SECRET);
  g_assert_cmpstr (json_array_get_string_element (set, 1), ==, PB_SECRET_REFRESH_TOKEN);
}

static void
assert_json_refused (const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnector) c = NULL;

  g_assert_nonnull (node);
  c = pb_connector_new_from_json (node, &error);
  g_assert_null (c);
  g_assert_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("refused %s: %s", json, error->message);
}

static void
test_json_bad_input (void)
{
  g_autoptr (JsonNode) ok = json_from_string ("{\"id\":\"x1\",\"name\":\"A\",\"kind\":\"api-key\",\"future\":[1,2]}", NULL);
  g_autoptr (PbConnector) c = NULL;
  g_autoptr (GError) error = NULL;

  assert_json_refused ("[1,2]");
  assert_json_refused ("\"text\"");
  assert_json_refused ("{\"name\":\"A\",\"kind\":\"api-key\"}");
  assert_json_refused ("{\"id\":\"\",\"name\":\"A\",\"kind\":\"api-key\"}");
  assert_json_refused ("{\"id\":\"x\",\"name\":42,\"kind\":\"api-key\"}");
  assert_json_refused ("{\"id\":\"x\",\"name\":\"A\",\"kind\":\"telepathy\"}");
  assert_json_refused ("{\"id\":\"x\",\"name\":\"A\",\"kind\":\"api-key\",\"base-url\":{}}");
  assert_json_refused ("{\"id\":\"x\",\"name\":\"A\",\"kind\":\"api-key\",\"settings\":[1]}");
  assert_json_refused ("{\"id\":\"x\",\"name\":\"A\",\"kind\":\"api-key\",\"settings\":{\"a\":1}}");
  assert_json_refused ("{\"id\":\"x\",\"name\":\"A\",\"kind\":\"api-key\",\"secrets-set\":\"api-key\"}");
  assert_json_refused ("{\"id\":\"x\",\"name\":\"A\",\"kind\":\"api-key\",\"modified\":\"yesterday\"}");

  /* Unknown members (a later minor version) are ignored, not fatal. */
  c = pb_connector_new_from_json (ok, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_connector_get_id (c), ==, "x1");
}

static void
test_update_from (void)
{
  g_autoptr (PbConnector) c = pb_connector_new ("Old", PB_CONNECTOR_KIND_API_KEY);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (PbConnector) other = NULL;
  guint name_notifies = 0, url_notifies = 0, header_notifies = 0;

  pb_connector_set_base_url (c, "https://same.example.com");
  node = pb_connector_to_json (c);
  other = pb_connector_new_from_json (node, NULL);
  pb_connector_set_name (other, "New");
  pb_connector_set_auth_header (other, "X-API-Key");
  pb_connector_set_setting (other, "region", "us");
  pb_connector_mark_secret (other, PB_SECRET_API_KEY, TRUE);

  g_signal_connect (c, "notify::name", G_CALLBACK (count_notify), &name_notifies);
  g_signal_connect (c, "notify::base-url", G_CALLBACK (count_notify), &url_notifies);
  g_signal_connect (c, "notify::auth-header", G_CALLBACK (count_notify), &header_notifies);
  pb_connector_update_from (c, other);

  g_assert_cmpuint (name_notifies, ==, 1);
  g_assert_cmpuint (url_notifies, ==, 0);
  g_assert_cmpuint (header_notifies, ==, 1);
  assert_same (c, other);
}

/* The checks the CLI and the connector page share (pb-validate.c). */
static void
test_validate (void)
{
  const char *good_urls[] = { NULL, "", "https://api.example.com", "http://127.0.0.1:8080/v1?x=1",
                              "HTTPS://Example.COM/" };
  const char *bad_urls[] = { "api.example.com", "ftp://example.com", "https://", "https:///path",
                             "not a url", "mailto:ada@example.com" };
  const char *good_headers[] = { NULL, "", "Authorization", "X-API-Key", "x_token.v2", "A!#$%&'*+-.^_`|~" };
  const char *bad_headers[] = { "X API Key", "X-Key:", "Authorization: Bearer", "Ключ", "a\nb", "(x)" };
  const char *good_params[] = { NULL, "", "api_key", "key", "access-token", "k.v[0]" };
  const char *bad_params[] = { "api key", "a=b", "a&b", "a#b", "a?b", "ключ", "a\tb" };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good_urls); i++)
    {
      g_assert_true (pb_validate_url (good_urls[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_assert_false (pb_validate_url (bad_urls[i], &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
      g_clear_error (&error);
    }

  /* A credential before the host is refused and not repeated in the message. */
  g_assert_true (pb_validate_url_has_userinfo ("https://ada:pw-canary-v@api.example.com"));
  g_assert_true (pb_validate_url_has_userinfo ("https://token@api.example.com/x"));
  g_assert_true (pb_validate_url_has_userinfo ("https://a:b c@host"));
  g_assert_false (pb_validate_url_has_userinfo ("https://api.example.com/users/@me"));
  g_assert_false (pb_validate_url_has_userinfo (NULL));
  g_assert_false (pb_validate_url ("https://ada:pw-canary-v@api.example.com", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_assert_null (strstr (error->message, "pw-canary-v"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (good_headers); i++)
    {
      g_assert_true (pb_validate_header_name (good_headers[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_headers); i++)
    {
      g_assert_false (pb_validate_header_name (bad_headers[i], &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good_params); i++)
    {
      g_assert_true (pb_validate_query_param (good_params[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_params); i++)
    {
      g_assert_false (pb_validate_query_param (bad_params[i], &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connector/new", test_new);
  g_test_add_func ("/connector/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/connector/state", test_state);
  g_test_add_func ("/connector/kinds", test_kinds);
  g_test_add_func ("/connector/json/round-trip", test_json_round_trip);
  g_test_add_func ("/connector/json/never-holds-secrets", test_json_never_holds_secrets);
  g_test_add_func ("/connector/json/bad-input", test_json_bad_input);
  g_test_add_func ("/connector/update-from", test_update_from);
  g_test_add_func ("/connector/validate", test_validate);
  return g_test_run ();
}
