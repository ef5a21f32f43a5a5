/* pb-http.c: the one HTTP client of the app (a SoupSession) with redacted logging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-http.h"

#define DEFAULT_MAX_BYTES (16 * 1024 * 1024)
#define TIMEOUT_SECONDS 30
#define READ_CHUNK 65536

struct _PbHttp
{
  GObject parent_instance;

  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (PbHttp, pb_http, G_TYPE_OBJECT)

/* Redaction */

static gboolean
is_secret_header (const char *name,
                  gsize       length)
{
  static const char *const exact[]
    = { "authorization", "proxy-authorization", "cookie", "set-cookie" };
  g_autofree char *lower = g_ascii_strdown (name, length);

  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    if (strcmp (lower, exact[i]) == 0)
      return TRUE;
  return g_str_has_suffix (lower, "-key") || g_str_has_suffix (lower, "-token") ||
         g_str_has_suffix (lower, "-secret") || strstr (lower, "apikey") != NULL ||
         strstr (lower, "api-key") != NULL;
}

static GRegex *
body_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      /* JSON members ("access_token": "…") and form or query fields (client_secret=…) whose
       * name speaks of a secret. */
      GRegex *r = g_regex_new (
        "(\"[A-Za-z0-9_.-]*(?:token|secret|password|key|code|assertion|"
        "verifier)[A-Za-z0-9_.-]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\""
        "|((?:^|[?&\\s])[A-Za-z0-9_.-]*(?:token|secret|password|key|code|assertion|"
        "verifier)[A-Za-z0-9_.-]*=)[^&\\s]*",
        G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, r);
    }
  return regex;
}

static gboolean
replace_body_match (const GMatchInfo *info,
                    GString          *result,
                    gpointer          user_data)
{
  g_autofree char *json_name = g_match_info_fetch (info, 1);
  g_autofree char *form_name = g_match_info_fetch (info, 2);

  if (json_name != NULL && *json_name != '\0')
    g_string_append_printf (result, "%s\"[redacted]\"", json_name);
  else
    g_string_append_printf (result, "%s[redacted]", form_name != NULL ? form_name : "");
  return FALSE;
}

/**
 * pb_http_redact_line:
 * @line: one line of an HTTP exchange (a header "Name: value" or a piece of body)
 *
 * Returns: (transfer full): LINE with every secret replaced by "[redacted]".
 */
char *
pb_http_redact_line (const char *line)
{
  const char *colon;

  g_return_val_if_fail (line != NULL, NULL);

  colon = strchr (line, ':');
  if (colon != NULL && colon > line && strchr (line, ' ') > colon
      && strspn (line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
           == (gsize)(colon - line))
    {
      if (is_secret_header (line, colon - line))
        return g_strdup_printf ("%.*s: [redacted]", (int) (colon - line), line);
    }

  return g_regex_replace_eval (body_regex (), line, -1, 0, 0, replace_body_match, NULL, NULL);
}

static void
log_printer (SoupLogger         *logger,
             SoupLoggerLogLevel  level,
             char                direction,
             const char         *data,
             gpointer            user_data)
{
  g_autofree char *safe = pb_http_redact_line (data);

  fprintf (stderr, "%c %s\n", direction, safe);
}

/* GObject */

static void
pb_http_finalize (GObject *object)
{
  PbHttp *self = PB_HTTP (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (pb_http_parent_class)->finalize (object);
}

static void
pb_http_class_init (PbHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_http_finalize;
}

static void
pb_http_init (PbHttp *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Plugboard/" PACKAGE_VERSION,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 NULL);

  /* Debug logging is opt-in and redacted; without PB_HTTP_DEBUG=1 nothing is logged at all. */
  if (g_strcmp0 (g_getenv ("PB_HTTP_DEBUG"), "1") == 0)
    {
      g_autoptr (SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);

      soup_logger_set_max_body_size (logger, 64 * 1024);
      soup_logger_set_printer (logger, log_printer, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }
}

PbHttp *
pb_http_new (void)
{
  return g_object_new (PB_TYPE_HTTP, NULL);
}

PbHttp *
pb_http_get_default (void)
{
  static PbHttp *default_http;

  if (g_once_init_enter (&default_http))
    g_once_init_leave (&default_http, pb_http_new ());
  return default_http;
}

SoupSession *
pb_http_get_session (PbHttp *self)
{
  g_return_val_if_fail (PB_IS_HTTP (self), NULL);
  return self->session;
}

/* Errors */

GError *
pb_http_error_from_transport (const GError *error,
                              const char   *host)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (host == NULL || *host == '\0')
    host = _("the server");

  if (error->domain == PB_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (
      PB_ERROR, PB_ERROR_NETWORK,
      _("Could not find the server “%s”. Check the address and your internet connection."), host);

  if (error->domain == G_TLS_ERROR)
    {
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        return g_error_new (
          PB_ERROR, PB_ERROR_TLS,
          _("The secure connection to “%s” failed: its certificate is not valid or "
             "not trusted. Check the address; if it is right, the server's certificate "
             "needs fixing."),
          host);
      return g_error_new (
        PB_ERROR, PB_ERROR_TLS,
        _("The secure connection to “%s” failed (%s). Check the address and try again."), host,
        error->message);
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_error_new (
            PB_ERROR, PB_ERROR_NETWORK,
            _("The server “%s” refused the connection. Check the address and port, "
               "and that the service is running."),
            host);
        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (
            PB_ERROR, PB_ERROR_NETWORK,
            _(
              "The server “%s” did not answer in time. Check your connection and try again later."),
            host);
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return g_error_new (
            PB_ERROR, PB_ERROR_NETWORK,
            _("Could not reach the server “%s”. Check your internet connection."), host);
        case G_IO_ERROR_CONNECTION_CLOSED:
          return g_error_new (
            PB_ERROR, PB_ERROR_NETWORK,
            _("The server “%s” closed the connection before answering. Try again."), host);
        default:
          break;
        }
    }

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (PB_ERROR, PB_ERROR_NETWORK,
                        _("The server “%s” sent an answer Plugboard could not understand (%s)."),
                        host, error->message);

  return g_error_new (PB_ERROR, PB_ERROR_NETWORK, _("Could not connect to “%s”: %s"), host,
                      error->message);
}

/* Sending */

typedef struct {
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
  gsize max_bytes;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static char *
message_host (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);

  return g_strdup (uri != NULL ? g_uri_get_host (uri) : NULL);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) chunk = NULL;
  g_autoptr (GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      g_autofree char *host = message_host (data->message);

      g_task_return_error (task, pb_http_error_from_transport (error, host));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (data->body->len + g_bytes_get_size (chunk) > data->max_bytes)
    {
      g_autofree char *host = message_host (data->message);
      g_autofree char *limit = g_format_size (data->max_bytes);

      g_task_return_new_error (
        task, PB_ERROR, PB_ERROR_FAILED,
        _("The answer from “%s” is larger than %s; Plugboard stopped reading it."), host, limit);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->stream == NULL)
    {
      g_autofree char *host = message_host (data->message);

      g_task_return_error (task, pb_http_error_from_transport (error, host));
      return;
    }
  read_next (g_steal_pointer (&task));
}

void
pb_http_send_async (PbHttp              *self,
                    SoupMessage         *message,
                    gsize                max_bytes,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  SendData *data;

  g_return_if_fail (PB_IS_HTTP (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_http_send_async);
  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  data->body = g_byte_array_new ();
  data->max_bytes = max_bytes > 0 ? max_bytes : DEFAULT_MAX_BYTES;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, cancellable, send_cb, task);
}

GBytes *
pb_http_send_finish (PbHttp        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
