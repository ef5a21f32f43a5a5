/* pb-setup-form.h: Form mode, rows generated from the connector definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-setup-model.h"

G_BEGIN_DECLS

#define PB_TYPE_SETUP_FORM (pb_setup_form_get_type ())

G_DECLARE_FINAL_TYPE (PbSetupForm, pb_setup_form, PB, SETUP_FORM, AdwBin)

/* One row per active field of the model (required first, optional ones in an expander):
 * entries, password entries (applied to the keyring through the model), combo rows for
 * choices, switches for yes/no; inline validation under each row. Rows follow the model,
 * so values set in Agent mode show here at once.
 *
 * Signals: "test-requested" (). */
void       pb_setup_form_set_model  (PbSetupForm  *self,
                                     PbSetupModel *model);
/* The row for FIELD (tests and screenshots). */
GtkWidget *pb_setup_form_get_row    (PbSetupForm  *self,
                                     const char   *field);

G_END_DECLS
