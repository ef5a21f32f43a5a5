/* pb-rule-assistant.c: the rule-based assistant — reading what the user wrote and
 * answering each event (the replies themselves are in pb-rule-replies.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-rule-assistant-private.h"
#include "pb-rule-parse.h"
#include "pb-utterance.h"

static void pb_rule_assistant_iface_init (PbAssistantInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbRuleAssistant, pb_rule_assistant, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PB_TYPE_ASSISTANT,
                                                      pb_rule_assistant_iface_init))

/* ---- the conversation ---- */

static void
start (PbRuleAssistant *self,
       PbSetupModel    *model,
       GPtrArray       *replies)
{
  g_autoptr (GPtrArray) fields = pb_setup_model_get_active_fields (model);
  g_autoptr (GString) needed = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      /* Only what is still missing: a value already given is not asked for again. */
      if (!pb_setup_model_is_field_required (model, field)
          || pb_setup_model_is_value_set (model, field->name)
          || (field->secret && pb_setup_model_is_secret_set (model, field->name)))
        continue;
      g_string_append_printf (needed, "%s%s", n ? ", " : "", field->title);
      n++;
    }

  {
    const char *name = pb_setup_model_get_name (model);
    const char *service = pb_rule_reply_service_name (model);
    /* The service is named once when the connector is named after it. */
    gboolean generic = pb_definition_is_generic (pb_setup_model_get_definition (model));
    g_autofree char *intro = g_strcmp0 (name, service) == 0 || generic
                               ? g_strdup_printf (_("Let’s set up “%s”."), name)
                               : g_strdup_printf (_("Let’s set up “%s” for %s."), name, service);
    g_autofree char *need = n == 0
      ? g_strdup (_("Everything required is already set."))
      : g_strdup_printf (ngettext ("I need %u more thing from you: %s.",
                                   "I need %u more things from you: %s.", n),
                         n, needed->str);

    text = g_strdup_printf ("%s %s %s", intro, need,
                            _("You can ask “what is this?” or say “I don’t know” at any time."));
  }
  pb_rule_reply_say (replies, text);
  pb_rule_reply_next_step (self, model, replies);
}

/* The understanding step: every fact the message gives, whatever was asked. Returns FALSE
 * when the message is a plain answer to the pending question (the question's own path then
 * takes it) or gives nothing. */
static gboolean
understand (PbRuleAssistant *self,
            PbSetupModel    *model,
            const char      *raw,
            const PbField   *pending,
            GPtrArray       *replies)
{
  PbDefinition *definition = pb_setup_model_get_definition (model);
  g_autoptr (PbUtterance) u = pb_utterance_understand (model, raw);
  g_autoptr (GString) took = g_string_new (NULL);
  g_autofree char *trimmed = g_strstrip (g_strdup (raw));
  gboolean changed = FALSE;

  if (pb_utterance_is_empty (u) && !u->kept_secret_out)
    return FALSE;
  if (pending != NULL && u->facts->len == 1 && u->refused->len == 0 && u->question == NULL
      && g_str_equal (((PbFact *) u->facts->pdata[0])->field, pending->name)
      && (pending->enum_values != NULL
          || g_str_equal (((PbFact *) u->facts->pdata[0])->value, trimmed)))
    return FALSE;

  for (guint i = 0; i < u->facts->len; i++)
    {
      PbFact *fact = u->facts->pdata[i];
      const PbField *field = pb_definition_find_field (definition, fact->field);
      g_autoptr (GError) error = NULL;
      g_autofree char *shown = NULL;

      if (pb_setup_model_is_value_set (model, fact->field)
          && g_strcmp0 (pb_setup_model_get_value (model, fact->field), fact->value) != 0)
        changed = TRUE;
      if (*fact->value == '\0')
        pb_setup_model_set_value (model, fact->field, NULL, NULL);
      else if (!pb_setup_model_set_value (model, fact->field, fact->value, &error))
        {
          g_autofree char *text = g_strdup_printf (_("%s It was not saved."), error->message);
          pb_setup_model_set_value (model, fact->field, NULL, NULL);
          pb_rule_reply_say (replies, text);
          continue;
        }
      g_hash_table_remove (self->skipped, fact->field);
      if (*fact->value == '\0')
        /* Translators: what the assistant took, e.g. "no value prefix" */
        shown = g_strdup_printf (_("no %s"), pb_rule_parse_noun (field));
      else
        {
          g_autofree char *value = pb_rule_reply_describe_value (model, field);
          /* an enum's title inside a sentence: "key placement in a header" */
          if (field->enum_values != NULL && g_ascii_isupper (value[0])
              && g_ascii_islower (value[1]))
            value[0] = g_ascii_tolower (value[0]);
          /* Translators: what the assistant took, e.g. "header name X-API-Key" */
          shown = g_strdup_printf (_("%s %s"), pb_rule_parse_noun (field), value);
        }
      if (took->len > 0)
        g_string_append (took, _(", "));
      g_string_append (took, shown);
    }
  if (took->len > 0)
    {
      /* Translators: %s lists what was taken: "base URL https://…, header name X-API-Key" */
      g_autofree char *text = g_strdup_printf (changed ? _("Changed: %s.") : _("Got it: %s."),
                                               took->str);
      pb_rule_reply_say (replies, text);
    }
  for (guint i = 0; i < u->refused->len; i++)
    {
      PbRefusal *refusal = u->refused->pdata[i];
      g_autofree char *text = g_strdup_printf (_("%s I did not save it."), refusal->reason);
      pb_rule_reply_say (replies, text);
    }
  if (u->kept_secret_out)
    pb_rule_reply_say (replies, _("I left out the key in what you pasted: secrets go only in the "
                                  "masked field, never in the chat."));
  if (u->question != NULL)
    {
      pb_rule_reply_say (replies, u->question);
      return TRUE;
    }
  if (u->facts->len == 0 && pending != NULL)
    pb_rule_reply_ask (self, model, pending, replies);
  else
    pb_rule_reply_next_step (self, model, replies);
  return TRUE;
}

static void
handle_text (PbRuleAssistant *self,
             PbSetupModel    *model,
             const char      *raw,
             GPtrArray       *replies)
{
  static const char *const test_words[] = { "test",
                                            "retest",
                                            "test it",
                                            "test again",
                                            "try again",
                                            "run the test",
                                            "test the connection",
                                            "check it",
                                            "check the connection",
                                            "check",
                                            "finish",
                                            "done",
                                            "i'm done",
                                            "that's all",
                                            NULL };
  static const char *const summary_words[]
    = { "summary",           "show summary",     "status",  "what do you have",
        "what have you got", "what have we got", "show me", NULL };
  static const char *const skip_words[] = { "skip",
                                            "skip that",
                                            "skip it",
                                            "skip this",
                                            "skip this one",
                                            "later",
                                            "leave it",
                                            "leave it empty",
                                            "leave it blank",
                                            "none",
                                            "not now",
                                            "no thanks",
                                            "pass",
                                            "next",
                                            "i don't need it",
                                            "i don't need that",
                                            "don't need it",
                                            "not needed",
                                            NULL };
  static const char *const dont_know[] = { "i don't know",
                                           "i dont know",
                                           "don't know",
                                           "dont know",
                                           "no idea",
                                           "not sure",
                                           "i'm not sure",
                                           "where do i find",
                                           "where can i find",
                                           "where is it",
                                           "where do i get",
                                           "how do i get",
                                           "how do i find",
                                           "where would i find",
                                           "i have no idea",
                                           "idk",
                                           NULL };
  static const char *const what_words[] = { "what is this",
                                            "what's this",
                                            "what is that",
                                            "what's that",
                                            "what does that mean",
                                            "what does this mean",
                                            "what do you mean",
                                            "explain",
                                            "help",
                                            "huh",
                                            "?",
                                            "what",
                                            "meaning",
                                            NULL };
  static const char *const what_prefixes[] = { "what is ",
                                               "what's ",
                                               "what are ",
                                               "what does ",
                                               "explain ",
                                               "tell me about ",
                                               "what do you mean by ",
                                               NULL };
  static const char *const optional_words[] = { "optional",
                                                "advanced",
                                                "more options",
                                                "other settings",
                                                "show optional settings",
                                                "optional settings",
                                                "more settings",
                                                NULL };
  static const char *const cancel_words[]
    = { "cancel", "stop", "quit", "exit", "abort", "never mind", "nevermind", NULL };
  static const char *const ready_words[]
    = { "ready",    "i'm ready",   "ok",         "okay",      "go",
        "go ahead", "let's do it", "enter it",   "i have it", "got it",
        "yes",      "found it",    "i found it", "continue",  NULL };
  PbDefinition *definition = pb_setup_model_get_definition (model);
  g_autofree char *lower = pb_rule_parse_normalize (raw);
  const PbField *pending
    = self->pending ? pb_definition_find_field (definition, self->pending) : NULL;
  const PbField *mentioned;

  if (*lower == '\0')
    {
      if (pending)
        pb_rule_reply_ask (self, model, pending, replies);
      else
        pb_rule_reply_next_step (self, model, replies);
      return;
    }

  /* Questions about a field come first: "what is the region?" must not set the region. */
  mentioned = pb_definition_match_field (definition, lower);
  if (pb_rule_parse_starts_with_one_of (lower, (const char * const[]) { "why", NULL }))
    {
      const PbField *field = mentioned ? mentioned : pending;

      if (field)
        pb_rule_reply_explain_why (model, field, replies);
      else
        pb_rule_reply_say (
          replies,
          _("Plugboard keeps these settings so your tools can reach the service without ever "
            "seeing the secrets."));
      if (pending && field != pending)
        pb_rule_reply_ask (self, model, pending, replies);
      return;
    }
  if (pb_rule_parse_is_one_of (lower, dont_know)
      || pb_rule_parse_starts_with_one_of (lower, dont_know))
    {
      const PbField *field = (mentioned
                              && pb_rule_parse_starts_with_one_of (
                                lower, (const char *const[]){ "where", "how", NULL }))
                               ? mentioned
                               : pending;

      if (field)
        {
          pb_rule_reply_explain_where (model, field, replies);
          if (!field->required)
            pb_rule_reply_say (replies, _("It is optional, so you can also say “skip”."));
          else if (field->secret)
            pb_rule_reply_say_action (replies, _("When you have it, type it in the masked field."),
                                      PB_SETUP_ACTION_REQUEST_SECRET, field->name, NULL);
        }
      else
        pb_rule_reply_next_step (self, model, replies);
      return;
    }
  if (pb_rule_parse_is_one_of (lower, what_words) ||
      (pb_rule_parse_starts_with_one_of (lower, what_prefixes) && (mentioned || pending)))
    {
      const PbField *field = mentioned ? mentioned : pending;

      if (field)
        pb_rule_reply_explain (model, field, replies);
      else
        pb_rule_reply_say (
          replies,
          _("I am here to set this connector up with you. Answer my questions, or say “summary” to "
            "see where we are."));
      if (pending && pending->secret && field == pending)
        pb_rule_reply_say_action (replies, _("When you have it, type it in the masked field."),
                                  PB_SETUP_ACTION_REQUEST_SECRET, pending->name, NULL);
      else if (pending && field != pending)
        pb_rule_reply_ask (self, model, pending, replies);
      return;
    }

  if (pb_rule_parse_is_one_of (lower, cancel_words))
    {
      pb_rule_reply_say (
        replies,
        _("You can close the setup at any time; what you entered so far is kept, and secrets stay "
          "in the keyring."));
      if (pending)
        pb_rule_reply_ask (self, model, pending, replies);
      return;
    }

  if (pb_rule_parse_is_one_of (lower, test_words))
    {
      if (pb_setup_model_is_complete (model))
        {
          g_autofree char *text = g_strdup_printf (_("Testing the connection to %s…"),
                                                   pb_rule_reply_service_name (model));
          self->phase = PHASE_CONFIRM;
          pb_rule_reply_say_action (replies, text, PB_SETUP_ACTION_RUN_TEST, NULL, NULL);
        }
      else
        {
          pb_rule_reply_say (replies, _("Not yet: a few required settings are still missing."));
          pb_rule_reply_next_step (self, model, replies);
        }
      return;
    }
  if (pb_rule_parse_is_one_of (lower, summary_words))
    {
      pb_rule_reply_summary (self, model, replies);
      return;
    }
  if (pb_rule_parse_is_one_of (lower, optional_words))
    {
      self->phase = PHASE_OPTIONAL;
      g_hash_table_remove_all (self->skipped);
      pb_rule_reply_next_step (self, model, replies);
      return;
    }

  if (pb_rule_parse_is_one_of (lower, skip_words) || g_str_has_prefix (lower, "skip"))
    {
      if (pending && !pb_setup_model_is_field_required (model, pending))
        {
          g_autofree char *text
            = g_strdup_printf (_("Skipped the %s."), pb_rule_parse_noun (pending));

          g_hash_table_add (self->skipped, g_strdup (pending->name));
          pb_rule_reply_say (replies, text);
          pb_rule_reply_next_step (self, model, replies);
        }
      else if (pending && pending->enum_values && pb_setup_model_get_value (model, pending->name))
        {
          g_autofree char *shown = pb_rule_reply_describe_value (model, pending);
          g_autofree char *text
            = g_strdup_printf (_("Keeping the %s as %s."), pb_rule_parse_noun (pending), shown);

          pb_rule_reply_say (replies, text);
          pb_rule_reply_next_step (self, model, replies);
        }
      else if (pending)
        {
          g_autofree char *text
            = g_strdup_printf (_("I cannot skip the %s: %s needs it."),
                               pb_rule_parse_noun (pending), pb_rule_reply_service_name (model));
          pb_rule_reply_say (replies, text);
          pb_rule_reply_explain_where (model, pending, replies);
          if (pending->secret)
            pb_rule_reply_say_action (replies, _("When you have it, type it in the masked field."),
                                      PB_SETUP_ACTION_REQUEST_SECRET, pending->name, NULL);
        }
      else if (self->phase == PHASE_OFFER_OPTIONAL)
        pb_rule_reply_summary (self, model, replies);
      else
        pb_rule_reply_next_step (self, model, replies);
      return;
    }

  if (understand (self, model, raw, pending, replies))
    return;
  if (pb_rule_reply_try_correction (self, model, raw, lower, replies))
    return;

  if (self->phase == PHASE_OFFER_OPTIONAL)
    {
      int yn = pb_rule_parse_yes_or_no (lower);

      if (yn == 1)
        {
          self->phase = PHASE_OPTIONAL;
          pb_rule_reply_next_step (self, model, replies);
        }
      else if (yn == 0)
        pb_rule_reply_summary (self, model, replies);
      else
        pb_rule_reply_say (
            replies, _("Do you want to set the optional settings? Please answer yes or no."));
      return;
    }

  if (self->phase == PHASE_CONFIRM)
    {
      int yn = pb_rule_parse_yes_or_no (lower);

      if (yn == 1 && pb_setup_model_is_complete (model))
        {
          g_autofree char *text = g_strdup_printf (_("Testing the connection to %s…"),
                                                   pb_rule_reply_service_name (model));
          pb_rule_reply_say_action (replies, text, PB_SETUP_ACTION_RUN_TEST, NULL, NULL);
        }
      else if (yn == 1)
        pb_rule_reply_next_step (self, model, replies);
      else if (yn == 0)
        {
          g_autofree char *example = pb_rule_reply_change_example (model);
          g_autofree char *text
            = example != NULL
                /* Translators: %s is an example of a change, e.g. change the region to Europe */
                ? g_strdup_printf (_("What would you like to change? For example: “%s”, or name "
                                     "any setting."),
                                   example)
                : g_strdup (_("What would you like to change? Name the setting."));

          pb_rule_reply_say (replies, text);
        }
      else
        pb_rule_reply_say (
          replies,
          _("Sorry, I did not understand. Say which setting to change, or “test” to test the "
            "connection."));
      return;
    }

  if (pending != NULL && pending->secret)
    {
      if (pb_rule_parse_is_one_of (lower, ready_words))
        {
          g_autofree char *text = g_strdup_printf (_("Go ahead: type the %s in the masked field."),
                                                   pb_rule_parse_noun (pending));
          pb_rule_reply_say_action (replies, text, PB_SETUP_ACTION_REQUEST_SECRET, pending->name,
                                    NULL);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (
            _("I do not take secrets in the chat. Say “ready” to type the %s in the masked field, "
              "or ask me about it."),
            pb_rule_parse_noun (pending));
          pb_rule_reply_say (replies, text);
        }
      return;
    }

  if (pending != NULL)
    {
      /* Accepting a default: "yes", "ok", "keep it". */
      if (pending->enum_values != NULL && pb_rule_parse_yes_or_no (lower) == 1 &&
          pb_setup_model_get_value (model, pending->name))
        {
          g_autofree char *shown = pb_rule_reply_describe_value (model, pending);
          g_autofree char *text
            = g_strdup_printf (_("Keeping the %s as %s."), pb_rule_parse_noun (pending), shown);

          pb_rule_reply_say (replies, text);
          pb_rule_reply_next_step (self, model, replies);
          return;
        }
      /* "yes" or "ok" is not a name or an address. */
      if (pending->type == PB_FIELD_STRING && pending->enum_values == NULL
          && pb_rule_parse_yes_or_no (lower) >= 0 && strchr (lower, ' ') == NULL)
        {
          g_autofree char *text
            = g_strdup_printf (_("I need the %s itself."), pb_rule_parse_noun (pending));

          pb_rule_reply_say (replies, text);
          pb_rule_reply_ask (self, model, pending, replies);
          return;
        }
      if (pb_rule_reply_take_answer (self, model, pending, raw, lower, FALSE, replies))
        pb_rule_reply_next_step (self, model, replies);
      else
        pb_rule_reply_ask (self, model, pending, replies);
      return;
    }

  pb_rule_reply_say (replies, _("Sorry, I did not understand that."));
  pb_rule_reply_next_step (self, model, replies);
}

static void
pb_rule_assistant_respond_async (PbAssistant         *assistant,
                                 PbSetupModel        *model,
                                 PbAssistantEvent     event,
                                 const char          *text,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PbRuleAssistant *self = PB_RULE_ASSISTANT (assistant);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *replies = g_ptr_array_new_with_free_func (g_object_unref);
  PbDefinition *definition = pb_setup_model_get_definition (model);

  g_task_set_source_tag (task, pb_rule_assistant_respond_async);

  switch (event)
    {
    case PB_ASSISTANT_EVENT_START:
      start (self, model, replies);
      break;

    case PB_ASSISTANT_EVENT_RESUME:
      {
        guint done = pb_setup_model_get_n_required_done (model);
        /* The verb agrees with the first number: "1 of 3 … is set", "2 of 3 … are set". */
        g_autofree char *text_out = g_strdup_printf (
          ngettext ("%u of %u required settings is set.", "%u of %u required settings are set.",
                    done),
          done, pb_setup_model_get_n_required (model));
        pb_rule_reply_say (replies, text_out);
        if (self->phase == PHASE_CONFIRM && !pb_setup_model_is_complete (model))
          self->phase = PHASE_REQUIRED;
        if (self->phase == PHASE_CONFIRM)
          pb_rule_reply_summary (self, model, replies);
        else
          pb_rule_reply_next_step (self, model, replies);
      }
      break;

    case PB_ASSISTANT_EVENT_SECRET_STORED:
      {
        const PbField *field = pb_definition_find_field (definition, text);
        g_autofree char *text_out = g_strdup_printf (_("Thanks, the %s is stored in the keyring."),
                                                     field ? pb_rule_parse_noun (field) : text);
        pb_rule_reply_say (replies, text_out);
        self->pending_secret = FALSE;
        g_clear_pointer (&self->pending, g_free);
        if (self->phase == PHASE_CONFIRM)
          pb_rule_reply_summary (self, model, replies);
        else
          pb_rule_reply_next_step (self, model, replies);
      }
      break;

    case PB_ASSISTANT_EVENT_SECRET_CANCELLED:
      {
        const PbField *field = pb_definition_find_field (definition, text);
        g_autofree char *text_out = g_strdup_printf (
          _("No problem. Ask me anything about the %s, or say “ready” when you want to enter it."),
          field ? pb_rule_parse_noun (field) : text);
        pb_rule_reply_say (replies, text_out);
      }
      break;

    case PB_ASSISTANT_EVENT_USER_TEXT:
    default:
      handle_text (self, model, text ? text : "", replies);
      break;
    }

  g_task_return_pointer (task, replies, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
pb_rule_assistant_respond_finish (PbAssistant   *assistant,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
pb_rule_assistant_get_pending_secret (PbAssistant *assistant)
{
  PbRuleAssistant *self = PB_RULE_ASSISTANT (assistant);

  return self->pending_secret ? self->pending : NULL;
}

static void
pb_rule_assistant_iface_init (PbAssistantInterface *iface)
{
  iface->respond_async = pb_rule_assistant_respond_async;
  iface->respond_finish = pb_rule_assistant_respond_finish;
  iface->get_pending_secret = pb_rule_assistant_get_pending_secret;
}

static void
pb_rule_assistant_finalize (GObject *object)
{
  PbRuleAssistant *self = PB_RULE_ASSISTANT (object);

  g_free (self->pending);
  g_clear_pointer (&self->skipped, g_hash_table_unref);
  g_clear_pointer (&self->confirmed, g_hash_table_unref);
  G_OBJECT_CLASS (pb_rule_assistant_parent_class)->finalize (object);
}

static void
pb_rule_assistant_class_init (PbRuleAssistantClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_rule_assistant_finalize;
}

static void
pb_rule_assistant_init (PbRuleAssistant *self)
{
  self->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

PbAssistant *
pb_rule_assistant_new (void)
{
  return g_object_new (PB_TYPE_RULE_ASSISTANT, NULL);
}

