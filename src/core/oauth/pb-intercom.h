/* pb-intercom.h: what the Intercom preset adds to OAuth 2.0: who is connected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-token-manager.h"

G_BEGIN_DECLS

/* Non-secret settings kept on an Intercom connector after it connected. */
#define PB_INTERCOM_SETTING_WORKSPACE "intercom-workspace"
#define PB_INTERCOM_SETTING_ADMIN     "intercom-admin"

/* Asks Intercom's GET /me (below the connector's base URL) which admin and workspace the
 * token belongs to, and stores both as settings. An answer that is not an admin with an
 * app is PB_ERROR_PARSE; settings are only changed on success. */
void     pb_intercom_fetch_identity_async  (PbTokenManager      *manager,
                                            PbConnector         *connector,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean pb_intercom_fetch_identity_finish (GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
