/* pb-sign-in-window.h: the provider's sign-in page in a WebKit view, for one OAuth flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_SIGN_IN_WINDOW (pb_sign_in_window_get_type ())

G_DECLARE_FINAL_TYPE (PbSignInWindow, pb_sign_in_window, PB, SIGN_IN_WINDOW, AdwWindow)

/* A modal window on PARENT that runs one PbOAuthFlow: the authorization page in an
 * ephemeral web view (nothing kept after the window closes), the page's host and whether
 * the connection is secure in the header, and the redirect caught before it loads.
 * "Open in Browser" switches to the loopback listener and the default browser.
 *
 * Signal "open-uri" (const char *uri) → gboolean: emitted to hand the authorization
 * address to a browser; return TRUE if you handled it (the default launches the
 * desktop's browser). */

PbSignInWindow *pb_sign_in_window_new          (GtkWindow        *parent,
                                                PbConnectorStore *store,
                                                PbConnector      *connector);

/* Presents the window and loads the sign-in page. Finishes with TRUE once the tokens are
 * stored (the window then closes), or with an error when the window is closed before:
 * the last problem it showed, or PB_ERROR_CANCELLED. Nothing is stored on failure. */
void            pb_sign_in_window_run_async    (PbSignInWindow      *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pb_sign_in_window_run_finish   (PbSignInWindow  *self,
                                                GAsyncResult    *result,
                                                GError         **error);

WebKitWebView  *pb_sign_in_window_get_web_view (PbSignInWindow *self);

G_END_DECLS
