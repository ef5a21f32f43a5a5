/* pb-broker-rules.h: what the broker lets through, as plain functions (no I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-connector.h"

G_BEGIN_DECLS

#define PB_BROKER_ERROR (pb_broker_error_quark ())

/* Why a call was refused; each maps to one HTTP status (pb_broker_error_status). */
typedef enum {
  PB_BROKER_ERROR_UNAUTHORIZED,   /* 401: no or unknown agent token */
  PB_BROKER_ERROR_FORBIDDEN,      /* 403: the agent's instructions do not name the connector */
  PB_BROKER_ERROR_BAD_REQUEST,    /* 400: would leave the base URL, CR/LF, absolute-form… */
  PB_BROKER_ERROR_NOT_FOUND,      /* 404: no such connector */
  PB_BROKER_ERROR_TOO_LARGE,      /* 413: request body over the cap */
  PB_BROKER_ERROR_TOO_MANY,       /* 429: the agent's concurrency cap is reached */
  PB_BROKER_ERROR_NOT_READY,      /* 503: the connector has no credential or needs reconnecting */
  PB_BROKER_ERROR_UPSTREAM,       /* 502: the API could not be reached, or answered too much */
  PB_BROKER_ERROR_TIMEOUT,        /* 504: the API did not answer in time */
} PbBrokerError;

GQuark  pb_broker_error_quark        (void);
guint   pb_broker_error_status       (PbBrokerError code);
/* "unauthorized", "forbidden"…: the "error" member of the broker's JSON answers. */
const char *pb_broker_error_nick     (PbBrokerError code);

/* Checks the part of a request path after /connectors/NAME (still percent-encoded, may be
 * empty): no dot segments (also percent-encoded, once or twice), no backslash, no empty
 * segment ("//host"), no scheme or userinfo in the first segment, no control character
 * (CR, LF, NUL…) even encoded. Refusals are PB_BROKER_ERROR_BAD_REQUEST. */
gboolean pb_broker_check_path        (const char  *raw_path,
                                      GError     **error);
/* A query string as sent (without "?"): no control characters, even encoded. */
gboolean pb_broker_check_query       (const char  *raw_query,
                                      GError     **error);
/* A header an agent sent: refuses CR, LF and NUL in the name or value. */
gboolean pb_broker_check_header      (const char  *name,
                                      const char  *value,
                                      GError     **error);
/* FALSE for headers never forwarded: the agent's Authorization and Cookie, the credential
 * header of the connector, hop-by-hop headers (also those named in CONNECTION), Host,
 * Content-Length, Proxy-*, Forwarded and X-Forwarded-*. */
gboolean pb_broker_header_forwardable (const char  *name,
                                       const char  *connection,
                                       PbConnector *connector);
/* FALSE for response headers not passed back (hop-by-hop, Set-Cookie, Content-Length). */
gboolean pb_broker_response_header_forwardable (const char *name);

/* The upstream URL: the connector's base URL + RAW_PATH, RAW_QUERY appended, and KEY_PARAM
 * (when not NULL: an API key sent as a query parameter) set to KEY_VALUE, replacing any
 * parameter of that name the agent sent. Scheme, host and port are always the base URL's. */
GUri   *pb_broker_build_target       (PbConnector  *connector,
                                      const char   *raw_path,
                                      const char   *raw_query,
                                      const char   *key_param,
                                      const char   *key_value,
                                      GError      **error);

/* The connector name in /connectors/NAME/REST: decoded NAME and the raw REST (with its
 * leading "/", or ""). FALSE for any other path. */
gboolean pb_broker_split_path        (const char  *raw_path,
                                      char       **out_name,
                                      const char **out_rest,
                                      GError     **error);

G_END_DECLS
