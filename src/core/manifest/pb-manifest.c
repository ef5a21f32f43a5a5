/* pb-manifest.c: a declarative connector (Airbyte DeclarativeSource) as a model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-manifest.h"
#include "pb-string-util.h"

struct _PbManifest
{
  GObject parent_instance;

  char           *name;
  char           *version;
  char           *url_base;
  PbManifestAuth  auth;
  GPtrArray      *fields;       /* PbManifestField* */
  GPtrArray      *streams;      /* PbManifestStream* */
  GStrv           check_streams;
  GHashTable     *evidence;
};

G_DEFINE_FINAL_TYPE (PbManifest, pb_manifest, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_VERSION,
  PROP_URL_BASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
field_free (PbManifestField *field)
{
  g_free (field->name);
  g_free (field->type);
  g_free (field->format);
  g_free (field->title);
  g_free (field->description);
  g_free (field->default_value);
  g_free (field);
}

void
pb_manifest_clear_auth (PbManifest *self)
{
  PbManifestAuth *a = &self->auth;

  g_free (a->field_name);
  g_free (a->value_prefix);
  g_free (a->token_url);
  g_free (a->authorization_url);
  g_free (a->grant_type);
  g_strfreev (a->scopes);
  memset (a, 0, sizeof *a);
}

static void
pb_manifest_finalize (GObject *object)
{
  PbManifest *self = PB_MANIFEST (object);

  g_free (self->name);
  g_free (self->version);
  g_free (self->url_base);
  pb_manifest_clear_auth (self);
  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->streams);
  g_strfreev (self->check_streams);
  g_hash_table_unref (self->evidence);

  G_OBJECT_CLASS (pb_manifest_parent_class)->finalize (object);
}

static void
pb_manifest_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PbManifest *self = PB_MANIFEST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_URL_BASE:
      g_value_set_string (value, self->url_base);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_manifest_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PbManifest *self = PB_MANIFEST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      pb_manifest_set_name (self, g_value_get_string (value));
      break;
    case PROP_VERSION:
      pb_manifest_set_version (self, g_value_get_string (value));
      break;
    case PROP_URL_BASE:
      pb_manifest_set_url_base (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_manifest_class_init (PbManifestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_manifest_finalize;
  object_class->get_property = pb_manifest_get_property;
  object_class->set_property = pb_manifest_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, "6.0.0",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL_BASE] =
    g_param_spec_string ("url-base", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_manifest_init (PbManifest *self)
{
  self->version = g_strdup ("6.0.0");
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
  self->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

PbManifest *
pb_manifest_new (void)
{
  return g_object_new (PB_TYPE_MANIFEST, NULL);
}

const char *
pb_manifest_get_name (PbManifest *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST (self), NULL);
  return self->name;
}

void
pb_manifest_set_name (PbManifest *self,
                      const char *name)
{
  g_return_if_fail (PB_IS_MANIFEST (self));
  if (pb_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
pb_manifest_get_version (PbManifest *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST (self), NULL);
  return self->version;
}

void
pb_manifest_set_version (PbManifest *self,
                         const char *version)
{
  g_return_if_fail (PB_IS_MANIFEST (self));
  if (pb_set_str (&self->version, version != NULL ? version : "6.0.0"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

const char *
pb_manifest_get_url_base (PbManifest *self)
{
  g_return_val_if_fail (PB_IS_MANIFEST (self), NULL);
  return self->url_base;
}

void
pb_manifest_set_url_base (PbManifest *self,
                          const char *url_base)
{
  g_return_if_fail (PB_IS_MANIFEST (self));
  if (pb_set_str (&self->url_base, url_base))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL_BASE]);
}

PbManifestAuth *
pb_manifest_get_auth (PbManifest *self)
{
  return &self->auth;
}

PbManifestField *
pb_manifest_find_field (PbManifest *self,
                        const char *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      PbManifestField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->name, name) == 0)
        return field;
    }
  return NULL;
}

PbManifestField *
pb_manifest_add_field (PbManifest *self,
                       const char *name,
                       const char *type)
{
  PbManifestField *field = pb_manifest_find_field (self, name);

  if (field == NULL)
    {
      field = g_new0 (PbManifestField, 1);
      field->name = g_strdup (name);
      field->order = self->fields->len;
      g_ptr_array_add (self->fields, field);
    }
  g_free (field->type);
  field->type = g_strdup (type != NULL ? type : "string");
  return field;
}

guint
pb_manifest_get_n_fields (PbManifest *self)
{
  return self->fields->len;
}

PbManifestField *
pb_manifest_get_field (PbManifest *self,
                       guint       index)
{
  g_return_val_if_fail (index < self->fields->len, NULL);
  return g_ptr_array_index (self->fields, index);
}

void
pb_manifest_add_stream (PbManifest       *self,
                        PbManifestStream *stream)
{
  g_return_if_fail (PB_IS_MANIFEST (self) && PB_IS_MANIFEST_STREAM (stream));
  g_ptr_array_add (self->streams, g_object_ref (stream));
}

guint
pb_manifest_get_n_streams (PbManifest *self)
{
  return self->streams->len;
}

PbManifestStream *
pb_manifest_get_stream (PbManifest *self,
                        guint       index)
{
  g_return_val_if_fail (index < self->streams->len, NULL);
  return g_ptr_array_index (self->streams, index);
}

PbManifestStream *
pb_manifest_find_stream (PbManifest *self,
                         const char *name)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      PbManifestStream *stream = g_ptr_array_index (self->streams, i);

      if (g_strcmp0 (pb_manifest_stream_get_name (stream), name) == 0)
        return stream;
    }
  return NULL;
}

void
pb_manifest_remove_stream (PbManifest *self,
                           guint       index)
{
  g_return_if_fail (index < self->streams->len);
  g_ptr_array_remove_index (self->streams, index);
}

const char * const *
pb_manifest_get_check_streams (PbManifest *self)
{
  return (const char * const *) self->check_streams;
}

void
pb_manifest_set_check_streams (PbManifest         *self,
                               const char * const *names)
{
  GStrv old = self->check_streams;

  self->check_streams = names != NULL ? g_strdupv ((char **) names) : NULL;
  g_strfreev (old);
}

void
pb_manifest_set_evidence (PbManifest *self,
                          const char *key,
                          PbEvidence *evidence)
{
  g_return_if_fail (PB_IS_MANIFEST (self) && key != NULL);
  if (evidence == NULL)
    g_hash_table_remove (self->evidence, key);
  else
    g_hash_table_replace (self->evidence, g_strdup (key), g_object_ref (evidence));
}

PbEvidence *
pb_manifest_get_evidence (PbManifest *self,
                          const char *key)
{
  return g_hash_table_lookup (self->evidence, key);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

const char **
pb_manifest_list_evidence_keys (PbManifest *self)
{
  guint n = 0;
  const char **keys = (const char **) g_hash_table_get_keys_as_array (self->evidence, &n);

  qsort (keys, n, sizeof (char *), compare_strings);
  return keys;
}
