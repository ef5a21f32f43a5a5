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
 * not OpenAPI 3.x / Swagger 2.0 are PB_ERROR_UNSUPPORTED_FORMAT. */

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
/* Looks up a JSON pointer ("#/paths/~1users/get") in this document. */
const cJSON    *pb_spec_document_lookup_pointer  (PbSpecDocument  *self,
                                                  const char      *pointer);

G_END_DECLS
