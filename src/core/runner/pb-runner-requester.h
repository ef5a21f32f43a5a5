/* pb-runner-requester.h: HttpRequester: building a stream's requests and sending them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <cjson/cJSON.h>

#include "pb-runner-auth.h"
#include "pb-runner-request.h"

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_REQUESTER (pb_runner_requester_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerRequester, pb_runner_requester, PB, RUNNER_REQUESTER, GObject)

/* COMPONENT: an HttpRequester (url_base + path or url, http_method, request_parameters,
 * request_headers, request_body_json, request_body_data, authenticator). Every expression is
 * parsed here, so an unsupported construct fails before any request. */
PbRunnerRequester *pb_runner_requester_new      (const cJSON  *component,
                                                 GError      **error);
PbRunnerAuth      *pb_runner_requester_get_auth (PbRunnerRequester *self);

/* The request for CONTEXT (config, stream_partition, stream_slice, next_page_token), without
 * credentials (pb_runner_auth_apply adds them last). */
PbRunnerRequest   *pb_runner_requester_build    (PbRunnerRequester  *self,
                                                 cJSON              *context,
                                                 GError            **error);

/* Sends MESSAGE on SESSION (blocking: call it from a worker thread) and reads at most MAX_BYTES
 * of the body; OUT_TRUNCATED is TRUE when there was more. Transport failures become PB_ERROR
 * codes (PB_ERROR_NETWORK for a refused connection or a timeout). */
GBytes            *pb_runner_requester_send     (SoupSession   *session,
                                                 SoupMessage   *message,
                                                 gsize          max_bytes,
                                                 gboolean      *out_truncated,
                                                 GCancellable  *cancellable,
                                                 GError       **error);

/* Response headers as the CDK's interpolation sees them: {"Name": "value", …} plus "link":
 * the Link header parsed by rel ({"next": {"url": …, "rel": "next"}}). */
cJSON             *pb_runner_requester_headers_json (SoupMessageHeaders *headers);

/* Seconds a 429's Retry-After asks for (seconds or an HTTP date), or -1. */
int                pb_runner_requester_retry_after  (SoupMessageHeaders *headers);

G_END_DECLS
