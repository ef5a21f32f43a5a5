/* pb-manifest-writer.c: PbManifest → Airbyte declarative manifest (JSON or YAML)
 *
 * Components are written inline (no $ref, no $parameters) so the output validates against
 * Airbyte's declarative component schema as it is, and object keys keep a fixed order so the
 * same model always prints the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <yaml.h>

#include "pb-error.h"
#include "pb-json-print.h"
#include "pb-manifest.h"
#include "pb-redact.h"
#include "pb-spec-arena.h"

static cJSON *
string_array (const char * const *strv)
{
  cJSON *array = cJSON_CreateArray ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    cJSON_AddItemToArray (array, cJSON_CreateString (strv[i]));
  return array;
}

static const char *
inject_name (PbInjectInto inject)
{
  switch (inject)
    {
    case PB_INJECT_HEADER:
      return "header";
    case PB_INJECT_BODY_JSON:
      return "body_json";
    case PB_INJECT_PATH:
    case PB_INJECT_REQUEST_PARAMETER:
    default:
      return "request_parameter";
    }
}

static cJSON *
request_option (PbInjectInto  inject,
                const char   *field)
{
  cJSON *option = cJSON_CreateObject ();

  if (inject == PB_INJECT_PATH)
    {
      cJSON_AddStringToObject (option, "type", "RequestPath");
      return option;
    }
  cJSON_AddStringToObject (option, "type", "RequestOption");
  cJSON_AddStringToObject (option, "inject_into", inject_name (inject));
  cJSON_AddStringToObject (option, "field_name", field);
  return option;
}

static char *
config_ref (const char *name)
{
  return g_strdup_printf ("{{ config['%s'] }}", name);
}

static cJSON *
authenticator_json (PbManifest *self)
{
  PbManifestAuth *auth = pb_manifest_get_auth (self);
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *token = NULL;

  switch (auth->kind)
    {
    case PB_AUTH_API_KEY:
      cJSON_AddStringToObject (json, "type", "ApiKeyAuthenticator");
      token = auth->value_prefix != NULL
        ? g_strdup_printf ("%s {{ config['api_key'] }}", auth->value_prefix)
        : config_ref ("api_key");
      cJSON_AddStringToObject (json, "api_token", token);
      cJSON_AddItemToObject (
        json, "inject_into",
        request_option (auth->in_query ? PB_INJECT_REQUEST_PARAMETER : PB_INJECT_HEADER,
                        auth->field_name != NULL ? auth->field_name : "X-API-Key"));
      break;
    case PB_AUTH_BEARER:
      cJSON_AddStringToObject (json, "type", "BearerAuthenticator");
      cJSON_AddStringToObject (json, "api_token", "{{ config['api_key'] }}");
      break;
    case PB_AUTH_BASIC:
      cJSON_AddStringToObject (json, "type", "BasicHttpAuthenticator");
      cJSON_AddStringToObject (json, "username", "{{ config['username'] }}");
      cJSON_AddStringToObject (json, "password", "{{ config.get('password', '') }}");
      break;
    case PB_AUTH_OAUTH:
      cJSON_AddStringToObject (json, "type", "OAuthAuthenticator");
      cJSON_AddStringToObject (json, "client_id", "{{ config['client_id'] }}");
      cJSON_AddStringToObject (json, "client_secret", "{{ config['client_secret'] }}");
      if (g_strcmp0 (auth->grant_type, "client_credentials") != 0)
        cJSON_AddStringToObject (json, "refresh_token", "{{ config['refresh_token'] }}");
      if (auth->token_url != NULL)
        cJSON_AddStringToObject (json, "token_refresh_endpoint", auth->token_url);
      cJSON_AddStringToObject (json, "grant_type",
                               auth->grant_type != NULL ? auth->grant_type : "refresh_token");
      if (auth->scopes != NULL && auth->scopes[0] != NULL)
        cJSON_AddItemToObject (json, "scopes", string_array ((const char * const *) auth->scopes));
      break;
    case PB_AUTH_NONE:
    default:
      cJSON_AddStringToObject (json, "type", "NoAuth");
      break;
    }
  return json;
}

static cJSON *
pairs_json (const char * const *pairs)
{
  cJSON *object = cJSON_CreateObject ();

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    cJSON_AddStringToObject (object, pairs[i], pairs[i + 1]);
  return object;
}

/* TEXT as a JSON value other than a string, or NULL: a number only when it prints back as
 * written (a 20-digit id stays a string rather than losing digits). */
static cJSON *
json_value_of (const char *text)
{
  cJSON *value = cJSON_ParseWithOpts (text, NULL, TRUE);

  if (value != NULL && cJSON_IsNumber (value))
    {
      char *printed = cJSON_PrintUnformatted (value);
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      if (g_strcmp0 (printed, trimmed) != 0)
        g_clear_pointer (&value, cJSON_Delete);
      cJSON_free (printed);
    }
  if (value != NULL && cJSON_IsString (value))
    g_clear_pointer (&value, cJSON_Delete);
  return value;
}

/* The body's fields: in a JSON body, a value that reads as JSON other than a string is that
 * value (the reader keeps non-string values as their JSON text). */
static cJSON *
body_json (PbManifestStream *stream)
{
  const char * const *pairs = pb_manifest_stream_get_request_body (stream);
  gboolean json = pb_manifest_stream_get_request_body_format (stream) == PB_BODY_JSON;
  cJSON *object = cJSON_CreateObject ();

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      cJSON *value = json ? json_value_of (pairs[i + 1]) : NULL;

      cJSON_AddItemToObject (object, pairs[i],
                             value != NULL ? value : cJSON_CreateString (pairs[i + 1]));
    }
  return object;
}

static cJSON *
paginator_json (PbManifestPaginator *p)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *strategy = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "type", "DefaultPaginator");
  switch (p->kind)
    {
    case PB_PAGINATION_CURSOR:
      cJSON_AddStringToObject (strategy, "type", "CursorPagination");
      cJSON_AddStringToObject (strategy, "cursor_value",
                               p->cursor_value != NULL ? p->cursor_value : "");
      if (p->stop_condition != NULL)
        cJSON_AddStringToObject (strategy, "stop_condition", p->stop_condition);
      if (p->page_size > 0)
        cJSON_AddNumberToObject (strategy, "page_size", p->page_size);
      break;
    case PB_PAGINATION_OFFSET:
      cJSON_AddStringToObject (strategy, "type", "OffsetIncrement");
      if (p->page_size > 0)
        cJSON_AddNumberToObject (strategy, "page_size", p->page_size);
      cJSON_AddBoolToObject (strategy, "inject_on_first_request", FALSE);
      break;
    case PB_PAGINATION_PAGE:
    default:
      cJSON_AddStringToObject (strategy, "type", "PageIncrement");
      if (p->page_size > 0)
        cJSON_AddNumberToObject (strategy, "page_size", p->page_size);
      cJSON_AddNumberToObject (strategy, "start_from_page", p->start_from_page);
      cJSON_AddBoolToObject (strategy, "inject_on_first_request", FALSE);
      break;
    }
  cJSON_AddItemToObject (json, "pagination_strategy", strategy);
  if (p->token_inject_into == PB_INJECT_PATH || p->token_field != NULL)
    cJSON_AddItemToObject (json, "page_token_option",
                           request_option (p->token_inject_into, p->token_field));
  if (p->page_size > 0 && p->page_size_field != NULL)
    cJSON_AddItemToObject (json, "page_size_option",
                           request_option (p->page_size_inject_into, p->page_size_field));
  return json;
}

static cJSON *
incremental_json (PbManifestIncremental *inc)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *start = cJSON_CreateObject ();
  const char *format = inc->datetime_format != NULL ? inc->datetime_format : "%Y-%m-%dT%H:%M:%SZ";

  cJSON_AddStringToObject (json, "type", "DatetimeBasedCursor");
  cJSON_AddStringToObject (json, "cursor_field", inc->cursor_field);
  cJSON_AddStringToObject (json, "datetime_format", format);
  if (inc->cursor_datetime_formats != NULL && inc->cursor_datetime_formats[0] != NULL)
    cJSON_AddItemToObject (json, "cursor_datetime_formats",
                           string_array ((const char * const *) inc->cursor_datetime_formats));
  cJSON_AddStringToObject (start, "type", "MinMaxDatetime");
  cJSON_AddStringToObject (start, "datetime",
                           inc->start_datetime != NULL ? inc->start_datetime
                                                       : "{{ config['start_date'] }}");
  cJSON_AddStringToObject (start, "datetime_format", "%Y-%m-%dT%H:%M:%SZ");
  cJSON_AddItemToObject (json, "start_datetime", start);
  if (inc->start_time_field != NULL)
    cJSON_AddItemToObject (json, "start_time_option",
                           request_option (inc->start_time_inject_into, inc->start_time_field));
  if (inc->end_time_field != NULL)
    {
      cJSON *end = cJSON_CreateObject ();

      cJSON_AddStringToObject (end, "type", "MinMaxDatetime");
      cJSON_AddStringToObject (end, "datetime", "{{ now_utc().strftime('%Y-%m-%dT%H:%M:%SZ') }}");
      cJSON_AddStringToObject (end, "datetime_format", "%Y-%m-%dT%H:%M:%SZ");
      cJSON_AddItemToObject (json, "end_datetime", end);
      cJSON_AddItemToObject (json, "end_time_option",
                             request_option (inc->end_time_inject_into, inc->end_time_field));
    }
  else
    {
      /* Without a request filter the cursor still skips records older than the state. */
      cJSON_AddBoolToObject (json, "is_client_side_incremental", TRUE);
    }
  return json;
}

static cJSON *stream_json (PbManifest *self, PbManifestStream *stream, guint depth,
                           gboolean borrow_schemas);

static cJSON *
partition_router_json (PbManifest       *self,
                       PbManifestStream *stream,
                       guint             depth,
                       gboolean          borrow_schemas)
{
  PbManifestParent *parent = pb_manifest_stream_get_parent (stream);
  PbManifestStream *parent_stream;
  cJSON *router, *configs, *config;

  if (parent->parent_stream == NULL || depth > 8)
    return NULL;
  parent_stream = pb_manifest_find_stream (self, parent->parent_stream);
  if (parent_stream == NULL || parent_stream == stream)
    return NULL;

  router = cJSON_CreateObject ();
  cJSON_AddStringToObject (router, "type", "SubstreamPartitionRouter");
  configs = cJSON_AddArrayToObject (router, "parent_stream_configs");
  config = cJSON_CreateObject ();
  cJSON_AddStringToObject (config, "type", "ParentStreamConfig");
  cJSON_AddStringToObject (config, "parent_key",
                           parent->parent_key != NULL ? parent->parent_key : "id");
  cJSON_AddStringToObject (config, "partition_field",
                           parent->partition_field != NULL ? parent->partition_field : "parent_id");
  /* The parent is written inline: the schema wants a full DeclarativeStream here. */
  cJSON_AddItemToObject (config, "stream",
                         stream_json (self, parent_stream, depth + 1, borrow_schemas));
  cJSON_AddItemToArray (configs, config);
  return router;
}

static cJSON *
default_schema (void)
{
  cJSON *schema = cJSON_CreateObject ();

  cJSON_AddStringToObject (schema, "$schema", "http://json-schema.org/draft-07/schema#");
  cJSON_AddStringToObject (schema, "type", "object");
  cJSON_AddBoolToObject (schema, "additionalProperties", TRUE);
  cJSON_AddItemToObject (schema, "properties", cJSON_CreateObject ());
  return schema;
}

static cJSON *
stream_json (PbManifest       *self,
             PbManifestStream *stream,
             guint             depth,
             gboolean          borrow_schemas)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *retriever, *requester, *selector, *extractor, *loader, *router;
  PbManifestPaginator *paginator = pb_manifest_stream_get_paginator (stream);
  PbManifestIncremental *incremental = pb_manifest_stream_get_incremental (stream);
  const char * const *parameters = pb_manifest_stream_get_request_parameters (stream);
  const char * const *headers = pb_manifest_stream_get_request_headers (stream);
  const cJSON *schema = pb_manifest_stream_get_schema (stream);

  cJSON_AddStringToObject (json, "type", "DeclarativeStream");
  cJSON_AddStringToObject (json, "name", pb_manifest_stream_get_name (stream));
  cJSON_AddItemToObject (json, "primary_key",
                         string_array (pb_manifest_stream_get_primary_key (stream)));

  retriever = cJSON_AddObjectToObject (json, "retriever");
  cJSON_AddStringToObject (retriever, "type", "SimpleRetriever");
  requester = cJSON_AddObjectToObject (retriever, "requester");
  cJSON_AddStringToObject (requester, "type", "HttpRequester");
  cJSON_AddStringToObject (requester, "url_base",
                           pb_manifest_get_url_base (self) != NULL ? pb_manifest_get_url_base (self)
                                                                   : "");
  cJSON_AddStringToObject (
    requester, "path",
    pb_manifest_stream_get_path (stream) != NULL ? pb_manifest_stream_get_path (stream) : "/");
  cJSON_AddStringToObject (requester, "http_method", pb_manifest_stream_get_http_method (stream));
  cJSON_AddItemToObject (requester, "authenticator", authenticator_json (self));
  if (parameters[0] != NULL)
    cJSON_AddItemToObject (requester, "request_parameters", pairs_json (parameters));
  if (headers[0] != NULL)
    cJSON_AddItemToObject (requester, "request_headers", pairs_json (headers));
  if (pb_manifest_stream_has_request_body (stream))
    {
      const char *text = pb_manifest_stream_get_request_body_text (stream);

      cJSON_AddItemToObject (requester,
                             pb_manifest_stream_get_request_body_format (stream) == PB_BODY_JSON
                             ? "request_body_json" : "request_body_data",
                             text != NULL ? cJSON_CreateString (text) : body_json (stream));
    }

  selector = cJSON_AddObjectToObject (retriever, "record_selector");
  cJSON_AddStringToObject (selector, "type", "RecordSelector");
  extractor = cJSON_AddObjectToObject (selector, "extractor");
  cJSON_AddStringToObject (extractor, "type", "DpathExtractor");
  cJSON_AddItemToObject (extractor, "field_path",
                         string_array (pb_manifest_stream_get_record_path (stream)));
  /* Fields copied up for the cursor must exist before the client-side cursor filters. */
  if (pb_manifest_stream_get_added_fields (stream)[0] != NULL)
    cJSON_AddBoolToObject (selector, "transform_before_filtering", TRUE);

  if (paginator->kind != PB_PAGINATION_NONE)
    cJSON_AddItemToObject (retriever, "paginator", paginator_json (paginator));
  else
    cJSON_AddItemToObject (retriever, "paginator", cJSON_Parse ("{\"type\":\"NoPagination\"}"));

  router = partition_router_json (self, stream, depth, borrow_schemas);
  if (router != NULL)
    cJSON_AddItemToObject (retriever, "partition_router", router);

  if (incremental->cursor_field != NULL)
    cJSON_AddItemToObject (json, "incremental_sync", incremental_json (incremental));

  {
    const char * const *added = pb_manifest_stream_get_added_fields (stream);

    if (added[0] != NULL)
      {
        cJSON *transformations = cJSON_AddArrayToObject (json, "transformations");
        cJSON *add = cJSON_CreateObject ();
        cJSON *fields;

        cJSON_AddStringToObject (add, "type", "AddFields");
        fields = cJSON_AddArrayToObject (add, "fields");
        for (guint i = 0; added[i] != NULL && added[i + 1] != NULL; i += 2)
          {
            cJSON *def = cJSON_CreateObject ();
            const char *path[] = { added[i], NULL };

            cJSON_AddStringToObject (def, "type", "AddedFieldDefinition");
            cJSON_AddItemToObject (def, "path", string_array (path));
            cJSON_AddStringToObject (def, "value", added[i + 1]);
            cJSON_AddItemToArray (fields, def);
          }
        cJSON_AddItemToArray (transformations, add);
      }
  }

  loader = cJSON_AddObjectToObject (json, "schema_loader");
  cJSON_AddStringToObject (loader, "type", "InlineSchemaLoader");
  if (schema == NULL)
    cJSON_AddItemToObject (loader, "schema", default_schema ());
  else if (borrow_schemas)
    cJSON_AddItemReferenceToObject (loader, "schema", (cJSON *)schema); /* printed, never changed */
  else
    cJSON_AddItemToObject (loader, "schema", cJSON_Duplicate (schema, TRUE));
  return json;
}

static cJSON *
spec_json (PbManifest *self)
{
  cJSON *spec = cJSON_CreateObject ();
  cJSON *conn, *required, *props;

  cJSON_AddStringToObject (spec, "type", "Spec");
  conn = cJSON_AddObjectToObject (spec, "connection_specification");
  cJSON_AddStringToObject (conn, "$schema", "http://json-schema.org/draft-07/schema#");
  cJSON_AddStringToObject (conn, "type", "object");
  required = cJSON_AddArrayToObject (conn, "required");
  props = cJSON_AddObjectToObject (conn, "properties");
  cJSON_AddBoolToObject (conn, "additionalProperties", TRUE);

  for (guint i = 0; i < pb_manifest_get_n_fields (self); i++)
    {
      PbManifestField *field = pb_manifest_get_field (self, i);
      cJSON *prop = cJSON_AddObjectToObject (props, field->name);
      const char *type = field->type != NULL ? field->type : "string";

      cJSON_AddStringToObject (prop, "type", type);
      if (field->format != NULL)
        cJSON_AddStringToObject (prop, "format", field->format);
      cJSON_AddStringToObject (prop, "title", field->title != NULL ? field->title : field->name);
      if (field->description != NULL)
        cJSON_AddStringToObject (prop, "description", field->description);
      if (field->default_value != NULL)
        {
          if (g_str_equal (type, "integer") || g_str_equal (type, "number"))
            cJSON_AddNumberToObject (prop, "default", g_ascii_strtod (field->default_value, NULL));
          else if (g_str_equal (type, "boolean"))
            cJSON_AddBoolToObject (prop, "default", g_str_equal (field->default_value, "true"));
          else
            cJSON_AddStringToObject (prop, "default", field->default_value);
        }
      if (field->secret)
        cJSON_AddBoolToObject (prop, "airbyte_secret", TRUE);
      cJSON_AddNumberToObject (prop, "order", field->order);
      if (field->required)
        cJSON_AddItemToArray (required, cJSON_CreateString (field->name));
    }
  return spec;
}

/* BORROW_SCHEMAS: the streams' record schemas go in as cJSON references instead of copies, for
 * a tree that is printed and deleted while SELF is alive (the schemas are the bulk of a big
 * manifest). */
static cJSON *
manifest_json (PbManifest *self,
               gboolean    borrow_schemas)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *check, *names, *streams;
  const char * const *check_streams = pb_manifest_get_check_streams (self);

  cJSON_AddStringToObject (root, "version", pb_manifest_get_version (self));
  cJSON_AddStringToObject (root, "type", "DeclarativeSource");
  check = cJSON_AddObjectToObject (root, "check");
  cJSON_AddStringToObject (check, "type", "CheckStream");
  names = cJSON_AddArrayToObject (check, "stream_names");
  if (check_streams != NULL && check_streams[0] != NULL)
    {
      for (guint i = 0; check_streams[i] != NULL; i++)
        cJSON_AddItemToArray (names, cJSON_CreateString (check_streams[i]));
    }
  else
    {
      /* A stream without a parent needs no other request first. */
      for (guint i = 0; i < pb_manifest_get_n_streams (self); i++)
        {
          PbManifestStream *stream = pb_manifest_get_stream (self, i);

          if (pb_manifest_stream_get_parent (stream)->parent_stream == NULL)
            {
              cJSON_AddItemToArray (names,
                                    cJSON_CreateString (pb_manifest_stream_get_name (stream)));
              break;
            }
        }
    }

  streams = cJSON_AddArrayToObject (root, "streams");
  for (guint i = 0; i < pb_manifest_get_n_streams (self); i++)
    cJSON_AddItemToArray (streams,
                          stream_json (self, pb_manifest_get_stream (self, i), 0, borrow_schemas));

  cJSON_AddItemToObject (root, "spec", spec_json (self));
  return root;
}

cJSON *
pb_manifest_to_json (PbManifest *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST (self), NULL);
  return manifest_json (self, FALSE);
}

/* YAML: plain scalars where YAML reads them back as the same string, quoted otherwise. */

static gboolean
needs_quotes (const char *s)
{
  static const char *const special[] = {
    "",      "~",     "null", "Null", "NULL", "true", "True", "TRUE", "false",
    "False", "FALSE", "yes",  "Yes",  "YES",  "no",   "No",   "NO",   "on",
    "On",    "ON",    "off",  "Off",  "OFF",  "y",    "n",    "Y",    "N",
  };
  char *end = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    if (strcmp (s, special[i]) == 0)
      return TRUE;
  g_ascii_strtod (s, &end);
  if (end != s && *end == '\0')
    return TRUE;
  if (g_ascii_isspace (s[0]) || g_ascii_isspace (s[strlen (s) - 1]))
    return TRUE;
  /* Indicators and anything the emitter might fold or misread. */
  if (strpbrk (s, ":#{}[],&*!|>'\"%@`\n\t\\") != NULL || s[0] == '-' || s[0] == '?' || s[0] == '.')
    return TRUE;
  /* Numbers, dates and times ("2024-01-15" is a timestamp to YAML 1.1 readers). */
  if (g_ascii_isdigit (s[0]) || s[0] == '+')
    return TRUE;
  return FALSE;
}

static gboolean
emit (yaml_emitter_t *emitter,
      yaml_event_t   *event)
{
  return yaml_emitter_emit (emitter, event) != 0;
}

static gboolean
emit_scalar (yaml_emitter_t     *emitter,
             const char         *value,
             yaml_scalar_style_t style)
{
  yaml_event_t event;

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) value, (int) strlen (value),
                                1, 1, style);
  return emit (emitter, &event);
}

static gboolean
emit_node (yaml_emitter_t *emitter,
           const cJSON    *node)
{
  yaml_event_t event;

  if (cJSON_IsObject (node))
    {
      const cJSON *child;

      yaml_mapping_start_event_initialize (&event, NULL, NULL, 1,
                                           node->child == NULL ? YAML_FLOW_MAPPING_STYLE
                                                               : YAML_BLOCK_MAPPING_STYLE);
      if (!emit (emitter, &event))
        return FALSE;
      cJSON_ArrayForEach (child, node)
        {
          if (!emit_scalar (emitter, child->string,
                            needs_quotes (child->string) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                                         : YAML_PLAIN_SCALAR_STYLE)
              || !emit_node (emitter, child))
            return FALSE;
        }
      yaml_mapping_end_event_initialize (&event);
      return emit (emitter, &event);
    }
  if (cJSON_IsArray (node))
    {
      const cJSON *child;

      yaml_sequence_start_event_initialize (&event, NULL, NULL, 1,
                                            node->child == NULL ? YAML_FLOW_SEQUENCE_STYLE
                                                                : YAML_BLOCK_SEQUENCE_STYLE);
      if (!emit (emitter, &event))
        return FALSE;
      cJSON_ArrayForEach (child, node)
        if (!emit_node (emitter, child))
          return FALSE;
      yaml_sequence_end_event_initialize (&event);
      return emit (emitter, &event);
    }
  if (cJSON_IsString (node))
    return emit_scalar (emitter, node->valuestring,
                        needs_quotes (node->valuestring) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                                         : YAML_PLAIN_SCALAR_STYLE);
  if (cJSON_IsBool (node))
    return emit_scalar (emitter, cJSON_IsTrue (node) ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
  if (cJSON_IsNumber (node))
    {
      g_autofree char *text = cJSON_PrintUnformatted (node);

      return emit_scalar (emitter, text, YAML_PLAIN_SCALAR_STYLE);
    }
  return emit_scalar (emitter, "null", YAML_PLAIN_SCALAR_STYLE);
}

static int
write_to_string (void          *data,
                 unsigned char *buffer,
                 size_t         size)
{
  g_string_append_len ((GString *) data, (const char *) buffer, size);
  return 1;
}

static char *
json_to_yaml (const cJSON  *root,
              GError      **error)
{
  yaml_emitter_t emitter;
  yaml_event_t event;
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean ok;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, write_to_string, out);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_indent (&emitter, 2);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = emit (&emitter, &event);
  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
  ok = ok && emit (&emitter, &event);
  ok = ok && emit_node (&emitter, root);
  yaml_document_end_event_initialize (&event, 1);
  ok = ok && emit (&emitter, &event);
  yaml_stream_end_event_initialize (&event);
  ok = ok && emit (&emitter, &event);
  if (!ok)
    g_set_error (error, PB_ERROR, PB_ERROR_FAILED, _("Could not write the manifest as YAML: %s"),
                 emitter.problem != NULL ? emitter.problem : "emitter error");
  yaml_emitter_delete (&emitter);
  return ok ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
pb_manifest_to_string (PbManifest        *self,
                       PbManifestFormat   format,
                       GError           **error)
{
  cJSON *root;
  char *text;
  /* The printed tree lives only here: its nodes go to an arena, one bump each, and leave all
   * at once (a malloc and a free per node were a tenth of an `assist` run). */
  PbSpecArena *arena = pb_spec_arena_new ();
  PbSpecArena *previous;

  g_return_val_if_fail (PB_IS_MANIFEST (self), NULL);
  previous = pb_spec_arena_push (arena);
  root = manifest_json (self, TRUE);
  pb_spec_arena_pop (previous);

  if (format == PB_MANIFEST_FORMAT_YAML)
    {
      text = json_to_yaml (root, error);
    }
  else
    {
      text = pb_json_print (root);
    }
  if (arena != NULL)
    pb_spec_arena_free (arena);
  else
    cJSON_Delete (root);
  return text;
}

static void
add_evidence (cJSON      *out,
              const char *pointer,
              PbEvidence *evidence)
{
  cJSON *item = cJSON_CreateObject ();
  /* The source may be a URL given with a password or a token: never write those. */
  g_autofree char *source = pb_redact_url (pb_evidence_get_source_uri (evidence));
  g_autofree char *snippet = pb_redact_text_urls (pb_evidence_get_snippet (evidence));

  cJSON_AddStringToObject (item, "source_uri", source != NULL ? source : "");
  if (pb_evidence_get_pointer (evidence) != NULL)
    cJSON_AddStringToObject (item, "pointer", pb_evidence_get_pointer (evidence));
  if (snippet != NULL)
    cJSON_AddStringToObject (item, "snippet", snippet);
  cJSON_AddNumberToObject (item, "confidence", pb_evidence_get_confidence (evidence));
  if (pb_evidence_get_reason (evidence) != NULL)
    cJSON_AddStringToObject (item, "reason", pb_evidence_get_reason (evidence));
  cJSON_AddItemToObject (out, pointer, item);
}

static const struct {
  const char *key;
  const char *pointer;
} stream_pointers[] = {
  { "path", "retriever/requester/path" },
  { "record_path", "retriever/record_selector/extractor/field_path" },
  { "primary_key", "primary_key" },
  { "paginator", "retriever/paginator" },
  { "incremental", "incremental_sync" },
  { "parent", "retriever/partition_router" },
  { "schema", "schema_loader/schema" },
  { "request_parameters", "retriever/requester/request_parameters" },
};

char *
pb_manifest_evidence_to_string (PbManifest *self)
{
  PbSpecArena *arena = pb_spec_arena_new ();   /* as in pb_manifest_to_string */
  PbSpecArena *previous = pb_spec_arena_push (arena);
  cJSON *out = cJSON_CreateObject ();
  g_autofree const char **keys = pb_manifest_list_evidence_keys (self);
  char *text;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *pointer = NULL;

      if (g_str_equal (keys[i], "url_base"))
        pointer = g_strdup ("/streams/0/retriever/requester/url_base");
      else if (g_str_equal (keys[i], "auth"))
        pointer = g_strdup ("/streams/0/retriever/requester/authenticator");
      else if (g_str_has_prefix (keys[i], "field:"))
        pointer = g_strdup_printf ("/spec/connection_specification/properties/%s", keys[i] + 6);
      else
        pointer = g_strdup_printf ("/%s", keys[i]);
      add_evidence (out, pointer, pb_manifest_get_evidence (self, keys[i]));
    }
  for (guint s = 0; s < pb_manifest_get_n_streams (self); s++)
    {
      PbManifestStream *stream = pb_manifest_get_stream (self, s);
      g_autofree char *stream_pointer = g_strdup_printf ("/streams/%u", s);
      cJSON *entry = cJSON_CreateObject ();

      /* Streams come most useful first; "suggested" ones are worth pre-selecting. */
      cJSON_AddStringToObject (entry, "name", pb_manifest_stream_get_name (stream));
      cJSON_AddNumberToObject (entry, "rank", s + 1);
      cJSON_AddBoolToObject (entry, "suggested", pb_manifest_stream_get_suggested (stream));
      cJSON_AddItemToObject (out, stream_pointer, entry);
      for (guint k = 0; k < G_N_ELEMENTS (stream_pointers); k++)
        {
          PbEvidence *evidence = pb_manifest_stream_get_evidence (stream, stream_pointers[k].key);
          g_autofree char *pointer = NULL;

          if (evidence == NULL)
            continue;
          pointer = g_strdup_printf ("/streams/%u/%s", s, stream_pointers[k].pointer);
          add_evidence (out, pointer, evidence);
        }
    }
  pb_spec_arena_pop (previous);
  text = pb_json_print (out);
  if (arena != NULL)
    pb_spec_arena_free (arena);
  else
    cJSON_Delete (out);
  return text;
}
