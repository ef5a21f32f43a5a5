/* pb-setup-message.h: one line of a setup conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  PB_SETUP_ROLE_USER,
  PB_SETUP_ROLE_ASSISTANT,
  PB_SETUP_ROLE_STATUS,      /* connection test results and other notes from the app */
} PbSetupRole;

/* What the assistant asks the view to do besides showing the text. */
typedef enum {
  PB_SETUP_ACTION_NONE,
  PB_SETUP_ACTION_REQUEST_SECRET,  /* enter secret mode for "field" */
  PB_SETUP_ACTION_CHOICES,         /* offer "choices" as buttons (the text lists them too);
                                    * "choice-values" says what each one answers */
  PB_SETUP_ACTION_SIGN_IN,         /* show a "Sign in" button (OAuth) */
  PB_SETUP_ACTION_RUN_TEST,        /* everything is set: run the connection test */
} PbSetupAction;

/* How a STATUS line ended, for the view to show (icon, colour) without reading the text. */
typedef enum {
  PB_SETUP_OUTCOME_NONE,     /* a note, neither success nor failure */
  PB_SETUP_OUTCOME_SUCCESS,  /* connected: signed in, or the connection test passed */
  PB_SETUP_OUTCOME_FAILURE,  /* something went wrong; the text says what to do */
} PbSetupOutcome;

/* The placeholder the transcript holds where the user entered a secret. */
#define PB_SETUP_SECRET_PLACEHOLDER "•••••• (stored in the keyring)"

#define PB_TYPE_SETUP_MESSAGE (pb_setup_message_get_type ())

G_DECLARE_FINAL_TYPE (PbSetupMessage, pb_setup_message, PB, SETUP_MESSAGE, GObject)

/* Properties: "role", "text", "action", "field", "choices", "choice-values", "outcome"
 * (construct-only). */
PbSetupMessage     *pb_setup_message_new          (PbSetupRole   role,
                                                   const char   *text);
PbSetupMessage     *pb_setup_message_new_action   (PbSetupRole    role,
                                                   const char    *text,
                                                   PbSetupAction  action,
                                                   const char    *field,
                                                   const char * const *choices);
/* An ASSISTANT line offering LABELS (shown, translated) as buttons; choosing label i answers
 * VALUES[i] (in the engine's own terms, never translated), so a view never sends the words
 * of a label back. VALUES has as many entries as LABELS. */
PbSetupMessage     *pb_setup_message_new_choices  (const char          *text,
                                                   const char          *field,
                                                   const char * const  *labels,
                                                   const char * const  *values);
/* A STATUS line with its outcome. */
PbSetupMessage     *pb_setup_message_new_status   (const char     *text,
                                                   PbSetupOutcome  outcome);
PbSetupRole         pb_setup_message_get_role     (PbSetupMessage *self);
const char         *pb_setup_message_get_text     (PbSetupMessage *self);
PbSetupAction       pb_setup_message_get_action   (PbSetupMessage *self);
const char         *pb_setup_message_get_field    (PbSetupMessage *self);
const char * const *pb_setup_message_get_choices  (PbSetupMessage *self);
PbSetupOutcome      pb_setup_message_get_outcome  (PbSetupMessage *self);
/* What choice INDEX answers: its value, or its label when the engine gave no values. */
const char         *pb_setup_message_get_choice_value (PbSetupMessage *self,
                                                       guint           index);

G_END_DECLS
