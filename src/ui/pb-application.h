/* pb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-builder-project.h"
#include "pb-broker.h"
#include "pb-connector-store.h"
#include "pb-token-manager.h"

G_BEGIN_DECLS

#define PB_TYPE_APPLICATION (pb_application_get_type ())

G_DECLARE_FINAL_TYPE (PbApplication, pb_application, PB, APPLICATION, AdwApplication)

PbApplication    *pb_application_new       (void);
/* The connectors, loaded at startup and flushed at shutdown. */
PbConnectorStore *pb_application_get_store (PbApplication *self);
/* Why the connectors could not be loaded at all, or NULL. */
const char       *pb_application_get_load_error (PbApplication *self);
/* The one token manager of the app (for the store above): refreshes of a connector started
 * from any window share one request; "reconnect-needed" shows a toast in the main window. */
PbTokenManager   *pb_application_get_token_manager (PbApplication *self);
/* Agents, the audit trail and the broker that serves them on 127.0.0.1 while the app runs. */
#define PB_APPLICATION_BROKER_PORT 47219
PbAgentStore     *pb_application_get_agent_store   (PbApplication *self);
PbAuditLog       *pb_application_get_audit_log     (PbApplication *self);
PbBroker         *pb_application_get_broker        (PbApplication *self);

/* The Connector Builder projects of the user's data dir (PbBuilderProject, by name). */
GListModel       *pb_application_get_builder_projects (PbApplication *self);
/* Imports a manifest file as a new project: added to the list above and returned (transfer
 * none); saved in a worker thread once the caller has shown it (a failure is shown in the
 * active window; the project stays open). Nothing is saved when the file cannot be read as a
 * manifest. */
PbBuilderProject *pb_application_import_manifest (PbApplication  *self,
                                                  GFile          *file,
                                                  GError        **error);
/* Renames PROJECT and saves it; the list stays sorted. Refused (PB_ERROR_INVALID_NAME) for an
 * empty name; nothing changes when the save fails. */
gboolean          pb_application_rename_builder_project (PbApplication     *self,
                                                         PbBuilderProject  *project,
                                                         const char        *name,
                                                         GError           **error);
/* Removes PROJECT's file, then takes it off the list (kept when the file cannot be removed). */
gboolean          pb_application_delete_builder_project (PbApplication     *self,
                                                         PbBuilderProject  *project,
                                                         GError           **error);
/* Saves PROJECT (a new one) and adds it to the list; it then autosaves on each change. */
gboolean          pb_application_add_builder_project (PbApplication     *self,
                                                      PbBuilderProject  *project,
                                                      GError           **error);
/* Where the projects are saved. */
const char       *pb_application_get_builder_dir     (PbApplication *self);

G_END_DECLS
