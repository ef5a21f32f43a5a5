/* pb-evidence-button.c: a small button beside a pre-filled value that tells where it came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-evidence-button.h"

struct _PbEvidenceButton
{
  GtkWidget      parent_instance;

  PbEvidence    *evidence;

  /* Template widgets */
  GtkMenuButton *button;
  GtkLabel      *level_label;
  GtkLabel      *reason_label;
  GtkLabel      *pointer_label;
  GtkLabel      *snippet_label;
  GtkLabel      *source_label;
  GtkLabel      *source_heading;
  GtkLabel      *pointer_heading;
};

G_DEFINE_FINAL_TYPE (PbEvidenceButton, pb_evidence_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVIDENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_optional_label (GtkLabel   *label,
                    GtkLabel   *heading,
                    const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_label_set_label (label, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  if (heading != NULL)
    gtk_widget_set_visible (GTK_WIDGET (heading), shown);
}

static const char *
level_text (PbConfidenceLevel level)
{
  switch (level)
    {
    case PB_CONFIDENCE_HIGH:
      return _("High confidence");
    case PB_CONFIDENCE_MEDIUM:
      return _("Medium confidence");
    case PB_CONFIDENCE_LOW:
    default:
      return _("Low confidence: a guess, review it");
    }
}

static void
update (PbEvidenceButton *self)
{
  GtkWidget *button = GTK_WIDGET (self->button);
  PbConfidenceLevel level;
  gboolean low;
  const char *pointer, *snippet;

  gtk_widget_set_visible (GTK_WIDGET (self), self->evidence != NULL);
  if (self->evidence == NULL)
    return;

  level = pb_evidence_get_level (self->evidence);
  low = level == PB_CONFIDENCE_LOW;
  pointer = pb_evidence_get_pointer (self->evidence);
  snippet = pb_evidence_get_snippet (self->evidence);

  gtk_menu_button_set_icon_name (self->button, low ? "dialog-warning-symbolic"
                                                   : "dialog-information-symbolic");
  if (low)
    gtk_widget_add_css_class (button, "warning");
  else
    gtk_widget_remove_css_class (button, "warning");
  gtk_widget_set_tooltip_text (button, low ? _("Low confidence: review this value")
                                           : _("Where this value came from"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Where this value came from"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  level_text (level),
                                  -1);

  gtk_label_set_label (self->level_label, level_text (level));
  if (low)
    gtk_widget_add_css_class (GTK_WIDGET (self->level_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "warning");
  set_optional_label (self->reason_label, NULL, pb_evidence_get_reason (self->evidence));
  set_optional_label (self->pointer_label, self->pointer_heading, pointer);
  set_optional_label (self->snippet_label, NULL, snippet);
  set_optional_label (self->source_label, self->source_heading,
                      pb_evidence_get_source_uri (self->evidence));
}

void
pb_evidence_button_set_evidence (PbEvidenceButton *self,
                                 PbEvidence       *evidence)
{
  g_return_if_fail (PB_IS_EVIDENCE_BUTTON (self));
  g_return_if_fail (evidence == NULL || PB_IS_EVIDENCE (evidence));

  if (g_set_object (&self->evidence, evidence))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVIDENCE]);
    }
}

PbEvidence *
pb_evidence_button_get_evidence (PbEvidenceButton *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE_BUTTON (self), NULL);
  return self->evidence;
}

gboolean
pb_evidence_button_is_low (PbEvidenceButton *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE_BUTTON (self), FALSE);
  return self->evidence != NULL && pb_evidence_get_level (self->evidence) == PB_CONFIDENCE_LOW;
}

void
pb_evidence_button_popup (PbEvidenceButton *self)
{
  g_return_if_fail (PB_IS_EVIDENCE_BUTTON (self));
  gtk_menu_button_popup (self->button);
}

static void
pb_evidence_button_dispose (GObject *object)
{
  PbEvidenceButton *self = PB_EVIDENCE_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_EVIDENCE_BUTTON);
  g_clear_object (&self->evidence);

  G_OBJECT_CLASS (pb_evidence_button_parent_class)->dispose (object);
}

static void
pb_evidence_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PbEvidenceButton *self = PB_EVIDENCE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_EVIDENCE:
      g_value_set_object (value, self->evidence);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_evidence_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PbEvidenceButton *self = PB_EVIDENCE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_EVIDENCE:
      pb_evidence_button_set_evidence (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_evidence_button_class_init (PbEvidenceButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_evidence_button_dispose;
  object_class->get_property = pb_evidence_button_get_property;
  object_class->set_property = pb_evidence_button_set_property;

  properties[PROP_EVIDENCE] =
    g_param_spec_object ("evidence", NULL, NULL, PB_TYPE_EVIDENCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pb-evidence-button");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-evidence-button.ui");
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, button);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, level_label);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, reason_label);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, pointer_label);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, snippet_label);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, source_label);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, source_heading);
  gtk_widget_class_bind_template_child (widget_class, PbEvidenceButton, pointer_heading);
}

static void
pb_evidence_button_init (PbEvidenceButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
pb_evidence_button_new (void)
{
  return g_object_new (PB_TYPE_EVIDENCE_BUTTON, NULL);
}
