/* pb-test-raw-http.h: raw HTTP/1.1 over plain sockets for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE when the peer is gone. */
gboolean pb_raw_write_all    (int         fd,
                              const char *data,
                              gsize       length);
/* One request (head, then a Content-Length body) from FD, BUF holding what was read ahead:
 * the head, or NULL at the end; the body in OUT_BODY. */
char    *pb_raw_read_request (int       fd,
                              GString  *buf,
                              char    **out_body);

typedef struct {
  guint status;
  char *body;               /* NULL when the connection closed before a whole answer */
  gboolean chunked;
  gboolean closed;          /* "Connection: close" */
  char *head;
} PbRawReply;

/* One answer (Content-Length or chunked) from FD; FALSE when it did not come whole. */
gboolean pb_raw_read_reply   (int         fd,
                              GString    *buf,
                              PbRawReply *out);
void     pb_raw_reply_clear  (PbRawReply *r);

G_END_DECLS
