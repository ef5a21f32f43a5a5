/* pb-connector-store.c: the list of connectors, kept in one versioned JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pb-connector-file.h"
#include "pb-connector-store-private.h"
#include "pb-error.h"
#include "pb-validate.h"

#define RELOAD_DELAY_MS 100

static void pb_connector_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbConnectorStore, pb_connector_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pb_connector_store_list_model_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_VAULT,
  PROP_AUTOSAVE_DELAY,
  PROP_DIRTY,
  N_PROPS
};

enum {
  SAVED,
  SAVE_FAILED,
  RELOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GListModel */

static GType
pb_connector_store_get_item_type (GListModel *model)
{
  return PB_TYPE_CONNECTOR;
}

static guint
pb_connector_store_get_n_items (GListModel *model)
{
  return PB_CONNECTOR_STORE (model)->items->len;
}

static gpointer
pb_connector_store_get_item (GListModel *model,
                             guint       position)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
pb_connector_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_connector_store_get_item_type;
  iface->get_n_items = pb_connector_store_get_n_items;
  iface->get_item = pb_connector_store_get_item;
}

/* Sorting: case-insensitive by name, then by id so the order is total. */

static int
compare_connectors (PbConnector *a,
                    PbConnector *b)
{
  g_autofree char *fa = g_utf8_casefold (pb_connector_get_name (a), -1);
  g_autofree char *fb = g_utf8_casefold (pb_connector_get_name (b), -1);
  int result = g_utf8_collate (fa, fb);

  if (result == 0)
    result = g_strcmp0 (pb_connector_get_name (a), pb_connector_get_name (b));
  if (result == 0)
    result = g_strcmp0 (pb_connector_get_id (a), pb_connector_get_id (b));
  return result;
}

static guint
sorted_position (PbConnectorStore *self,
                 PbConnector      *connector)
{
  guint pos = 0;

  while (pos < self->items->len &&
         compare_connectors (g_ptr_array_index (self->items, pos), connector) < 0)
    pos++;
  return pos;
}

static void
set_dirty (PbConnectorStore *self,
           gboolean          dirty)
{
  if (dirty)
    self->edits++;
  if (self->dirty == !!dirty)
    return;
  self->dirty = !!dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static gboolean
autosave_cb (gpointer user_data)
{
  PbConnectorStore *self = user_data;

  self->autosave_id = 0;
  /* In a worker, off the main loop. A failure emits "save-failed"; the edits stay pending
   * and the next change retries. */
  pb_connector_store_save_async (self, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (PbConnectorStore *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (self->autosave_delay, autosave_cb, self);
}

static void
on_connector_notify (PbConnector      *connector,
                     GParamSpec       *pspec,
                     PbConnectorStore *self)
{
  if (g_strcmp0 (pspec->name, "name") == 0)
    {
      guint old_pos, new_pos;

      /* Keep the model sorted: move the connector where its new name belongs. */
      if (g_ptr_array_find (self->items, connector, &old_pos))
        {
          g_ptr_array_steal_index (self->items, old_pos);
          new_pos = sorted_position (self, connector);
          g_ptr_array_insert (self->items, new_pos, connector);
          if (new_pos != old_pos)
            {
              g_list_model_items_changed (G_LIST_MODEL (self), old_pos, 1, 0);
              g_list_model_items_changed (G_LIST_MODEL (self), new_pos, 0, 1);
            }
        }
    }

  if (self->merging)
    return;

  g_hash_table_add (self->pending, g_strdup (pb_connector_get_id (connector)));
  set_dirty (self, TRUE);
  schedule_autosave (self);
}

/* Takes ownership of CONNECTOR. */
guint
pb_connector_store_insert_connector (PbConnectorStore *self,
                                     PbConnector      *connector)
{
  guint pos = sorted_position (self, connector);

  g_ptr_array_insert (self->items, pos, connector);
  g_signal_connect (connector, "notify", G_CALLBACK (on_connector_notify), self);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return pos;
}

void
pb_connector_store_remove_connector (PbConnectorStore *self,
                                     PbConnector      *connector)
{
  guint pos;

  if (!g_ptr_array_find (self->items, connector, &pos))
    return;
  g_signal_handlers_disconnect_by_data (connector, self);
  g_hash_table_remove (self->pending, pb_connector_get_id (connector));
  g_ptr_array_remove_index (self->items, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
}

/* Reads the file; UNCHANGED tells whether it is exactly what we last read or wrote. */
static gboolean
read_disk (PbConnectorStore  *self,
           PbConnectorFile   *state,
           gboolean          *unchanged,
           GError           **error)
{
  if (!pb_connector_file_read (self->path, state, error))
    return FALSE;

  *unchanged = state->complete && g_strcmp0 (state->checksum, self->last_checksum) == 0;
  g_free (self->last_checksum);
  self->last_checksum = g_strdup (state->checksum);

  if (state->warning != NULL)
    {
      g_debug ("%s", state->warning);
      g_free (self->load_warning);
      self->load_warning = g_strdup (state->warning);
      g_free (self->load_summary);
      self->load_summary = g_strdup (state->summary);
      g_free (self->load_detail);
      self->load_detail = g_strdup (state->detail);
    }
  return TRUE;
}

/* Brings the file's view into memory: local unsaved edits win, everything else follows the
 * file, and existing objects are updated in place. Returns TRUE if anything changed. */
static gboolean
merge_disk (PbConnectorStore *self,
            PbConnectorFile  *state)
{
  g_autoptr (GHashTable) on_disk = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean changed = FALSE;

  self->merging = TRUE;

  for (guint i = 0; i < state->entries->len; i++)
    {
      PbConnector *entry = g_ptr_array_index (state->entries, i);
      const char *id = pb_connector_get_id (entry);
      PbConnector *existing = pb_connector_store_find_by_id (self, id);

      g_hash_table_add (on_disk, (gpointer) id);
      if (existing != NULL)
        {
          if (g_hash_table_contains (self->pending, id))
            continue;
          if (pb_connector_get_modified (existing) != pb_connector_get_modified (entry) ||
              g_strcmp0 (pb_connector_get_name (existing), pb_connector_get_name (entry)) != 0)
            changed = TRUE;
          pb_connector_update_from (existing, entry);
        }
      else if (!g_hash_table_contains (self->deleted, id))
        {
          pb_connector_store_insert_connector (self, g_object_ref (entry));
          changed = TRUE;
        }
    }

  /* Gone from a complete file and not edited here: another program deleted it. */
  if (state->complete)
    {
      for (guint i = self->items->len; i > 0; i--)
        {
          PbConnector *connector = g_ptr_array_index (self->items, i - 1);
          const char *id = pb_connector_get_id (connector);

          if (!g_hash_table_contains (on_disk, id) && !g_hash_table_contains (self->pending, id))
            {
              pb_connector_store_remove_connector (self, connector);
              changed = TRUE;
            }
        }
    }

  self->merging = FALSE;
  return changed;
}

/* Defence in depth behind the CLI and GUI checks: a URL with "user:password@" would put a
 * credential in the file, so such a save is refused (the message does not repeat it). */
static gboolean
check_no_credentials (PbConnectorStore  *self,
                      GError           **error)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      PbConnector *c = g_ptr_array_index (self->items, i);
      const char *urls[] = {
        pb_connector_get_base_url (c), pb_connector_get_auth_url (c),
        pb_connector_get_token_url (c), pb_connector_get_redirect_uri (c),
      };

      for (guint j = 0; j < G_N_ELEMENTS (urls); j++)
        {
          if (pb_validate_url_has_userinfo (urls[j]))
            {
              g_set_error (error, PB_ERROR, PB_ERROR_INVALID_URL,
                           _("“%s” was not saved: one of its addresses holds a user name or "
                             "password before the host. Remove “user:password@” from it and "
                             "store the password as the connector’s secret."),
                           pb_connector_get_name (c));
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
pb_connector_store_save_internal (PbConnectorStore  *self,
                                  GError           **error)
{
  g_auto (PbConnectorFile) state = { 0 };
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean unchanged = FALSE;
  gsize length = 0;
  int lock_fd;
  gboolean ok;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  lock_fd = pb_connector_file_lock (self->path);

  /* Another writer may have changed other connectors since we read: merge them in first. */
  if (!read_disk (self, &state, &unchanged, &local_error))
    {
      pb_connector_file_unlock (lock_fd);
      goto failed;
    }
  if (!unchanged && merge_disk (self, &state))
    g_signal_emit (self, signals[RELOADED], 0);

  if (!check_no_credentials (self, &local_error))
    {
      pb_connector_file_unlock (lock_fd);
      goto failed;
    }

  data = pb_connector_file_serialize (self->items, &length);
  ok = pb_connector_file_write (self->path, data, length, &local_error);
  pb_connector_file_unlock (lock_fd);
  if (!ok)
    goto failed;

  g_free (self->last_checksum);
  self->last_checksum = pb_connector_file_checksum (data, length);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->deleted);
  set_dirty (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;

failed:
  g_signal_emit (self, signals[SAVE_FAILED], 0, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
pb_connector_store_check_no_credentials (PbConnectorStore  *self,
                                         GError           **error)
{
  return check_no_credentials (self, error);
}

void
pb_connector_store_merge_read (PbConnectorStore *self,
                               PbConnectorFile  *state)
{
  gboolean unchanged = state->complete && g_strcmp0 (state->checksum, self->last_checksum) == 0;

  g_free (self->last_checksum);
  self->last_checksum = g_strdup (state->checksum);
  if (state->warning != NULL)
    {
      g_free (self->load_warning);
      self->load_warning = g_strdup (state->warning);
      g_free (self->load_summary);
      self->load_summary = g_strdup (state->summary);
      g_free (self->load_detail);
      self->load_detail = g_strdup (state->detail);
    }
  if (!unchanged && merge_disk (self, state))
    g_signal_emit (self, signals[RELOADED], 0);
}

void
pb_connector_store_note_saved (PbConnectorStore *self,
                               const char       *expected,
                               const char       *checksum,
                               gboolean          all_written)
{
  /* A sync save or a reload that came in between knows the file better. */
  if (g_strcmp0 (self->last_checksum, expected) == 0)
    {
      g_free (self->last_checksum);
      self->last_checksum = g_strdup (checksum);
    }
  if (all_written)
    {
      g_hash_table_remove_all (self->pending);
      g_hash_table_remove_all (self->deleted);
      set_dirty (self, FALSE);
    }
  g_signal_emit (self, signals[SAVED], 0);
}

/* File monitor: other programs (plugboard-cli) change the file. */

static gboolean
reload_cb (gpointer user_data)
{
  PbConnectorStore *self = user_data;
  g_auto (PbConnectorFile) state = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean unchanged = FALSE;
  gboolean changed;

  self->reload_id = 0;
  if (!read_disk (self, &state, &unchanged, &error))
    {
      g_warning ("%s", error->message);
      return G_SOURCE_REMOVE;
    }
  if (unchanged)
    return G_SOURCE_REMOVE;

  changed = merge_disk (self, &state);
  /* A damaged file was moved aside: write out what we have so nothing more is lost. */
  if (!state.complete)
    pb_connector_store_save_internal (self, NULL);
  if (changed || !state.complete)
    g_signal_emit (self, signals[RELOADED], 0);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 PbConnectorStore  *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  /* Coalesce the burst of events a rename produces. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
start_monitor (PbConnectorStore *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;

  if (self->monitor != NULL)
    return;
  /* Watching works best when the folder exists: on a first start it does not yet. */
  dir = g_path_get_dirname (self->path);
  g_mkdir_with_parents (dir, 0700);
  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Not watching %s: %s", self->path, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_file_changed), self);
}

/* GObject */

static void
pb_connector_store_dispose (GObject *object)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (object);

  /* Edits still waiting for the autosave are written, not dropped. */
  if (self->dirty && self->autosave_id != 0)
    {
      g_autoptr (GError) error = NULL;

      if (!pb_connector_store_save_internal (self, &error))
        g_warning ("%s", error->message);
    }

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  for (guint i = 0; i < self->items->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->items, i), self);
  g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (pb_connector_store_parent_class)->dispose (object);
}

static void
pb_connector_store_finalize (GObject *object)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (object);

  g_free (self->path);
  g_free (self->load_warning);
  g_free (self->load_summary);
  g_free (self->load_detail);
  g_free (self->last_checksum);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->deleted);
  pb_connector_store_free_saves (self);

  G_OBJECT_CLASS (pb_connector_store_parent_class)->finalize (object);
}

static void
pb_connector_store_constructed (GObject *object)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (object);

  G_OBJECT_CLASS (pb_connector_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_data_dir (), "plugboard", "connectors.json", NULL);
  if (self->vault == NULL)
    self->vault = g_object_ref (pb_vault_get_default ());
}

static void
pb_connector_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;
    case PROP_AUTOSAVE_DELAY:
      g_value_set_uint (value, self->autosave_delay);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PbConnectorStore *self = PB_CONNECTOR_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_VAULT:
      self->vault = g_value_dup_object (value);
      break;
    case PROP_AUTOSAVE_DELAY:
      pb_connector_store_set_autosave_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_store_class_init (PbConnectorStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pb_connector_store_constructed;
  object_class->dispose = pb_connector_store_dispose;
  object_class->finalize = pb_connector_store_finalize;
  object_class->get_property = pb_connector_store_get_property;
  object_class->set_property = pb_connector_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VAULT] =
    g_param_spec_object ("vault", NULL, NULL, PB_TYPE_VAULT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTOSAVE_DELAY] =
    g_param_spec_uint ("autosave-delay", NULL, NULL, 0, G_MAXUINT, 500,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pb_connector_store_init (PbConnectorStore *self)
{
  self->autosave_delay = 500;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Public API */

PbConnectorStore *
pb_connector_store_new (const char *path,
                        PbVault    *vault)
{
  return g_object_new (PB_TYPE_CONNECTOR_STORE, "path", path, "vault", vault, NULL);
}

const char *
pb_connector_store_get_path (PbConnectorStore *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);
  return self->path;
}

PbVault *
pb_connector_store_get_vault (PbConnectorStore *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);
  return self->vault;
}

const char *
pb_connector_store_get_load_warning (PbConnectorStore *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);
  return self->load_warning;
}

const char *
pb_connector_store_get_load_summary (PbConnectorStore *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);
  return self->load_summary;
}

const char *
pb_connector_store_get_load_detail (PbConnectorStore *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);
  return self->load_detail;
}

void
pb_connector_store_set_autosave_delay (PbConnectorStore *self,
                                       guint             msec)
{
  g_return_if_fail (PB_IS_CONNECTOR_STORE (self));

  if (self->autosave_delay == msec)
    return;
  self->autosave_delay = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSAVE_DELAY]);
}

gboolean
pb_connector_store_get_dirty (PbConnectorStore *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  return self->dirty;
}

gboolean
pb_connector_store_load (PbConnectorStore  *self,
                         GError           **error)
{
  g_auto (PbConnectorFile) state = { 0 };
  gboolean unchanged = FALSE;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);

  g_clear_pointer (&self->load_warning, g_free);
  g_clear_pointer (&self->load_summary, g_free);
  g_clear_pointer (&self->load_detail, g_free);
  if (!read_disk (self, &state, &unchanged, error))
    return FALSE;
  if (merge_disk (self, &state))
    g_signal_emit (self, signals[RELOADED], 0);

  /* The damaged file is gone (moved aside): write what was recovered right away. */
  if (!state.complete && state.entries->len > 0)
    {
      g_autoptr (GError) save_error = NULL;

      if (!pb_connector_store_save_internal (self, &save_error))
        g_warning ("%s", save_error->message);
    }

  start_monitor (self);
  return TRUE;
}

gboolean
pb_connector_store_save (PbConnectorStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  return pb_connector_store_save_internal (self, error);
}

gboolean
pb_connector_store_flush (PbConnectorStore  *self,
                          GError           **error)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);

  /* Let keyring label updates finish too (the CLI exits right after). */
  while (self->n_relabels > 0)
    g_main_context_iteration (NULL, TRUE);
  /* An autosave in flight ends first, so what is written last is the latest state. */
  pb_connector_store_wait_for_saves (self);

  if (!self->dirty)
    return TRUE;
  return pb_connector_store_save_internal (self, error);
}

char *
pb_connector_store_check_name (PbConnectorStore  *self,
                               const char        *name,
                               PbConnector       *except,
                               GError           **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                           _("The connector name is not valid text."));
      return NULL;
    }

  trimmed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_strstrip (trimmed);
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                           _("A connector needs a name. Enter one, for example “HubSpot API”."));
      return NULL;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (
            error, PB_ERROR, PB_ERROR_INVALID_NAME,
            _("A connector name must be one line of text, without tabs or line breaks."));
          return NULL;
        }
    }

  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; i < self->items->len; i++)
    {
      PbConnector *other = g_ptr_array_index (self->items, i);
      g_autofree char *other_folded = NULL;

      if (other == except)
        continue;
      other_folded = g_utf8_casefold (pb_connector_get_name (other), -1);
      if (g_strcmp0 (folded, other_folded) == 0)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                       _("There is already a connector called “%s”. Choose another name."),
                       pb_connector_get_name (other));
          return NULL;
        }
    }

  return g_steal_pointer (&trimmed);
}

gboolean
pb_connector_store_add (PbConnectorStore  *self,
                        PbConnector       *connector,
                        GError           **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  if (pb_connector_store_find_by_id (self, pb_connector_get_id (connector)) != NULL)
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                           _("This connector is already in the list."));
      return FALSE;
    }
  name = pb_connector_store_check_name (self, pb_connector_get_name (connector), NULL, error);
  if (name == NULL)
    return FALSE;

  pb_connector_set_name (connector, name);
  g_hash_table_remove (self->deleted, pb_connector_get_id (connector));
  pb_connector_store_insert_connector (self, g_object_ref (connector));
  g_hash_table_add (self->pending, g_strdup (pb_connector_get_id (connector)));
  set_dirty (self, TRUE);

  if (!pb_connector_store_save_internal (self, error))
    {
      /* Nothing happened: the caller keeps the connector and can try again. */
      pb_connector_store_remove_connector (self, connector);
      return FALSE;
    }
  return TRUE;
}

PbConnector *
pb_connector_store_create (PbConnectorStore  *self,
                           const char        *name,
                           PbConnectorKind    kind,
                           GError           **error)
{
  g_autoptr (PbConnector) connector = NULL;
  g_autofree char *checked = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);

  checked = pb_connector_store_check_name (self, name, NULL, error);
  if (checked == NULL)
    return NULL;

  connector = pb_connector_new (checked, kind);
  if (kind == PB_CONNECTOR_KIND_INTERCOM)
    {
      /* Intercom's fixed endpoints. */
      pb_connector_set_base_url (connector, "https://api.intercom.io");
      pb_connector_set_auth_url (connector, "https://app.intercom.com/oauth");
      pb_connector_set_token_url (connector, "https://api.intercom.io/auth/eagle/token");
    }
  else if (kind == PB_CONNECTOR_KIND_API_KEY)
    {
      /* The one rule for a new API key connector, whichever way it is made (+ dialog, CLI,
       * the generic setup form): "Authorization: Bearer KEY", shown in its fields. */
      pb_connector_set_auth_header (connector, PB_CONNECTOR_DEFAULT_AUTH_HEADER);
      pb_connector_set_auth_prefix (connector, PB_CONNECTOR_DEFAULT_AUTH_PREFIX);
    }
  if (!pb_connector_store_add (self, connector, error))
    return NULL;
  return connector;   /* the store holds a reference */
}


gboolean
pb_connector_store_rename (PbConnectorStore  *self,
                           PbConnector       *connector,
                           const char        *new_name,
                           GError           **error)
{
  g_autofree char *checked = NULL;
  g_autofree char *old_name = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), FALSE);

  checked = pb_connector_store_check_name (self, new_name, connector, error);
  if (checked == NULL)
    return FALSE;
  if (g_strcmp0 (checked, pb_connector_get_name (connector)) == 0)
    return TRUE;

  old_name = g_strdup (pb_connector_get_name (connector));
  pb_connector_set_name (connector, checked);
  if (!pb_connector_store_save_internal (self, error))
    {
      pb_connector_set_name (connector, old_name);
      return FALSE;
    }
  pb_connector_store_relabel_secrets (self, connector);
  return TRUE;
}

PbConnector *
pb_connector_store_find_by_name (PbConnectorStore *self,
                                 const char       *name)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;

  trimmed = g_strstrip (g_utf8_normalize (name, -1, G_NORMALIZE_NFC));
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (pb_connector_get_name (g_ptr_array_index (self->items, i)), trimmed) == 0)
      return g_ptr_array_index (self->items, i);

  /* Names are unique case-insensitively, so this is unambiguous. */
  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *other
        = g_utf8_casefold (pb_connector_get_name (g_ptr_array_index (self->items, i)), -1);

      if (g_strcmp0 (folded, other) == 0)
        return g_ptr_array_index (self->items, i);
    }
  return NULL;
}

PbConnector *
pb_connector_store_find_by_id (PbConnectorStore *self,
                               const char       *id)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);

  for (guint i = 0; id != NULL && i < self->items->len; i++)
    if (g_strcmp0 (pb_connector_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      return g_ptr_array_index (self->items, i);
  return NULL;
}
