/* pb-error.c: the PB_ERROR domain every user-facing failure is reported in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pb-error.h"

G_DEFINE_QUARK (pb-error-quark, pb_error)
