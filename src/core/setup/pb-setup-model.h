/* pb-setup-model.h: one setup in progress, shared by the Agent and the Form views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-connector-store.h"
#include "pb-definition.h"
#include "pb-setup-message.h"

G_BEGIN_DECLS

#define PB_TYPE_SETUP_MODEL (pb_setup_model_get_type ())

G_DECLARE_FINAL_TYPE (PbSetupModel, pb_setup_model, PB, SETUP_MODEL, GObject)

/* The definition, the values entered so far, which secrets are stored (flags read from the
 * connector, never values), per-field validation and progress. Both views read and write
 * only this object, so a change in one shows in the other at once.
 *
 * The PbConnector is created in the store the first time something must be kept (a secret
 * stored, or pb_setup_model_apply); from then on every valid value is written to it.
 *
 * Signals: "changed" (detailed by field name; FIELD is NULL for the name or several fields).
 * Properties: "store", "definition" (construct-only), "name", "connector", "progress"
 * (double 0–1), "complete" (bool), "n-required", "n-required-done". */

PbSetupModel     *pb_setup_model_new                (PbConnectorStore *store,
                                                     PbDefinition     *definition,
                                                     const char       *name);
/* Edits an existing connector (fixing a failed test): values are read from it. */
PbSetupModel     *pb_setup_model_new_for_connector  (PbConnectorStore *store,
                                                     PbDefinition     *definition,
                                                     PbConnector      *connector);

PbConnectorStore *pb_setup_model_get_store          (PbSetupModel *self);
PbDefinition     *pb_setup_model_get_definition     (PbSetupModel *self);
PbConnector      *pb_setup_model_get_connector      (PbSetupModel *self);

const char       *pb_setup_model_get_name           (PbSetupModel *self);
/* Checks the name with the store (empty, duplicate); renames the connector if it exists. */
gboolean          pb_setup_model_set_name           (PbSetupModel  *self,
                                                     const char    *name,
                                                     GError       **error);

/* The fields in play (the current oneOf variant's, not the others'), required first. */
GPtrArray        *pb_setup_model_get_active_fields  (PbSetupModel *self);
gboolean          pb_setup_model_is_field_active    (PbSetupModel *self, const PbField *field);
/* Required within the current variant. */
gboolean          pb_setup_model_is_field_required  (PbSetupModel *self, const PbField *field);

/* The current value of a non-secret field: what was set, else the default, else NULL. */
const char       *pb_setup_model_get_value          (PbSetupModel *self, const char *field);
/* TRUE when the user (in either view) set the value, as opposed to a default. */
gboolean          pb_setup_model_is_value_set       (PbSetupModel *self, const char *field);
/* Stores VALUE even when it is invalid, so a form shows what was typed; returns FALSE with
 * the reason when it is invalid (also get_field_error). NULL or "" clears it; a field with a
 * default then stays empty (an empty prefix) instead of going back to the default. */
gboolean          pb_setup_model_set_value          (PbSetupModel  *self,
                                                     const char    *field,
                                                     const char    *value,
                                                     GError       **error);
/* The validation message for the field's current value, or NULL when it is fine. */
const char       *pb_setup_model_get_field_error    (PbSetupModel *self, const char *field);

/* Whether a secret is stored in the keyring for FIELD. */
gboolean          pb_setup_model_is_secret_set      (PbSetupModel *self, const char *field);
/* Checks SECRET (never quoted in the error), creates the connector if needed, stores the
 * secret with pb_connector_store_set_secret_async and fills fields derived from it. */
void              pb_setup_model_set_secret_async   (PbSetupModel        *self,
                                                     const char          *field,
                                                     const char          *secret,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          pb_setup_model_set_secret_finish  (PbSetupModel  *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);

/* Done: active, and a valid value or a stored secret. */
gboolean          pb_setup_model_is_field_done      (PbSetupModel *self, const PbField *field);
guint             pb_setup_model_get_n_required     (PbSetupModel *self);
guint             pb_setup_model_get_n_required_done (PbSetupModel *self);
double            pb_setup_model_get_progress       (PbSetupModel *self);
gboolean          pb_setup_model_is_complete        (PbSetupModel *self);

/* Creates the connector in the store if needed and writes every valid value to it. */
gboolean          pb_setup_model_apply              (PbSetupModel  *self,
                                                     GError       **error);

/* Field name → value of the active, valid, non-secret fields (templates, summaries). */
GHashTable       *pb_setup_model_dup_values         (PbSetupModel *self);

/* The conversation so far (PbSetupMessage); the Agent view shows it, the CLI prints it. */
GListModel       *pb_setup_model_get_transcript     (PbSetupModel   *self);
void              pb_setup_model_add_message        (PbSetupModel   *self,
                                                     PbSetupMessage *message);

G_END_DECLS
