/* pb-connector-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connection-group.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CONNECTOR_PAGE (pb_connector_page_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectorPage, pb_connector_page, PB, CONNECTOR_PAGE, GtkWidget)

/* How far the page's changes got; shown as the header bar's subtitle. */
typedef enum {
  PB_SAVE_STATE_IDLE,     /* nothing changed since the page opened */
  PB_SAVE_STATE_SAVING,   /* a change is waiting for the debounce or being written */
  PB_SAVE_STATE_SAVED,
  PB_SAVE_STATE_FAILED,
} PbSaveState;

/* Properties: "store", "connector" (construct-only), "folded" (the window's leaflet is folded:
 * shows a back button), "save-state" (PbSaveState, read-only). */
GtkWidget   *pb_connector_page_new            (PbConnectorStore *store,
                                               PbConnector      *connector);
PbConnector *pb_connector_page_get_connector  (PbConnectorPage *self);
PbSaveState  pb_connector_page_get_save_state (PbConnectorPage *self);
void         pb_connector_page_set_folded     (PbConnectorPage *self,
                                               gboolean         folded);
/* Starts writing secrets still waiting for their debounce (before the window closes). */
void         pb_connector_page_flush          (PbConnectorPage *self);
/* Puts the focus on the first required setting still empty (else on the page's first row). */
void         pb_connector_page_focus_first_empty (PbConnectorPage *self);
/* The "Connection" group at the bottom (test, continue setup). */
PbConnectionGroup *pb_connector_page_get_connection_group (PbConnectorPage *self);

G_END_DECLS
