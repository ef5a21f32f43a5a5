/* pb-connection-group.h: a connector page's "Connection" group: test it, finish its setup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connection-test.h"
#include "pb-connector-store.h"
#include "pb-setup-window.h"

G_BEGIN_DECLS

#define PB_TYPE_CONNECTION_GROUP (pb_connection_group_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectionGroup, pb_connection_group, PB, CONNECTION_GROUP,
                      AdwPreferencesGroup)

/* Shown for connectors made from a catalog definition and for those that need setup or
 * attention (hand-made ones are tested with their kind's generic definition). "Test
 * Connection" runs PbConnectionTest and shows its plain-words result; "Continue Setup…"
 * appears while required values are missing and reopens the setup window on the connector.
 *
 * Signals: "flush" (just before a test: write pending edits, e.g. a key still being typed),
 * "test-finished" (gboolean ok). Property: "testing" (read-only). */
void                 pb_connection_group_set_connector    (PbConnectionGroup *self,
                                                           PbConnectorStore  *store,
                                                           PbConnector       *connector);
/* What the "Test Connection" button does. */
void                 pb_connection_group_test             (PbConnectionGroup *self);
gboolean             pb_connection_group_get_testing      (PbConnectionGroup *self);
/* The last test's result on this page, or NULL. */
const PbCheckResult *pb_connection_group_get_last_result  (PbConnectionGroup *self);
/* Seconds the test waits for an answer (tests shorten it); 0: the default. */
void                 pb_connection_group_set_test_timeout (PbConnectionGroup *self,
                                                           guint              seconds);
/* TRUE while "Continue Setup…" is offered. */
gboolean             pb_connection_group_get_can_continue (PbConnectionGroup *self);
/* What the "Continue Setup…" button does; returns the (presented) setup window. */
PbSetupWindow       *pb_connection_group_continue_setup   (PbConnectionGroup *self);

G_END_DECLS
