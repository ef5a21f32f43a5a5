/* pb-setup-chat.h: Agent mode, a conversation with the setup assistant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-assistant.h"
#include "pb-setup-model.h"

G_BEGIN_DECLS

#define PB_TYPE_SETUP_CHAT (pb_setup_chat_get_type ())

G_DECLARE_FINAL_TYPE (PbSetupChat, pb_setup_chat, PB, SETUP_CHAT, GtkBox)

/* Shows the model's transcript as bubbles and talks to ASSISTANT. In secret mode the entry
 * becomes a password entry and what is typed goes to the keyring through the model: the
 * assistant and the transcript get only a placeholder.
 *
 * Signals: "test-requested" () when the assistant (or the user) asks for the connection test. */
void         pb_setup_chat_set_model        (PbSetupChat  *self,
                                             PbSetupModel *model,
                                             PbAssistant  *assistant);
/* Opens the conversation (once) or, after Form mode, says where things stand. */
void         pb_setup_chat_start            (PbSetupChat *self);
void         pb_setup_chat_resume           (PbSetupChat *self);
/* What the user would type and send (tests use these too). */
void         pb_setup_chat_send_text        (PbSetupChat *self,
                                             const char  *text);
void         pb_setup_chat_submit_secret    (PbSetupChat *self,
                                             const char  *secret);
void         pb_setup_chat_cancel_secret    (PbSetupChat *self);
/* The secret typed in secret mode and not stored yet (the entry is emptied), or NULL; FIELD is
 * set to its field (owned by the chat). */
char *pb_setup_chat_take_typed_secret (PbSetupChat *self, const char **field);
gboolean     pb_setup_chat_get_secret_mode  (PbSetupChat *self);
/* Offers "Test Again" after a failed connection test. */
void         pb_setup_chat_offer_retest     (PbSetupChat *self);
/* TRUE while waiting for the assistant or the keyring. */
gboolean     pb_setup_chat_get_busy         (PbSetupChat *self);

G_END_DECLS
