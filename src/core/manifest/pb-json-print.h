/* pb-json-print.h: cJSON trees printed the way cJSON_Print formats them, faster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* ITEM as cJSON_Print prints it (tabs, "key":<TAB>value, arrays on one line), byte for byte,
 * followed by a newline; NULL for an item cJSON cannot print (a raw item without text). Runs of
 * plain string characters are copied at once and integers formatted without printf. */
char *pb_json_print (const cJSON *item);

G_END_DECLS
