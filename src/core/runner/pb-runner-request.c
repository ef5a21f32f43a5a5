/* pb-runner-request.c: one HTTP request of a test read: URL, parameters, headers and body, and
 * the RequestOptions that put a value into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-context.h"
#include "pb-runner-request.h"

PbRunnerRequest *
pb_runner_request_new (const char *method,
                       const char *url)
{
  PbRunnerRequest *self = g_new0 (PbRunnerRequest, 1);

  self->method = g_ascii_strup (method != NULL ? method : "GET", -1);
  self->url = g_strdup (url);
  self->parameters = g_ptr_array_new_with_free_func (g_free);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
pb_runner_request_free (PbRunnerRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->method);
  g_free (self->url);
  g_ptr_array_unref (self->parameters);
  g_ptr_array_unref (self->headers);
  g_clear_pointer (&self->body_data, g_ptr_array_unref);
  cJSON_Delete (self->body_json);
  g_free (self);
}

static void
set_pair (GPtrArray  *pairs,
          const char *name,
          const char *value,
          gboolean    any_case)
{
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (any_case ? g_ascii_strcasecmp (pairs->pdata[i], name) == 0
                 : g_str_equal (pairs->pdata[i], name))
      {
        g_free (pairs->pdata[i + 1]);
        pairs->pdata[i + 1] = g_strdup (value);
        return;
      }
  g_ptr_array_add (pairs, g_strdup (name));
  g_ptr_array_add (pairs, g_strdup (value));
}

void
pb_runner_request_inject (PbRunnerRequest *self,
                          PbRunnerInject   inject,
                          const char      *name,
                          const char      *value)
{
  g_return_if_fail (self != NULL && value != NULL);

  switch (inject)
    {
    case PB_RUNNER_INJECT_PATH:
      g_free (self->url);
      self->url = g_strdup (value);
      /* The next URL carries its own query: parameters it names are not repeated. */
      {
        g_autoptr (GUri) uri = g_uri_parse (value, G_URI_FLAGS_ENCODED, NULL);
        const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
        g_autoptr (GHashTable) params
          = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;

        for (guint i = 0; params != NULL && i + 1 < self->parameters->len;)
          if (g_hash_table_contains (params, self->parameters->pdata[i]))
            g_ptr_array_remove_range (self->parameters, i, 2);
          else
            i += 2;
      }
      break;
    case PB_RUNNER_INJECT_HEADER:
      set_pair (self->headers, name, value, TRUE);
      break;
    case PB_RUNNER_INJECT_BODY_JSON:
      if (self->body_json == NULL)
        self->body_json = cJSON_CreateObject ();
      cJSON_DeleteItemFromObjectCaseSensitive (self->body_json, name);
      cJSON_AddStringToObject (self->body_json, name, value);
      break;
    case PB_RUNNER_INJECT_BODY_DATA:
      if (self->body_data == NULL)
        self->body_data = g_ptr_array_new_with_free_func (g_free);
      set_pair (self->body_data, name, value, FALSE);
      break;
    case PB_RUNNER_INJECT_REQUEST_PARAMETER:
    default:
      set_pair (self->parameters, name, value, FALSE);
      break;
    }
}

gboolean
pb_runner_request_option_parse (const cJSON     *component,
                                PbRunnerInject  *out_inject,
                                char           **out_field)
{
  const char *type = pb_runner_component_type (component);
  const char *inject
    = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (component, "inject_into"));
  const cJSON *field = cJSON_GetObjectItemCaseSensitive (component, "field_name");
  const cJSON *path = cJSON_GetObjectItemCaseSensitive (component, "field_path");

  *out_field = NULL;
  if (g_str_equal (type, "RequestPath"))
    {
      *out_inject = PB_RUNNER_INJECT_PATH;
      return TRUE;
    }
  if (!cJSON_IsObject (component) || inject == NULL)
    return FALSE;
  if (g_str_equal (inject, "header"))
    *out_inject = PB_RUNNER_INJECT_HEADER;
  else if (g_str_equal (inject, "body_json"))
    *out_inject = PB_RUNNER_INJECT_BODY_JSON;
  else if (g_str_equal (inject, "body_data"))
    *out_inject = PB_RUNNER_INJECT_BODY_DATA;
  else if (g_str_equal (inject, "request_parameter"))
    *out_inject = PB_RUNNER_INJECT_REQUEST_PARAMETER;
  else
    return FALSE;
  if (cJSON_IsString (field))
    *out_field = g_strdup (field->valuestring);
  else if (cJSON_IsArray (path) && cJSON_IsString (cJSON_GetArrayItem (path, 0)))
    *out_field = g_strdup (cJSON_GetArrayItem (path, 0)->valuestring);
  return *out_field != NULL;
}

static void
append_params (GString   *out,
               GPtrArray *pairs,
               gboolean   first)
{
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      g_autofree char *name = g_uri_escape_string (pairs->pdata[i], NULL, TRUE);
      g_autofree char *value = g_uri_escape_string (pairs->pdata[i + 1], NULL, TRUE);

      g_string_append_c (out, first ? '?' : '&');
      g_string_append_printf (out, "%s=%s", name, value);
      first = FALSE;
    }
}

char *
pb_runner_request_dup_url (PbRunnerRequest *self)
{
  GString *out = g_string_new (self->url);

  append_params (out, self->parameters, strchr (self->url, '?') == NULL);
  return g_string_free (out, FALSE);
}

SoupMessage *
pb_runner_request_to_message (PbRunnerRequest  *self,
                              GError          **error)
{
  g_autofree char *url = pb_runner_request_dup_url (self);
  g_autoptr (GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  if (uri == NULL || g_uri_get_host (uri) == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                   _("The request URL “%s” is not a valid http(s) URL. Check url_base, path and "
                     "the config values they use."),
                   self->url);
      return NULL;
    }
  message = soup_message_new_from_uri (self->method, uri);
  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    soup_message_headers_replace (headers, self->headers->pdata[i], self->headers->pdata[i + 1]);
  if (self->body_json != NULL)
    {
      g_autofree char *text = cJSON_PrintUnformatted (self->body_json);
      g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  else if (self->body_data != NULL)
    {
      g_autoptr (GString) form = g_string_new (NULL);
      g_autoptr (GBytes) bytes = NULL;

      append_params (form, self->body_data, TRUE);
      bytes = g_bytes_new (form->str + 1, form->len > 0 ? form->len - 1 : 0);
      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                                bytes);
    }
  if (soup_message_headers_get_one (headers, "Accept") == NULL)
    soup_message_headers_replace (headers, "Accept", "application/json");
  return g_steal_pointer (&message);
}
