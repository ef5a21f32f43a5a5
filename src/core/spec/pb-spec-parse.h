/* pb-spec-parse.h: bytes → one cJSON tree (JSON with cJSON, YAML with libyaml events);
 * internal to PbSpecDocument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

typedef enum {
  PB_SPEC_FORMAT_JSON,
  PB_SPEC_FORMAT_YAML,
} PbSpecFormat;

/* Deepest nesting either parser accepts: cJSON's own limit, so JSON and YAML agree. */
#define PB_SPEC_MAX_DEPTH CJSON_NESTING_LIMIT
/* Most nodes that YAML aliases and merge keys may copy in one document ("billion laughs"). */
#define PB_SPEC_MAX_ALIAS_NODES 500000

/* Checks the bytes are text (UTF-8, no NUL), picks the format from the content (first
 * non-space character "{" or "[" → JSON, else YAML; HTML/XML is refused) and parses.
 * NAME is used in messages. Errors: PB_ERROR_PARSE with "line L, column C" and an excerpt,
 * or PB_ERROR_UNSUPPORTED_FORMAT (binary data, HTML, UTF-16…). */
cJSON *pb_spec_parse (const char    *data,
                      gsize          length,
                      const char    *name,
                      PbSpecFormat  *out_format,
                      GError       **error);

/* YAML (first document only) straight into a cJSON tree with core-schema typing. DATA must
 * be valid UTF-8 without NUL bytes (pb_spec_parse checks). */
cJSON *pb_spec_parse_yaml (const char  *data,
                           gsize        length,
                           const char  *name,
                           GError     **error);

/* Sets a PB_ERROR_PARSE error "Could not read NAME as FORMAT: line L, column C: WHAT (near
 * “excerpt”)" for byte OFFSET of DATA. */
void pb_spec_parse_set_error_at (GError     **error,
                                 const char  *data,
                                 gsize        length,
                                 gsize        offset,
                                 const char  *name,
                                 const char  *format,
                                 const char  *what);

/* Same with a 1-based LINE and COLUMN already known (libyaml's marks). */
void pb_spec_parse_set_error_at_line (GError     **error,
                                      const char  *data,
                                      gsize        length,
                                      gsize        line,
                                      gsize        column,
                                      const char  *name,
                                      const char  *format,
                                      const char  *what);

G_END_DECLS
