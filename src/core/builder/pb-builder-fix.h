/* pb-builder-fix.h: one-click fixes a test read offers, applied to a builder project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pb-builder-project.h"
#include "pb-runner-result.h"

G_BEGIN_DECLS

/* One change a warning suggests: set KEY of STREAM to VALUE. KEY is an edited-mark key of the
 * stream ("record_path", "schema"); VALUE is as the user reads it (a record path's fields
 * joined by '.', "" for the body itself; a schema as JSON text). */
typedef struct {
  PbRunnerWarningCode code;   /* the warning that offered it */
  char               *stream;
  char               *key;
  char               *value;
} PbBuilderFix;

#define PB_TYPE_BUILDER_FIX (pb_builder_fix_get_type ())

GType         pb_builder_fix_get_type (void) G_GNUC_CONST;
PbBuilderFix *pb_builder_fix_new      (PbRunnerWarningCode  code,
                                       const char          *stream,
                                       const char          *key,
                                       const char          *value);
PbBuilderFix *pb_builder_fix_copy     (const PbBuilderFix  *fix);
void          pb_builder_fix_free     (PbBuilderFix        *fix);

/* The fixes warning INDEX of RESULT offers for STREAM, best first (PbBuilderFix; empty when
 * it has none): records_not_found offers each record path holding an array ("record_path");
 * schema_mismatch offers the schema inferred from the records read ("schema", as JSON). */
GPtrArray    *pb_builder_fix_list     (PbRunnerResult *result,
                                       guint           index,
                                       const char     *stream);

/* Sets the value FIX names, marks it edited (so AI Assist will not overwrite it) and reports
 * the change (pb_builder_project_changed: the application saves). PB_ERROR_NOT_FOUND when the
 * stream is gone, PB_ERROR_INVALID_ARGUMENT for a key this build cannot set. */
gboolean      pb_builder_project_apply_fix (PbBuilderProject    *project,
                                            const PbBuilderFix  *fix,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbBuilderFix, pb_builder_fix_free)

G_END_DECLS
