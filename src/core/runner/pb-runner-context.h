/* pb-runner-context.h: the names an expression sees (config, response, stream_slice…) as one
 * JSON object of references, and small helpers the runner's components share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>

#include "pb-expr.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

/* Sets NAME in CONTEXT to VALUE without copying objects or arrays (VALUE must outlive its use);
 * VALUE NULL removes NAME. */
void         pb_runner_context_set   (cJSON       *context,
                                      const char  *name,
                                      const cJSON *value);
/* Sets NAME to VALUE, which CONTEXT then owns. */
void         pb_runner_context_take  (cJSON       *context,
                                      const char  *name,
                                      cJSON       *value);

/* A PbExpr for the string member KEY of COMPONENT (NULL when absent; ERROR set when it does not
 * parse). Numbers and booleans become literal expressions. */
PbExpr      *pb_runner_compile_member (const cJSON  *component,
                                       const char   *key,
                                       GError      **error);

/* The "type" of COMPONENT, or "". */
const char  *pb_runner_component_type (const cJSON *component);

/* Sets PB_ERROR_UNSUPPORTED_FORMAT naming the component TYPE found at WHERE. */
void         pb_runner_set_unsupported (GError     **error,
                                        const char  *where,
                                        const char  *type);

/* FALSE (PB_ERROR_UNSUPPORTED_FORMAT set) when COMPONENT or anything inside it is a Custom…
 * component (a Python class of the connector's own); the message names its type, its class_name
 * and its path from WHERE (e.g. "streams › users"). Depth past 64 is not searched. */
gboolean     pb_runner_check_custom    (const cJSON  *component,
                                        const char   *where,
                                        GError      **error);

/* JSON value → text as the CDK puts it in a request (strings as they are, numbers without
 * ".0", true/false as Python prints them). */
char        *pb_runner_value_to_string (const cJSON *value);

G_END_DECLS
