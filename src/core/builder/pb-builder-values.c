/* pb-builder-values.c: the values an AI Assist suggestion carries, key by key: compare, show,
 * copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-builder-values.h"

static const char * const stream_keys[] = {
  "path", "method", "record_path", "primary_key", "paginator", "incremental", "parent",
  "request_parameters", "request_headers", "request_body", "schema", NULL
};

const char * const *
pb_builder_values_stream_keys (void)
{
  return stream_keys;
}

const char *
pb_builder_values_title (const char *key)
{
  static const struct { const char *key, *title; } titles[] = {
    { "url_base", N_("Base URL") },
    { "auth", N_("Authentication") },
    { "path", N_("Path") },
    { "method", N_("Method") },
    { "record_path", N_("Record path") },
    { "primary_key", N_("Primary key") },
    { "paginator", N_("Pagination") },
    { "incremental", N_("Incremental sync") },
    { "parent", N_("Parent stream") },
    { "request_parameters", N_("Request parameters") },
    { "request_headers", N_("Request headers") },
    { "request_body", N_("Request body") },
    { "schema", N_("Record schema") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].key, key) == 0)
      return _(titles[i].title);
  return key;
}

/* --- fingerprints: equal strings for equal values, NULL for unset ones ------------------- */

static void
add_part (GString    *out,
          const char *part)
{
  /* A unit separator between parts, and a mark for NULL, so "a","" and "a",NULL differ. */
  g_string_append (out, part != NULL ? part : "\x1e");
  g_string_append_c (out, '\x1f');
}

static void
add_number (GString *out,
            int      number)
{
  g_string_append_printf (out, "%d\x1f", number);
}

static void
add_strv (GString            *out,
          const char * const *strv)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    add_part (out, strv[i]);
  g_string_append_c (out, '\x1d');
}

static char *
paginator_fingerprint (PbManifestPaginator *p)
{
  GString *out;

  if (p->kind == PB_PAGINATION_NONE)
    return NULL;
  out = g_string_new (NULL);
  add_number (out, p->kind);
  add_part (out, p->cursor_value);
  add_part (out, p->stop_condition);
  add_number (out, p->token_inject_into);
  add_part (out, p->token_field);
  add_number (out, p->page_size);
  add_number (out, p->page_size_inject_into);
  add_part (out, p->page_size_field);
  add_number (out, p->start_from_page);
  return g_string_free (out, FALSE);
}

static char *
incremental_fingerprint (PbManifestIncremental *i)
{
  GString *out;

  if (i->cursor_field == NULL)
    return NULL;
  out = g_string_new (NULL);
  add_part (out, i->cursor_field);
  add_part (out, i->datetime_format);
  add_strv (out, (const char * const *) i->cursor_datetime_formats);
  add_part (out, i->start_datetime);
  add_number (out, i->start_time_inject_into);
  add_part (out, i->start_time_field);
  add_number (out, i->end_time_inject_into);
  add_part (out, i->end_time_field);
  return g_string_free (out, FALSE);
}

static char *
auth_fingerprint (PbManifestAuth *a)
{
  GString *out;

  if (a->kind == PB_AUTH_NONE)
    return NULL;
  out = g_string_new (NULL);
  add_number (out, a->kind);
  add_number (out, a->in_query);
  add_part (out, a->field_name);
  add_part (out, a->value_prefix);
  add_part (out, a->token_url);
  add_part (out, a->authorization_url);
  add_part (out, a->grant_type);
  add_strv (out, (const char * const *) a->scopes);
  return g_string_free (out, FALSE);
}

static char *
fingerprint (PbManifest       *manifest,
             PbManifestStream *stream,
             const char       *key)
{
  if (stream == NULL)
    {
      const char *url = pb_manifest_get_url_base (manifest);

      if (g_str_equal (key, "url_base"))
        return url != NULL && *url != '\0' ? g_strdup (url) : NULL;
      if (g_str_equal (key, "auth"))
        return auth_fingerprint (pb_manifest_get_auth (manifest));
      return NULL;
    }
  if (g_str_equal (key, "path"))
    {
      const char *path = pb_manifest_stream_get_path (stream);
      return path != NULL && *path != '\0' ? g_strdup (path) : NULL;
    }
  if (g_str_equal (key, "method"))
    {
      const char *method = pb_manifest_stream_get_http_method (stream);
      return g_ascii_strup (method != NULL ? method : "GET", -1);
    }
  if (g_str_equal (key, "record_path"))
    {
      /* An empty path is a value: the body is the list. */
      GString *out = g_string_new (NULL);
      add_strv (out, pb_manifest_stream_get_record_path (stream));
      return g_string_free (out, FALSE);
    }
  if (g_str_equal (key, "primary_key"))
    {
      const char * const *fields = pb_manifest_stream_get_primary_key (stream);
      GString *out;

      if (fields == NULL || fields[0] == NULL)
        return NULL;
      out = g_string_new (NULL);
      add_strv (out, fields);
      return g_string_free (out, FALSE);
    }
  if (g_str_equal (key, "paginator"))
    return paginator_fingerprint (pb_manifest_stream_get_paginator (stream));
  if (g_str_equal (key, "incremental"))
    return incremental_fingerprint (pb_manifest_stream_get_incremental (stream));
  if (g_str_equal (key, "parent"))
    {
      PbManifestParent *p = pb_manifest_stream_get_parent (stream);
      GString *out;

      if (p->parent_stream == NULL)
        return NULL;
      out = g_string_new (NULL);
      add_part (out, p->parent_stream);
      add_part (out, p->parent_key);
      add_part (out, p->partition_field);
      return g_string_free (out, FALSE);
    }
  if (g_str_equal (key, "request_body"))
    {
      GString *out;

      if (!pb_manifest_stream_has_request_body (stream))
        return NULL;
      out = g_string_new (NULL);
      add_part (out, pb_manifest_stream_get_request_body_format (stream) == PB_BODY_JSON
                     ? "json" : "data");
      add_part (out, pb_manifest_stream_get_request_body_text (stream));
      add_strv (out, pb_manifest_stream_get_request_body (stream));
      return g_string_free (out, FALSE);
    }
  if (g_str_equal (key, "schema"))
    {
      const cJSON *schema = pb_manifest_stream_get_schema (stream);
      char *text;
      char *copy;

      if (schema == NULL)
        return NULL;
      text = cJSON_PrintUnformatted (schema);
      copy = g_strdup (text);
      cJSON_free (text);
      return copy;
    }
  return NULL;
}

static const char * const *
pairs_of (PbManifestStream *stream,
          const char       *key)
{
  return g_str_equal (key, "request_headers") ? pb_manifest_stream_get_request_headers (stream)
                                               : pb_manifest_stream_get_request_parameters (stream);
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

gboolean
pb_builder_values_differ (PbManifest       *from,
                          PbManifestStream *from_stream,
                          PbManifest       *to,
                          PbManifestStream *to_stream,
                          const char       *key)
{
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;

  if (from_stream != NULL
      && (g_str_equal (key, "request_parameters") || g_str_equal (key, "request_headers")))
    {
      const char * const *news = pairs_of (from_stream, key);
      const char * const *olds = pairs_of (to_stream, key);

      for (guint i = 0; news != NULL && news[i] != NULL && news[i + 1] != NULL; i += 2)
        {
          gboolean found;
          const char *value = pair_lookup (olds, news[i], &found);

          if (!found || g_strcmp0 (value, news[i + 1]) != 0)
            return TRUE;
        }
      return FALSE;
    }

  theirs = fingerprint (from, from_stream, key);
  if (theirs == NULL)
    return FALSE;
  ours = fingerprint (to, to_stream, key);
  return g_strcmp0 (theirs, ours) != 0;
}

/* --- descriptions -------------------------------------------------------------------------- */

static const char *
inject_where (PbInjectInto where)
{
  switch (where)
    {
    case PB_INJECT_HEADER:
      return _("header");
    case PB_INJECT_BODY_JSON:
      return _("JSON body");
    case PB_INJECT_PATH:
      return _("URL");
    case PB_INJECT_REQUEST_PARAMETER:
    default:
      return _("query");
    }
}

static char *
describe_paginator (PbManifestPaginator *p)
{
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
                              inject_where (p->token_inject_into), size != NULL ? size : "");
    case PB_PAGINATION_OFFSET:
      /* Translators: %s is a request field, then where it goes (query, header…), then
       * ", 100 per page" or nothing */
      return g_strdup_printf (_("Offset in “%s” (%s)%s"), field,
                              inject_where (p->token_inject_into), size != NULL ? size : "");
    case PB_PAGINATION_PAGE:
      /* Translators: %s is a request field, then where it goes (query, header…), then
       * ", 100 per page" or nothing */
      return g_strdup_printf (_("Page number in “%s” (%s)%s"), field,
                              inject_where (p->token_inject_into), size != NULL ? size : "");
    case PB_PAGINATION_NONE:
    default:
      return g_strdup (_("None"));
    }
}

static char *
describe_auth (PbManifestAuth *a)
{
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

static char *
describe_pairs (const char * const *pairs)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    g_string_append_printf (out, "%s%s=%s", out->len > 0 ? ", " : "", pairs[i], pairs[i + 1]);
  if (out->len == 0)
    g_string_append (out, _("None"));
  return g_string_free (out, FALSE);
}

static char *
describe_stream (PbManifestStream *stream,
                 const char       *key)
{
  if (g_str_equal (key, "path"))
    {
      const char *path = pb_manifest_stream_get_path (stream);
      return g_strdup (path != NULL && *path != '\0' ? path : _("None"));
    }
  if (g_str_equal (key, "method"))
    {
      const char *method = pb_manifest_stream_get_http_method (stream);
      return g_ascii_strup (method != NULL ? method : "GET", -1);
    }
  if (g_str_equal (key, "record_path"))
    {
      const char * const *path = pb_manifest_stream_get_record_path (stream);

      if (path == NULL || path[0] == NULL)
        return g_strdup (_("The whole response"));
      return g_strjoinv (".", (char **) path);
    }
  if (g_str_equal (key, "primary_key"))
    {
      const char * const *fields = pb_manifest_stream_get_primary_key (stream);

      if (fields == NULL || fields[0] == NULL)
        return g_strdup (_("None"));
      return g_strjoinv (", ", (char **) fields);
    }
  if (g_str_equal (key, "paginator"))
    return describe_paginator (pb_manifest_stream_get_paginator (stream));
  if (g_str_equal (key, "incremental"))
    {
      PbManifestIncremental *i = pb_manifest_stream_get_incremental (stream);

      if (i->cursor_field == NULL)
        return g_strdup (_("None"));
      /* Translators: %s is a field of the records ("updated_at") */
      return g_strdup_printf (_("By “%s”"), i->cursor_field);
    }
  if (g_str_equal (key, "parent"))
    {
      PbManifestParent *p = pb_manifest_stream_get_parent (stream);

      if (p->parent_stream == NULL)
        return g_strdup (_("None"));
      /* Translators: a stream read once per record of the stream %s, by its field %s */
      return g_strdup_printf (_("Each “%s”, by its “%s”"), p->parent_stream,
                              p->parent_key != NULL ? p->parent_key : "id");
    }
  if (g_str_equal (key, "request_parameters") || g_str_equal (key, "request_headers"))
    return describe_pairs (pairs_of (stream, key));
  if (g_str_equal (key, "request_body"))
    {
      const char *text = pb_manifest_stream_get_request_body_text (stream);

      return text != NULL ? g_strdup (text)
                          : describe_pairs (pb_manifest_stream_get_request_body (stream));
    }
  if (g_str_equal (key, "schema"))
    {
      const cJSON *schema = pb_manifest_stream_get_schema (stream);
      const cJSON *props = schema != NULL ? cJSON_GetObjectItemCaseSensitive (schema,
                                                                             "properties")
                                          : NULL;
      int n = cJSON_IsObject (props) ? cJSON_GetArraySize (props) : 0;

      if (schema == NULL)
        return g_strdup (_("Any record"));
      /* Translators: %d is a number of fields of a record */
      return g_strdup_printf (ngettext ("%d field", "%d fields", n), n);
    }
  return g_strdup ("");
}

char *
pb_builder_values_describe (PbManifest       *manifest,
                            PbManifestStream *stream,
                            const char       *key)
{
  if (stream != NULL)
    return describe_stream (stream, key);
  if (g_str_equal (key, "url_base"))
    {
      const char *url = pb_manifest_get_url_base (manifest);
      return g_strdup (url != NULL && *url != '\0' ? url : _("None"));
    }
  if (g_str_equal (key, "auth"))
    return describe_auth (pb_manifest_get_auth (manifest));
  return g_strdup ("");
}

/* --- copies -------------------------------------------------------------------------------- */

static void
copy_paginator (PbManifestStream *to,
                PbManifestStream *from)
{
  PbManifestPaginator *a = pb_manifest_stream_get_paginator (to);
  PbManifestPaginator *b = pb_manifest_stream_get_paginator (from);

  pb_manifest_stream_clear_paginator (to);
  *a = *b;
  a->cursor_value = g_strdup (b->cursor_value);
  a->stop_condition = g_strdup (b->stop_condition);
  a->token_field = g_strdup (b->token_field);
  a->page_size_field = g_strdup (b->page_size_field);
}

static void
copy_incremental (PbManifestStream *to,
                  PbManifestStream *from)
{
  PbManifestIncremental *a = pb_manifest_stream_get_incremental (to);
  PbManifestIncremental *b = pb_manifest_stream_get_incremental (from);

  pb_manifest_stream_clear_incremental (to);
  *a = *b;
  a->cursor_field = g_strdup (b->cursor_field);
  a->datetime_format = g_strdup (b->datetime_format);
  a->cursor_datetime_formats = g_strdupv (b->cursor_datetime_formats);
  a->start_datetime = g_strdup (b->start_datetime);
  a->start_time_field = g_strdup (b->start_time_field);
  a->end_time_field = g_strdup (b->end_time_field);
}

static void
copy_parent (PbManifestStream *to,
             PbManifestStream *from)
{
  PbManifestParent *a = pb_manifest_stream_get_parent (to);
  PbManifestParent *b = pb_manifest_stream_get_parent (from);

  pb_manifest_stream_clear_parent (to);
  a->parent_stream = g_strdup (b->parent_stream);
  a->parent_key = g_strdup (b->parent_key);
  a->partition_field = g_strdup (b->partition_field);
}

static void
copy_auth (PbManifest *to,
           PbManifest *from)
{
  PbManifestAuth *a = pb_manifest_get_auth (to);
  PbManifestAuth *b = pb_manifest_get_auth (from);

  pb_manifest_clear_auth (to);
  *a = *b;
  a->field_name = g_strdup (b->field_name);
  a->value_prefix = g_strdup (b->value_prefix);
  a->token_url = g_strdup (b->token_url);
  a->authorization_url = g_strdup (b->authorization_url);
  a->grant_type = g_strdup (b->grant_type);
  a->scopes = g_strdupv (b->scopes);
}

static void
copy_stream_value (PbManifestStream *to,
                   PbManifestStream *from,
                   const char       *key)
{
  if (g_str_equal (key, "path"))
    pb_manifest_stream_set_path (to, pb_manifest_stream_get_path (from));
  else if (g_str_equal (key, "method"))
    pb_manifest_stream_set_http_method (to, pb_manifest_stream_get_http_method (from));
  else if (g_str_equal (key, "record_path"))
    pb_manifest_stream_set_record_path (to, pb_manifest_stream_get_record_path (from));
  else if (g_str_equal (key, "primary_key"))
    pb_manifest_stream_set_primary_key (to, pb_manifest_stream_get_primary_key (from));
  else if (g_str_equal (key, "paginator"))
    copy_paginator (to, from);
  else if (g_str_equal (key, "incremental"))
    copy_incremental (to, from);
  else if (g_str_equal (key, "parent"))
    copy_parent (to, from);
  else if (g_str_equal (key, "request_parameters") || g_str_equal (key, "request_headers"))
    {
      const char * const *pairs = pairs_of (from, key);
      gboolean headers = g_str_equal (key, "request_headers");

      for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
        {
          if (headers)
            pb_manifest_stream_set_request_header (to, pairs[i], pairs[i + 1]);
          else
            pb_manifest_stream_set_request_parameter (to, pairs[i], pairs[i + 1]);
        }
    }
  else if (g_str_equal (key, "request_body"))
    {
      PbBodyFormat format = pb_manifest_stream_get_request_body_format (from);
      const char *text = pb_manifest_stream_get_request_body_text (from);

      if (text != NULL)
        pb_manifest_stream_set_request_body_text (to, format, text);
      else
        pb_manifest_stream_set_request_body (to, format,
                                             pb_manifest_stream_get_request_body (from));
    }
  else if (g_str_equal (key, "schema"))
    {
      const cJSON *schema = pb_manifest_stream_get_schema (from);

      pb_manifest_stream_take_schema (to, schema != NULL ? cJSON_Duplicate (schema, TRUE)
                                                         : NULL);
    }
}

void
pb_builder_values_copy (PbManifest       *to,
                        PbManifestStream *to_stream,
                        PbManifest       *from,
                        PbManifestStream *from_stream,
                        const char       *key)
{
  g_return_if_fail (PB_IS_MANIFEST (to) && PB_IS_MANIFEST (from) && key != NULL);
  g_return_if_fail ((to_stream == NULL) == (from_stream == NULL));

  if (from_stream != NULL)
    {
      copy_stream_value (to_stream, from_stream, key);
      pb_manifest_stream_set_evidence (to_stream, key,
                                       pb_manifest_stream_get_evidence (from_stream, key));
      return;
    }
  if (g_str_equal (key, "url_base"))
    pb_manifest_set_url_base (to, pb_manifest_get_url_base (from));
  else if (g_str_equal (key, "auth"))
    copy_auth (to, from);
  pb_manifest_set_evidence (to, key, pb_manifest_get_evidence (from, key));
}

PbManifestStream *
pb_builder_values_copy_stream (PbManifestStream *stream)
{
  PbManifestStream *copy;
  const char * const *added;

  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (stream), NULL);

  copy = pb_manifest_stream_new (pb_manifest_stream_get_name (stream),
                                 pb_manifest_stream_get_path (stream));
  for (guint i = 0; stream_keys[i] != NULL; i++)
    copy_stream_value (copy, stream, stream_keys[i]);
  added = pb_manifest_stream_get_added_fields (stream);
  for (guint i = 0; added != NULL && added[i] != NULL && added[i + 1] != NULL; i += 2)
    pb_manifest_stream_set_added_field (copy, added[i], added[i + 1]);
  pb_manifest_stream_set_suggested (copy, pb_manifest_stream_get_suggested (stream));
  {
    g_autofree const char **keys = pb_manifest_stream_list_evidence_keys (stream);

    for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
      pb_manifest_stream_set_evidence (copy, keys[i],
                                       pb_manifest_stream_get_evidence (stream, keys[i]));
  }
  return copy;
}

void
pb_builder_values_add_missing_fields (PbManifest *to,
                                      PbManifest *from)
{
  guint n;

  g_return_if_fail (PB_IS_MANIFEST (to) && PB_IS_MANIFEST (from));

  n = pb_manifest_get_n_fields (from);
  for (guint i = 0; i < n; i++)
    {
      PbManifestField *theirs = pb_manifest_get_field (from, i);
      PbManifestField *ours;
      g_autofree char *key = NULL;

      if (pb_manifest_find_field (to, theirs->name) != NULL)
        continue;
      ours = pb_manifest_add_field (to, theirs->name, theirs->type);
      ours->format = g_strdup (theirs->format);
      ours->title = g_strdup (theirs->title);
      ours->description = g_strdup (theirs->description);
      ours->default_value = g_strdup (theirs->default_value);
      ours->secret = theirs->secret;
      ours->required = theirs->required;
      key = g_strconcat ("field:", theirs->name, NULL);
      pb_manifest_set_evidence (to, key, pb_manifest_get_evidence (from, key));
    }
}
