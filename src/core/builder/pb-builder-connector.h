/* pb-builder-connector.h: the Plugboard connector a builder project's manifest needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-builder-project.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

/* The kind of connector that holds the credential of MANIFEST's authenticator. FALSE for NoAuth:
 * no connector is needed. */
gboolean     pb_builder_connector_kind_for_manifest (PbManifest      *manifest,
                                                     PbConnectorKind *out_kind);

/* A new connector (not in a store yet) named NAME with the non-secret settings the manifest
 * gives: the base URL (url_base, when it is a plain URL), the API key's header name and prefix
 * or query parameter, the OAuth token and authorization endpoints and scopes.
 * PB_ERROR_INVALID_ARGUMENT when the manifest authenticates with nothing (NoAuth). */
PbConnector *pb_builder_connector_new_from_manifest (PbManifest  *manifest,
                                                     const char  *name,
                                                     GError     **error);

/* The keyring field that holds CONNECTOR's key: "api-key", "password" or "client-secret". */
const char  *pb_builder_connector_secret_field      (PbConnector *connector);

/* Adds CONNECTOR to STORE (its name checked), stores SECRET in the keyring through the store
 * (never in a file; NULL or "" stores nothing), then links the connector to PROJECT
 * (pb_builder_project_set_connector_id). When the keyring refuses the secret, the connector
 * is removed again and PROJECT is left as it was. */
void         pb_builder_connector_create_async      (PbBuilderProject    *project,
                                                     PbConnectorStore    *store,
                                                     PbConnector         *connector,
                                                     const char          *secret,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The connector added (owned by the store), or NULL. */
PbConnector *pb_builder_connector_create_finish     (PbBuilderProject  *project,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* PROJECT's linked connector in STORE, or NULL (none linked, or deleted since). */
PbConnector *pb_builder_connector_find_linked       (PbBuilderProject *project,
                                                     PbConnectorStore *store);

G_END_DECLS
