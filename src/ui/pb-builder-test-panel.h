/* pb-builder-test-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-builder-project.h"
#include "pb-connector-store.h"
#include "pb-runner-result.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_TEST_PANEL (pb_builder_test_panel_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderTestPanel, pb_builder_test_panel, PB, BUILDER_TEST_PANEL, GtkBox)

/* Tests one stream of a project: Test and Cancel, then the pages (requests, redacted, and
 * responses), the records as a table, the inferred schema and the warnings, each explained,
 * with one-click fixes that change the project. A read that fails shows what to do.
 *
 * Properties: "project", "stream" (construct-only), "store" (the connectors; construct-only),
 * "running" (read-only).
 * Signals: "back" (), "link-connector" () (the user wants to choose the project's connector),
 * "finished" () (a read ended, whatever its outcome). */
GtkWidget             *pb_builder_test_panel_new         (PbBuilderProject *project,
                                                          const char       *stream,
                                                          PbConnectorStore *store);
const char            *pb_builder_test_panel_get_stream  (PbBuilderTestPanel *self);
gboolean               pb_builder_test_panel_get_running (PbBuilderTestPanel *self);
void                   pb_builder_test_panel_run         (PbBuilderTestPanel *self);
void                   pb_builder_test_panel_cancel      (PbBuilderTestPanel *self);
/* The last read's result and error (either may be NULL). */
PbRunnerResult        *pb_builder_test_panel_get_result  (PbBuilderTestPanel *self);
const GError          *pb_builder_test_panel_get_error   (PbBuilderTestPanel *self);
/* The tab shown: "pages", "records", "schema", "warnings". */
void                   pb_builder_test_panel_show_tab    (PbBuilderTestPanel *self,
                                                          const char         *name);

G_END_DECLS
