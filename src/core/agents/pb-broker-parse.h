/* pb-broker-parse.h: HTTP/1.1 requests (agents) and answers (APIs) parsed, no I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <http_parser.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  PB_PARSE_MORE,        /* all bytes taken, the message is not whole yet */
  PB_PARSE_DONE,        /* a whole message: bytes after it were not taken */
  PB_PARSE_TOO_LARGE,   /* a request body over the cap (announced or sent) */
  PB_PARSE_BAD,         /* not HTTP/1.x as the parser reads it */
  PB_PARSE_STOPPED,     /* a callback asked to stop */
} PbParseStatus;

/* A request read whole from an agent: the target as sent (nothing decoded). */
typedef struct {
  const char *method;        /* static */
  char *target;
  SoupMessageHeaders *headers;
  GBytes *body;              /* NULL when empty */
  gboolean keep_alive;
  gboolean http_1_0;
  gboolean connect;          /* CONNECT or an Upgrade: never served */
} PbBrokerIncoming;

void pb_broker_incoming_clear (PbBrokerIncoming *in);

typedef struct {
  http_parser parser;
  gsize max_body;
  gsize max_target;
  GString *target;
  GString *field;
  GString *value;
  gboolean in_value;
  gboolean started;          /* a request's first byte is in */
  gboolean complete;
  gboolean too_large;
  gboolean expects_continue; /* "Expect: 100-continue" with a body to come: cleared by caller */
  SoupMessageHeaders *headers;
  GByteArray *body;
} PbRequestParser;

void          pb_request_parser_init  (PbRequestParser  *self,
                                       gsize             max_body);
void          pb_request_parser_clear (PbRequestParser  *self);
/* Parses DATA (LENGTH bytes); OUT_USED says how many were taken. At DONE, OUT is the
 * request and the parser waits for the next one. */
PbParseStatus pb_request_parser_feed  (PbRequestParser  *self,
                                       const char       *data,
                                       gsize             length,
                                       gsize            *out_used,
                                       PbBrokerIncoming *out);

typedef struct {
  /* The status and the headers to pass back ("Name: value\r\n", hop-by-hop ones left out);
   * LENGTH is the body's size, -1 when unknown. FALSE: stop. */
  gboolean (*head) (gpointer data, guint status, const char *reason, GString *headers,
                    gint64 length);
  /* A piece of the body, chunks undone. FALSE: stop. */
  gboolean (*body) (gpointer data, const char *bytes, gsize length);
} PbResponseCallbacks;

typedef struct {
  http_parser parser;
  const PbResponseCallbacks *callbacks;
  gpointer data;
  gboolean head_request;     /* the answer to HEAD has no body */
  GString *headers;
  GString *reason;
  GString *field;
  GString *value;
  gboolean in_value;
  gboolean informational;
  gboolean complete;
  gboolean stopped;
} PbResponseParser;

void          pb_response_parser_init  (PbResponseParser          *self,
                                        const PbResponseCallbacks *callbacks,
                                        gpointer                   data);
void          pb_response_parser_clear (PbResponseParser          *self);
/* Ready for the answer to a new request (HEAD_REQUEST: to a HEAD). */
void          pb_response_parser_reset (PbResponseParser          *self,
                                        gboolean                   head_request);
/* Parses DATA; LENGTH 0 is the end of the stream (which may end the answer). */
PbParseStatus pb_response_parser_feed  (PbResponseParser          *self,
                                        const char                *data,
                                        gsize                      length,
                                        gsize                     *out_used);
/* After DONE: whether the connection may carry another request. */
gboolean      pb_response_parser_keep_alive (PbResponseParser     *self);

G_END_DECLS
