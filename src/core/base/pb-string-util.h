/* pb-string-util.h: small string helpers shared by the core folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stand-in for g_set_str() (GLib 2.76; Debian 12 ships 2.74): replaces *STR_POINTER with a copy
 * of NEW_STR and returns TRUE, or returns FALSE and leaves it alone when both are equal
 * (NULL included). Use it in setters to notify only on change. */
gboolean pb_set_str       (char       **str_pointer,
                           const char  *new_str);

/* TRUE if WORD occurs in HAYSTACK as a whole word: not preceded or followed by an ASCII letter
 * or digit. Case-sensitive (lower-case both first for a caseless match); FALSE for an empty
 * WORD. */
gboolean pb_str_has_word  (const char  *haystack,
                           const char  *word);

G_END_DECLS
