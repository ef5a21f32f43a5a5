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

/* How much to trust a value, in three steps a user can read. The analyzer gives 0.6 to a value
 * a spec states outright but loosely, and less to guesses (a docs prose hint 0.4, a table 0.5, a
 * record path found by elimination 0.3–0.5): below PB_EVIDENCE_LOW_CONFIDENCE a value is a
 * guess the user should review first. */
#define PB_EVIDENCE_LOW_CONFIDENCE  0.6
#define PB_EVIDENCE_HIGH_CONFIDENCE 0.8

typedef enum {
  PB_CONFIDENCE_LOW,     /* < PB_EVIDENCE_LOW_CONFIDENCE */
  PB_CONFIDENCE_MEDIUM,
  PB_CONFIDENCE_HIGH,    /* >= PB_EVIDENCE_HIGH_CONFIDENCE */
} PbConfidenceLevel;

PbConfidenceLevel pb_evidence_get_level (PbEvidence *self);

G_END_DECLS
