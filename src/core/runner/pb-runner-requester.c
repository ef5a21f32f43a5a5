/* pb-runner-requester.c: the CDK's HttpRequester for test reads: URL, parameters, headers and
 * body from interpolated templates; blocking send with a body size cap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-http.h"
#include "pb-runner-context.h"
#include "pb-runner-requester.h"

#define READ_CHUNK 65536

typedef struct {
  char   *name;
  PbExpr *value;
} Pair;

struct _PbRunnerRequester
{
  GObject parent_instance;

  cJSON        *parameters;
  PbExpr       *url_base;
  PbExpr       *path;
  PbExpr       *url;
  char         *method;
  GPtrArray    *query;         /* Pair */
  PbExpr       *query_expr;    /* request_parameters given as one expression */
  GPtrArray    *headers;       /* Pair */
  cJSON        *body_json;     /* template: string leaves are expressions */
  GHashTable   *body_exprs;    /* leaf text → PbExpr */
  GPtrArray    *body_data;     /* Pair */
  PbRunnerAuth *auth;
};

G_DEFINE_FINAL_TYPE (PbRunnerRequester, pb_runner_requester, G_TYPE_OBJECT)

static void
pair_free (Pair *pair)
{
  g_free (pair->name);
  g_clear_object (&pair->value);
  g_free (pair);
}

static void
pb_runner_requester_finalize (GObject *object)
{
  PbRunnerRequester *self = PB_RUNNER_REQUESTER (object);

  cJSON_Delete (self->parameters);
  g_clear_object (&self->url_base);
  g_clear_object (&self->path);
  g_clear_object (&self->url);
  g_free (self->method);
  g_ptr_array_unref (self->query);
  g_clear_object (&self->query_expr);
  g_ptr_array_unref (self->headers);
  cJSON_Delete (self->body_json);
  g_hash_table_unref (self->body_exprs);
  g_clear_pointer (&self->body_data, g_ptr_array_unref);
  g_clear_object (&self->auth);
  G_OBJECT_CLASS (pb_runner_requester_parent_class)->finalize (object);
}

static void
pb_runner_requester_class_init (PbRunnerRequesterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_requester_finalize;
}

static void
pb_runner_requester_init (PbRunnerRequester *self)
{
  self->query = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  self->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  self->body_exprs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static gboolean
read_pairs (const cJSON  *object,
            GPtrArray    *out,
            GError      **error)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, (cJSON_IsObject (object) ? object : NULL))
    {
      g_autofree char *text = pb_runner_value_to_string (item);
      Pair *pair;
      PbExpr *expr = pb_expr_new (text, error);

      if (expr == NULL)
        return FALSE;
      pair = g_new0 (Pair, 1);
      pair->name = g_strdup (item->string);
      pair->value = expr;
      g_ptr_array_add (out, pair);
    }
  return TRUE;
}

static gboolean
compile_leaves (PbRunnerRequester  *self,
                const cJSON        *node,
                guint               depth,
                GError            **error)
{
  const cJSON *child;

  if (depth > 32)
    return TRUE;
  if (cJSON_IsString (node) && !g_hash_table_contains (self->body_exprs, node->valuestring))
    {
      PbExpr *expr = pb_expr_new (node->valuestring, error);

      if (expr == NULL)
        return FALSE;
      g_hash_table_insert (self->body_exprs, g_strdup (node->valuestring), expr);
    }
  cJSON_ArrayForEach (child, ((cJSON_IsArray (node) || cJSON_IsObject (node)) ? node : NULL))
    if (!compile_leaves (self, child, depth + 1, error))
      return FALSE;
  return TRUE;
}

#define COMPILE(target, key) \
  G_STMT_START { \
    g_autoptr (GError) _local = NULL; \
    (target) = pb_runner_compile_member (component, (key), &_local); \
    if (_local != NULL) \
      { \
        g_propagate_error (error, g_steal_pointer (&_local)); \
        return NULL; \
      } \
  } G_STMT_END

PbRunnerRequester *
pb_runner_requester_new (const cJSON  *component,
                         GError      **error)
{
  g_autoptr (PbRunnerRequester) self = g_object_new (PB_TYPE_RUNNER_REQUESTER, NULL);
  const char *type = pb_runner_component_type (component);
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (component, "$parameters");
  const cJSON *query = cJSON_GetObjectItemCaseSensitive (component, "request_parameters");
  const cJSON *body = cJSON_GetObjectItemCaseSensitive (component, "request_body_json");
  const cJSON *data = cJSON_GetObjectItemCaseSensitive (component, "request_body_data");
  const char *method
    = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (component, "http_method"));

  if (!g_str_equal (type, "HttpRequester"))
    {
      pb_runner_set_unsupported (error, _("the requester"), type);
      return NULL;
    }
  self->parameters = params != NULL ? cJSON_Duplicate (params, TRUE) : cJSON_CreateObject ();
  COMPILE (self->url_base, "url_base");
  COMPILE (self->path, "path");
  COMPILE (self->url, "url");
  if (self->url_base == NULL && self->url == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("The requester has neither url_base nor url."));
      return NULL;
    }
  self->method = g_ascii_strup (method != NULL ? method : "GET", -1);
  if (!g_str_equal (self->method, "GET") && !g_str_equal (self->method, "POST"))
    {
      pb_runner_set_unsupported (error, "http_method", self->method);
      return NULL;
    }
  if (cJSON_IsString (query))
    COMPILE (self->query_expr, "request_parameters");
  else if (!read_pairs (query, self->query, error))
    return NULL;
  if (!read_pairs (cJSON_GetObjectItemCaseSensitive (component, "request_headers"), self->headers,
                   error))
    return NULL;
  if (body != NULL)
    {
      self->body_json = cJSON_Duplicate (body, TRUE);
      if (!compile_leaves (self, body, 0, error))
        return NULL;
    }
  if (cJSON_IsObject (data))
    {
      self->body_data = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
      if (!read_pairs (data, self->body_data, error))
        return NULL;
    }
  self->auth = pb_runner_auth_new (cJSON_GetObjectItemCaseSensitive (component, "authenticator"),
                                   error);
  if (self->auth == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

PbRunnerAuth *
pb_runner_requester_get_auth (PbRunnerRequester *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_REQUESTER (self), NULL);
  return self->auth;
}

static char *
join_url (const char *base,
          const char *path)
{
  g_autofree char *trimmed = NULL;

  if (path == NULL || *path == '\0')
    return g_strdup (base);
  if (g_str_has_prefix (path, "http://") || g_str_has_prefix (path, "https://"))
    return g_strdup (path);
  trimmed = g_strdup (base);
  while (*trimmed != '\0' && trimmed[strlen (trimmed) - 1] == '/')
    trimmed[strlen (trimmed) - 1] = '\0';
  while (*path == '/')
    path++;
  return g_strdup_printf ("%s/%s", trimmed, path);
}

static gboolean
eval_pairs (GPtrArray        *pairs,
            cJSON            *context,
            PbRunnerRequest  *request,
            PbRunnerInject    inject,
            GError          **error)
{
  for (guint i = 0; pairs != NULL && i < pairs->len; i++)
    {
      Pair *pair = pairs->pdata[i];
      g_autofree char *value = pb_expr_evaluate_string (pair->value, context, error);

      if (value == NULL)
        return FALSE;
      if (*value != '\0')
        pb_runner_request_inject (request, inject, pair->name, value);
    }
  return TRUE;
}

static cJSON *
render_body (PbRunnerRequester  *self,
             const cJSON        *node,
             cJSON              *context,
             guint               depth,
             GError            **error)
{
  const cJSON *child;
  cJSON *out;

  if (cJSON_IsString (node))
    {
      PbExpr *expr = g_hash_table_lookup (self->body_exprs, node->valuestring);

      return expr != NULL ? pb_expr_evaluate (expr, context, error)
                          : cJSON_Duplicate (node, TRUE);
    }
  if (!(cJSON_IsArray (node) || cJSON_IsObject (node)) || depth > 32)
    return cJSON_Duplicate (node, TRUE);
  out = cJSON_IsArray (node) ? cJSON_CreateArray () : cJSON_CreateObject ();
  cJSON_ArrayForEach (child, node)
    {
      cJSON *r = render_body (self, child, context, depth + 1, error);

      if (r == NULL)
        return cJSON_Delete (out), NULL;
      if (cJSON_IsArray (out))
        cJSON_AddItemToArray (out, r);
      else
        cJSON_AddItemToObject (out, child->string, r);
    }
  return out;
}

PbRunnerRequest *
pb_runner_requester_build (PbRunnerRequester  *self,
                           cJSON              *context,
                           GError            **error)
{
  g_autoptr (PbRunnerRequest) request = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (PB_IS_RUNNER_REQUESTER (self), NULL);

  pb_runner_context_set (context, "parameters", self->parameters);
  if (self->url != NULL)
    url = pb_expr_evaluate_string (self->url, context, error);
  else
    {
      g_autofree char *base = pb_expr_evaluate_string (self->url_base, context, error);
      g_autofree char *path = base != NULL && self->path != NULL
                                ? pb_expr_evaluate_string (self->path, context, error)
                                : NULL;

      if (base == NULL || (self->path != NULL && path == NULL))
        return NULL;
      url = join_url (base, path);
    }
  if (url == NULL)
    return NULL;
  request = pb_runner_request_new (self->method, url);
  if (self->query_expr != NULL)
    {
      g_autoptr (cJSON) value = pb_expr_evaluate (self->query_expr, context, error);
      const cJSON *item;

      if (value == NULL)
        return NULL;
      cJSON_ArrayForEach (item, (cJSON_IsObject (value) ? value : NULL))
        {
          g_autofree char *text = pb_runner_value_to_string (item);

          pb_runner_request_inject (request, PB_RUNNER_INJECT_REQUEST_PARAMETER, item->string,
                                    text);
        }
    }
  if (!eval_pairs (self->query, context, request, PB_RUNNER_INJECT_REQUEST_PARAMETER, error)
      || !eval_pairs (self->headers, context, request, PB_RUNNER_INJECT_HEADER, error)
      || !eval_pairs (self->body_data, context, request, PB_RUNNER_INJECT_BODY_DATA, error))
    return NULL;
  if (self->body_json != NULL)
    {
      request->body_json = render_body (self, self->body_json, context, 0, error);
      if (request->body_json == NULL)
        return NULL;
    }
  return g_steal_pointer (&request);
}

GBytes *
pb_runner_requester_send (SoupSession   *session,
                          SoupMessage   *message,
                          gsize          max_bytes,
                          gboolean      *out_truncated,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GByteArray) body = g_byte_array_sized_new (16 * 1024);
  g_autoptr (GError) local = NULL;
  GUri *uri = soup_message_get_uri (message);
  /* One buffer per thread: freeing 64 KiB each request made glibc consolidate its heap. */
  static GPrivate buffer_key = G_PRIVATE_INIT (g_free);
  guint8 *chunk = g_private_get (&buffer_key);

  if (chunk == NULL)
    {
      chunk = g_malloc (READ_CHUNK);
      g_private_set (&buffer_key, chunk);
    }

  *out_truncated = FALSE;
  stream = soup_session_send (session, message, cancellable, &local);
  while (stream != NULL)
    {
      gssize n = g_input_stream_read (stream, chunk, READ_CHUNK, cancellable, &local);

      if (n <= 0)
        break;
      if (body->len + (gsize) n > max_bytes)
        {
          g_byte_array_append (body, chunk, (guint) (max_bytes - body->len));
          *out_truncated = TRUE;
          break;
        }
      g_byte_array_append (body, chunk, (guint) n);
    }
  if (stream != NULL)
    g_input_stream_close (stream, NULL, NULL);
  if (local != NULL)
    {
      g_propagate_error (error, pb_http_error_from_transport (local, uri != NULL
                                                                        ? g_uri_get_host (uri)
                                                                        : NULL));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

static void
parse_link (const char *value,
            cJSON      *out)
{
  const char *p = value;

  while (p != NULL && *p != '\0')
    {
      const char *open = strchr (p, '<');
      const char *close = open != NULL ? strchr (open, '>') : NULL;
      const char *end;
      g_autofree char *url = NULL;
      g_autofree char *params = NULL;
      g_auto (GStrv) parts = NULL;
      cJSON *link;
      const char *rel = NULL;

      if (close == NULL)
        return;
      url = g_strndup (open + 1, close - open - 1);
      end = strchr (close, ',');
      while (end != NULL && strchr (end, '<') == NULL)
        end = NULL;
      params = end != NULL ? g_strndup (close + 1, end - close - 1) : g_strdup (close + 1);
      link = cJSON_CreateObject ();
      cJSON_AddStringToObject (link, "url", url);
      parts = g_strsplit (params, ";", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *eq = strchr (parts[i], '=');
          g_autofree char *k = NULL;
          g_autofree char *v = NULL;

          if (eq == NULL)
            continue;
          k = g_strstrip (g_strndup (parts[i], eq - parts[i]));
          v = g_strstrip (g_strdup (eq + 1));
          if (*v == '"' && strlen (v) >= 2)
            {
              char *unquoted = g_strndup (v + 1, strlen (v) - 2);

              g_free (v);
              v = unquoted;
            }
          cJSON_DeleteItemFromObjectCaseSensitive (link, k);
          cJSON_AddStringToObject (link, k, v);
        }
      rel = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (link, "rel"));
      {
        g_autofree char *key = g_strdup (rel != NULL ? rel : url);

        cJSON_DeleteItemFromObjectCaseSensitive (out, key);
        cJSON_AddItemToObject (out, key, link);
      }
      p = end != NULL ? end + 1 : NULL;
    }
}

cJSON *
pb_runner_requester_headers_json (SoupMessageHeaders *headers)
{
  cJSON *out = cJSON_CreateObject ();
  SoupMessageHeadersIter iter;
  const char *name, *value;
  const char *link = soup_message_headers_get_list (headers, "Link");

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "link") == 0
          || cJSON_GetObjectItemCaseSensitive (out, name) != NULL)
        continue;
      cJSON_AddStringToObject (out, name, soup_message_headers_get_list (headers, name));
    }
  {
    cJSON *links = cJSON_AddObjectToObject (out, "link");

    if (link != NULL)
      parse_link (link, links);
  }
  return out;
}

int
pb_runner_requester_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  char *end;
  gint64 seconds;

  if (value == NULL)
    return -1;
  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0')
    return (int) CLAMP (seconds, 0, G_MAXINT);
  {
    g_autoptr (GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

    if (when == NULL)
      return -1;
    return (int) CLAMP (g_date_time_difference (when, now) / G_USEC_PER_SEC, 0, G_MAXINT);
  }
}
