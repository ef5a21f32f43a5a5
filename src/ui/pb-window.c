/* pb-window.c: the main window: the connectors and Builder projects beside the selected one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-builder-list.h"
#include "pb-builder-page.h"
#include "pb-builder-warm-up.h"
#include "pb-agent-list.h"
#include "pb-agent-page.h"
#include "pb-connector-page.h"
#include "pb-connector-row.h"
#include "pb-new-connector-dialog.h"
#include "pb-setup-window.h"
#include "pb-window.h"

struct _PbWindow
{
  AdwApplicationWindow parent_instance;

  PbConnectorStore *store;
  GSettings *settings;
  PbConnectorPage *page;    /* the page shown, owned by content_stack */
  gboolean warned;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkListBox *connector_list;
  PbBuilderList *builder_list;
  PbAgentList *agent_list;
  GtkStack *content_stack;
  GtkOverlay *warm_up_overlay;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, ADW_TYPE_APPLICATION_WINDOW)


enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pb_window_add_toast (PbWindow   *self,
                     const char *title)
{
  g_return_if_fail (PB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
pb_window_show_reconnect_toast (PbWindow    *self,
                                PbConnector *connector)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  /* Translators: %s is a connector's name */
  title
    = g_strdup_printf (_("“%s” needs you to sign in again"), pb_connector_get_name (connector));
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Reconnect"));
  adw_toast_set_action_name (toast, "win.show-connector");
  adw_toast_set_action_target_value (toast, g_variant_new_string (pb_connector_get_id (connector)));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return pb_connector_row_new (PB_CONNECTOR (item));
}

static GtkListBoxRow *
find_row (PbWindow    *self,
          PbConnector *connector)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->connector_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PB_IS_CONNECTOR_ROW (child) &&
          pb_connector_row_get_connector (PB_CONNECTOR_ROW (child)) == connector)
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

static gboolean
store_contains (PbWindow    *self,
                PbConnector *connector)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PbConnector) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (item == connector)
        return TRUE;
    }
  return FALSE;
}

static void
remove_page (PbWindow *self)
{
  if (self->page == NULL)
    return;

  gtk_stack_set_visible_child_name (self->content_stack, "none");
  gtk_stack_remove (self->content_stack, GTK_WIDGET (self->page));
  self->page = NULL;
}

/* The Builder: a project's page shares the content area with the connector pages. */
static void
remove_builder_page (PbWindow *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, "builder");

  if (page == NULL)
    return;
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  gtk_stack_remove (self->content_stack, page);
}

/* Agents: their page shares the content area with the connector pages. */
static void
remove_agent_page (PbWindow *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, "agent");

  if (page == NULL)
    return;
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  gtk_stack_remove (self->content_stack, page);
}

static void
builder_page_back_cb (PbWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
agent_page_back_cb (PbWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
pb_window_show_builder_project (PbWindow         *self,
                                PbBuilderProject *project)
{
  GtkWidget *page;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (PB_IS_BUILDER_PROJECT (project));

  pb_builder_warm_up_cancel (self->warm_up_overlay);
  page = pb_window_get_builder_page (self);
  if (page == NULL || pb_builder_page_get_project (PB_BUILDER_PAGE (page)) != project)
    {
      if (self->page != NULL)
        pb_connector_page_flush (self->page);
      remove_page (self);
      remove_builder_page (self);
      remove_agent_page (self);
      pb_agent_list_unselect (self->agent_list);
      gtk_list_box_unselect_all (self->connector_list);

      page = pb_builder_page_new (project);
      g_object_bind_property (self->leaflet, "folded", page, "folded", G_BINDING_SYNC_CREATE);
      g_signal_connect_object (page, "back", G_CALLBACK (builder_page_back_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, page, "builder");
    }
  gtk_stack_set_visible_child (self->content_stack, page);
  gtk_stack_set_visible_child_name (self->main_stack, "connectors");
  pb_builder_list_select (self->builder_list, project);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

GtkWidget *
pb_window_get_builder_page (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->content_stack, "builder");
}

static void
builder_list_project_activated_cb (PbWindow         *self,
                                   PbBuilderProject *project)
{
  pb_window_show_builder_project (self, project);
}

void
pb_window_show_error (PbWindow   *self,
                      const char *heading,
                      const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (PB_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_manifest_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  pb_window_choose_manifest (PB_WINDOW (widget));
}

static void
agent_page_deleted_cb (PbWindow *self)
{
  remove_agent_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
agent_list_agent_activated_cb (PbWindow *self,
                               PbAgent  *agent)
{
  PbBroker *broker = pb_application_get_broker (
    PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  GtkWidget *page;

  if (self->page != NULL)
    pb_connector_page_flush (self->page);
  remove_page (self);
  remove_agent_page (self);
  remove_builder_page (self);
  pb_builder_list_select (self->builder_list, NULL);
  gtk_list_box_unselect_all (self->connector_list);

  page = pb_agent_page_new (broker, agent);
  g_object_bind_property (self->leaflet, "folded", page, "folded", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (page, "back", G_CALLBACK (agent_page_back_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "deleted", G_CALLBACK (agent_page_deleted_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, page, "agent");
  gtk_stack_set_visible_child (self->content_stack, page);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

void
pb_window_show_connector (PbWindow    *self,
                          PbConnector *connector)
{
  GtkListBoxRow *row;
  GtkWidget *page;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  if (self->page == NULL || pb_connector_page_get_connector (self->page) != connector)
    {
      if (self->page != NULL)
        pb_connector_page_flush (self->page);
      remove_page (self);
      remove_builder_page (self);
      pb_builder_list_select (self->builder_list, NULL);
      remove_agent_page (self);
      pb_agent_list_unselect (self->agent_list);

      page = pb_connector_page_new (self->store, connector);
      g_object_bind_property (self->leaflet, "folded", page, "folded", G_BINDING_SYNC_CREATE);
      gtk_stack_add_child (self->content_stack, page);
      self->page = PB_CONNECTOR_PAGE (page);
    }

  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->page));
  gtk_stack_set_visible_child_name (self->main_stack, "connectors");

  row = find_row (self, connector);
  if (row != NULL && gtk_list_box_get_selected_row (self->connector_list) != row)
    gtk_list_box_select_row (self->connector_list, row);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

GtkWidget *
pb_window_get_connector_page (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->page);
}

PbConnectorStore *
pb_window_get_store (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->store;
}

static void
connector_list_row_activated_cb (PbWindow      *self,
                                 GtkListBoxRow *row)
{
  pb_window_show_connector (self, pb_connector_row_get_connector (PB_CONNECTOR_ROW (row)));
  /* Side by side, the list keeps the focus (arrows go on through it); folded, the page is all
   * there is, so its first empty setting gets it. */
  if (adw_leaflet_get_folded (self->leaflet))
    pb_connector_page_focus_first_empty (self->page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* The highlighted row is the open page: moving through the list with the keyboard opens
 * each connector in turn, so the page (and its Delete button) is never another one's. */
static void
connector_list_row_selected_cb (PbWindow      *self,
                                GtkListBoxRow *row)
{
  PbConnector *connector;

  if (row == NULL || adw_leaflet_get_folded (self->leaflet))
    return;
  connector = pb_connector_row_get_connector (PB_CONNECTOR_ROW (row));
  if (self->page != NULL && pb_connector_page_get_connector (self->page) == connector)
    return;
  pb_window_show_connector (self, connector);
}

static gboolean
has_builder_projects (PbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return PB_IS_APPLICATION (app)
         && g_list_model_get_n_items (pb_application_get_builder_projects (PB_APPLICATION (app)));
}

/* The Builder projects changed: a renamed project's row is selected again (the list re-sorts),
 * a deleted project's page closes. */
static void
sync_builder_page (PbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *page = pb_window_get_builder_page (self);
  PbBuilderProject *project;
  guint position;

  if (page == NULL || !PB_IS_APPLICATION (app))
    return;
  project = pb_builder_page_get_project (PB_BUILDER_PAGE (page));
  if (g_list_store_find (G_LIST_STORE (pb_application_get_builder_projects (PB_APPLICATION (app))),
                         project, &position))
    {
      pb_builder_list_select (self->builder_list, project);
      return;
    }
  remove_builder_page (self);
  pb_builder_list_select (self->builder_list, NULL);
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* The list changed (here, or in another program through the file monitor). */
static void
store_items_changed_cb (PbWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  sync_builder_page (self);

  if (self->page != NULL)
    {
      PbConnector *connector = pb_connector_page_get_connector (self->page);

      if (store_contains (self, connector))
        {
          /* Renames re-sort the list: keep the row of the open page selected. */
          GtkListBoxRow *row = find_row (self, connector);

          if (row != NULL)
            gtk_list_box_select_row (self->connector_list, row);
        }
      else
        {
          remove_page (self);
          gtk_list_box_unselect_all (self->connector_list);
          adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
        }
    }

  gtk_stack_set_visible_child_name (self->main_stack,
                                    n > 0 || has_builder_projects (self) ? "connectors" : "empty");
}

static void
application_changed_cb (PbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GListModel *projects;

  pb_agent_list_set_store (self->agent_list, PB_IS_APPLICATION (app)
                           ? pb_application_get_agent_store (PB_APPLICATION (app)) : NULL);
  if (!PB_IS_APPLICATION (app))
    return;
  projects = pb_application_get_builder_projects (PB_APPLICATION (app));
  pb_builder_list_set_model (self->builder_list, projects);
  g_signal_handlers_disconnect_by_func (projects, store_items_changed_cb, self);
  g_signal_connect_object (projects, "items-changed", G_CALLBACK (store_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  store_items_changed_cb (self);
}

static void
connector_created_cb (PbWindow    *self,
                      PbConnector *connector)
{
  pb_window_show_connector (self, connector);
  pb_connector_page_focus_first_empty (self->page);
}

static void
setup_finished_cb (PbWindow    *self,
                   PbConnector *connector)
{
  g_autofree char *title = g_strdup_printf (_("“%s” is ready"), pb_connector_get_name (connector));

  pb_window_show_connector (self, connector);
  pb_window_add_toast (self, title);
}

static void
setup_left_unfinished_cb (PbWindow    *self,
                          PbConnector *connector)
{
  g_autofree char *title = g_strdup_printf (
    _("The setup of “%s” is not finished. Your answers are kept: continue it from its page."),
    pb_connector_get_name (connector));

  pb_window_show_connector (self, connector);
  pb_window_add_toast (self, title);
}

/* A catalog service was chosen: the setup assistant takes over. */
static void
setup_requested_cb (PbWindow     *self,
                    const char   *name,
                    PbDefinition *definition)
{
  g_autoptr (PbSetupModel) model = pb_setup_model_new (self->store, definition, name);
  PbSetupWindow *setup = pb_setup_window_new (GTK_WINDOW (self), model);

  g_signal_connect_object (setup, "finished", G_CALLBACK (setup_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (setup, "left-unfinished", G_CALLBACK (setup_left_unfinished_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (setup));
}

static void
new_connector_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);
  PbNewConnectorDialog *dialog = pb_new_connector_dialog_new (GTK_WINDOW (self), self->store);

  g_signal_connect_object (dialog, "connector-created", G_CALLBACK (connector_created_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "setup-requested", G_CALLBACK (setup_requested_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_load_problems (PbWindow *self)
{
  const char *warning = pb_connector_store_get_load_warning (self->store);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *load_error = NULL;
  AdwMessageDialog *dialog;

  if (self->warned)
    return;
  self->warned = TRUE;

  if (PB_IS_APPLICATION (app))
    load_error = pb_application_get_load_error (PB_APPLICATION (app));
  if (load_error == NULL && warning == NULL)
    return;

  /* A file that could be neither read nor moved aside must not be written over. */
  if (load_error != NULL)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-connector", FALSE);

  /* Told in a dialog, not a toast: the user should know their file was moved aside. The
   * body says what happened in plain words; the parser's text is secondary detail. */
  if (load_error != NULL)
    dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                         _("Connectors Could Not Be Loaded"),
                                                         load_error));
  else
    {
      const char *summary = pb_connector_store_get_load_summary (self->store);
      const char *detail = pb_connector_store_get_load_detail (self->store);

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Some Connectors May Be Missing"),
                                                           summary != NULL ? summary : warning));
      if (detail != NULL)
        {
          GtkWidget *label = gtk_label_new (detail);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_name (label, "load-detail");
          adw_message_dialog_set_extra_child (dialog, label);
        }
    }
  adw_message_dialog_add_response (dialog, "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_connector_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);
  PbConnector *connector
    = pb_connector_store_find_by_id (self->store, g_variant_get_string (parameter, NULL));

  /* It may have been deleted since the toast appeared. */
  if (connector != NULL)
    pb_window_show_connector (self, connector);
}

static void
pb_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pb_window_parent_class)->map (widget);

  show_load_problems (PB_WINDOW (widget));
  /* Once the window is up and idle: the first project opened shows as fast as the next. */
  pb_builder_warm_up_schedule (PB_WINDOW (widget)->warm_up_overlay, 300);
}

static gboolean
pb_window_close_request (GtkWindow *window)
{
  PbWindow *self = PB_WINDOW (window);
  g_autoptr (GError) error = NULL;

  if (self->page != NULL)
    pb_connector_page_flush (self->page);
  if (!pb_connector_store_flush (self->store, &error))
    g_warning ("Could not save the connectors: %s", error->message);

  return GTK_WINDOW_CLASS (pb_window_parent_class)->close_request (window);
}

static void
pb_window_constructed (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  G_OBJECT_CLASS (pb_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  gtk_list_box_bind_model (self->connector_list, G_LIST_MODEL (self->store), create_row_cb, self,
                           NULL);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* "application" is set after construction: the agents and Builder projects follow it. */
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  application_changed_cb (self);
  store_items_changed_cb (self);
}

static void
pb_window_dispose (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_WINDOW);
  self->page = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void
pb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_window_class_init (PbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pb_window_constructed;
  object_class->dispose = pb_window_dispose;
  object_class->get_property = pb_window_get_property;
  object_class->set_property = pb_window_set_property;
  widget_class->map = pb_window_map;
  window_class->close_request = pb_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH "/ui/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, connector_list);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, warm_up_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, builder_list);
  gtk_widget_class_bind_template_callback (widget_class, connector_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, builder_list_project_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, agent_list);
  gtk_widget_class_bind_template_callback (widget_class, agent_list_agent_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, connector_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, connector_list_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "win.new-connector", NULL, new_connector_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.import-manifest", NULL,
                                   import_manifest_action);
  gtk_widget_class_install_action (widget_class, "win.show-connector", "s", show_connector_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-connector", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import-manifest", NULL);

  g_type_ensure (PB_TYPE_CONNECTOR_PAGE);
  g_type_ensure (PB_TYPE_BUILDER_LIST);
  g_type_ensure (PB_TYPE_AGENT_LIST);
}

static void
pb_window_init (PbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Size and maximized state come back at the next start. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

PbWindow *
pb_window_new (PbApplication *application)
{
  g_return_val_if_fail (PB_IS_APPLICATION (application), NULL);

  return g_object_new (PB_TYPE_WINDOW,
                       "application", application,
                       "store", pb_application_get_store (application),
                       NULL);
}
