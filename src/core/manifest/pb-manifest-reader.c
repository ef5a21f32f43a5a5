/* pb-manifest-reader.c: an Airbyte declarative manifest (YAML or JSON) → PbManifest
 *
 * References are resolved the way the Airbyte CDK does for the common shapes: "$ref" objects
 * (keys beside "$ref" win over the target's), "#/definitions/…" strings, and "$parameters"
 * handed down to nested components, with "{{ parameters.x }}" substituted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-manifest.h"
#include "pb-manifest-refs.h"
#include "pb-spec-parse.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

/* --- $parameters --- */

static cJSON *
merge_parameters (const cJSON *outer,
                  const cJSON *component)
{
  cJSON *params = outer != NULL ? cJSON_Duplicate (outer, TRUE) : cJSON_CreateObject ();
  const cJSON *own = cJSON_GetObjectItemCaseSensitive (component, "$parameters");
  const cJSON *p;

  cJSON_ArrayForEach (p, own)
    {
      cJSON_DeleteItemFromObjectCaseSensitive (params, p->string);
      cJSON_AddItemToObject (params, p->string, cJSON_Duplicate (p, TRUE));
    }
  return params;
}

/* "{{ parameters.name }}", "{{ parameters['name'] }}" inside a string. */
static char *
interpolate (const char  *text,
             const cJSON *params)
{
  static GRegex *regex;
  g_autoptr (GMatchInfo) match = NULL;
  GString *out;
  gint last = 0;

  if (text == NULL)
    return NULL;
  if (strstr (text, "parameters") == NULL)
    return g_strdup (text);
  if (g_once_init_enter (&regex))
    g_once_init_leave (
      &regex,
      g_regex_new ("\\{\\{\\s*parameters(?:\\.(\\w+)|\\[\\s*['\"]([^'\"]+)['\"]\\s*\\])\\s*\\}\\}",
                   0, 0, NULL));
  out = g_string_new (NULL);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      gint start, end;
      g_autofree char *a = g_match_info_fetch (match, 1);
      g_autofree char *b = g_match_info_fetch (match, 2);
      const cJSON *value = cJSON_GetObjectItemCaseSensitive (params, a != NULL && *a ? a : b);

      g_match_info_fetch_pos (match, 0, &start, &end);
      g_string_append_len (out, text + last, start - last);
      if (cJSON_IsString (value))
        g_string_append (out, value->valuestring);
      else if (cJSON_IsNumber (value))
        g_string_append_printf (out, "%g", value->valuedouble);
      else
        g_string_append_len (out, text + start, end - start);
      last = end;
      g_match_info_next (match, NULL);
    }
  g_string_append (out, text + last);
  return g_string_free (out, FALSE);
}

/* A component's field, or the same-named parameter (the CDK hands parameters down). */
static const cJSON *
field (const cJSON *component,
       const cJSON *params,
       const char  *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (component, key);

  if (v == NULL || cJSON_IsNull (v))
    v = cJSON_GetObjectItemCaseSensitive (params, key);
  return v;
}

static char *
field_string (const cJSON *component,
              const cJSON *params,
              const char  *key)
{
  const cJSON *v = field (component, params, key);

  if (cJSON_IsString (v))
    return interpolate (v->valuestring, params);
  if (cJSON_IsNumber (v))
    return g_strdup_printf ("%g", v->valuedouble);
  return NULL;
}

static GStrv
string_list (const cJSON *v,
             const cJSON *params)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const cJSON *list = cJSON_IsArray (v) ? v : NULL;
  const cJSON *item;

  if (cJSON_IsString (v))
    {
      g_autofree char *text = interpolate (v->valuestring, params);

      g_strv_builder_add (builder, text);
    }
  cJSON_ArrayForEach (item, list)
    {
      if (cJSON_IsString (item))
        {
          g_autofree char *s = interpolate (item->valuestring, params);

          g_strv_builder_add (builder, s);
        }
      else if (cJSON_IsArray (item))
        {
          /* [["a", "b"]]: a nested key path, kept dotted */
          g_auto (GStrv) parts = string_list (item, params);

          g_autofree char *joined = g_strjoinv (".", parts);

          g_strv_builder_add (builder, joined);
        }
    }
  return g_strv_builder_end (builder);
}

static PbInjectInto
inject_of (const cJSON *option,
           char       **out_field)
{
  const char *type = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (option, "type"));
  const char *inject
    = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (option, "inject_into"));

  *out_field = NULL;
  if (g_strcmp0 (type, "RequestPath") == 0)
    return PB_INJECT_PATH;
  *out_field
    = g_strdup (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (option, "field_name")));
  if (g_strcmp0 (inject, "header") == 0)
    return PB_INJECT_HEADER;
  if (g_strcmp0 (inject, "body_json") == 0)
    return PB_INJECT_BODY_JSON;
  return PB_INJECT_REQUEST_PARAMETER;
}

static void
read_auth (PbManifest  *manifest,
           const cJSON *auth,
           const cJSON *params)
{
  PbManifestAuth *a = pb_manifest_get_auth (manifest);
  const char *type = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (auth, "type"));

  pb_manifest_clear_auth (manifest);
  if (g_strcmp0 (type, "SelectiveAuthenticator") == 0)
    {
      const cJSON *options = cJSON_GetObjectItemCaseSensitive (auth, "authenticators");

      read_auth (manifest, options != NULL ? options->child : NULL, params);
      return;
    }
  if (g_strcmp0 (type, "ApiKeyAuthenticator") == 0)
    {
      const cJSON *inject = cJSON_GetObjectItemCaseSensitive (auth, "inject_into");
      g_autofree char *token = field_string (auth, params, "api_token");
      const char *brace = token != NULL ? strstr (token, "{{") : NULL;

      a->kind = PB_AUTH_API_KEY;
      if (inject != NULL)
        a->in_query = inject_of (inject, &a->field_name) == PB_INJECT_REQUEST_PARAMETER;
      else
        a->field_name = field_string (auth, params, "header");
      if (brace != NULL && brace > token)
        a->value_prefix = g_strstrip (g_strndup (token, brace - token));
    }
  else if (g_strcmp0 (type, "BearerAuthenticator") == 0)
    a->kind = PB_AUTH_BEARER;
  else if (g_strcmp0 (type, "BasicHttpAuthenticator") == 0)
    a->kind = PB_AUTH_BASIC;
  else if (g_strcmp0 (type, "OAuthAuthenticator") == 0)
    {
      a->kind = PB_AUTH_OAUTH;
      a->token_url = field_string (auth, params, "token_refresh_endpoint");
      a->grant_type = field_string (auth, params, "grant_type");
      a->scopes = cJSON_GetObjectItemCaseSensitive (auth, "scopes") != NULL
        ? string_list (cJSON_GetObjectItemCaseSensitive (auth, "scopes"), params) : NULL;
    }
  else
    a->kind = PB_AUTH_NONE;
}

static void
read_paginator (PbManifestStream *stream,
                const cJSON      *paginator,
                const cJSON      *params)
{
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (stream);
  const cJSON *strategy = cJSON_GetObjectItemCaseSensitive (paginator, "pagination_strategy");
  const char *type = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (strategy, "type"));
  const cJSON *size = cJSON_GetObjectItemCaseSensitive (strategy, "page_size");
  const cJSON *start = cJSON_GetObjectItemCaseSensitive (strategy, "start_from_page");
  const cJSON *token_option = cJSON_GetObjectItemCaseSensitive (paginator, "page_token_option");
  const cJSON *size_option = cJSON_GetObjectItemCaseSensitive (paginator, "page_size_option");

  pb_manifest_stream_clear_paginator (stream);
  if (g_strcmp0 (type, "CursorPagination") == 0)
    p->kind = PB_PAGINATION_CURSOR;
  else if (g_strcmp0 (type, "OffsetIncrement") == 0)
    p->kind = PB_PAGINATION_OFFSET;
  else if (g_strcmp0 (type, "PageIncrement") == 0)
    p->kind = PB_PAGINATION_PAGE;
  else
    return;
  p->cursor_value = field_string (strategy, params, "cursor_value");
  p->stop_condition = field_string (strategy, params, "stop_condition");
  p->page_size = cJSON_IsNumber (size) ? (int) size->valuedouble : 0;
  p->start_from_page = cJSON_IsNumber (start) ? (int) start->valuedouble : 0;
  if (token_option != NULL)
    p->token_inject_into = inject_of (token_option, &p->token_field);
  if (size_option != NULL)
    p->page_size_inject_into = inject_of (size_option, &p->page_size_field);
}

static void
read_incremental (PbManifestStream *stream,
                  const cJSON      *inc,
                  const cJSON      *params)
{
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (stream);
  const cJSON *start = cJSON_GetObjectItemCaseSensitive (inc, "start_datetime");
  const cJSON *start_option = cJSON_GetObjectItemCaseSensitive (inc, "start_time_option");
  const cJSON *end_option = cJSON_GetObjectItemCaseSensitive (inc, "end_time_option");
  const cJSON *formats = cJSON_GetObjectItemCaseSensitive (inc, "cursor_datetime_formats");

  pb_manifest_stream_clear_incremental (stream);
  i->cursor_field = field_string (inc, params, "cursor_field");
  if (i->cursor_field == NULL)
    return;
  i->datetime_format = field_string (inc, params, "datetime_format");
  i->cursor_datetime_formats = formats != NULL ? string_list (formats, params) : NULL;
  i->start_datetime = cJSON_IsString (start) ? g_strdup (start->valuestring)
                                             : field_string (start, params, "datetime");
  if (start_option != NULL)
    i->start_time_inject_into = inject_of (start_option, &i->start_time_field);
  if (end_option != NULL)
    i->end_time_inject_into = inject_of (end_option, &i->end_time_field);
}

static void
read_pairs (PbManifestStream *stream,
            const cJSON      *object,
            const cJSON      *params,
            gboolean          headers)
{
  const cJSON *item;

  const cJSON *pairs = cJSON_IsObject (object) ? object : NULL;

  cJSON_ArrayForEach (item, pairs)
    {
      g_autofree char *value = cJSON_IsString (item) ? interpolate (item->valuestring, params)
                                                     : cJSON_PrintUnformatted (item);

      if (headers)
        pb_manifest_stream_set_request_header (stream, item->string, value);
      else
        pb_manifest_stream_set_request_parameter (stream, item->string, value);
    }
}

/* request_body_json or request_body_data: an object of fields (a JSON body's non-string values
 * kept as JSON text, which the writer reads back as JSON), or one string for the whole body. */
static void
read_body (PbManifestStream *stream,
           const cJSON      *requester,
           const cJSON      *params)
{
  const cJSON *json = cJSON_GetObjectItemCaseSensitive (requester, "request_body_json");
  const cJSON *data = cJSON_GetObjectItemCaseSensitive (requester, "request_body_data");
  PbBodyFormat format = json != NULL ? PB_BODY_JSON : PB_BODY_DATA;
  const cJSON *body = json != NULL ? json : data;
  g_autoptr (GStrvBuilder) pairs = NULL;
  g_auto (GStrv) strv = NULL;
  const cJSON *item;

  if (cJSON_IsString (body))
    {
      g_autofree char *text = interpolate (body->valuestring, params);

      pb_manifest_stream_set_request_body_text (stream, format, text);
      return;
    }
  if (!cJSON_IsObject (body))
    return;
  pairs = g_strv_builder_new ();
  cJSON_ArrayForEach (item, body)
    {
      g_autofree char *value = NULL;

      if (cJSON_IsString (item))
        value = interpolate (item->valuestring, params);
      else
        {
          char *printed = cJSON_PrintUnformatted (item);

          value = g_strdup (printed);
          cJSON_free (printed);
        }
      g_strv_builder_add (pairs, item->string);
      g_strv_builder_add (pairs, value);
    }
  strv = g_strv_builder_end (pairs);
  pb_manifest_stream_set_request_body (stream, format, (const char * const *) strv);
}

static PbManifestStream *
read_stream (PbManifest  *manifest,
             const cJSON *json,
             const cJSON *outer_params)
{
  g_autoptr (cJSON) params = merge_parameters (outer_params, json);
  const cJSON *retriever = cJSON_GetObjectItemCaseSensitive (json, "retriever");
  g_autoptr (cJSON) rparams = merge_parameters (params, retriever);
  const cJSON *requester = cJSON_GetObjectItemCaseSensitive (retriever, "requester");
  g_autoptr (cJSON) qparams = merge_parameters (rparams, requester);
  const cJSON *selector = cJSON_GetObjectItemCaseSensitive (retriever, "record_selector");
  const cJSON *extractor = cJSON_GetObjectItemCaseSensitive (selector, "extractor");
  g_autoptr (cJSON) eparams = merge_parameters (rparams, extractor);
  const cJSON *paginator = cJSON_GetObjectItemCaseSensitive (retriever, "paginator");
  const cJSON *router = cJSON_GetObjectItemCaseSensitive (retriever, "partition_router");
  const cJSON *inc = cJSON_GetObjectItemCaseSensitive (json, "incremental_sync");
  const cJSON *loader = cJSON_GetObjectItemCaseSensitive (json, "schema_loader");
  const cJSON *pk = field (json, params, "primary_key");
  g_autofree char *name = field_string (json, params, "name");
  g_autofree char *path = field_string (requester, qparams, "path");
  g_autofree char *method = field_string (requester, qparams, "http_method");
  g_autofree char *url_base = field_string (requester, qparams, "url_base");
  PbManifestStream *stream = pb_manifest_stream_new (name != NULL ? name : "stream", path);
  g_auto (GStrv) record_path = string_list (field (extractor, eparams, "field_path"), eparams);
  g_auto (GStrv) key = string_list (pk, params);

  if (url_base == NULL && path == NULL)
    {
      /* Newer manifests give one "url": split it into base and path. */
      g_autofree char *url = field_string (requester, qparams, "url");
      const char *host = url != NULL ? strstr (url, "://") : NULL;
      const char *slash = host != NULL ? strchr (host + 3, '/') : NULL;

      if (url != NULL && slash != NULL)
        {
          url_base = g_strndup (url, slash - url);
          pb_manifest_stream_set_path (stream, slash);
        }
      else if (url != NULL)
        {
          url_base = g_strdup (url);
          pb_manifest_stream_set_path (stream, "/");
        }
    }
  if (method != NULL)
    pb_manifest_stream_set_http_method (stream, method);
  if (url_base != NULL && pb_manifest_get_url_base (manifest) == NULL)
    pb_manifest_set_url_base (manifest, url_base);
  if (requester != NULL && cJSON_GetObjectItemCaseSensitive (requester, "authenticator") != NULL &&
      pb_manifest_get_auth (manifest)->kind == PB_AUTH_NONE)
    read_auth (manifest, cJSON_GetObjectItemCaseSensitive (requester, "authenticator"), qparams);
  read_pairs (stream, cJSON_GetObjectItemCaseSensitive (requester, "request_parameters"), qparams,
              FALSE);
  read_pairs (stream, cJSON_GetObjectItemCaseSensitive (requester, "request_headers"), qparams,
              TRUE);
  read_body (stream, requester, qparams);
  pb_manifest_stream_set_record_path (stream, (const char * const *) record_path);
  pb_manifest_stream_set_primary_key (stream, (const char * const *) key);
  if (paginator != NULL)
    read_paginator (stream, paginator, rparams);
  if (inc != NULL)
    read_incremental (stream, inc, params);
  if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (router, "type")),
                 "SubstreamPartitionRouter")
      == 0)
    {
      const cJSON *config = cJSON_GetArrayItem (
        cJSON_GetObjectItemCaseSensitive (router, "parent_stream_configs"), 0);
      const cJSON *parent = cJSON_GetObjectItemCaseSensitive (config, "stream");
      g_autoptr (cJSON) pparams = merge_parameters (NULL, parent);
      PbManifestParent *p = pb_manifest_stream_get_parent (stream);

      pb_manifest_stream_clear_parent (stream);
      p->parent_stream = field_string (parent, pparams, "name");
      p->parent_key = field_string (config, rparams, "parent_key");
      p->partition_field = field_string (config, rparams, "partition_field");
    }
  {
    const cJSON *t;

    cJSON_ArrayForEach (t, cJSON_GetObjectItemCaseSensitive (json, "transformations"))
      {
        const cJSON *def;

        if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (t, "type")),
                       "AddFields")
            != 0)
          continue;
        cJSON_ArrayForEach (def, cJSON_GetObjectItemCaseSensitive (t, "fields"))
          {
            g_auto (GStrv) fpath
              = string_list (cJSON_GetObjectItemCaseSensitive (def, "path"), params);
            g_autofree char *value = field_string (def, params, "value");

            if (fpath[0] != NULL && fpath[1] == NULL && value != NULL)
              pb_manifest_stream_set_added_field (stream, fpath[0], value);
          }
      }
  }
  if (cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (loader, "schema")))
    pb_manifest_stream_take_schema (
      stream, cJSON_Duplicate (cJSON_GetObjectItemCaseSensitive (loader, "schema"), TRUE));
  return stream;
}

static void
read_spec (PbManifest  *manifest,
           const cJSON *spec)
{
  const cJSON *conn = cJSON_GetObjectItemCaseSensitive (spec, "connection_specification");
  const cJSON *required = cJSON_GetObjectItemCaseSensitive (conn, "required");
  const cJSON *prop;

  cJSON_ArrayForEach (prop, cJSON_GetObjectItemCaseSensitive (conn, "properties"))
    {
      const cJSON *type = cJSON_GetObjectItemCaseSensitive (prop, "type");
      const cJSON *def = cJSON_GetObjectItemCaseSensitive (prop, "default");
      const cJSON *order = cJSON_GetObjectItemCaseSensitive (prop, "order");
      const cJSON *r;
      PbManifestField *f = pb_manifest_add_field (
        manifest, prop->string, cJSON_IsString (type) ? type->valuestring : "string");

      f->format
        = g_strdup (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (prop, "format")));
      f->title = g_strdup (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (prop, "title")));
      f->description
        = g_strdup (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (prop, "description")));
      f->secret = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (prop, "airbyte_secret"));
      if (cJSON_IsNumber (order))
        f->order = (int) order->valuedouble;
      if (cJSON_IsString (def))
        f->default_value = g_strdup (def->valuestring);
      else if (cJSON_IsBool (def))
        f->default_value = g_strdup (cJSON_IsTrue (def) ? "true" : "false");
      else if (cJSON_IsNumber (def))
        f->default_value = g_strdup_printf ("%g", def->valuedouble);
      cJSON_ArrayForEach (r, required)
        if (cJSON_IsString (r) && g_str_equal (r->valuestring, prop->string))
          f->required = TRUE;
    }
}

PbManifest *
pb_manifest_new_from_json (const cJSON  *root,
                           GError      **error)
{
  g_autoptr (PbManifest) manifest = NULL;
  g_autoptr (cJSON) streams = NULL;
  const cJSON *stream;
  const cJSON *check_names;
  const cJSON *raw_streams = cJSON_GetObjectItemCaseSensitive (root, "streams");

  if (!cJSON_IsObject (root)
      || g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (root, "type")),
                    "DeclarativeSource")
           != 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
        _("This is not an Airbyte declarative manifest (no “type: DeclarativeSource”)."));
      return NULL;
    }
  if (!cJSON_IsArray (raw_streams))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("The manifest has no list of streams."));
      return NULL;
    }
  streams = pb_manifest_refs_resolve (raw_streams, root, PB_MANIFEST_REFS_KEEP_SCHEMAS,
                                      PB_MANIFEST_REFS_MAX_NODES, error);
  if (streams == NULL)
    return NULL;

  manifest = pb_manifest_new ();
  if (cJSON_IsString (cJSON_GetObjectItemCaseSensitive (root, "version")))
    pb_manifest_set_version (manifest,
                             cJSON_GetObjectItemCaseSensitive (root, "version")->valuestring);
  cJSON_ArrayForEach (stream, streams)
    {
      g_autoptr (PbManifestStream) s = read_stream (manifest, stream, NULL);

      pb_manifest_add_stream (manifest, s);
    }
    check_names = cJSON_GetObjectItemCaseSensitive (
      cJSON_GetObjectItemCaseSensitive (root, "check"), "stream_names");
    if (cJSON_IsArray (check_names))
      {
        g_auto (GStrv) names = string_list (check_names, NULL);

        pb_manifest_set_check_streams (manifest, (const char *const *)names);
      }
  read_spec (manifest, cJSON_GetObjectItemCaseSensitive (root, "spec"));
  return g_steal_pointer (&manifest);
}

PbManifest *
pb_manifest_new_from_data (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr (cJSON) root = pb_spec_parse (data, length, "the manifest", NULL, error);

  if (root == NULL)
    return NULL;
  return pb_manifest_new_from_json (root, error);
}
