/* pb-runner-schema.h: a JSON Schema inferred from records, as the Connector Builder shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_SCHEMA (pb_runner_schema_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerSchema, pb_runner_schema, PB, RUNNER_SCHEMA, GObject)

PbRunnerSchema *pb_runner_schema_new        (void);
/* Merges one record (any JSON value; records are objects). Memory grows with the distinct
 * field names seen, not with the number of records. */
void            pb_runner_schema_add        (PbRunnerSchema *self,
                                             const cJSON    *record);
/* The schema so far: types ("integer" and "number" merge to "number"), "null" when a value
 * was null or a field was missing from some records, nested objects' properties and array
 * items. */
cJSON          *pb_runner_schema_to_json    (PbRunnerSchema *self);
/* Differences from DECLARED (a stream's JSON Schema): fields the records have that DECLARED
 * does not list, and values of a type DECLARED does not allow, as "field: explanation" lines
 * (at most MAX). Empty when they agree. */
GPtrArray      *pb_runner_schema_compare    (PbRunnerSchema *self,
                                             const cJSON    *declared,
                                             guint           max);

G_END_DECLS
