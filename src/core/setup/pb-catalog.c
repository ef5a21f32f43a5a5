/* pb-catalog.c: every connector definition Plugboard knows (built-in + user)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-catalog.h"
#include "pb-core-resources.h"
#include "pb-error.h"

#define CATALOG_RESOURCE_PATH "/io/github/plugboard/Plugboard/core/catalog"

struct _PbCatalog
{
  GObject    parent_instance;

  GPtrArray *definitions;   /* sorted */
};

static void pb_catalog_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbCatalog, pb_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pb_catalog_list_model_init))

static GType
pb_catalog_get_item_type (GListModel *model)
{
  return PB_TYPE_DEFINITION;
}

static guint
pb_catalog_get_n_items (GListModel *model)
{
  return PB_CATALOG (model)->definitions->len;
}

static gpointer
pb_catalog_get_item (GListModel *model,
                     guint       position)
{
  PbCatalog *self = PB_CATALOG (model);

  if (position >= self->definitions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->definitions, position));
}

static void
pb_catalog_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_catalog_get_item_type;
  iface->get_n_items = pb_catalog_get_n_items;
  iface->get_item = pb_catalog_get_item;
}

static void
pb_catalog_finalize (GObject *object)
{
  PbCatalog *self = PB_CATALOG (object);

  g_clear_pointer (&self->definitions, g_ptr_array_unref);
  G_OBJECT_CLASS (pb_catalog_parent_class)->finalize (object);
}

static void
pb_catalog_class_init (PbCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_catalog_finalize;
}

static void
pb_catalog_init (PbCatalog *self)
{
  self->definitions = g_ptr_array_new_with_free_func (g_object_unref);
}

PbCatalog *
pb_catalog_new (void)
{
  return g_object_new (PB_TYPE_CATALOG, NULL);
}

PbCatalog *
pb_catalog_get_default (void)
{
  static PbCatalog *catalog;

  if (g_once_init_enter (&catalog))
    {
      PbCatalog *c = pb_catalog_new ();
      g_autofree char *dir
        = g_build_filename (g_get_user_data_dir (), "plugboard", "definitions", NULL);
      g_autoptr (GError) error = NULL;

      pb_catalog_load_builtin (c);
      if (!pb_catalog_load_directory (c, dir, &error))
        g_warning ("%s", error->message);
      g_once_init_leave (&catalog, c);
    }
  return catalog;
}

static int
compare_definitions (PbDefinition *a,
                     PbDefinition *b)
{
  if (pb_definition_is_generic (a) != pb_definition_is_generic (b))
    return pb_definition_is_generic (a) ? -1 : 1;
  return g_utf8_collate (pb_definition_get_name (a), pb_definition_get_name (b));
}

void
pb_catalog_add (PbCatalog    *self,
                PbDefinition *definition)
{
  guint position;

  g_return_if_fail (PB_IS_CATALOG (self));
  g_return_if_fail (PB_IS_DEFINITION (definition));

  for (guint i = 0; i < self->definitions->len; i++)
    {
      PbDefinition *old = g_ptr_array_index (self->definitions, i);

      if (g_str_equal (pb_definition_get_id (old), pb_definition_get_id (definition)))
        {
          g_ptr_array_remove_index (self->definitions, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
          break;
        }
    }

  for (position = 0; position < self->definitions->len; position++)
    if (compare_definitions (definition, g_ptr_array_index (self->definitions, position)) < 0)
      break;
  g_ptr_array_insert (self->definitions, position, g_object_ref (definition));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
pb_catalog_load_builtin (PbCatalog *self)
{
  g_auto (GStrv) names = NULL;
  g_autoptr (GError) error = NULL;

  /* Referencing the resource keeps its object file (and the constructor that registers
   * it) in the static library's link. */
  if (pb_core_get_resource () == NULL)
    {
      g_critical ("The core resources are not linked in");
      return;
    }
  names = g_resources_enumerate_children (CATALOG_RESOURCE_PATH, 0, &error);
  if (names == NULL)
    {
      g_critical ("The built-in connector catalog is missing: %s", error->message);
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (CATALOG_RESOURCE_PATH "/", names[i], NULL);
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (PbDefinition) definition = NULL;
      g_autoptr (GError) local_error = NULL;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      bytes = g_resources_lookup_data (path, 0, &local_error);
      if (bytes != NULL)
        definition = pb_definition_new_from_bytes (bytes, &local_error);
      if (definition == NULL)
        {
          g_critical ("Built-in definition %s: %s", names[i], local_error->message);
          continue;
        }
      pb_catalog_add (self, definition);
    }
}

gboolean
pb_catalog_load_directory (PbCatalog   *self,
                           const char  *directory,
                           GError     **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GString) problems = g_string_new (NULL);
  const char *name;

  dir = g_dir_open (directory, 0, NULL);
  if (dir == NULL)
    return TRUE;   /* no user definitions yet */

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (PbDefinition) definition = NULL;
      g_autoptr (GError) local_error = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (directory, name, NULL);
      if (g_file_get_contents (path, &contents, &length, &local_error))
        {
          bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
          definition = pb_definition_new_from_bytes (bytes, &local_error);
        }
      if (definition == NULL)
        {
          g_string_append_printf (problems, "%s%s: %s", problems->len ? "; " : "", path,
                                  local_error->message);
          continue;
        }
      pb_catalog_add (self, definition);
    }

  if (problems->len > 0)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("Some connector definitions could not be read and were skipped: %s"),
                   problems->str);
      return FALSE;
    }
  return TRUE;
}

PbDefinition *
pb_catalog_lookup (PbCatalog  *self,
                   const char *id)
{
  for (guint i = 0; i < self->definitions->len; i++)
    {
      PbDefinition *definition = g_ptr_array_index (self->definitions, i);

      if (g_strcmp0 (pb_definition_get_id (definition), id) == 0)
        return definition;
    }
  return NULL;
}

PbDefinition *
pb_catalog_find (PbCatalog  *self,
                 const char *id_or_name)
{
  g_autofree char *wanted = NULL;
  PbDefinition *definition = pb_catalog_lookup (self, id_or_name);

  if (definition != NULL || id_or_name == NULL)
    return definition;

  wanted = g_utf8_casefold (id_or_name, -1);
  for (guint i = 0; i < self->definitions->len; i++)
    {
      PbDefinition *d = g_ptr_array_index (self->definitions, i);
      g_autofree char *id = g_utf8_casefold (pb_definition_get_id (d), -1);
      g_autofree char *name = g_utf8_casefold (pb_definition_get_name (d), -1);

      if (g_str_equal (id, wanted) || g_str_equal (name, wanted))
        return d;
    }
  return NULL;
}

gboolean
pb_catalog_matches (PbDefinition *definition,
                    const char   *query)
{
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;
  g_auto (GStrv) words = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;

  haystack = g_strjoin (
    " ", pb_definition_get_name (definition), pb_definition_get_id (definition),
    pb_definition_get_summary (definition) ? pb_definition_get_summary (definition) : "", NULL);
  folded = g_utf8_casefold (haystack, -1);
  words = g_str_tokenize_and_fold (query, NULL, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (folded, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

PbDefinition *
pb_catalog_lookup_for_connector (PbCatalog   *self,
                                 PbConnector *connector)
{
  const char *id;
  PbDefinition *definition;

  g_return_val_if_fail (PB_IS_CATALOG (self), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  id = pb_connector_get_definition_id (connector);
  definition = id != NULL ? pb_catalog_lookup (self, id) : NULL;
  if (definition != NULL)
    return definition;
  switch (pb_connector_get_kind (connector))
    {
    case PB_CONNECTOR_KIND_API_KEY:
      return pb_catalog_lookup (self, "api-key");
    case PB_CONNECTOR_KIND_OAUTH2:
      return pb_catalog_lookup (self, "oauth2");
    case PB_CONNECTOR_KIND_INTERCOM:
      return pb_catalog_lookup (self, "intercom-oauth");
    case PB_CONNECTOR_KIND_BASIC:
    default:
      return NULL;
    }
}
