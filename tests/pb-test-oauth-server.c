/* pb-test-oauth-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pb-test-oauth-server.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

struct _PbTestOAuthServer {
  GSubprocess *process;
  GOutputStream *stdin_pipe;
  char *issuer;
  SoupSession *session;
};

PbTestOAuthServer *
pb_test_oauth_server_start (guint access_token_ttl)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ttl = g_strdup_printf ("%u", access_token_ttl);
  g_autofree char *node = g_find_program_in_path ("node");
  const char *source_root = g_getenv ("PB_SOURCE_ROOT");
  PbTestOAuthServer *server;
  JsonObject *object;

  g_assert_nonnull (source_root);
  if (node == NULL)
    g_error ("node is not installed: run tools/install-deps.sh");
  script = g_build_filename (source_root, "tests", "oauth", "server.mjs", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "PB_OAUTH_AT_TTL", ttl, TRUE);
  server = g_new0 (PbTestOAuthServer, 1);
  server->process = g_subprocess_launcher_spawn (launcher, &error, node, script, NULL);
  g_assert_no_error (error);
  server->stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (server->process));

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    g_error ("the OAuth test server exited before listening (is `npm ci` done in tests/node?)");

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  server->issuer = g_strdup (json_object_get_string_member (object, "issuer"));
  g_assert_true (g_str_has_prefix (server->issuer, "http://127.0.0.1:"));
  server->session = soup_session_new ();
  return server;
}

void
pb_test_oauth_server_stop (PbTestOAuthServer *server)
{
  if (server == NULL)
    return;
  /* server.mjs exits when its stdin closes. */
  g_output_stream_close (server->stdin_pipe, NULL, NULL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->stdin_pipe);
  g_clear_object (&server->process);
  g_clear_object (&server->session);
  g_free (server->issuer);
  g_free (server);
}

const char *
pb_test_oauth_server_get_issuer (PbTestOAuthServer *server)
{
  return server->issuer;
}

char *
pb_test_oauth_server_url (PbTestOAuthServer *server,
                          const char        *path)
{
  return g_strconcat (server->issuer, path, NULL);
}

void
pb_test_oauth_server_hook (PbTestOAuthServer *server,
                           const char        *hook)
{
  g_autofree char *url = g_strdup_printf ("%s/_test/%s", server->issuer, hook);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static guint
count_member (PbTestOAuthServer *server,
              const char        *group,
              const char        *name)
{
  g_autofree char *url = g_strdup_printf ("%s/_test/stats", server->issuer);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  object = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), group);
  if (!json_object_has_member (object, name))
    return 0;
  return (guint) json_object_get_int_member (object, name);
}

guint
pb_test_oauth_server_count_grants (PbTestOAuthServer *server,
                                   const char        *grant_type)
{
  return count_member (server, "grants", grant_type);
}

guint
pb_test_oauth_server_count_errors (PbTestOAuthServer *server,
                                   const char        *error)
{
  return count_member (server, "errors", error);
}

/* The devInteractions pages have one form; its action is the interaction URL. */
static char *
find_form_action (const char *html)
{
  g_autoptr (GRegex) regex = g_regex_new ("<form[^>]*action=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  if (!g_regex_match (regex, html, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

char *
pb_test_oauth_sign_in (const char        *auth_url,
                       const char        *login,
                       PbTestOAuthAnswer  answer,
                       const char        *redirect_prefix,
                       gboolean           follow_final)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", auth_url);

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  g_assert_nonnull (msg);

  for (guint step = 0; step < 20; step++)
    {
      g_autoptr (GBytes) body = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *html = NULL;
      g_autofree char *action = NULL;
      g_autoptr (SoupMessage) next = NULL;
      guint status;

      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      status = soup_message_get_status (msg);

      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
          g_autoptr (GUri) target = NULL;
          g_autofree char *target_str = NULL;

          g_assert_nonnull (location);
          target = g_uri_parse_relative (soup_message_get_uri (msg), location, SOUP_HTTP_URI_FLAGS, &error);
          g_assert_no_error (error);
          target_str = g_uri_to_string (target);

          if (g_str_has_prefix (target_str, redirect_prefix))
            {
              if (follow_final)
                {
                  g_autoptr (SoupMessage) final = soup_message_new_from_uri ("GET", target);
                  g_autoptr (GBytes) final_body = soup_session_send_and_read (session, final, NULL, &error);

                  g_assert_no_error (error);
                }
              return g_steal_pointer (&target_str);
            }
          next = soup_message_new_from_uri ("GET", target);
        }
      else
        {
          g_assert_cmpuint (status, ==, 200);
          html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
          action = find_form_action (html);
          if (action == NULL)
            g_error ("the authorization server showed a page without a form: %s", html);

          if (strstr (html, "name=\"prompt\" value=\"login\"") != NULL)
            {
              next = soup_message_new_from_encoded_form ("POST", action,
                                                         soup_form_encode ("prompt", "login",
                                                                           "login", login,
                                                                           "password", "any",
                                                                           NULL));
            }
          else if (answer == PB_TEST_OAUTH_DENY)
            {
              g_autofree char *abort_url = g_strconcat (action, "/abort", NULL);

              next = soup_message_new ("GET", abort_url);
            }
          else
            {
              next = soup_message_new_from_encoded_form ("POST", action,
                                                         soup_form_encode ("prompt", "consent", NULL));
            }
        }

      g_assert_nonnull (next);
      g_set_object (&msg, next);
    }

  g_error ("the authorization server never redirected to %s", redirect_prefix);
  return NULL;
}
