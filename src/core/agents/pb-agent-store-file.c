/* pb-agent-store-file.c: reading, merging and writing agents.json (for PbAgentStore), with
 * the connector file's helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-agent-store-private.h"
#include "pb-connector-file.h"
#include "pb-error.h"

#define FILE_VERSION 1

void
pb_agent_file_state_clear (PbAgentFileState *state)
{
  g_clear_pointer (&state->entries, g_ptr_array_unref);
  g_clear_pointer (&state->checksum, g_free);
}



gboolean
pb_agent_store_read_file (PbAgentStore     *self,
                          PbAgentFileState *state,
           GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *problem = NULL;
  g_autofree char *moved_to = NULL;
  JsonObject *object = NULL;
  JsonNode *root, *agents;
  gsize length = 0;
  guint bad = 0;

  state->entries = g_ptr_array_new_with_free_func (g_object_unref);
  state->complete = TRUE;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE, _("Could not read the agents file: %s"),
                   local_error->message);
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    problem = g_strdup_printf (_("it is not valid JSON: %s"), local_error->message);
  else if ((root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    problem = g_strdup (_("it does not hold a JSON object"));
  else if ((object = json_node_get_object (root)),
           json_object_get_int_member_with_default (object, "version", 0) != FILE_VERSION)
    problem = g_strdup (_("it has a format version this Plugboard does not know"));
  else if ((agents = json_object_get_member (object, "agents")) == NULL ||
           !JSON_NODE_HOLDS_ARRAY (agents))
    problem = g_strdup (_("it has no list of agents"));
  else
    {
      JsonArray *array = json_node_get_array (agents);
      g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr (GError) entry_error = NULL;
          PbAgent *agent = pb_agent_new_from_json (json_array_get_element (array, i),
                                                   &entry_error);

          if (agent == NULL || !g_hash_table_add (ids, (gpointer) pb_agent_get_id (agent)))
            {
              bad++;
              g_clear_object (&agent);
              continue;
            }
          g_ptr_array_add (state->entries, agent);
        }
    }

  if (problem == NULL && bad == 0)
    {
      state->checksum = pb_connector_file_checksum (contents, length);
      return TRUE;
    }

  state->complete = FALSE;
  moved_to = pb_connector_file_move_aside (self->path, error);
  if (moved_to == NULL)
    return FALSE;
  g_free (self->load_warning);
  if (problem != NULL)
    self->load_warning = g_strdup_printf (_("The agents file could not be read (%s). It was "
                                            "moved to “%s” unchanged."),
                                          problem, moved_to);
  else
    self->load_warning = g_strdup_printf (
      ngettext ("%u agent in the agents file could not be read and was left out. The "
                "original file was moved to “%s” unchanged.",
                "%u agents in the agents file could not be read and were left out. The "
                "original file was moved to “%s” unchanged.",
                bad),
      bad, moved_to);
  return TRUE;
}

/* Local unsaved changes win; everything else follows the file. */
gboolean
pb_agent_store_merge_file (PbAgentStore     *self,
                           PbAgentFileState *state)
{
  g_autoptr (GHashTable) on_disk = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean changed = FALSE;

  self->merging = TRUE;
  for (guint i = 0; i < state->entries->len; i++)
    {
      PbAgent *entry = g_ptr_array_index (state->entries, i);
      const char *id = pb_agent_get_id (entry);
      PbAgent *existing = pb_agent_store_find_by_id (self, id);

      g_hash_table_add (on_disk, (gpointer) id);
      if (existing != NULL)
        {
          if (g_hash_table_contains (self->pending, id))
            continue;
          if (pb_agent_get_modified (existing) != pb_agent_get_modified (entry))
            changed = TRUE;
          pb_agent_update_from (existing, entry);
        }
      else if (!g_hash_table_contains (self->deleted, id))
        {
          pb_agent_store_insert_agent (self, g_object_ref (entry));
          changed = TRUE;
        }
    }
  if (state->complete)
    for (guint i = self->items->len; i > 0; i--)
      {
        PbAgent *agent = g_ptr_array_index (self->items, i - 1);
        const char *id = pb_agent_get_id (agent);

        if (!g_hash_table_contains (on_disk, id) && !g_hash_table_contains (self->pending, id))
          {
            pb_agent_store_remove_agent (self, agent);
            changed = TRUE;
          }
      }
  self->merging = FALSE;
  return changed;
}

char *
pb_agent_store_serialize (PbAgentStore *self,
                          gsize        *length)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, "agents");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    json_builder_add_value (builder, pb_agent_to_json (g_ptr_array_index (self->items, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}
