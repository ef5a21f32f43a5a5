/* pb-runner-request.h: one HTTP request of a test read, before it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

/* Where a RequestOption puts its value (Airbyte's inject_into). */
typedef enum {
  PB_RUNNER_INJECT_REQUEST_PARAMETER,
  PB_RUNNER_INJECT_HEADER,
  PB_RUNNER_INJECT_BODY_JSON,
  PB_RUNNER_INJECT_BODY_DATA,
  PB_RUNNER_INJECT_PATH,        /* RequestPath: the value is the whole next URL */
} PbRunnerInject;

typedef struct {
  char      *method;      /* "GET", "POST" */
  char      *url;         /* without the parameters below */
  GPtrArray *parameters;  /* name, value, name, value… (query) */
  GPtrArray *headers;     /* name, value… */
  cJSON     *body_json;   /* NULL: none */
  GPtrArray *body_data;   /* name, value… (form); NULL: none */
} PbRunnerRequest;

PbRunnerRequest *pb_runner_request_new     (const char *method,
                                            const char *url);
void             pb_runner_request_free    (PbRunnerRequest *self);

/* Sets (replaces) NAME to VALUE where INJECT says. PATH replaces the URL. */
void             pb_runner_request_inject  (PbRunnerRequest *self,
                                            PbRunnerInject   inject,
                                            const char      *name,
                                            const char      *value);
/* Reads a RequestOption / RequestPath component ({inject_into, field_name}). FALSE when
 * COMPONENT is none of these; OUT_FIELD is NULL for RequestPath. */
gboolean         pb_runner_request_option_parse (const cJSON     *component,
                                                 PbRunnerInject  *out_inject,
                                                 char           **out_field);

/* The full URL with its query parameters. */
char            *pb_runner_request_dup_url (PbRunnerRequest *self);
/* A SoupMessage for the request (NULL and ERROR set when the URL is not valid). */
SoupMessage     *pb_runner_request_to_message (PbRunnerRequest  *self,
                                               GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRunnerRequest, pb_runner_request_free)

G_END_DECLS
