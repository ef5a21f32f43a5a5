/* test-setup-assistant.c: scripted conversations with PbRuleAssistant over a real
 * PbSetupModel, connector store and keyring, ending with a real connection test against a
 * loopback server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-catalog.h"
#include "pb-connection-test.h"
#include "pb-error.h"
#include "pb-rule-assistant.h"
#include "pb-setup-model.h"
#include "pb-setup-test-server.h"
#include "pb-test-util.h"

#define CANARY "acme_CANARYc4n4ry0000SECRET"

typedef struct {
  PbSetupTestServer *server;
  PbConnectorStore  *store;
  PbDefinition      *definition;
  PbSetupModel      *model;
  PbAssistant       *assistant;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GBytes) bytes = NULL;

  fx->server = pb_setup_test_server_new ();
  json = pb_setup_test_definition_json (fx->server);
  bytes = g_bytes_new (json, strlen (json));
  fx->definition = pb_definition_new_from_bytes (bytes, &error);
  g_assert_no_error (error);

  fx->store = pb_connector_store_new (NULL, NULL);
  g_assert_true (pb_connector_store_load (fx->store, &error));
  g_assert_no_error (error);
  /* Tests share one keyring and connectors file: one name per test. */
  fx->model = pb_setup_model_new (fx->store, fx->definition, g_test_get_path ());
  fx->assistant = pb_rule_assistant_new ();
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->assistant);
  g_clear_object (&fx->model);
  g_clear_object (&fx->definition);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->server, pb_setup_test_server_free);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Sends an event and returns all reply texts joined, plus the last reply. */
static char *
send_event (Fixture           *fx,
            PbAssistantEvent   event,
            const char        *text,
            PbSetupMessage   **out_last)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) replies = NULL;
  g_autoptr (GError) error = NULL;
  GString *joined = g_string_new (NULL);

  pb_assistant_send_async (fx->assistant, fx->model, event, text, NULL, got_result, &result);
  replies = pb_assistant_send_finish (fx->assistant, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (replies);
  g_assert_cmpuint (replies->len, >, 0);
  for (guint i = 0; i < replies->len; i++)
    g_string_append_printf (joined, "%s\n", pb_setup_message_get_text (g_ptr_array_index (replies, i)));
  if (out_last)
    *out_last = g_object_ref (g_ptr_array_index (replies, replies->len - 1));
  return g_string_free (joined, FALSE);
}

static char *
say (Fixture         *fx,
     const char      *text,
     PbSetupMessage **out_last)
{
  return send_event (fx, PB_ASSISTANT_EVENT_USER_TEXT, text, out_last);
}

static gboolean
store_secret (Fixture     *fx,
              const char  *field,
              const char  *secret,
              GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_setup_model_set_secret_async (fx->model, field, secret, NULL, got_result, &result);
  return pb_setup_model_set_secret_finish (fx->model, wait_result (&result), error);
}

static PbCheckResult *
run_test (Fixture *fx,
          guint    timeout)
{
  g_autoptr (PbConnectionTest) test = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  PbCheckResult *check;

  g_assert_true (pb_setup_model_apply (fx->model, &error));
  test = pb_connection_test_new (fx->store, fx->definition, pb_setup_model_get_connector (fx->model));
  if (timeout)
    pb_connection_test_set_timeout (test, timeout);
  pb_connection_test_run_async (test, NULL, got_result, &result);
  check = pb_connection_test_run_finish (test, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

static void
assert_transcript_lacks (PbSetupModel *model,
                         const char   *needle)
{
  GListModel *transcript = pb_setup_model_get_transcript (model);

  g_assert_cmpuint (g_list_model_get_n_items (transcript), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (transcript); i++)
    {
      g_autoptr (PbSetupMessage) message = g_list_model_get_item (transcript, i);
      g_assert_null (strstr (pb_setup_message_get_text (message), needle));
    }
}

/* Answers the questions up to (and including) the secret. */
static void
answer_required (Fixture *fx)
{
  g_autoptr (PbSetupMessage) last = NULL;
  g_autofree char *reply = NULL;
  g_autoptr (GError) error = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "use the EU region", NULL));
  reply = say (fx, "it's called acme-prod", &last);
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);
  store_secret (fx, pb_setup_message_get_field (last), CANARY, &error);
  g_assert_no_error (error);
  g_free (send_event (fx, PB_ASSISTANT_EVENT_SECRET_STORED, "api-key", NULL));
}

static void
test_happy_path (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr (PbSetupMessage) last = NULL;
  g_autoptr (PbCheckResult) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autofree char *version = NULL;
  PbConnector *connector;

  expected = g_strdup_printf ("Bearer %s", CANARY);
  pb_setup_test_server_expect (fx->server, "Authorization", NULL, expected);

  reply = send_event (fx, PB_ASSISTANT_EVENT_START, NULL, &last);
  g_assert_nonnull (strstr (reply, "happy-path"));
  g_assert_nonnull (strstr (reply, "Data region, Workspace, API key"));
  /* The region has a default; the assistant still asks, offering the choices. */
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_CHOICES);
  g_assert_cmpstr (pb_setup_message_get_field (last), ==, "region");
  g_assert_cmpfloat (pb_setup_model_get_progress (fx->model), <, 1.0);

  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "use the EU region", &last);
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "region"), ==, "eu");
  g_assert_nonnull (strstr (reply, "Europe"));
  g_assert_nonnull (strstr (reply, "workspace"));

  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "it's called acme-prod", &last);
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "workspace"), ==, "acme-prod");
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);
  g_assert_cmpstr (pb_setup_message_get_field (last), ==, "api-key");
  g_assert_cmpstr (pb_assistant_get_pending_secret (fx->assistant), ==, "api-key");
  g_assert_cmpuint (pb_setup_model_get_n_required_done (fx->model), ==, 2);

  /* Secret mode: the view stores the value through the model; the engine only hears the field. */
  g_assert_true (store_secret (fx, "api-key", CANARY, &error));
  g_assert_no_error (error);
  g_assert_true (pb_setup_model_is_secret_set (fx->model, "api-key"));
  g_assert_true (pb_setup_model_is_complete (fx->model));

  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = send_event (fx, PB_ASSISTANT_EVENT_SECRET_STORED, "api-key", &last);
  g_assert_nonnull (strstr (reply, "stored in the keyring"));
  g_assert_nonnull (strstr (reply, "optional"));

  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "no", &last);
  g_assert_nonnull (strstr (reply, "Here is what I have"));
  g_assert_nonnull (strstr (reply, "Workspace: acme-prod"));
  g_assert_nonnull (strstr (reply, "Data region: Europe"));
  g_assert_null (strstr (reply, CANARY));

  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "yes", &last);
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_RUN_TEST);

  check = run_test (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
  path = pb_setup_test_server_dup_last_path (fx->server);
  g_assert_cmpstr (path, ==, "/eu/acme-prod/me");
  version = pb_setup_test_server_dup_last_header (fx->server, "Acme-Version");
  g_assert_cmpstr (version, ==, "2024-01-01");

  connector = pb_setup_model_get_connector (fx->model);
  g_assert_nonnull (connector);
  g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_cmpstr (pb_connector_get_definition_id (connector), ==, "acme");
  g_assert_cmpstr (pb_connector_get_setting (connector, "workspace"), ==, "acme-prod");
  g_assert_true (g_str_has_suffix (pb_connector_get_base_url (connector), "/eu"));

  /* The canary is in the keyring and nowhere else. */
  g_assert_true (pb_connector_store_flush (fx->store, &error));
  g_assert_no_error (error);
  assert_transcript_lacks (fx->model, CANARY);
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >, 0);
}

static void
test_dont_know (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "the first one", NULL));
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "region"), ==, "us");
  reply = say (fx, "I don't know", &last);
  g_assert_nonnull (strstr (reply, "Acme → Settings → Workspace → Short name."));
  g_assert_null (pb_setup_model_get_value (fx->model, "workspace"));

  /* "where do I find the API key?" names another field: help for that one. */
  g_clear_pointer (&reply, g_free);
  reply = say (fx, "where do I find the API key?", NULL);
  g_assert_nonnull (strstr (reply, "Developers → API keys"));
}

static void
test_question (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  reply = say (fx, "what is this?", NULL);
  g_assert_nonnull (strstr (reply, "Where your account is hosted."));
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "region"), ==, "us");
  g_assert_false (pb_setup_model_is_value_set (fx->model, "region"));

  g_clear_pointer (&reply, g_free);
  reply = say (fx, "the second one", NULL);
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "region"), ==, "eu");

  g_clear_pointer (&reply, g_free);
  reply = say (fx, "why do you need it?", &last);
  g_assert_nonnull (strstr (reply, "Every Acme request names the workspace."));
  g_assert_null (pb_setup_model_get_value (fx->model, "workspace"));

  /* A question about another field does not set anything and asks again. */
  g_clear_pointer (&reply, g_free);
  reply = say (fx, "what is the timeout?", NULL);
  g_assert_nonnull (strstr (reply, "Seconds to wait."));
  g_assert_nonnull (strstr (reply, "What should the workspace be?"));
  g_assert_null (pb_setup_model_get_value (fx->model, "timeout"));
}

static void
test_correction (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;
  g_autoptr (PbCheckResult) check = NULL;
  g_autofree char *expected = g_strdup_printf ("Bearer %s", CANARY);
  g_autofree char *path = NULL;

  pb_setup_test_server_expect (fx->server, "Authorization", NULL, expected);
  answer_required (fx);

  reply = say (fx, "actually the workspace is acme-dev", NULL);
  g_assert_nonnull (strstr (reply, "Changed"));
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "workspace"), ==, "acme-dev");

  g_clear_pointer (&reply, g_free);
  reply = say (fx, "change the region to US", NULL);
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "region"), ==, "us");
  g_assert_nonnull (strstr (reply, "United States"));

  /* The connector follows the model at once. */
  g_assert_cmpstr (pb_connector_get_setting (pb_setup_model_get_connector (fx->model), "workspace"), ==, "acme-dev");
  g_assert_true (g_str_has_suffix (pb_connector_get_base_url (pb_setup_model_get_connector (fx->model)), "/us"));

  /* A correction of the secret goes back to secret mode, never into the chat. */
  g_clear_pointer (&reply, g_free);
  reply = say (fx, "change the API key", &last);
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);

  check = run_test (fx, 0);
  g_assert_cmpint (check->outcome, ==, PB_CHECK_OK);
  path = pb_setup_test_server_dup_last_path (fx->server);
  g_assert_cmpstr (path, ==, "/us/acme-dev/me");
}

static void
test_skip_optional (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;

  answer_required (fx);

  reply = say (fx, "yes", &last);
  g_assert_nonnull (strstr (reply, "What should the timeout be?"));

  g_clear_pointer (&reply, g_free);
  reply = say (fx, "500", NULL);
  g_assert_nonnull (strstr (reply, "between 1 and 120"));
  g_assert_null (pb_setup_model_get_value (fx->model, "timeout"));

  g_clear_pointer (&reply, g_free);
  reply = say (fx, "skip that", NULL);
  g_assert_nonnull (strstr (reply, "Skipped the timeout"));
  g_assert_nonnull (strstr (reply, "Sandbox?"));

  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "yes please", &last);
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "sandbox"), ==, "true");
  g_assert_nonnull (strstr (reply, "Here is what I have"));
  g_assert_nonnull (strstr (reply, "Sandbox: yes"));
  g_assert_null (strstr (reply, "Timeout"));
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_CHOICES);
}

static void
test_not_values (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *reply = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "eu", NULL));
  /* Neither a yes nor a wish to stop is taken as the workspace's name. */
  reply = say (fx, "ok", NULL);
  g_assert_nonnull (strstr (reply, "I need the workspace itself"));
  g_clear_pointer (&reply, g_free);
  reply = say (fx, "cancel", NULL);
  g_assert_nonnull (strstr (reply, "close the setup at any time"));
  g_assert_null (pb_setup_model_get_value (fx->model, "workspace"));
}

static void
test_skip_required_refused (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *reply = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "Europe", NULL));
  reply = say (fx, "skip that", NULL);
  g_assert_nonnull (strstr (reply, "cannot skip the workspace"));
  g_assert_nonnull (strstr (reply, "Short name"));
}

static void
test_invalid_value (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;
  g_autoptr (GError) error = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "eu", NULL));
  reply = say (fx, "Acme Prod!", NULL);
  g_assert_nonnull (strstr (reply, "does not look right"));
  g_assert_nonnull (strstr (reply, "lowercase letters, digits and dashes"));
  g_assert_nonnull (strstr (reply, "What should the workspace be?"));
  g_assert_null (pb_setup_model_get_value (fx->model, "workspace"));

  g_clear_pointer (&reply, g_free);
  reply = say (fx, "acme-prod", &last);
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);

  /* A secret of the wrong form is refused before it reaches the keyring; the message does
   * not quote it. */
  g_assert_false (store_secret (fx, "api-key", "wrong-form-key-CANARY", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, "CANARY"));
  g_assert_false (pb_setup_model_is_secret_set (fx->model, "api-key"));
}

static void
test_cancel_secret_mode (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;
  g_autoptr (GError) error = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "eu", NULL));
  g_free (say (fx, "acme-prod", NULL));

  reply = send_event (fx, PB_ASSISTANT_EVENT_SECRET_CANCELLED, "api-key", &last);
  g_assert_nonnull (strstr (reply, "No problem"));
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_NONE);

  /* Out of secret mode the user may ask a question… */
  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "what is this?", &last);
  g_assert_nonnull (strstr (reply, "Your Acme API key."));
  g_assert_nonnull (strstr (reply, "Developers → API keys"));
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);

  /* …chat text that is not a secret is not taken as one… */
  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "hmm hold on", &last);
  g_assert_nonnull (strstr (reply, "do not take secrets in the chat"));
  g_assert_false (pb_setup_model_is_secret_set (fx->model, "api-key"));

  /* …and "ready" brings secret mode back. */
  g_clear_pointer (&reply, g_free);
  g_clear_object (&last);
  reply = say (fx, "ready", &last);
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);
  g_assert_true (store_secret (fx, "api-key", CANARY, &error));
  g_free (send_event (fx, PB_ASSISTANT_EVENT_SECRET_STORED, "api-key", NULL));
  assert_transcript_lacks (fx->model, CANARY);
}

static void
test_pasted_secret_detected (Fixture       *fx,
                             gconstpointer  data)
{
  const char *field = NULL;

  /* A key pasted into the visible entry is recognised before anything is sent. */
  g_assert_true (pb_assistant_text_looks_secret (fx->model, NULL, "here it is: " CANARY, &field));
  g_assert_cmpstr (field, ==, "api-key");
  field = NULL;
  g_assert_true (pb_assistant_text_looks_secret (fx->model, "api-key", "x9f8g7h6j5k4l3m2n1", &field));
  g_assert_cmpstr (field, ==, "api-key");
  g_assert_false (pb_assistant_text_looks_secret (fx->model, "api-key", "what is this?", &field));
  g_assert_false (pb_assistant_text_looks_secret (fx->model, NULL, "x9f8g7h6j5k4l3m2n1", &field));
}

/* Whatever the engine, the views can keep a key typed in the open out of the chat: the
 * pending secret field is part of the PbAssistant interface, no downcast needed. */
static void
test_pending_secret_in_interface (Fixture       *fx,
                                  gconstpointer  data)
{
  const char *field = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_assert_null (pb_assistant_get_pending_secret (fx->assistant));
  /* Not yet waiting for a secret: a long token is just text… */
  g_assert_false (pb_assistant_text_is_secret (fx->assistant, fx->model, "x9f8g7h6j5k4l3m2n1",
                                               &field));
  g_free (say (fx, "eu", NULL));
  g_free (say (fx, "acme-prod", NULL));
  /* …once the engine asks for the key, it is the key. */
  g_assert_cmpstr (pb_assistant_get_pending_secret (fx->assistant), ==, "api-key");
  g_assert_true (pb_assistant_text_is_secret (fx->assistant, fx->model, "x9f8g7h6j5k4l3m2n1",
                                              &field));
  g_assert_cmpstr (field, ==, "api-key");
  /* A key that matches the field's pattern is one anywhere in a sentence. */
  field = NULL;
  g_assert_true (pb_assistant_text_is_secret (fx->assistant, fx->model, "here it is: " CANARY,
                                              &field));
  g_assert_cmpstr (field, ==, "api-key");
  /* Leaving secret mode to ask a question: the engine still waits for the key… */
  g_free (send_event (fx, PB_ASSISTANT_EVENT_SECRET_CANCELLED, "api-key", NULL));
  g_assert_cmpstr (pb_assistant_get_pending_secret (fx->assistant), ==, "api-key");
  /* …until it is stored. */
  g_assert_true (store_secret (fx, "api-key", CANARY, NULL));
  g_free (send_event (fx, PB_ASSISTANT_EVENT_SECRET_STORED, "api-key", NULL));
  g_assert_null (pb_assistant_get_pending_secret (fx->assistant));
}

/* A choice button answers with the choice's value, not with the words on it: whatever the
 * language of the labels, the engine understands the choice. (Gettext cannot translate
 * here without a catalogue, so the offer is built with German labels the way a translated
 * engine would send it.) */
static void
test_choice_by_value (Fixture       *fx,
                      gconstpointer  data)
{
  const char *labels[] = { "Ja, testen", "Nein, etwas ändern", NULL };
  const char *values[] = { "yes", "no", NULL };
  g_autoptr (PbSetupMessage) last = NULL;
  g_autoptr (PbSetupMessage) offer = NULL;
  g_autoptr (PbSetupMessage) said = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) replies = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *transcript = pb_setup_model_get_transcript (fx->model);
  guint n;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));
  g_free (say (fx, "eu", NULL));
  g_free (say (fx, "acme-prod", NULL));
  g_assert_true (store_secret (fx, "api-key", CANARY, &error));
  g_free (send_event (fx, PB_ASSISTANT_EVENT_SECRET_STORED, "api-key", &last));
  /* The engine offers optional settings with values, not only labels. */
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_CHOICES);
  g_assert_cmpstr (pb_setup_message_get_choice_value (last, 0), ==, "yes");
  g_assert_cmpstr (pb_setup_message_get_choice_value (last, 1), ==, "no");
  g_free (say (fx, "no", &last));
  g_assert_cmpstr (pb_setup_message_get_choice_value (last, 0), ==, "yes");

  /* "Shall I test the connection now?", its labels translated: choosing the first runs it. */
  offer = pb_setup_message_new_choices (pb_setup_message_get_text (last), NULL, labels, values);
  pb_assistant_choose_async (fx->assistant, fx->model, offer, 0, NULL, got_result, &result);
  replies = pb_assistant_send_finish (fx->assistant, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (replies->len, >, 0);
  g_assert_cmpint (pb_setup_message_get_action (g_ptr_array_index (replies, replies->len - 1)), ==,
                   PB_SETUP_ACTION_RUN_TEST);
  /* The transcript shows what the user saw on the button. */
  n = g_list_model_get_n_items (transcript);
  said = g_list_model_get_item (transcript, n - 1 - replies->len);
  g_assert_cmpint (pb_setup_message_get_role (said), ==, PB_SETUP_ROLE_USER);
  g_assert_cmpstr (pb_setup_message_get_text (said), ==, "Ja, testen");
}

static void
test_form_edits_seen (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autoptr (PbSetupMessage) last = NULL;
  g_autoptr (GError) error = NULL;

  g_free (send_event (fx, PB_ASSISTANT_EVENT_START, NULL, NULL));

  /* The user switches to Form mode and fills two fields there, then comes back. */
  g_assert_true (pb_setup_model_set_value (fx->model, "region", "eu", &error));
  g_assert_true (pb_setup_model_set_value (fx->model, "workspace", "acme-form", &error));
  g_assert_no_error (error);
  reply = send_event (fx, PB_ASSISTANT_EVENT_RESUME, NULL, &last);
  g_assert_nonnull (strstr (reply, "2 of 3"));
  g_assert_cmpint (pb_setup_message_get_action (last), ==, PB_SETUP_ACTION_REQUEST_SECRET);

  /* An invalid form value is reported by the model and keeps the field undone. */
  g_assert_false (pb_setup_model_set_value (fx->model, "workspace", "Not Valid", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (pb_setup_model_get_field_error (fx->model, "workspace"));
  g_assert_cmpuint (pb_setup_model_get_n_required_done (fx->model), ==, 1);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
count_changed (PbSetupModel *model,
               const char   *field,
               gpointer      user_data)
{
  g_assert_cmpstr (field, ==, "workspace");
  (*(guint *) user_data)++;
}

static void
test_progress_signals (Fixture       *fx,
                       gconstpointer  data)
{
  guint notified = 0;
  guint changed = 0;
  g_autoptr (GError) error = NULL;

  g_signal_connect (fx->model, "notify::progress", G_CALLBACK (count_notify), &notified);
  g_signal_connect (fx->model, "changed::workspace", G_CALLBACK (count_changed), &changed);
  g_assert_cmpuint (pb_setup_model_get_n_required (fx->model), ==, 3);
  /* region has a default, so it counts as done from the start. */
  g_assert_cmpuint (pb_setup_model_get_n_required_done (fx->model), ==, 1);
  g_assert_true (pb_setup_model_set_value (fx->model, "workspace", "w", &error));
  g_assert_cmpuint (pb_setup_model_get_n_required_done (fx->model), ==, 2);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  /* Same value again: no notification. */
  g_assert_true (pb_setup_model_set_value (fx->model, "workspace", "w", &error));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_false (pb_setup_model_is_complete (fx->model));
}

/* Reopening a connector made earlier (to fix it after a failed test) reads its values back. */
static void
test_reopen_connector (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr (PbSetupModel) again = NULL;
  g_autoptr (GError) error = NULL;

  answer_required (fx);
  g_assert_true (pb_setup_model_set_value (fx->model, "timeout", "30", &error));
  again = pb_setup_model_new_for_connector (fx->store, fx->definition, pb_setup_model_get_connector (fx->model));
  g_assert_cmpstr (pb_setup_model_get_value (again, "region"), ==, "eu");
  g_assert_cmpstr (pb_setup_model_get_value (again, "workspace"), ==, "acme-prod");
  g_assert_cmpstr (pb_setup_model_get_value (again, "timeout"), ==, "30");
  g_assert_true (pb_setup_model_is_secret_set (again, "api-key"));
  g_assert_true (pb_setup_model_is_complete (again));

  /* Renaming goes through the store's rules. */
  g_assert_true (pb_setup_model_set_name (again, "Acme renamed", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pb_connector_get_name (pb_setup_model_get_connector (fx->model)), ==, "Acme renamed");
  g_assert_false (pb_setup_model_set_name (again, "  ", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
}

/* Mailchimp's data center is read from the end of the API key (it is not secret). */
static void
test_derived_field (Fixture       *fx,
                    gconstpointer  data)
{
  PbDefinition *mailchimp = pb_catalog_lookup (pb_catalog_get_default (), "mailchimp");
  g_autoptr (PbSetupModel) model = pb_setup_model_new (fx->store, mailchimp, g_test_get_path ());
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *connector;

  g_assert_cmpuint (pb_setup_model_get_n_required_done (model), ==, 0);
  pb_setup_model_set_secret_async (model, "password", "0123456789abcdef0123456789abcdef-us6", NULL, got_result, &result);
  g_assert_true (pb_setup_model_set_secret_finish (model, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pb_setup_model_get_value (model, "dc"), ==, "us6");
  g_assert_true (pb_setup_model_is_complete (model));
  connector = pb_setup_model_get_connector (model);
  g_assert_cmpstr (pb_connector_get_base_url (connector), ==, "https://us6.api.mailchimp.com/3.0");
  g_assert_cmpint (pb_connector_get_kind (connector), ==, PB_CONNECTOR_KIND_BASIC);
  g_assert_cmpstr (pb_connector_get_username (connector), ==, "plugboard");
  g_assert_cmpstr (pb_connector_get_definition_id (connector), ==, "mailchimp");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/setup/assistant/happy-path", test_happy_path);
  ADD ("/setup/assistant/dont-know", test_dont_know);
  ADD ("/setup/assistant/question", test_question);
  ADD ("/setup/assistant/correction", test_correction);
  ADD ("/setup/assistant/skip-optional", test_skip_optional);
  ADD ("/setup/assistant/skip-required-refused", test_skip_required_refused);
  ADD ("/setup/assistant/invalid-value", test_invalid_value);
  ADD ("/setup/assistant/not-values", test_not_values);
  ADD ("/setup/assistant/cancel-secret-mode", test_cancel_secret_mode);
  ADD ("/setup/assistant/pasted-secret", test_pasted_secret_detected);
  ADD ("/setup/assistant/pending-secret-in-interface", test_pending_secret_in_interface);
  ADD ("/setup/assistant/choice-by-value", test_choice_by_value);
  ADD ("/setup/assistant/form-edits-seen", test_form_edits_seen);
  ADD ("/setup/assistant/progress", test_progress_signals);
  ADD ("/setup/assistant/reopen-connector", test_reopen_connector);
  ADD ("/setup/assistant/derived-field", test_derived_field);
#undef ADD

  return g_test_run ();
}
