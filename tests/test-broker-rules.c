/* test-broker-rules.c: the broker's path, header and target rules and the MCP message reader,
 * fed hostile input (also under ASan + UBSan)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-broker-rules.h"
#include "pb-mcp-server.h"
#include "pb-test-util.h"

static void
test_paths (void)
{
  const char *good[] = {
    "", "/", "/items", "/items/1", "/v1/users/me/", "/a%20b", "/scoped/%40org%2Fpkg",
    "/x.json", "/a/.hidden", "/a/...", "/a/b..c", NULL
  };
  const char *bad[] = {
    "items", "/..", "/a/../b", "/a/./b", "/%2e%2e/x", "/%2E%2e/x", "/..%2fx", "/a/..%2F..%2Fb",
    "/%252e%252e/x", "/%25252e%25252e/x", "//host/x", "/a//b", "/%2f/host", "/a\\..\\b",
    "/a%5c..%5cb", "/x%0d%0aHost:%20evil", "/x%0ay", "/x%00y", "/x\ty", "/%zz",
    "/host:8080/x", "/user@host/x", "/http:%2f%2fevil/x", "/%40evil/x", "/a%2F%2Fb", NULL
  };

  for (guint i = 0; good[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!pb_broker_check_path (good[i], &error))
        g_error ("refused %s: %s", good[i], error->message);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;

      if (pb_broker_check_path (bad[i], &error))
        g_error ("let %s through", bad[i]);
      g_assert_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_BAD_REQUEST);
      g_assert_cmpuint (pb_broker_error_status (error->code), ==, 400);
    }
}

static void
test_headers (void)
{
  g_autoptr (PbConnector) c = pb_connector_new ("Local", PB_CONNECTOR_KIND_API_KEY);
  g_autoptr (GError) error = NULL;

  pb_connector_set_auth_header (c, "X-Api-Key");
  g_assert_false (pb_broker_check_header ("X-A", "a\r\nHost: evil", &error));
  g_clear_error (&error);
  g_assert_false (pb_broker_check_header ("X-A\nB", "a", &error));
  g_clear_error (&error);
  g_assert_true (pb_broker_check_header ("X-A", "plain value", &error));

  g_assert_false (pb_broker_header_forwardable ("authorization", NULL, c));
  g_assert_false (pb_broker_header_forwardable ("Cookie", NULL, c));
  g_assert_false (pb_broker_header_forwardable ("x-api-key", NULL, c));
  g_assert_false (pb_broker_header_forwardable ("Keep-Alive", NULL, c));
  g_assert_false (pb_broker_header_forwardable ("Proxy-Authorization", NULL, c));
  g_assert_false (pb_broker_header_forwardable ("X-Forwarded-For", NULL, c));
  g_assert_false (pb_broker_header_forwardable ("X-Hop", "close, x-hop", c));
  g_assert_true (pb_broker_header_forwardable ("Accept", "close, x-hop", c));
  g_assert_false (pb_broker_response_header_forwardable ("Set-Cookie"));
  g_assert_false (pb_broker_response_header_forwardable ("Transfer-Encoding"));
  g_assert_true (pb_broker_response_header_forwardable ("Content-Type"));
}

static void
test_targets (void)
{
  g_autoptr (PbConnector) c = pb_connector_new ("Local", PB_CONNECTOR_KIND_API_KEY);
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) a = NULL, b = NULL, d = NULL;
  g_autofree char *sa = NULL, *sb = NULL;

  pb_connector_set_base_url (c, "https://api.example.com/v2/?tenant=7");
  a = pb_broker_build_target (c, "/items/%20x", "page=2&api_key=forged", "api_key", "k&y=1",
                              &error);
  g_assert_no_error (error);
  sa = g_uri_to_string (a);
  g_assert_cmpstr (sa, ==, "https://api.example.com/v2/items/%20x?tenant=7&page=2&api_key=k%26y%3D1");
  b = pb_broker_build_target (c, "", NULL, NULL, NULL, &error);
  sb = g_uri_to_string (b);
  g_assert_cmpstr (sb, ==, "https://api.example.com/v2?tenant=7");
  /* Nothing the path says changes scheme, host or port. */
  d = pb_broker_build_target (c, "/@evil.com/x", NULL, NULL, NULL, &error);
  g_assert_null (d);
  g_assert_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  pb_connector_set_base_url (c, "ftp://files.example.com");
  g_assert_null (pb_broker_build_target (c, "/x", NULL, NULL, NULL, &error));
  g_assert_error (error, PB_BROKER_ERROR, PB_BROKER_ERROR_NOT_READY);
}

static void
test_split (void)
{
  g_autofree char *name = NULL;
  const char *rest = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_broker_split_path ("/connectors/Local%20API/v1/x", &name, &rest, &error));
  g_assert_cmpstr (name, ==, "Local API");
  g_assert_cmpstr (rest, ==, "/v1/x");
  g_clear_pointer (&name, g_free);
  g_assert_true (pb_broker_split_path ("/connectors/Local", &name, &rest, &error));
  g_assert_cmpstr (rest, ==, "");
  g_assert_false (pb_broker_split_path ("/other/Local", &name, &rest, &error));
  g_clear_error (&error);
  g_assert_false (pb_broker_split_path ("/connectors/%0aX/y", &name, &rest, &error));
  g_clear_error (&error);
  g_assert_false (pb_broker_split_path ("/connectors//y", &name, &rest, &error));
}

static void
collect (const char *line,
         gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (line));
}

/* The MCP reader answers garbage with JSON-RPC errors and never crashes. */
static void
test_mcp_garbage (void)
{
  g_autofree char *connectors_path = g_build_filename (pb_test_root (), "rules-connectors.json",
                                                       NULL);
  g_autofree char *agents_path = g_build_filename (pb_test_root (), "rules-agents.json", NULL);
  g_autofree char *audit_path = g_build_filename (pb_test_root (), "rules-audit.jsonl", NULL);
  g_autoptr (PbConnectorStore) connectors = pb_connector_store_new (connectors_path, NULL);
  g_autoptr (PbAgentStore) agents = pb_agent_store_new (agents_path, connectors);
  g_autoptr (PbCredentialSource) credentials = pb_credential_source_new (connectors, NULL);
  g_autoptr (PbAuditLog) audit = pb_audit_log_new (audit_path, 0);
  g_autoptr (PbBroker) broker = pb_broker_new (agents, credentials, audit);
  g_autoptr (PbAgent) agent = pb_agent_new ("Bot", "nothing");
  g_autoptr (PbMcpServer) server = pb_mcp_server_new (broker, agent);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  const char *inputs[] = {
    "", "{", "null", "42", "[]", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
    "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", "{\"id\":{},\"method\":\"ping\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":7}}",
    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
    "\"call_connector\",\"arguments\":{\"connector\":[],\"path\":{}}}}",
    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":"
    "\"call_connector\",\"arguments\":{\"connector\":\"X\",\"path\":\"/x\",\"method\":\"G T\"}}}",
    "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"initialize\",\"params\":{\"protocolVersion\":9}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    pb_mcp_server_handle_line (server, inputs[i], collect, out);

  /* One answer per request with a usable id, a parse error, or an invalid message; none for
   * the notification nor for a message whose id is not an id. */
  g_assert_cmpuint (out->len, ==, G_N_ELEMENTS (inputs) - 2);
  g_assert_nonnull (strstr (out->pdata[1], "-32700"));
  g_assert_nonnull (strstr (out->pdata[2], "-32600"));
  g_assert_nonnull (strstr (out->pdata[5], "Batches are not supported"));
  g_assert_nonnull (strstr (out->pdata[6], "-32600"));
  g_assert_nonnull (strstr (out->pdata[7], "Unknown tool"));
  g_assert_nonnull (strstr (out->pdata[8], "Unknown tool"));
  g_assert_nonnull (strstr (out->pdata[9], "\"isError\":true"));
  g_assert_nonnull (strstr (out->pdata[10], "\"isError\":true"));
  g_assert_nonnull (strstr (out->pdata[11], "\"protocolVersion\":\"2025-06-18\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/broker-rules/paths", test_paths);
  g_test_add_func ("/broker-rules/headers", test_headers);
  g_test_add_func ("/broker-rules/targets", test_targets);
  g_test_add_func ("/broker-rules/split", test_split);
  g_test_add_func ("/broker-rules/mcp-garbage", test_mcp_garbage);
  return g_test_run ();
}
