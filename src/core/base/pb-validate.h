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

/* The rules below name the value by LABEL ("--prefix", "Client ID") in their message and never
 * quote the value itself: it may be a secret. Each returns TRUE for NULL. */

/* Valid UTF-8 (PB_ERROR_INVALID_ARGUMENT). */
gboolean pb_validate_utf8         (const char *label, const char *value, GError **error);
/* Valid UTF-8 on one line: no CR, LF, tab or other control character, no line or paragraph
 * separator (PB_ERROR_INVALID_ARGUMENT). */
gboolean pb_validate_single_line  (const char *label, const char *value, GError **error);
/* A single line without ':', which Basic authentication uses to end the user name. */
gboolean pb_validate_username     (const char *label, const char *value, GError **error);
/* A header name Plugboard may set for a credential: a valid name that is not one the HTTP
 * library manages itself (Host, Content-Length, Transfer-Encoding, Connection…). */
gboolean pb_validate_credential_header (const char *label, const char *name, GError **error);
/* A URL whose query has no parameter that looks like a secret (client_secret=, token=…):
 * such a URL would be written to the connectors file (PB_ERROR_INVALID_URL). */
gboolean pb_validate_url_no_secret_params (const char *label, const char *url, GError **error);
/* A secret: not empty, one line (PB_ERROR_INVALID_ARGUMENT). */
gboolean pb_validate_secret       (const char *label, const char *value, GError **error);

/* TRUE if a query or form parameter called NAME usually carries a secret (token, key,
 * secret, password, signature, auth, sig, code…). */
gboolean pb_validate_param_looks_secret (const char *name);

/* Every rule for one PbConnector property ("base-url", "auth-header", "auth-prefix",
 * "auth-query-param", "username", "client-id", "auth-url", "token-url", "scopes",
 * "redirect-uri"); other properties must be one line of text. */
gboolean pb_validate_connector_property (const char  *property,
                                         const char  *label,
                                         const char  *value,
                                         GError     **error);

/* Names (of connectors, agents…) are at most this many characters. */
#define PB_VALIDATE_NAME_MAX_CHARS 100

/* Returns NAME trimmed (of any Unicode space, NBSP included) and NFC-normalized, or NULL with
 * PB_ERROR_INVALID_NAME when it is not valid UTF-8, empty, longer than
 * PB_VALIDATE_NAME_MAX_CHARS, or holds control, bidirectional-override or invisible
 * characters. */
char    *pb_validate_normalize_name (const char *name, GError **error);
/* The key two names are compared by for uniqueness: normalized as above, then case-folded.
 * NULL if NAME is not valid UTF-8. */
char    *pb_validate_name_key       (const char *name);

G_END_DECLS
