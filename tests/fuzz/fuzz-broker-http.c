/* fuzz-broker-http.c: libFuzzer target for the broker's HTTP parsing (pb-broker-parse.c):
 * requests from agents and answers from APIs, whole and cut into pieces at places the input
 * chooses. Parsing must not crash, hang or trip a sanitizer, and the pieces must give what
 * the whole gives: the same requests (method, target, headers, body), the same answer.
 * Built with -Dfuzzing=true and clang; bench/fuzz-broker-http.sh runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pb-broker-parse.h"

#define MAX_BODY 4096

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Everything a parse produced, as one string to compare. */
static void
describe_request (GString          *out,
                  PbBrokerIncoming *in)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_string_append_printf (out, "[%s %s ka=%d 1.0=%d c=%d", in->method, in->target,
                          in->keep_alive, in->http_1_0, in->connect);
  soup_message_headers_iter_init (&iter, in->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (out, " %s=%s", name, value);
  if (in->body != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append_len (out, g_bytes_get_data (in->body, NULL), g_bytes_get_size (in->body));
    }
  g_string_append_c (out, ']');
}

/* Parses DATA as requests, fed in pieces ending at the offsets in CUTS (sorted). */
static char *
parse_requests (const char  *data,
                gsize        size,
                const gsize *cuts,
                guint        n_cuts)
{
  PbRequestParser parser;
  GString *out = g_string_new (NULL);
  gsize start = 0, end = 0;
  guint next_cut = 0;

  pb_request_parser_init (&parser, MAX_BODY);
  while (start < size)
    {
      PbBrokerIncoming in = { 0 };
      gsize used = 0;
      PbParseStatus status;

      while (next_cut < n_cuts && cuts[next_cut] <= start)
        next_cut++;
      end = next_cut < n_cuts ? cuts[next_cut] : size;
      status = pb_request_parser_feed (&parser, data + start, end - start, &used, &in);
      g_assert_cmpuint (used, <=, end - start);
      start += used;
      if (status == PB_PARSE_DONE)
        {
          gboolean last = in.connect || !in.keep_alive;

          describe_request (out, &in);
          pb_broker_incoming_clear (&in);
          /* The broker answers and closes: nothing after this is read. */
          if (last)
            break;
          continue;
        }
      if (status != PB_PARSE_MORE)
        {
          g_string_append_printf (out, "<%d>", status);
          break;
        }
      g_assert_cmpuint (start, ==, end);
    }
  pb_request_parser_clear (&parser);
  return g_string_free (out, FALSE);
}

static gboolean
on_head (gpointer    data,
         guint       status,
         const char *reason,
         GString    *headers,
         gint64      length)
{
  g_string_append_printf (data, "{%u %s %" G_GINT64_FORMAT " %s}", status, reason, length,
                          headers->str);
  /* What the broker passes back never holds a line break of the API's own making. */
  g_assert_null (strstr (headers->str, "\r\n\r\n"));
  return TRUE;
}

static gboolean
on_body (gpointer    data,
         const char *bytes,
         gsize       length)
{
  g_string_append_len (data, bytes, length);
  return TRUE;
}

static const PbResponseCallbacks callbacks = { on_head, on_body };

static char *
parse_response (const char  *data,
                gsize        size,
                gboolean     head,
                const gsize *cuts,
                guint        n_cuts)
{
  PbResponseParser parser;
  GString *out = g_string_new (NULL);
  gsize start = 0;
  guint next_cut = 0;
  PbParseStatus status = PB_PARSE_MORE;

  pb_response_parser_init (&parser, &callbacks, out);
  pb_response_parser_reset (&parser, head);
  while (start < size && status == PB_PARSE_MORE)
    {
      gsize used = 0, end;

      while (next_cut < n_cuts && cuts[next_cut] <= start)
        next_cut++;
      end = next_cut < n_cuts ? cuts[next_cut] : size;
      status = pb_response_parser_feed (&parser, data + start, end - start, &used);
      g_assert_cmpuint (used, <=, end - start);
      start += used;
    }
  if (status == PB_PARSE_MORE)
    {
      gsize used = 0;

      status = pb_response_parser_feed (&parser, NULL, 0, &used);   /* the end */
    }
  g_string_append_printf (out, "<%d %d>", status,
                          status == PB_PARSE_DONE && pb_response_parser_keep_alive (&parser));
  pb_response_parser_clear (&parser);
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data + 1;
  gsize length, cuts[16];
  guint n_cuts = 0;

  if (size < 2)
    return 0;
  length = size - 1;
  /* Cuts from the input's own bytes: the first byte picks how many. */
  for (guint i = 0; i < (data[0] & 0x0f) && i < G_N_ELEMENTS (cuts); i++)
    {
      gsize at = ((gsize) data[(i * 7 + 1) % size] * 131 + i * 17) % length;

      if (n_cuts == 0 || at > cuts[n_cuts - 1])
        cuts[n_cuts++] = at;
    }

  if ((data[0] & 0x10) == 0)
    {
      g_autofree char *whole = parse_requests (text, length, NULL, 0);
      g_autofree char *pieces = parse_requests (text, length, cuts, n_cuts);

      g_assert_cmpstr (whole, ==, pieces);
    }
  else
    {
      gboolean head = (data[0] & 0x20) != 0;
      g_autofree char *whole = parse_response (text, length, head, NULL, 0);
      g_autofree char *pieces = parse_response (text, length, head, cuts, n_cuts);

      g_assert_cmpstr (whole, ==, pieces);
    }
  return 0;
}
