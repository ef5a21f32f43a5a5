/* pb-json-read.h: one reader of JSON text into cJSON trees, in one pass, for specs and for
 * the response bodies of test reads
 *
 * cJSON's own parser scans every string twice, tries "null", "false" and "true" with strncmp
 * before every value and copies every number into a buffer for strtod; on a 13 MB spec or
 * 1,000 pages of a test read that is most of the time spent. This reader builds the same
 * tree (types, strings, numbers, valueint saturated as cJSON does, key order, links: a
 * container's first child's prev is its last) in one pass. Nodes and strings come from
 * cJSON_malloc, so a pushed PbSpecArena receives them and cJSON_Delete frees them otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* Deepest nesting of containers read: cJSON's own limit. */
#define PB_JSON_READ_MAX_DEPTH CJSON_NESTING_LIMIT

typedef enum {
  /* Mirror cJSON 1.7.15 (the spec reader): every byte up to ' ' is white space between
   * tokens, a number is the run of number characters (at most 63) as far as strtod takes it
   * ("01", "1.e5" and "-.5" read), raw control characters and NUL bytes in strings are kept.
   * Whatever cJSON would read differently — \u0000, an error — gives NULL, and the caller
   * asks cJSON itself, for the tree or for its error position. */
  PB_JSON_READ_AS_CJSON,
  /* RFC 8259 (response bodies): white space is only space, tab, CR and LF; numbers follow
   * JSON's grammar and may be of any length; a NUL byte anywhere, and a value (container or
   * not) nested deeper than PB_JSON_READ_MAX_DEPTH, are refused; a UTF-8 byte order mark
   * before the value is skipped; \u0000 ends the string there, as cJSON does. */
  PB_JSON_READ_STRICT,
} PbJsonReadMode;

/* Reads exactly one JSON value from DATA (LENGTH bytes; no terminating NUL needed) with only
 * space, tab, CR or LF after it. NULL for anything else (bad JSON, trailing text, bad escapes,
 * lone surrogates, nesting deeper than PB_JSON_READ_MAX_DEPTH, and in PB_JSON_READ_AS_CJSON
 * whatever it does not mirror). */
cJSON *pb_json_read (const char     *data,
                     gsize           length,
                     PbJsonReadMode  mode);

G_END_DECLS
