/* pb-application-standin.h: TEMPORARY stand-in for the lead's pb_application_add_builder_project
 * (builder plan), removed when main has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-application.h"

static inline int
pb_standin_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return pb_builder_project_compare_names ((PbBuilderProject *) a, (PbBuilderProject *) b);
}

static inline gboolean
pb_application_add_builder_project (PbApplication *self, PbBuilderProject *project,
                                    GError **error)
{
  g_autofree char *dir = pb_builder_project_default_dir ();

  if (!pb_builder_project_save (project, dir, error))
    return FALSE;
  g_list_store_insert_sorted (G_LIST_STORE (pb_application_get_builder_projects (self)), project,
                              pb_standin_compare, NULL);
  return TRUE;
}
