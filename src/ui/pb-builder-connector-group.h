/* pb-builder-connector-group.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-builder-project.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_CONNECTOR_GROUP (pb_builder_connector_group_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderConnectorGroup, pb_builder_connector_group, PB,
                      BUILDER_CONNECTOR_GROUP, AdwPreferencesGroup)

/* The project setting that links a connector: a combo row (None, then the store's connectors)
 * and "Create Connector from Manifest…". Properties "project", "store" (construct-only). */
GtkWidget *pb_builder_connector_group_new         (PbBuilderProject *project,
                                                   PbConnectorStore *store);
/* Opens the create-connector dialog, as the row does; returns it. */
GtkWidget *pb_builder_connector_group_open_create (PbBuilderConnectorGroup *self);

G_END_DECLS
