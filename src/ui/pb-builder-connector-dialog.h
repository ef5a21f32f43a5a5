/* pb-builder-connector-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-builder-project.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_CONNECTOR_DIALOG (pb_builder_connector_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderConnectorDialog, pb_builder_connector_dialog, PB,
                      BUILDER_CONNECTOR_DIALOG, AdwWindow)

/* "Create Connector from Manifest": the settings the manifest's authenticator needs, pre-filled,
 * and the key in a masked field that goes straight to the keyring (never to the project).
 * Creates the connector, links it to the project, and closes.
 * Signal: "connector-created" (PbConnector *). */
GtkWidget *pb_builder_connector_dialog_new    (PbBuilderProject *project,
                                               PbConnectorStore *store,
                                               GtkWindow        *parent);
/* Does what the Create button does (tests). */
void       pb_builder_connector_dialog_create (PbBuilderConnectorDialog *self);

G_END_DECLS
