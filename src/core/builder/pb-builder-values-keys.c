/* pb-builder-values-keys.c: each key an AI Assist suggestion carries (url_base, auth, path…
 * schema): how its value is fingerprinted, described and copied, and the table of keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-values-private.h"

/* --- url_base, auth ------------------------------------------------------------------------- */

static char *
url_base_fingerprint (const PbValuePlace *at)
{
  return pb_value_text_or_null (pb_manifest_get_url_base (at->manifest));
}

static char *
url_base_describe (const PbValuePlace *at)
{
  return pb_value_text_or_none (pb_manifest_get_url_base (at->manifest));
}

static void
url_base_copy (const PbValuePlace *to,
               const PbValuePlace *from)
{
  pb_manifest_set_url_base (to->manifest, pb_manifest_get_url_base (from->manifest));
}

static char *
auth_fingerprint (const PbValuePlace *at)
{
  PbManifestAuth *a = pb_manifest_get_auth (at->manifest);

  return a->kind != PB_AUTH_NONE ? pb_value_parts_fingerprint (a, pb_value_auth_parts) : NULL;
}

static char *
auth_describe (const PbValuePlace *at)
{
  PbManifestAuth *a = pb_manifest_get_auth (at->manifest);

  switch (a->kind)
    {
    case PB_AUTH_API_KEY:
      if (a->in_query)
        /* Translators: %s is the name of a query parameter */
        return g_strdup_printf (_("API key in the query parameter “%s”"),
                                a->field_name != NULL ? a->field_name : "");
      /* Translators: %s is the name of an HTTP header */
      return g_strdup_printf (_("API key in the header “%s”"),
                              a->field_name != NULL ? a->field_name : "");
    case PB_AUTH_BEARER:
      return g_strdup (_("Bearer token"));
    case PB_AUTH_BASIC:
      return g_strdup (_("User name and password"));
    case PB_AUTH_OAUTH:
      if (g_strcmp0 (a->grant_type, "client_credentials") == 0)
        return g_strdup (_("OAuth 2.0 (client credentials)"));
      return g_strdup (_("OAuth 2.0 (sign in)"));
    case PB_AUTH_NONE:
    default:
      return g_strdup (_("None"));
    }
}

static void
auth_copy (const PbValuePlace *to,
           const PbValuePlace *from)
{
  pb_manifest_clear_auth (to->manifest);
  pb_value_parts_copy (pb_manifest_get_auth (to->manifest), pb_manifest_get_auth (from->manifest),
                       sizeof (PbManifestAuth), pb_value_auth_parts);
}

/* --- path, method, record_path, primary_key -------------------------------------------------- */

static char *
path_fingerprint (const PbValuePlace *at)
{
  return pb_value_text_or_null (pb_manifest_stream_get_path (at->stream));
}

static char *
path_describe (const PbValuePlace *at)
{
  return pb_value_text_or_none (pb_manifest_stream_get_path (at->stream));
}

static void
path_copy (const PbValuePlace *to,
           const PbValuePlace *from)
{
  pb_manifest_stream_set_path (to->stream, pb_manifest_stream_get_path (from->stream));
}

/* Both the fingerprint and the description. */
static char *
method_text (const PbValuePlace *at)
{
  const char *method = pb_manifest_stream_get_http_method (at->stream);

  return g_ascii_strup (method != NULL ? method : "GET", -1);
}

static void
method_copy (const PbValuePlace *to,
             const PbValuePlace *from)
{
  pb_manifest_stream_set_http_method (to->stream,
                                      pb_manifest_stream_get_http_method (from->stream));
}

static char *
record_path_fingerprint (const PbValuePlace *at)
{
  /* An empty path is a value: the body is the list. */
  return pb_value_strv_fingerprint (pb_manifest_stream_get_record_path (at->stream));
}

static char *
record_path_describe (const PbValuePlace *at)
{
  const char * const *path = pb_manifest_stream_get_record_path (at->stream);

  if (path == NULL || path[0] == NULL)
    return g_strdup (_("The whole response"));
  return g_strjoinv (".", (char **) path);
}

static void
record_path_copy (const PbValuePlace *to,
                  const PbValuePlace *from)
{
  pb_manifest_stream_set_record_path (to->stream,
                                      pb_manifest_stream_get_record_path (from->stream));
}

static char *
primary_key_fingerprint (const PbValuePlace *at)
{
  const char * const *fields = pb_manifest_stream_get_primary_key (at->stream);

  return fields != NULL && fields[0] != NULL ? pb_value_strv_fingerprint (fields) : NULL;
}

static char *
primary_key_describe (const PbValuePlace *at)
{
  const char * const *fields = pb_manifest_stream_get_primary_key (at->stream);

  if (fields == NULL || fields[0] == NULL)
    return g_strdup (_("None"));
  return g_strjoinv (", ", (char **) fields);
}

static void
primary_key_copy (const PbValuePlace *to,
                  const PbValuePlace *from)
{
  pb_manifest_stream_set_primary_key (to->stream,
                                      pb_manifest_stream_get_primary_key (from->stream));
}

/* --- paginator, incremental, parent ---------------------------------------------------------- */

static char *
paginator_fingerprint (const PbValuePlace *at)
{
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (at->stream);

  if (p->kind == PB_PAGINATION_NONE)
    return NULL;
  return pb_value_parts_fingerprint (p, pb_value_paginator_parts);
}

static char *
paginator_describe (const PbValuePlace *at)
{
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (at->stream);
  g_autofree char *size = NULL;
  const char *field = p->token_field != NULL ? p->token_field : "";

  if (p->page_size > 0)
    /* Translators: %d is a number of records */
    size = g_strdup_printf (ngettext (", %d per page", ", %d per page", p->page_size),
                            p->page_size);
  switch (p->kind)
    {
    case PB_PAGINATION_CURSOR:
      if (p->token_inject_into == PB_INJECT_PATH)
        /* Translators: %s is an expression such as {{ response.next }}; the second, " , 100 per
         * page" or nothing */
        return g_strdup_printf (_("Next-page URL from %s%s"),
                                p->cursor_value != NULL ? p->cursor_value : "?",
                                size != NULL ? size : "");
      /* Translators: a cursor from %s (an expression) sent as %s (a field) in %s (query,
       * header…); the last %s is ", 100 per page" or nothing */
      return g_strdup_printf (_("Cursor from %s, sent as “%s” (%s)%s"),
                              p->cursor_value != NULL ? p->cursor_value : "?", field,
                              pb_value_inject_where (p->token_inject_into),
                              size != NULL ? size : "");
    case PB_PAGINATION_OFFSET:
      /* Translators: %s is a request field, then where it goes (query, header…), then
       * ", 100 per page" or nothing */
      return g_strdup_printf (_("Offset in “%s” (%s)%s"), field,
                              pb_value_inject_where (p->token_inject_into),
                              size != NULL ? size : "");
    case PB_PAGINATION_PAGE:
      /* Translators: %s is a request field, then where it goes (query, header…), then
       * ", 100 per page" or nothing */
      return g_strdup_printf (_("Page number in “%s” (%s)%s"), field,
                              pb_value_inject_where (p->token_inject_into),
                              size != NULL ? size : "");
    case PB_PAGINATION_NONE:
    default:
      return g_strdup (_("None"));
    }
}

static void
paginator_copy (const PbValuePlace *to,
                const PbValuePlace *from)
{
  pb_manifest_stream_clear_paginator (to->stream);
  pb_value_parts_copy (pb_manifest_stream_get_paginator (to->stream),
                       pb_manifest_stream_get_paginator (from->stream),
                       sizeof (PbManifestPaginator), pb_value_paginator_parts);
}

static char *
incremental_fingerprint (const PbValuePlace *at)
{
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (at->stream);

  if (i->cursor_field == NULL)
    return NULL;
  return pb_value_parts_fingerprint (i, pb_value_incremental_parts);
}

static char *
incremental_describe (const PbValuePlace *at)
{
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (at->stream);

  if (i->cursor_field == NULL)
    return g_strdup (_("None"));
  /* Translators: %s is a field of the records ("updated_at") */
  return g_strdup_printf (_("By “%s”"), i->cursor_field);
}

static void
incremental_copy (const PbValuePlace *to,
                  const PbValuePlace *from)
{
  pb_manifest_stream_clear_incremental (to->stream);
  pb_value_parts_copy (pb_manifest_stream_get_incremental (to->stream),
                       pb_manifest_stream_get_incremental (from->stream),
                       sizeof (PbManifestIncremental), pb_value_incremental_parts);
}

static char *
parent_fingerprint (const PbValuePlace *at)
{
  PbManifestParent *p = pb_manifest_stream_get_parent (at->stream);

  return p->parent_stream != NULL ? pb_value_parts_fingerprint (p, pb_value_parent_parts) : NULL;
}

static char *
parent_describe (const PbValuePlace *at)
{
  PbManifestParent *p = pb_manifest_stream_get_parent (at->stream);

  if (p->parent_stream == NULL)
    return g_strdup (_("None"));
  /* Translators: a stream read once per record of the stream %s, by its field %s */
  return g_strdup_printf (_("Each “%s”, by its “%s”"), p->parent_stream,
                          p->parent_key != NULL ? p->parent_key : "id");
}

static void
parent_copy (const PbValuePlace *to,
             const PbValuePlace *from)
{
  pb_manifest_stream_clear_parent (to->stream);
  pb_value_parts_copy (pb_manifest_stream_get_parent (to->stream),
                       pb_manifest_stream_get_parent (from->stream), sizeof (PbManifestParent),
                       pb_value_parent_parts);
}

/* --- request_parameters, request_headers: name=value pairs ------------------------------------ */

static gboolean
is_headers (const PbValuePlace *at)
{
  return g_str_equal (at->key, "request_headers");
}

static const char * const *
pairs_of (const PbValuePlace *at)
{
  return is_headers (at) ? pb_manifest_stream_get_request_headers (at->stream)
                         : pb_manifest_stream_get_request_parameters (at->stream);
}

static const char *
pair_lookup (const char * const *pairs,
             const char         *name,
             gboolean           *found)
{
  *found = FALSE;
  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    if (g_str_equal (pairs[i], name))
      {
        *found = TRUE;
        return pairs[i + 1];
      }
  return NULL;
}

static gboolean
pairs_differ (const PbValuePlace *from,
              const PbValuePlace *to)
{
  const char * const *news = pairs_of (from);
  const char * const *olds = pairs_of (to);

  for (guint i = 0; news != NULL && news[i] != NULL && news[i + 1] != NULL; i += 2)
    {
      gboolean found;
      const char *value = pair_lookup (olds, news[i], &found);

      if (!found || g_strcmp0 (value, news[i + 1]) != 0)
        return TRUE;
    }
  return FALSE;
}

/* "name=value, name=value", or "None"; also a request body's fields. */
static char *
pairs_text (const char * const *pairs)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    g_string_append_printf (out, "%s%s=%s", out->len > 0 ? ", " : "", pairs[i], pairs[i + 1]);
  if (out->len == 0)
    g_string_append (out, _("None"));
  return g_string_free (out, FALSE);
}

static char *
pairs_describe (const PbValuePlace *at)
{
  return pairs_text (pairs_of (at));
}

static void
pairs_copy (const PbValuePlace *to,
            const PbValuePlace *from)
{
  const char * const *pairs = pairs_of (from);
  gboolean headers = is_headers (from);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      if (headers)
        pb_manifest_stream_set_request_header (to->stream, pairs[i], pairs[i + 1]);
      else
        pb_manifest_stream_set_request_parameter (to->stream, pairs[i], pairs[i + 1]);
    }
}

/* --- request_body: JSON or form fields, or one whole-body text ----------------------------- */

static char *
request_body_fingerprint (const PbValuePlace *at)
{
  GString *out;

  if (!pb_manifest_stream_has_request_body (at->stream))
    return NULL;
  out = g_string_new (NULL);
  pb_value_add_part (out, pb_manifest_stream_get_request_body_format (at->stream) == PB_BODY_JSON
                          ? "json" : "data");
  pb_value_add_part (out, pb_manifest_stream_get_request_body_text (at->stream));
  pb_value_add_strv (out, pb_manifest_stream_get_request_body (at->stream));
  return g_string_free (out, FALSE);
}

static char *
request_body_describe (const PbValuePlace *at)
{
  const char *text = pb_manifest_stream_get_request_body_text (at->stream);

  if (text != NULL)
    return g_strdup (text);
  return pairs_text (pb_manifest_stream_get_request_body (at->stream));
}

static void
request_body_copy (const PbValuePlace *to,
                   const PbValuePlace *from)
{
  PbBodyFormat format = pb_manifest_stream_get_request_body_format (from->stream);
  const char *text = pb_manifest_stream_get_request_body_text (from->stream);

  if (text != NULL)
    pb_manifest_stream_set_request_body_text (to->stream, format, text);
  else
    pb_manifest_stream_set_request_body (to->stream, format,
                                         pb_manifest_stream_get_request_body (from->stream));
}

/* --- schema --------------------------------------------------------------------------------- */

static char *
schema_fingerprint (const PbValuePlace *at)
{
  const cJSON *schema = pb_manifest_stream_get_schema (at->stream);
  char *text;
  char *copy;

  if (schema == NULL)
    return NULL;
  text = cJSON_PrintUnformatted (schema);
  copy = g_strdup (text);
  cJSON_free (text);
  return copy;
}

static char *
schema_describe (const PbValuePlace *at)
{
  const cJSON *schema = pb_manifest_stream_get_schema (at->stream);
  const cJSON *props = schema != NULL ? cJSON_GetObjectItemCaseSensitive (schema, "properties")
                                      : NULL;
  int n = cJSON_IsObject (props) ? cJSON_GetArraySize (props) : 0;

  if (schema == NULL)
    return g_strdup (_("Any record"));
  /* Translators: %d is a number of fields of a record */
  return g_strdup_printf (ngettext ("%d field", "%d fields", n), n);
}

static void
schema_copy (const PbValuePlace *to,
             const PbValuePlace *from)
{
  const cJSON *schema = pb_manifest_stream_get_schema (from->stream);

  pb_manifest_stream_take_schema (to->stream,
                                  schema != NULL ? cJSON_Duplicate (schema, TRUE) : NULL);
}

/* --- the keys -------------------------------------------------------------------------------- */

/* The manifest's keys, then the stream's in the order a user reads a stream. A new key is one
 * row here. */
static const PbValueField fields[] = {
  { "url_base", N_("Base URL"), FALSE,
    url_base_fingerprint, NULL, url_base_describe, url_base_copy },
  { "auth", N_("Authentication"), FALSE,
    auth_fingerprint, NULL, auth_describe, auth_copy },
  { "path", N_("Path"), TRUE,
    path_fingerprint, NULL, path_describe, path_copy },
  { "method", N_("Method"), TRUE,
    method_text, NULL, method_text, method_copy },
  { "record_path", N_("Record path"), TRUE,
    record_path_fingerprint, NULL, record_path_describe, record_path_copy },
  { "primary_key", N_("Primary key"), TRUE,
    primary_key_fingerprint, NULL, primary_key_describe, primary_key_copy },
  { "paginator", N_("Pagination"), TRUE,
    paginator_fingerprint, NULL, paginator_describe, paginator_copy },
  { "incremental", N_("Incremental sync"), TRUE,
    incremental_fingerprint, NULL, incremental_describe, incremental_copy },
  { "parent", N_("Parent stream"), TRUE,
    parent_fingerprint, NULL, parent_describe, parent_copy },
  { "request_parameters", N_("Request parameters"), TRUE,
    NULL, pairs_differ, pairs_describe, pairs_copy },
  { "request_headers", N_("Request headers"), TRUE,
    NULL, pairs_differ, pairs_describe, pairs_copy },
  { "request_body", N_("Request body"), TRUE,
    request_body_fingerprint, NULL, request_body_describe, request_body_copy },
  { "schema", N_("Record schema"), TRUE,
    schema_fingerprint, NULL, schema_describe, schema_copy },
};

/* KEY's row, if KEY is a stream's key (IN_STREAM) or the manifest's (not IN_STREAM). */
const PbValueField *
pb_builder_values_find_field (const char *key,
                              gboolean    in_stream)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return fields[i].in_stream == in_stream ? &fields[i] : NULL;
  return NULL;
}

const PbValueField *
pb_builder_values_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (fields);
  return fields;
}
