/* pb-evidence.c: why a suggested value was chosen (source, location, confidence)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-evidence.h"

struct _PbEvidence
{
  GObject parent_instance;

  char   *source_uri;
  char   *pointer;
  char   *snippet;
  double  confidence;
  char   *reason;
};

G_DEFINE_FINAL_TYPE (PbEvidence, pb_evidence, G_TYPE_OBJECT)

static void
pb_evidence_finalize (GObject *object)
{
  PbEvidence *self = PB_EVIDENCE (object);

  g_free (self->source_uri);
  g_free (self->pointer);
  g_free (self->snippet);
  g_free (self->reason);

  G_OBJECT_CLASS (pb_evidence_parent_class)->finalize (object);
}

static void
pb_evidence_class_init (PbEvidenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_evidence_finalize;
}

static void
pb_evidence_init (PbEvidence *self)
{
}

PbEvidence *
pb_evidence_new (const char *source_uri,
                 const char *pointer,
                 const char *snippet,
                 double      confidence,
                 const char *reason)
{
  PbEvidence *self = g_object_new (PB_TYPE_EVIDENCE, NULL);

  self->source_uri = g_strdup (source_uri);
  self->pointer = g_strdup (pointer);
  /* Keep snippets short: they are shown next to a value, not read as a page. */
  self->snippet = snippet != NULL
                    ? g_utf8_substring (snippet, 0, MIN (g_utf8_strlen (snippet, -1), 300))
                    : NULL;
  self->confidence = CLAMP (confidence, 0.0, 1.0);
  self->reason = g_strdup (reason);
  return self;
}

const char *
pb_evidence_get_source_uri (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);
  return self->source_uri;
}

const char *
pb_evidence_get_pointer (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);
  return self->pointer;
}

const char *
pb_evidence_get_snippet (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);
  return self->snippet;
}

double
pb_evidence_get_confidence (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), 0.0);
  return self->confidence;
}

const char *
pb_evidence_get_reason (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);
  return self->reason;
}

PbConfidenceLevel
pb_evidence_get_level (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), PB_CONFIDENCE_LOW);
  if (self->confidence < PB_EVIDENCE_LOW_CONFIDENCE)
    return PB_CONFIDENCE_LOW;
  if (self->confidence >= PB_EVIDENCE_HIGH_CONFIDENCE)
    return PB_CONFIDENCE_HIGH;
  return PB_CONFIDENCE_MEDIUM;
}
