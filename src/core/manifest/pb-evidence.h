/* pb-evidence.h: why a suggested value was chosen (source, location, confidence)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_TYPE_EVIDENCE (pb_evidence_get_type ())

G_DECLARE_FINAL_TYPE (PbEvidence, pb_evidence, PB, EVIDENCE, GObject)

/* Immutable once made. "source-uri": the spec file or docs page; "pointer": a JSON pointer into
 * it ("#/paths/~1users/get/parameters/0"), or NULL; "snippet": a short text quoted from a docs
 * page, or NULL; "confidence": 0..1; "reason": one short sentence a user can read. */
PbEvidence *pb_evidence_new            (const char *source_uri,
                                        const char *pointer,
                                        const char *snippet,
                                        double      confidence,
                                        const char *reason);

const char *pb_evidence_get_source_uri (PbEvidence *self);
const char *pb_evidence_get_pointer    (PbEvidence *self);
const char *pb_evidence_get_snippet    (PbEvidence *self);
double      pb_evidence_get_confidence (PbEvidence *self);
const char *pb_evidence_get_reason     (PbEvidence *self);

G_END_DECLS
