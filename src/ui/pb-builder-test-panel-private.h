/* pb-builder-test-panel-private.h: the result tabs of PbBuilderTestPanel, filled from a test
 * read (pb-builder-test-tabs.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-builder-fix.h"
#include "pb-builder-test-panel.h"

G_BEGIN_DECLS

/* Called when the user clicks a one-click fix. */
typedef void (*PbBuilderFixFunc) (const PbBuilderFix *fix,
                                  gpointer            user_data);

/* Each fills its container (emptied first) from RESULT. */
void pb_builder_test_tabs_fill_pages    (GtkListBox       *list,
                                         PbRunnerResult   *result);
/* Returns the number of columns. */
guint pb_builder_test_tabs_fill_records (GtkColumnView    *view,
                                         PbRunnerResult   *result);
void pb_builder_test_tabs_fill_schema   (GtkTextView      *view,
                                         PbRunnerResult   *result);
void pb_builder_test_tabs_fill_warnings (GtkListBox       *list,
                                         PbRunnerResult   *result,
                                         const char       *stream,
                                         PbBuilderFixFunc  apply,
                                         gpointer          user_data);
/* The warning's code in plain words: a short title and what it means. */
const char *pb_builder_test_warning_title       (PbRunnerWarningCode code);
const char *pb_builder_test_warning_explanation (PbRunnerWarningCode code);

G_END_DECLS
