/* pb-builder-paginator-group.h: a stream's paginator: its kind and each kind's own fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-manifest-stream.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_PAGINATOR_GROUP (pb_builder_paginator_group_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderPaginatorGroup, pb_builder_paginator_group, PB,
                      BUILDER_PAGINATOR_GROUP, AdwPreferencesGroup)

/* Shows STREAM's paginator and writes the user's edits into it: the kind (none, cursor, offset,
 * page number) and that kind's fields (cursor value and stop condition; start page; page size;
 * where the token and the page size are sent). A refused value shows its error and is not
 * written. Signal "changed": the paginator was edited. */
void pb_builder_paginator_group_set_stream (PbBuilderPaginatorGroup *self,
                                            PbManifestStream        *stream);

G_END_DECLS
