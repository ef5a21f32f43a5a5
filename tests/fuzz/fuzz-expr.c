/* fuzz-expr.c: libFuzzer target for the manifest expression evaluator (PbExpr) and the datetime
 * formats: any template must parse or fail cleanly, and evaluate without a crash, a hang or a
 * sanitizer report. Built with -Dfuzzing=true and clang; bench/fuzz-expr.sh runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pb-expr.h"
#include "pb-runner-datetime.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char context_json[]
  = "{\"config\": {\"a\": \"x\", \"n\": 5, \"list\": [1, \"b\", null], \"start\": \"2024-01-01\"},"
    " \"response\": {\"data\": [{\"id\": 1}], \"next\": \"c\", \"more\": true},"
    " \"headers\": {\"link\": {\"next\": {\"url\": \"u\"}}},"
    " \"last_record\": {\"id\": 1, \"t\": 1.5}, \"last_page_size\": 1,"
    " \"stream_slice\": {\"start_time\": \"2024-01-01\"}}";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static cJSON *context;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (PbExpr) expr = NULL;
  const char *split;

  if (context == NULL)
    context = cJSON_Parse (context_json);

  expr = pb_expr_new (text, NULL);
  if (expr != NULL)
    {
      g_autofree char *out = pb_expr_evaluate_string (expr, context, NULL);
      cJSON *value = pb_expr_evaluate (expr, context, NULL);
      gboolean truth;

      cJSON_Delete (value);
      (void) pb_expr_evaluate_boolean (expr, context, &truth, NULL);
    }

  /* "FORMAT\nTEXT": the datetime parser and formatter. */
  split = strchr (text, '\n');
  if (split != NULL)
    {
      g_autofree char *format = g_strndup (text, split - text);
      GDateTime *dt = pb_runner_datetime_parse (split + 1, format);

      if (dt != NULL)
        {
          g_free (pb_runner_datetime_format (dt, format));
          g_date_time_unref (dt);
        }
      dt = pb_runner_datetime_parse_iso (split + 1);
      if (dt != NULL)
        {
          GDateTime *later = pb_runner_datetime_add_duration (dt, format, 1, NULL);

          g_clear_pointer (&later, g_date_time_unref);
          g_date_time_unref (dt);
        }
    }
  return 0;
}
