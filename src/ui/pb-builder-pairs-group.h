/* pb-builder-pairs-group.h: a stream's request parameters, headers or body fields, as editable
 * name/value rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-evidence.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_PAIRS_GROUP (pb_builder_pairs_group_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderPairsGroup, pb_builder_pairs_group, PB, BUILDER_PAIRS_GROUP,
                      AdwPreferencesGroup)

/* Property "headers" (construct-only): header names are checked as HTTP header names; property
 * "body" (construct-only): the fields of a request body (pb_manifest_check_body_field and
 * _value); else query parameter names; values may be templates. An Add button in the group's
 * header adds a row; each row has a Remove button. Signal "changed": the user edited the pairs
 * and all of them are valid (a refused row shows its error and emits nothing). */
void  pb_builder_pairs_group_set_pairs (PbBuilderPairsGroup *self,
                                        const char * const  *pairs);
/* The rows' pairs in order, rows without a name left out (NULL-terminated name, value…). */
GStrv pb_builder_pairs_group_get_pairs (PbBuilderPairsGroup *self);
/* Adds an empty row and focuses its name (what the Add button does). */
void  pb_builder_pairs_group_add_row   (PbBuilderPairsGroup *self);
/* Where the pre-filled pairs came from (NULL: no indicator). */
void  pb_builder_pairs_group_set_evidence (PbBuilderPairsGroup *self,
                                           PbEvidence          *evidence);
/* Body: whether values are checked as a JSON body's (a value written as an object or a list
 * must parse as JSON); the rows are checked again. */
void  pb_builder_pairs_group_set_json_values (PbBuilderPairsGroup *self,
                                              gboolean             json);
/* Whether a row shows a refused value. */
gboolean pb_builder_pairs_group_has_error (PbBuilderPairsGroup *self);
/* The entries of row INDEX (for the tests), or FALSE. */
gboolean pb_builder_pairs_group_get_row_entries (PbBuilderPairsGroup  *self,
                                                 guint                 index,
                                                 GtkEditable         **name,
                                                 GtkEditable         **value);

G_END_DECLS
