/* pb-builder-values.c: the values an AI Assist suggestion carries, key by key: compare, show,
 * copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-builder-values.h"

/* Where a value lives: in the manifest (STREAM NULL) or in one of its streams. */
typedef struct
{
  PbManifest *manifest;
  PbManifestStream *stream;
  const char *key;
} Place;

/* One key of the values a suggestion carries, and how to read, show and copy it. */
typedef struct
{
  const char *key;
  const char *title;
  gboolean in_stream;
  /* Equal strings for equal values, NULL for an unset one (no news). */
  char *(*fingerprint) (const Place *at);
  /* Instead of comparing fingerprints (request pairs: whether FROM has one TO lacks). */
  gboolean (*differ) (const Place *from, const Place *to);
  /* One short line a user reads; "None" for an unset value. */
  char *(*describe) (const Place *at);
  /* Sets TO's value to FROM's. */
  void (*copy) (const Place *to, const Place *from);
} Field;

/* --- the members of a value struct (PbManifestPaginator…), for fingerprints and copies ---- */

typedef enum {
  PART_END,
  PART_TEXT,      /* char *, copied */
  PART_NUMBER,    /* int, gboolean or an enum */
  PART_LIST,      /* GStrv, copied */
} PartKind;

typedef struct
{
  PartKind kind;
  gsize offset;
} Part;

G_STATIC_ASSERT (sizeof (PbPaginationKind) == sizeof (int));
G_STATIC_ASSERT (sizeof (PbInjectInto) == sizeof (int));
G_STATIC_ASSERT (sizeof (PbAuthKind) == sizeof (int));
G_STATIC_ASSERT (sizeof (gboolean) == sizeof (int));

#define TEXT(type, member)   { PART_TEXT, G_STRUCT_OFFSET (type, member) }
#define NUMBER(type, member) { PART_NUMBER, G_STRUCT_OFFSET (type, member) }
#define LIST(type, member)   { PART_LIST, G_STRUCT_OFFSET (type, member) }

/* Every member: a copy duplicates each TEXT and LIST one, so none may be left out. */
static const Part paginator_parts[] = {
  NUMBER (PbManifestPaginator, kind),
  TEXT (PbManifestPaginator, cursor_value),
  TEXT (PbManifestPaginator, stop_condition),
  NUMBER (PbManifestPaginator, token_inject_into),
  TEXT (PbManifestPaginator, token_field),
  NUMBER (PbManifestPaginator, page_size),
  NUMBER (PbManifestPaginator, page_size_inject_into),
  TEXT (PbManifestPaginator, page_size_field),
  NUMBER (PbManifestPaginator, start_from_page),
  { PART_END, 0 }
};

static const Part incremental_parts[] = {
  TEXT (PbManifestIncremental, cursor_field),
  TEXT (PbManifestIncremental, datetime_format),
  LIST (PbManifestIncremental, cursor_datetime_formats),
  TEXT (PbManifestIncremental, start_datetime),
  NUMBER (PbManifestIncremental, start_time_inject_into),
  TEXT (PbManifestIncremental, start_time_field),
  NUMBER (PbManifestIncremental, end_time_inject_into),
  TEXT (PbManifestIncremental, end_time_field),
  { PART_END, 0 }
};

static const Part parent_parts[] = {
  TEXT (PbManifestParent, parent_stream),
  TEXT (PbManifestParent, parent_key),
  TEXT (PbManifestParent, partition_field),
  { PART_END, 0 }
};

static const Part auth_parts[] = {
  NUMBER (PbManifestAuth, kind),
  NUMBER (PbManifestAuth, in_query),
  TEXT (PbManifestAuth, field_name),
  TEXT (PbManifestAuth, value_prefix),
  TEXT (PbManifestAuth, token_url),
  TEXT (PbManifestAuth, authorization_url),
  TEXT (PbManifestAuth, grant_type),
  LIST (PbManifestAuth, scopes),
  { PART_END, 0 }
};

#undef TEXT
#undef NUMBER
#undef LIST

static void
add_part (GString    *out,
          const char *part)
{
  /* A unit separator between parts, and a mark for NULL, so "a","" and "a",NULL differ. */
  g_string_append (out, part != NULL ? part : "\x1e");
  g_string_append_c (out, '\x1f');
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
parts_fingerprint (gconstpointer  value,
                   const Part    *parts)
{
  GString *out = g_string_new (NULL);

  for (const Part *p = parts; p->kind != PART_END; p++)
    switch (p->kind)
      {
      case PART_TEXT:
        add_part (out, G_STRUCT_MEMBER (const char *, value, p->offset));
        break;
      case PART_NUMBER:
        g_string_append_printf (out, "%d\x1f", G_STRUCT_MEMBER (int, value, p->offset));
        break;
      case PART_LIST:
        add_strv (out, G_STRUCT_MEMBER (const char * const *, value, p->offset));
        break;
      case PART_END:
      default:
        g_assert_not_reached ();
      }
  return g_string_free (out, FALSE);
}

/* TO (already cleared) becomes a deep copy of FROM, both SIZE bytes. */
static void
parts_copy (gpointer       to,
            gconstpointer  from,
            gsize          size,
            const Part    *parts)
{
  memcpy (to, from, size);
  for (const Part *p = parts; p->kind != PART_END; p++)
    if (p->kind == PART_TEXT)
      G_STRUCT_MEMBER (char *, to, p->offset) = g_strdup (G_STRUCT_MEMBER (char *, to, p->offset));
    else if (p->kind == PART_LIST)
      G_STRUCT_MEMBER (GStrv, to, p->offset) = g_strdupv (G_STRUCT_MEMBER (GStrv, to, p->offset));
}

/* --- shared by several keys ---------------------------------------------------------------- */

static char *
text_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static char *
text_or_none (const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : _("None"));
}

static char *
strv_fingerprint (const char * const *strv)
{
  GString *out = g_string_new (NULL);

  add_strv (out, strv);
  return g_string_free (out, FALSE);
}

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

/* --- url_base, auth ------------------------------------------------------------------------- */

static char *
url_base_fingerprint (const Place *at)
{
  return text_or_null (pb_manifest_get_url_base (at->manifest));
}

static char *
url_base_describe (const Place *at)
{
  return text_or_none (pb_manifest_get_url_base (at->manifest));
}

static void
url_base_copy (const Place *to,
               const Place *from)
{
  pb_manifest_set_url_base (to->manifest, pb_manifest_get_url_base (from->manifest));
}

static char *
auth_fingerprint (const Place *at)
{
  PbManifestAuth *a = pb_manifest_get_auth (at->manifest);

  return a->kind != PB_AUTH_NONE ? parts_fingerprint (a, auth_parts) : NULL;
}

static char *
auth_describe (const Place *at)
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
auth_copy (const Place *to,
           const Place *from)
{
  pb_manifest_clear_auth (to->manifest);
  parts_copy (pb_manifest_get_auth (to->manifest), pb_manifest_get_auth (from->manifest),
              sizeof (PbManifestAuth), auth_parts);
}

/* --- path, method, record_path, primary_key -------------------------------------------------- */

static char *
path_fingerprint (const Place *at)
{
  return text_or_null (pb_manifest_stream_get_path (at->stream));
}

static char *
path_describe (const Place *at)
{
  return text_or_none (pb_manifest_stream_get_path (at->stream));
}

static void
path_copy (const Place *to,
           const Place *from)
{
  pb_manifest_stream_set_path (to->stream, pb_manifest_stream_get_path (from->stream));
}

/* Both the fingerprint and the description. */
static char *
method_text (const Place *at)
{
  const char *method = pb_manifest_stream_get_http_method (at->stream);

  return g_ascii_strup (method != NULL ? method : "GET", -1);
}

static void
method_copy (const Place *to,
             const Place *from)
{
  pb_manifest_stream_set_http_method (to->stream,
                                      pb_manifest_stream_get_http_method (from->stream));
}

static char *
record_path_fingerprint (const Place *at)
{
  /* An empty path is a value: the body is the list. */
  return strv_fingerprint (pb_manifest_stream_get_record_path (at->stream));
}

static char *
record_path_describe (const Place *at)
{
  const char * const *path = pb_manifest_stream_get_record_path (at->stream);

  if (path == NULL || path[0] == NULL)
    return g_strdup (_("The whole response"));
  return g_strjoinv (".", (char **) path);
}

static void
record_path_copy (const Place *to,
                  const Place *from)
{
  pb_manifest_stream_set_record_path (to->stream,
                                      pb_manifest_stream_get_record_path (from->stream));
}

static char *
primary_key_fingerprint (const Place *at)
{
  const char * const *fields = pb_manifest_stream_get_primary_key (at->stream);

  return fields != NULL && fields[0] != NULL ? strv_fingerprint (fields) : NULL;
}

static char *
primary_key_describe (const Place *at)
{
  const char * const *fields = pb_manifest_stream_get_primary_key (at->stream);

  if (fields == NULL || fields[0] == NULL)
    return g_strdup (_("None"));
  return g_strjoinv (", ", (char **) fields);
}

static void
primary_key_copy (const Place *to,
                  const Place *from)
{
  pb_manifest_stream_set_primary_key (to->stream,
                                      pb_manifest_stream_get_primary_key (from->stream));
}

/* --- paginator, incremental, parent ---------------------------------------------------------- */

static char *
paginator_fingerprint (const Place *at)
{
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (at->stream);

  return p->kind != PB_PAGINATION_NONE ? parts_fingerprint (p, paginator_parts) : NULL;
}

static char *
paginator_describe (const Place *at)
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

static void
paginator_copy (const Place *to,
                const Place *from)
{
  pb_manifest_stream_clear_paginator (to->stream);
  parts_copy (pb_manifest_stream_get_paginator (to->stream),
              pb_manifest_stream_get_paginator (from->stream), sizeof (PbManifestPaginator),
              paginator_parts);
}

static char *
incremental_fingerprint (const Place *at)
{
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (at->stream);

  return i->cursor_field != NULL ? parts_fingerprint (i, incremental_parts) : NULL;
}

static char *
incremental_describe (const Place *at)
{
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (at->stream);

  if (i->cursor_field == NULL)
    return g_strdup (_("None"));
  /* Translators: %s is a field of the records ("updated_at") */
  return g_strdup_printf (_("By “%s”"), i->cursor_field);
}

static void
incremental_copy (const Place *to,
                  const Place *from)
{
  pb_manifest_stream_clear_incremental (to->stream);
  parts_copy (pb_manifest_stream_get_incremental (to->stream),
              pb_manifest_stream_get_incremental (from->stream), sizeof (PbManifestIncremental),
              incremental_parts);
}

static char *
parent_fingerprint (const Place *at)
{
  PbManifestParent *p = pb_manifest_stream_get_parent (at->stream);

  return p->parent_stream != NULL ? parts_fingerprint (p, parent_parts) : NULL;
}

static char *
parent_describe (const Place *at)
{
  PbManifestParent *p = pb_manifest_stream_get_parent (at->stream);

  if (p->parent_stream == NULL)
    return g_strdup (_("None"));
  /* Translators: a stream read once per record of the stream %s, by its field %s */
  return g_strdup_printf (_("Each “%s”, by its “%s”"), p->parent_stream,
                          p->parent_key != NULL ? p->parent_key : "id");
}

static void
parent_copy (const Place *to,
             const Place *from)
{
  pb_manifest_stream_clear_parent (to->stream);
  parts_copy (pb_manifest_stream_get_parent (to->stream),
              pb_manifest_stream_get_parent (from->stream), sizeof (PbManifestParent),
              parent_parts);
}

/* --- request_parameters, request_headers: name=value pairs ------------------------------------ */

static gboolean
is_headers (const Place *at)
{
  return g_str_equal (at->key, "request_headers");
}

static const char * const *
pairs_of (const Place *at)
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
pairs_differ (const Place *from,
              const Place *to)
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

static char *
pairs_describe (const Place *at)
{
  const char * const *pairs = pairs_of (at);
  GString *out = g_string_new (NULL);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    g_string_append_printf (out, "%s%s=%s", out->len > 0 ? ", " : "", pairs[i], pairs[i + 1]);
  if (out->len == 0)
    g_string_append (out, _("None"));
  return g_string_free (out, FALSE);
}

static void
pairs_copy (const Place *to,
            const Place *from)
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
request_body_fingerprint (const Place *at)
{
  GString *out;

  if (!pb_manifest_stream_has_request_body (at->stream))
    return NULL;
  out = g_string_new (NULL);
  add_part (out, pb_manifest_stream_get_request_body_format (at->stream) == PB_BODY_JSON
                 ? "json" : "data");
  add_part (out, pb_manifest_stream_get_request_body_text (at->stream));
  add_strv (out, pb_manifest_stream_get_request_body (at->stream));
  return g_string_free (out, FALSE);
}

static char *
request_body_describe (const Place *at)
{
  const char *text = pb_manifest_stream_get_request_body_text (at->stream);
  const char * const *pairs = pb_manifest_stream_get_request_body (at->stream);
  GString *out;

  if (text != NULL)
    return g_strdup (text);
  out = g_string_new (NULL);
  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    g_string_append_printf (out, "%s%s=%s", out->len > 0 ? ", " : "", pairs[i], pairs[i + 1]);
  if (out->len == 0)
    g_string_append (out, _("None"));
  return g_string_free (out, FALSE);
}

static void
request_body_copy (const Place *to,
                   const Place *from)
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
schema_fingerprint (const Place *at)
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
schema_describe (const Place *at)
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
schema_copy (const Place *to,
             const Place *from)
{
  const cJSON *schema = pb_manifest_stream_get_schema (from->stream);

  pb_manifest_stream_take_schema (to->stream,
                                  schema != NULL ? cJSON_Duplicate (schema, TRUE) : NULL);
}

/* --- the keys -------------------------------------------------------------------------------- */

/* The manifest's keys, then the stream's in the order a user reads a stream. A new key is one
 * row here. */
static const Field fields[] = {
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
static const Field *
find_field (const char *key,
            gboolean    in_stream)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return fields[i].in_stream == in_stream ? &fields[i] : NULL;
  return NULL;
}

const char * const *
pb_builder_values_stream_keys (void)
{
  static const char *keys[G_N_ELEMENTS (fields) + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (fields[i].in_stream)
          keys[n++] = fields[i].key;
      keys[n] = NULL;
      g_once_init_leave (&done, 1);
    }
  return keys;
}

const char *
pb_builder_values_title (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return _(fields[i].title);
  return key;
}

gboolean
pb_builder_values_differ (PbManifest       *from,
                          PbManifestStream *from_stream,
                          PbManifest       *to,
                          PbManifestStream *to_stream,
                          const char       *key)
{
  const Field *field = find_field (key, from_stream != NULL);
  Place theirs = { from, from_stream, key };
  Place ours = { to, to_stream, key };
  g_autofree char *their_print = NULL;
  g_autofree char *our_print = NULL;

  if (field == NULL)
    return FALSE;
  if (field->differ != NULL)
    return field->differ (&theirs, &ours);
  their_print = field->fingerprint (&theirs);
  if (their_print == NULL)
    return FALSE;
  /* A value of the other level (a stream's key in the manifest) is unset. */
  if ((to_stream != NULL) == field->in_stream)
    our_print = field->fingerprint (&ours);
  return g_strcmp0 (their_print, our_print) != 0;
}

char *
pb_builder_values_describe (PbManifest       *manifest,
                            PbManifestStream *stream,
                            const char       *key)
{
  const Field *field = find_field (key, stream != NULL);
  Place at = { manifest, stream, key };

  return field != NULL ? field->describe (&at) : g_strdup ("");
}

static void
copy_value (PbManifest       *to,
            PbManifestStream *to_stream,
            PbManifest       *from,
            PbManifestStream *from_stream,
            const char       *key)
{
  const Field *field = find_field (key, from_stream != NULL);
  Place theirs = { from, from_stream, key };
  Place ours = { to, to_stream, key };

  if (field != NULL)
    field->copy (&ours, &theirs);
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

  copy_value (to, to_stream, from, from_stream, key);
  if (from_stream != NULL)
    pb_manifest_stream_set_evidence (to_stream, key,
                                     pb_manifest_stream_get_evidence (from_stream, key));
  else
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
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].in_stream)
      copy_value (NULL, copy, NULL, stream, fields[i].key);
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
