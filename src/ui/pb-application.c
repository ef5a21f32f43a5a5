/* pb-application.c: the AdwApplication; owns app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-error.h"
#include "pb-builder-assist-window.h"
#include "pb-window.h"
#include "pb-ui-resources.h"

struct _PbApplication
{
  AdwApplication parent_instance;

  PbConnectorStore *store;
  PbTokenManager *token_manager;
  GListStore *builder_projects;  /* PbBuilderProject, sorted by name */
  char *builder_dir;
  PbAgentStore *agents;
  PbAuditLog *audit;
  PbBroker *broker;
  char *load_error;
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, ADW_TYPE_APPLICATION)

static void
pb_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (pb_window_new (PB_APPLICATION (app)));

  gtk_window_present (window);
}

static PbWindow *
main_window (PbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PB_IS_WINDOW (window))
    return PB_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (PB_IS_WINDOW (l->data))
        return l->data;
    }
  return pb_window_new (self);
}

/* `plugboard FILE.yaml`: each manifest becomes a Builder project, shown in the main window. */
static void
pb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PbApplication *self = PB_APPLICATION (app);
  PbWindow *window = main_window (self);

  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < n_files; i++)
    pb_window_import_manifest_file (window, files[i]);
}

static void
pb_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  PbApplication *self = user_data;
  static const char *developers[] = { "The Plugboard authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Plugboard"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Plugboard authors"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "copyright", "© 2026 The Plugboard authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
pb_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* "Build from API Docs": AI Assist makes a new Builder project (New Connector offers it). */
static void
pb_application_builder_assist_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  PbWindow *window = main_window (PB_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (pb_builder_assist_window_new (GTK_WINDOW (window), NULL)));
}

static const GActionEntry app_actions[] = {
  { "about", pb_application_about_action },
  { "builder-assist", pb_application_builder_assist_action },
  { "quit", pb_application_quit_action },
};

static void
pb_application_load_store (PbApplication *self)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GError) error = NULL;

  self->store = pb_connector_store_new (NULL, NULL);
  pb_connector_store_set_autosave_delay (self->store,
                                         g_settings_get_uint (settings, "autosave-delay"));
  /* A broken file is moved aside and reported by the window (load_warning); only a file
   * that could be neither read nor moved ends here, and then nothing is written over it. */
  if (!pb_connector_store_load (self->store, &error))
    self->load_error = g_strdup (error->message);
}

static void
builder_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (PbApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  GtkWindow *window;

  g_application_release (G_APPLICATION (self));
  if (pb_builder_project_save_finish (PB_BUILDER_PROJECT (object), result, &error))
    return;
  /* The edit stays in the open project; the next change tries again. */
  g_warning ("%s", error->message);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (PB_IS_WINDOW (window))
    pb_window_add_toast (PB_WINDOW (window), error->message);
}

/* Every save of a Builder project holds the application until the file is written, so
 * closing the window right after a change loses nothing; DONE releases it. */
static void
save_builder_project (PbApplication       *self,
                      PbBuilderProject    *project,
                      GAsyncReadyCallback  done)
{
  g_application_hold (G_APPLICATION (self));
  pb_builder_project_save_async (project, pb_application_get_builder_dir (self), NULL, done,
                                 g_object_ref (self));
}

/* Builder projects save as the user types, like connectors. */
static void
builder_project_changed_cb (PbBuilderProject *project,
                            PbApplication    *self)
{
  save_builder_project (self, project, builder_saved_cb);
}

static void
builder_project_name_cb (PbBuilderProject *project,
                         GParamSpec       *pspec,
                         PbApplication    *self)
{
  builder_project_changed_cb (project, self);
}

static void
watch_builder_project (PbApplication    *self,
                       PbBuilderProject *project)
{
  g_signal_connect_object (project, "changed", G_CALLBACK (builder_project_changed_cb), self, 0);
  g_signal_connect_object (project, "notify::name", G_CALLBACK (builder_project_name_cb),
                           self, 0);
  g_signal_connect_object (project, "notify::connector-id",
                           G_CALLBACK (builder_project_name_cb), self, 0);
}

static void
pb_application_load_builder_projects (PbApplication *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) projects = NULL;

  self->builder_dir = pb_builder_project_default_dir ();
  projects = pb_builder_project_load_all (self->builder_dir, &error);
  if (projects == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  g_list_store_splice (self->builder_projects, 0, 0, projects->pdata, projects->len);
  for (guint i = 0; i < projects->len; i++)
    watch_builder_project (self, projects->pdata[i]);
}

/* A sign-in that cannot be renewed any more: tell the user in the window they look at. */
static void
reconnect_needed_cb (PbApplication *self,
                     PbConnector   *connector)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!PB_IS_WINDOW (window))
    {
      window = NULL;
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
        {
          if (PB_IS_WINDOW (l->data))
            {
              window = l->data;
              break;
            }
        }
    }
  if (window != NULL)
    pb_window_show_reconnect_toast (PB_WINDOW (window), connector);
}

/* Agents and the broker: it runs while the app is open. PB_BROKER_PORT picks the port;
 * otherwise the usual one, or any free one when that is taken (plugboard-cli serve). */
static void
pb_application_start_broker (PbApplication *self)
{
  g_autoptr (PbCredentialSource) credentials = NULL;
  g_autoptr (GError) error = NULL;
  const char *port_env = g_getenv ("PB_BROKER_PORT");
  guint port = port_env != NULL ? (guint) g_ascii_strtoull (port_env, NULL, 10)
                                : PB_APPLICATION_BROKER_PORT;

  self->agents = pb_agent_store_new (NULL, self->store);
  if (!pb_agent_store_load (self->agents, &error))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }
  self->audit = pb_audit_log_new (NULL, 0);
  credentials = pb_credential_source_new (self->store, self->token_manager);
  self->broker = pb_broker_new (self->agents, credentials, self->audit);
  if (!pb_broker_listen (self->broker, port, &error) && port != 0)
    {
      g_clear_error (&error);
      pb_broker_listen (self->broker, 0, &error);
    }
  if (error != NULL)
    g_warning ("The broker for agents is not running: %s", error->message);
}

static void
pb_application_startup (GApplication *app)
{
  PbApplication *self = PB_APPLICATION (app);

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (app);

  pb_application_load_store (self);
  pb_application_load_builder_projects (self);
  self->token_manager = pb_token_manager_new (self->store, NULL);
  g_signal_connect_object (self->token_manager, "reconnect-needed",
                           G_CALLBACK (reconnect_needed_cb), self, G_CONNECT_SWAPPED);

  pb_application_start_broker (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<primary>w", NULL });
}

static void
pb_application_shutdown (GApplication *app)
{
  PbApplication *self = PB_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  if (self->store != NULL && self->load_error == NULL
      && !pb_connector_store_flush (self->store, &error))
    g_warning ("Could not save the connectors: %s", error->message);

  if (self->broker != NULL)
    pb_broker_stop (self->broker);
  g_clear_error (&error);
  if (self->agents != NULL && !pb_agent_store_save (self->agents, &error))
    g_warning ("Could not save the agents: %s", error->message);
  G_APPLICATION_CLASS (pb_application_parent_class)->shutdown (app);
}

static void
pb_application_finalize (GObject *object)
{
  PbApplication *self = PB_APPLICATION (object);

  g_clear_object (&self->broker);
  g_clear_object (&self->audit);
  g_clear_object (&self->agents);
  g_clear_object (&self->token_manager);
  g_clear_object (&self->store);
  g_clear_object (&self->builder_projects);
  g_clear_pointer (&self->builder_dir, g_free);
  g_clear_pointer (&self->load_error, g_free);

  G_OBJECT_CLASS (pb_application_parent_class)->finalize (object);
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pb_application_finalize;
  app_class->activate = pb_application_activate;
  app_class->open = pb_application_open;
  app_class->startup = pb_application_startup;
  app_class->shutdown = pb_application_shutdown;

  /* The templates live in this static library: referencing the resource links it in. */
  g_type_ensure (G_TYPE_RESOURCE);
  (void) pb_ui_get_resource ();
}

static void
pb_application_init (PbApplication *self)
{
  self->builder_projects = g_list_store_new (PB_TYPE_BUILDER_PROJECT);
}

PbApplication *
pb_application_new (void)
{
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", PB_RESOURCE_PATH,
                       NULL);
}

PbConnectorStore *
pb_application_get_store (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->store;
}

const char *
pb_application_get_load_error (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->load_error;
}

PbTokenManager *
pb_application_get_token_manager (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);
  return self->token_manager;
}

GListModel *
pb_application_get_builder_projects (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);
  return G_LIST_MODEL (self->builder_projects);
}

static int
compare_projects (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return pb_builder_project_compare_names ((PbBuilderProject *) a, (PbBuilderProject *) b);
}

/* An imported project's first save ended; on failure the window says so. */
static void
imported_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PbApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWindow *window;

  g_application_release (G_APPLICATION (self));
  if (pb_builder_project_save_finish (PB_BUILDER_PROJECT (object), result, &error))
    return;
  g_warning ("%s", error->message);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!PB_IS_WINDOW (window))
    return;
  /* Translators: %s says what failed (the project's name, the folder or file and why) */
  body = g_strdup_printf (_("%s\n\nThe project stays open and the manifest file is unchanged. "
                            "Plugboard tries to save the project again at your next change: "
                            "free some space or fix the folder's permissions, then edit it."),
                          error->message);
  pb_window_show_error (PB_WINDOW (window), _("Imported Project Not Saved"), body);
}

typedef struct {
  PbApplication    *app;
  PbBuilderProject *project;
} ImportSave;

static void
import_save_free (gpointer data)
{
  ImportSave *save = data;

  g_object_unref (save->app);
  g_object_unref (save->project);
  g_free (save);
}

/* After the page is drawn (a low-priority idle runs after the frame): the snapshot is taken
 * here and written in a worker thread. */
static gboolean
save_imported_cb (gpointer data)
{
  ImportSave *save = data;

  save_builder_project (save->app, save->project, imported_saved_cb);
  g_application_release (G_APPLICATION (save->app));   /* the import's hold, until now */
  return G_SOURCE_REMOVE;
}

PbBuilderProject *
pb_application_import_manifest (PbApplication  *self,
                                GFile          *file,
                                GError        **error)
{
  g_autoptr (PbBuilderProject) project = NULL;
  ImportSave *save;

  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  project = pb_builder_project_new_from_manifest_file (file, error);
  if (project == NULL)
    return NULL;
  /* Listed at once and saved once shown: the write and its fsync are not the user's wait.
   * The application is held until the file is written, so quitting does not lose it. */
  g_list_store_insert_sorted (self->builder_projects, project, compare_projects, NULL);
  watch_builder_project (self, project);
  save = g_new0 (ImportSave, 1);
  save->app = g_object_ref (self);
  save->project = g_object_ref (project);
  g_application_hold (G_APPLICATION (self));
  g_idle_add_full (G_PRIORITY_LOW, save_imported_cb, save, import_save_free);
  return project;
}

gboolean
pb_application_add_builder_project (PbApplication     *self,
                                    PbBuilderProject  *project,
                                    GError           **error)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), FALSE);

  if (self->builder_dir == NULL)
    self->builder_dir = pb_builder_project_default_dir ();
  if (!pb_builder_project_save (project, self->builder_dir, error))
    return FALSE;
  g_list_store_insert_sorted (self->builder_projects, project, compare_projects, NULL);
  watch_builder_project (self, project);
  return TRUE;
}

const char *
pb_application_get_builder_dir (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  if (self->builder_dir == NULL)
    self->builder_dir = pb_builder_project_default_dir ();
  return self->builder_dir;
}

PbAgentStore *
pb_application_get_agent_store (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);
  return self->agents;
}

PbAuditLog *
pb_application_get_audit_log (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);
  return self->audit;
}

PbBroker *
pb_application_get_broker (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);
  return self->broker;
}

gboolean
pb_application_rename_builder_project (PbApplication     *self,
                                       PbBuilderProject  *project,
                                       const char        *name,
                                       GError           **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *old_name = NULL;

  g_return_val_if_fail (PB_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_NAME, _("A project needs a name"));
      return FALSE;
    }
  old_name = g_strdup (pb_builder_project_get_name (project));
  pb_builder_project_set_name (project, trimmed);
  if (!pb_builder_project_save (project, pb_application_get_builder_dir (self), error))
    {
      pb_builder_project_set_name (project, old_name);
      return FALSE;
    }
  /* One items-changed for the new order: the project never leaves the list. */
  g_list_store_sort (self->builder_projects, compare_projects, NULL);
  return TRUE;
}

gboolean
pb_application_delete_builder_project (PbApplication     *self,
                                       PbBuilderProject  *project,
                                       GError           **error)
{
  g_autoptr (PbBuilderProject) keep = NULL;
  guint position;

  g_return_val_if_fail (PB_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), FALSE);

  keep = g_object_ref (project);
  if (!pb_builder_project_delete (project, pb_application_get_builder_dir (self), error))
    return FALSE;
  /* No autosave may bring the file back. */
  g_signal_handlers_disconnect_by_data (project, self);
  if (g_list_store_find (self->builder_projects, project, &position))
    g_list_store_remove (self->builder_projects, position);
  return TRUE;
}
