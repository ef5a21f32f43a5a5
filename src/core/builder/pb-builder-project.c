/* pb-builder-project.c: a Connector Builder project, saved as one versioned JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cjson/cJSON.h>

#include "pb-builder-project-private.h"
#include "pb-error.h"
#include "pb-redact.h"
#include "pb-string-util.h"

G_DEFINE_FINAL_TYPE (PbBuilderProject, pb_builder_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CONNECTOR_ID,
  PROP_SOURCE,
  PROP_MANIFEST,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
pb_builder_project_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "plugboard", "builder", NULL);
}

static void
pb_builder_project_finalize (GObject *object)
{
  PbBuilderProject *self = PB_BUILDER_PROJECT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->connector_id, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_object (&self->manifest);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_pointer (&self->deselected, g_hash_table_unref);
  g_clear_pointer (&self->save_waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_builder_project_parent_class)->finalize (object);
}

static void
pb_builder_project_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PbBuilderProject *self = PB_BUILDER_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CONNECTOR_ID:
      g_value_set_string (value, self->connector_id);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_MANIFEST:
      g_value_set_object (value, self->manifest);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_project_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PbBuilderProject *self = PB_BUILDER_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      pb_builder_project_set_name (self, g_value_get_string (value));
      break;
    case PROP_CONNECTOR_ID:
      pb_builder_project_set_connector_id (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      pb_builder_project_set_source (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_project_class_init (PbBuilderProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_builder_project_finalize;
  object_class->get_property = pb_builder_project_get_property;
  object_class->set_property = pb_builder_project_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR_ID] =
    g_param_spec_string ("connector-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MANIFEST] =
    g_param_spec_object ("manifest", NULL, NULL, PB_TYPE_MANIFEST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pb_builder_project_init (PbBuilderProject *self)
{
  self->edited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deselected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Ids become file names: only what g_uuid_string_random () makes is accepted back. */
static gboolean
id_is_valid (const char *id)
{
  return id != NULL && g_uuid_string_is_valid (id);
}

static PbBuilderProject *
project_new_with_id (const char *id,
                     PbManifest *manifest,
                     const char *name)
{
  PbBuilderProject *self = g_object_new (PB_TYPE_BUILDER_PROJECT, "id", id, NULL);

  self->manifest = g_object_ref (manifest);
  if (name == NULL || *name == '\0')
    name = pb_manifest_get_name (manifest);
  if (name == NULL || *name == '\0')
    name = _("Untitled Connector");
  self->name = g_strdup (name);
  return self;
}

PbBuilderProject *
pb_builder_project_new (PbManifest *manifest,
                        const char *name)
{
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (PB_IS_MANIFEST (manifest), NULL);

  return project_new_with_id (id, manifest, name);
}

PbBuilderProject *
pb_builder_project_new_from_manifest_file (GFile   *file,
                                           GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  g_autoptr (PbManifest) manifest = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;
  char *dot;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      g_autofree char *where = g_file_get_parse_name (file);

      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("Could not read “%s”: %s"), where, local_error->message);
      return NULL;
    }

  manifest = pb_manifest_new_from_data (data, length, error);
  if (manifest == NULL)
    return NULL;

  base = g_file_get_basename (file);
  dot = base != NULL ? strrchr (base, '.') : NULL;
  if (dot != NULL && dot != base)
    *dot = '\0';

  return pb_builder_project_new (manifest,
                                 pb_manifest_get_name (manifest) != NULL &&
                                 *pb_manifest_get_name (manifest) != '\0'
                                 ? NULL : base);
}

const char *
pb_builder_project_get_id (PbBuilderProject *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), NULL);
  return self->id;
}

const char *
pb_builder_project_get_name (PbBuilderProject *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), NULL);
  return self->name;
}

void
pb_builder_project_set_name (PbBuilderProject *self,
                             const char       *name)
{
  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));

  if (pb_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
pb_builder_project_get_connector_id (PbBuilderProject *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), NULL);
  return self->connector_id;
}

void
pb_builder_project_set_connector_id (PbBuilderProject *self,
                                     const char       *connector_id)
{
  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));

  if (connector_id != NULL && *connector_id == '\0')
    connector_id = NULL;
  if (pb_set_str (&self->connector_id, connector_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTOR_ID]);
}

PbManifest *
pb_builder_project_get_manifest (PbBuilderProject *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), NULL);
  return self->manifest;
}

static char *
project_path (PbBuilderProject *self,
              const char       *dir)
{
  g_autofree char *file = g_strconcat (self->id, ".json", NULL);

  return g_build_filename (dir, file, NULL);
}

gboolean
pb_builder_project_save (PbBuilderProject  *self,
                         const char        *dir,
                         GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("“%s” was not saved: the folder %s could not be made: %s"),
                   self->name, dir, g_strerror (saved_errno));
      return FALSE;
    }

  text = pb_builder_project_serialize (self);

  path = project_path (self, dir);
  /* g_file_set_contents_full writes a temporary file and renames it over the old one. */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("“%s” was not saved: %s"), self->name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
corrupt (GError    **error,
         const char *path,
         const char *what)
{
  g_set_error (error, PB_ERROR, PB_ERROR_CORRUPT_FILE,
               _("The builder project %s could not be read: %s. It was left as it is."),
               path, what);
  return FALSE;
}

PbBuilderProject *
pb_builder_project_load (const char  *path,
                         GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (PbManifest) manifest = NULL;
  g_autofree char *data = NULL;
  PbBuilderProject *self = NULL;
  const cJSON *version, *id, *name, *connector_id, *manifest_json;
  gsize length = 0;
  cJSON *root;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("The builder project %s could not be read: %s"),
                   path, local_error->message);
      return NULL;
    }

  root = cJSON_ParseWithLength (data, length);
  if (!cJSON_IsObject (root))
    {
      corrupt (error, path, _("it is not a JSON object"));
      cJSON_Delete (root);
      return NULL;
    }

  version = cJSON_GetObjectItemCaseSensitive (root, "version");
  id = cJSON_GetObjectItemCaseSensitive (root, "id");
  name = cJSON_GetObjectItemCaseSensitive (root, "name");
  connector_id = cJSON_GetObjectItemCaseSensitive (root, "connector_id");
  manifest_json = cJSON_GetObjectItemCaseSensitive (root, "manifest");

  if (!cJSON_IsNumber (version) || version->valuedouble < 1)
    corrupt (error, path, _("its format version is missing"));
  else if (version->valuedouble > PB_BUILDER_PROJECT_FORMAT_VERSION)
    g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
                 _("The builder project %s was saved by a newer version of Plugboard. "
                   "Update Plugboard to open it."), path);
  else if (!cJSON_IsString (id) || !id_is_valid (id->valuestring))
    corrupt (error, path, _("its id is missing or malformed"));
  else if (!cJSON_IsString (name))
    corrupt (error, path, _("its name is missing"));
  else if (connector_id != NULL && !cJSON_IsString (connector_id) && !cJSON_IsNull (connector_id))
    corrupt (error, path, _("its linked connector is malformed"));
  else if (!cJSON_IsObject (manifest_json))
    corrupt (error, path, _("its manifest is missing"));
  else if ((manifest = pb_manifest_new_from_json (manifest_json, &local_error)) == NULL)
    corrupt (error, path, local_error->message);
  else
    {
      self = project_new_with_id (id->valuestring, manifest, name->valuestring);
      if (cJSON_IsString (connector_id))
        pb_builder_project_set_connector_id (self, connector_id->valuestring);
      pb_builder_project_read_state (self, root);
    }

  cJSON_Delete (root);
  return self;
}

int
pb_builder_project_compare_names (PbBuilderProject *a,
                                  PbBuilderProject *b)
{
  g_autofree char *fa = g_utf8_casefold (a->name, -1);
  g_autofree char *fb = g_utf8_casefold (b->name, -1);
  g_autofree char *ka = g_utf8_collate_key (fa, -1);
  g_autofree char *kb = g_utf8_collate_key (fb, -1);

  return strcmp (ka, kb);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  PbBuilderProject *pa = *(PbBuilderProject **) a;
  PbBuilderProject *pb = *(PbBuilderProject **) b;

  return pb_builder_project_compare_names (pa, pb);
}

GPtrArray *
pb_builder_project_load_all (const char  *dir,
                             GError     **error)
{
  g_autoptr (GPtrArray) projects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) d = NULL;
  const char *entry;

  g_return_val_if_fail (dir != NULL, NULL);

  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&projects);
      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("The builder projects in %s could not be listed: %s"),
                   dir, local_error->message);
      return NULL;
    }

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr (GError) load_error = NULL;
      PbBuilderProject *project;

      if (!g_str_has_suffix (entry, ".json"))
        continue;
      path = g_build_filename (dir, entry, NULL);
      project = pb_builder_project_load (path, &load_error);
      if (project == NULL)
        {
          g_warning ("%s", load_error->message);
          continue;
        }
      g_ptr_array_add (projects, project);
    }

  g_ptr_array_sort (projects, compare_by_name);
  return g_steal_pointer (&projects);
}

gboolean
pb_builder_project_delete (PbBuilderProject  *self,
                           const char        *dir,
                           GError           **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), FALSE);

  path = project_path (self, dir);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("“%s” was not deleted: %s"), self->name, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

void
pb_builder_project_mark_edited (PbBuilderProject *self,
                                const char       *stream,
                                const char       *key)
{
  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));
  g_return_if_fail (key != NULL);

  g_hash_table_add (self->edited, pb_builder_project_edited_key (stream, key));
}

gboolean
pb_builder_project_is_edited (PbBuilderProject *self,
                              const char       *stream,
                              const char       *key)
{
  g_autofree char *hash_key = NULL;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  hash_key = pb_builder_project_edited_key (stream, key);
  return g_hash_table_contains (self->edited, hash_key);
}

gboolean
pb_builder_project_get_stream_selected (PbBuilderProject *self,
                                        const char       *stream)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), FALSE);
  g_return_val_if_fail (stream != NULL, FALSE);

  return pb_manifest_find_stream (self->manifest, stream) != NULL
         && !g_hash_table_contains (self->deselected, stream);
}

void
pb_builder_project_set_stream_selected (PbBuilderProject *self,
                                        const char       *stream,
                                        gboolean          selected)
{
  gboolean changed;

  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));
  g_return_if_fail (stream != NULL);

  if (selected)
    changed = g_hash_table_remove (self->deselected, stream);
  else
    changed = g_hash_table_add (self->deselected, g_strdup (stream));
  if (changed)
    pb_builder_project_changed (self);
}

guint
pb_builder_project_count_selected (PbBuilderProject *self)
{
  guint n = 0;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), 0);

  for (guint i = 0; i < pb_manifest_get_n_streams (self->manifest); i++)
    {
      PbManifestStream *stream = pb_manifest_get_stream (self->manifest, i);

      if (!g_hash_table_contains (self->deselected, pb_manifest_stream_get_name (stream)))
        n++;
    }
  return n;
}

/* Moves the edited marks of OLD_NAME to NEW_NAME. */
static void
move_edited_marks (PbBuilderProject *self,
                   const char       *old_name,
                   const char       *new_name)
{
  g_autofree char *prefix = g_strconcat (old_name, "\x1f", NULL);
  g_autoptr (GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->edited);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      {
        g_ptr_array_add (moved, pb_builder_project_edited_key (new_name,
                                                               (char *) key + strlen (prefix)));
        g_hash_table_iter_remove (&iter);
      }
  for (guint i = 0; i < moved->len; i++)
    g_hash_table_add (self->edited, g_strdup (moved->pdata[i]));
}

gboolean
pb_builder_project_rename_stream (PbBuilderProject  *self,
                                  const char        *old_name,
                                  const char        *new_name,
                                  GError           **error)
{
  g_autofree char *trimmed = NULL;
  PbManifestStream *stream;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), FALSE);
  g_return_val_if_fail (old_name != NULL && new_name != NULL, FALSE);

  stream = pb_manifest_find_stream (self->manifest, old_name);
  trimmed = g_strstrip (g_strdup (new_name));
  if (stream == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("There is no stream named “%s”."), old_name);
      return FALSE;
    }
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_INVALID_NAME,
                           _("A stream needs a name."));
      return FALSE;
    }
  if (g_str_equal (trimmed, old_name))
    return TRUE;
  if (pb_manifest_find_stream (self->manifest, trimmed) != NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                   _("Another stream is already named “%s”. Choose a different name."), trimmed);
      return FALSE;
    }

  /* Substreams name their parent: keep them reading from it. */
  for (guint i = 0; i < pb_manifest_get_n_streams (self->manifest); i++)
    {
      PbManifestParent *parent =
        pb_manifest_stream_get_parent (pb_manifest_get_stream (self->manifest, i));

      if (g_strcmp0 (parent->parent_stream, old_name) == 0)
        pb_set_str (&parent->parent_stream, trimmed);
    }
  move_edited_marks (self, old_name, trimmed);
  if (g_hash_table_remove (self->deselected, old_name))
    g_hash_table_add (self->deselected, g_strdup (trimmed));
  pb_manifest_stream_set_name (stream, trimmed);
  pb_builder_project_changed (self);
  return TRUE;
}

void
pb_builder_project_changed (PbBuilderProject *self)
{
  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

PbBuilderProject *
pb_builder_project_new_from_assist (PbManifest *manifest,
                                    const char *name,
                                    const char *source)
{
  PbBuilderProject *self = pb_builder_project_new (manifest, name);
  gboolean any_suggested = FALSE;
  guint n = pb_manifest_get_n_streams (manifest);

  for (guint i = 0; i < n && !any_suggested; i++)
    any_suggested = pb_manifest_stream_get_suggested (pb_manifest_get_stream (manifest, i));
  for (guint i = 0; i < n && any_suggested; i++)
    {
      PbManifestStream *stream = pb_manifest_get_stream (manifest, i);

      if (!pb_manifest_stream_get_suggested (stream))
        g_hash_table_add (self->deselected, g_strdup (pb_manifest_stream_get_name (stream)));
    }
  pb_builder_project_set_source (self, source);
  return self;
}

const char *
pb_builder_project_get_source (PbBuilderProject *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), NULL);
  return self->source;
}

void
pb_builder_project_set_source (PbBuilderProject *self,
                               const char       *source)
{
  g_autofree char *safe = NULL;

  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));

  /* A docs URL may carry a password or a token: the project file never holds one. */
  if (source != NULL && *source != '\0')
    safe = pb_redact_url (source);
  if (pb_set_str (&self->source, safe))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/* The export keeps the selected streams and every parent they read from. */
static void
remove_unselected (PbBuilderProject *self,
                   PbManifest       *copy)
{
  g_autoptr (GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = pb_manifest_get_n_streams (copy);
  gboolean grew = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char *name = pb_manifest_stream_get_name (pb_manifest_get_stream (copy, i));

      if (!g_hash_table_contains (self->deselected, name))
        g_hash_table_add (keep, (gpointer) name);
    }
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < n; i++)
        {
          PbManifestStream *stream = pb_manifest_get_stream (copy, i);
          PbManifestParent *parent = pb_manifest_stream_get_parent (stream);

          if (g_hash_table_contains (keep, pb_manifest_stream_get_name (stream))
              && parent->parent_stream != NULL
              && pb_manifest_find_stream (copy, parent->parent_stream) != NULL
              && g_hash_table_add (keep, parent->parent_stream))
            grew = TRUE;
        }
    }
  for (guint i = n; i > 0; i--)
    {
      PbManifestStream *stream = pb_manifest_get_stream (copy, i - 1);

      if (!g_hash_table_contains (keep, pb_manifest_stream_get_name (stream)))
        pb_manifest_remove_stream (copy, i - 1);
    }
}

typedef struct {
  char *dir;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->dir);
  g_free (data);
}

static void save_start (PbBuilderProject *self);

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PbBuilderProject *self = source_object;
  const char *dir = g_object_get_data (G_OBJECT (task), "pb-dir");
  const char *text = g_object_get_data (G_OBJECT (task), "pb-text");
  const char *name = g_object_get_data (G_OBJECT (task), "pb-name");
  g_autofree char *file = g_strconcat (self->id, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, PB_ERROR, PB_ERROR_STORAGE,
                               _("“%s” was not saved: the folder %s could not be made: %s"),
                               name, dir, g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_STORAGE,
                               _("“%s” was not saved: %s"), name, error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* One save finished: complete the calls it stood for, then start the next if any waits. */
static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PbBuilderProject *self = PB_BUILDER_PROJECT (object);
  g_autoptr (GPtrArray) served = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->saving = FALSE;
  for (guint i = 0; i < served->len; i++)
    {
      GTask *task = served->pdata[i];

      if (ok)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  if (self->save_waiting != NULL && self->save_waiting->len > 0)
    save_start (self);
}

/* Snapshots the project now and writes it in a worker for every waiting call. */
static void
save_start (PbBuilderProject *self)
{
  g_autoptr (GPtrArray) served = g_steal_pointer (&self->save_waiting);
  GTask *first = served->pdata[0];
  SaveData *data = g_task_get_task_data (first);
  g_autoptr (GTask) worker = g_task_new (self, NULL, save_done_cb, g_ptr_array_ref (served));

  self->saving = TRUE;
  g_task_set_source_tag (worker, save_start);
  g_object_set_data_full (G_OBJECT (worker), "pb-dir", g_strdup (data->dir), g_free);
  g_object_set_data_full (G_OBJECT (worker), "pb-text", pb_builder_project_serialize (self),
                          g_free);
  g_object_set_data_full (G_OBJECT (worker), "pb-name", g_strdup (self->name), g_free);
  g_task_run_in_thread (worker, save_thread);
}

void
pb_builder_project_save_async (PbBuilderProject    *self,
                               const char          *dir,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  SaveData *data;

  g_return_if_fail (PB_IS_BUILDER_PROJECT (self));
  g_return_if_fail (dir != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_builder_project_save_async);
  data = g_new0 (SaveData, 1);
  data->dir = g_strdup (dir);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  if (self->save_waiting == NULL)
    self->save_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->save_waiting, task);
  if (!self->saving)
    save_start (self);
}

gboolean
pb_builder_project_save_finish (PbBuilderProject  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
pb_builder_project_export (PbBuilderProject  *self,
                           PbManifestFormat   format,
                           GError           **error)
{
  g_autoptr (PbManifest) selected = NULL;
  cJSON *json;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), NULL);

  if (g_hash_table_size (self->deselected) == 0)
    return pb_manifest_to_string (self->manifest, format, error);

  json = pb_manifest_to_json (self->manifest);
  selected = pb_manifest_new_from_json (json, error);
  cJSON_Delete (json);
  if (selected == NULL)
    return NULL;
  remove_unselected (self, selected);
  return pb_manifest_to_string (selected, format, error);
}

gboolean
pb_builder_project_export_to_file (PbBuilderProject  *self,
                                   GFile             *file,
                                   PbManifestFormat   format,
                                   GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = pb_builder_project_export (self, format, error);
  if (text == NULL)
    return FALSE;

  /* Replaces atomically: a failed write leaves the old file as it was. */
  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, NULL, &local_error))
    {
      g_autofree char *where = g_file_get_parse_name (file);

      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("The manifest was not exported to %s: %s"), where, local_error->message);
      return FALSE;
    }
  return TRUE;
}
