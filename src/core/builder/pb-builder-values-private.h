/* pb-builder-values-private.h: what the files of the suggestion values share: where a value
 * lives, the table of keys (pb-builder-values-keys.c), the tables of the members of value
 * structs and the helpers built on them (pb-builder-values-parts.c); not installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-builder-values.h"

G_BEGIN_DECLS

/* Where a value lives: in the manifest (STREAM NULL) or in one of its streams. */
typedef struct
{
  PbManifest *manifest;
  PbManifestStream *stream;
  const char *key;
} PbValuePlace;

/* One key of the values a suggestion carries, and how to read, show and copy it. */
typedef struct
{
  const char *key;
  const char *title;
  gboolean in_stream;
  /* Equal strings for equal values, NULL for an unset one (no news). */
  char *(*fingerprint) (const PbValuePlace *at);
  /* Instead of comparing fingerprints (request pairs: whether FROM has one TO lacks). */
  gboolean (*differ) (const PbValuePlace *from, const PbValuePlace *to);
  /* One short line a user reads; "None" for an unset value. */
  char *(*describe) (const PbValuePlace *at);
  /* Sets TO's value to FROM's. */
  void (*copy) (const PbValuePlace *to, const PbValuePlace *from);
} PbValueField;

/* --- the members of a value struct (PbManifestPaginator…), for fingerprints and copies ---- */

typedef enum {
  PB_VALUE_PART_END,
  PB_VALUE_PART_TEXT,      /* char *, copied */
  PB_VALUE_PART_NUMBER,    /* int, gboolean or an enum */
  PB_VALUE_PART_LIST,      /* GStrv, copied */
} PbValuePartKind;

typedef struct
{
  PbValuePartKind kind;
  gsize offset;
} PbValuePart;

/* The members of PbManifestPaginator, PbManifestIncremental, PbManifestParent and
 * PbManifestAuth, each table ending with PB_VALUE_PART_END. */
extern const PbValuePart pb_value_paginator_parts[];
extern const PbValuePart pb_value_incremental_parts[];
extern const PbValuePart pb_value_parent_parts[];
extern const PbValuePart pb_value_auth_parts[];

/* Appends PART (NULL marked as such) or the items of STRV to a fingerprint. */
void        pb_value_add_part            (GString            *out,
                                                   const char         *part);
void        pb_value_add_strv            (GString            *out,
                                                   const char * const *strv);
/* VALUE's members as listed in PARTS, as one string: equal strings for equal values. */
char       *pb_value_parts_fingerprint   (gconstpointer       value,
                                                   const PbValuePart  *parts);
/* TO (already cleared) becomes a deep copy of FROM, both SIZE bytes. */
void        pb_value_parts_copy          (gpointer            to,
                                                   gconstpointer       from,
                                                   gsize               size,
                                                   const PbValuePart  *parts);
char       *pb_value_strv_fingerprint    (const char * const *strv);
/* A copy of TEXT, or NULL (_or_null) or "None" (_or_none) for an empty or unset one. */
char       *pb_value_text_or_null        (const char         *text);
char       *pb_value_text_or_none        (const char         *text);
/* Where a value is sent, in a user's words ("header", "query"…). */
const char *pb_value_inject_where        (PbInjectInto        where);

/* The keys, the manifest's first, then a stream's in the order a user reads a stream; their
 * number in N_FIELDS. */
const PbValueField *pb_builder_values_fields      (guint              *n_fields);
/* KEY's row, if KEY is a stream's key (IN_STREAM) or the manifest's (not IN_STREAM). */
const PbValueField *pb_builder_values_find_field  (const char         *key,
                                                   gboolean            in_stream);

G_END_DECLS
