/* pb-connector-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connector.h"

G_BEGIN_DECLS

#define PB_TYPE_CONNECTOR_ROW (pb_connector_row_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectorRow, pb_connector_row, PB, CONNECTOR_ROW, GtkListBoxRow)

GtkWidget   *pb_connector_row_new           (PbConnector *connector);
PbConnector *pb_connector_row_get_connector (PbConnectorRow *self);

/* Shared with the connector page: an icon and a short phrase for a kind and a state. */
const char  *pb_connector_kind_icon_name    (PbConnectorKind kind);
/* NULL when the connector is ready (nothing to say). */
const char  *pb_connector_state_label       (PbConnectorState state);

G_END_DECLS
