/* pb-http.h: the one HTTP client of the app (a SoupSession) with redacted logging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PB_TYPE_HTTP (pb_http_get_type ())

G_DECLARE_FINAL_TYPE (PbHttp, pb_http, PB, HTTP, GObject)

/* Debug logging (PB_HTTP_DEBUG=1) never prints a secret: Authorization, Cookie, *-Key,
 * *-Token headers and token/secret fields in bodies are replaced by "[redacted]". */

PbHttp      *pb_http_get_default      (void);
PbHttp      *pb_http_new              (void);
SoupSession *pb_http_get_session      (PbHttp *self);

/* Sends MESSAGE and reads the whole body (at most MAX_BYTES; 0: 16 MiB). Transport failures
 * become PbError codes with messages a user can act on: PB_ERROR_NETWORK (DNS, refused,
 * timeout), PB_ERROR_TLS (certificate). An HTTP error status is NOT an error here: look at
 * soup_message_get_status (). */
void         pb_http_send_async       (PbHttp              *self,
                                       SoupMessage         *message,
                                       gsize                max_bytes,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GBytes      *pb_http_send_finish      (PbHttp        *self,
                                       GAsyncResult  *result,
                                       GError       **error);

/* What the debug log prints for one line of an exchange: secret headers and token/secret/
 * password/key/code fields (JSON members, form and query fields) become "[redacted]", as do
 * the values and names registered below. */
char        *pb_http_redact_line      (const char *line);
/* Changes whenever a value or name is newly registered: what pb_http_redact_line returned for a
 * line before may no longer be enough (callers that cache its results compare this). */
guint        pb_http_redaction_generation (void);

/* Whoever puts a credential into MESSAGE registers it here, so the debug log knows every
 * place it travels, whatever the header or parameter is called:
 * - add_secret: VALUE (a key, a password, "user:password") is replaced by "[redacted]"
 *   wherever it appears in a logged line (request line, headers, bodies such as a 401 text
 *   that echoes it), raw and in its URL-encoded, form-encoded, JSON-escaped and base64 forms;
 * - add_secret_name: NAME is a header or query parameter carrying a secret: its value is
 *   never logged.
 * Both last as long as MESSAGE. Nothing is kept when debug logging is off. */
void         pb_http_message_add_secret      (SoupMessage *message,
                                              const char  *value);
void         pb_http_message_add_secret_name (SoupMessage *message,
                                              const char  *name);

/* Turns a GError from libsoup/GIO into a PB_ERROR with a plain-words message naming HOST. */
GError      *pb_http_error_from_transport (const GError *error, const char *host);

G_END_DECLS
