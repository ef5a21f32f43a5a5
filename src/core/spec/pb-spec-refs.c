/* pb-spec-refs.c: `$ref`s followed lazily: pointer walks, a cache of lookups, key indexes for
 * big objects, and the other files a document refers to (loaded once, refs made absolute)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pb-error.h"
#include "pb-spec-document-private.h"
#include "pb-spec-parse.h"

#define MAX_REF_HOPS 64
#define MAX_EXTERNAL_FILES 256
#define INDEX_THRESHOLD 64

void
pb_spec_external_free (External *ext)
{
  g_free (ext->location);
  g_clear_pointer (&ext->root, cJSON_Delete);
  g_clear_error (&ext->error);
  g_free (ext);
}

void
pb_spec_target_free (Target *target)
{
  g_free (target->location);
  g_free (target);
}

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
        bytes = pb_spec_document_load_file (real, &ext->error);
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

  guint slot = (guint) (((guint64) (guintptr) node * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15))
                        >> 54) % PB_SPEC_PLAIN_SLOTS;

  g_return_val_if_fail (PB_IS_SPEC_DOCUMENT (self), NULL);
  /* The common case, not a ref, costs one lookup and no allocation. */
  if (node != NULL && self->plain[slot] == node)
    {
      g_clear_error (&self->ref_error);
      return node;
    }
  if (!cJSON_IsString (ref_member (self, node)))
    {
      g_clear_error (&self->ref_error);
      self->plain[slot] = node;
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
