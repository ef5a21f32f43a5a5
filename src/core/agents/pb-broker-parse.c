/* pb-broker-parse.c: HTTP/1.1 requests (agents) and answers (APIs) parsed, no I/O
 *
 * Both sides use http-parser; this file holds its callbacks: headers gathered (a name or
 * value may come in pieces), bodies buffered up to a cap (requests) or handed on as they
 * come (answers), and the parser paused at the end of each message, so that what follows
 * (a pipelined request) waits for its turn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-broker-parse.h"
#include "pb-broker-rules.h"

#define MAX_TARGET (16 * 1024)

void
pb_broker_incoming_clear (PbBrokerIncoming *in)
{
  g_clear_pointer (&in->target, g_free);
  g_clear_pointer (&in->headers, soup_message_headers_unref);
  g_clear_pointer (&in->body, g_bytes_unref);
}

/* --- Requests --- */

static int
req_message_begin (http_parser *parser)
{
  PbRequestParser *self = parser->data;

  self->started = TRUE;
  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  return 0;
}

static int
req_url (http_parser *parser,
         const char  *at,
         size_t       length)
{
  PbRequestParser *self = parser->data;

  if (self->target->len + length > self->max_target)
    return 1;
  g_string_append_len (self->target, at, length);
  return 0;
}

static void
req_end_header (PbRequestParser *self)
{
  if (!self->in_value)
    return;
  soup_message_headers_append (self->headers, self->field->str, self->value->str);
  g_string_truncate (self->field, 0);
  g_string_truncate (self->value, 0);
  self->in_value = FALSE;
}

static int
req_header_field (http_parser *parser,
                  const char  *at,
                  size_t       length)
{
  PbRequestParser *self = parser->data;

  req_end_header (self);
  if (self->field->len + length > self->max_target)
    return 1;
  g_string_append_len (self->field, at, length);
  return 0;
}

static int
req_header_value (http_parser *parser,
                  const char  *at,
                  size_t       length)
{
  PbRequestParser *self = parser->data;

  self->in_value = TRUE;
  g_string_append_len (self->value, at, length);
  return 0;
}

static int
req_headers_complete (http_parser *parser)
{
  PbRequestParser *self = parser->data;
  const char *expect;

  req_end_header (self);
  if (parser->method == HTTP_CONNECT)
    return 1;   /* no body: refused once complete */
  if ((parser->flags & F_CONTENTLENGTH) != 0 && parser->content_length > self->max_body)
    {
      self->too_large = TRUE;
      return -1;
    }
  expect = soup_message_headers_get_one (self->headers, "Expect");
  self->expects_continue = expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0 &&
                           parser->http_minor >= 1 &&
                           ((parser->flags & F_CHUNKED) != 0 ||
                            ((parser->flags & F_CONTENTLENGTH) != 0 &&
                             parser->content_length > 0));
  return 0;
}

static int
req_body (http_parser *parser,
          const char  *at,
          size_t       length)
{
  PbRequestParser *self = parser->data;

  if (self->body == NULL)
    self->body = g_byte_array_new ();
  if (self->body->len + length > self->max_body)
    {
      self->too_large = TRUE;
      return -1;
    }
  g_byte_array_append (self->body, (const guint8 *) at, length);
  return 0;
}

static int
req_message_complete (http_parser *parser)
{
  PbRequestParser *self = parser->data;

  self->complete = TRUE;
  http_parser_pause (parser, 1);
  return 0;
}

static const http_parser_settings request_settings = {
  .on_message_begin = req_message_begin,
  .on_url = req_url,
  .on_header_field = req_header_field,
  .on_header_value = req_header_value,
  .on_headers_complete = req_headers_complete,
  .on_body = req_body,
  .on_message_complete = req_message_complete,
};

static void
request_reset (PbRequestParser *self)
{
  g_string_truncate (self->target, 0);
  g_string_truncate (self->field, 0);
  g_string_truncate (self->value, 0);
  self->in_value = FALSE;
  self->started = FALSE;
  self->complete = FALSE;
  self->expects_continue = FALSE;
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_byte_array_unref);
}

void
pb_request_parser_init (PbRequestParser *self,
                        gsize            max_body)
{
  memset (self, 0, sizeof *self);
  http_parser_init (&self->parser, HTTP_REQUEST);
  self->parser.data = self;
  self->max_body = max_body;
  self->max_target = MAX_TARGET;
  self->target = g_string_new (NULL);
  self->field = g_string_new (NULL);
  self->value = g_string_new (NULL);
}

void
pb_request_parser_clear (PbRequestParser *self)
{
  request_reset (self);
  g_string_free (self->target, TRUE);
  g_string_free (self->field, TRUE);
  g_string_free (self->value, TRUE);
}

PbParseStatus
pb_request_parser_feed (PbRequestParser  *self,
                        const char       *data,
                        gsize             length,
                        gsize            *out_used,
                        PbBrokerIncoming *out)
{
  enum http_errno err;

  *out_used = http_parser_execute (&self->parser, &request_settings, data, length);
  err = HTTP_PARSER_ERRNO (&self->parser);
  if (self->complete && err == HPE_PAUSED)
    {
      http_parser_pause (&self->parser, 0);
      out->method = http_method_str (self->parser.method);
      out->target = g_strdup (self->target->str);
      out->headers = g_steal_pointer (&self->headers);
      if (self->body != NULL && self->body->len > 0)
        out->body = g_byte_array_free_to_bytes (g_steal_pointer (&self->body));
      out->keep_alive = http_should_keep_alive (&self->parser);
      out->http_1_0 = self->parser.http_major == 1 && self->parser.http_minor == 0;
      out->connect = self->parser.method == HTTP_CONNECT || self->parser.upgrade;
      request_reset (self);
      return PB_PARSE_DONE;
    }
  if (self->too_large)
    return PB_PARSE_TOO_LARGE;
  if (err != HPE_OK || self->parser.upgrade)
    return PB_PARSE_BAD;
  return PB_PARSE_MORE;
}

/* --- Answers --- */

static int
res_message_begin (http_parser *parser)
{
  PbResponseParser *self = parser->data;

  g_string_truncate (self->headers, 0);
  g_string_truncate (self->reason, 0);
  g_string_truncate (self->field, 0);
  g_string_truncate (self->value, 0);
  self->in_value = FALSE;
  self->informational = FALSE;
  return 0;
}

static int
res_status (http_parser *parser,
            const char  *at,
            size_t       length)
{
  PbResponseParser *self = parser->data;

  if (self->reason->len + length > MAX_TARGET)
    return 1;
  g_string_append_len (self->reason, at, length);
  return 0;
}

static void
res_end_header (PbResponseParser *self)
{
  if (!self->in_value)
    return;
  /* http-parser lets no CR or LF into a value; hop-by-hop headers stay here. */
  if (pb_broker_response_header_forwardable (self->field->str))
    {
      g_string_append_len (self->headers, self->field->str, self->field->len);
      g_string_append (self->headers, ": ");
      g_string_append_len (self->headers, self->value->str, self->value->len);
      g_string_append (self->headers, "\r\n");
    }
  g_string_truncate (self->field, 0);
  g_string_truncate (self->value, 0);
  self->in_value = FALSE;
}

static int
res_header_field (http_parser *parser,
                  const char  *at,
                  size_t       length)
{
  PbResponseParser *self = parser->data;

  res_end_header (self);
  if (self->field->len + length > MAX_TARGET)
    return 1;
  g_string_append_len (self->field, at, length);
  return 0;
}

static int
res_header_value (http_parser *parser,
                  const char  *at,
                  size_t       length)
{
  PbResponseParser *self = parser->data;

  self->in_value = TRUE;
  g_string_append_len (self->value, at, length);
  return 0;
}

static int
res_headers_complete (http_parser *parser)
{
  PbResponseParser *self = parser->data;
  gint64 length = -1;

  res_end_header (self);
  if (parser->status_code >= 100 && parser->status_code < 200)
    {
      /* 100 Continue and the like: the real answer follows; 101 is never asked for. */
      self->informational = TRUE;
      return parser->status_code == 101 ? -1 : 0;
    }
  if ((parser->flags & F_CONTENTLENGTH) != 0)
    length = parser->content_length;
  else if ((parser->flags & F_CHUNKED) == 0 &&
           (parser->status_code == 204 || parser->status_code == 304))
    length = 0;
  if (!self->callbacks->head (self->data, parser->status_code, self->reason->str,
                              self->headers, length))
    {
      self->stopped = TRUE;
      return -1;
    }
  return self->head_request ? 1 : 0;
}

static int
res_body (http_parser *parser,
          const char  *at,
          size_t       length)
{
  PbResponseParser *self = parser->data;

  if (!self->callbacks->body (self->data, at, length))
    {
      self->stopped = TRUE;
      return -1;
    }
  return 0;
}

static int
res_message_complete (http_parser *parser)
{
  PbResponseParser *self = parser->data;

  if (self->informational)
    return 0;
  self->complete = TRUE;
  http_parser_pause (parser, 1);
  return 0;
}

static const http_parser_settings response_settings = {
  .on_message_begin = res_message_begin,
  .on_status = res_status,
  .on_header_field = res_header_field,
  .on_header_value = res_header_value,
  .on_headers_complete = res_headers_complete,
  .on_body = res_body,
  .on_message_complete = res_message_complete,
};

void
pb_response_parser_init (PbResponseParser          *self,
                         const PbResponseCallbacks *callbacks,
                         gpointer                   data)
{
  memset (self, 0, sizeof *self);
  self->callbacks = callbacks;
  self->data = data;
  self->headers = g_string_new (NULL);
  self->reason = g_string_new (NULL);
  self->field = g_string_new (NULL);
  self->value = g_string_new (NULL);
  pb_response_parser_reset (self, FALSE);
}

void
pb_response_parser_clear (PbResponseParser *self)
{
  g_string_free (self->headers, TRUE);
  g_string_free (self->reason, TRUE);
  g_string_free (self->field, TRUE);
  g_string_free (self->value, TRUE);
}

void
pb_response_parser_reset (PbResponseParser *self,
                          gboolean          head_request)
{
  http_parser_init (&self->parser, HTTP_RESPONSE);
  self->parser.data = self;
  self->head_request = head_request;
  self->complete = FALSE;
  self->stopped = FALSE;
}

PbParseStatus
pb_response_parser_feed (PbResponseParser *self,
                         const char       *data,
                         gsize             length,
                         gsize            *out_used)
{
  enum http_errno err;

  *out_used = http_parser_execute (&self->parser, &response_settings, data, length);
  err = HTTP_PARSER_ERRNO (&self->parser);
  if (self->stopped)
    return PB_PARSE_STOPPED;
  if (self->complete)
    {
      http_parser_pause (&self->parser, 0);
      return PB_PARSE_DONE;
    }
  if (err != HPE_OK)
    return PB_PARSE_BAD;
  return PB_PARSE_MORE;
}

gboolean
pb_response_parser_keep_alive (PbResponseParser *self)
{
  return http_should_keep_alive (&self->parser);
}
