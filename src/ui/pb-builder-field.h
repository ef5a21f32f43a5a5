/* pb-builder-field.h: what the Builder's editors share: showing a refused value, recording an edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

/* Marks ROW (an entry or a row of an AdwPreferencesGroup) refused with ERROR's message, or
 * accepted when ERROR is NULL: the `error` style on ROW, the messages of the group's refused
 * rows under the group, and the message as ROW's accessible description. */
void     pb_builder_field_set_error (GtkWidget    *row,
                                     const GError *error);
gboolean pb_builder_field_has_error (GtkWidget    *row);

/* Records a user's edit of KEY (of STREAM, NULL = the project) and lets the application save:
 * pb_builder_project_mark_edited () then pb_builder_project_changed (). */
void     pb_builder_field_edited    (PbBuilderProject *project,
                                     const char       *stream,
                                     const char       *key);

/* Calls FUNC (OWNER, EDITABLE) once the user's change of EDITABLE's text is complete: replacing
 * a text is a deletion and an insertion, and the empty text between them must not be checked
 * or written. Changes made with pb_builder_field_set_text () are not reported. OWNER must
 * outlive EDITABLE (an ancestor). */
typedef void (*PbBuilderFieldFunc) (gpointer owner, GtkEditable *editable);
void     pb_builder_field_connect   (GtkEditable        *editable,
                                     PbBuilderFieldFunc  func,
                                     gpointer            owner);

/* The text of an editable, NULL when empty (an empty field clears the value). */
const char *pb_builder_field_text   (GtkEditable *editable);
/* Sets an editable's text, "" for NULL, without reporting it as the user's change. */
void     pb_builder_field_set_text  (GtkEditable *editable,
                                     const char  *text);

/* ROW's title as a user reads it (without its mnemonic underscore), to name it in a message. */
char    *pb_builder_field_label     (GtkWidget   *row);

G_END_DECLS
