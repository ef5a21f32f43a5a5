/* test-utterance.c: the phrasing suite (tests/data/setup/phrasings.json) through the
 * understanding step of the setup assistant, over the real catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-catalog.h"
#include "pb-rule-assistant.h"
#include "pb-utterance.h"
#include "pb-test-util.h"

static JsonArray *
load_phrasings (JsonParser **parser)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "setup", "phrasings.json",
                                                 NULL);
  g_autoptr (GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_file (*parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (*parser));
}

/* What one utterance must give; returns a description of the difference, or NULL. */
static char *
check_one (PbConnectorStore *store,
           JsonObject       *item,
           guint             index)
{
  const char *def_id = json_object_get_string_member (item, "def");
  const char *text = json_object_get_string_member (item, "text");
  PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (), def_id);
  g_autofree char *name = g_strdup_printf ("phrasing %u", index);
  g_autoptr (PbSetupModel) model = NULL;
  g_autoptr (PbUtterance) u = NULL;
  g_autoptr (GString) problems = g_string_new (NULL);
  JsonObject *expect = json_object_has_member (item, "expect")
                       ? json_object_get_object_member (item, "expect") : NULL;
  JsonArray *refused = json_object_has_member (item, "refused")
                       ? json_object_get_array_member (item, "refused") : NULL;
  gboolean want_question = json_object_get_boolean_member_with_default (item, "question", FALSE);
  gboolean any_refused = json_object_get_boolean_member_with_default (item, "any_refused", FALSE);

  g_assert_nonnull (definition);
  model = pb_setup_model_new (store, definition, name);
  u = pb_utterance_understand (model, text);

  for (guint i = 0; i < u->facts->len; i++)
    {
      PbFact *f = u->facts->pdata[i];
      if (expect == NULL || !json_object_has_member (expect, f->field))
        g_string_append_printf (problems, " extra %s=“%s”;", f->field, f->value);
      else if (g_strcmp0 (json_object_get_string_member (expect, f->field), f->value) != 0)
        g_string_append_printf (problems, " %s=“%s”, want “%s”;", f->field, f->value,
                                json_object_get_string_member (expect, f->field));
    }
  if (expect != NULL)
    {
      g_autoptr (GList) members = json_object_get_members (expect);
      for (GList *l = members; l != NULL; l = l->next)
        {
          gboolean found = FALSE;
          for (guint i = 0; i < u->facts->len; i++)
            found |= g_str_equal (((PbFact *) u->facts->pdata[i])->field, l->data);
          if (!found)
            g_string_append_printf (problems, " missed %s;", (char *) l->data);
        }
    }
  for (guint i = 0; refused != NULL && i < json_array_get_length (refused); i++)
    {
      const char *field = json_array_get_string_element (refused, i);
      gboolean found = FALSE;
      for (guint k = 0; k < u->refused->len; k++)
        found |= g_str_equal (((PbRefusal *) u->refused->pdata[k])->field, field);
      if (!found)
        g_string_append_printf (problems, " %s not refused;", field);
    }
  if (refused == NULL && !any_refused && u->refused->len > 0)
    g_string_append_printf (problems, " refused %s (%s);",
                            ((PbRefusal *) u->refused->pdata[0])->field,
                            ((PbRefusal *) u->refused->pdata[0])->reason);
  if (any_refused && u->refused->len == 0)
    g_string_append (problems, " nothing refused;");
  if (want_question != (u->question != NULL))
    g_string_append_printf (problems, " question: %s;", u->question ? u->question : "none");

  /* No refused value may ever become a fact. */
  for (guint k = 0; k < u->refused->len; k++)
    for (guint i = 0; i < u->facts->len; i++)
      g_assert_false (g_str_equal (((PbRefusal *) u->refused->pdata[k])->field,
                                   ((PbFact *) u->facts->pdata[i])->field));

  if (problems->len == 0)
    return NULL;
  return g_strdup_printf ("[%s] “%s”:%s", def_id, text, problems->str);
}

static void
test_phrasings (void)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonArray *items = load_phrasings (&parser);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  guint n = json_array_get_length (items), failed = 0;

  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_cmpuint (n, >=, 60);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *problem = check_one (store, json_array_get_object_element (items, i), i);
      if (problem != NULL)
        {
          g_test_message ("%s", problem);
          failed++;
        }
    }
  g_test_message ("understood %u of %u utterances", n - failed, n);
  g_assert_cmpuint (failed, ==, 0);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
send (PbAssistant      *assistant,
      PbSetupModel     *model,
      PbAssistantEvent  event,
      const char       *text)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) replies = NULL;

  pb_assistant_send_async (assistant, model, event, text, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  replies = pb_assistant_send_finish (assistant, result, NULL);
  g_assert_nonnull (replies);
}

/* The same utterances as first messages of a real conversation with the rule engine: the
 * model ends with every expected value, and no invalid value is ever saved. */
static void
test_phrasings_engine (void)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonArray *items = load_phrasings (&parser);
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  guint n = json_array_get_length (items), failed = 0, run = 0;

  g_assert_true (pb_connector_store_load (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (),
                                                    json_object_get_string_member (item, "def"));
      g_autofree char *name = g_strdup_printf ("engine phrasing %u", i);
      g_autoptr (PbSetupModel) model = pb_setup_model_new (store, definition, name);
      g_autoptr (PbAssistant) assistant = pb_rule_assistant_new ();
      JsonObject *expect = json_object_has_member (item, "expect")
                           ? json_object_get_object_member (item, "expect") : NULL;
      g_autoptr (GList) members = expect ? json_object_get_members (expect) : NULL;
      GPtrArray *fields;

      send (assistant, model, PB_ASSISTANT_EVENT_START, NULL);
      send (assistant, model, PB_ASSISTANT_EVENT_USER_TEXT,
            json_object_get_string_member (item, "text"));
      run++;
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *want = json_object_get_string_member (expect, l->data);
          const char *have = pb_setup_model_get_value (model, l->data);

          if (*want == '\0' ? (have != NULL && *have != '\0') : g_strcmp0 (want, have) != 0)
            {
              g_test_message ("engine: “%s”: %s is “%s”, want “%s”",
                              json_object_get_string_member (item, "text"), (char *) l->data,
                              have ? have : "(unset)", want);
              failed++;
              break;
            }
        }
      fields = pb_setup_model_get_active_fields (model);
      for (guint k = 0; k < fields->len; k++)
        {
          const PbField *f = fields->pdata[k];
          if (pb_setup_model_is_value_set (model, f->name))
            g_assert_null (pb_setup_model_get_field_error (model, f->name));
        }
      g_ptr_array_unref (fields);
    }
  g_test_message ("engine: understood %u of %u first messages", run - failed, run);
  g_assert_cmpuint (failed, ==, 0);
}

/* A few of them through `plugboard-cli setup`, as a script would send them. */
static void
test_phrasings_cli (void)
{
  static const struct { const char *text, *header, *prefix, *base; } cases[] = {
    /* loopback only: the setup ends with a connection test (refused on the discard port) */
    { "It's http://127.0.0.1:9, the key goes in the X-API-Key header, no prefix",
      "X-API-Key", NULL, "http://127.0.0.1:9" },
    { "curl http://127.0.0.1:9/v2/orders -H \"Authorization: Token $TOKEN\"",
      "Authorization", "Token", "http://127.0.0.1:9/v2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("cli phrasing %u", i);
      /* the sentence, then the key at the masked prompt, then "no" to what follows */
      g_autofree char *input = g_strdup_printf ("%s\nphrasing-key-0123456789\nno\nno\n",
                                                cases[i].text);
      const char *args[] = { "setup", "api-key", "--name", name, "--timeout", "5", NULL };
      const char *show[] = { "show", name, "--json", NULL };
      g_autofree char *out = NULL, *err = NULL, *json = NULL, *json_err = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *object;

      pb_test_run_cli (args, input, &out, &err);
      g_assert_cmpint (pb_test_run_cli (show, NULL, &json, &json_err), ==, 0);
      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member_with_default (object, "base-url", NULL), ==,
                       cases[i].base);
      g_assert_cmpstr (json_object_get_string_member_with_default (object, "auth-header", NULL),
                       ==, cases[i].header);
      g_assert_cmpstr (json_object_get_string_member_with_default (object, "auth-prefix", NULL),
                       ==, cases[i].prefix);
    }
}

/* A value that passes the field's own checks, to set before it is cleared or corrected. */
static const char *
sample_value (const PbField *f,
              guint          which)
{
  static const char *const urls[] = { "https://one.example.com/v1", "https://two.example.com" };
  static const char *const words[] = { "alpha1", "beta2" };
  static const char *const emails[] = { "ada@example.com", "grace@example.org" };

  if (f->enum_values != NULL)
    return f->enum_values[which % g_strv_length (f->enum_values)];
  if (g_strcmp0 (f->format, "uri") == 0)
    return urls[which];
  if (g_strcmp0 (f->format, "email") == 0)
    return emails[which];
  if (g_strcmp0 (f->name, "organization") == 0)
    return which ? "org-beta2" : "org-alpha1";
  if (f->type != PB_FIELD_STRING)
    return NULL;
  return words[which];
}

/* "clear the X" and "actually the X is Y" work for every non-secret field of every
 * definition in the catalog, through the rule engine. */
static void
test_every_field (void)
{
  GListModel *catalog = G_LIST_MODEL (pb_catalog_get_default ());
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  guint checked = 0;

  g_assert_true (pb_connector_store_load (store, NULL));
  for (guint d = 0; d < g_list_model_get_n_items (catalog); d++)
    {
      g_autoptr (PbDefinition) definition = g_list_model_get_item (catalog, d);
      GPtrArray *fields = pb_definition_get_fields (definition);

      for (guint i = 0; i < fields->len; i++)
        {
          const PbField *f = fields->pdata[i];
          g_autofree char *name = g_strdup_printf ("every %s %s", pb_definition_get_id (definition),
                                                   f->name);
          g_autoptr (PbSetupModel) model = NULL;
          g_autoptr (PbAssistant) assistant = pb_rule_assistant_new ();
          g_autofree char *correct = NULL, *clear = NULL;
          const char *first = sample_value (f, 0), *second = sample_value (f, 1);

          if (f->secret || first == NULL || f->only_when_field != NULL
              || !pb_utterance_check_value (f, first, NULL)
              || !pb_utterance_check_value (f, second, NULL))
            continue;
          model = pb_setup_model_new (store, definition, name);
          send (assistant, model, PB_ASSISTANT_EVENT_START, NULL);
          g_assert_true (pb_setup_model_set_value (model, f->name, first, NULL));

          correct = g_strdup_printf ("actually the %s is %s", f->title, second);
          send (assistant, model, PB_ASSISTANT_EVENT_USER_TEXT, correct);
          if (f->enum_values == NULL || g_strcmp0 (first, second) != 0)
            g_assert_cmpstr (pb_setup_model_get_value (model, f->name), ==, second);

          clear = g_strdup_printf ("clear the %s", f->title);
          send (assistant, model, PB_ASSISTANT_EVENT_USER_TEXT, clear);
          if (pb_setup_model_is_value_set (model, f->name) && pb_setup_model_get_value (model, f->name) && *pb_setup_model_get_value (model, f->name))
            g_test_message ("not cleared: %s %s = %s", pb_definition_get_id (definition), f->name, pb_setup_model_get_value (model, f->name));
          g_assert_false (pb_setup_model_is_value_set (model, f->name)
                          && pb_setup_model_get_value (model, f->name) != NULL
                          && *pb_setup_model_get_value (model, f->name) != '\0');
          checked++;
        }
    }
  g_test_message ("corrected and cleared %u fields", checked);
  g_assert_cmpuint (checked, >=, 10);
}

/* Values the shared checks refuse are never facts, whatever the sentence around them. */
static void
test_refusals (void)
{
  PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (), "api-key");
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  g_autoptr (PbSetupModel) model = NULL;
  static const char *const texts[] = {
    "header name is X-A\r\nB", "header name is Bad:Header", "the header is Host",
    "prefix is Bearer\r\nX-Evil", "base url is ftp://files.example", NULL
  };

  g_assert_true (pb_connector_store_load (store, NULL));
  model = pb_setup_model_new (store, definition, "refusals");
  /* the same checks hold for a bare answer: the model keeps it for the form, flagged */
  g_assert_true (pb_setup_model_set_value (model, "placement", "header", NULL));
  g_assert_false (pb_setup_model_set_value (model, "auth-header", "X API, Key", NULL));
  g_assert_nonnull (pb_setup_model_get_field_error (model, "auth-header"));
  /* "Token token=" is a real scheme: a prefix may hold a space */
  g_assert_true (pb_setup_model_set_value (model, "auth-prefix", "Token token=", NULL));
  g_assert_true (pb_setup_model_set_value (model, "auth-header", "X-API-Key", NULL));
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr (PbUtterance) u = pb_utterance_understand (model, texts[i]);
      for (guint k = 0; k < u->facts->len; k++)
        {
          PbFact *f = u->facts->pdata[k];
          const PbField *field = pb_definition_find_field (definition, f->field);
          g_assert_true (pb_utterance_check_value (field, f->value, NULL));
          g_assert_null (strchr (f->value, '\r'));
          g_assert_null (strchr (f->value, '\n'));
        }
    }
}

/* Hostile text: long, binary, nested quotes — no crash, bounded. */
static void
test_hostile_text (void)
{
  PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (), "api-key");
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  g_autoptr (PbSetupModel) model = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (PbUtterance) u1 = NULL;
  g_autoptr (PbUtterance) u2 = NULL;
  g_autoptr (PbUtterance) u3 = NULL;

  g_assert_true (pb_connector_store_load (store, NULL));
  model = pb_setup_model_new (store, definition, "hostile");
  for (guint i = 0; i < 2000; i++)
    g_string_append (big, "header X-A-");
  u1 = pb_utterance_understand (model, big->str);
  u2 = pb_utterance_understand (model, "\xff\xfe header X-Key");
  g_assert_true (pb_utterance_is_empty (u2));
  u3 = pb_utterance_understand (model, "curl -H 'X-Key: a' \"https://[::1");
  g_assert_nonnull (u3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/utterance/phrasings", test_phrasings);
  g_test_add_func ("/utterance/phrasings-engine", test_phrasings_engine);
  g_test_add_func ("/utterance/phrasings-cli", test_phrasings_cli);
  g_test_add_func ("/utterance/every-field", test_every_field);
  g_test_add_func ("/utterance/refusals", test_refusals);
  g_test_add_func ("/utterance/hostile-text", test_hostile_text);
  return g_test_run ();
}
