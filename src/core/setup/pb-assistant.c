/* pb-assistant.c: the PbAssistant interface and what every engine gets for free: the
 * transcript, choices answered by value, and the check that keeps secrets out of the chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-assistant.h"

G_DEFINE_INTERFACE (PbAssistant, pb_assistant, G_TYPE_OBJECT)

static void
pb_assistant_default_init (PbAssistantInterface *iface)
{
}

static void
respond_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbSetupModel *model = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GPtrArray *replies;

  replies = PB_ASSISTANT_GET_IFACE (source)->respond_finish (PB_ASSISTANT (source), result, &error);
  if (replies == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < replies->len; i++)
    pb_setup_model_add_message (model, g_ptr_array_index (replies, i));
  g_task_return_pointer (task, replies, (GDestroyNotify) g_ptr_array_unref);
}

void
pb_assistant_send_async (PbAssistant         *self,
                         PbSetupModel        *model,
                         PbAssistantEvent     event,
                         const char          *text,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_ASSISTANT (self));
  g_return_if_fail (PB_IS_SETUP_MODEL (model));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_assistant_send_async);
  g_task_set_task_data (task, g_object_ref (model), g_object_unref);

  if (event == PB_ASSISTANT_EVENT_USER_TEXT && text != NULL)
    {
      g_autoptr (PbSetupMessage) message = pb_setup_message_new (PB_SETUP_ROLE_USER, text);
      pb_setup_model_add_message (model, message);
    }
  else if (event == PB_ASSISTANT_EVENT_SECRET_STORED)
    {
      g_autoptr (PbSetupMessage) message
        = pb_setup_message_new (PB_SETUP_ROLE_USER, _(PB_SETUP_SECRET_PLACEHOLDER));
      pb_setup_model_add_message (model, message);
    }

  PB_ASSISTANT_GET_IFACE (self)->respond_async (self, model, event, text, cancellable, respond_cb,
                                                task);
}

void
pb_assistant_choose_async (PbAssistant         *self,
                           PbSetupModel        *model,
                           PbSetupMessage      *offer,
                           guint                index,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (PbSetupMessage) message = NULL;
  const char *value;
  GTask *task;

  g_return_if_fail (PB_IS_ASSISTANT (self));
  g_return_if_fail (PB_IS_SETUP_MODEL (model));
  g_return_if_fail (PB_IS_SETUP_MESSAGE (offer));
  g_return_if_fail (pb_setup_message_get_action (offer) == PB_SETUP_ACTION_CHOICES);

  value = pb_setup_message_get_choice_value (offer, index);
  g_return_if_fail (value != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_assistant_send_async);
  g_task_set_task_data (task, g_object_ref (model), g_object_unref);

  message = pb_setup_message_new (PB_SETUP_ROLE_USER, pb_setup_message_get_choices (offer)[index]);
  pb_setup_model_add_message (model, message);
  PB_ASSISTANT_GET_IFACE (self)->respond_async (self, model, PB_ASSISTANT_EVENT_USER_TEXT, value,
                                                cancellable, respond_cb, task);
}

GPtrArray *
pb_assistant_send_finish (PbAssistant   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pb_assistant_get_pending_secret (PbAssistant *self)
{
  PbAssistantInterface *iface;

  g_return_val_if_fail (PB_IS_ASSISTANT (self), NULL);
  iface = PB_ASSISTANT_GET_IFACE (self);
  g_return_val_if_fail (iface->get_pending_secret != NULL, NULL);
  return iface->get_pending_secret (self);
}

gboolean
pb_assistant_text_is_secret (PbAssistant   *self,
                             PbSetupModel  *model,
                             const char    *text,
                             const char   **out_field)
{
  g_return_val_if_fail (PB_IS_ASSISTANT (self), FALSE);
  return pb_assistant_text_looks_secret (model, pb_assistant_get_pending_secret (self), text,
                                         out_field);
}

gboolean
pb_assistant_text_looks_secret (PbSetupModel  *model,
                                const char    *pending_secret_field,
                                const char    *text,
                                const char   **out_field)
{
  GPtrArray *fields = pb_definition_get_fields (pb_setup_model_get_definition (model));
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  gboolean has_letter = FALSE, has_digit = FALSE;

  if (*trimmed == '\0')
    return FALSE;

  /* Anywhere in the conversation: a whole word that matches a secret field's pattern. */
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);
      g_auto (GStrv) words = NULL;

      if (!field->secret || field->pattern == NULL)
        continue;
      words = g_strsplit_set (trimmed, " \t\"'", -1);
      for (guint w = 0; words[w] != NULL; w++)
        if (strlen (words[w]) >= 8 && g_regex_match_simple (field->pattern, words[w], 0, 0))
          {
            if (out_field)
              *out_field = field->name;
            return TRUE;
          }
    }

  /* While a secret is awaited: one long word mixing letters and digits is a key, not a question. */
  if (pending_secret_field == NULL || strchr (trimmed, ' ') != NULL || strlen (trimmed) < 16)
    return FALSE;
  for (const char *p = trimmed; *p; p++)
    {
      has_letter |= g_ascii_isalpha (*p);
      has_digit |= g_ascii_isdigit (*p);
    }
  if (has_letter && has_digit)
    {
      if (out_field)
        *out_field = pending_secret_field;
      return TRUE;
    }
  return FALSE;
}
