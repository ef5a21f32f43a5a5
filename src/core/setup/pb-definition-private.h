/* pb-definition-private.h: what the definition's field reader shares with the definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pb-definition.h"

G_BEGIN_DECLS

void      pb_field_free                    (PbField *field);
/* A member's string value (numbers written as text), or NULL. */
char     *pb_definition_dup_member         (JsonObject *object,
                                            const char *member);
/* A member that is an array of strings, or NULL. */
char    **pb_definition_dup_string_array   (JsonObject *object,
                                            const char *member);
gboolean  pb_definition_strv_contains_json (JsonArray  *array,
                                            const char *name);
/* One property of the definition's JSON schema as a field. */
PbField  *pb_definition_parse_field        (const char  *name,
                                            JsonObject  *spec,
                                            gboolean     required,
                                            GError     **error);

G_END_DECLS
