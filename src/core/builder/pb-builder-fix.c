/* pb-builder-fix.c: one-click fixes from a test read's warnings (records_not_found's record
 * paths), applied to a builder project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-fix.h"
#include "pb-error.h"

G_DEFINE_BOXED_TYPE (PbBuilderFix, pb_builder_fix, pb_builder_fix_copy, pb_builder_fix_free)

PbBuilderFix *
pb_builder_fix_new (PbRunnerWarningCode  code,
                    const char          *stream,
                    const char          *key,
                    const char          *value)
{
  PbBuilderFix *fix = g_new0 (PbBuilderFix, 1);

  fix->code = code;
  fix->stream = g_strdup (stream);
  fix->key = g_strdup (key);
  fix->value = g_strdup (value != NULL ? value : "");
  return fix;
}

PbBuilderFix *
pb_builder_fix_copy (const PbBuilderFix *fix)
{
  g_return_val_if_fail (fix != NULL, NULL);
  return pb_builder_fix_new (fix->code, fix->stream, fix->key, fix->value);
}

void
pb_builder_fix_free (PbBuilderFix *fix)
{
  if (fix == NULL)
    return;
  g_free (fix->stream);
  g_free (fix->key);
  g_free (fix->value);
  g_free (fix);
}

GPtrArray *
pb_builder_fix_list (PbRunnerResult *result,
                     guint           index,
                     const char     *stream)
{
  GPtrArray *fixes = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_builder_fix_free);
  const PbRunnerWarning *warning;

  g_return_val_if_fail (PB_IS_RUNNER_RESULT (result), fixes);
  g_return_val_if_fail (index < pb_runner_result_get_n_warnings (result), fixes);
  g_return_val_if_fail (stream != NULL, fixes);

  warning = pb_runner_result_get_warning (result, index);
  if (warning->code == PB_RUNNER_WARNING_RECORDS_NOT_FOUND && warning->suggestions != NULL)
    for (guint i = 0; warning->suggestions[i] != NULL; i++)
      g_ptr_array_add (fixes, pb_builder_fix_new (warning->code, stream, "record_path",
                                                  warning->suggestions[i]));
  if (warning->code == PB_RUNNER_WARNING_SCHEMA_MISMATCH
      && pb_runner_result_get_record_count (result) > 0)
    {
      char *schema = cJSON_PrintUnformatted (pb_runner_result_get_schema (result));

      g_ptr_array_add (fixes, pb_builder_fix_new (warning->code, stream, "schema", schema));
      cJSON_free (schema);
    }
  return fixes;
}

gboolean
pb_builder_project_apply_fix (PbBuilderProject    *project,
                              const PbBuilderFix  *fix,
                              GError             **error)
{
  PbManifestStream *stream;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), FALSE);
  g_return_val_if_fail (fix != NULL, FALSE);

  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (project), fix->stream);
  if (stream == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("The stream “%s” is no longer in this project."), fix->stream);
      return FALSE;
    }
  if (g_strcmp0 (fix->key, "record_path") == 0)
    {
      g_auto (GStrv) path = *fix->value != '\0' ? g_strsplit (fix->value, ".", -1)
                                                : g_new0 (char *, 1);

      pb_manifest_stream_set_record_path (stream, (const char * const *) path);
    }
  else if (g_strcmp0 (fix->key, "schema") == 0)
    {
      cJSON *schema = cJSON_Parse (fix->value);

      if (!cJSON_IsObject (schema))
        {
          cJSON_Delete (schema);
          g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                               _("This schema is not a JSON object."));
          return FALSE;
        }
      pb_manifest_stream_take_schema (stream, schema);
    }
  else
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("This fix (%s) cannot be applied by this version of Plugboard."),
                   fix->key != NULL ? fix->key : "?");
      return FALSE;
    }
  pb_builder_project_mark_edited (project, fix->stream, fix->key);
  pb_builder_project_changed (project);
  return TRUE;
}
