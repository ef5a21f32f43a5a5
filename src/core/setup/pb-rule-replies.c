/* pb-rule-replies.c: what the rule-based assistant says — asking a field, explaining it,
 * the summary, the next step — and how it takes an answer or a correction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-rule-assistant-private.h"
#include "pb-rule-parse.h"

/* ---- replies ---- */

void
pb_rule_reply_say (GPtrArray  *replies,
                   const char *text)
{
  g_ptr_array_add (replies, pb_setup_message_new (PB_SETUP_ROLE_ASSISTANT, text));
}

void
pb_rule_reply_say_action (GPtrArray          *replies,
                          const char         *text,
                          PbSetupAction       action,
                          const char         *field,
                          const char * const *choices)
{
  g_ptr_array_add (
    replies, pb_setup_message_new_action (PB_SETUP_ROLE_ASSISTANT, text, action, field, choices));
}

/* Choices as buttons: LABELS are shown, VALUES are what the engine hears when one is chosen. */
static void
say_choices (GPtrArray          *replies,
             const char         *text,
             const char         *field,
             const char * const *labels,
             const char * const *values)
{
  g_ptr_array_add (replies, pb_setup_message_new_choices (text, field, labels, values));
}

static const char *const yes_no_values[] = { "yes", "no", NULL };

const char *
pb_rule_reply_service_name (PbSetupModel *model)
{
  return pb_definition_get_name (pb_setup_model_get_definition (model));
}

char *
pb_rule_reply_describe_value (PbSetupModel  *model,
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

void
pb_rule_reply_ask (PbRuleAssistant *self,
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
      pb_rule_reply_say_action (replies, text->str, PB_SETUP_ACTION_REQUEST_SECRET, field->name,
                                NULL);
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
      say_choices (replies, text->str, field->name, (const char * const *) field->enum_titles,
                   (const char * const *) field->enum_values);
      return;
    }

  if (field->type == PB_FIELD_BOOLEAN)
    {
      static const char *choices[] = { N_("Yes"), N_("No"), NULL };
      const char *translated[] = { _(choices[0]), _(choices[1]), NULL };

      g_string_append_printf (text, _("%s? (yes or no)"), field->title);
      if (field->description)
        g_string_append_printf (text, " %s", field->description);
      say_choices (replies, text->str, field->name, translated, yes_no_values);
      return;
    }

  g_string_append_printf (text, _("What should the %s be?"), pb_rule_parse_noun (field));
  if (field->description)
    g_string_append_printf (text, " %s", field->description);
  if (field->examples != NULL && field->examples[0] != NULL)
    g_string_append_printf (text, _(" For example: “%s”."), field->examples[0]);
  else if (field->default_value != NULL)
    g_string_append_printf (text, _(" (Default: %s; say “skip” to keep it.)"),
                            field->default_value);
  pb_rule_reply_say (replies, text->str);
}

void
pb_rule_reply_summary (PbRuleAssistant *self,
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
      value = pb_rule_reply_describe_value (model, field);
      g_string_append_printf (text, "\n• %s: %s", field->title, value);
    }

  if (pb_definition_is_oauth (definition) &&
      (connector == NULL || !pb_connector_has_secret (connector, PB_SECRET_ACCESS_TOKEN)))
    {
      g_string_append_printf (
        text, "\n%s",
        _("Next, sign in so Plugboard may use the account; then I will test the connection."));
      pb_rule_reply_say_action (replies, text->str, PB_SETUP_ACTION_SIGN_IN, NULL, NULL);
      return;
    }

  g_string_append_printf (text, "\n%s", _("Shall I test the connection now?"));
  say_choices (replies, text->str, NULL, translated, yes_no_values);
}

/* Says what comes next: the next required field, the offer of optional settings, the next
 * optional field, or the summary. Reads the model every time, so edits made in Form mode
 * are taken into account. */
void
pb_rule_reply_next_step (PbRuleAssistant *self,
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
          pb_rule_reply_ask (self, model, field, replies);
          return;
        }
      /* A required choice that only holds its default: let the user confirm it once. */
      if (field->enum_values != NULL && !pb_setup_model_is_value_set (model, field->name) &&
          !g_hash_table_contains (self->confirmed, field->name))
        {
          g_hash_table_add (self->confirmed, g_strdup (field->name));
          self->phase = PHASE_REQUIRED;
          pb_rule_reply_ask (self, model, field, replies);
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
          pb_rule_reply_ask (self, model, field, replies);
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
          _("That is everything required. There is one optional setting (%s). Do you want to set "
            "it?"),
          optional->str);
      else
        text = g_strdup_printf (
          _("That is everything required. There are %u optional settings (%s). Do you want to set "
            "any of them?"),
          n_optional, optional->str);
      say_choices (replies, text, NULL, translated, yes_no_values);
      return;
    }

  pb_rule_reply_summary (self, model, replies);
}

void
pb_rule_reply_explain (PbSetupModel  *model,
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
  pb_rule_reply_say (replies, text->str);
}

void
pb_rule_reply_explain_why (PbSetupModel  *model,
                           const PbField *field,
                           GPtrArray     *replies)
{
  g_autofree char *text = NULL;

  if (field->why)
    text = g_strdup (field->why);
  else if (field->secret)
    text = g_strdup_printf (
      _("%s needs it to let Plugboard in. It is stored only in the GNOME Keyring."),
      pb_rule_reply_service_name (model));
  else
    text = g_strdup_printf (
      _(
        "Plugboard needs it to reach %s the way your account is set up; it stays on this "
        "computer."),
      pb_rule_reply_service_name (model));
  pb_rule_reply_say (replies, text);
}

void
pb_rule_reply_explain_where (PbSetupModel  *model,
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
                            pb_rule_parse_noun (field), pb_rule_reply_service_name (model));
  if (docs != NULL)
    {
      char *with_docs = g_strdup_printf (_("%s\nMore help: %s"), text, docs);
      g_free (text);
      text = with_docs;
    }
  pb_rule_reply_say (replies, text);
}

/* Sets FIELD from TEXT; says what happened. */
gboolean
pb_rule_reply_take_answer (PbRuleAssistant *self,
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
      pb_rule_reply_say (replies, error ? error->message : _("I did not catch a value there."));
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
      pb_rule_reply_say (replies, text_out);
      return FALSE;
    }

  pb_setup_model_set_value (model, field->name, value, NULL);
  g_hash_table_remove (self->skipped, field->name);
  shown = pb_rule_reply_describe_value (model, field);
  said = correction
           ? g_strdup_printf (_("Changed: the %s is now %s."), pb_rule_parse_noun (field), shown)
           : g_strdup_printf (_("Got it: the %s is %s."), pb_rule_parse_noun (field), shown);
  pb_rule_reply_say (replies, said);
  return TRUE;
}

/* "actually the subdomain is acme-dev", "change the region to US", "set X to Y". */
gboolean
pb_rule_reply_try_correction (PbRuleAssistant *self,
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
      pb_rule_reply_say_action (replies, reply, PB_SETUP_ACTION_REQUEST_SECRET, field->name, NULL);
      return TRUE;
    }

  if (!pb_rule_reply_take_answer (self, model, field, text, lower, TRUE, replies))
    {
      pb_rule_reply_ask (self, model, field, replies);
      return TRUE;
    }

  if (self->phase == PHASE_CONFIRM)
    pb_rule_reply_summary (self, model, replies);
  else
    pb_rule_reply_next_step (self, model, replies);
  return TRUE;
}

static gboolean
is_discriminator (GPtrArray     *fields,
                  const PbField *field)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (((const PbField *) g_ptr_array_index (fields, i))->only_when_field,
                   field->name) == 0)
      return TRUE;
  return FALSE;
}

char *
pb_rule_reply_change_example (PbSetupModel *model)
{
  g_autoptr (GPtrArray) fields = pb_setup_model_get_active_fields (model);
  GPtrArray *all = pb_definition_get_fields (pb_setup_model_get_definition (model));

  /* A choice the connector has (a region, a site): another of its values. */
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);
      const char *current = pb_setup_model_get_value (model, field->name);

      if (field->secret || field->enum_values == NULL || is_discriminator (all, field))
        continue;
      for (guint j = 0; field->enum_values[j] != NULL; j++)
        if (g_strcmp0 (field->enum_values[j], current) != 0)
          {
            g_autofree char *title = g_utf8_strdown (field->title, -1);

            /* Translators: an example of a change, e.g. "change the region to Europe" */
            return g_strdup_printf (_("change the %s to %s"), title, field->enum_titles[j]);
          }
    }

  /* Where the key goes. */
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (g_strcmp0 (field->maps_to, "auth-header") == 0)
        return g_strdup (_("header name X-API-Key"));
      if (g_strcmp0 (field->maps_to, "auth-query-param") == 0)
        return g_strdup (_("query parameter api_key"));
    }

  /* A setting with an example value of its own. */
  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (fields, i);

      if (!field->secret && field->enum_values == NULL && field->examples != NULL &&
          field->examples[0] != NULL &&
          g_strcmp0 (field->examples[0], pb_setup_model_get_value (model, field->name)) != 0)
        {
          g_autofree char *title = g_utf8_strdown (field->title, -1);

          return g_strdup_printf (_("change the %s to %s"), title, field->examples[0]);
        }
    }
  return NULL;
}
