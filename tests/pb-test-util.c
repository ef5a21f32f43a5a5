/* pb-test-util.c: helpers shared by the tests (files, processes, loopback servers, stores)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pb-test-util.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

const char *
pb_test_root (void)
{
  const char *root = g_getenv ("PB_TEST_ROOT");

  if (root == NULL)
    g_error ("PB_TEST_ROOT is unset: run the tests through `meson test` (the harness sets it)");
  return root;
}

static guint
scan_tree (GFile      *dir,
           const char *needle)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GError) error = NULL;
  guint scanned = 0;

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  if (enumerator == NULL)
    return 0;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) || info == NULL)
        break;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        scanned += scan_tree (child, needle);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (g_file_load_contents (child, NULL, &contents, &length, NULL, NULL))
            {
              g_autofree char *path = g_file_get_path (child);

              scanned++;
              if (memmem (contents, length, needle, strlen (needle)) != NULL)
                g_error ("secret canary found in %s", path);
            }
        }
    }

  return scanned;
}

guint
pb_test_assert_tree_lacks (const char *directory,
                           const char *needle)
{
  g_autoptr (GFile) dir = g_file_new_for_path (directory);

  g_assert_nonnull (needle);
  g_assert_cmpuint (strlen (needle), >, 0);
  return scan_tree (dir, needle);
}

int
pb_test_run_cli (const char * const *argv,
                 const char         *stdin_text,
                 char              **out_stdout,
                 char              **out_stderr)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stdin_path = NULL;
  const char *cli = g_getenv ("PB_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (stdin_text != NULL)
    {
      /* Standard input comes from a file, not a pipe: a command that exits before reading it
       * (a refused argument) must not make the test fail on a broken pipe. */
      int fd = g_file_open_tmp ("pb-cli-stdin-XXXXXX", &stdin_path, &error);

      g_assert_no_error (error);
      close (fd);
      g_file_set_contents (stdin_path, stdin_text, -1, &error);
      g_assert_no_error (error);
      g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
    }

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  if (stdin_path != NULL)
    g_unlink (stdin_path);

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

void
pb_test_settle (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64) msec * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

char *
pb_test_shared_path (const char *relative)
{
  const char *shared = g_getenv ("PB_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, relative, NULL);
}

/* --- Loopback HTTP servers --- */

struct _PbTestServerThread
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServerCallback handler;
  GDestroyNotify stopping;
  gpointer user_data;
  char *base;

  GMutex mutex;
  GCond cond;
  gboolean ready;
};

static gpointer
server_thread (gpointer user_data)
{
  PbTestServerThread *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (SoupServer) server = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, self->handler, self->user_data, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    g_error ("test server: %s", error->message);
  uris = soup_server_get_uris (server);

  g_mutex_lock (&self->mutex);
  self->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  if (self->stopping != NULL)
    self->stopping (self->user_data);
  soup_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

PbTestServerThread *
pb_test_server_thread_new (const char         *name,
                           SoupServerCallback  handler,
                           GDestroyNotify      stopping,
                           gpointer            user_data)
{
  PbTestServerThread *self = g_new0 (PbTestServerThread, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->handler = handler;
  self->stopping = stopping;
  self->user_data = user_data;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new (name, server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

const char *
pb_test_server_thread_get_base (PbTestServerThread *self)
{
  return self->base;
}

GMainContext *
pb_test_server_thread_get_context (PbTestServerThread *self)
{
  return self->context;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
pb_test_server_thread_free (PbTestServerThread *self)
{
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->base);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

void
pb_test_reply (SoupServerMessage *msg,
               guint              status,
               const char        *content_type,
               const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

void
pb_test_reply_json (SoupServerMessage *msg,
                    guint              status,
                    const char        *json)
{
  pb_test_reply (msg, status, "application/json", json);
}

void
pb_test_reply_json_take (SoupServerMessage *msg,
                         guint              status,
                         GString           *body)
{
  gsize length = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), length);
}

/* --- Connector stores on the real disk --- */

char *
pb_test_fresh_connectors_path (const char *prefix)
{
  static guint counter;
  g_autofree char *dir = g_strdup_printf ("%s/%s-%u", pb_test_root (), prefix, ++counter);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_build_filename (dir, "connectors.json", NULL);
}

PbConnectorStore *
pb_test_open_connector_store (const char *path,
                              guint       autosave_delay_ms)
{
  g_autoptr (GError) error = NULL;
  PbConnectorStore *store = pb_connector_store_new (path, NULL);

  if (autosave_delay_ms != 0)
    pb_connector_store_set_autosave_delay (store, autosave_delay_ms);
  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

char *
pb_test_read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}
