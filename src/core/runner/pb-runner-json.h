/* pb-runner-json.h: JSON for test reads: a one-pass parser of response bodies into cJSON trees
 * and a writer of cJSON trees, both made for speed (a test read parses every page it reads and
 * `plugboard-cli test-read --json` prints all of them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* Nesting deeper than this is refused (as cJSON refuses it). */
#define PB_RUNNER_JSON_MAX_DEPTH 1000

/* Parses exactly one JSON value from DATA (SIZE bytes; no terminating NUL needed), with only
 * white space (and a UTF-8 byte order mark) around it. Nodes and strings come from cJSON_malloc,
 * so a pushed PbSpecArena receives them and cJSON_Delete frees them. NULL for anything that is
 * not strict JSON: trailing text, bad escapes, lone surrogates, NUL bytes, nesting deeper than
 * PB_RUNNER_JSON_MAX_DEPTH. */
cJSON *pb_runner_json_parse  (const char *data,
                              gsize       size);

/* Appends VALUE to OUT as JSON text; PRETTY: two-space indents and one member per line. Numbers
 * that are whole print without a fraction; NaN and infinities print as null. */
void   pb_runner_json_append (GString     *out,
                              const cJSON *value,
                              gboolean     pretty);

G_END_DECLS
