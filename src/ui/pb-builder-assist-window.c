/* pb-builder-assist-window.c: the AI Assist window: a new Builder project from API docs, or
 * suggestions for an existing one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-builder-assist-panel.h"
#include "pb-builder-assist-window.h"
#include "pb-builder-suggestions-view.h"
#include "pb-window.h"

struct _PbBuilderAssistWindow
{
  AdwWindow                 parent_instance;

  PbBuilderProject         *project;

  /* Template widgets */
  AdwWindowTitle           *window_title;
  GtkButton                *again_button;
  GtkStack                 *stack;
  PbBuilderAssistPanel     *panel;
  PbBuilderSuggestionsView *suggestions_view;
};

G_DEFINE_FINAL_TYPE (PbBuilderAssistWindow, pb_builder_assist_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A new project from RESULT, added to the application and shown in the main window. */
static void
create_project (PbBuilderAssistWindow *self,
                PbManifest            *result)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  const char *source = pb_builder_assist_panel_get_source (self->panel);
  g_autoptr (PbBuilderProject) project = pb_builder_project_new_from_assist (result, NULL,
                                                                             source);
  g_autoptr (GError) error = NULL;

  if (!PB_IS_APPLICATION (app))
    return;
  if (!pb_application_add_builder_project (PB_APPLICATION (app), project, &error))
    {
      pb_builder_assist_panel_show_error (self->panel, error);
      return;
    }
  if (PB_IS_WINDOW (parent))
    pb_window_show_builder_project (PB_WINDOW (parent), project);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_suggestions (PbBuilderAssistWindow *self,
                  PbManifest            *result)
{
  g_autoptr (PbBuilderSuggestions) suggestions = NULL;
  const char *source = pb_builder_assist_panel_get_source (self->panel);

  if (g_strcmp0 (source, pb_builder_project_get_source (self->project)) != 0)
    {
      pb_builder_project_set_source (self->project, source);
      pb_builder_project_changed (self->project);
    }
  suggestions = pb_builder_suggestions_new (self->project, result);
  pb_builder_suggestions_view_set_suggestions (self->suggestions_view, suggestions);
  gtk_stack_set_visible_child_name (self->stack, "suggestions");
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), TRUE);
}

static void
panel_finished_cb (PbBuilderAssistWindow *self,
                   PbManifest            *result)
{
  if (self->project == NULL)
    create_project (self, result);
  else
    show_suggestions (self, result);
}

static void
again_clicked_cb (PbBuilderAssistWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "panel");
}

static void
pb_builder_assist_window_constructed (GObject *object)
{
  PbBuilderAssistWindow *self = PB_BUILDER_ASSIST_WINDOW (object);

  G_OBJECT_CLASS (pb_builder_assist_window_parent_class)->constructed (object);

  if (self->project == NULL)
    return;
  gtk_window_set_title (GTK_WINDOW (self), _("AI Assist"));
  adw_window_title_set_title (self->window_title, _("AI Assist"));
  g_object_bind_property (self->project, "name", self->window_title, "subtitle",
                          G_BINDING_SYNC_CREATE);
  pb_builder_assist_panel_set_intro (self->panel, _("Look for Changes"),
                                     _("AI Assist reads the documentation or spec again. What it "
                                       "finds comes as suggestions you accept or reject; values "
                                       "you changed yourself are never replaced."));
  pb_builder_assist_panel_set_source (self->panel, pb_builder_project_get_source (self->project));
}

static void
pb_builder_assist_window_dispose (GObject *object)
{
  PbBuilderAssistWindow *self = PB_BUILDER_ASSIST_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_ASSIST_WINDOW);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_assist_window_parent_class)->dispose (object);
}

static void
pb_builder_assist_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PbBuilderAssistWindow *self = PB_BUILDER_ASSIST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_assist_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PbBuilderAssistWindow *self = PB_BUILDER_ASSIST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_assist_window_class_init (PbBuilderAssistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_builder_assist_window_constructed;
  object_class->dispose = pb_builder_assist_window_dispose;
  object_class->get_property = pb_builder_assist_window_get_property;
  object_class->set_property = pb_builder_assist_window_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, PB_TYPE_BUILDER_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_BUILDER_ASSIST_PANEL);
  g_type_ensure (PB_TYPE_BUILDER_SUGGESTIONS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH
                                               "/ui/pb-builder-assist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistWindow, again_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistWindow, panel);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistWindow, suggestions_view);
  gtk_widget_class_bind_template_callback (widget_class, panel_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_builder_assist_window_init (PbBuilderAssistWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_title (GTK_WINDOW (self), _("Build from API Docs"));
}

PbBuilderAssistWindow *
pb_builder_assist_window_new (GtkWindow        *parent,
                              PbBuilderProject *project)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (project == NULL || PB_IS_BUILDER_PROJECT (project), NULL);

  return g_object_new (PB_TYPE_BUILDER_ASSIST_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent)
                                                     : NULL,
                       "project", project,
                       NULL);
}

PbBuilderProject *
pb_builder_assist_window_get_project (PbBuilderAssistWindow *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_ASSIST_WINDOW (self), NULL);
  return self->project;
}
