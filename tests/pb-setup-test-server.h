/* pb-setup-test-server.h: a loopback API for the setup assistant's tests
 *
 * A SoupServer on 127.0.0.1 in its own thread (so tests may block, e.g. on the CLI).
 * Paths: /ok/… /us/… /eu/… answer 200 {"id","login","ok":true} when the request carries
 * the expected credential (else 401); /forbidden/… 403; /missing/… 404; /html/… 200 with
 * a web page; /slow/… answers only after 10 seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbSetupTestServer PbSetupTestServer;

PbSetupTestServer *pb_setup_test_server_new            (void);
void               pb_setup_test_server_free           (PbSetupTestServer *self);
/* "http://127.0.0.1:PORT" */
const char        *pb_setup_test_server_get_base       (PbSetupTestServer *self);
/* The credential a request must carry: a header value (HEADER: VALUE) or, with HEADER
 * NULL, a query parameter QUERY_PARAM=VALUE. */
void               pb_setup_test_server_expect         (PbSetupTestServer *self,
                                                        const char        *header,
                                                        const char        *query_param,
                                                        const char        *value);
guint              pb_setup_test_server_get_n_requests (PbSetupTestServer *self);
/* The path of the last request, and its value of HEADER (tests check extra headers). */
char              *pb_setup_test_server_dup_last_path  (PbSetupTestServer *self);
char              *pb_setup_test_server_dup_last_header (PbSetupTestServer *self, const char *header);

/* "acme", a service like the catalog's pointed at SELF: a required region (choice with a
 * default), a required workspace with a pattern, a secret "api-key" (acme_ + 16 or more
 * letters and digits) and optional "timeout" and "sandbox". Check: GET /REGION/WORKSPACE/me. */
char              *pb_setup_test_definition_json       (PbSetupTestServer *self);

/* A 127.0.0.1 URL whose port nobody listens on. */
char              *pb_setup_test_closed_port_url       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSetupTestServer, pb_setup_test_server_free)

G_END_DECLS
