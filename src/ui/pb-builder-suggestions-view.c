/* pb-builder-suggestions-view.c: AI Assist's suggestions for a project, each with its evidence,
 * to accept or reject one by one or all at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-builder-suggestions-view.h"

struct _PbBuilderSuggestionsView
{
  GtkBox                parent_instance;

  PbBuilderSuggestions *suggestions;
  gboolean              had_any;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkLabel             *count_label;
  GtkButton            *accept_all_button;
  GtkListBox           *list_box;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (PbBuilderSuggestionsView, pb_builder_suggestions_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_SUGGESTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (PbBuilderSuggestionsView *self)
{
  guint n = self->suggestions != NULL
            ? g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)) : 0;
  g_autofree char *count = NULL;

  /* Translators: %u is a number of suggestions */
  count = g_strdup_printf (ngettext ("AI Assist has %u suggestion. Values you changed "
                                     "yourself are never replaced.",
                                     "AI Assist has %u suggestions. Values you changed "
                                     "yourself are never replaced.", n), n);
  gtk_label_set_label (self->count_label, count);
  if (n == 0 && self->had_any)
    {
      adw_status_page_set_title (self->empty_page, _("All Done"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every suggestion was accepted or rejected."));
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

/* --- one row ------------------------------------------------------------------------------- */

static void
accept_clicked_cb (GtkButton                *button,
                   PbBuilderSuggestionsView *self)
{
  PbBuilderSuggestion *suggestion = g_object_get_data (G_OBJECT (button), "pb-suggestion");
  g_autoptr (PbBuilderSuggestion) held = g_object_ref (suggestion);
  g_autoptr (GError) error = NULL;

  if (!pb_builder_suggestions_accept (self->suggestions, held, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
reject_clicked_cb (GtkButton                *button,
                   PbBuilderSuggestionsView *self)
{
  PbBuilderSuggestion *suggestion = g_object_get_data (G_OBJECT (button), "pb-suggestion");
  g_autoptr (PbBuilderSuggestion) held = g_object_ref (suggestion);

  pb_builder_suggestions_reject (self->suggestions, held);
}

static GtkWidget *
small_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
confidence_label (double confidence)
{
  GtkWidget *label;

  if (confidence < 0)
    return NULL;
  if (confidence >= 0.75)
    label = small_label (_("High confidence"), "success");
  else if (confidence >= 0.45)
    label = small_label (_("Medium confidence"), NULL);
  else
    label = small_label (_("Low confidence"), "warning");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "pb-confidence");
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

/* "Why": the analyzer's reason, then where it looked (a spec pointer or a doc snippet). */
static char *
evidence_text (PbEvidence *evidence)
{
  GString *out = g_string_new (NULL);
  const char *reason = pb_evidence_get_reason (evidence);
  const char *pointer = pb_evidence_get_pointer (evidence);
  const char *snippet = pb_evidence_get_snippet (evidence);
  const char *uri = pb_evidence_get_source_uri (evidence);

  if (reason != NULL && *reason != '\0')
    g_string_append (out, reason);
  if (snippet != NULL && *snippet != '\0')
    g_string_append_printf (out, "%s“%s”", out->len > 0 ? "\n" : "", snippet);
  else if (pointer != NULL && *pointer != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", pointer);
  else if (uri != NULL && *uri != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", uri);
  return g_string_free (out, out->len == 0);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PbBuilderSuggestionsView *self = user_data;
  PbBuilderSuggestion *suggestion = item;
  PbEvidence *evidence = pb_builder_suggestion_get_evidence (suggestion);
  const char *stream = pb_builder_suggestion_get_stream (suggestion);
  const char *old_value = pb_builder_suggestion_get_old_value (suggestion);
  gboolean new_stream
    = pb_builder_suggestion_get_kind (suggestion) == PB_BUILDER_SUGGESTION_NEW_STREAM;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = small_label (pb_builder_suggestion_get_title (suggestion), "heading");
  GtkWidget *confidence = confidence_label (pb_builder_suggestion_get_confidence (suggestion));
  GtkWidget *values = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *accept = gtk_button_new_with_mnemonic (_("_Accept"));
  GtkWidget *reject = gtk_button_new_with_mnemonic (_("_Reject"));
  g_autofree char *why = evidence != NULL ? evidence_text (evidence) : NULL;
  g_autofree char *accessible = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "pb-suggestion-row");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* The field, the stream it belongs to, and how sure AI Assist is. */
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (top), title);
  if (confidence != NULL)
    gtk_box_append (GTK_BOX (top), confidence);
  gtk_box_append (GTK_BOX (box), top);
  if (stream != NULL && !new_stream)
    {
      /* Translators: %s is the name of a stream ("users") */
      g_autofree char *where = g_strdup_printf (_("Stream “%s”"), stream);
      GtkWidget *label = small_label (where, "caption");

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  /* Old value struck through, then the new one. */
  if (old_value != NULL)
    {
      GtkWidget *old = small_label (old_value, "pb-old-value");
      gtk_widget_add_css_class (old, "monospace");
      gtk_widget_add_css_class (old, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (old), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Current value"), -1);
      gtk_box_append (GTK_BOX (values), old);
    }
  {
    /* Translators: an arrow before a suggested value; %s is the value */
    g_autofree char *arrow = g_strdup_printf (_("→ %s"), pb_builder_suggestion_get_new_value (
                                                suggestion));
    GtkWidget *label = small_label (arrow, "monospace");

    gtk_widget_add_css_class (label, "pb-new-value");
    gtk_box_append (GTK_BOX (values), label);
  }
  gtk_box_append (GTK_BOX (box), values);

  if (why != NULL)
    {
      GtkWidget *label = small_label (why, "caption");

      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }

  /* One suggested action in the view (Accept All): the rows' buttons stay plain. */
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_add_css_class (reject, "flat");
  g_object_set_data_full (G_OBJECT (accept), "pb-suggestion", g_object_ref (suggestion),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (reject), "pb-suggestion", g_object_ref (suggestion),
                          g_object_unref);
  g_signal_connect_object (accept, "clicked", G_CALLBACK (accept_clicked_cb), self, 0);
  g_signal_connect_object (reject, "clicked", G_CALLBACK (reject_clicked_cb), self, 0);
  /* Translators: an accessible name; %s is a suggestion's title ("Pagination") */
  accessible = g_strdup_printf (_("Accept: %s"), pb_builder_suggestion_get_title (suggestion));
  gtk_accessible_update_property (GTK_ACCESSIBLE (accept), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_clear_pointer (&accessible, g_free);
  /* Translators: an accessible name; %s is a suggestion's title ("Pagination") */
  accessible = g_strdup_printf (_("Reject: %s"), pb_builder_suggestion_get_title (suggestion));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reject), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_box_append (GTK_BOX (buttons), reject);
  gtk_box_append (GTK_BOX (buttons), accept);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
accept_all_clicked_cb (PbBuilderSuggestionsView *self)
{
  guint n;
  g_autofree char *text = NULL;

  if (self->suggestions == NULL)
    return;
  n = pb_builder_suggestions_accept_all (self->suggestions);
  /* Translators: %u is a number of suggestions */
  text = g_strdup_printf (ngettext ("%u suggestion accepted", "%u suggestions accepted", n), n);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
pb_builder_suggestions_view_dispose (GObject *object)
{
  PbBuilderSuggestionsView *self = PB_BUILDER_SUGGESTIONS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_SUGGESTIONS_VIEW);
  g_clear_object (&self->suggestions);

  G_OBJECT_CLASS (pb_builder_suggestions_view_parent_class)->dispose (object);
}

static void
pb_builder_suggestions_view_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  PbBuilderSuggestionsView *self = PB_BUILDER_SUGGESTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SUGGESTIONS:
      g_value_set_object (value, self->suggestions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_suggestions_view_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  PbBuilderSuggestionsView *self = PB_BUILDER_SUGGESTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SUGGESTIONS:
      pb_builder_suggestions_view_set_suggestions (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_suggestions_view_class_init (PbBuilderSuggestionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_suggestions_view_dispose;
  object_class->get_property = pb_builder_suggestions_view_get_property;
  object_class->set_property = pb_builder_suggestions_view_set_property;

  properties[PROP_SUGGESTIONS] =
    g_param_spec_object ("suggestions", NULL, NULL, PB_TYPE_BUILDER_SUGGESTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH
                                               "/ui/pb-builder-suggestions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSuggestionsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSuggestionsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSuggestionsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSuggestionsView,
                                        accept_all_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSuggestionsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSuggestionsView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, accept_all_clicked_cb);
}

static void
pb_builder_suggestions_view_init (PbBuilderSuggestionsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
pb_builder_suggestions_view_new (void)
{
  return g_object_new (PB_TYPE_BUILDER_SUGGESTIONS_VIEW, NULL);
}

PbBuilderSuggestions *
pb_builder_suggestions_view_get_suggestions (PbBuilderSuggestionsView *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTIONS_VIEW (self), NULL);
  return self->suggestions;
}

void
pb_builder_suggestions_view_set_suggestions (PbBuilderSuggestionsView *self,
                                             PbBuilderSuggestions     *suggestions)
{
  g_return_if_fail (PB_IS_BUILDER_SUGGESTIONS_VIEW (self));
  g_return_if_fail (suggestions == NULL || PB_IS_BUILDER_SUGGESTIONS (suggestions));

  if (self->suggestions == suggestions)
    return;
  if (self->suggestions != NULL)
    g_signal_handlers_disconnect_by_func (self->suggestions, update, self);
  g_set_object (&self->suggestions, suggestions);
  self->had_any = suggestions != NULL
                  && g_list_model_get_n_items (G_LIST_MODEL (suggestions)) > 0;
  adw_status_page_set_title (self->empty_page, _("Nothing New"));
  adw_status_page_set_description (self->empty_page,
                                   _("Your project already has everything AI Assist found."));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (suggestions), create_row_cb, self,
                           NULL);
  if (suggestions != NULL)
    g_signal_connect_object (suggestions, "items-changed", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTIONS]);
}
