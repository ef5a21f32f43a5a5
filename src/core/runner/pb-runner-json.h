/* pb-runner-json.h: JSON for test reads: a writer of cJSON trees made for speed
 * (`plugboard-cli test-read --json` prints every record read); response bodies are read with
 * pb_json_read (pb-json-read.h) in PB_JSON_READ_STRICT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* Appends VALUE to OUT as JSON text; PRETTY: two-space indents and one member per line. Numbers
 * that are whole print without a fraction; NaN and infinities print as null. */
void   pb_runner_json_append (GString     *out,
                              const cJSON *value,
                              gboolean     pretty);

G_END_DECLS
