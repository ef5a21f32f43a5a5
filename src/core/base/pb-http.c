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

/* Registered secrets
 *
 * SoupLogger's printer is not told which message a line belongs to, so the values and names
 * registered by live messages are kept in one table, under a lock (a session may log from
 * another thread). A line is masked against all of them: hiding another request's secret in
 * this request's log costs nothing. */

typedef struct {
  GPtrArray *values;   /* variants of every registered value, wiped when freed */
  GPtrArray *names;    /* lower-case header or parameter names */
} MessageSecrets;

static GMutex registry_lock;
static GHashTable *registry_values;   /* variant → count of messages holding it */
static GHashTable *registry_names;    /* lower-case name → count */
static gint registry_generation;      /* one more each time a new value or name is registered */

static gboolean
debug_enabled (void)
{
  return g_strcmp0 (g_getenv ("PB_HTTP_DEBUG"), "1") == 0;
}

static void
wipe_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

static void
registry_add (GHashTable **table,
              const char  *key)
{
  guint count;

  if (*table == NULL)
    *table = g_hash_table_new_full (g_str_hash, g_str_equal, wipe_free, NULL);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (*table, key));
  if (count == 0)
    {
      g_hash_table_insert (*table, g_strdup (key), GUINT_TO_POINTER (1));
      g_atomic_int_inc (&registry_generation);
    }
  else
    g_hash_table_insert (*table, g_strdup (key), GUINT_TO_POINTER (count + 1));
}

static void
registry_remove (GHashTable *table,
                 const char *key)
{
  guint count = table != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) : 0;

  if (count <= 1)
    {
      if (table != NULL)
        g_hash_table_remove (table, key);
    }
  else
    g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (count - 1));
}

static void
message_secrets_free (MessageSecrets *secrets)
{
  g_mutex_lock (&registry_lock);
  for (guint i = 0; i < secrets->values->len; i++)
    registry_remove (registry_values, secrets->values->pdata[i]);
  for (guint i = 0; i < secrets->names->len; i++)
    registry_remove (registry_names, secrets->names->pdata[i]);
  g_mutex_unlock (&registry_lock);
  g_ptr_array_unref (secrets->values);
  g_ptr_array_unref (secrets->names);
  g_free (secrets);
}

static MessageSecrets *
message_secrets (SoupMessage *message)
{
  MessageSecrets *secrets = g_object_get_data (G_OBJECT (message), "pb-http-secrets");

  if (secrets == NULL)
    {
      secrets = g_new0 (MessageSecrets, 1);
      secrets->values = g_ptr_array_new_with_free_func (wipe_free);
      secrets->names = g_ptr_array_new_with_free_func (g_free);
      g_object_set_data_full (G_OBJECT (message), "pb-http-secrets", secrets,
                              (GDestroyNotify) message_secrets_free);
    }
  return secrets;
}

static char *
json_escape (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || *p == '/')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
add_variant (MessageSecrets *secrets,
             char           *variant)   /* (transfer full) */
{
  if (variant == NULL || *variant == '\0')
    {
      g_free (variant);
      return;
    }
  g_ptr_array_add (secrets->values, variant);
  g_mutex_lock (&registry_lock);
  registry_add (&registry_values, variant);
  g_mutex_unlock (&registry_lock);
}

void
pb_http_message_add_secret (SoupMessage *message,
                            const char  *value)
{
  MessageSecrets *secrets;
  char *form;

  g_return_if_fail (SOUP_IS_MESSAGE (message));

  if (value == NULL || *value == '\0' || !debug_enabled ())
    return;

  secrets = message_secrets (message);
  add_variant (secrets, g_strdup (value));
  add_variant (secrets, g_uri_escape_string (value, NULL, FALSE));
  add_variant (secrets, g_uri_escape_string (value, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE));
  form = g_uri_escape_string (value, " ", FALSE);
  g_strdelimit (form, " ", '+');
  add_variant (secrets, form);
  add_variant (secrets, json_escape (value));
  add_variant (secrets, g_base64_encode ((const guchar *) value, strlen (value)));
}

void
pb_http_message_add_secret_name (SoupMessage *message,
                                 const char  *name)
{
  MessageSecrets *secrets;
  char *lower;

  g_return_if_fail (SOUP_IS_MESSAGE (message));

  if (name == NULL || *name == '\0' || !debug_enabled ())
    return;

  secrets = message_secrets (message);
  lower = g_ascii_strdown (name, -1);
  g_ptr_array_add (secrets->names, lower);
  g_mutex_lock (&registry_lock);
  registry_add (&registry_names, lower);
  g_mutex_unlock (&registry_lock);
}

static int
compare_longest_first (gconstpointer a,
                       gconstpointer b)
{
  gsize la = strlen (*(const char * const *) a);
  gsize lb = strlen (*(const char * const *) b);

  return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Replaces every registered value in LINE. Longest first, so a value is never half-masked
 * by a shorter one it contains. */
static char *
mask_registered_values (const char *line)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (wipe_free);
  GString *out;

  g_mutex_lock (&registry_lock);
  if (registry_values != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, registry_values);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (values, g_strdup (key));
    }
  g_mutex_unlock (&registry_lock);

  out = g_string_new (line);
  g_ptr_array_sort (values, compare_longest_first);
  for (guint i = 0; i < values->len; i++)
    {
      const char *value = values->pdata[i];
      gsize length = strlen (value);
      gsize from = 0;
      char *hit;

      while ((hit = strstr (out->str + from, value)) != NULL)
        {
          gsize at = hit - out->str;

          g_string_erase (out, at, length);
          g_string_insert (out, at, "[redacted]");
          from = at + strlen ("[redacted]");
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_registered_name (const char *name,
                    gsize       length)
{
  g_autofree char *lower = g_ascii_strdown (name, length);
  gboolean found;

  g_mutex_lock (&registry_lock);
  found = registry_names != NULL && g_hash_table_contains (registry_names, lower);
  g_mutex_unlock (&registry_lock);
  return found;
}

/* Masks the value of every registered parameter name in a query string or form body:
 * "name=value" after "?", "&", ";", a space or the start of the line. */
static char *
mask_registered_params (const char *line)
{
  GString *out = g_string_new (NULL);
  const char *p = line;

  while (*p != '\0')
    {
      gboolean at_start = p == line || strchr ("?&; \t", p[-1]) != NULL;
      gsize name_len = strcspn (p, "=&?; \t\"");

      if (at_start && name_len > 0 && p[name_len] == '=' && is_registered_name (p, name_len))
        {
          g_string_append_len (out, p, name_len + 1);
          g_string_append (out, "[redacted]");
          p += name_len + 1;
          p += strcspn (p, "& \t\"#");
          continue;
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

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
guint
pb_http_redaction_generation (void)
{
  return (guint) g_atomic_int_get (&registry_generation);
}

char *
pb_http_redact_line (const char *line)
{
  g_autofree char *masked = NULL;
  g_autofree char *params = NULL;
  const char *colon;

  g_return_val_if_fail (line != NULL, NULL);

  masked = mask_registered_values (line);
  params = mask_registered_params (masked);
  line = params;

  colon = strchr (line, ':');
  if (colon != NULL && colon > line && strchr (line, ' ') > colon
      && strspn (line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
           == (gsize)(colon - line))
    {
      if (is_secret_header (line, colon - line) || is_registered_name (line, colon - line))
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
  if (debug_enabled ())
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
        _("The secure connection to “%s” failed. Check the address and try again."), host);
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
                        _("The server “%s” sent an answer Plugboard could not understand."),
                        host);

  /* The system's own words stay out of the message (debug output has them). */
  g_debug ("Connecting to %s: %s", host, error->message);
  return g_error_new (PB_ERROR, PB_ERROR_NETWORK,
                      _("Could not connect to “%s”: %s. Check the address and your internet "
                        "connection."),
                      host, pb_error_describe_cause (error));
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
