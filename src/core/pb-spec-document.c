/* pb-spec-document.c
 *
 * FIXME(spec): interim JSON-only reader so the analyzer can start; the full reader (YAML,
 * line/column errors, external refs, cycle detection) replaces it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-error.h"
#include "pb-spec-document.h"

struct _PbSpecDocument
{
  GObject parent_instance;

  char  *uri;
  cJSON *root;
};

G_DEFINE_FINAL_TYPE (PbSpecDocument, pb_spec_document, G_TYPE_OBJECT)

static void
pb_spec_document_finalize (GObject *object)
{
  PbSpecDocument *self = PB_SPEC_DOCUMENT (object);

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->root, cJSON_Delete);

  G_OBJECT_CLASS (pb_spec_document_parent_class)->finalize (object);
}

static void
pb_spec_document_class_init (PbSpecDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_spec_document_finalize;
}

static void
pb_spec_document_init (PbSpecDocument *self)
{
}

PbSpecDocument *
pb_spec_document_new_from_bytes (GBytes      *bytes,
                                 const char  *uri,
                                 GError     **error)
{
  g_autoptr (PbSpecDocument) self = g_object_new (PB_TYPE_SPEC_DOCUMENT, NULL);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  self->uri = g_strdup (uri);
  self->root = data != NULL ? cJSON_ParseWithLength (data, length) : NULL;
  if (self->root == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, "Could not parse %s", uri ? uri : "the document");
      return NULL;
    }
  return g_steal_pointer (&self);
}

PbSpecDocument *
pb_spec_document_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);
  g_autofree char *uri = g_file_get_uri (file);

  if (bytes == NULL)
    return NULL;
  return pb_spec_document_new_from_bytes (bytes, uri, error);
}

const char *
pb_spec_document_get_uri (PbSpecDocument *self)
{
  return self->uri;
}

const cJSON *
pb_spec_document_get_root (PbSpecDocument *self)
{
  return self->root;
}

const char *
pb_spec_document_get_version (PbSpecDocument *self)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (self->root, "openapi");

  if (v == NULL)
    v = cJSON_GetObjectItemCaseSensitive (self->root, "swagger");
  return cJSON_IsString (v) ? v->valuestring : NULL;
}

gboolean
pb_spec_document_is_swagger2 (PbSpecDocument *self)
{
  return cJSON_GetObjectItemCaseSensitive (self->root, "swagger") != NULL;
}

const cJSON *
pb_spec_document_lookup_pointer (PbSpecDocument *self,
                                 const char     *pointer)
{
  const cJSON *node = self->root;
  g_auto (GStrv) parts = NULL;

  if (pointer == NULL || pointer[0] != '#')
    return NULL;
  if (pointer[1] == '\0')
    return node;
  parts = g_strsplit (pointer + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      g_autoptr (GString) key = g_string_new (parts[i]);

      g_string_replace (key, "~1", "/", 0);
      g_string_replace (key, "~0", "~", 0);
      if (cJSON_IsArray (node))
        node = cJSON_GetArrayItem (node, atoi (key->str));
      else
        node = cJSON_GetObjectItemCaseSensitive (node, key->str);
    }
  return node;
}

const cJSON *
pb_spec_document_resolve (PbSpecDocument  *self,
                          const cJSON     *node,
                          const char     **out_pointer)
{
  for (guint depth = 0; depth < 64; depth++)
    {
      const cJSON *ref = cJSON_IsObject (node) ? cJSON_GetObjectItemCaseSensitive (node, "$ref") : NULL;

      if (!cJSON_IsString (ref))
        return node;
      if (out_pointer != NULL)
        *out_pointer = ref->valuestring;
      node = pb_spec_document_lookup_pointer (self, ref->valuestring);
    }
  return NULL;
}
