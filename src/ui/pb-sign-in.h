/* pb-sign-in.h: signing a connector in from any view (one path for the page and the chat)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

/* Opens the sign-in window (PbSignInWindow) over WIDGET's window for CONNECTOR and waits
 * for it. Once the tokens are stored, an Intercom connector also learns which workspace
 * and admin it is signed in as (with the app's token manager when the app holds STORE).
 * The caller stores what the sign-in needs (client secret, settings) before calling.
 *
 * Finishes with TRUE once signed in; OUT_WARNING (may be NULL) then gets what went wrong
 * afterwards, if anything (the identity could not be fetched), for the view to show.
 * Fails with the window's error: PB_ERROR_CANCELLED when the user closed it,
 * PB_ERROR_ACCESS_DENIED, PB_ERROR_OAUTH, PB_ERROR_NETWORK… Nothing is stored on failure. */
void     pb_sign_in_async  (GtkWidget            *widget,
                            PbConnectorStore     *store,
                            PbConnector          *connector,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
gboolean pb_sign_in_finish (GAsyncResult  *result,
                            char         **out_warning,
                            GError       **error);

G_END_DECLS
