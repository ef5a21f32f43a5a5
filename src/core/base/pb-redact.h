/* pb-redact.h: URLs and text made safe to show: no credentials in what people or logs see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* URL without its userinfo ("alice:SECRET@") and with the value of every query or fragment
 * parameter whose name looks secret (token, key, secret, password, signature, auth, sig,
 * access_token, api_key, client_secret, code…) replaced by "[redacted]". Everything else is
 * kept as written. Use it for every URL shown in a message, progress line or file. */
char *pb_redact_url       (const char *url);
/* TEXT with every URL in it ("scheme://…") passed through pb_redact_url (). */
char *pb_redact_text_urls (const char *text);

G_END_DECLS
