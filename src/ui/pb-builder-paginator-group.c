/* pb-builder-paginator-group.c: a stream's paginator: its kind and each kind's own fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-field.h"
#include "pb-builder-paginator-group.h"
#include "pb-error.h"
#include "pb-evidence-button.h"
#include "pb-manifest-check.h"
#include "pb-string-util.h"
#include "pb-validate.h"

struct _PbBuilderPaginatorGroup
{
  AdwPreferencesGroup parent_instance;

  PbManifestStream *stream;
  gboolean          loading;

  /* Template widgets */
  AdwComboRow      *kind_row;
  PbEvidenceButton *evidence_button;
  AdwEntryRow      *cursor_value_row;
  AdwEntryRow      *stop_condition_row;
  AdwEntryRow      *start_page_row;
  AdwEntryRow      *page_size_row;
  AdwComboRow      *token_option_row;
  AdwEntryRow      *token_field_row;
  AdwComboRow      *page_size_option_row;
  AdwEntryRow      *page_size_field_row;
};

G_DEFINE_FINAL_TYPE (PbBuilderPaginatorGroup, pb_builder_paginator_group,
                     ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* token_option_row's items, in the order of the .ui. */
static const PbInjectInto token_options[] = {
  PB_INJECT_REQUEST_PARAMETER, PB_INJECT_HEADER, PB_INJECT_BODY_JSON, PB_INJECT_PATH,
};
/* page_size_option_row's items after "Not sent". */
static const PbInjectInto size_options[] = {
  PB_INJECT_REQUEST_PARAMETER, PB_INJECT_HEADER, PB_INJECT_BODY_JSON,
};

static guint
option_position (const PbInjectInto *options,
                 guint               n,
                 PbInjectInto        inject)
{
  for (guint i = 0; i < n; i++)
    if (options[i] == inject)
      return i;
  return 0;
}

static PbManifestPaginator *
paginator (PbBuilderPaginatorGroup *self)
{
  return pb_manifest_stream_get_paginator (self->stream);
}

/* A request field's name, checked by where it goes. */
static gboolean
check_option_name (PbInjectInto   inject,
                   const char    *label,
                   const char    *name,
                   GError       **error)
{
  if (inject == PB_INJECT_HEADER)
    return pb_validate_header_name (name, error);
  if (inject == PB_INJECT_REQUEST_PARAMETER)
    return pb_validate_query_param (name, error);
  return pb_validate_single_line (label, name, error);
}

static void
update_visibility (PbBuilderPaginatorGroup *self)
{
  PbManifestPaginator *p = paginator (self);
  gboolean any = p->kind != PB_PAGINATION_NONE;
  const char *token_title;

  gtk_widget_set_visible (GTK_WIDGET (self->cursor_value_row), p->kind == PB_PAGINATION_CURSOR);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_condition_row),
                          p->kind == PB_PAGINATION_CURSOR);
  gtk_widget_set_visible (GTK_WIDGET (self->start_page_row), p->kind == PB_PAGINATION_PAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->page_size_row), any);
  gtk_widget_set_visible (GTK_WIDGET (self->token_option_row), any);
  gtk_widget_set_visible (GTK_WIDGET (self->token_field_row),
                          any && p->token_inject_into != PB_INJECT_PATH);
  gtk_widget_set_visible (GTK_WIDGET (self->page_size_option_row), any);
  gtk_widget_set_visible (GTK_WIDGET (self->page_size_field_row),
                          any && p->page_size_field != NULL);

  switch (p->kind)
    {
    case PB_PAGINATION_OFFSET:
      token_title = _("Offset Field _Name");
      break;
    case PB_PAGINATION_PAGE:
      token_title = _("Page Field _Name");
      break;
    case PB_PAGINATION_CURSOR:
    case PB_PAGINATION_NONE:
    default:
      token_title = _("Cursor Field _Name");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_field_row), token_title);
}

static void
edited (PbBuilderPaginatorGroup *self)
{
  update_visibility (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kind_changed_cb (PbBuilderPaginatorGroup *self)
{
  PbManifestPaginator *p;
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (self->loading || self->stream == NULL || kind > PB_PAGINATION_PAGE)
    return;
  p = paginator (self);
  if ((guint) p->kind == kind)
    return;
  p->kind = kind;
  /* A kind needs a field for its token: name the usual one, the user corrects it. */
  if (p->kind != PB_PAGINATION_NONE && p->token_field == NULL
      && p->token_inject_into != PB_INJECT_PATH)
    {
      p->token_field = g_strdup (p->kind == PB_PAGINATION_OFFSET ? "offset"
                                 : p->kind == PB_PAGINATION_PAGE ? "page" : "cursor");
      self->loading = TRUE;
      pb_builder_field_set_text (GTK_EDITABLE (self->token_field_row), p->token_field);
      self->loading = FALSE;
    }
  edited (self);
}

static void
token_option_changed_cb (PbBuilderPaginatorGroup *self)
{
  guint pos = adw_combo_row_get_selected (self->token_option_row);

  if (self->loading || self->stream == NULL || pos >= G_N_ELEMENTS (token_options))
    return;
  paginator (self)->token_inject_into = token_options[pos];
  edited (self);
}

static void
page_size_option_changed_cb (PbBuilderPaginatorGroup *self)
{
  PbManifestPaginator *p;
  guint pos = adw_combo_row_get_selected (self->page_size_option_row);

  if (self->loading || self->stream == NULL)
    return;
  p = paginator (self);
  if (pos == 0 || pos > G_N_ELEMENTS (size_options))
    g_clear_pointer (&p->page_size_field, g_free);
  else
    {
      p->page_size_inject_into = size_options[pos - 1];
      if (p->page_size_field == NULL)
        {
          const char *typed = pb_builder_field_text (GTK_EDITABLE (self->page_size_field_row));

          p->page_size_field = g_strdup (typed != NULL ? typed
                                         : p->kind == PB_PAGINATION_PAGE ? "per_page" : "limit");
          self->loading = TRUE;
          pb_builder_field_set_text (GTK_EDITABLE (self->page_size_field_row),
                                     p->page_size_field);
          self->loading = FALSE;
        }
    }
  edited (self);
}

/* One entry row: checked as typed; written when valid. */
static void
entry_changed_cb (gpointer     owner,
                  GtkEditable *editable)
{
  PbBuilderPaginatorGroup *self = owner;
  AdwEntryRow *row = ADW_ENTRY_ROW (editable);
  PbManifestPaginator *p;
  const char *text = pb_builder_field_text (GTK_EDITABLE (row));
  g_autoptr (GError) error = NULL;
  g_autofree char *plain_label = NULL;
  gboolean ok;
  int number = 0;

  if (self->loading || self->stream == NULL)
    return;
  p = paginator (self);
  plain_label = pb_builder_field_label (GTK_WIDGET (row));

  if (row == self->cursor_value_row || row == self->stop_condition_row)
    ok = pb_manifest_check_template (plain_label, text, &error);
  else if (row == self->page_size_row)
    ok = pb_manifest_parse_count (plain_label, text, 1, &number, &error);
  else if (row == self->start_page_row)
    ok = pb_manifest_parse_count (plain_label, text, 0, &number, &error);
  else if (row == self->token_field_row)
    ok = check_option_name (p->token_inject_into, plain_label, text, &error);
  else
    ok = check_option_name (p->page_size_inject_into, plain_label, text, &error);

  pb_builder_field_set_error (GTK_WIDGET (row), error);
  if (!ok)
    return;

  if (row == self->cursor_value_row)
    pb_set_str (&p->cursor_value, text);
  else if (row == self->stop_condition_row)
    pb_set_str (&p->stop_condition, text);
  else if (row == self->page_size_row)
    p->page_size = number;
  else if (row == self->start_page_row)
    p->start_from_page = number;
  else if (row == self->token_field_row)
    pb_set_str (&p->token_field, text);
  else if (text != NULL || p->page_size_field == NULL)
    pb_set_str (&p->page_size_field, text);
  else
    {
      /* An emptied page-size field keeps being sent until "Not sent" is chosen. */
      pb_builder_field_set_error (GTK_WIDGET (row), NULL);
      return;
    }
  edited (self);
}

static char *
count_text (int number)
{
  return number > 0 ? g_strdup_printf ("%d", number) : NULL;
}

void
pb_builder_paginator_group_set_stream (PbBuilderPaginatorGroup *self,
                                       PbManifestStream        *stream)
{
  PbManifestPaginator *p;
  g_autofree char *size = NULL;
  g_autofree char *start = NULL;
  GtkWidget *rows[] = {
    GTK_WIDGET (self->cursor_value_row), GTK_WIDGET (self->stop_condition_row),
    GTK_WIDGET (self->start_page_row), GTK_WIDGET (self->page_size_row),
    GTK_WIDGET (self->token_field_row), GTK_WIDGET (self->page_size_field_row),
  };

  g_return_if_fail (PB_IS_BUILDER_PAGINATOR_GROUP (self));
  g_return_if_fail (PB_IS_MANIFEST_STREAM (stream));

  g_set_object (&self->stream, stream);
  p = paginator (self);
  size = count_text (p->page_size);
  start = g_strdup_printf ("%d", p->start_from_page);

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    pb_builder_field_set_error (rows[i], NULL);
  adw_combo_row_set_selected (self->kind_row, p->kind);
  pb_builder_field_set_text (GTK_EDITABLE (self->cursor_value_row), p->cursor_value);
  pb_builder_field_set_text (GTK_EDITABLE (self->stop_condition_row), p->stop_condition);
  pb_builder_field_set_text (GTK_EDITABLE (self->start_page_row), start);
  pb_builder_field_set_text (GTK_EDITABLE (self->page_size_row), size);
  adw_combo_row_set_selected (self->token_option_row,
                              option_position (token_options, G_N_ELEMENTS (token_options),
                                               p->token_inject_into));
  pb_builder_field_set_text (GTK_EDITABLE (self->token_field_row), p->token_field);
  adw_combo_row_set_selected (self->page_size_option_row,
                              p->page_size_field == NULL ? 0
                              : 1 + option_position (size_options, G_N_ELEMENTS (size_options),
                                                     p->page_size_inject_into));
  pb_builder_field_set_text (GTK_EDITABLE (self->page_size_field_row), p->page_size_field);
  pb_evidence_button_set_evidence (self->evidence_button,
                                   pb_manifest_stream_get_evidence (stream, "paginator"));
  update_visibility (self);
  self->loading = FALSE;
}

static void
pb_builder_paginator_group_dispose (GObject *object)
{
  PbBuilderPaginatorGroup *self = PB_BUILDER_PAGINATOR_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_PAGINATOR_GROUP);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (pb_builder_paginator_group_parent_class)->dispose (object);
}

static void
pb_builder_paginator_group_class_init (PbBuilderPaginatorGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_paginator_group_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PB_TYPE_EVIDENCE_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH
                                               "/ui/pb-builder-paginator-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, evidence_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, cursor_value_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup,
                                        stop_condition_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, start_page_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, page_size_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, token_option_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup, token_field_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup,
                                        page_size_option_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderPaginatorGroup,
                                        page_size_field_row);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_size_option_changed_cb);
}

static void
pb_builder_paginator_group_init (PbBuilderPaginatorGroup *self)
{
  AdwEntryRow *rows[6];

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[0] = self->cursor_value_row;
  rows[1] = self->stop_condition_row;
  rows[2] = self->start_page_row;
  rows[3] = self->page_size_row;
  rows[4] = self->token_field_row;
  rows[5] = self->page_size_field_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    pb_builder_field_connect (GTK_EDITABLE (rows[i]), entry_changed_cb, self);
}
