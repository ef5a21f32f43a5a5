/* pb-builder-standin.c: TEMPORARY stand-ins for the lead's PbBuilderProject API (builder plan),
 * removed when main has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-builder-standin.h"

static void
ensure_signal (void)
{
  if (g_signal_lookup ("changed", PB_TYPE_BUILDER_PROJECT) == 0)
    g_signal_new ("changed", PB_TYPE_BUILDER_PROJECT, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static GHashTable *
set_of (PbBuilderProject *self,
        const char       *name)
{
  GHashTable *set = g_object_get_data (G_OBJECT (self), name);

  ensure_signal ();
  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (self), name, set, (GDestroyNotify) g_hash_table_unref);
    }
  return set;
}

static char *
edit_key (const char *stream,
          const char *key)
{
  return g_strconcat (stream != NULL ? stream : "", "\x1f", key, NULL);
}

void
pb_builder_project_mark_edited (PbBuilderProject *self, const char *stream, const char *key)
{
  g_hash_table_add (set_of (self, "pb-edited"), edit_key (stream, key));
}

gboolean
pb_builder_project_is_edited (PbBuilderProject *self, const char *stream, const char *key)
{
  g_autofree char *k = edit_key (stream, key);

  return g_hash_table_contains (set_of (self, "pb-edited"), k);
}

gboolean
pb_builder_project_get_stream_selected (PbBuilderProject *self, const char *stream)
{
  return g_hash_table_contains (set_of (self, "pb-selected"), stream);
}

void
pb_builder_project_set_stream_selected (PbBuilderProject *self, const char *stream,
                                        gboolean selected)
{
  if (selected)
    g_hash_table_add (set_of (self, "pb-selected"), g_strdup (stream));
  else
    g_hash_table_remove (set_of (self, "pb-selected"), stream);
}

void
pb_builder_project_changed (PbBuilderProject *self)
{
  ensure_signal ();
  g_signal_emit_by_name (self, "changed");
}

PbBuilderProject *
pb_builder_project_new_from_assist (PbManifest *manifest, const char *name)
{
  PbBuilderProject *self = pb_builder_project_new (manifest, name);

  ensure_signal ();
  for (guint i = 0; i < pb_manifest_get_n_streams (manifest); i++)
    pb_builder_project_set_stream_selected (
      self, pb_manifest_stream_get_name (pb_manifest_get_stream (manifest, i)), TRUE);
  return self;
}
