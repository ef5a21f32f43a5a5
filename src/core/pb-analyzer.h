/* pb-analyzer.h: an OpenAPI / Swagger document → a declarative connector, with evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-manifest.h"
#include "pb-spec-document.h"

G_BEGIN_DECLS

#define PB_TYPE_ANALYZER (pb_analyzer_get_type ())

G_DECLARE_FINAL_TYPE (PbAnalyzer, pb_analyzer, PB, ANALYZER, GObject)

/* The rules are general: they read what the spec says (servers, security schemes, list
 * operations, their parameters and response schemas), never who the API is. */
PbAnalyzer *pb_analyzer_new      (PbSpecDocument *document);

/* PB_ERROR_NOTHING_FOUND when the document has no operation a stream could read. */
PbManifest *pb_analyzer_run      (PbAnalyzer  *self,
                                  GError     **error);

G_END_DECLS
