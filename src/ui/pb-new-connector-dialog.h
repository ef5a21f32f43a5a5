/* pb-new-connector-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_NEW_CONNECTOR_DIALOG (pb_new_connector_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbNewConnectorDialog, pb_new_connector_dialog, PB, NEW_CONNECTOR_DIALOG,
                      AdwWindow)

/* Emits "connector-created" (PbConnector*) after the store created it, then closes.
 * For a service chosen from the catalog it emits "setup-requested" (name, PbDefinition*)
 * instead and closes: the setup assistant creates the connector. */
PbNewConnectorDialog *pb_new_connector_dialog_new (GtkWindow        *parent,
                                                   PbConnectorStore *store);

G_END_DECLS
