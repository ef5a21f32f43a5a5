/* pb-connector-title.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CONNECTOR_TITLE (pb_connector_title_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectorTitle, pb_connector_title, PB, CONNECTOR_TITLE, GtkWidget)

/* The top of a connector's page: its kind as a badge, its name, and its kind and state.
 * Clicking the name turns it into an entry: Enter or leaving it renames through the store,
 * a refused name is explained under it, Escape cancels. */
void pb_connector_title_set_connector (PbConnectorTitle *self,
                                       PbConnectorStore *store,
                                       PbConnector      *connector);
/* Whether a rename is being written (a save failing now is the rename's, said under the name). */
gboolean pb_connector_title_is_writing_name (PbConnectorTitle *self);

G_END_DECLS
