/* pb-spec-document.h: an OpenAPI / Swagger document read into one compact tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

#define PB_TYPE_SPEC_DOCUMENT (pb_spec_document_get_type ())

G_DECLARE_FINAL_TYPE (PbSpecDocument, pb_spec_document, PB, SPEC_DOCUMENT, GObject)

/* JSON (cJSON) or YAML (libyaml, built straight into the same cJSON tree); one tree per
 * document, never a dereferenced copy. `$ref`s are resolved lazily, on demand, with cycle
 * detection; refs into other files (relative to the document's URI) load those files once.
 * Parse errors are PB_ERROR_PARSE with "line L, column C" in the message; documents that are
 * not OpenAPI 3.x / Swagger 2.0 are PB_ERROR_UNSUPPORTED_FORMAT. The format comes from the
 * content ("{" or "[" first → JSON, else YAML), not the file name. Not thread-safe: one
 * thread at a time per document.
 *
 * The tree is read-only and lives as long as the document, in an arena (pb-spec-arena.h:
 * the first document installs cJSON hooks process-wide; cJSON used elsewhere is unaffected).
 * Never cJSON_Delete or edit its nodes; cJSON_Duplicate a subtree to keep it longer. */

PbSpecDocument *pb_spec_document_new_from_file   (const char  *path,
                                                  GError     **error);
/* URI names where the bytes came from (for relative refs and evidence); may be NULL. */
PbSpecDocument *pb_spec_document_new_from_bytes  (GBytes      *bytes,
                                                  const char  *uri,
                                                  GError     **error);

const char     *pb_spec_document_get_uri         (PbSpecDocument *self);
const cJSON    *pb_spec_document_get_root        (PbSpecDocument *self);
/* "2.0", "3.0.3", "3.1.0"… */
const char     *pb_spec_document_get_version     (PbSpecDocument *self);
gboolean        pb_spec_document_is_swagger2     (PbSpecDocument *self);

/* If NODE is a {"$ref": …} object, follows the chain of refs and returns the target (NULL if
 * missing or cyclic); otherwise returns NODE. OUT_POINTER, if set, receives the target's
 * location ("#/components/schemas/Customer" or "other.yaml#/Pet") for evidence. */
const cJSON    *pb_spec_document_resolve         (PbSpecDocument  *self,
                                                  const cJSON     *node,
                                                  const char     **out_pointer);
/* Looks up a JSON pointer ("#/paths/~1users/get") in this document, or in another file
 * ("schemas/pet.yaml#/Pet"); the node itself, even if it is a {"$ref"}. Escapes: ~0, ~1 and
 * percent-encoding. NULL if missing (see pb_spec_document_get_last_ref_error). */
const cJSON    *pb_spec_document_lookup_pointer  (PbSpecDocument  *self,
                                                  const char      *pointer);

/* Like pb_spec_document_resolve, with the reason in ERROR when it returns NULL:
 * PB_ERROR_NOT_FOUND for a missing file or target, PB_ERROR_INVALID_ARGUMENT for a cycle, a
 * malformed pointer or a ref that leaves the spec's folder / origin. */
const cJSON    *pb_spec_document_resolve_full    (PbSpecDocument  *self,
                                                  const cJSON     *node,
                                                  const char     **out_pointer,
                                                  GError         **error);
/* Why the last resolve / lookup_pointer returned NULL (NULL after a success). */
const GError   *pb_spec_document_get_last_ref_error (PbSpecDocument *self);

/* Where refs may lead: a ref to another file is followed only if it stays inside the folder
 * (and its subfolders) of a local document, after symlinks; for an http(s) document only to
 * the same origin, and only through LOADER (the reader itself never touches the network).
 * LOADER returns the bytes of URI or NULL with ERROR set. */
typedef GBytes *(*PbSpecRefLoader) (const char  *uri,
                                    gpointer     user_data,
                                    GError     **error);
void            pb_spec_document_set_ref_loader  (PbSpecDocument  *self,
                                                  PbSpecRefLoader  loader,
                                                  gpointer         user_data,
                                                  GDestroyNotify   destroy);

/* TRUE if the document was read as YAML, FALSE for JSON. */
gboolean        pb_spec_document_is_yaml         (PbSpecDocument *self);

/* The schema of property NAME of SCHEMA, with refs resolved, looking through allOf (then
 * anyOf and oneOf: the first branch that has it) so callers need not know how the schema
 * was composed. NULL if no branch has it. */
const cJSON    *pb_spec_document_schema_property (PbSpecDocument  *self,
                                                  const cJSON     *schema,
                                                  const char      *name);
/* All properties of SCHEMA through allOf/anyOf/oneOf (refs followed), the first of each
 * name winning: the properties' own nodes, so ->string is the name; pass one to
 * pb_spec_document_resolve for its schema. Free with g_ptr_array_unref. */
GPtrArray      *pb_spec_document_schema_properties (PbSpecDocument *self,
                                                    const cJSON    *schema);

G_END_DECLS
