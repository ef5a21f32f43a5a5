/* pb-validate.h: checks for what a user types into connector settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One home for input checks shared by plugboard-cli and the GUI rows. Each returns TRUE
 * for NULL or "" (an empty field clears the value) and otherwise sets a PB_ERROR message
 * a user can act on. Messages never repeat a password found in a URL. */

/* An http or https URL with a host and no "user:password@" (PB_ERROR_INVALID_URL). */
gboolean pb_validate_url          (const char *url, GError **error);
/* TRUE if URL parses and carries userinfo: a credential that must not reach a file. */
gboolean pb_validate_url_has_userinfo (const char *url);
/* An HTTP header name (an RFC 9110 token) (PB_ERROR_INVALID_ARGUMENT). */
gboolean pb_validate_header_name  (const char *name, GError **error);
/* A query parameter name: printable ASCII without spaces or & = # ? (PB_ERROR_INVALID_ARGUMENT). */
gboolean pb_validate_query_param  (const char *name, GError **error);

G_END_DECLS
