/* pb-spec-document.c: one OpenAPI / Swagger document in one cJSON tree, with lazy `$ref`s
 *
 * Refs are never expanded into a copy: pb_spec_document_resolve follows a chain of refs to
 * its target on demand and caches the pointer lookup. A file another file refers to is
 * loaded once; its own refs are rewritten to absolute URIs at load time, so that every ref
 * string means the same thing wherever it is met.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pb-error.h"
#include "pb-file.h"
#include "pb-spec-arena.h"
#include "pb-spec-document.h"
#include "pb-spec-parse.h"

#define MAX_REF_HOPS 64
#define MAX_EXTERNAL_FILES 256
#define MAX_FILE_SIZE (512 * 1024 * 1024)
#define MAX_COMPOSITION_DEPTH 16
#define INDEX_THRESHOLD 64

typedef struct
{
  char   *location;   /* "schemas/pet.json" (relative to the document) or an absolute URI */
  cJSON  *root;       /* NULL if it could not be loaded */
  GError *error;
} External;

typedef struct
{
  const cJSON *node;
  char        *location;  /* for evidence: "#/…" or "schemas/pet.json#/…" */
} Target;

struct _PbSpecDocument
{
  GObject parent_instance;

  char          *uri;
  char          *name;       /* for messages: the file name */
  char          *base_dir;   /* local documents: real path of the folder refs may read */
  char          *base_uri;   /* the document's URI up to its last "/" */
  char          *version;
  cJSON         *root;
  PbSpecArena   *arena;      /* holds root and the other files' trees (NULL: malloc'd) */
  PbSpecFormat   format;
  gboolean       swagger2;

  GHashTable    *externals;  /* absolute URI → External */
  GHashTable    *targets;    /* ref string → Target */
  GHashTable    *indexes;    /* big object met by a pointer → its keys (name → child) */
  GError        *ref_error;

  PbSpecRefLoader loader;
  gpointer        loader_data;
  GDestroyNotify  loader_destroy;
};

G_DEFINE_FINAL_TYPE (PbSpecDocument, pb_spec_document, G_TYPE_OBJECT)

static void
external_free (External *ext)
{
  g_free (ext->location);
  g_clear_pointer (&ext->root, cJSON_Delete);
  g_clear_error (&ext->error);
  g_free (ext);
}

static void
target_free (Target *target)
{
  g_free (target->location);
  g_free (target);
}

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
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)external_free);
  self->targets
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)target_free);
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
static GBytes *
load_file (const char  *path,
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
  if (g_mapped_file_get_length (mapped) > MAX_FILE_SIZE)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_TOO_LARGE,
                   "%s is larger than %d MB: too big to be a spec", display,
                   MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

PbSpecDocument *
pb_spec_document_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr (GBytes) bytes = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, "%s is a folder, not a spec file", display);
      return NULL;
    }
  bytes = load_file (path, error);
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

/* ---- refs ---- */

static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autoptr (GUri) ua = g_uri_parse (a, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GUri) ub = g_uri_parse (b, G_URI_FLAGS_NONE, NULL);

  return ua != NULL && ub != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_uri_get_host (ua) != NULL && g_uri_get_host (ub) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         g_uri_get_port (ua) == g_uri_get_port (ub);
}

/* Makes every $ref in a loaded file absolute, relative to that file's URI. */
static void
absolutize_refs (cJSON      *node,
                 const char *file_uri)
{
  for (cJSON *c = node->child; c != NULL; c = c->next)
    {
      if (c->string != NULL && strcmp (c->string, "$ref") == 0 && cJSON_IsString (c))
        {
          char *abs = NULL;

          if (c->valuestring[0] == '#')
            abs = g_strconcat (file_uri, c->valuestring, NULL);
          else
            abs = g_uri_resolve_relative (file_uri, c->valuestring, G_URI_FLAGS_NONE, NULL);
          if (abs != NULL)
            {
              cJSON_free (c->valuestring);
              c->valuestring = pb_spec_arena_strdup (abs, strlen (abs));
              g_free (abs);
            }
        }
      else if (c->child != NULL)
        absolutize_refs (c, file_uri);
    }
}

/* Reads the file or URL ABS_URI for refs, once; checks it is allowed. */
static External *
load_external (PbSpecDocument *self,
               const char     *abs_uri)
{
  External *ext = g_hash_table_lookup (self->externals, abs_uri);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *scheme = g_uri_parse_scheme (abs_uri);
  const char *slash = strrchr (abs_uri, '/');
  const char *display = slash != NULL && slash[1] != '\0' ? slash + 1 : abs_uri;

  if (ext != NULL)
    return ext;
  ext = g_new0 (External, 1);
  if (self->base_uri != NULL && g_str_has_prefix (abs_uri, self->base_uri))
    ext->location = g_strdup (abs_uri + strlen (self->base_uri));
  else
    ext->location = g_strdup (abs_uri);

  if (g_hash_table_size (self->externals) >= MAX_EXTERNAL_FILES)
    g_set_error (&ext->error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                 "$ref to %s not followed: more than %d files are referred to", ext->location,
                 MAX_EXTERNAL_FILES);
  else if (g_strcmp0 (scheme, "file") == 0)
    {
      g_autofree char *path = g_filename_from_uri (abs_uri, NULL, NULL);
      char *real = path != NULL ? realpath (path, NULL) : NULL;
      int saved_errno = errno;

      if (self->base_dir == NULL || self->uri == NULL || !g_str_has_prefix (self->uri, "file:"))
        g_set_error (&ext->error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                     "$ref to the local file %s refused: the spec is not a local file",
                     ext->location);
      else if (real == NULL)
        g_set_error (&ext->error, PB_ERROR, PB_ERROR_NOT_FOUND,
                     "$ref to %s: %s", ext->location, g_strerror (saved_errno));
      else if (!g_str_has_prefix (real, self->base_dir) || real[strlen (self->base_dir)] != '/')
        g_set_error (&ext->error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                     "$ref to %s refused: it is outside the spec's folder", ext->location);
      else
        bytes = load_file (real, &ext->error);
      free (real);
    }
  else if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0)
    {
      if (self->uri == NULL || !same_origin (abs_uri, self->uri))
        g_set_error (&ext->error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                     "$ref to %s refused: only refs to the spec's own site are followed",
                     ext->location);
      else if (self->loader == NULL)
        g_set_error (&ext->error, PB_ERROR, PB_ERROR_NOT_AVAILABLE,
                     "$ref to %s not followed: no way to download it here", ext->location);
      else if ((bytes = self->loader (abs_uri, self->loader_data, &ext->error)) == NULL
               && ext->error == NULL)
        g_set_error (&ext->error, PB_ERROR, PB_ERROR_NOT_FOUND,
                     "$ref to %s could not be downloaded", ext->location);
    }
  else
    g_set_error (&ext->error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                 "$ref to %s refused: only local files and the spec's own site are followed",
                 ext->location);

  if (bytes != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (bytes, &length);

      PbSpecArena *previous = pb_spec_arena_push (self->arena);

      ext->root = pb_spec_parse (data, length, display, NULL, &ext->error);
      if (ext->root != NULL)
        absolutize_refs (ext->root, abs_uri);
      pb_spec_arena_pop (previous);
    }
  g_hash_table_insert (self->externals, g_strdup (abs_uri), ext);
  return ext;
}

/* cJSON finds keys by a linear scan: fine for most objects, slow for the thousands of
 * entries of components/schemas met by thousands of refs. Those few big objects get an
 * index the first time a pointer goes through them. */
static const cJSON *
object_get (PbSpecDocument *self,
            const cJSON    *object,
            const char     *key)
{
  GHashTable *index = g_hash_table_lookup (self->indexes, object);
  guint n = 0;

  if (index != NULL)
    return g_hash_table_lookup (index, key);
  for (const cJSON *c = object->child; c != NULL && n < INDEX_THRESHOLD; c = c->next)
    n++;
  if (n < INDEX_THRESHOLD)
    return cJSON_GetObjectItemCaseSensitive (object, key);
  index = g_hash_table_new (g_str_hash, g_str_equal);
  for (const cJSON *c = object->child; c != NULL; c = c->next)
    if (c->string != NULL && !g_hash_table_contains (index, c->string))
      g_hash_table_insert (index, c->string, (gpointer)c); /* the first of duplicates, as cJSON */
  g_hash_table_insert (self->indexes, (gpointer) object, index);
  return g_hash_table_lookup (index, key);
}

/* NODE's "$ref" member, if it is an object that has one. Called for every node the analyzer
 * looks at, so it avoids strcmp for keys that cannot match and the index for big objects. */
static const cJSON *
ref_member (PbSpecDocument *self,
            const cJSON    *node)
{
  guint n = 0;

  if (!cJSON_IsObject (node))
    return NULL;
  for (const cJSON *c = node->child; c != NULL; c = c->next)
    {
      if (c->string != NULL && c->string[0] == '$' && strcmp (c->string, "$ref") == 0)
        return c;
      if (++n == INDEX_THRESHOLD)
        return object_get (self, node, "$ref");
    }
  return NULL;
}

static const cJSON *resolve_chain (PbSpecDocument  *self,
                                   const cJSON     *node,
                                   const char     **out_location,
                                   GPtrArray       *visited,
                                   GError         **error);

/* Walks FRAGMENT (a JSON pointer, still percent-encoded) from ROOT; refs met on the way are
 * followed. */
static const cJSON *
walk_pointer (PbSpecDocument  *self,
              const cJSON     *root,
              const char      *fragment,
              const char      *ref,
              GPtrArray       *visited,
              GError         **error)
{
  g_autofree char *decoded = NULL;
  const cJSON *node = root;
  const char *p;

  if (strchr (fragment, '%') != NULL)
    {
      decoded = g_uri_unescape_string (fragment, NULL);
      if (decoded == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       "$ref “%s” has a malformed %%-escape", ref);
          return NULL;
        }
      fragment = decoded;
    }
  if (fragment[0] != '\0' && fragment[0] != '/')
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT, "$ref “%s” is not a JSON pointer",
                   ref);
      return NULL;
    }

  for (p = fragment; *p == '/'; )
    {
      g_autoptr (GString) token = g_string_new (NULL);
      const cJSON *next = NULL;

      for (p++; *p != '\0' && *p != '/'; p++)
        {
          if (*p == '~' && p[1] == '1')
            g_string_append_c (token, '/'), p++;
          else if (*p == '~' && p[1] == '0')
            g_string_append_c (token, '~'), p++;
          else if (*p == '~')
            {
              g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                           "$ref “%s”: “~” must be followed by 0 or 1 in a JSON pointer", ref);
              return NULL;
            }
          else
            g_string_append_c (token, *p);
        }
      /* A pointer through a {"$ref"} continues at the ref's target. */
      if (cJSON_IsObject (node) && strcmp (token->str, "$ref") != 0 &&
          object_get (self, node, "$ref") != NULL)
        {
          node = resolve_chain (self, node, NULL, visited, error);
          if (node == NULL)
            return NULL;
        }
      if (cJSON_IsObject (node))
        next = object_get (self, node, token->str);
      else if (cJSON_IsArray (node) && token->len > 0 && token->len < 10 &&
               strspn (token->str, "0123456789") == token->len &&
               (token->str[0] != '0' || token->len == 1))
        next = cJSON_GetArrayItem (node, atoi (token->str));
      if (next == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, "$ref “%s”: nothing at “%s”", ref,
                       token->str);
          return NULL;
        }
      node = next;
    }
  return node;
}

/* The node REF points at (not following a $ref there), from the cache if it was looked up
 * before. */
static const Target *
lookup_ref (PbSpecDocument  *self,
            const char      *ref,
            GPtrArray       *visited,
            GError         **error)
{
  Target *target = g_hash_table_lookup (self->targets, ref);
  const char *hash;
  const cJSON *root = self->root;
  const cJSON *node;
  g_autofree char *location = NULL;

  if (target != NULL)
    return target;

  hash = strchr (ref, '#');
  if (hash != ref)
    {
      g_autofree char *file = hash != NULL ? g_strndup (ref, hash - ref) : g_strdup (ref);
      g_autofree char *scheme = g_uri_parse_scheme (file);
      g_autofree char *abs = NULL;
      External *ext;

      if (scheme != NULL)
        abs = g_strdup (file);
      else if (self->uri != NULL)
        abs = g_uri_resolve_relative (self->uri, file, G_URI_FLAGS_NONE, NULL);
      if (abs == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       "$ref “%s” refers to another file, but the spec's location is not known",
                       ref);
          return NULL;
        }
      ext = load_external (self, abs);
      if (ext->root == NULL)
        {
          g_propagate_error (error, g_error_copy (ext->error));
          return NULL;
        }
      root = ext->root;
      location = g_strconcat (ext->location, hash != NULL ? hash : "#", NULL);
    }
  node = walk_pointer (self, root, hash != NULL ? hash + 1 : "", ref, visited, error);
  if (node == NULL)
    return NULL;
  target = g_new0 (Target, 1);
  target->node = node;
  target->location = location != NULL ? g_steal_pointer (&location) : g_strdup (ref);
  g_hash_table_insert (self->targets, g_strdup (ref), target);
  return target;
}

static const cJSON *
resolve_chain (PbSpecDocument  *self,
               const cJSON     *node,
               const char     **out_location,
               GPtrArray       *visited,
               GError         **error)
{
  for (guint hops = 0; hops < MAX_REF_HOPS; hops++)
    {
      const cJSON *ref = ref_member (self, node);
      const Target *target;

      if (!cJSON_IsString (ref))
        return node;
      for (guint i = 0; i < visited->len; i++)
        if (strcmp (g_ptr_array_index (visited, i), ref->valuestring) == 0)
          {
            g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                         "$ref “%s” is part of a cycle of refs", ref->valuestring);
            return NULL;
          }
      g_ptr_array_add (visited, ref->valuestring);
      target = lookup_ref (self, ref->valuestring, visited, error);
      if (target == NULL)
        return NULL;
      if (out_location != NULL)
        *out_location = target->location;
      node = target->node;
    }
  g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
               "more than %d $refs in a row", MAX_REF_HOPS);
  return NULL;
}

const cJSON *
pb_spec_document_resolve_full (PbSpecDocument  *self,
                               const cJSON     *node,
                               const char     **out_pointer,
                               GError         **error)
{
  g_autoptr (GPtrArray) visited = NULL;
  const cJSON *result;
  GError *local_error = NULL;

  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  /* The common case, not a ref, costs one lookup and no allocation. */
  if (!cJSON_IsString (ref_member (self, node)))
    {
      g_clear_error (&self->ref_error);
      return node;
    }
  visited = g_ptr_array_new ();
  result = resolve_chain (self, node, out_pointer, visited, &local_error);
  g_clear_error (&self->ref_error);
  if (result == NULL)
    {
      self->ref_error = g_error_copy (local_error);
      g_propagate_error (error, local_error);
    }
  return result;
}

const cJSON *
pb_spec_document_resolve (PbSpecDocument  *self,
                          const cJSON     *node,
                          const char     **out_pointer)
{
  return pb_spec_document_resolve_full (self, node, out_pointer, NULL);
}

const cJSON *
pb_spec_document_lookup_pointer (PbSpecDocument *self,
                                 const char     *pointer)
{
  g_autoptr (GPtrArray) visited = g_ptr_array_new ();
  const Target *target;

  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  g_clear_error (&self->ref_error);
  if (pointer == NULL)
    return NULL;
  target = lookup_ref (self, pointer, visited, &self->ref_error);
  return target != NULL ? target->node : NULL;
}

const GError *
pb_spec_document_get_last_ref_error (PbSpecDocument *self)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  return self->ref_error;
}

/* ---- schema composition ---- */

static const cJSON *
schema_property (PbSpecDocument *self,
                 const cJSON    *schema,
                 const char     *name,
                 guint           depth)
{
  static const char * const compositions[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *props;
  const cJSON *prop;

  schema = pb_spec_document_resolve (self, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_COMPOSITION_DEPTH)
    return NULL;
  props = pb_spec_document_resolve (self, cJSON_GetObjectItemCaseSensitive (schema, "properties"),
                                    NULL);
  prop = cJSON_GetObjectItemCaseSensitive (props, name);
  if (prop != NULL)
    return pb_spec_document_resolve (self, prop, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (compositions); i++)
    {
      const cJSON *found = cJSON_GetObjectItemCaseSensitive (schema, compositions[i]);
      const cJSON *list = cJSON_IsArray (found) ? found : NULL;
      const cJSON *branch;

      cJSON_ArrayForEach (branch, list)
        {
          const cJSON *hit = schema_property (self, branch, name, depth + 1);

          if (hit != NULL)
            return hit;
        }
    }
  return NULL;
}

const cJSON *
pb_spec_document_schema_property (PbSpecDocument *self,
                                  const cJSON    *schema,
                                  const char     *name)
{
  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return schema_property (self, schema, name, 0);
}

static void
collect_properties (PbSpecDocument *self,
                    const cJSON    *schema,
                    GPtrArray      *out,
                    GHashTable     *seen,
                    guint           depth)
{
  static const char * const compositions[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *props;
  const cJSON *prop;

  schema = pb_spec_document_resolve (self, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_COMPOSITION_DEPTH)
    return;
  props = pb_spec_document_resolve (self, cJSON_GetObjectItemCaseSensitive (schema, "properties"),
                                    NULL);
  if (!cJSON_IsObject (props))
    props = NULL;
  cJSON_ArrayForEach (prop, props)
    {
      if (prop->string == NULL || g_hash_table_contains (seen, prop->string))
        continue;
      g_hash_table_add (seen, prop->string);
      g_ptr_array_add (out, (gpointer) prop);
    }
  for (guint i = 0; i < G_N_ELEMENTS (compositions); i++)
    {
      const cJSON *found = cJSON_GetObjectItemCaseSensitive (schema, compositions[i]);
      const cJSON *list = cJSON_IsArray (found) ? found : NULL;
      const cJSON *branch;

      cJSON_ArrayForEach (branch, list)
        collect_properties (self, branch, out, seen, depth + 1);
    }
}

GPtrArray *
pb_spec_document_schema_properties (PbSpecDocument *self,
                                    const cJSON    *schema)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), out);
  collect_properties (self, schema, out, seen, 0);
  return out;
}
