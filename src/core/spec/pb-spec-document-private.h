/* pb-spec-document-private.h: PbSpecDocument's fields, shared by the files that implement it
 * (the object and loading, refs, schema composition); not installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-spec-arena.h"
#include "pb-spec-document.h"
#include "pb-spec-parse.h"

G_BEGIN_DECLS

#define PB_SPEC_MAX_FILE_SIZE (512 * 1024 * 1024)
#define PB_SPEC_PLAIN_SLOTS 1024

typedef struct
{
  char   *location;   /* "schemas/pet.json" (relative to the document) or an absolute URI */
  cJSON  *root;       /* NULL if it could not be loaded */
  GError *error;
} External;

typedef struct
{
  const cJSON *node;
  char        *location;  /* for evidence: "#/…" or "schemas/pet.json#/…" */
} Target;

struct _PbSpecDocument
{
  GObject parent_instance;

  char          *uri;
  char          *name;       /* for messages: the file name */
  char          *base_dir;   /* local documents: real path of the folder refs may read */
  char          *base_uri;   /* the document's URI up to its last "/" */
  char          *version;
  cJSON         *root;
  PbSpecArena   *arena;      /* holds root and the other files' trees (NULL: malloc'd) */
  PbSpecFormat   format;
  gboolean       swagger2;

  GHashTable    *externals;  /* absolute URI → External */
  GHashTable    *targets;    /* ref string → Target */
  GHashTable    *indexes;    /* big object met by a pointer → its keys (name → child) */
  GError        *ref_error;
  /* Nodes met lately that have no "$ref" (a node never changes once read): the analyzer
   * resolves the same nodes again and again, and big ones cost a walk of their keys. */
  const cJSON   *plain[PB_SPEC_PLAIN_SLOTS];

  PbSpecRefLoader loader;
  gpointer        loader_data;
  GDestroyNotify  loader_destroy;
};

/* pb-spec-document.c: maps (or reads) PATH; NULL with a user-facing error. */
GBytes *pb_spec_document_load_file (const char *path, GError **error);

/* pb-spec-refs.c: the values of the externals and targets tables. */
void    pb_spec_external_free (External *ext);
void    pb_spec_target_free   (Target *target);

G_END_DECLS
