/* pb-spec-document.c: one OpenAPI / Swagger document in one cJSON tree, with lazy `$ref`s
 *
 * Refs are never expanded into a copy: pb_spec_document_resolve follows a chain of refs to
 * its target on demand and caches the pointer lookup. A file another file refers to is
 * loaded once; its own refs are rewritten to absolute URIs at load time, so that every ref
 * string means the same thing wherever it is met. This file holds the object, loading and the
 * accessors; refs are in pb-spec-refs.c, schema composition in pb-spec-schema.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pb-error.h"
#include "pb-file.h"
#include "pb-spec-document-private.h"
#include "pb-spec-parse.h"

G_DEFINE_FINAL_TYPE (PbSpecDocument, pb_spec_document, G_TYPE_OBJECT)

static void
pb_spec_document_finalize (GObject *object)
{
  PbSpecDocument *self = PB_SPEC_DOCUMENT (object);

  if (self->loader_destroy != NULL)
    self->loader_destroy (self->loader_data);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->version, g_free);
  if (self->arena != NULL)
    {
      GHashTableIter iter;
      External *ext;

      /* The trees go with the arena, all at once. */
      g_hash_table_iter_init (&iter, self->externals);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &ext))
        ext->root = NULL;
      self->root = NULL;
    }
  g_clear_pointer (&self->root, cJSON_Delete);
  g_clear_pointer (&self->externals, g_hash_table_unref);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->indexes, g_hash_table_unref);
  g_clear_error (&self->ref_error);
  g_clear_pointer (&self->arena, pb_spec_arena_free);

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
  self->externals
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                             (GDestroyNotify) pb_spec_external_free);
  self->targets
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)pb_spec_target_free);
  self->indexes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify)g_hash_table_unref);
}

/* What a parsed document that is not OpenAPI / Swagger looks like, for the message. */
static const char *
describe_other (const cJSON *root)
{
  const cJSON *info = cJSON_GetObjectItemCaseSensitive (root, "info");
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive (info, "schema");

  if (cJSON_IsArray (root))
    return "a list";
  if (cJSON_IsString (root) || cJSON_IsNumber (root) || cJSON_IsBool (root) || cJSON_IsNull (root))
    return "plain text or a single value";
  if (cJSON_GetObjectItemCaseSensitive (info, "_postman_id") != NULL ||
      (cJSON_IsString (schema) && strstr (schema->valuestring, "postman") != NULL))
    return "a Postman collection";
  if (cJSON_GetObjectItemCaseSensitive (root, "asyncapi") != NULL)
    return "an AsyncAPI document";
  if (cJSON_GetObjectItemCaseSensitive (root, "openrpc") != NULL)
    return "an OpenRPC document";
  if (cJSON_GetObjectItemCaseSensitive (root, "swaggerVersion") != NULL)
    return "a Swagger 1.x document";
  if (cJSON_GetObjectItemCaseSensitive (root, "$schema") != NULL ||
      cJSON_GetObjectItemCaseSensitive (root, "properties") != NULL)
    return "a JSON Schema";
  return "a document without an “openapi” or “swagger” field";
}

static char *
version_string (const cJSON *v)
{
  if (cJSON_IsString (v))
    return g_strdup (v->valuestring);
  if (cJSON_IsNumber (v))   /* openapi: 3.0 unquoted in YAML */
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.1f", v->valuedouble);
      return g_strdup (buf);
    }
  return NULL;
}

static gboolean
check_kind (PbSpecDocument  *self,
            GError         **error)
{
  const cJSON *openapi = cJSON_GetObjectItemCaseSensitive (self->root, "openapi");
  const cJSON *swagger = cJSON_GetObjectItemCaseSensitive (self->root, "swagger");

  if (cJSON_IsObject (self->root) && openapi != NULL)
    {
      self->version = version_string (openapi);
      if (self->version != NULL && g_str_has_prefix (self->version, "3."))
        return TRUE;
      g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
                   "%s is OpenAPI %s, which is not supported: OpenAPI 3.0, 3.1 and Swagger 2.0 are",
                   self->name, self->version ? self->version : "of an unknown version");
      return FALSE;
    }
  if (cJSON_IsObject (self->root) && swagger != NULL)
    {
      self->version = version_string (swagger);
      self->swagger2 = TRUE;
      if (g_strcmp0 (self->version, "2.0") == 0)
        return TRUE;
      g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
                   "%s is Swagger %s, which is not supported: OpenAPI 3.0, 3.1 and Swagger 2.0 are",
                   self->name, self->version ? self->version : "of an unknown version");
      return FALSE;
    }
  g_set_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT,
               "%s is %s (%s), not an OpenAPI 3.x or Swagger 2.0 document",
               self->name, describe_other (self->root),
               self->format == PB_SPEC_FORMAT_JSON ? "JSON" : "YAML");
  return FALSE;
}

/* Sets uri, name, base_uri and, for local files, base_dir. */
static void
set_location (PbSpecDocument *self,
              const char     *uri)
{
  const char *slash;

  self->uri = g_strdup (uri);
  if (uri == NULL)
    {
      self->name = g_strdup ("the document");
      return;
    }
  slash = strrchr (uri, '/');
  self->name = g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : uri);
  if (slash != NULL)
    self->base_uri = g_strndup (uri, slash + 1 - uri);
  if (g_str_has_prefix (uri, "file:"))
    {
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
      g_autofree char *dir = path != NULL ? g_path_get_dirname (path) : NULL;
      char *real = dir != NULL ? realpath (dir, NULL) : NULL;

      if (real != NULL)
        {
          self->base_dir = g_strdup (real);
          free (real);
        }
    }
}

PbSpecDocument *
pb_spec_document_new_from_bytes (GBytes      *bytes,
                                 const char  *uri,
                                 GError     **error)
{
  g_autoptr (PbSpecDocument) self = g_object_new (PB_TYPE_SPEC_DOCUMENT, NULL);
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  PbSpecArena *previous;

  set_location (self, uri);
  self->arena = pb_spec_arena_new ();
  previous = pb_spec_arena_push (self->arena);
  self->root = pb_spec_parse (data, length, self->name, &self->format, error);
  pb_spec_arena_pop (previous);
  if (self->root == NULL || !check_kind (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Maps (or reads) PATH, a regular file only: a FIFO or device would block or never end.
 * NULL with a user-facing error. */
GBytes *
pb_spec_document_load_file (const char  *path,
                            GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GMappedFile) mapped = NULL;
  g_autofree char *display = g_filename_display_name (path);
  int fd = pb_file_open_regular (path, error);

  if (fd < 0)
    return NULL;
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, "Could not read %s: %s", display,
                   local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > PB_SPEC_MAX_FILE_SIZE)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_TOO_LARGE,
                   "%s is larger than %d MB: too big to be a spec", display,
                   PB_SPEC_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

PbSpecDocument *
pb_spec_document_new_from_file (const char  *path,
                                GError     **error)
{
  /* As g_file_get_uri names a local file, without GFile (whose first use loads GIO's VFS
   * modules: a tenth of a whole `assist` run on a big spec). */
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (canonical, NULL, NULL);
  g_autoptr (GBytes) bytes = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, "%s is a folder, not a spec file", display);
      return NULL;
    }
  bytes = pb_spec_document_load_file (path, error);
  if (bytes == NULL)
    return NULL;
  /* The tree holds copies of every string: the mapping goes away with BYTES. */
  return pb_spec_document_new_from_bytes (bytes, uri, error);
}

const char *
pb_spec_document_get_uri (PbSpecDocument *self)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  return self->uri;
}

const cJSON *
pb_spec_document_get_root (PbSpecDocument *self)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  return self->root;
}

const char *
pb_spec_document_get_version (PbSpecDocument *self)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  return self->version;
}

gboolean
pb_spec_document_is_swagger2 (PbSpecDocument *self)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), FALSE);
  return self->swagger2;
}

gboolean
pb_spec_document_is_yaml (PbSpecDocument *self)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), FALSE);
  return self->format == PB_SPEC_FORMAT_YAML;
}

void
pb_spec_document_set_ref_loader (PbSpecDocument  *self,
                                 PbSpecRefLoader  loader,
                                 gpointer         user_data,
                                 GDestroyNotify   destroy)
{
  g_return_if_fail (PB_IS_SPEC_DOCUMENT (self));
  if (self->loader_destroy != NULL)
    self->loader_destroy (self->loader_data);
  self->loader = loader;
  self->loader_data = user_data;
  self->loader_destroy = destroy;
}
