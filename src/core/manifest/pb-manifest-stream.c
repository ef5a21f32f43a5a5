/* pb-manifest-stream.c: one stream of a declarative connector (DeclarativeStream)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-manifest-stream.h"
#include "pb-spec-arena.h"
#include "pb-string-util.h"

struct _PbManifestStream
{
  GObject parent_instance;

  char                  *name;
  char                  *path;
  char                  *http_method;
  GPtrArray             *parameters;   /* name, value, name, value…, NULL */
  GPtrArray             *headers;
  GPtrArray             *added_fields;
  GPtrArray             *body;         /* name, value…, NULL */
  char                  *body_text;    /* the whole body as one string, or NULL */
  PbBodyFormat           body_format;
  GStrv                  record_path;
  GStrv                  primary_key;
  PbManifestPaginator    paginator;
  PbManifestIncremental  incremental;
  PbManifestParent       parent;
  cJSON                 *schema;
  PbSpecArena           *schema_arena; /* where schema's nodes live (a reference), or NULL */
  GHashTable            *evidence;     /* key → PbEvidence */
  gboolean               suggested;    /* worth pre-selecting (the analyzer's ranking) */
};

G_DEFINE_FINAL_TYPE (PbManifestStream, pb_manifest_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_HTTP_METHOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pb_manifest_stream_clear_paginator (PbManifestStream *self)
{
  PbManifestPaginator *p = &self->paginator;

  g_clear_pointer (&p->cursor_value, g_free);
  g_clear_pointer (&p->stop_condition, g_free);
  g_clear_pointer (&p->token_field, g_free);
  g_clear_pointer (&p->page_size_field, g_free);
  memset (p, 0, sizeof *p);
}

void
pb_manifest_stream_clear_incremental (PbManifestStream *self)
{
  PbManifestIncremental *i = &self->incremental;

  g_clear_pointer (&i->cursor_field, g_free);
  g_clear_pointer (&i->datetime_format, g_free);
  g_clear_pointer (&i->cursor_datetime_formats, g_strfreev);
  g_clear_pointer (&i->start_datetime, g_free);
  g_clear_pointer (&i->start_time_field, g_free);
  g_clear_pointer (&i->end_time_field, g_free);
  memset (i, 0, sizeof *i);
}

void
pb_manifest_stream_clear_parent (PbManifestStream *self)
{
  g_clear_pointer (&self->parent.parent_stream, g_free);
  g_clear_pointer (&self->parent.parent_key, g_free);
  g_clear_pointer (&self->parent.partition_field, g_free);
}

static void
pb_manifest_stream_finalize (GObject *object)
{
  PbManifestStream *self = PB_MANIFEST_STREAM (object);

  g_free (self->name);
  g_free (self->path);
  g_free (self->http_method);
  g_ptr_array_unref (self->parameters);
  g_ptr_array_unref (self->headers);
  g_ptr_array_unref (self->added_fields);
  g_ptr_array_unref (self->body);
  g_free (self->body_text);
  g_strfreev (self->record_path);
  g_strfreev (self->primary_key);
  pb_manifest_stream_clear_paginator (self);
  pb_manifest_stream_clear_incremental (self);
  pb_manifest_stream_clear_parent (self);
  g_clear_pointer (&self->schema, cJSON_Delete);
  g_clear_pointer (&self->schema_arena, pb_spec_arena_free);
  g_hash_table_unref (self->evidence);

  G_OBJECT_CLASS (pb_manifest_stream_parent_class)->finalize (object);
}

static void
pb_manifest_stream_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PbManifestStream *self = PB_MANIFEST_STREAM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_HTTP_METHOD:
      g_value_set_string (value, self->http_method);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_manifest_stream_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PbManifestStream *self = PB_MANIFEST_STREAM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      pb_manifest_stream_set_name (self, g_value_get_string (value));
      break;
    case PROP_PATH:
      pb_manifest_stream_set_path (self, g_value_get_string (value));
      break;
    case PROP_HTTP_METHOD:
      pb_manifest_stream_set_http_method (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_manifest_stream_class_init (PbManifestStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_manifest_stream_finalize;
  object_class->get_property = pb_manifest_stream_get_property;
  object_class->set_property = pb_manifest_stream_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP_METHOD] =
    g_param_spec_string ("http-method", NULL, NULL, "GET",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GPtrArray *
new_pairs (void)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (pairs, NULL);
  return pairs;
}

static void
pb_manifest_stream_init (PbManifestStream *self)
{
  self->http_method = g_strdup ("GET");
  self->parameters = new_pairs ();
  self->headers = new_pairs ();
  self->added_fields = new_pairs ();
  self->body = new_pairs ();
  self->record_path = g_new0 (char *, 1);
  self->primary_key = g_new0 (char *, 1);
  self->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

PbManifestStream *
pb_manifest_stream_new (const char *name,
                        const char *path)
{
  return g_object_new (PB_TYPE_MANIFEST_STREAM, "name", name, "path", path, NULL);
}

const char *
pb_manifest_stream_get_name (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), NULL);
  return self->name;
}

void
pb_manifest_stream_set_name (PbManifestStream *self,
                             const char       *name)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  if (pb_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
pb_manifest_stream_get_path (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), NULL);
  return self->path;
}

void
pb_manifest_stream_set_path (PbManifestStream *self,
                             const char       *path)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  if (pb_set_str (&self->path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

gboolean
pb_manifest_stream_get_suggested (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), FALSE);
  return self->suggested;
}

void
pb_manifest_stream_set_suggested (PbManifestStream *self,
                                  gboolean          suggested)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  self->suggested = suggested;
}

const char *
pb_manifest_stream_get_http_method (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), NULL);
  return self->http_method;
}

void
pb_manifest_stream_set_http_method (PbManifestStream *self,
                                    const char       *method)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  if (pb_set_str (&self->http_method, method != NULL ? method : "GET"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTTP_METHOD]);
}

static void
pairs_set (GPtrArray  *pairs,
           const char *name,
           const char *value)
{
  /* The last slot is the NULL terminator. */
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (g_strcmp0 (pairs->pdata[i], name) == 0)
      {
        g_free (pairs->pdata[i + 1]);
        pairs->pdata[i + 1] = g_strdup (value);
        return;
      }
  pairs->pdata[pairs->len - 1] = g_strdup (name);
  g_ptr_array_add (pairs, g_strdup (value));
  g_ptr_array_add (pairs, NULL);
}

void
pb_manifest_stream_set_request_parameter (PbManifestStream *self,
                                          const char       *name,
                                          const char       *value)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self) && name != NULL && value != NULL);
  pairs_set (self->parameters, name, value);
}

void
pb_manifest_stream_set_request_header (PbManifestStream *self,
                                       const char       *name,
                                       const char       *value)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self) && name != NULL && value != NULL);
  pairs_set (self->headers, name, value);
}

static void
pairs_replace (GPtrArray          *pairs,
               const char * const *with)
{
  g_ptr_array_set_size (pairs, 0);
  g_ptr_array_add (pairs, NULL);
  for (guint i = 0; with != NULL && with[i] != NULL && with[i + 1] != NULL; i += 2)
    pairs_set (pairs, with[i], with[i + 1]);
}

void
pb_manifest_stream_set_request_parameters (PbManifestStream   *self,
                                           const char * const *pairs)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  pairs_replace (self->parameters, pairs);
}

void
pb_manifest_stream_set_request_headers (PbManifestStream   *self,
                                        const char * const *pairs)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  pairs_replace (self->headers, pairs);
}

const char * const *
pb_manifest_stream_get_request_parameters (PbManifestStream *self)
{
  return (const char * const *) self->parameters->pdata;
}

const char * const *
pb_manifest_stream_get_request_headers (PbManifestStream *self)
{
  return (const char * const *) self->headers->pdata;
}

const char * const *
pb_manifest_stream_get_request_body (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), NULL);
  return (const char * const *) self->body->pdata;
}

PbBodyFormat
pb_manifest_stream_get_request_body_format (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), PB_BODY_JSON);
  return self->body_format;
}

void
pb_manifest_stream_set_request_body (PbManifestStream   *self,
                                     PbBodyFormat        format,
                                     const char * const *pairs)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  self->body_format = format;
  g_clear_pointer (&self->body_text, g_free);
  pairs_replace (self->body, pairs);
}

const char *
pb_manifest_stream_get_request_body_text (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), NULL);
  return self->body_text;
}

void
pb_manifest_stream_set_request_body_text (PbManifestStream *self,
                                          PbBodyFormat      format,
                                          const char       *text)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self));
  self->body_format = format;
  pb_set_str (&self->body_text, text);
  if (text != NULL)
    pairs_replace (self->body, NULL);
}

gboolean
pb_manifest_stream_has_request_body (PbManifestStream *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (self), FALSE);
  return self->body_text != NULL || self->body->len > 1;
}

void
pb_manifest_stream_set_added_field (PbManifestStream *self,
                                    const char       *name,
                                    const char       *value)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self) && name != NULL && value != NULL);
  pairs_set (self->added_fields, name, value);
}

const char * const *
pb_manifest_stream_get_added_fields (PbManifestStream *self)
{
  return (const char * const *) self->added_fields->pdata;
}

const char * const *
pb_manifest_stream_get_record_path (PbManifestStream *self)
{
  return (const char * const *) self->record_path;
}

void
pb_manifest_stream_set_record_path (PbManifestStream   *self,
                                    const char * const *path)
{
  GStrv old = self->record_path;

  self->record_path = path != NULL ? g_strdupv ((char **) path) : g_new0 (char *, 1);
  g_strfreev (old);
}

const char * const *
pb_manifest_stream_get_primary_key (PbManifestStream *self)
{
  return (const char * const *) self->primary_key;
}

void
pb_manifest_stream_set_primary_key (PbManifestStream   *self,
                                    const char * const *fields)
{
  GStrv old = self->primary_key;

  self->primary_key = fields != NULL ? g_strdupv ((char **) fields) : g_new0 (char *, 1);
  g_strfreev (old);
}

PbManifestPaginator *
pb_manifest_stream_get_paginator (PbManifestStream *self)
{
  return &self->paginator;
}

PbManifestIncremental *
pb_manifest_stream_get_incremental (PbManifestStream *self)
{
  return &self->incremental;
}

PbManifestParent *
pb_manifest_stream_get_parent (PbManifestStream *self)
{
  return &self->parent;
}

const cJSON *
pb_manifest_stream_get_schema (PbManifestStream *self)
{
  return self->schema;
}

void
pb_manifest_stream_take_schema (PbManifestStream *self,
                                cJSON            *schema)
{
  pb_manifest_stream_take_schema_in (self, schema, NULL);
}

void
pb_manifest_stream_take_schema_in (PbManifestStream *self,
                                   cJSON            *schema,
                                   PbSpecArena      *arena)
{
  PbSpecArena *old_arena = self->schema_arena;

  if (self->schema != schema)
    g_clear_pointer (&self->schema, cJSON_Delete);
  self->schema = schema;
  /* Referenced before the old one is let go: both may be the same arena. */
  self->schema_arena = pb_spec_arena_ref (arena);
  pb_spec_arena_free (old_arena);
}

void
pb_manifest_stream_set_evidence (PbManifestStream *self,
                                 const char       *key,
                                 PbEvidence       *evidence)
{
  g_return_if_fail (PB_IS_MANIFEST_STREAM (self) && key != NULL);
  if (evidence == NULL)
    g_hash_table_remove (self->evidence, key);
  else
    g_hash_table_replace (self->evidence, g_strdup (key), g_object_ref (evidence));
}

PbEvidence *
pb_manifest_stream_get_evidence (PbManifestStream *self,
                                 const char       *key)
{
  return g_hash_table_lookup (self->evidence, key);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

const char **
pb_manifest_stream_list_evidence_keys (PbManifestStream *self)
{
  guint n = 0;
  const char **keys = (const char **) g_hash_table_get_keys_as_array (self->evidence, &n);

  qsort (keys, n, sizeof (char *), compare_strings);
  return keys;
}
