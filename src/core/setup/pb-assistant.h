/* pb-assistant.h: the conversation engine behind Agent mode (an interface)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-setup-model.h"

G_BEGIN_DECLS

/* What happened, from the engine's point of view. */
typedef enum {
  PB_ASSISTANT_EVENT_START,             /* the conversation opens */
  PB_ASSISTANT_EVENT_RESUME,            /* the user came back from Form mode */
  PB_ASSISTANT_EVENT_USER_TEXT,         /* the user wrote TEXT */
  PB_ASSISTANT_EVENT_SECRET_STORED,     /* the view stored the secret TEXT names (TEXT = field) */
  PB_ASSISTANT_EVENT_SECRET_CANCELLED,  /* the user left secret mode for field TEXT */
} PbAssistantEvent;

#define PB_TYPE_ASSISTANT (pb_assistant_get_type ())

G_DECLARE_INTERFACE (PbAssistant, pb_assistant, PB, ASSISTANT, GObject)

/* An engine reads and writes the PbSetupModel (values only: secrets are stored by the view
 * through the model and reach the engine as SECRET_STORED with the field name, never the
 * value) and answers with PbSetupMessage replies whose actions ask the view to enter
 * secret mode, offer choices, show "Sign in" or run the connection test.
 *
 * The rule-based PbRuleAssistant answers at once; an LLM backend can answer later: the
 * call is asynchronous either way. */
struct _PbAssistantInterface
{
  GTypeInterface parent_iface;

  void       (*respond_async)  (PbAssistant          *self,
                                PbSetupModel         *model,
                                PbAssistantEvent      event,
                                const char           *text,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  /* Returns the replies (PbSetupMessage, role ASSISTANT). */
  GPtrArray *(*respond_finish) (PbAssistant          *self,
                                GAsyncResult         *result,
                                GError              **error);
  /* Required: the secret field the engine waits for (it asked for it with
   * PB_SETUP_ACTION_REQUEST_SECRET and has not heard SECRET_STORED or SECRET_CANCELLED
   * since), or NULL. The views use it to keep a key typed in the open out of the chat. */
  const char *(*get_pending_secret) (PbAssistant *self);
};

/* The secret field the engine waits for, or NULL (see get_pending_secret above). */
const char *pb_assistant_get_pending_secret (PbAssistant *self);

/* The user chose choice INDEX of OFFER (a PB_SETUP_ACTION_CHOICES reply): the transcript
 * records its label as the user's line, the engine hears its value as USER_TEXT. Translated
 * labels never travel back to the engine. Finish with pb_assistant_send_finish(). */
void        pb_assistant_choose_async       (PbAssistant          *self,
                                             PbSetupModel         *model,
                                             PbSetupMessage       *offer,
                                             guint                 index,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);

/* Records the event in the model's transcript (user text as written; a stored secret only
 * as PB_SETUP_SECRET_PLACEHOLDER), asks the engine, appends its replies to the transcript
 * and returns them. Both the GUI and the CLI talk to the engine through this. Before sending
 * USER_TEXT, a view asks pb_assistant_text_is_secret() and stores such text as the secret
 * instead: it never reaches the engine or the transcript, whichever the engine. */
void       pb_assistant_send_async   (PbAssistant          *self,
                                      PbSetupModel         *model,
                                      PbAssistantEvent      event,
                                      const char           *text,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GPtrArray *pb_assistant_send_finish  (PbAssistant          *self,
                                      GAsyncResult         *result,
                                      GError              **error);

/* TRUE when TEXT, typed in the normal (visible) entry, looks like a value of a secret field
 * of MODEL (matches its pattern, or is one long token while the engine waits for a secret).
 * The views then store it as the secret instead of sending it anywhere. Sets OUT_FIELD. */
gboolean   pb_assistant_text_looks_secret (PbSetupModel  *model,
                                           const char    *pending_secret_field,
                                           const char    *text,
                                           const char   **out_field);

/* The same, with the field SELF waits for (pb_assistant_get_pending_secret()). */
gboolean   pb_assistant_text_is_secret    (PbAssistant   *self,
                                           PbSetupModel  *model,
                                           const char    *text,
                                           const char   **out_field);

G_END_DECLS
