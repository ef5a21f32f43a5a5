/* pb-evidence-button.h: a small button beside a pre-filled value that tells where it came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-evidence.h"

G_BEGIN_DECLS

#define PB_TYPE_EVIDENCE_BUTTON (pb_evidence_button_get_type ())

G_DECLARE_FINAL_TYPE (PbEvidenceButton, pb_evidence_button, PB, EVIDENCE_BUTTON, GtkWidget)

/* Property "evidence" (NULL hides the button). Clicking it opens a popover: the reason, the
 * spec pointer or the docs snippet, the source and the confidence in words. A low-confidence
 * value (pb_evidence_get_level () LOW) shows a warning-coloured icon and says so to screen
 * readers, so the user reviews it first. */
GtkWidget  *pb_evidence_button_new          (void);
void        pb_evidence_button_set_evidence (PbEvidenceButton *self,
                                             PbEvidence       *evidence);
PbEvidence *pb_evidence_button_get_evidence (PbEvidenceButton *self);
/* Visible and low-confidence. */
gboolean    pb_evidence_button_is_low       (PbEvidenceButton *self);
/* Opens its popover (what a click does; for the tests and keyboard shortcuts). */
void        pb_evidence_button_popup        (PbEvidenceButton *self);

G_END_DECLS
