/* pb-expr.h: the interpolation of Airbyte manifests ("{{ config['x'] }}"), a small Jinja subset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

/*
 * A PbExpr is one manifest string, parsed once: literal text with "{{ expression }}" parts
 * ("{# comments #}" are dropped). Expressions support what declarative manifests use:
 *
 * - names from the context (config, parameters, response, headers, last_record, last_page_size,
 *   next_page_token, stream_partition, stream_slice, stream_interval, record, …), attribute and
 *   subscript access (a.b, a['b'], a[0]); a missing member is undefined (empty, falsy);
 * - literals: numbers, 'strings', "strings", true/false/none (any case), [lists], {dicts};
 * - not, and, or, in, not in, == != < <= > >=, + - * / // %, ~ (concatenation),
 *   "a if cond else b", "x is none", "x is not none", "x is defined", "x is undefined";
 * - filters: length count int float string lower upper trim default d join first last tojson
 *   abs round replace base64encode base64decode urlencode;
 * - methods: .get(k[, default]) .keys() .values() .split(sep) .startswith(s) .endswith(s)
 *   .lower() .upper() .strip() .replace(a, b) .strftime(fmt) .isoformat();
 * - functions: now_utc() today_utc() timestamp(x) max(…) min(…) day_delta(n[, fmt])
 *   format_datetime(x, fmt[, input_fmt]) str_to_datetime(x).
 *
 * Anything else ("{% for %}", an unknown filter, function or method, a lambda) fails at parse
 * time with PB_ERROR_UNSUPPORTED_FORMAT and a message naming the construct and its column;
 * syntax errors fail with PB_ERROR_PARSE. Nothing is guessed.
 */

#define PB_TYPE_EXPR (pb_expr_get_type ())

G_DECLARE_FINAL_TYPE (PbExpr, pb_expr, PB, EXPR, GObject)

/* Parses TEXT (any string; one without "{{" is a literal). */
PbExpr     *pb_expr_new              (const char  *text,
                                      GError     **error);
/* The same; on failure OUT_ERROR_COLUMN (may be NULL) gets the 1-based column (in characters)
 * the error points at, for an editor to put the cursor there. */
PbExpr     *pb_expr_new_full         (const char  *text,
                                      guint       *out_error_column,
                                      GError     **error);

const char *pb_expr_get_text         (PbExpr *self);
/* TRUE when TEXT has no expression part: evaluating gives TEXT back. */
gboolean    pb_expr_is_literal       (PbExpr *self);

/* Evaluates against CONTEXT (a JSON object whose members are the names above; may be NULL).
 * As the Airbyte CDK does: a string that is one "{{ expression }}" gives that expression's
 * value (number, boolean, object…, JSON null for none/undefined); text with parts gives a
 * string. Runtime failures (division by zero, comparing a list with a number) are
 * PB_ERROR_PARSE errors naming the expression. */
cJSON      *pb_expr_evaluate         (PbExpr       *self,
                                      const cJSON  *context,
                                      GError      **error);
/* The value as text, as Jinja prints it (none and undefined print as ""). */
char       *pb_expr_evaluate_string  (PbExpr       *self,
                                      const cJSON  *context,
                                      GError      **error);
/* The value's truth, as a stop condition or record filter reads it ("false", "False", "",
 * "None", 0, empty lists are false). */
gboolean    pb_expr_evaluate_boolean (PbExpr       *self,
                                      const cJSON  *context,
                                      gboolean     *out_value,
                                      GError      **error);

/* The truth of a JSON value as evaluate_boolean reads it. */
gboolean    pb_expr_json_truth       (const cJSON  *value);

/* One-shot: parse TEXT and evaluate it to a string. */
char       *pb_expr_render           (const char   *text,
                                      const cJSON  *context,
                                      GError      **error);

G_END_DECLS
