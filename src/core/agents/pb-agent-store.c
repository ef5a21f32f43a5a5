/* pb-agent-store.c: the list of agents, kept in one versioned JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-agent-store-private.h"
#include "pb-connector-file.h"
#include "pb-error.h"
#include "pb-list-model.h"

#define RELOAD_DELAY_MS 100


static void pb_agent_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbAgentStore, pb_agent_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pb_agent_store_list_model_init))

enum {
  SAVED,
  SAVE_FAILED,
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pb_agent_store_list_model_init (GListModelInterface *iface)
{
  pb_list_model_init_ptr_array (iface, PB_TYPE_AGENT, G_STRUCT_OFFSET (PbAgentStore, items));
}

static int
compare_agents (PbAgent *a,
                PbAgent *b)
{
  g_autofree char *fa = g_utf8_casefold (pb_agent_get_name (a), -1);
  g_autofree char *fb = g_utf8_casefold (pb_agent_get_name (b), -1);
  int result = g_utf8_collate (fa, fb);

  if (result == 0)
    result = g_strcmp0 (pb_agent_get_id (a), pb_agent_get_id (b));
  return result;
}

static guint
sorted_position (PbAgentStore *self,
                 PbAgent      *agent)
{
  guint pos = 0;

  while (pos < self->items->len &&
         compare_agents (g_ptr_array_index (self->items, pos), agent) < 0)
    pos++;
  return pos;
}

static gboolean
autosave_cb (gpointer user_data)
{
  PbAgentStore *self = user_data;

  self->autosave_id = 0;
  pb_agent_store_save (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_agent_notify (PbAgent      *agent,
                 GParamSpec   *pspec,
                 PbAgentStore *self)
{
  if (g_strcmp0 (pspec->name, "name") == 0)
    {
      guint old_pos, new_pos;

      if (g_ptr_array_find (self->items, agent, &old_pos))
        {
          g_ptr_array_steal_index (self->items, old_pos);
          new_pos = sorted_position (self, agent);
          g_ptr_array_insert (self->items, new_pos, agent);
          if (new_pos != old_pos)
            {
              g_list_model_items_changed (G_LIST_MODEL (self), old_pos, 1, 0);
              g_list_model_items_changed (G_LIST_MODEL (self), new_pos, 0, 1);
            }
        }
    }
  if (self->merging || g_strcmp0 (pspec->name, "modified") != 0)
    return;

  g_hash_table_add (self->pending, g_strdup (pb_agent_get_id (agent)));
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (self->autosave_delay, autosave_cb, self);
}

void
pb_agent_store_insert_agent (PbAgentStore *self,
              PbAgent      *agent)   /* transfer full */
{
  guint pos = sorted_position (self, agent);

  g_ptr_array_insert (self->items, pos, agent);
  g_signal_connect (agent, "notify", G_CALLBACK (on_agent_notify), self);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
}

void
pb_agent_store_remove_agent (PbAgentStore *self,
              PbAgent      *agent)
{
  guint pos;

  if (!g_ptr_array_find (self->items, agent, &pos))
    return;
  g_signal_handlers_disconnect_by_data (agent, self);
  g_hash_table_remove (self->pending, pb_agent_get_id (agent));
  g_ptr_array_remove_index (self->items, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
}

gboolean
pb_agent_store_save (PbAgentStore  *self,
                     GError       **error)
{
  g_auto (PbAgentFileState) state = { 0 };
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean ok;
  int lock_fd;

  g_return_val_if_fail (PB_IS_AGENT_STORE (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  lock_fd = pb_connector_file_lock (self->path);
  ok = pb_agent_store_read_file (self, &state, &local_error);
  if (ok)
    {
      if (g_strcmp0 (state.checksum, self->last_checksum) != 0 &&
          pb_agent_store_merge_file (self, &state))
        g_signal_emit (self, signals[RELOADED], 0);
      data = pb_agent_store_serialize (self, &length);
      ok = pb_connector_file_write (self->path, data, length, &local_error);
    }
  pb_connector_file_unlock (lock_fd);

  if (!ok)
    {
      g_signal_emit (self, signals[SAVE_FAILED], 0, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_free (self->last_checksum);
  self->last_checksum = pb_connector_file_checksum (data, length);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->deleted);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

static gboolean
reload_cb (gpointer user_data)
{
  PbAgentStore *self = user_data;
  g_auto (PbAgentFileState) state = { 0 };
  g_autoptr (GError) error = NULL;

  self->reload_id = 0;
  if (!pb_agent_store_read_file (self, &state, &error))
    {
      g_warning ("%s", error->message);
      return G_SOURCE_REMOVE;
    }
  if (state.complete && g_strcmp0 (state.checksum, self->last_checksum) == 0)
    return G_SOURCE_REMOVE;
  g_free (self->last_checksum);
  self->last_checksum = g_strdup (state.checksum);
  if (pb_agent_store_merge_file (self, &state) || !state.complete)
    {
      pb_agent_store_sync (self);
      g_signal_emit (self, signals[RELOADED], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
on_file_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 PbAgentStore      *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

gboolean
pb_agent_store_load (PbAgentStore  *self,
                     GError       **error)
{
  g_auto (PbAgentFileState) state = { 0 };
  g_autoptr (GFile) file = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (PB_IS_AGENT_STORE (self), FALSE);

  if (!pb_agent_store_read_file (self, &state, error))
    return FALSE;
  g_free (self->last_checksum);
  self->last_checksum = g_strdup (state.checksum);
  pb_agent_store_merge_file (self, &state);
  pb_agent_store_sync (self);

  if (self->monitor == NULL)
    {
      dir = g_path_get_dirname (self->path);
      g_mkdir_with_parents (dir, 0700);
      file = g_file_new_for_path (self->path);
      self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, NULL);
      if (self->monitor != NULL)
        g_signal_connect (self->monitor, "changed", G_CALLBACK (on_file_changed), self);
    }
  return TRUE;
}

/* Following the connectors */

/* Rewrites the old names of renamed connectors in INSTRUCTIONS. */
static char *
rewrite_renamed (PbAgentStore *self,
                 PbAgent      *agent)
{
  g_autoptr (GListStore) old_names = g_list_store_new (PB_TYPE_CONNECTOR);
  g_autoptr (GPtrArray) mentions = NULL;
  const char *text = pb_agent_get_instructions (agent);
  g_autoptr (GString) result = NULL;
  gsize copied = 0;

  for (guint i = 0; i < pb_agent_get_n_links (agent); i++)
    {
      PbConnector *c = pb_connector_store_find_by_id (self->connectors,
                                                      pb_agent_get_link_id (agent, i));
      const char *old_name = pb_agent_get_link_name (agent, i);
      g_autoptr (PbConnector) was = NULL;

      if (c == NULL || *old_name == '\0' || strcmp (old_name, pb_connector_get_name (c)) == 0)
        continue;
      was = g_object_new (PB_TYPE_CONNECTOR, "id", pb_connector_get_id (c),
                          "name", old_name, NULL);
      g_list_store_append (old_names, was);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (old_names)) == 0)
    return NULL;

  mentions = pb_mentions_find (text, G_LIST_MODEL (old_names));
  result = g_string_new (NULL);
  for (guint i = 0; i < mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (mentions, i);
      PbConnector *c;

      if (m->connector_id == NULL ||
          (c = pb_connector_store_find_by_id (self->connectors, m->connector_id)) == NULL)
        continue;
      g_string_append_len (result, text + copied, m->name_start - copied);
      g_string_append (result, pb_connector_get_name (c));
      copied = m->name_end;
    }
  g_string_append (result, text + copied);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

static void
resolve (PbAgentStore *self,
         PbAgent      *agent)
{
  g_autoptr (GPtrArray) mentions = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  if (self->connectors == NULL)
    return;
  mentions = pb_mentions_find (pb_agent_get_instructions (agent),
                               G_LIST_MODEL (self->connectors));
  for (guint i = 0; i < mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (mentions, i);
      gboolean seen = FALSE;

      if (m->connector_id == NULL)
        continue;
      for (guint j = 0; j < ids->len && !seen; j++)
        seen = strcmp (ids->pdata[j], m->connector_id) == 0;
      if (seen)
        continue;
      g_ptr_array_add (ids, m->connector_id);
      g_ptr_array_add (names, m->connector_name);
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (names, NULL);
  pb_agent_set_links (agent, (const char * const *) ids->pdata,
                      (const char * const *) names->pdata);
}

void
pb_agent_store_sync (PbAgentStore *self)
{
  g_return_if_fail (PB_IS_AGENT_STORE (self));

  if (self->connectors == NULL || self->syncing)
    return;
  self->syncing = TRUE;
  for (guint i = 0; i < self->items->len; i++)
    {
      PbAgent *agent = g_ptr_array_index (self->items, i);
      g_autofree char *rewritten = rewrite_renamed (self, agent);

      if (rewritten != NULL)
        pb_agent_set_instructions (agent, rewritten);
      resolve (self, agent);
    }
  self->syncing = FALSE;
}

static void
on_connectors_changed (PbAgentStore *self)
{
  pb_agent_store_sync (self);
}

/* GObject */

static void
pb_agent_store_dispose (GObject *object)
{
  PbAgentStore *self = PB_AGENT_STORE (object);

  if (self->autosave_id != 0)
    pb_agent_store_save (self, NULL);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->connectors != NULL)
    g_signal_handlers_disconnect_by_data (self->connectors, self);
  g_clear_object (&self->connectors);
  for (guint i = 0; i < self->items->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->items, i), self);
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (pb_agent_store_parent_class)->dispose (object);
}

static void
pb_agent_store_finalize (GObject *object)
{
  PbAgentStore *self = PB_AGENT_STORE (object);

  g_free (self->path);
  g_free (self->load_warning);
  g_free (self->last_checksum);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->deleted);

  G_OBJECT_CLASS (pb_agent_store_parent_class)->finalize (object);
}

static void
pb_agent_store_class_init (PbAgentStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_agent_store_dispose;
  object_class->finalize = pb_agent_store_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pb_agent_store_init (PbAgentStore *self)
{
  self->autosave_delay = 300;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

PbAgentStore *
pb_agent_store_new (const char       *path,
                    PbConnectorStore *connectors)
{
  PbAgentStore *self = g_object_new (PB_TYPE_AGENT_STORE, NULL);

  self->path = path != NULL
    ? g_strdup (path)
    : g_build_filename (g_get_user_data_dir (), "plugboard", "agents.json", NULL);
  if (connectors != NULL)
    {
      self->connectors = g_object_ref (connectors);
      g_signal_connect_swapped (connectors, "items-changed",
                                G_CALLBACK (on_connectors_changed), self);
      g_signal_connect_swapped (connectors, "reloaded", G_CALLBACK (on_connectors_changed),
                                self);
      g_signal_connect_swapped (connectors, "saved", G_CALLBACK (on_connectors_changed), self);
    }
  return self;
}

const char *
pb_agent_store_get_path (PbAgentStore *self)
{
  return self->path;
}

PbConnectorStore *
pb_agent_store_get_connectors (PbAgentStore *self)
{
  return self->connectors;
}

void
pb_agent_store_set_autosave_delay (PbAgentStore *self,
                                   guint         msec)
{
  self->autosave_delay = msec;
}

gboolean
pb_agent_store_has_changes (PbAgentStore *self)
{
  return g_hash_table_size (self->pending) > 0 || g_hash_table_size (self->deleted) > 0;
}

const char *
pb_agent_store_get_load_warning (PbAgentStore *self)
{
  return self->load_warning;
}

/* Changes */

char *
pb_agent_store_check_name (PbAgentStore  *self,
                           const char    *name,
                           PbAgent       *except,
                           GError       **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  PbAgent *other;

  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                   _("Give the agent a name, for example “Support digest”."));
      return NULL;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                     _("An agent's name cannot hold line breaks or control characters."));
        return NULL;
      }
  other = pb_agent_store_find_by_name (self, trimmed);
  if (other != NULL && other != except)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                   _("There is already an agent called “%s”. Choose another name."),
                   pb_agent_get_name (other));
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

PbAgent *
pb_agent_store_create (PbAgentStore  *self,
                       const char    *name,
                       const char    *instructions,
                       GError       **error)
{
  g_autofree char *checked = pb_agent_store_check_name (self, name, NULL, error);
  PbAgent *agent;

  if (checked == NULL)
    return NULL;
  agent = pb_agent_new (checked, instructions);
  resolve (self, agent);
  pb_agent_store_insert_agent (self, agent);
  g_hash_table_add (self->pending, g_strdup (pb_agent_get_id (agent)));
  return agent;
}

gboolean
pb_agent_store_rename (PbAgentStore  *self,
                       PbAgent       *agent,
                       const char    *new_name,
                       GError       **error)
{
  g_autofree char *checked = pb_agent_store_check_name (self, new_name, agent, error);

  if (checked == NULL)
    return FALSE;
  pb_agent_set_name (agent, checked);
  return TRUE;
}

void
pb_agent_store_set_instructions (PbAgentStore *self,
                                 PbAgent      *agent,
                                 const char   *instructions)
{
  pb_agent_set_instructions (agent, instructions);
  resolve (self, agent);
}

void
pb_agent_store_delete (PbAgentStore *self,
                       PbAgent      *agent)
{
  g_hash_table_add (self->deleted, g_strdup (pb_agent_get_id (agent)));
  pb_agent_store_remove_agent (self, agent);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (self->autosave_delay, autosave_cb, self);
}

/* Lookups */

PbAgent *
pb_agent_store_find_by_name (PbAgentStore *self,
                             const char   *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *folded = g_utf8_casefold (trimmed, -1);

  for (guint i = 0; i < self->items->len; i++)
    {
      PbAgent *agent = g_ptr_array_index (self->items, i);
      g_autofree char *other = g_utf8_casefold (pb_agent_get_name (agent), -1);

      if (strcmp (folded, other) == 0)
        return agent;
    }
  return NULL;
}

PbAgent *
pb_agent_store_find_by_id (PbAgentStore *self,
                           const char   *id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (pb_agent_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      return g_ptr_array_index (self->items, i);
  return NULL;
}

PbAgent *
pb_agent_store_find_by_token (PbAgentStore *self,
                              const char   *token)
{
  for (guint i = 0; token != NULL && i < self->items->len; i++)
    if (pb_agent_check_token (g_ptr_array_index (self->items, i), token))
      return g_ptr_array_index (self->items, i);
  return NULL;
}

GPtrArray *
pb_agent_store_list_using (PbAgentStore *self,
                           const char   *connector_id)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < self->items->len; i++)
    if (pb_agent_has_link (g_ptr_array_index (self->items, i), connector_id))
      g_ptr_array_add (result, g_ptr_array_index (self->items, i));
  return result;
}

GPtrArray *
pb_agent_store_find_mentions (PbAgentStore *self,
                              PbAgent      *agent)
{
  return pb_mentions_find (pb_agent_get_instructions (agent),
                           self->connectors != NULL ? G_LIST_MODEL (self->connectors) : NULL);
}

GPtrArray *
pb_agent_store_list_connectors (PbAgentStore *self,
                                PbAgent      *agent)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; self->connectors != NULL && i < pb_agent_get_n_links (agent); i++)
    {
      PbConnector *c = pb_connector_store_find_by_id (self->connectors,
                                                      pb_agent_get_link_id (agent, i));
      if (c != NULL)
        g_ptr_array_add (result, c);
    }
  return result;
}
