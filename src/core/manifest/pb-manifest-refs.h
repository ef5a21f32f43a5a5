/* pb-manifest-refs.h: "$ref" resolution in an Airbyte declarative manifest, shared by the
 * manifest reader and the runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

/* Most references followed one inside another; a cycle ends here. */
#define PB_MANIFEST_REFS_MAX_DEPTH 32
/* Most nodes one resolution may visit: references that fan out ("billion laughs") stop here. */
#define PB_MANIFEST_REFS_MAX_NODES 2000000

typedef enum {
  PB_MANIFEST_REFS_DEFAULT = 0,
  /* Values of "schema" and "connection_specification" are JSON Schemas: copy them as written
   * (their inner "$ref"s belong to JSON Schema), unless the schema itself is a reference into
   * the manifest ({"$ref": "#/schemas/item"} or "#/schemas/item"): then the schema referred
   * to, keys beside the "$ref" winning, as the CDK reads it. */
  PB_MANIFEST_REFS_KEEP_SCHEMAS = 1 << 0,
} PbManifestRefsFlags;

/* The node a JSON pointer "#/a/b/0" names in ROOT ("~1" is "/", "~0" is "~"), or NULL. An
 * array index is a plain decimal number within range: "x", "-1", "+1", "" name nothing. */
const cJSON *pb_manifest_refs_lookup (const cJSON *root,
                                      const char  *pointer);

/* A copy of NODE with references into ROOT resolved as the Airbyte CDK does: "$ref" objects
 * (keys beside "$ref" win over the target's) and "#/…" strings (left as written when they
 * name nothing). At most MAX_NODES nodes are visited (PB_MANIFEST_REFS_MAX_NODES for a
 * manifest). Errors (PB_ERROR_PARSE): a "$ref" to nothing, references nested deeper than
 * PB_MANIFEST_REFS_MAX_DEPTH (or a cycle), more than MAX_NODES nodes. */
cJSON *pb_manifest_refs_resolve (const cJSON          *node,
                                 const cJSON          *root,
                                 PbManifestRefsFlags   flags,
                                 gsize                 max_nodes,
                                 GError              **error);

G_END_DECLS
