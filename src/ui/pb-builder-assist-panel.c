/* pb-builder-assist-panel.c: AI Assist: a docs URL, spec URL or spec file in, live progress,
 * the engine's errors in plain words, a manifest out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-assist.h"
#include "pb-builder-assist-panel.h"
#include "pb-error.h"

/* Older lines scroll out: the list shows what is happening, not a log. */
#define MAX_PROGRESS_LINES 6

struct _PbBuilderAssistPanel
{
  GtkBox        parent_instance;

  GCancellable *cancellable;   /* the run in progress, NULL when idle */
  GtkWidget    *current_row;   /* the progress line being worked on */
  guint         n_lines;

  /* Template widgets */
  GtkLabel     *title_label;
  GtkLabel     *description_label;
  AdwEntryRow  *source_row;
  GtkButton    *choose_button;
  GtkButton    *start_button;
  GtkButton    *cancel_button;
  GtkWidget    *error_box;
  GtkLabel     *error_title;
  GtkLabel     *error_advice;
  GtkLabel     *error_detail;
  GtkWidget    *progress_box;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;
  GtkListBox   *progress_list;
};

G_DEFINE_FINAL_TYPE (PbBuilderAssistPanel, pb_builder_assist_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- errors in plain words ----------------------------------------------------------------- */

static char *
host_of (const char *source)
{
  g_autoptr (GUri) uri = source != NULL ? g_uri_parse (source, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
}

/* TITLE and ADVICE for ERROR, by its code (never by its text). Returns whether the engine's
 * message is worth showing below them: it names the place (line and column, status, file),
 * except for network and TLS failures, whose messages speak the system's language. */
static gboolean
explain (const GError *error,
         const char   *source,
         char        **title,
         char        **advice)
{
  g_autofree char *host = host_of (source);
  int code = error->domain == PB_ERROR ? error->code : PB_ERROR_FAILED;

  switch (code)
    {
    case PB_ERROR_INVALID_URL:
      *title = g_strdup (_("That Address Does Not Look Right"));
      *advice = g_strdup (_("Check the address: it starts with https:// and names the API "
                            "documentation or the spec, like https://example.com/docs."));
      return TRUE;
    case PB_ERROR_INVALID_ARGUMENT:
      *title = g_strdup (_("Nothing to Read"));
      *advice = g_strdup (_("Type the address of the API documentation or of its spec, or "
                            "choose a spec file."));
      return FALSE;
    case PB_ERROR_NETWORK:
      if (host != NULL)
        /* Translators: %s is a host name, such as docs.example.com */
        *title = g_strdup_printf (_("Could Not Reach %s"), host);
      else
        *title = g_strdup (_("Could Not Reach the Server"));
      *advice = g_strdup (_("Check your internet connection and the address, then try again. "
                            "If the site is down, try again later."));
      return FALSE;
    case PB_ERROR_TLS:
      *title = g_strdup (_("Could Not Connect Securely"));
      *advice = g_strdup (_("The site’s security certificate could not be verified, so nothing "
                            "was read from it. Check the address, or try again later."));
      return FALSE;
    case PB_ERROR_HTTP_STATUS:
      *title = g_strdup (_("The Site Refused the Page"));
      *advice = g_strdup (_("Check that the address is right and that the page is public, "
                            "without signing in. You can also download the spec and choose the "
                            "file."));
      return TRUE;
    case PB_ERROR_PARSE:
      *title = g_strdup (_("The Spec Could Not Be Read"));
      *advice = g_strdup (_("It has a syntax error at the place shown below. Fix it there, or "
                            "use another copy of the spec."));
      return TRUE;
    case PB_ERROR_UNSUPPORTED_FORMAT:
      *title = g_strdup (_("Not a Spec AI Assist Can Read"));
      *advice = g_strdup (_("AI Assist reads OpenAPI 3 and Swagger 2 specs (JSON or YAML) and "
                            "HTML documentation. Choose another file or address."));
      return TRUE;
    case PB_ERROR_NOTHING_FOUND:
      *title = g_strdup (_("No API Found"));
      *advice = g_strdup (_("Nothing there looks like an API reference. Try the address of the "
                            "API reference pages, or of the OpenAPI spec itself."));
      return TRUE;
    case PB_ERROR_TOO_LARGE:
      *title = g_strdup (_("Too Large to Read"));
      *advice = g_strdup (_("Try the address of a smaller page, or download the spec and "
                            "choose the file."));
      return TRUE;
    case PB_ERROR_NOT_FOUND:
      *title = g_strdup (_("File Not Found"));
      *advice = g_strdup (_("Check where the file is, or pick it with Choose File."));
      return TRUE;
    case PB_ERROR_NOT_A_FOLDER:
      *title = g_strdup (_("File Cannot Be Reached"));
      *advice = g_strdup (_("A file stands where a folder of its path should be. Check the "
                            "path, or pick the file with Choose File."));
      return TRUE;
    case PB_ERROR_PERMISSION_DENIED:
      *title = g_strdup (_("File Could Not Be Opened"));
      *advice = g_strdup (_("Plugboard is not allowed to read it. Check the file’s permissions, "
                            "or choose a copy of it in your own folders."));
      return TRUE;
    case PB_ERROR_NOT_REGULAR_FILE:
      *title = g_strdup (_("Not a File"));
      *advice = g_strdup (_("Choose the spec file itself: folders, named pipes and devices are "
                            "not read."));
      return TRUE;
    default:
      *title = g_strdup (_("AI Assist Did Not Finish"));
      *advice = g_strdup (_("Try again. If it keeps failing, try the spec file instead of the "
                            "documentation."));
      return TRUE;
    }
}

void
pb_builder_assist_panel_show_error (PbBuilderAssistPanel *self,
                                    const GError         *error)
{
  g_autofree char *title = NULL;
  g_autofree char *advice = NULL;
  gboolean detail;

  g_return_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self));
  g_return_if_fail (error != NULL);

  detail = explain (error, pb_builder_assist_panel_get_source (self), &title, &advice);
  gtk_label_set_label (self->error_title, title);
  gtk_label_set_label (self->error_advice, advice);
  gtk_label_set_label (self->error_detail, detail ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail), detail);
  gtk_widget_set_visible (self->error_box, TRUE);
}

/* --- progress ------------------------------------------------------------------------------ */

static void
finish_current_row (PbBuilderAssistPanel *self,
                    gboolean              done)
{
  GtkWidget *box, *old, *icon;

  if (self->current_row == NULL)
    return;
  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self->current_row));
  old = gtk_widget_get_first_child (box);
  icon = gtk_image_new_from_icon_name (done ? "object-select-symbolic"
                                            : "window-close-symbolic");
  gtk_widget_add_css_class (icon, done ? "success" : "dim-label");
  gtk_box_remove (GTK_BOX (box), old);
  gtk_box_prepend (GTK_BOX (box), icon);
  self->current_row = NULL;
}

static void
add_line (PbBuilderAssistPanel *self,
          const char           *message)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("content-loading-symbolic");
  GtkWidget *label = gtk_label_new (message);

  finish_current_row (self, TRUE);
  gtk_widget_add_css_class (row, "pb-progress-line");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  /* The heading spins; the line being worked on waits, the ones before it are ticked. */
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->progress_list, row);
  self->current_row = row;

  if (++self->n_lines > MAX_PROGRESS_LINES)
    {
      gtk_list_box_remove (self->progress_list,
                           GTK_WIDGET (gtk_list_box_get_row_at_index (self->progress_list, 0)));
      self->n_lines--;
    }
  gtk_widget_set_visible (self->progress_box, TRUE);
}

static void
clear_lines (PbBuilderAssistPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->progress_list))) != NULL)
    gtk_list_box_remove (self->progress_list, child);
  self->current_row = NULL;
  self->n_lines = 0;
}

/* Called on the main context while the run lasts (the engine's lines, already redacted). */
static void
progress_cb (const char *message,
             gpointer    user_data)
{
  PbBuilderAssistPanel *self = user_data;

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  add_line (self, message);
}

/* --- running ------------------------------------------------------------------------------- */

static void
update_buttons (PbBuilderAssistPanel *self)
{
  gboolean running = self->cancellable != NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->source_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  /* Focus moves before the entry locks: a locked entry must not keep it. */
  if (running)
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), !running && *stripped != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), !running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
}

static void
set_running (PbBuilderAssistPanel *self,
             GCancellable         *cancellable)
{
  g_set_object (&self->cancellable, cancellable);
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (PbBuilderAssistPanel) self = user_data;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr (PbManifest) manifest = NULL;
  g_autoptr (GError) error = NULL;

  manifest = pb_assist_run_finish (result, &error);
  /* Cancelled (or started again meanwhile): the panel already moved on. */
  if (cancellable != self->cancellable || g_cancellable_is_cancelled (cancellable))
    return;

  set_running (self, NULL);
  if (manifest == NULL)
    {
      finish_current_row (self, FALSE);
      /* The error says it stopped; the lines above it say how far it got. */
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->status_label)), FALSE);
      pb_builder_assist_panel_show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_row));
      return;
    }
  finish_current_row (self, TRUE);
  gtk_label_set_label (self->status_label, _("Done"));
  g_signal_emit (self, signals[FINISHED], 0, manifest);
}

void
pb_builder_assist_panel_start (PbBuilderAssistPanel *self)
{
  g_autoptr (GCancellable) cancellable = NULL;
  g_autofree char *source = NULL;

  g_return_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self));

  source = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->source_row))));
  if (self->cancellable != NULL || *source == '\0')
    return;

  gtk_widget_set_visible (self->error_box, FALSE);
  clear_lines (self);
  gtk_label_set_label (self->status_label, _("Reading…"));
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->status_label)), TRUE);
  gtk_widget_set_visible (self->progress_box, TRUE);
  cancellable = g_cancellable_new ();
  set_running (self, cancellable);
  /* The task keeps the panel alive until run_cb; progress lines come before it. */
  pb_assist_run_async (source, NULL, progress_cb, self, cancellable, run_cb,
                       g_object_ref (self));
}

void
pb_builder_assist_panel_cancel (PbBuilderAssistPanel *self)
{
  g_return_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  set_running (self, NULL);
  finish_current_row (self, FALSE);
  gtk_label_set_label (self->status_label, _("Cancelled"));
  gtk_widget_grab_focus (GTK_WIDGET (self->start_button));
}

static void
start_clicked_cb (PbBuilderAssistPanel *self)
{
  pb_builder_assist_panel_start (self);
}

static void
cancel_clicked_cb (PbBuilderAssistPanel *self)
{
  pb_builder_assist_panel_cancel (self);
}

static void
source_changed_cb (PbBuilderAssistPanel *self)
{
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static void
source_activated_cb (PbBuilderAssistPanel *self)
{
  pb_builder_assist_panel_start (self);
}

static void
choose_response_cb (GtkNativeDialog      *chooser,
                    int                   response,
                    PbBuilderAssistPanel *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *uri = path == NULL ? g_file_get_uri (file) : NULL;

      pb_builder_assist_panel_set_source (self, path != NULL ? path : uri);
      gtk_widget_grab_focus (GTK_WIDGET (self->start_button));
    }
}

static void
choose_clicked_cb (PbBuilderAssistPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) specs = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (specs, _("OpenAPI or Swagger Specs"));
  gtk_file_filter_add_suffix (specs, "json");
  gtk_file_filter_add_suffix (specs, "yaml");
  gtk_file_filter_add_suffix (specs, "yml");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  chooser = gtk_file_chooser_native_new (_("Choose a Spec File"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), specs);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
pb_builder_assist_panel_dispose (GObject *object)
{
  PbBuilderAssistPanel *self = PB_BUILDER_ASSIST_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_ASSIST_PANEL);

  G_OBJECT_CLASS (pb_builder_assist_panel_parent_class)->dispose (object);
}

static void
pb_builder_assist_panel_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PbBuilderAssistPanel *self = PB_BUILDER_ASSIST_PANEL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_string (value, pb_builder_assist_panel_get_source (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_assist_panel_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PbBuilderAssistPanel *self = PB_BUILDER_ASSIST_PANEL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      pb_builder_assist_panel_set_source (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_assist_panel_class_init (PbBuilderAssistPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_assist_panel_dispose;
  object_class->get_property = pb_builder_assist_panel_get_property;
  object_class->set_property = pb_builder_assist_panel_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, PB_TYPE_MANIFEST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-builder-assist-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, source_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, choose_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, start_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, error_box);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, error_title);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, error_advice);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, error_detail);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, progress_box);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderAssistPanel, progress_list);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
pb_builder_assist_panel_init (PbBuilderAssistPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_buttons (self);
}

GtkWidget *
pb_builder_assist_panel_new (void)
{
  return g_object_new (PB_TYPE_BUILDER_ASSIST_PANEL, NULL);
}

const char *
pb_builder_assist_panel_get_source (PbBuilderAssistPanel *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->source_row));
}

void
pb_builder_assist_panel_set_source (PbBuilderAssistPanel *self,
                                    const char           *source)
{
  g_return_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), source != NULL ? source : "");
}

gboolean
pb_builder_assist_panel_get_running (PbBuilderAssistPanel *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self), FALSE);
  return self->cancellable != NULL;
}

void
pb_builder_assist_panel_set_intro (PbBuilderAssistPanel *self,
                                   const char           *title,
                                   const char           *description)
{
  g_return_if_fail (PB_IS_BUILDER_ASSIST_PANEL (self));
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->description_label, description);
}
