/* pb-manifest-check.h: checks for what a user types into a manifest's fields (the Builder)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Builder's field checks, shared with anything else that edits a manifest. Like
 * pb-validate.h (which they build on): NULL or "" is valid (an empty field clears the value),
 * errors are PB_ERROR_INVALID_ARGUMENT (PB_ERROR_INVALID_URL for addresses) with a message a user
 * can act on that names the field by LABEL. Values may hold Jinja ("{{ config['x'] }}"). */

/* One line whose "{{ … }}" and "{% … %}" are each closed. */
gboolean pb_manifest_check_template (const char *label, const char *value, GError **error);
/* The API's base URL: an http(s) address (its parts may be templates) or a template. */
gboolean pb_manifest_check_url_base (const char *value, GError **error);
/* A request path relative to the base URL: no scheme, no space or '#' outside templates. */
gboolean pb_manifest_check_path (const char *value, GError **error);
/* A record path written with dots ("data.items"): returns its parts (an empty array for ""), or
 * NULL on an empty part ("data..items"). */
GStrv    pb_manifest_parse_field_path (const char *label, const char *value, GError **error);
/* Field names separated by commas ("id, account_id"), trimmed: as above. */
GStrv    pb_manifest_parse_field_list (const char *label, const char *value, GError **error);
/* A whole number of at least MIN (0 for ""). */
gboolean pb_manifest_parse_count (const char *label, const char *value, int min, int *out,
                                  GError **error);
/* A strftime-style format with at least one directive ("%Y-%m-%dT%H:%M:%SZ", "%s", "%ms"). */
gboolean pb_manifest_check_datetime_format (const char *label, const char *value,
                                            GError **error);
/* A date or date-time in ISO 8601 ("2024-01-31", "2024-01-31T00:00:00Z") or a template. */
gboolean pb_manifest_check_datetime (const char *label, const char *value, GError **error);

/* A request body field's name: one line, no space at either end. */
gboolean pb_manifest_check_body_field (const char *value, GError **error);
/* A request body field's value: one line, templates closed; in a JSON body (JSON TRUE) a value
 * written as an object or a list ("{…}", "[…]", no template) must parse as JSON. */
gboolean pb_manifest_check_body_value (const char *label, const char *value, gboolean json,
                                       GError **error);

G_END_DECLS
