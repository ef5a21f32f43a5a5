/* pb-test-raw-http.c: raw HTTP/1.1 over plain sockets for tests: what a client or an API
 * that libsoup would never be sends and reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "pb-test-raw-http.h"

gboolean
pb_raw_write_all (int         fd,
                  const char *data,
                  gsize       length)
{
  while (length > 0)
    {
      ssize_t n = send (fd, data, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Reads one request (head, then a Content-Length body) from FD with BUF holding what was
 * read ahead. Returns the head (NULL at the end) and the body in OUT_BODY. */
char *
pb_raw_read_request (int       fd,
                     GString  *buf,
                     char    **out_body)
{
  char *end, *head;
  const char *cl;
  gsize head_len, body_len = 0;

  while ((end = strstr (buf->str, "\r\n\r\n")) == NULL)
    {
      char chunk[4096];
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      if (n <= 0)
        return NULL;
      g_string_append_len (buf, chunk, n);
    }
  head_len = end - buf->str + 4;
  head = g_strndup (buf->str, head_len);
  cl = strcasestr (head, "\r\nContent-Length: ");
  if (cl != NULL)
    body_len = strtoul (cl + 18, NULL, 10);
  while (buf->len < head_len + body_len)
    {
      char chunk[4096];
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      if (n <= 0)
        {
          g_free (head);
          return NULL;
        }
      g_string_append_len (buf, chunk, n);
    }
  *out_body = g_strndup (buf->str + head_len, body_len);
  g_string_erase (buf, 0, head_len + body_len);
  return head;
}

void
pb_raw_reply_clear (PbRawReply *r)
{
  g_clear_pointer (&r->body, g_free);
  g_clear_pointer (&r->head, g_free);
}

/* Reads one answer from FD (Content-Length or chunked). */
gboolean
pb_raw_read_reply (int         fd,
                   GString    *buf,
                   PbRawReply *out)
{
  char *end;
  gsize head_len;
  const char *cl;

  memset (out, 0, sizeof *out);
  while ((end = strstr (buf->str, "\r\n\r\n")) == NULL)
    {
      char chunk[8192];
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      if (n <= 0)
        return FALSE;
      g_string_append_len (buf, chunk, n);
    }
  head_len = end - buf->str + 4;
  out->head = g_strndup (buf->str, head_len);
  out->status = atoi (out->head + 9);
  out->closed = strcasestr (out->head, "\r\nConnection: close") != NULL;
  g_string_erase (buf, 0, head_len);
  cl = strcasestr (out->head, "\r\nContent-Length: ");
  out->chunked = strcasestr (out->head, "\r\nTransfer-Encoding: chunked") != NULL;
  if (cl != NULL)
    {
      gsize length = strtoul (cl + 18, NULL, 10);

      while (buf->len < length)
        {
          char chunk[8192];
          ssize_t n = recv (fd, chunk, sizeof chunk, 0);

          if (n <= 0)
            return FALSE;
          g_string_append_len (buf, chunk, n);
        }
      out->body = g_strndup (buf->str, length);
      g_string_erase (buf, 0, length);
      return TRUE;
    }
  if (out->chunked)
    {
      g_autoptr (GString) body = g_string_new (NULL);

      for (;;)
        {
          char *line_end;
          gsize size;

          while ((line_end = strstr (buf->str, "\r\n")) == NULL ||
                 buf->len < (gsize) (line_end - buf->str) + 2 +
                            strtoul (buf->str, NULL, 16) + 2)
            {
              char chunk[8192];
              ssize_t n = recv (fd, chunk, sizeof chunk, 0);

              if (n <= 0)
                return FALSE;
              g_string_append_len (buf, chunk, n);
            }
          size = strtoul (buf->str, NULL, 16);
          g_string_append_len (body, line_end + 2, size);
          g_string_erase (buf, 0, (line_end - buf->str) + 2 + size + 2);
          if (size == 0)
            break;
        }
      out->body = g_string_free (g_steal_pointer (&body), FALSE);
      return TRUE;
    }
  return FALSE;
}
