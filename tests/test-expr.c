/* test-expr.c: the manifest expression evaluator (PbExpr): values, operators, filters, the
 * CDK's names, and the errors that name an unsupported construct and its column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-error.h"
#include "pb-expr.h"
#include "pb-runner-datetime.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

static cJSON *
context (void)
{
  return cJSON_Parse (
    "{\"config\": {\"subdomain\": \"acme\", \"page_size\": 50, \"start_date\": \"2024-01-01\","
    "  \"repos\": [\"a\", \"b\"]},"
    " \"parameters\": {\"name\": \"users\", \"path\": \"/users\"},"
    " \"response\": {\"data\": [{\"id\": 1}, {\"id\": 2}], \"meta\": {\"next\": \"c2\","
    "  \"has_more\": false, \"total\": 7}, \"empty\": null},"
    " \"headers\": {\"link\": {\"next\": {\"url\": \"http://x/2\"}}, \"X-Total\": \"7\"},"
    " \"last_record\": {\"id\": 2, \"updated\": \"2024-02-03T04:05:06Z\"},"
    " \"last_page_size\": 2,"
    " \"next_page_token\": {\"next_page_token\": 3},"
    " \"stream_partition\": {\"user_id\": 42},"
    " \"stream_slice\": {\"start_time\": \"2024-01-01\", \"end_time\": \"2024-01-31\"}}");
}

static char *
render (const char *text)
{
  g_autoptr (cJSON) ctx = context ();
  g_autoptr (GError) error = NULL;
  char *out = pb_expr_render (text, ctx, &error);

  g_assert_no_error (error);
  return out;
}

static void
check (const char *text,
       const char *expected)
{
  g_autofree char *out = render (text);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_expr_names (void)
{
  check ("https://{{ config['subdomain'] }}.example.com", "https://acme.example.com");
  check ("{{ config.subdomain }}", "acme");
  check ("{{ response.meta.next }}", "c2");
  check ("{{ response['data'][1]['id'] }}", "2");
  check ("{{ response.data[-1].id }}", "2");
  check ("{{ headers['link']['next']['url'] }}", "http://x/2");
  check ("{{ headers['x-total'] }}", "7");
  check ("{{ last_record['updated'] }}", "2024-02-03T04:05:06Z");
  check ("{{ last_page_size }}", "2");
  check ("{{ next_page_token['next_page_token'] }}", "3");
  check ("{{ stream_partition.user_id }}", "42");
  check ("{{ stream_slice.start_time }}", "2024-01-01");
  check ("{{ parameters.path }}/{{ parameters['name'] }}", "/users/users");
  check ("{{ response.missing }}", "");
  check ("{{ response.missing.deeper }}", "");
  check ("plain text", "plain text");
  check ("a {# a comment #}b", "a b");
  check ("{{- config.subdomain -}}", "acme");
}

static void
test_expr_operators (void)
{
  check ("{{ not response.meta.has_more }}", "True");
  check ("{{ response.meta.has_more or 'no' }}", "no");
  check ("{{ response.meta.total and 'yes' }}", "yes");
  check ("{{ 'a' in config.repos }}", "True");
  check ("{{ 'z' not in config.repos }}", "True");
  check ("{{ 'id' in last_record }}", "True");
  check ("{{ 'cm' in config.subdomain }}", "True");
  check ("{{ last_page_size == 2 }}", "True");
  check ("{{ last_page_size != 2 }}", "False");
  check ("{{ last_page_size < config.page_size }}", "True");
  check ("{{ 1 if response.meta.has_more else 0 }}", "0");
  check ("{{ 'x' if true }}", "x");
  check ("{{ 'x' if false }}", "");
  check ("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 / 2 }}", "3 -4 1 2 3.5");
  check ("{{ 2 * 3 + 1 }}", "7");
  check ("{{ 1.5 + 1 }}", "2.5");
  check ("{{ 'a' ~ 1 ~ none }}", "a1None");
  check ("{{ 'a' + 'b' }}", "ab");
  check ("{{ response.empty is none }}", "True");
  check ("{{ response.meta is not none }}", "True");
  check ("{{ response.nope is defined }}", "False");
  check ("{{ [1, 2] + [3] }}", "[1,2,3]");
  check ("{{ {'a': 1}['a'] }}", "1");
  check ("{{ True }} {{ None }} {{ false }}", "True None False");
}

static void
test_expr_filters (void)
{
  check ("{{ response.data | length }}", "2");
  check ("{{ 'abc' | length }}", "3");
  check ("{{ '42' | int + 1 }}", "43");
  check ("{{ 'x' | int }}", "0");
  check ("{{ '2.5' | float }}", "2.5");
  check ("{{ 3 | string ~ 'a' }}", "3a");
  check ("{{ 'AbC' | lower }}{{ 'a' | upper }}", "abcA");
  check ("{{ response.nope | default('d') }}", "d");
  check ("{{ config.repos | join(',') }}", "a,b");
  check ("{{ config.repos | first }}{{ config.repos | last }}", "ab");
  check ("{{ last_record | tojson }}", "{\"id\":2,\"updated\":\"2024-02-03T04:05:06Z\"}");
  check ("{{ 'user:pass' | base64encode }}", "dXNlcjpwYXNz");
  check ("{{ 'a b' | urlencode }}", "a%20b");
  check ("{{ response.get('meta').get('next') }}", "c2");
  check ("{{ response.get('nope', 'dflt') }}", "dflt");
  check ("{{ 'a,b' .split(',') | length }}", "2");
  check ("{{ 'abc'.startswith('ab') }}", "True");
}

static void
test_expr_functions (void)
{
  g_autofree char *now = render ("{{ now_utc().strftime('%Y') }}");
  g_autofree char *delta = render ("{{ day_delta(-1, '%Y-%m-%d') }}");

  g_assert_cmpuint (strlen (now), ==, 4);
  g_assert_cmpuint (strlen (delta), ==, 10);
  check ("{{ format_datetime(config.start_date, '%Y/%m/%d') }}", "2024/01/01");
  check ("{{ format_datetime('2024-02-03T04:05:06Z', '%s') }}", "1706933106");
  check ("{{ format_datetime('2024-02-03T04:05:06Z', '%ms') }}", "1706933106000");
  check ("{{ timestamp('2024-02-03T04:05:06Z') }}", "1706933106");
  check ("{{ max(1, 5, 3) }} {{ min([4, 2]) }}", "5 2");
  check ("{{ str_to_datetime('2024-01-01').isoformat() }}", "2024-01-01T00:00:00+00:00");
}

static void
test_expr_typed (void)
{
  g_autoptr (cJSON) ctx = context ();
  g_autoptr (PbExpr) number = pb_expr_new ("{{ config.page_size }}", NULL);
  g_autoptr (PbExpr) object = pb_expr_new ("{{ response.meta }}", NULL);
  g_autoptr (PbExpr) mixed = pb_expr_new ("n={{ config.page_size }}", NULL);
  g_autoptr (PbExpr) stop = pb_expr_new ("{{ not response.meta.has_more }}", NULL);
  g_autoptr (PbExpr) literal = pb_expr_new ("{{", NULL);
  g_autoptr (cJSON) n = pb_expr_evaluate (number, ctx, NULL);
  g_autoptr (cJSON) o = pb_expr_evaluate (object, ctx, NULL);
  g_autoptr (cJSON) m = pb_expr_evaluate (mixed, ctx, NULL);
  gboolean truth = FALSE;

  g_assert_null (literal);
  g_assert_true (cJSON_IsNumber (n) && n->valuedouble == 50);
  g_assert_true (cJSON_IsObject (o));
  g_assert_cmpstr (cJSON_GetStringValue (m), ==, "n=50");
  g_assert_true (pb_expr_evaluate_boolean (stop, ctx, &truth, NULL));
  g_assert_true (truth);
  g_assert_false (pb_expr_is_literal (number));
}

static void
check_error (const char *text,
             int         code,
             const char *construct,
             guint       column)
{
  g_autoptr (GError) error = NULL;
  guint got_column = 0;
  g_autoptr (PbExpr) expr = pb_expr_new_full (text, &got_column, &error);

  g_assert_null (expr);
  g_assert_error (error, PB_ERROR, code);
  if (construct != NULL)
    g_assert_nonnull (strstr (error->message, construct));
  g_assert_cmpuint (got_column, ==, column);
}

static void
test_expr_errors (void)
{
  check_error ("{% for x in y %}{{ x }}{% endfor %}", PB_ERROR_UNSUPPORTED_FORMAT, "for", 1);
  check_error ("a {{ x | wordwrap }}", PB_ERROR_UNSUPPORTED_FORMAT, "wordwrap", 10);
  check_error ("{{ eval('1') }}", PB_ERROR_UNSUPPORTED_FORMAT, "eval", 4);
  check_error ("{{ x.pop() }}", PB_ERROR_UNSUPPORTED_FORMAT, "pop", 6);
  check_error ("{{ lambda: 1 }}", PB_ERROR_UNSUPPORTED_FORMAT, "lambda", 4);
  check_error ("{{ x[1:2] }}", PB_ERROR_UNSUPPORTED_FORMAT, NULL, 7);
  check_error ("{{ x is odd }}", PB_ERROR_UNSUPPORTED_FORMAT, "odd", 9);
  check_error ("{{ 2 ** 3 }}", PB_ERROR_UNSUPPORTED_FORMAT, "**", 6);
  check_error ("{{ x.get(default=1) }}", PB_ERROR_UNSUPPORTED_FORMAT, "default", 10);
  check_error ("{{ x }", PB_ERROR_PARSE, "}}", 1);
  check_error ("{{ 'abc }}", PB_ERROR_PARSE, NULL, 1);
  check_error ("{{ (1 }}", PB_ERROR_PARSE, ")", 7);
  check_error ("{{ 1 2 }}", PB_ERROR_PARSE, "2", 6);
  check_error ("{{ }}", PB_ERROR_PARSE, NULL, 4);
  check_error ("{{ $x }}", PB_ERROR_UNSUPPORTED_FORMAT, "$", 4);
  check_error ("é {{ a | nope }}", PB_ERROR_UNSUPPORTED_FORMAT, "nope", 10);
}

static void
test_expr_runtime_errors (void)
{
  g_autoptr (cJSON) ctx = context ();
  const char *bad[] = { "{{ 1 / 0 }}", "{{ [1] < 2 }}", "{{ 'a' - 1 }}", "{{ 1 in 2 }}",
                        "{{ 5 | length }}", "{{ timestamp('soon') }}" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = pb_expr_render (bad[i], ctx, &error);

      g_assert_null (out);
      g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "column"));
    }
}

static void
test_expr_deep (void)
{
  g_autoptr (GString) deep = g_string_new ("{{ ");
  g_autoptr (GString) chain = g_string_new ("{{ 1");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) error2 = NULL;
  g_autoptr (PbExpr) expr = NULL;
  g_autoptr (PbExpr) expr2 = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (deep, "(");
  g_string_append (deep, "1 }}");
  expr = pb_expr_new (deep->str, &error);
  g_assert_null (expr);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);

  for (guint i = 0; i < 100000; i++)
    g_string_append (chain, "+1");
  g_string_append (chain, " }}");
  expr2 = pb_expr_new (chain->str, &error2);
  g_assert_null (expr2);
  g_assert_error (error2, PB_ERROR, PB_ERROR_PARSE);
}

static void
test_datetime (void)
{
  g_autoptr (GDateTime) a = pb_runner_datetime_parse ("2024-02-03T04:05:06.5+02:00",
                                                      "%Y-%m-%dT%H:%M:%S.%f%z");
  g_autoptr (GDateTime) b = pb_runner_datetime_parse ("1706933106", "%s");
  g_autoptr (GDateTime) c = pb_runner_datetime_parse ("2024-13-03", "%Y-%m-%d");
  g_autoptr (GDateTime) d = pb_runner_datetime_parse ("2024-01-31", "%Y-%m-%d");
  g_autoptr (GDateTime) e = pb_runner_datetime_add_duration (d, "P1M", 1, NULL);
  g_autoptr (GDateTime) f = pb_runner_datetime_add_duration (d, "PT36H", 1, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) g = pb_runner_datetime_add_duration (d, "1 day", 1, &error);
  g_autofree char *a_text = pb_runner_datetime_format (a, "%Y-%m-%dT%H:%M:%S.%f%z");
  g_autofree char *e_text = pb_runner_datetime_format (e, "%F");
  g_autofree char *f_text = pb_runner_datetime_format (f, "%F %T");

  g_assert_cmpstr (a_text, ==, "2024-02-03T04:05:06.500000+0200");
  g_assert_cmpint (g_date_time_to_unix (b), ==, 1706933106);
  g_assert_null (c);
  g_assert_cmpstr (e_text, ==, "2024-02-29");
  g_assert_cmpstr (f_text, ==, "2024-02-01 12:00:00");
  g_assert_null (g);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/expr/names", test_expr_names);
  g_test_add_func ("/expr/operators", test_expr_operators);
  g_test_add_func ("/expr/filters", test_expr_filters);
  g_test_add_func ("/expr/functions", test_expr_functions);
  g_test_add_func ("/expr/typed", test_expr_typed);
  g_test_add_func ("/expr/errors", test_expr_errors);
  g_test_add_func ("/expr/runtime-errors", test_expr_runtime_errors);
  g_test_add_func ("/expr/deep", test_expr_deep);
  g_test_add_func ("/expr/datetime", test_datetime);
  return g_test_run ();
}
