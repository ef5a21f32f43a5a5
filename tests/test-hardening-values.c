/* test-hardening-values.c: hostile values (issue 10, points 1-4 and 15): credentials in debug
 * logs and progress, control characters, managed headers, names, `plugboard-cli test`
 *
 * The real plugboard-cli, the real keyring (harness) and a SoupServer on 127.0.0.1 in its own
 * thread that echoes whatever credential it receives back in its 401 texts and JSON, as some
 * services do. A canary secret is then looked for in every output and file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pb-cli.h"
#include "pb-error.h"
#include "pb-http.h"
#include "pb-redact.h"
#include "pb-test-util.h"
#include "pb-validate.h"

/* --- A loopback server in a thread (the CLI runs while the test waits) ---------------- */

typedef struct {
  PbTestServerThread *thread;
  const char *base;
  GMutex mutex;
  guint n_open;          /* requests to /anything */
  char *expected_key;    /* /ok: "X-Auth: Bearer KEY" */
} EchoServer;

static char *
json_escape (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || *p == '/')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The credential as the request carried it, without "Bearer " / "Basic " (decoded). */
static char *
received_credential (SoupServerMessage *msg,
                     GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "X-Auth");

  if (value == NULL)
    value = soup_message_headers_get_one (headers, "Authorization");
  if (value != NULL && g_str_has_prefix (value, "Bearer "))
    return g_strdup (value + 7);
  if (value != NULL && g_str_has_prefix (value, "Basic "))
    {
      gsize length = 0;
      guchar *pair = g_base64_decode (value + 6, &length);
      char *text = g_strndup ((char *) pair, length);

      g_free (pair);
      return text;
    }
  if (value != NULL)
    return g_strdup (value);
  if (query != NULL && g_hash_table_lookup (query, "auth") != NULL)
    return g_strdup (g_hash_table_lookup (query, "auth"));
  return g_strdup ("");
}

static void
echo_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  EchoServer *self = user_data;
  g_autofree char *key = received_credential (msg, query);

  if (g_str_has_prefix (path, "/anything"))
    {
      g_mutex_lock (&self->mutex);
      self->n_open++;
      g_mutex_unlock (&self->mutex);
      pb_test_reply_json (msg, 200, "{\"ok\": true}");
      return;
    }
  if (g_str_has_prefix (path, "/ok"))
    {
      gboolean good;

      g_mutex_lock (&self->mutex);
      good = self->expected_key != NULL && g_strcmp0 (key, self->expected_key) == 0;
      g_mutex_unlock (&self->mutex);
      pb_test_reply_json (msg, good ? 200 : 401,
                          good ? "{\"id\": \"me\"}" : "{\"error\": \"no\"}");
      return;
    }
  if (g_str_has_prefix (path, "/openapi.json"))
    {
      static const char spec[]
        = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"Echo\", \"version\": \"1\"},"
          " \"servers\": [{\"url\": \"/v1\"}], \"paths\": {\"/items\": {\"get\": {"
          "\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {"
          "\"application/json\": {\"schema\": {\"type\": \"array\", \"items\": {"
          "\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}}}}}}}}}}";

      pb_test_reply_json (msg, 200, spec);
      return;
    }

  /* /echo: refuse, and echo the key back in every form a careless service might. */
  {
    g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);
    g_autofree char *json = json_escape (key);
    g_autofree char *b64 = g_base64_encode ((const guchar *) key, strlen (key));
    g_autofree char *body
      = g_strdup_printf ("Invalid API key: %s\n{\"error\": \"invalid_key\", \"received\": \"%s\"}\n"
                         "echo=%s\nb64=%s\n",
                         key, json, escaped, b64);

    pb_test_reply (msg, 401, "text/plain", body);
  }
}

static EchoServer *
echo_server_new (void)
{
  EchoServer *self = g_new0 (EchoServer, 1);

  g_mutex_init (&self->mutex);
  self->thread = pb_test_server_thread_new ("echo-server", echo_handler, NULL, self);
  self->base = pb_test_server_thread_get_base (self->thread);
  return self;
}

static void
echo_server_free (EchoServer *self)
{
  pb_test_server_thread_free (self->thread);
  g_free (self->expected_key);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EchoServer, echo_server_free)

/* --- The CLI --------------------------------------------------------------------------- */

typedef struct {
  int status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static CliResult
run_cli (const char *stdin_text,
         ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  CliResult r = { 0 };
  const char *arg;
  va_list ap;

  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  r.status = pb_test_run_cli ((const char * const *) args->pdata, stdin_text, &r.out, &r.err);
  g_test_message ("plugboard-cli %s → %d\nstdout: %s\nstderr: %s", (char *) args->pdata[0],
                  r.status, r.out, r.err);
  return r;
}

#define CLI(stdin_text, ...) run_cli (stdin_text, __VA_ARGS__, NULL)

static void
assert_refused (CliResult  *r,
                int         status,
                const char *in_stderr)
{
  g_assert_cmpint (r->status, ==, status);
  g_assert_cmpstr (r->out, ==, "");
  if (strstr (r->err, in_stderr) == NULL)
    g_error ("expected “%s” in stderr: %s", in_stderr, r->err);
}

static void
assert_ok (CliResult *r)
{
  if (r->status != 0)
    g_error ("exit %d: %s", r->status, r->err);
}

/* A random canary with the characters URL, form and JSON encodings change. */
static char *
make_canary (char **out_marker)
{
  g_autofree char *uuid = g_uuid_string_random ();
  char *marker = g_strndup (uuid, 8);

  *out_marker = marker;
  return g_strdup_printf ("Cn/ry+K=y&%s", marker);
}

/* TEXT holds the canary in none of the forms a log could show it in. */
static void
assert_lacks_canary (const char *text,
                     const char *canary,
                     const char *marker)
{
  g_autofree char *escaped = g_uri_escape_string (canary, NULL, FALSE);
  g_autofree char *json = json_escape (canary);
  g_autofree char *b64 = g_base64_encode ((const guchar *) canary, strlen (canary));
  const char *forms[] = { canary, escaped, json, b64, marker };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (strstr (text, forms[i]) != NULL)
      g_error ("the canary (as “%s”) leaked into:\n%s", forms[i], text);
}

static char *
show_member (const char *name,
             const char *member)
{
  g_auto (CliResult) r = CLI (NULL, "show", name, "--json");
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;

  assert_ok (&r);
  node = json_from_string (r.out, NULL);
  g_assert_nonnull (node);
  object = json_node_get_object (node);
  return g_strdup (json_object_get_string_member_with_default (object, member, NULL));
}

static char *
connectors_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "plugboard", "connectors.json", NULL);
}

/* --- Point 1: PB_HTTP_DEBUG=1 never shows the credential ------------------------------ */

static void
run_debug_test (EchoServer *server,
                const char *name,
                const char *placement_option,
                const char *placement_value,
                const char *redacted_in_log)
{
  g_autofree char *marker = NULL;
  g_autofree char *canary = make_canary (&marker);
  g_autofree char *base = g_strdup_printf ("%s/echo", server->base);
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree char *file = NULL;
  g_autofree char *path = connectors_path ();

  {
    g_auto (CliResult) create
      = strcmp (placement_option, "--header") == 0
          ? CLI (NULL, "create", "--name", name, "--type", "api-key", "--base-url", base,
                 "--header", placement_value, "--prefix", "Bearer")
          : CLI (NULL, "create", "--name", name, "--type", "api-key", "--base-url", base,
                 "--query-param", placement_value);
    g_auto (CliResult) secret = CLI (canary, "set-secret", name, "api-key");

    assert_ok (&create);
    assert_ok (&secret);
  }

  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  {
    g_auto (CliResult) test = CLI (NULL, "test", name);
    g_auto (CliResult) json = CLI (NULL, "test", name, "--json");

    g_assert_cmpint (test.status, ==, PB_CLI_EXIT_CHECK_FAILED);
    g_assert_cmpint (json.status, ==, PB_CLI_EXIT_CHECK_FAILED);
    g_string_append_printf (all, "%s%s%s%s", test.out, test.err, json.out, json.err);
    /* The log ran, and the request and the 401 body were in it, masked. */
    g_assert_nonnull (strstr (test.err, "401"));
    g_assert_nonnull (strstr (test.err, "Invalid API key: [redacted]"));
    g_assert_nonnull (strstr (test.err, "echo=[redacted]"));
    g_assert_nonnull (strstr (test.err, redacted_in_log));
  }
  g_unsetenv ("PB_HTTP_DEBUG");

  assert_lacks_canary (all->str, canary, marker);
  g_assert_true (g_file_get_contents (path, &file, NULL, NULL));
  assert_lacks_canary (file, canary, marker);
}

static void
test_debug_custom_header (void)
{
  g_autoptr (EchoServer) server = echo_server_new ();

  /* "X-Auth" names no secret by itself: only the registration tells the log. */
  run_debug_test (server, "Header Key", "--header", "X-Auth", "X-Auth: [redacted]");
}

static void
test_debug_query_param (void)
{
  g_autoptr (EchoServer) server = echo_server_new ();

  run_debug_test (server, "Query Key", "--query-param", "auth", "?auth=[redacted]");
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Basic (no hand-made check request): PbHttp itself, in a child with PB_HTTP_DEBUG=1. The
 * Authorization header and the echoed "user:password", raw or base64, are masked. */
static void
test_debug_basic_child (void)
{
  g_autoptr (EchoServer) server = echo_server_new ();
  const char *canary = g_getenv ("PB_TEST_CANARY");
  g_autoptr (PbHttp) http = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char *url = g_strdup_printf ("%s/echo", server->base);
  g_autofree char *pair = g_strdup_printf ("alice:%s", canary);
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *header = g_strdup_printf ("Basic %s", b64);
  GAsyncResult *result = NULL;
  g_autoptr (GBytes) body = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs only as the child of /hardening/debug-log/basic");
      return;
    }
  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  http = pb_http_new ();
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  pb_http_message_add_secret (msg, canary);
  pb_http_message_add_secret (msg, pair);
  pb_http_send_async (http, msg, 0, NULL, keep_result, &result);
  PB_TEST_WAIT_FOR (result != NULL, 10);
  body = pb_http_send_finish (http, result, NULL);
  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_object_unref (result);
}

static void
test_debug_basic (void)
{
  g_autofree char *marker = NULL;
  g_autofree char *canary = make_canary (&marker);
  g_autofree char *pair = g_strdup_printf ("alice:%s", canary);
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *pattern_marker = g_strdup_printf ("*%s*", marker);
  g_autofree char *pattern_b64 = g_strdup_printf ("*%s*", b64);

  g_setenv ("PB_TEST_CANARY", canary, TRUE);
  g_test_trap_subprocess ("/hardening/debug-log/basic/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Authorization: [redacted]*");
  g_test_trap_assert_stderr ("*Invalid API key: [redacted]*");
  g_test_trap_assert_stderr ("*b64=[redacted]*");
  g_test_trap_assert_stderr_unmatched (pattern_marker);
  g_test_trap_assert_stderr_unmatched (pattern_b64);
  g_unsetenv ("PB_TEST_CANARY");
}

/* --- Point 2: no URL credential in assist's progress, errors or evidence -------------- */

static void
test_redact_url (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "http://alice:SECRET@host/openapi.json", "http://host/openapi.json" },
    { "https://h/x?token=T&page=2&api_key=K&Signature=S&sig=s&code=c&q=ok",
      "https://h/x?token=[redacted]&page=2&api_key=[redacted]&Signature=[redacted]"
      "&sig=[redacted]&code=[redacted]&q=ok" },
    { "https://h/cb#access_token=A&state=x", "https://h/cb#access_token=[redacted]&state=x" },
    { "https://u@h:8080/p?client_secret=x", "https://h:8080/p?client_secret=[redacted]" },
    { "https://h/docs?page=2", "https://h/docs?page=2" },
    { "https://h/a@b", "https://h/a@b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *safe = pb_redact_url (cases[i].in);

      g_assert_cmpstr (safe, ==, cases[i].out);
    }

  {
    g_autofree char *text
      = pb_redact_text_urls ("Crawling http://a:PW@h/x?password=PW2 and “https://h/y?key=K”.");

    g_assert_cmpstr (text, ==,
                     "Crawling http://h/x?password=[redacted] and “https://h/y?key=[redacted]”.");
  }
}

static void
test_assist_url_credentials (void)
{
  g_autoptr (EchoServer) server = echo_server_new ();
  g_autofree char *marker = NULL;
  g_autofree char *canary = make_canary (&marker);
  g_autofree char *escaped = g_uri_escape_string (canary, NULL, FALSE);
  g_autofree char *closed = NULL;
  g_autofree char *source = NULL;
  g_autofree char *dir = g_build_filename (pb_test_root (), "assist-out", NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.yaml", NULL);
  g_autofree char *evidence = g_build_filename (dir, "evidence.json", NULL);
  g_autoptr (GString) all = g_string_new (NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* A URL nobody answers: the progress line and the error. */
  closed = g_strdup_printf ("http://alice:%s@127.0.0.1:1/openapi.json?token=%s&page=2", escaped,
                            escaped);
  {
    g_auto (CliResult) r = CLI (NULL, "assist", closed);

    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, "http://127.0.0.1:1/openapi.json?token=[redacted]&page=2"));
    g_string_append_printf (all, "%s%s", r.out, r.err);
  }

  /* A spec that is found: progress, manifest and evidence file. */
  source = g_strdup_printf ("http://alice:%s@127.0.0.1:%s/openapi.json?access_token=%s",
                            escaped, strrchr (server->base, ':') + 1, escaped);
  {
    g_auto (CliResult) r = CLI (NULL, "assist", source, "-o", manifest, "--evidence", evidence);

    assert_ok (&r);
    g_string_append_printf (all, "%s%s", r.out, r.err);
  }
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (evidence, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "openapi.json?access_token=[redacted]"));
    g_string_append (all, text);
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
    g_string_append (all, text);
  }
  assert_lacks_canary (all->str, canary, marker);
  g_assert_null (strstr (all->str, "alice"));
}

/* --- Point 3: control characters refused at every entry point; no "Connected" without the
 * credential -------------------------------------------------------------------------- */

static void
test_control_characters (void)
{
  g_autofree char *path = connectors_path ();

  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Evil", "--type", "api-key",
                                "--prefix", "Bearer\r\nX-Injected: yes");
    assert_refused (&r, PB_CLI_EXIT_USAGE, "--prefix");
    g_assert_nonnull (strstr (r.err, "line break"));
  }
  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Evil", "--type", "api-key",
                                "--base-url", "https://api.example.com/\r\nX: y");
    assert_refused (&r, PB_CLI_EXIT_INVALID_URL, "--base-url");
  }
  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Evil", "--type", "oauth2",
                                "--client-id", "id\nmore");
    assert_refused (&r, PB_CLI_EXIT_USAGE, "--client-id");
  }
  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Evil", "--type", "oauth2",
                                "--scope", "read", "--scope", "write\r\nX: y");
    assert_refused (&r, PB_CLI_EXIT_USAGE, "--scope");
  }
  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Evil", "--type", "basic",
                                "--username", "bob\x01");
    assert_refused (&r, PB_CLI_EXIT_USAGE, "--username");
  }
  {
    g_auto (CliResult) list = CLI (NULL, "list", "--json");

    assert_ok (&list);
    g_assert_null (strstr (list.out, "Evil"));
  }

  /* edit and set-secret: refused, and the stored values stay as they were. */
  {
    g_auto (CliResult) create = CLI (NULL, "create", "--name", "Calm", "--type", "api-key",
                                     "--base-url", "https://api.example.com", "--prefix", "Token");
    g_auto (CliResult) edit = CLI (NULL, "edit", "Calm", "--prefix", "Bearer\nX: y");
    g_auto (CliResult) secret = CLI ("abc\r\ndef\n", "set-secret", "Calm", "api-key");
    g_auto (CliResult) show = CLI (NULL, "show", "Calm", "--json");
    g_autofree char *prefix = NULL;
    g_autofree char *file = NULL;

    assert_ok (&create);
    assert_refused (&edit, PB_CLI_EXIT_USAGE, "--prefix");
    assert_refused (&secret, PB_CLI_EXIT_USAGE, "line break");
    prefix = show_member ("Calm", "auth-prefix");
    g_assert_cmpstr (prefix, ==, "Token");
    assert_ok (&show);
    g_assert_nonnull (strstr (show.out, "\"api-key\" : false"));   /* nothing was stored */
    g_assert_true (g_file_get_contents (path, &file, NULL, NULL));
    g_assert_null (strstr (file, "\\r"));
  }
}

static void
test_rules_functions (void)
{
  g_autoptr (GError) error = NULL;

  /* One function per rule, used by the CLI, the connector page and the setup fields. */
  g_assert_true (pb_validate_single_line ("X", "Bearer", NULL));
  g_assert_false (pb_validate_single_line ("Value prefix", "a\u2028b", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Value prefix"));
  g_clear_error (&error);
  g_assert_false (pb_validate_connector_property ("auth-prefix", "Prefix", "a\tb", NULL));
  g_assert_false (pb_validate_connector_property ("client-id", "Client ID", "a\nb", NULL));
  g_assert_false (pb_validate_connector_property ("scopes", "Scopes", "a\rb", NULL));
  g_assert_false (pb_validate_connector_property ("username", "User", "a:b", NULL));
  g_assert_false (pb_validate_connector_property ("auth-header", "Header", "content-length",
                                                  NULL));
  g_assert_false (pb_validate_connector_property ("token-url", "Token URL",
                                                  "https://h/t?client_secret=x", NULL));
  g_assert_true (pb_validate_connector_property ("token-url", "Token URL",
                                                 "https://h/t?audience=api", NULL));
  g_assert_true (pb_validate_connector_property ("auth-header", "Header", "X-Auth", NULL));
  g_assert_false (pb_validate_secret ("Key", "k\n", NULL));
  g_assert_true (pb_validate_secret ("Key", "k+/=&", NULL));
}

/* Settings saved before these checks (an older version, an edited file) can still hold a
 * line break: libsoup then drops the header. The test must not send, and never says
 * "connected", even to a service that answers 200 to anything. */
static void
test_no_success_without_credential (void)
{
  g_autoptr (EchoServer) server = echo_server_new ();
  g_autofree char *base = g_strdup_printf ("%s/anything", server->base);
  g_autofree char *path = connectors_path ();
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *items;

  {
    g_auto (CliResult) create = CLI (NULL, "create", "--name", "Old", "--type", "api-key",
                                     "--base-url", base, "--header", "X-Auth", "--prefix",
                                     "Bearer");
    g_auto (CliResult) secret = CLI ("old-key-1", "set-secret", "Old", "api-key");
    g_auto (CliResult) before = CLI (NULL, "test", "Old");

    assert_ok (&create);
    assert_ok (&secret);
    assert_ok (&before);   /* the server takes anything */
    g_assert_cmpuint (server->n_open, ==, 1);
  }

  /* Put a line break into the saved prefix, as an old version or a hand edit could. */
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (root), "connectors");
  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "name"), "Old") == 0)
        json_object_set_string_member (item, "auth-prefix", "Bearer\r\nX-Injected: yes");
    }
  g_clear_pointer (&text, g_free);
  text = json_to_string (root, TRUE);
  g_assert_true (g_file_set_contents (path, text, -1, &error));

  {
    g_auto (CliResult) r = CLI (NULL, "test", "Old", "--json");
    g_autoptr (JsonNode) node = json_from_string (r.out, NULL);
    JsonObject *object;

    g_assert_cmpint (r.status, ==, PB_CLI_EXIT_CHECK_FAILED);
    g_assert_nonnull (node);
    object = json_node_get_object (node);
    g_assert_false (json_object_get_boolean_member (object, "connected"));
    g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "credential-not-sent");
    g_assert_null (strstr (r.err, "CRITICAL"));
    g_assert_cmpuint (server->n_open, ==, 1);   /* nothing was sent */
  }
  {
    g_autofree char *state = show_member ("Old", "state");

    g_assert_cmpstr (state, ==, "needs-attention");
  }
}

/* --- Point 4: more values refused ------------------------------------------------------ */

static void
test_more_values_refused (void)
{
  g_autofree char *marker = NULL;
  g_autofree char *canary = make_canary (&marker);
  g_autofree char *escaped = g_uri_escape_string (canary, NULL, FALSE);
  g_autofree char *token_url
    = g_strdup_printf ("https://auth.example.com/token?client_secret=%s", escaped);
  g_autofree char *path = connectors_path ();
  g_autofree char *file = NULL;

  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Leaky", "--type", "oauth2",
                                "--token-url", token_url);
    assert_refused (&r, PB_CLI_EXIT_INVALID_URL, "--token-url");
    g_assert_nonnull (strstr (r.err, "client_secret"));
    assert_lacks_canary (r.err, canary, marker);
  }
  {
    const char *headers[] = { "Host", "Content-Length", "transfer-encoding", "Connection" };

    for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
      {
        g_auto (CliResult) r = CLI (NULL, "create", "--name", "Hdr", "--type", "api-key",
                                    "--header", headers[i]);
        assert_refused (&r, PB_CLI_EXIT_USAGE, "--header");
      }
  }
  {
    g_auto (CliResult) r = CLI (NULL, "create", "--name", "Colon", "--type", "basic",
                                "--username", "bob:builder");
    assert_refused (&r, PB_CLI_EXIT_USAGE, "“:”");
  }
  if (g_file_get_contents (path, &file, NULL, NULL))
    {
      assert_lacks_canary (file, canary, marker);
      g_assert_null (strstr (file, "Leaky"));
      g_assert_null (strstr (file, "Colon"));
    }
}

static void
test_names (void)
{
  g_autofree char *long_name = g_strnfill (101, 'n');
  g_autofree char *max_name = g_strnfill (100, 'm');
  const char *bad[] = {
    "\u202Egnp.exe",         /* right-to-left override */
    "Pay\u2066pal\u2069",    /* isolates */
    "Git\u200Bhub",          /* zero-width space */
    "\uFEFFBOM",             /* zero-width no-break space */
    "\u00A0\u00A0",          /* only NBSP */
    " \u2003 ",              /* only spaces */
    long_name,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto (CliResult) r = CLI (NULL, "create", "--name", bad[i], "--type", "api-key");

      assert_refused (&r, PB_CLI_EXIT_CONFLICT, "name");
    }

  {
    /* Trimmed of NBSP and NFC-normalized; unique case-insensitively after that. */
    g_auto (CliResult) ok = CLI (NULL, "create", "--name", "\u00A0Cafe\u0301 \u00A0", "--type",
                                 "api-key");
    g_auto (CliResult) dup = CLI (NULL, "create", "--name", "CAF\u00C9", "--type", "api-key");
    g_auto (CliResult) max = CLI (NULL, "create", "--name", max_name, "--type", "api-key");
    g_auto (CliResult) show = CLI (NULL, "show", "caf\u00e9");
    g_autofree char *name = show_member ("café", "name");

    assert_ok (&ok);
    assert_refused (&dup, PB_CLI_EXIT_CONFLICT, "already");
    assert_ok (&max);
    assert_ok (&show);
    g_assert_cmpstr (name, ==, "Caf\u00e9");
  }

  {
    g_autofree char *a = pb_validate_name_key ("  STRASSE\u00A0");
    g_autofree char *b = pb_validate_name_key ("stra\u00dfe");

    g_assert_cmpstr (a, ==, b);
  }
}

/* --- Point 15: an argument that is not text ------------------------------------------- */

static void
test_invalid_utf8_argument (void)
{
  g_auto (CliResult) option = CLI (NULL, "create", "--name", "bad\xff\xfename", "--type",
                                   "api-key");
  g_auto (CliResult) inline_option = CLI (NULL, "create", "--name=bad\xc3", "--type", "api-key");
  g_auto (CliResult) positional = CLI (NULL, "show", "bad\xffname");

  assert_refused (&option, PB_CLI_EXIT_USAGE, "--name");
  assert_refused (&inline_option, PB_CLI_EXIT_USAGE, "--name");
  assert_refused (&positional, PB_CLI_EXIT_USAGE, "Argument 1");
  g_assert_null (strstr (option.err, "Invalid byte sequence"));
  g_assert_nonnull (strstr (option.err, "not valid text"));
}

/* --- plugboard-cli test ---------------------------------------------------------------- */

static void
test_test_command (void)
{
  g_autoptr (EchoServer) server = echo_server_new ();
  g_autofree char *marker = NULL;
  g_autofree char *canary = make_canary (&marker);
  g_autofree char *base = g_strdup_printf ("%s/ok", server->base);
  g_autoptr (GString) all = g_string_new (NULL);

  server->expected_key = g_strdup (canary);

  {
    g_auto (CliResult) create = CLI (NULL, "create", "--name", "Tested", "--type", "api-key",
                                     "--base-url", base, "--header", "X-Auth", "--prefix",
                                     "Bearer");
    g_auto (CliResult) missing = CLI (NULL, "test", "Tested", "--json");
    g_auto (CliResult) secret = CLI (canary, "set-secret", "Tested", "api-key");
    g_auto (CliResult) unknown = CLI (NULL, "test", "Nobody");
    g_auto (CliResult) usage = CLI (NULL, "test");

    assert_ok (&create);
    assert_ok (&secret);
    g_assert_cmpint (missing.status, ==, PB_CLI_EXIT_CHECK_FAILED);
    g_assert_nonnull (strstr (missing.out, "\"incomplete\""));
    assert_refused (&unknown, PB_CLI_EXIT_NOT_FOUND, "Nobody");
    assert_refused (&usage, PB_CLI_EXIT_USAGE, "name");
  }

  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  {
    g_auto (CliResult) text = CLI (NULL, "test", "Tested");
    g_auto (CliResult) json = CLI (NULL, "test", "Tested", "--json");
    g_autoptr (JsonNode) node = json_from_string (json.out, NULL);
    JsonObject *object;
    g_autofree char *state = NULL;

    assert_ok (&text);
    assert_ok (&json);
    g_assert_nonnull (text.out);
    g_assert_cmpstr (text.out, !=, "");
    g_assert_nonnull (node);
    object = json_node_get_object (node);
    g_assert_true (json_object_get_boolean_member (object, "connected"));
    g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "ok");
    g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 200);
    g_assert_true (json_object_has_member (object, "summary"));
    g_assert_true (json_object_has_member (object, "suggestion"));
    g_assert_true (json_object_has_member (object, "details"));
    g_assert_nonnull (strstr (text.err, "X-Auth: [redacted]"));
    g_string_append_printf (all, "%s%s%s%s", text.out, text.err, json.out, json.err);
    state = show_member ("Tested", "state");
    g_assert_cmpstr (state, ==, "ready");
  }

  {
    /* A wrong key: refused, exit 20 as `setup`, the same explanation as the app. */
    g_auto (CliResult) secret = CLI ("wrong-key", "set-secret", "Tested", "api-key");
    g_auto (CliResult) json = CLI (NULL, "test", "Tested", "--json");
    g_autoptr (JsonNode) node = NULL;
    JsonObject *object;

    assert_ok (&secret);
    g_assert_cmpint (json.status, ==, PB_CLI_EXIT_CHECK_FAILED);
    node = json_from_string (json.out, NULL);
    g_assert_nonnull (node);
    object = json_node_get_object (node);
    g_assert_false (json_object_get_boolean_member (object, "connected"));
    g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "refused");
    g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 401);
    g_assert_nonnull (json_object_get_string_member (object, "suggestion"));
    g_string_append_printf (all, "%s%s", json.out, json.err);
  }
  g_unsetenv ("PB_HTTP_DEBUG");

  assert_lacks_canary (all->str, canary, marker);
  pb_test_assert_tree_lacks (pb_test_root (), marker);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/debug-log/custom-header", test_debug_custom_header);
  g_test_add_func ("/hardening/debug-log/query-param", test_debug_query_param);
  g_test_add_func ("/hardening/debug-log/basic", test_debug_basic);
  g_test_add_func ("/hardening/debug-log/basic/child", test_debug_basic_child);
  g_test_add_func ("/hardening/redact-url", test_redact_url);
  g_test_add_func ("/hardening/assist-url-credentials", test_assist_url_credentials);
  g_test_add_func ("/hardening/control-characters", test_control_characters);
  g_test_add_func ("/hardening/rules", test_rules_functions);
  g_test_add_func ("/hardening/no-success-without-credential",
                   test_no_success_without_credential);
  g_test_add_func ("/hardening/more-values-refused", test_more_values_refused);
  g_test_add_func ("/hardening/names", test_names);
  g_test_add_func ("/hardening/invalid-utf8-argument", test_invalid_utf8_argument);
  g_test_add_func ("/hardening/test-command", test_test_command);
  return g_test_run ();
}
