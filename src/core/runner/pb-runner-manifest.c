/* pb-runner-manifest.c: resolving a declarative manifest ($ref, default types, $parameters) as
 * the Airbyte CDK does before it builds components
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-manifest-refs.h"
#include "pb-runner-context.h"
#include "pb-runner-manifest.h"
#include "pb-spec-parse.h"

struct _PbRunnerManifest
{
  GObject parent_instance;

  cJSON *root;
};

G_DEFINE_FINAL_TYPE (PbRunnerManifest, pb_runner_manifest, G_TYPE_OBJECT)

/* The CDK's DEFAULT_MODEL_TYPES for the components a test read runs. */
static const char *const default_types[][2] = {
  { "DeclarativeSource.streams", "DeclarativeStream" },
  { "DeclarativeSource.check", "CheckStream" },
  { "DeclarativeSource.spec", "Spec" },
  { "DeclarativeStream.retriever", "SimpleRetriever" },
  { "DeclarativeStream.schema_loader", "JsonFileSchemaLoader" },
  { "SimpleRetriever.requester", "HttpRequester" },
  { "SimpleRetriever.record_selector", "RecordSelector" },
  { "SimpleRetriever.paginator", "NoPagination" },
  { "HttpRequester.error_handler", "DefaultErrorHandler" },
  { "RecordSelector.extractor", "DpathExtractor" },
  { "RecordSelector.record_filter", "RecordFilter" },
  { "DefaultPaginator.page_token_option", "RequestOption" },
  { "DefaultPaginator.page_size_option", "RequestOption" },
  { "DatetimeBasedCursor.start_datetime", "MinMaxDatetime" },
  { "DatetimeBasedCursor.end_datetime", "MinMaxDatetime" },
  { "DatetimeBasedCursor.start_time_option", "RequestOption" },
  { "DatetimeBasedCursor.end_time_option", "RequestOption" },
  { "SubstreamPartitionRouter.parent_stream_configs", "ParentStreamConfig" },
  { "ParentStreamConfig.stream", "DeclarativeStream" },
  { "ParentStreamConfig.request_option", "RequestOption" },
  { "ListPartitionRouter.request_option", "RequestOption" },
  { "AddFields.fields", "AddedFieldDefinition" },
};


static gboolean
is_json_schema_object (const cJSON *component)
{
  const cJSON *type = cJSON_GetObjectItemCaseSensitive (component, "type");

  if (cJSON_IsString (type))
    return g_str_equal (type->valuestring, "object");
  if (cJSON_IsArray (type))
    {
      const cJSON *t;

      cJSON_ArrayForEach (t, type)
        if (cJSON_IsString (t) && g_str_equal (t->valuestring, "object"))
          return TRUE;
    }
  return FALSE;
}

static gboolean
is_falsy (const cJSON *v)
{
  return v == NULL || cJSON_IsNull (v) || cJSON_IsFalse (v)
         || (cJSON_IsString (v) && v->valuestring[0] == '\0')
         || (cJSON_IsNumber (v) && v->valuedouble == 0)
         || ((cJSON_IsArray (v) || cJSON_IsObject (v)) && v->child == NULL);
}

static void propagate (cJSON *component, const char *field_id, const cJSON *parent_params,
                       guint depth);

static void
propagate_child (cJSON       *value,
                 const char  *type,
                 const char  *field,
                 cJSON       *params,
                 guint        depth)
{
  g_autofree char *field_id = g_strdup_printf ("%s.%s", type != NULL ? type : "", field);
  cJSON *excluded = cJSON_DetachItemFromObjectCaseSensitive (params, field);

  if (cJSON_IsObject (value))
    propagate (value, field_id, params, depth + 1);
  else if (cJSON_IsArray (value))
    {
      cJSON *element;

      cJSON_ArrayForEach (element, value)
        if (cJSON_IsObject (element))
          propagate (element, field_id, params, depth + 1);
    }
  if (excluded != NULL)
    cJSON_AddItemToObject (params, field, excluded);
}

static void
propagate (cJSON       *component,
           const char  *field_id,
           const cJSON *parent_params,
           guint        depth)
{
  const cJSON *type = cJSON_GetObjectItemCaseSensitive (component, "type");
  g_autoptr (cJSON) params = NULL;
  cJSON *own;
  const cJSON *p;
  cJSON *field;

  if (depth > 64)
    return;
  if (type == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (default_types); i++)
        if (g_str_equal (default_types[i][0], field_id))
          {
            cJSON_AddStringToObject (component, "type", default_types[i][1]);
            break;
          }
      type = cJSON_GetObjectItemCaseSensitive (component, "type");
    }
  if (type == NULL || is_json_schema_object (component))
    return;

  params = parent_params != NULL ? cJSON_Duplicate (parent_params, TRUE) : cJSON_CreateObject ();
  own = cJSON_DetachItemFromObjectCaseSensitive (component, "$parameters");
  cJSON_ArrayForEach (p, own)
    {
      cJSON_DeleteItemFromObjectCaseSensitive (params, p->string);
      cJSON_AddItemToObject (params, p->string, cJSON_Duplicate (p, TRUE));
    }
  cJSON_Delete (own);
  cJSON_ArrayForEach (p, params)
    {
      cJSON *existing = cJSON_GetObjectItemCaseSensitive (component, p->string);

      if (existing == NULL)
        cJSON_AddItemToObject (component, p->string, cJSON_Duplicate (p, TRUE));
      else if (is_falsy (existing))
        cJSON_ReplaceItemInObjectCaseSensitive (component, p->string, cJSON_Duplicate (p, TRUE));
    }
  type = cJSON_GetObjectItemCaseSensitive (component, "type");
  {
    g_autofree char *type_name = g_strdup (cJSON_GetStringValue (type));

    cJSON_ArrayForEach (field, component)
      if (cJSON_IsObject (field) || cJSON_IsArray (field))
        propagate_child (field, type_name, field->string, params, depth);
  }
  if (params->child != NULL)
    cJSON_AddItemToObject (component, "$parameters", g_steal_pointer (&params));
}

/* --- GObject --- */

static void
pb_runner_manifest_finalize (GObject *object)
{
  PbRunnerManifest *self = PB_RUNNER_MANIFEST (object);

  g_clear_pointer (&self->root, cJSON_Delete);
  G_OBJECT_CLASS (pb_runner_manifest_parent_class)->finalize (object);
}

static void
pb_runner_manifest_class_init (PbRunnerManifestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_manifest_finalize;
}

static void
pb_runner_manifest_init (PbRunnerManifest *self)
{
}

PbRunnerManifest *
pb_runner_manifest_new_from_data (const char  *data,
                                  gsize        length,
                                  GError     **error)
{
  g_autoptr (cJSON) parsed = NULL;
  g_autoptr (cJSON) root = NULL;
  PbRunnerManifest *self;

  g_return_val_if_fail (data != NULL, NULL);

  parsed = pb_spec_parse (data, length, _("the manifest"), NULL, error);
  if (parsed == NULL)
    return NULL;
  if (!cJSON_IsObject (parsed)
      || g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (parsed, "type")),
                    "DeclarativeSource")
           != 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_PARSE,
        _("This is not an Airbyte declarative manifest (no “type: DeclarativeSource”)."));
      return NULL;
    }
  root = pb_manifest_refs_resolve (parsed, parsed, PB_MANIFEST_REFS_DEFAULT,
                                   PB_MANIFEST_REFS_MAX_NODES, error);
  if (root == NULL)
    return NULL;
  if (!cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (root, "streams")))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("The manifest has no list of streams."));
      return NULL;
    }
  cJSON_DeleteItemFromObjectCaseSensitive (root, "definitions");
  cJSON_DeleteItemFromObjectCaseSensitive (root, "schemas");
  propagate (root, "", NULL, 0);

  self = g_object_new (PB_TYPE_RUNNER_MANIFEST, NULL);
  self->root = g_steal_pointer (&root);
  return self;
}

PbRunnerManifest *
pb_runner_manifest_new_from_file (const char  *path,
                                  GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;

  if (!g_file_get_contents (path, &data, &length, &local))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, _("Could not read the manifest %s: %s"),
                   path, local->message);
      return NULL;
    }
  return pb_runner_manifest_new_from_data (data, length, error);
}

const cJSON *
pb_runner_manifest_get_root (PbRunnerManifest *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_MANIFEST (self), NULL);
  return self->root;
}

char **
pb_runner_manifest_list_streams (PbRunnerManifest *self)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  const cJSON *stream;

  g_return_val_if_fail (PB_IS_RUNNER_MANIFEST (self), NULL);
  cJSON_ArrayForEach (stream, cJSON_GetObjectItemCaseSensitive (self->root, "streams"))
    {
      const char *name = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (stream, "name"));

      if (name != NULL)
        g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

const cJSON *
pb_runner_manifest_find_stream (PbRunnerManifest *self,
                                const char       *name)
{
  const cJSON *stream;

  g_return_val_if_fail (PB_IS_RUNNER_MANIFEST (self), NULL);
  cJSON_ArrayForEach (stream, cJSON_GetObjectItemCaseSensitive (self->root, "streams"))
    if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (stream, "name")),
                   name) == 0)
      return stream;
  return NULL;
}

const cJSON *
pb_runner_manifest_get_connection_spec (PbRunnerManifest *self)
{
  g_return_val_if_fail (PB_IS_RUNNER_MANIFEST (self), NULL);
  return cJSON_GetObjectItemCaseSensitive (
    cJSON_GetObjectItemCaseSensitive (self->root, "spec"), "connection_specification");
}

gboolean
pb_runner_manifest_is_secret_property (PbRunnerManifest *self,
                                       const char       *name)
{
  const cJSON *props = cJSON_GetObjectItemCaseSensitive (
    pb_runner_manifest_get_connection_spec (self), "properties");

  return cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (
    cJSON_GetObjectItemCaseSensitive (props, name), "airbyte_secret"));
}

char *
pb_runner_manifest_dup_secret_property (PbRunnerManifest  *self,
                                        GError           **error)
{
  const cJSON *spec = pb_runner_manifest_get_connection_spec (self);
  const cJSON *required = cJSON_GetObjectItemCaseSensitive (spec, "required");
  const cJSON *prop;
  g_autoptr (GPtrArray) secret = g_ptr_array_new ();
  g_autoptr (GPtrArray) secret_required = g_ptr_array_new ();

  cJSON_ArrayForEach (prop, cJSON_GetObjectItemCaseSensitive (spec, "properties"))
    {
      const cJSON *r;

      if (!cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (prop, "airbyte_secret")))
        continue;
      g_ptr_array_add (secret, prop->string);
      cJSON_ArrayForEach (r, required)
        if (cJSON_IsString (r) && g_str_equal (r->valuestring, prop->string))
          g_ptr_array_add (secret_required, prop->string);
    }
  if (secret->len == 1)
    return g_strdup (secret->pdata[0]);
  if (secret_required->len == 1)
    return g_strdup (secret_required->pdata[0]);
  if (secret->len == 0)
    g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                 _("The manifest's spec marks no property “airbyte_secret”, so the connector's "
                   "secret has nowhere to go. Mark the property that holds the key."));
  else
    g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                 _("The manifest's spec marks several properties “airbyte_secret”; a connector "
                   "fills only one. Keep one secret property, or make only one required."));
  return NULL;
}
