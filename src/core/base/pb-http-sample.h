/* pb-http-sample.h: HTTP requests written as text (curl, HTTPie, fetch and friends, raw HTTP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One request found in a text: a docs code block or a line pasted into the setup chat. */
typedef struct {
  char      *method;     /* upper case */
  char      *url;        /* absolute, with its query */
  GPtrArray *headers;    /* "Name: value", as written */
  gboolean   basic_user; /* curl -u / HTTPie -a: Basic authentication */
  gsize      offset;     /* where in the text the request starts */
} PbHttpSample;

void       pb_http_sample_free  (PbHttpSample *sample);

/* Every request written in TEXT, in order (PbHttpSample*). */
GPtrArray *pb_http_samples_read (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbHttpSample, pb_http_sample_free)

G_END_DECLS
