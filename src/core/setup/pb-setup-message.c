/* pb-setup-message.c: one line of a setup conversation, with what it asks of the view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-setup-message.h"

struct _PbSetupMessage
{
  GObject        parent_instance;

  PbSetupRole    role;
  char          *text;
  PbSetupAction  action;
  char          *field;
  char         **choices;
  char         **choice_values;
  PbSetupOutcome outcome;
};

G_DEFINE_FINAL_TYPE (PbSetupMessage, pb_setup_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_TEXT,
  PROP_ACTION,
  PROP_FIELD,
  PROP_CHOICES,
  PROP_CHOICE_VALUES,
  PROP_OUTCOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_setup_message_finalize (GObject *object)
{
  PbSetupMessage *self = PB_SETUP_MESSAGE (object);

  g_free (self->text);
  g_free (self->field);
  g_strfreev (self->choices);
  g_strfreev (self->choice_values);
  G_OBJECT_CLASS (pb_setup_message_parent_class)->finalize (object);
}

static void
pb_setup_message_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PbSetupMessage *self = PB_SETUP_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_ACTION:
      g_value_set_int (value, self->action);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_CHOICES:
      g_value_set_boxed (value, self->choices);
      break;
    case PROP_CHOICE_VALUES:
      g_value_set_boxed (value, self->choice_values);
      break;
    case PROP_OUTCOME:
      g_value_set_int (value, self->outcome);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_setup_message_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PbSetupMessage *self = PB_SETUP_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_int (value);
      break;
    case PROP_TEXT:
      self->text = g_value_dup_string (value);
      break;
    case PROP_ACTION:
      self->action = g_value_get_int (value);
      break;
    case PROP_FIELD:
      self->field = g_value_dup_string (value);
      break;
    case PROP_CHOICES:
      self->choices = g_value_dup_boxed (value);
      break;
    case PROP_CHOICE_VALUES:
      self->choice_values = g_value_dup_boxed (value);
      break;
    case PROP_OUTCOME:
      self->outcome = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_setup_message_class_init (PbSetupMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_setup_message_finalize;
  object_class->get_property = pb_setup_message_get_property;
  object_class->set_property = pb_setup_message_set_property;

  properties[PROP_ROLE]
    = g_param_spec_int ("role", NULL, NULL, 0, PB_SETUP_ROLE_STATUS, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] = g_param_spec_string (
    "text", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION]
    = g_param_spec_int ("action", NULL, NULL, 0, PB_SETUP_ACTION_RUN_TEST, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] = g_param_spec_string (
    "field", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOICES]
    = g_param_spec_boxed ("choices", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOICE_VALUES]
    = g_param_spec_boxed ("choice-values", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME]
    = g_param_spec_int ("outcome", NULL, NULL, 0, PB_SETUP_OUTCOME_FAILURE, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_setup_message_init (PbSetupMessage *self)
{
}

PbSetupMessage *
pb_setup_message_new (PbSetupRole  role,
                      const char  *text)
{
  return pb_setup_message_new_action (role, text, PB_SETUP_ACTION_NONE, NULL, NULL);
}

PbSetupMessage *
pb_setup_message_new_action (PbSetupRole         role,
                             const char         *text,
                             PbSetupAction       action,
                             const char         *field,
                             const char * const *choices)
{
  return g_object_new (PB_TYPE_SETUP_MESSAGE,
                       "role", role,
                       "text", text,
                       "action", action,
                       "field", field,
                       "choices", choices,
                       NULL);
}

PbSetupMessage *
pb_setup_message_new_status (const char     *text,
                             PbSetupOutcome  outcome)
{
  return g_object_new (PB_TYPE_SETUP_MESSAGE,
                       "role", PB_SETUP_ROLE_STATUS,
                       "text", text,
                       "outcome", outcome,
                       NULL);
}

PbSetupMessage *
pb_setup_message_new_choices (const char         *text,
                              const char         *field,
                              const char * const *labels,
                              const char * const *values)
{
  g_return_val_if_fail (labels != NULL && values != NULL, NULL);
  g_return_val_if_fail (g_strv_length ((char **) labels) == g_strv_length ((char **) values),
                        NULL);

  return g_object_new (PB_TYPE_SETUP_MESSAGE,
                       "role", PB_SETUP_ROLE_ASSISTANT,
                       "text", text,
                       "action", PB_SETUP_ACTION_CHOICES,
                       "field", field,
                       "choices", labels,
                       "choice-values", values,
                       NULL);
}

const char *
pb_setup_message_get_choice_value (PbSetupMessage *self,
                                   guint           index)
{
  g_return_val_if_fail (PB_IS_SETUP_MESSAGE (self), NULL);
  g_return_val_if_fail (self->choices != NULL && index < g_strv_length (self->choices), NULL);

  if (self->choice_values != NULL)
    return self->choice_values[index];
  return self->choices[index];
}

PbSetupOutcome pb_setup_message_get_outcome (PbSetupMessage *self) { return self->outcome; }
PbSetupRole pb_setup_message_get_role (PbSetupMessage *self) { return self->role; }
const char *pb_setup_message_get_text (PbSetupMessage *self) { return self->text; }
PbSetupAction pb_setup_message_get_action (PbSetupMessage *self) { return self->action; }
const char *pb_setup_message_get_field (PbSetupMessage *self) { return self->field; }
const char *const *
pb_setup_message_get_choices (PbSetupMessage *self)
{
  return (const char *const *)self->choices;
}
