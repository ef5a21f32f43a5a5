/* pb-runner.c: a test read of one stream: limits, config, credentials from a connector at
 * request time, and the worker thread that runs pb-runner-read.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-http.h"
#include "pb-runner-context.h"
#include "pb-runner-private.h"
#include "pb-spec-arena.h"
#include "pb-spec-parse.h"
#include "pb-vault.h"

struct _PbRunner
{
  GObject parent_instance;

  PbRunnerManifest *manifest;
  cJSON            *config;
  PbConnectorStore *store;
  PbConnector      *connector;
  PbTokenManager   *tokens;
  guint             max_pages;
  guint             max_records;
  guint             max_slices;
  guint             timeout;
  guint64           max_body_size;
  guint             keep_records;
};

G_DEFINE_FINAL_TYPE (PbRunner, pb_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_PAGES,
  PROP_MAX_RECORDS,
  PROP_MAX_SLICES,
  PROP_TIMEOUT,
  PROP_MAX_BODY_SIZE,
  PROP_KEEP_RECORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- jobs --- */

void
pb_runner_job_free (PbRunnerJob *job)
{
  if (job == NULL)
    return;
  g_clear_object (&job->manifest);
  g_free (job->stream);
  cJSON_Delete (job->config);
  if (job->access_token != NULL)
    memset (job->access_token, 0, strlen (job->access_token));
  g_free (job->access_token);
  g_ptr_array_unref (job->secrets);
  g_clear_object (&job->session);
  g_clear_pointer (&job->arena, pb_spec_arena_free);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->result);
  g_clear_pointer (&job->redacted, g_hash_table_unref);
  g_free (job);
}

static void
secret_free (char *secret)
{
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static int
longer_first (gconstpointer a,
              gconstpointer b)
{
  return (int) strlen (*(char **) b) - (int) strlen (*(char **) a);
}

char *
pb_runner_job_redact (PbRunnerJob *job,
                      const char  *text)
{
  g_autoptr (GString) out = NULL;

  if (text == NULL)
    return NULL;
  if (job->secrets->len == 0)
    return g_strdup (text);
  out = g_string_new (text);
  g_ptr_array_sort (job->secrets, longer_first);
  for (guint i = 0; i < job->secrets->len; i++)
    {
      const char *secret = job->secrets->pdata[i];
      g_autofree char *escaped = g_uri_escape_string (secret, NULL, TRUE);

      if (strlen (secret) < 4)
        continue;
      g_string_replace (out, secret, "[redacted]", 0);
      g_string_replace (out, escaped, "[redacted]", 0);
    }
  return g_strdup (out->str);
}

/* --- GObject --- */

static void
pb_runner_finalize (GObject *object)
{
  PbRunner *self = PB_RUNNER (object);

  g_clear_object (&self->manifest);
  cJSON_Delete (self->config);
  g_clear_object (&self->store);
  g_clear_object (&self->connector);
  g_clear_object (&self->tokens);
  G_OBJECT_CLASS (pb_runner_parent_class)->finalize (object);
}

static void
pb_runner_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbRunner *self = PB_RUNNER (object);

  switch (prop_id)
    {
    case PROP_MAX_PAGES: g_value_set_uint (value, self->max_pages); break;
    case PROP_MAX_RECORDS: g_value_set_uint (value, self->max_records); break;
    case PROP_MAX_SLICES: g_value_set_uint (value, self->max_slices); break;
    case PROP_TIMEOUT: g_value_set_uint (value, self->timeout); break;
    case PROP_MAX_BODY_SIZE: g_value_set_uint64 (value, self->max_body_size); break;
    case PROP_KEEP_RECORDS: g_value_set_uint (value, self->keep_records); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_runner_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PbRunner *self = PB_RUNNER (object);

  switch (prop_id)
    {
    case PROP_MAX_PAGES: pb_runner_set_max_pages (self, g_value_get_uint (value)); break;
    case PROP_MAX_RECORDS: pb_runner_set_max_records (self, g_value_get_uint (value)); break;
    case PROP_MAX_SLICES: pb_runner_set_max_slices (self, g_value_get_uint (value)); break;
    case PROP_TIMEOUT: pb_runner_set_timeout (self, g_value_get_uint (value)); break;
    case PROP_MAX_BODY_SIZE: pb_runner_set_max_body_size (self, g_value_get_uint64 (value)); break;
    case PROP_KEEP_RECORDS: pb_runner_set_keep_records (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_runner_class_init (PbRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pb_runner_finalize;
  object_class->get_property = pb_runner_get_property;
  object_class->set_property = pb_runner_set_property;

  properties[PROP_MAX_PAGES]
    = g_param_spec_uint ("max-pages", NULL, NULL, 1, G_MAXUINT, 5, flags);
  properties[PROP_MAX_RECORDS]
    = g_param_spec_uint ("max-records", NULL, NULL, 1, G_MAXUINT, 100, flags);
  properties[PROP_MAX_SLICES]
    = g_param_spec_uint ("max-slices", NULL, NULL, 1, G_MAXUINT, 5, flags);
  properties[PROP_TIMEOUT]
    = g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, 30, flags);
  properties[PROP_MAX_BODY_SIZE]
    = g_param_spec_uint64 ("max-body-size", NULL, NULL, 1, G_MAXUINT32, 16 * 1024 * 1024, flags);
  properties[PROP_KEEP_RECORDS]
    = g_param_spec_uint ("keep-records", NULL, NULL, 0, G_MAXUINT, 1000, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_runner_init (PbRunner *self)
{
  self->max_pages = 5;
  self->max_records = 100;
  self->max_slices = 5;
  self->timeout = 30;
  self->max_body_size = 16 * 1024 * 1024;
  self->keep_records = 1000;
  self->config = cJSON_CreateObject ();
}

PbRunner *
pb_runner_new (PbRunnerManifest *manifest)
{
  PbRunner *self;

  g_return_val_if_fail (PB_IS_RUNNER_MANIFEST (manifest), NULL);
  self = g_object_new (PB_TYPE_RUNNER, NULL);
  self->manifest = g_object_ref (manifest);
  return self;
}

PbRunnerManifest *
pb_runner_get_manifest (PbRunner *self)
{
  g_return_val_if_fail (PB_IS_RUNNER (self), NULL);
  return self->manifest;
}

#define LIMIT_ACCESSORS(type, field, prop) \
  type pb_runner_get_##field (PbRunner *self) \
  { \
    g_return_val_if_fail (PB_IS_RUNNER (self), 0); \
    return self->field; \
  } \
  void pb_runner_set_##field (PbRunner *self, type value) \
  { \
    g_return_if_fail (PB_IS_RUNNER (self)); \
    if (value == 0 && (prop) != PROP_KEEP_RECORDS) \
      value = 1; \
    if (self->field == value) \
      return; \
    self->field = value; \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
  }

LIMIT_ACCESSORS (guint, max_pages, PROP_MAX_PAGES)
LIMIT_ACCESSORS (guint, max_records, PROP_MAX_RECORDS)
LIMIT_ACCESSORS (guint, max_slices, PROP_MAX_SLICES)
LIMIT_ACCESSORS (guint, timeout, PROP_TIMEOUT)
LIMIT_ACCESSORS (guint64, max_body_size, PROP_MAX_BODY_SIZE)
LIMIT_ACCESSORS (guint, keep_records, PROP_KEEP_RECORDS)

/* --- config --- */

gboolean
pb_runner_set_config (PbRunner     *self,
                      const cJSON  *config,
                      GError      **error)
{
  const cJSON *item;
  const cJSON *props;
  cJSON *copy;

  g_return_val_if_fail (PB_IS_RUNNER (self), FALSE);

  if (config != NULL && !cJSON_IsObject (config))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("The config must be a JSON object of the manifest's spec properties."));
      return FALSE;
    }
  cJSON_ArrayForEach (item, config)
    if (pb_runner_manifest_is_secret_property (self->manifest, item->string))
      {
        g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                     _("The config holds “%s”, which the manifest marks secret. Secrets never "
                       "come from files: remove it and run the read with --connector, whose "
                       "keyring entry supplies it."),
                     item->string);
        return FALSE;
      }
  copy = config != NULL ? cJSON_Duplicate (config, TRUE) : cJSON_CreateObject ();
  props = cJSON_GetObjectItemCaseSensitive (pb_runner_manifest_get_connection_spec (self->manifest),
                                            "properties");
  cJSON_ArrayForEach (item, props)
    {
      const cJSON *def = cJSON_GetObjectItemCaseSensitive (item, "default");

      if (def != NULL && cJSON_GetObjectItemCaseSensitive (copy, item->string) == NULL)
        cJSON_AddItemToObject (copy, item->string, cJSON_Duplicate (def, TRUE));
    }
  cJSON_Delete (self->config);
  self->config = copy;
  return TRUE;
}

gboolean
pb_runner_load_config (PbRunner     *self,
                       const char   *path,
                       GError      **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;
  g_autoptr (cJSON) config = NULL;

  g_return_val_if_fail (PB_IS_RUNNER (self), FALSE);
  if (!g_file_get_contents (path, &data, &length, &local))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, _("Could not read the config %s: %s"),
                   path, local->message);
      return FALSE;
    }
  config = pb_spec_parse (data, length, _("the config"), NULL, error);
  if (config == NULL)
    return FALSE;
  return pb_runner_set_config (self, config, error);
}

void
pb_runner_set_connector (PbRunner         *self,
                         PbConnectorStore *store,
                         PbConnector      *connector,
                         PbTokenManager   *tokens)
{
  g_return_if_fail (PB_IS_RUNNER (self));

  g_set_object (&self->store, store);
  g_set_object (&self->connector, connector);
  g_set_object (&self->tokens, tokens);
}

/* --- reading --- */

/* PB_HTTP_DEBUG=1: pb-http's redaction, and first every secret of the read by value (a key
 * sent in a query parameter of any name). */
static void
log_printer (SoupLogger         *logger,
             SoupLoggerLogLevel  level,
             char                direction,
             const char         *data,
             gpointer            user_data)
{
  g_autofree char *known = pb_runner_job_redact (user_data, data);
  g_autofree char *safe = pb_http_redact_line (known);

  fprintf (stderr, "%c %s\n", direction, safe);
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PbRunnerJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainContext) context = g_main_context_new ();

  /* A session of this thread's own (blocking I/O here), set up as PbHttp sets up its own, on a
   * main context of this thread's own: on the global default context (the caller's thread)
   * every request would wake the caller's main loop (libsoup queues its work there) and come
   * back, a cross-thread round trip per page. */
  g_main_context_push_thread_default (context);
  job->session = soup_session_new_with_options ("user-agent", "Plugboard/" PACKAGE_VERSION,
                                                "timeout", job->timeout, NULL);
  /* Authenticators set their own headers and a 401 is reported, not answered: without the auth
   * manager (and the content decoder: no Accept-Encoding, bodies arrive as sent, as curl asks
   * for them) libsoup connects a dozen fewer signal handlers per request. */
  soup_session_remove_feature_by_type (job->session, SOUP_TYPE_AUTH_MANAGER);
  soup_session_remove_feature_by_type (job->session, SOUP_TYPE_CONTENT_DECODER);
  if (g_strcmp0 (g_getenv ("PB_HTTP_DEBUG"), "1") == 0)
    {
      g_autoptr (SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);

      soup_logger_set_max_body_size (logger, 64 * 1024);
      soup_logger_set_printer (logger, log_printer, job, NULL);
      soup_session_add_feature (job->session, SOUP_SESSION_FEATURE (logger));
    }
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  pb_runner_job_run (job, &error);
  g_clear_object (&job->session);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  if (error != NULL && job->result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
start (GTask *task)
{
  g_task_run_in_thread (task, run_in_thread);
  g_object_unref (task);
}

static gboolean
fill_secret (GTask      *task,
             const char *secret)
{
  PbRunnerJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *property = pb_runner_manifest_dup_secret_property (job->manifest, &error);

  if (secret == NULL || *secret == '\0')
    return TRUE;
  g_ptr_array_add (job->secrets, g_strdup (secret));
  if (property == NULL)
    {
      /* An OAuth connector's token can still sign the requests. */
      if (job->access_token != NULL)
        return TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return FALSE;
    }
  cJSON_DeleteItemFromObjectCaseSensitive (job->config, property);
  cJSON_AddStringToObject (job->config, property, secret);
  return TRUE;
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  PbRunnerJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *token = pb_token_manager_get_token_finish (PB_TOKEN_MANAGER (source), result, &error);

  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  job->access_token = g_strdup (token);
  if (fill_secret (task, token))
    start (task);
  pb_vault_free_secret (token);
}

static void
secret_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;
  char *secret = pb_vault_lookup_finish (PB_VAULT (source), result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (secret == NULL)
    {
      PbRunner *self = g_task_get_source_object (task);

      g_task_return_new_error (task, PB_ERROR, PB_ERROR_NOT_FOUND,
                               _("The connector “%s” has no secret in the keyring yet. Store it "
                                 "with plugboard-cli set-secret."),
                               pb_connector_get_name (self->connector));
      g_object_unref (task);
      return;
    }
  if (fill_secret (task, secret))
    start (task);
  pb_vault_free_secret (secret);
}

void
pb_runner_read_async (PbRunner            *self,
                      const char          *stream,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  PbRunnerJob *job;

  g_return_if_fail (PB_IS_RUNNER (self));
  g_return_if_fail (stream != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_runner_read_async);
  job = g_new0 (PbRunnerJob, 1);
  job->manifest = g_object_ref (self->manifest);
  job->stream = g_strdup (stream);
  job->config = cJSON_Duplicate (self->config, TRUE);
  job->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) secret_free);
  job->max_pages = self->max_pages;
  job->max_records = self->max_records;
  job->max_slices = self->max_slices;
  job->timeout = self->timeout;
  job->max_body_size = self->max_body_size;
  job->keep_records = self->keep_records;
  g_task_set_task_data (task, job, (GDestroyNotify) pb_runner_job_free);

  if (self->connector == NULL)
    {
      start (task);
      return;
    }
  switch (pb_connector_get_kind (self->connector))
    {
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      if (self->tokens == NULL)
        self->tokens = pb_token_manager_new (self->store, NULL);
      pb_token_manager_get_token_async (self->tokens, self->connector, cancellable, token_cb,
                                        task);
      return;
    case PB_CONNECTOR_KIND_BASIC:
      if (pb_connector_get_username (self->connector) != NULL)
        {
          cJSON_DeleteItemFromObjectCaseSensitive (job->config, "username");
          cJSON_AddStringToObject (job->config, "username",
                                   pb_connector_get_username (self->connector));
        }
      pb_vault_lookup_async (pb_connector_store_get_vault (self->store),
                             pb_connector_get_id (self->connector), PB_SECRET_PASSWORD,
                             cancellable, secret_cb, task);
      return;
    case PB_CONNECTOR_KIND_API_KEY:
    default:
      pb_vault_lookup_async (pb_connector_store_get_vault (self->store),
                             pb_connector_get_id (self->connector), PB_SECRET_API_KEY,
                             cancellable, secret_cb, task);
      return;
    }
}

PbRunnerResult *
pb_runner_read_finish (PbRunner      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  PbRunnerJob *job;
  const GError *read_error;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  read_error = pb_runner_result_get_error (job->result);
  if (read_error != NULL)
    g_set_error_literal (error, read_error->domain, read_error->code, read_error->message);
  return g_object_ref (job->result);
}
