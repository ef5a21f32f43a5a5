/* pb-builder-values-parts.c: the members of the value structs a suggestion carries
 * (PbManifestPaginator…) as tables, the fingerprints and deep copies they drive, and small
 * text helpers the keys share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-builder-values-private.h"

G_STATIC_ASSERT (sizeof (PbPaginationKind) == sizeof (int));
G_STATIC_ASSERT (sizeof (PbInjectInto) == sizeof (int));
G_STATIC_ASSERT (sizeof (PbAuthKind) == sizeof (int));
G_STATIC_ASSERT (sizeof (gboolean) == sizeof (int));

#define TEXT(type, member)   { PB_VALUE_PART_TEXT, G_STRUCT_OFFSET (type, member) }
#define NUMBER(type, member) { PB_VALUE_PART_NUMBER, G_STRUCT_OFFSET (type, member) }
#define LIST(type, member)   { PB_VALUE_PART_LIST, G_STRUCT_OFFSET (type, member) }

/* Every member: a copy duplicates each TEXT and LIST one, so none may be left out. */
const PbValuePart pb_value_paginator_parts[] = {
  NUMBER (PbManifestPaginator, kind),
  TEXT (PbManifestPaginator, cursor_value),
  TEXT (PbManifestPaginator, stop_condition),
  NUMBER (PbManifestPaginator, token_inject_into),
  TEXT (PbManifestPaginator, token_field),
  NUMBER (PbManifestPaginator, page_size),
  NUMBER (PbManifestPaginator, page_size_inject_into),
  TEXT (PbManifestPaginator, page_size_field),
  NUMBER (PbManifestPaginator, start_from_page),
  { PB_VALUE_PART_END, 0 }
};

const PbValuePart pb_value_incremental_parts[] = {
  TEXT (PbManifestIncremental, cursor_field),
  TEXT (PbManifestIncremental, datetime_format),
  LIST (PbManifestIncremental, cursor_datetime_formats),
  TEXT (PbManifestIncremental, start_datetime),
  NUMBER (PbManifestIncremental, start_time_inject_into),
  TEXT (PbManifestIncremental, start_time_field),
  NUMBER (PbManifestIncremental, end_time_inject_into),
  TEXT (PbManifestIncremental, end_time_field),
  { PB_VALUE_PART_END, 0 }
};

const PbValuePart pb_value_parent_parts[] = {
  TEXT (PbManifestParent, parent_stream),
  TEXT (PbManifestParent, parent_key),
  TEXT (PbManifestParent, partition_field),
  { PB_VALUE_PART_END, 0 }
};

const PbValuePart pb_value_auth_parts[] = {
  NUMBER (PbManifestAuth, kind),
  NUMBER (PbManifestAuth, in_query),
  TEXT (PbManifestAuth, field_name),
  TEXT (PbManifestAuth, value_prefix),
  TEXT (PbManifestAuth, token_url),
  TEXT (PbManifestAuth, authorization_url),
  TEXT (PbManifestAuth, grant_type),
  LIST (PbManifestAuth, scopes),
  { PB_VALUE_PART_END, 0 }
};

#undef TEXT
#undef NUMBER
#undef LIST

void
pb_value_add_part (GString    *out,
                   const char *part)
{
  /* A unit separator between parts, and a mark for NULL, so "a","" and "a",NULL differ. */
  g_string_append (out, part != NULL ? part : "\x1e");
  g_string_append_c (out, '\x1f');
}

void
pb_value_add_strv (GString            *out,
                   const char * const *strv)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    pb_value_add_part (out, strv[i]);
  g_string_append_c (out, '\x1d');
}

char *
pb_value_parts_fingerprint (gconstpointer      value,
                            const PbValuePart *parts)
{
  GString *out = g_string_new (NULL);

  for (const PbValuePart *p = parts; p->kind != PB_VALUE_PART_END; p++)
    switch (p->kind)
      {
      case PB_VALUE_PART_TEXT:
        pb_value_add_part (out, G_STRUCT_MEMBER (const char *, value, p->offset));
        break;
      case PB_VALUE_PART_NUMBER:
        g_string_append_printf (out, "%d\x1f", G_STRUCT_MEMBER (int, value, p->offset));
        break;
      case PB_VALUE_PART_LIST:
        pb_value_add_strv (out, G_STRUCT_MEMBER (const char * const *, value, p->offset));
        break;
      case PB_VALUE_PART_END:
      default:
        g_assert_not_reached ();
      }
  return g_string_free (out, FALSE);
}

void
pb_value_parts_copy (gpointer           to,
                     gconstpointer      from,
                     gsize              size,
                     const PbValuePart *parts)
{
  memcpy (to, from, size);
  for (const PbValuePart *p = parts; p->kind != PB_VALUE_PART_END; p++)
    if (p->kind == PB_VALUE_PART_TEXT)
      G_STRUCT_MEMBER (char *, to, p->offset) = g_strdup (G_STRUCT_MEMBER (char *, to, p->offset));
    else if (p->kind == PB_VALUE_PART_LIST)
      G_STRUCT_MEMBER (GStrv, to, p->offset) = g_strdupv (G_STRUCT_MEMBER (GStrv, to, p->offset));
}

/* --- shared by several keys ---------------------------------------------------------------- */

char *
pb_value_text_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

char *
pb_value_text_or_none (const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : _("None"));
}

char *
pb_value_strv_fingerprint (const char * const *strv)
{
  GString *out = g_string_new (NULL);

  pb_value_add_strv (out, strv);
  return g_string_free (out, FALSE);
}

const char *
pb_value_inject_where (PbInjectInto where)
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
