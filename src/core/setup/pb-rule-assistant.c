/* pb-rule-assistant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-rule-assistant.h"
#include "pb-rule-parse.h"
#include "pb-utterance.h"

typedef enum {
  PHASE_REQUIRED,         /* asking required fields */
  PHASE_OFFER_OPTIONAL,   /* "do you want to set optional settings?" */
  PHASE_OPTIONAL,         /* asking optional fields */
  PHASE_CONFIRM,          /* summary shown: "shall I test?" */
} Phase;

struct _PbRuleAssistant
{
  GObject     parent_instance;

  Phase       phase;
  char       *pending;          /* the field last asked for */
  gboolean    pending_secret;   /* …and it is a secret (secret mode requested) */
  GHashTable *skipped;          /* optional fields the user skipped */
  GHashTable *confirmed;        /* required fields with a default the user accepted */
};

static void pb_rule_assistant_iface_init (PbAssistantInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbRuleAssistant, pb_rule_assistant, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PB_TYPE_ASSISTANT,
                                                      pb_rule_assistant_iface_init))

/* ---- replies ---- */

static void
say (GPtrArray  *replies,
     const char *text)
{
  g_ptr_array_add (replies, pb_setup_message_new (PB_SETUP_ROLE_ASSISTANT, text));
}

static void
say_action (GPtrArray          *replies,
            const char         *text,
            PbSetupAction       action,
            const char         *field,
            const char * const *choices)
{
  g_ptr_array_add (
    replies, pb_setup_message_new_action (PB_SETUP_ROLE_ASSISTANT, text, action, field, choices));
}

static const char *
service_name (PbSetupModel *model)
{
  return pb_definition_get_name (pb_setup_model_get_definition (model));
}

static char *
describe_value (PbSetupModel  *model,
                const PbField *field)
{
  const char *value;

  if (field->secret)
    return g_strdup (pb_setup_model_is_secret_set (model, field->name) ? _("stored in the keyring")
                                                                       : _("not set"));
  value = pb_setup_model_get_value (model, field->name);
  if (value == NULL || *value == '\0')
    return g_strdup (_("not set"));
  if (field->type == PB_FIELD_BOOLEAN)
    return g_strdup (g_str_equal (value, "true") ? _("yes") : _("no"));
  return g_strdup (pb_field_enum_title (field, value));
}

static void
ask (PbRuleAssistant *self,
     PbSetupModel    *model,
     const PbField   *field,
     GPtrArray       *replies)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_free (self->pending);
  self->pending = g_strdup (field->name);
  self->pending_secret = field->secret;

  if (field->secret)
    {
      g_string_append_printf (text, _("Now the %s."), pb_rule_parse_noun (field));
      if (field->description)
        g_string_append_printf (text, " %s", field->description);
      g_string_append_printf (
        text, " %s",
        _("Type it in the masked field: it goes straight to the keyring and I never see it."));
      say_action (replies, text->str, PB_SETUP_ACTION_REQUEST_SECRET, field->name, NULL);
      return;
    }

  if (field->enum_values != NULL)
    {
      const char *current = pb_setup_model_get_value (model, field->name);

      g_string_append_printf (text, _("Which %s?"), pb_rule_parse_noun (field));
      if (field->description)
        g_string_append_printf (text, " %s", field->description);
      for (guint i = 0; field->enum_values[i] != NULL; i++)
        {
          g_string_append_printf (text, "\n%u. %s", i + 1, field->enum_titles[i]);
          if (g_strcmp0 (current, field->enum_values[i]) == 0)
            g_string_append_printf (text, " %s", _("(current)"));
        }
      say_action (replies, text->str, PB_SETUP_ACTION_CHOICES, field->name,
                  (const char * const *) field->enum_titles);
      return;
    }

  if (field->type == PB_FIELD_BOOLEAN)
    {
      static const char *choices[] = { N_("Yes"), N_("No"), NULL };
      const char *translated[] = { _(choices[0]), _(choices[1]), NULL };

      g_string_append_printf (text, _("%s? (yes or no)"), field->title);
      if (field->description)
        g_string_append_printf (text, " %s", field->description);
      say_action (replies, text->str, PB_SETUP_ACTION_CHOICES, field->name, translated);
      return;
    }

  g_string_append_printf (text, _("What is the %s?"), pb_rule_parse_noun (field));
  if (field->description)
    g_string_append_printf (text, " %s", field->description);
  if (field->examples != NULL && field->examples[0] != NULL)
    g_string_append_printf (text, _(" For example: %s"), field->examples[0]);
  else if (field->default_value != NULL)
    g_string_append_printf (text, _(" (Default: %s; say “skip” to keep it.)"),
                            field->default_value);
  say (replies, text->str);
}

static void
summary (PbRuleAssistant *self,
         PbSetupModel    *model,
         GPtrArray       *replies)
{
  static const char *choices[] = { N_("Yes, test it"), N_("No, change something"), NULL };
  const char *translated[] = { _(choices[0]), _(choices[1]), NULL };
  g_autoptr (GPtrArray) fields = pb_setup_model_get_active_fields (model);
  g_autoptr (GString) text = g_string_new (NULL);
  PbDefinition *definition = pb_setup_model_get_definition (model);
  PbConnector *connector = pb_setup_model_get_connector (model);

  self->phase = PHASE_CONFIRM;
  g_clear_pointer (&self->pending, g_free);
  self->pending_secret = FALSE;

  g_string_append_printf (text, _("Here is what I have for “%s”:"),
                          pb_setup_model_get_name (model));
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);
      g_autofree char *value = NULL;

      if (!pb_setup_model_is_field_required (model, field)
          && !pb_setup_model_is_field_done (model, field))
        continue;
      value = describe_value (model, field);
      g_string_append_printf (text, "\n• %s: %s", field->title, value);
    }

  if (pb_definition_is_oauth (definition) &&
      (connector == NULL || !pb_connector_has_secret (connector, PB_SECRET_ACCESS_TOKEN)))
    {
      g_string_append_printf (
        text, "\n%s",
        _("Next, sign in so Plugboard may use the account; then I will test the connection."));
      say_action (replies, text->str, PB_SETUP_ACTION_SIGN_IN, NULL, NULL);
      return;
    }

  g_string_append_printf (text, "\n%s", _("Shall I test the connection now?"));
  say_action (replies, text->str, PB_SETUP_ACTION_CHOICES, NULL, translated);
}

/* Says what comes next: the next required field, the offer of optional settings, the next
 * optional field, or the summary. Reads the model every time, so edits made in Form mode
 * are taken into account. */
static void
next_step (PbRuleAssistant *self,
           PbSetupModel    *model,
           GPtrArray       *replies)
{
  g_autoptr (GPtrArray) fields = pb_setup_model_get_active_fields (model);
  g_autoptr (GString) optional = g_string_new (NULL);
  guint n_optional = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (!pb_setup_model_is_field_required (model, field))
        continue;
      if (!pb_setup_model_is_field_done (model, field))
        {
          self->phase = PHASE_REQUIRED;
          ask (self, model, field, replies);
          return;
        }
      /* A required choice that only holds its default: let the user confirm it once. */
      if (field->enum_values != NULL && !pb_setup_model_is_value_set (model, field->name) &&
          !g_hash_table_contains (self->confirmed, field->name))
        {
          g_hash_table_add (self->confirmed, g_strdup (field->name));
          self->phase = PHASE_REQUIRED;
          ask (self, model, field, replies);
          return;
        }
    }

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (pb_setup_model_is_field_required (model, field)
          || pb_setup_model_is_field_done (model, field)
          || g_hash_table_contains (self->skipped, field->name))
        continue;
      if (self->phase == PHASE_OPTIONAL)
        {
          ask (self, model, field, replies);
          return;
        }
      g_string_append_printf (optional, "%s%s", n_optional ? ", " : "", field->title);
      n_optional++;
    }

  if (n_optional > 0 && self->phase == PHASE_REQUIRED)
    {
      static const char *choices[] = { N_("Yes"), N_("No"), NULL };
      const char *translated[] = { _(choices[0]), _(choices[1]), NULL };
      g_autofree char *text = NULL;

      self->phase = PHASE_OFFER_OPTIONAL;
      g_clear_pointer (&self->pending, g_free);
      self->pending_secret = FALSE;
      if (n_optional == 1)
        text = g_strdup_printf (
          _(
            "That is everything required. There is one optional setting (%s). Do you want to set it?"),
          optional->str);
      else
        text = g_strdup_printf (
          _(
            "That is everything required. There are %u optional settings (%s). Do you want to set any of them?"),
          n_optional, optional->str);
      say_action (replies, text, PB_SETUP_ACTION_CHOICES, NULL, translated);
      return;
    }

  summary (self, model, replies);
}

static void
explain (PbSetupModel  *model,
         const PbField *field,
         GPtrArray     *replies)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s: %s", field->title,
                          field->description ? field->description
                                             : _("a setting of this connector."));
  if (field->why)
    g_string_append_printf (text, " %s", field->why);
  if (field->where)
    g_string_append_printf (text, "\n%s %s", _("Where to find it:"), field->where);
  if (!field->required)
    g_string_append_printf (text, "\n%s", _("It is optional: say “skip” if you do not need it."));
  say (replies, text->str);
}

static void
explain_why (PbSetupModel  *model,
             const PbField *field,
             GPtrArray     *replies)
{
  g_autofree char *text = NULL;

  if (field->why)
    text = g_strdup (field->why);
  else if (field->secret)
    text = g_strdup_printf (
      _("%s needs it to let Plugboard in. It is stored only in the GNOME Keyring."),
      service_name (model));
  else
    text = g_strdup_printf (
      _(
        "Plugboard needs it to reach %s the way your account is set up; it stays on this computer."),
      service_name (model));
  say (replies, text);
}

static void
explain_where (PbSetupModel  *model,
               const PbField *field,
               GPtrArray     *replies)
{
  g_autofree char *text = NULL;
  const char *docs = pb_definition_get_docs_url (pb_setup_model_get_definition (model));

  if (field->where)
    text = g_strdup_printf (_("No problem. You can find the %s here: %s"),
                            pb_rule_parse_noun (field), field->where);
  else
    text = g_strdup_printf (_("No problem. The %s is in %s's settings or documentation."),
                            pb_rule_parse_noun (field), service_name (model));
  if (docs != NULL)
    {
      char *with_docs = g_strdup_printf (_("%s\nMore help: %s"), text, docs);
      g_free (text);
      text = with_docs;
    }
  say (replies, text);
}

/* Sets FIELD from TEXT; says what happened. */
static gboolean
take_answer (PbRuleAssistant *self,
             PbSetupModel    *model,
             const PbField   *field,
             const char      *text,
             const char      *lower,
             gboolean         correction,
             GPtrArray       *replies)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = pb_rule_parse_interpret (field, text, lower, !correction, &error);
  g_autofree char *said = NULL;
  g_autofree char *shown = NULL;

  if (value == NULL || *value == '\0')
    {
      say (replies, error ? error->message : _("I did not catch a value there."));
      return FALSE;
    }

  if (!pb_field_validate (field, value, &error))
    {
      g_autofree char *text_out = NULL;

      text_out = g_strdup_printf (_("That does not look right: %s"), error->message);
      if (field->where)
        {
          char *more
            = g_strdup_printf ("%s\n%s %s", text_out, _("Where to find it:"), field->where);
          g_free (text_out);
          text_out = more;
        }
      say (replies, text_out);
      return FALSE;
    }

  pb_setup_model_set_value (model, field->name, value, NULL);
  g_hash_table_remove (self->skipped, field->name);
  shown = describe_value (model, field);
  said = correction
           ? g_strdup_printf (_("Changed: the %s is now %s."), pb_rule_parse_noun (field), shown)
           : g_strdup_printf (_("Got it: the %s is %s."), pb_rule_parse_noun (field), shown);
  say (replies, said);
  return TRUE;
}

/* "actually the subdomain is acme-dev", "change the region to US", "set X to Y". */
static gboolean
try_correction (PbRuleAssistant *self,
                PbSetupModel    *model,
                const char      *text,
                const char      *lower,
                GPtrArray       *replies)
{
  static const char *const correction_words[]
    = { "actually", "change",     "set ",  "instead",   "make the",
        "switch",   "correction", "wrong", "should be", NULL };
  PbDefinition *definition = pb_setup_model_get_definition (model);
  const PbField *field = pb_definition_match_field (definition, lower);
  gboolean explicit = pb_rule_parse_contains_one_of (lower, correction_words);

  if (field == NULL || !pb_setup_model_is_field_active (model, field))
    return FALSE;
  /* A plain answer that happens to name the field being asked is not a correction. */
  if (!explicit && g_strcmp0 (field->name, self->pending) == 0)
    return FALSE;
  if (!explicit && !strstr (lower, " is ") && !strstr (lower, " to ") && field->enum_values == NULL)
    return FALSE;

  if (field->secret)
    {
      g_autofree char *reply = g_strdup_printf (
        _("I will take the new %s in the masked field, so it never shows in the chat."),
        pb_rule_parse_noun (field));
      g_free (self->pending);
      self->pending = g_strdup (field->name);
      self->pending_secret = TRUE;
      say_action (replies, reply, PB_SETUP_ACTION_REQUEST_SECRET, field->name, NULL);
      return TRUE;
    }

  if (!take_answer (self, model, field, text, lower, TRUE, replies))
    {
      ask (self, model, field, replies);
      return TRUE;
    }

  if (self->phase == PHASE_CONFIRM)
    summary (self, model, replies);
  else
    next_step (self, model, replies);
  return TRUE;
}

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

      if (!pb_setup_model_is_field_required (model, field))
        continue;
      g_string_append_printf (needed, "%s%s", n ? ", " : "", field->title);
      n++;
    }

  text
    = g_strdup_printf (ngettext ("Let’s set up “%s” (%s). I need %u thing from you: %s. "
                                 "You can ask “what is this?” or say “I don’t know” at any time.",
                                 "Let’s set up “%s” (%s). I need %u things from you: %s. "
                                 "You can ask “what is this?” or say “I don’t know” at any time.",
                                 n),
                       pb_setup_model_get_name (model), service_name (model), n, needed->str);
  say (replies, text);
  next_step (self, model, replies);
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
          say (replies, text);
          continue;
        }
      g_hash_table_remove (self->skipped, fact->field);
      if (*fact->value == '\0')
        /* Translators: what the assistant took, e.g. "no value prefix" */
        shown = g_strdup_printf (_("no %s"), pb_rule_parse_noun (field));
      else
        {
          g_autofree char *value = describe_value (model, field);
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
      say (replies, text);
    }
  for (guint i = 0; i < u->refused->len; i++)
    {
      PbRefusal *refusal = u->refused->pdata[i];
      g_autofree char *text = g_strdup_printf (_("%s I did not save it."), refusal->reason);
      say (replies, text);
    }
  if (u->kept_secret_out)
    say (replies, _("I left out the key in what you pasted: secrets go only in the masked "
                    "field, never in the chat."));
  if (u->question != NULL)
    {
      say (replies, u->question);
      return TRUE;
    }
  if (u->facts->len == 0 && pending != NULL)
    ask (self, model, pending, replies);
  else
    next_step (self, model, replies);
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
        ask (self, model, pending, replies);
      else
        next_step (self, model, replies);
      return;
    }

  /* Questions about a field come first: "what is the region?" must not set the region. */
  mentioned = pb_definition_match_field (definition, lower);
  if (pb_rule_parse_starts_with_one_of (lower, (const char * const[]) { "why", NULL }))
    {
      const PbField *field = mentioned ? mentioned : pending;

      if (field)
        explain_why (model, field, replies);
      else
        say (
          replies,
          _(
            "Plugboard keeps these settings so your tools can reach the service without ever seeing the secrets."));
      if (pending && field != pending)
        ask (self, model, pending, replies);
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
          explain_where (model, field, replies);
          if (!field->required)
            say (replies, _("It is optional, so you can also say “skip”."));
          else if (field->secret)
            say_action (replies, _("When you have it, type it in the masked field."),
                        PB_SETUP_ACTION_REQUEST_SECRET, field->name, NULL);
        }
      else
        next_step (self, model, replies);
      return;
    }
  if (pb_rule_parse_is_one_of (lower, what_words) ||
      (pb_rule_parse_starts_with_one_of (lower, what_prefixes) && (mentioned || pending)))
    {
      const PbField *field = mentioned ? mentioned : pending;

      if (field)
        explain (model, field, replies);
      else
        say (
          replies,
          _(
            "I am here to set this connector up with you. Answer my questions, or say “summary” to see where we are."));
      if (pending && pending->secret && field == pending)
        say_action (replies, _("When you have it, type it in the masked field."),
                    PB_SETUP_ACTION_REQUEST_SECRET, pending->name, NULL);
      else if (pending && field != pending)
        ask (self, model, pending, replies);
      return;
    }

  if (pb_rule_parse_is_one_of (lower, cancel_words))
    {
      say (
        replies,
        _(
          "You can close the setup at any time; what you entered so far is kept, and secrets stay in the keyring."));
      if (pending)
        ask (self, model, pending, replies);
      return;
    }

  if (pb_rule_parse_is_one_of (lower, test_words))
    {
      if (pb_setup_model_is_complete (model))
        {
          g_autofree char *text
            = g_strdup_printf (_("Testing the connection to %s…"), service_name (model));
          self->phase = PHASE_CONFIRM;
          say_action (replies, text, PB_SETUP_ACTION_RUN_TEST, NULL, NULL);
        }
      else
        {
          say (replies, _("Not yet: a few required settings are still missing."));
          next_step (self, model, replies);
        }
      return;
    }
  if (pb_rule_parse_is_one_of (lower, summary_words))
    {
      summary (self, model, replies);
      return;
    }
  if (pb_rule_parse_is_one_of (lower, optional_words))
    {
      self->phase = PHASE_OPTIONAL;
      g_hash_table_remove_all (self->skipped);
      next_step (self, model, replies);
      return;
    }

  if (pb_rule_parse_is_one_of (lower, skip_words) || g_str_has_prefix (lower, "skip"))
    {
      if (pending && !pb_setup_model_is_field_required (model, pending))
        {
          g_autofree char *text
            = g_strdup_printf (_("Skipped the %s."), pb_rule_parse_noun (pending));

          g_hash_table_add (self->skipped, g_strdup (pending->name));
          say (replies, text);
          next_step (self, model, replies);
        }
      else if (pending && pending->enum_values && pb_setup_model_get_value (model, pending->name))
        {
          g_autofree char *shown = describe_value (model, pending);
          g_autofree char *text
            = g_strdup_printf (_("Keeping the %s as %s."), pb_rule_parse_noun (pending), shown);

          say (replies, text);
          next_step (self, model, replies);
        }
      else if (pending)
        {
          g_autofree char *text
            = g_strdup_printf (_("I cannot skip the %s: %s needs it."),
                               pb_rule_parse_noun (pending), service_name (model));
          say (replies, text);
          explain_where (model, pending, replies);
          if (pending->secret)
            say_action (replies, _("When you have it, type it in the masked field."),
                        PB_SETUP_ACTION_REQUEST_SECRET, pending->name, NULL);
        }
      else if (self->phase == PHASE_OFFER_OPTIONAL)
        summary (self, model, replies);
      else
        next_step (self, model, replies);
      return;
    }

  if (understand (self, model, raw, pending, replies))
    return;
  if (try_correction (self, model, raw, lower, replies))
    return;

  if (self->phase == PHASE_OFFER_OPTIONAL)
    {
      int yn = pb_rule_parse_yes_or_no (lower);

      if (yn == 1)
        {
          self->phase = PHASE_OPTIONAL;
          next_step (self, model, replies);
        }
      else if (yn == 0)
        summary (self, model, replies);
      else
        say (replies, _("Do you want to set the optional settings? Please answer yes or no."));
      return;
    }

  if (self->phase == PHASE_CONFIRM)
    {
      int yn = pb_rule_parse_yes_or_no (lower);

      if (yn == 1 && pb_setup_model_is_complete (model))
        {
          g_autofree char *text
            = g_strdup_printf (_("Testing the connection to %s…"), service_name (model));
          say_action (replies, text, PB_SETUP_ACTION_RUN_TEST, NULL, NULL);
        }
      else if (yn == 1)
        next_step (self, model, replies);
      else if (yn == 0)
        say (
          replies,
          _(
            "What would you like to change? For example: “change the region to Europe”, or name any setting."));
      else
        say (
          replies,
          _(
            "Sorry, I did not understand. Say which setting to change, or “test” to test the connection."));
      return;
    }

  if (pending != NULL && pending->secret)
    {
      if (pb_rule_parse_is_one_of (lower, ready_words))
        {
          g_autofree char *text = g_strdup_printf (_("Go ahead: type the %s in the masked field."),
                                                   pb_rule_parse_noun (pending));
          say_action (replies, text, PB_SETUP_ACTION_REQUEST_SECRET, pending->name, NULL);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (
            _(
              "I do not take secrets in the chat. Say “ready” to type the %s in the masked field, or ask me about it."),
            pb_rule_parse_noun (pending));
          say (replies, text);
        }
      return;
    }

  if (pending != NULL)
    {
      /* Accepting a default: "yes", "ok", "keep it". */
      if (pending->enum_values != NULL && pb_rule_parse_yes_or_no (lower) == 1 &&
          pb_setup_model_get_value (model, pending->name))
        {
          g_autofree char *shown = describe_value (model, pending);
          g_autofree char *text
            = g_strdup_printf (_("Keeping the %s as %s."), pb_rule_parse_noun (pending), shown);

          say (replies, text);
          next_step (self, model, replies);
          return;
        }
      /* "yes" or "ok" is not a name or an address. */
      if (pending->type == PB_FIELD_STRING && pending->enum_values == NULL
          && pb_rule_parse_yes_or_no (lower) >= 0 && strchr (lower, ' ') == NULL)
        {
          g_autofree char *text
            = g_strdup_printf (_("I need the %s itself."), pb_rule_parse_noun (pending));

          say (replies, text);
          ask (self, model, pending, replies);
          return;
        }
      if (take_answer (self, model, pending, raw, lower, FALSE, replies))
        next_step (self, model, replies);
      else
        ask (self, model, pending, replies);
      return;
    }

  say (replies, _("Sorry, I did not understand that."));
  next_step (self, model, replies);
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
        g_autofree char *text_out = g_strdup_printf (
          _("Welcome back: %u of %u required settings are done."),
          pb_setup_model_get_n_required_done (model), pb_setup_model_get_n_required (model));
        say (replies, text_out);
        if (self->phase == PHASE_CONFIRM && !pb_setup_model_is_complete (model))
          self->phase = PHASE_REQUIRED;
        if (self->phase == PHASE_CONFIRM)
          summary (self, model, replies);
        else
          next_step (self, model, replies);
      }
      break;

    case PB_ASSISTANT_EVENT_SECRET_STORED:
      {
        const PbField *field = pb_definition_find_field (definition, text);
        g_autofree char *text_out = g_strdup_printf (_("Thanks, the %s is stored in the keyring."),
                                                     field ? pb_rule_parse_noun (field) : text);
        say (replies, text_out);
        self->pending_secret = FALSE;
        g_clear_pointer (&self->pending, g_free);
        if (self->phase == PHASE_CONFIRM)
          summary (self, model, replies);
        else
          next_step (self, model, replies);
      }
      break;

    case PB_ASSISTANT_EVENT_SECRET_CANCELLED:
      {
        const PbField *field = pb_definition_find_field (definition, text);
        g_autofree char *text_out = g_strdup_printf (
          _("No problem. Ask me anything about the %s, or say “ready” when you want to enter it."),
          field ? pb_rule_parse_noun (field) : text);
        say (replies, text_out);
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

static void
pb_rule_assistant_iface_init (PbAssistantInterface *iface)
{
  iface->respond_async = pb_rule_assistant_respond_async;
  iface->respond_finish = pb_rule_assistant_respond_finish;
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

const char *
pb_rule_assistant_get_pending_secret (PbRuleAssistant *self)
{
  g_return_val_if_fail (PB_IS_RULE_ASSISTANT (self), NULL);
  return self->pending_secret ? self->pending : NULL;
}
