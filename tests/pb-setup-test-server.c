/* pb-setup-test-server.c: a loopback API for the setup assistant's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "pb-setup-test-server.h"
#include "pb-test-util.h"

struct _PbSetupTestServer
{
  PbTestServerThread *thread;
  const char         *base;
  GPtrArray          *slow;   /* GSource*: answers held back, server thread only */

  GMutex              mutex;
  char               *header;
  char               *query_param;
  char               *value;
  guint               n_requests;
  char               *last_path;
  SoupMessageHeaders *last_headers;
};

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

typedef struct
{
  PbSetupTestServer *server;
  SoupServerMessage *msg;
} SlowAnswer;

static void
slow_answer_free (SlowAnswer *slow)
{
  g_object_unref (slow->msg);
  g_free (slow);
}

static gboolean
unpause_slow (gpointer user_data)
{
  SlowAnswer *slow = user_data;

  pb_test_reply_json (slow->msg, 200, "{\"id\": \"late\"}");
  soup_server_message_unpause (slow->msg);
  g_ptr_array_remove (slow->server->slow, g_main_current_source ());
  return G_SOURCE_REMOVE;
}

/* In the server's own context (g_timeout_add_seconds would use the test's main context and
 * answer from the test's thread, perhaps after the server is gone). */
static void
answer_later (PbSetupTestServer *self,
              SoupServerMessage *msg)
{
  GSource *source = g_timeout_source_new_seconds (10);
  SlowAnswer *slow = g_new0 (SlowAnswer, 1);

  slow->server = self;
  slow->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_source_set_callback (source, unpause_slow, slow, (GDestroyNotify) slow_answer_free);
  g_source_attach (source, pb_test_server_thread_get_context (self->thread));
  g_ptr_array_add (self->slow, source);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  PbSetupTestServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gboolean authorized;

  g_mutex_lock (&self->mutex);
  self->n_requests++;
  g_free (self->last_path);
  self->last_path = g_strdup (path);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  self->last_headers = soup_message_headers_ref (headers);
  if (self->header != NULL)
    authorized = g_strcmp0 (soup_message_headers_get_one (headers, self->header), self->value) == 0;
  else if (self->query_param != NULL)
    authorized = query != NULL && g_strcmp0 (g_hash_table_lookup (query, self->query_param), self->value) == 0;
  else
    authorized = TRUE;
  g_mutex_unlock (&self->mutex);

  if (g_str_has_prefix (path, "/slow"))
    answer_later (self, msg);
  else if (g_str_has_prefix (path, "/missing"))
    pb_test_reply_json (msg, 404, "{\"error\": \"not found\"}");
  else if (g_str_has_prefix (path, "/forbidden"))
    pb_test_reply_json (msg, 403, "{\"error\": \"forbidden\"}");
  else if (g_str_has_prefix (path, "/html"))
    pb_test_reply (msg, 200, "text/html", "<!doctype html><title>Welcome</title>");
  else if (g_str_has_prefix (path, "/ok") || g_str_has_prefix (path, "/us") || g_str_has_prefix (path, "/eu"))
    {
      if (authorized)
        pb_test_reply_json (msg, 200, "{\"id\": \"u1\", \"login\": \"ada\", \"ok\": true}");
      else
        pb_test_reply_json (msg, 401, "{\"error\": \"unauthorized\"}");
    }
  else
    pb_test_reply_json (msg, 404, "{\"error\": \"no such path\"}");
}

/* Answers still held back are dropped in the server's thread, before the server goes. */
static void
stopping (gpointer user_data)
{
  PbSetupTestServer *self = user_data;

  g_clear_pointer (&self->slow, g_ptr_array_unref);
}

PbSetupTestServer *
pb_setup_test_server_new (void)
{
  PbSetupTestServer *self = g_new0 (PbSetupTestServer, 1);

  g_mutex_init (&self->mutex);
  self->slow = g_ptr_array_new_with_free_func (destroy_source);
  self->thread = pb_test_server_thread_new ("test-server", handler, stopping, self);
  self->base = pb_test_server_thread_get_base (self->thread);
  return self;
}

void
pb_setup_test_server_free (PbSetupTestServer *self)
{
  pb_test_server_thread_free (self->thread);
  g_free (self->header);
  g_free (self->query_param);
  g_free (self->value);
  g_free (self->last_path);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
pb_setup_test_server_get_base (PbSetupTestServer *self)
{
  return self->base;
}

void
pb_setup_test_server_expect (PbSetupTestServer *self,
                             const char        *header,
                             const char        *query_param,
                             const char        *value)
{
  g_mutex_lock (&self->mutex);
  g_free (self->header);
  g_free (self->query_param);
  g_free (self->value);
  self->header = g_strdup (header);
  self->query_param = g_strdup (query_param);
  self->value = g_strdup (value);
  g_mutex_unlock (&self->mutex);
}

guint
pb_setup_test_server_get_n_requests (PbSetupTestServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_requests;
  g_mutex_unlock (&self->mutex);
  return n;
}

char *
pb_setup_test_server_dup_last_path (PbSetupTestServer *self)
{
  char *path;

  g_mutex_lock (&self->mutex);
  path = g_strdup (self->last_path);
  g_mutex_unlock (&self->mutex);
  return path;
}

char *
pb_setup_test_server_dup_last_header (PbSetupTestServer *self,
                                      const char        *header)
{
  char *value = NULL;

  g_mutex_lock (&self->mutex);
  if (self->last_headers != NULL)
    value = g_strdup (soup_message_headers_get_one (self->last_headers, header));
  g_mutex_unlock (&self->mutex);
  return value;
}

char *
pb_setup_test_closed_port_url (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  guint16 port;

  /* Bind without listening: the port is ours and refuses connections. */
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* A service like the catalog's, pointed at the loopback server: a required region (enum
 * with a default), a required workspace with a pattern, a secret with a pattern, and
 * optional advanced settings. */
static const char *definition_template =
  "{\"id\": \"acme\", \"name\": \"Acme\", \"kind\": \"api-key\", \"summary\": \"Test service\","
  " \"base_url\": {\"field\": \"region\", \"map\": {\"us\": \"%s/us\", \"eu\": \"%s/eu\"}},"
  " \"auth\": {\"header\": \"Authorization\", \"prefix\": \"Bearer\"},"
  " \"headers\": {\"Acme-Version\": \"2024-01-01\"},"
  " \"schema\": {\"type\": \"object\", \"required\": [\"region\", \"workspace\", \"api-key\"],"
  "  \"properties\": {"
  "   \"region\": {\"type\": \"string\", \"title\": \"Data region\", \"order\": 1, \"enum\": [\"us\", \"eu\"],"
  "     \"enum_titles\": [\"United States\", \"Europe\"], \"default\": \"us\","
  "     \"description\": \"Where your account is hosted.\", \"where\": \"Acme → Settings → Account → Region.\"},"
  "   \"workspace\": {\"type\": \"string\", \"title\": \"Workspace\", \"order\": 2, \"pattern\": \"^[a-z0-9-]+$\","
  "     \"pattern_hint\": \"Use lowercase letters, digits and dashes only.\","
  "     \"description\": \"The short name of your Acme workspace.\", \"why\": \"Every Acme request names the workspace.\","
  "     \"where\": \"Acme → Settings → Workspace → Short name.\"},"
  "   \"api-key\": {\"type\": \"string\", \"title\": \"API key\", \"secret\": true, \"order\": 3,"
  "     \"pattern\": \"^acme_[A-Za-z0-9]{16,}$\", \"pattern_hint\": \"Acme keys start with acme_.\","
  "     \"description\": \"Your Acme API key.\", \"where\": \"Acme → Settings → Developers → API keys.\"},"
  "   \"timeout\": {\"type\": \"integer\", \"title\": \"Timeout\", \"group\": \"Advanced\", \"order\": 10,"
  "     \"minimum\": 1, \"maximum\": 120, \"description\": \"Seconds to wait.\", \"where\": \"Your choice.\"},"
  "   \"sandbox\": {\"type\": \"boolean\", \"title\": \"Sandbox\", \"group\": \"Advanced\", \"order\": 11,"
  "     \"description\": \"Use the sandbox.\", \"where\": \"Your choice.\"}"
  "  }},"
  " \"check\": {\"method\": \"GET\", \"path\": \"/{workspace}/me\", \"status\": 200, \"json_field\": \"id\"}}";

char *
pb_setup_test_definition_json (PbSetupTestServer *self)
{
  return g_strdup_printf (definition_template, self->base, self->base);
}
