/* pb-builder-suggestion.c: one AI Assist suggestion for a Builder project: a field's new value,
 * or a stream the project lacks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-builder-suggestion.h"

struct _PbBuilderSuggestion
{
  GObject                  parent_instance;

  PbBuilderSuggestionKind  kind;
  char                    *stream;
  char                    *key;
  char                    *title;
  char                    *old_value;
  char                    *new_value;
  PbEvidence              *evidence;
};

G_DEFINE_FINAL_TYPE (PbBuilderSuggestion, pb_builder_suggestion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_STREAM,
  PROP_KEY,
  PROP_TITLE,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  PROP_EVIDENCE,
  PROP_CONFIDENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_builder_suggestion_finalize (GObject *object)
{
  PbBuilderSuggestion *self = PB_BUILDER_SUGGESTION (object);

  g_clear_pointer (&self->stream, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->old_value, g_free);
  g_clear_pointer (&self->new_value, g_free);
  g_clear_object (&self->evidence);

  G_OBJECT_CLASS (pb_builder_suggestion_parent_class)->finalize (object);
}

static void
pb_builder_suggestion_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PbBuilderSuggestion *self = PB_BUILDER_SUGGESTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_STREAM:
      g_value_set_string (value, self->stream);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_OLD_VALUE:
      g_value_set_string (value, self->old_value);
      break;
    case PROP_NEW_VALUE:
      g_value_set_string (value, self->new_value);
      break;
    case PROP_EVIDENCE:
      g_value_set_object (value, self->evidence);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, pb_builder_suggestion_get_confidence (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_suggestion_class_init (PbBuilderSuggestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pb_builder_suggestion_finalize;
  object_class->get_property = pb_builder_suggestion_get_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, PB_BUILDER_SUGGESTION_VALUE,
                                            PB_BUILDER_SUGGESTION_NEW_STREAM,
                                            PB_BUILDER_SUGGESTION_VALUE, flags);
  properties[PROP_STREAM] = g_param_spec_string ("stream", NULL, NULL, NULL, flags);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_OLD_VALUE] = g_param_spec_string ("old-value", NULL, NULL, NULL, flags);
  properties[PROP_NEW_VALUE] = g_param_spec_string ("new-value", NULL, NULL, NULL, flags);
  properties[PROP_EVIDENCE] = g_param_spec_object ("evidence", NULL, NULL, PB_TYPE_EVIDENCE,
                                                   flags);
  properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, -1, 1, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_builder_suggestion_init (PbBuilderSuggestion *self)
{
}

PbBuilderSuggestion *
pb_builder_suggestion_new (PbBuilderSuggestionKind  kind,
                           const char              *stream,
                           const char              *key,
                           const char              *title,
                           const char              *old_value,
                           const char              *new_value,
                           PbEvidence              *evidence)
{
  PbBuilderSuggestion *self;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (evidence == NULL || PB_IS_EVIDENCE (evidence), NULL);

  self = g_object_new (PB_TYPE_BUILDER_SUGGESTION, NULL);
  self->kind = kind;
  self->stream = g_strdup (stream);
  self->key = g_strdup (key);
  self->title = g_strdup (title);
  self->old_value = g_strdup (old_value);
  self->new_value = g_strdup (new_value);
  self->evidence = evidence != NULL ? g_object_ref (evidence) : NULL;
  return self;
}

PbBuilderSuggestionKind
pb_builder_suggestion_get_kind (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), PB_BUILDER_SUGGESTION_VALUE);
  return self->kind;
}

const char *
pb_builder_suggestion_get_stream (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), NULL);
  return self->stream;
}

const char *
pb_builder_suggestion_get_key (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), NULL);
  return self->key;
}

const char *
pb_builder_suggestion_get_title (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), NULL);
  return self->title;
}

const char *
pb_builder_suggestion_get_old_value (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), NULL);
  return self->old_value;
}

const char *
pb_builder_suggestion_get_new_value (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), NULL);
  return self->new_value;
}

PbEvidence *
pb_builder_suggestion_get_evidence (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), NULL);
  return self->evidence;
}

double
pb_builder_suggestion_get_confidence (PbBuilderSuggestion *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (self), -1);
  return self->evidence != NULL ? pb_evidence_get_confidence (self->evidence) : -1;
}
