/* pb-connector-store.c: the list of connectors, kept in one versioned JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-connector-store-private.h"
#include "pb-error.h"
#include "pb-list-model.h"
#include "pb-validate.h"

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

static void
pb_connector_store_list_model_init (GListModelInterface *iface)
{
  pb_list_model_init_ptr_array (iface, PB_TYPE_CONNECTOR,
                                G_STRUCT_OFFSET (PbConnectorStore, items));
}

/* Names: one key for comparing names (NFC, case-folded) and one for sorting (its collation
 * key), cached on the connector so loading and sorting thousands stays linear. */

typedef struct {
  char *name;      /* the name the keys were made from */
  char *fold;
  char *collate;
} NameKeys;

static GQuark name_keys_quark;

static void
name_keys_free (gpointer data)
{
  NameKeys *keys = data;

  g_free (keys->name);
  g_free (keys->fold);
  g_free (keys->collate);
  g_free (keys);
}

/* NFC + case folding: two names are the same connector name when these are equal. Kept in
 * one place so a shared normalisation (issue 10, point 4) can replace it. */
char *
pb_connector_store_name_key (const char *name)
{
  /* one comparison key for every check: pb-validate.c's (trim, NFC, case fold) */
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");
  return pb_validate_name_key (name);
}

static NameKeys *
name_keys (PbConnector *connector)
{
  NameKeys *keys = g_object_get_qdata (G_OBJECT (connector), name_keys_quark);
  const char *name = pb_connector_get_name (connector);

  if (keys != NULL && g_strcmp0 (keys->name, name) == 0)
    return keys;
  keys = g_new0 (NameKeys, 1);
  keys->name = g_strdup (name);
  keys->fold = pb_connector_store_name_key (name);
  keys->collate = g_utf8_collate_key (keys->fold, -1);
  g_object_set_qdata_full (G_OBJECT (connector), name_keys_quark, keys, name_keys_free);
  return keys;
}

/* Sorting: case-insensitive by name, then by id so the order is total. */

static int
compare_connectors (PbConnector *a,
                    PbConnector *b)
{
  int result = strcmp (name_keys (a)->collate, name_keys (b)->collate);

  if (result == 0)
    result = g_strcmp0 (pb_connector_get_name (a), pb_connector_get_name (b));
  if (result == 0)
    result = g_strcmp0 (pb_connector_get_id (a), pb_connector_get_id (b));
  return result;
}

static int
compare_connectors_indirect (gconstpointer a,
                             gconstpointer b)
{
  return compare_connectors (*(PbConnector **) a, *(PbConnector **) b);
}

/* The first position whose connector sorts at or after CONNECTOR (binary search). */
static guint
sorted_position (PbConnectorStore *self,
                 PbConnector      *connector)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_connectors (g_ptr_array_index (self->items, mid), connector) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
pb_connector_store_set_dirty (PbConnectorStore *self,
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

  if (g_strcmp0 (pspec->name, "name") == 0)
    g_hash_table_add (self->named, g_strdup (pb_connector_get_id (connector)));
  g_hash_table_add (self->pending, g_strdup (pb_connector_get_id (connector)));
  pb_connector_store_set_dirty (self, TRUE);
  schedule_autosave (self);
}

/* Takes ownership of CONNECTOR. */
guint
pb_connector_store_insert_connector (PbConnectorStore *self,
                                     PbConnector      *connector)
{
  guint pos = sorted_position (self, connector);

  g_ptr_array_insert (self->items, pos, connector);
  g_hash_table_insert (self->by_id, (gpointer) pb_connector_get_id (connector), connector);
  g_signal_connect (connector, "notify", G_CALLBACK (on_connector_notify), self);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return pos;
}

/* Takes ownership of the connectors in ADDED. A few are inserted one by one (the list keeps
 * its selection); many, as when loading, are appended and sorted once. */
void
pb_connector_store_insert_many (PbConnectorStore *self,
                                GPtrArray        *added)
{
  guint old_len = self->items->len;

  if (added->len <= 16)
    {
      for (guint i = 0; i < added->len; i++)
        pb_connector_store_insert_connector (self, g_ptr_array_index (added, i));
      return;
    }
  for (guint i = 0; i < added->len; i++)
    {
      PbConnector *connector = g_ptr_array_index (added, i);

      g_ptr_array_add (self->items, connector);
      g_hash_table_insert (self->by_id, (gpointer) pb_connector_get_id (connector), connector);
      g_signal_connect (connector, "notify", G_CALLBACK (on_connector_notify), self);
    }
  g_ptr_array_sort (self->items, compare_connectors_indirect);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
}

void
pb_connector_store_remove_index (PbConnectorStore *self,
                                 guint             pos)
{
  PbConnector *connector = g_ptr_array_index (self->items, pos);

  g_signal_handlers_disconnect_by_data (connector, self);
  g_hash_table_remove (self->pending, pb_connector_get_id (connector));
  g_hash_table_remove (self->named, pb_connector_get_id (connector));
  if (g_hash_table_lookup (self->by_id, pb_connector_get_id (connector)) == connector)
    g_hash_table_remove (self->by_id, pb_connector_get_id (connector));
  g_ptr_array_remove_index (self->items, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
}

void
pb_connector_store_remove_connector (PbConnectorStore *self,
                                     PbConnector      *connector)
{
  guint pos;

  if (!g_ptr_array_find (self->items, connector, &pos))
    return;
  pb_connector_store_remove_index (self, pos);
}

/* Adds what became of the change to a file error, so nobody is told it will be saved later
 * when it was rolled back. */
void
pb_connector_store_tell_outcome (GError     **error,
                                 const char  *outcome)
{
  char *message;

  if (error == NULL || *error == NULL || (*error)->domain != PB_ERROR)
    return;
  if ((*error)->code != PB_ERROR_STORAGE && (*error)->code != PB_ERROR_PERMISSION_DENIED
      && (*error)->code != PB_ERROR_NOT_REGULAR_FILE && (*error)->code != PB_ERROR_NOT_A_FOLDER)
    return;
  message = g_strconcat ((*error)->message, " ", outcome, NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

/* Under the file lock, on the merged list: a name given here (new connector or rename) must
 * not be taken by any other connector, including one another program added meanwhile. */
gboolean
pb_connector_store_check_unique (PbConnectorStore  *self,
                                 GError           **error)
{
  g_autoptr (GHashTable) taken = NULL;

  if (g_hash_table_size (self->named) == 0)
    return TRUE;

  taken = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->items->len; i++)
    {
      PbConnector *c = g_ptr_array_index (self->items, i);

      if (!g_hash_table_contains (self->named, pb_connector_get_id (c)))
        g_hash_table_insert (taken, name_keys (c)->fold, c);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      PbConnector *c = g_ptr_array_index (self->items, i);
      PbConnector *other;

      if (!g_hash_table_contains (self->named, pb_connector_get_id (c)))
        continue;
      other = g_hash_table_lookup (taken, name_keys (c)->fold);
      if (other != NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                       _("There is already a connector called “%s”. Choose another name."),
                       pb_connector_get_name (other));
          return FALSE;
        }
      g_hash_table_insert (taken, name_keys (c)->fold, c);
    }
  return TRUE;
}

void
pb_connector_store_emit (PbConnectorStore *self,
                         PbStoreSignal     which,
                         const GError     *error)
{
  switch (which)
    {
    case PB_STORE_SIGNAL_SAVED:
      g_signal_emit (self, signals[SAVED], 0);
      break;
    case PB_STORE_SIGNAL_SAVE_FAILED:
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
      break;
    case PB_STORE_SIGNAL_RELOADED:
      g_signal_emit (self, signals[RELOADED], 0);
      break;
    }
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
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->doomed);
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
  g_hash_table_unref (self->doomed);
  g_hash_table_unref (self->named);
  g_hash_table_unref (self->known);
  g_hash_table_unref (self->by_id);
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

  name_keys_quark = g_quark_from_static_string ("pb-connector-store-name-keys");
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
  self->doomed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
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

char *
pb_connector_store_check_name (PbConnectorStore  *self,
                               const char        *name,
                               PbConnector       *except,
                               GError           **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);

  /* The rules (trim, NFC, no invisible or bidi characters, length) are shared: pb-validate.c. */
  trimmed = pb_validate_normalize_name (name, error);
  if (trimmed == NULL)
    return NULL;

  folded = pb_connector_store_name_key (trimmed);
  for (guint i = 0; i < self->items->len; i++)
    {
      PbConnector *other = g_ptr_array_index (self->items, i);

      if (other != except && strcmp (folded, name_keys (other)->fold) == 0)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                       _("There is already a connector called “%s”. Choose another name."),
                       pb_connector_get_name (other));
          return NULL;
        }
    }
  /* Undo must be able to bring it back under its name. */
  if (pb_connector_store_find_doomed_name (self, folded) != NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                   _("“%s” is being deleted and can still be brought back with Undo. Choose "
                     "another name, or wait a few seconds."),
                   trimmed);
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}

/* A new connector of KIND with the defaults every way of making one shares. */
PbConnector *
pb_connector_store_new_connector (const char      *name,
                                  PbConnectorKind  kind)
{
  PbConnector *connector = pb_connector_new (name, kind);

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
  return connector;
}

/* Puts CONNECTOR (its NAME checked) in the list as a local addition the next save writes. */
void
pb_connector_store_take_in (PbConnectorStore *self,
                            PbConnector      *connector,
                            const char       *name)
{
  pb_connector_set_name (connector, name);
  g_hash_table_remove (self->deleted, pb_connector_get_id (connector));
  pb_connector_store_insert_connector (self, g_object_ref (connector));
  g_hash_table_add (self->pending, g_strdup (pb_connector_get_id (connector)));
  g_hash_table_add (self->named, g_strdup (pb_connector_get_id (connector)));
  pb_connector_store_set_dirty (self, TRUE);
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

  pb_connector_store_take_in (self, connector, name);
  if (!pb_connector_store_save_internal (self, error))
    {
      /* Nothing happened: the caller keeps the connector and can try again. */
      pb_connector_store_remove_connector (self, connector);
      pb_connector_store_tell_outcome (error, _("The connector was not added."));
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

  connector = pb_connector_store_new_connector (checked, kind);
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
      g_hash_table_remove (self->named, pb_connector_get_id (connector));
      pb_connector_store_tell_outcome (error, _("The name was not changed."));
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
  folded = pb_connector_store_name_key (trimmed);
  for (guint i = 0; i < self->items->len; i++)
    if (strcmp (folded, name_keys (g_ptr_array_index (self->items, i))->fold) == 0)
      return g_ptr_array_index (self->items, i);
  return NULL;
}

PbConnector *
pb_connector_store_find_by_id (PbConnectorStore *self,
                               const char       *id)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}
