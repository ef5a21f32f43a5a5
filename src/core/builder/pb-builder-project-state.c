/* pb-builder-project-state.c: a project's file: the manifest, and beside it what the manifest
 * format has no place for (evidence, suggested streams, the selection, the user's own edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-builder-project-private.h"
#include "pb-redact.h"

char *
pb_builder_project_edited_key (const char *stream,
                               const char *key)
{
  return g_strconcat (stream != NULL ? stream : "", "\x1f", key, NULL);
}

static cJSON *
evidence_to_json (PbEvidence *evidence)
{
  cJSON *item = cJSON_CreateObject ();
  /* The source may be a URL given with a password or a token: never write those. */
  g_autofree char *source = pb_redact_url (pb_evidence_get_source_uri (evidence));
  g_autofree char *snippet = pb_redact_text_urls (pb_evidence_get_snippet (evidence));

  cJSON_AddStringToObject (item, "source_uri", source != NULL ? source : "");
  if (pb_evidence_get_pointer (evidence) != NULL)
    cJSON_AddStringToObject (item, "pointer", pb_evidence_get_pointer (evidence));
  if (snippet != NULL)
    cJSON_AddStringToObject (item, "snippet", snippet);
  cJSON_AddNumberToObject (item, "confidence", pb_evidence_get_confidence (evidence));
  if (pb_evidence_get_reason (evidence) != NULL)
    cJSON_AddStringToObject (item, "reason", pb_evidence_get_reason (evidence));
  return item;
}

static const char *
string_member (const cJSON *object,
               const char  *name)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

static PbEvidence *
evidence_from_json (const cJSON *item)
{
  const cJSON *confidence = cJSON_GetObjectItemCaseSensitive (item, "confidence");

  if (!cJSON_IsObject (item) || !cJSON_IsNumber (confidence))
    return NULL;
  return pb_evidence_new (string_member (item, "source_uri"), string_member (item, "pointer"),
                          string_member (item, "snippet"),
                          CLAMP (confidence->valuedouble, 0.0, 1.0),
                          string_member (item, "reason"));
}

/* Edited marks of STREAM ("" = project level) as a JSON array of keys. */
static cJSON *
edited_keys (PbBuilderProject *self,
             const char       *stream)
{
  g_autofree char *prefix = g_strconcat (stream, "\x1f", NULL);
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  cJSON *array = cJSON_CreateArray ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->edited);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_ptr_array_add (keys, (char *) key + strlen (prefix));
  /* A stable order keeps the file diffable. */
  g_ptr_array_sort (keys, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < keys->len; i++)
    cJSON_AddItemToArray (array, cJSON_CreateString (keys->pdata[i]));
  return array;
}

static cJSON *
project_state (PbBuilderProject *self)
{
  cJSON *state = cJSON_CreateObject ();
  cJSON *evidence = cJSON_CreateObject ();
  g_autofree const char **keys = pb_manifest_list_evidence_keys (self->manifest);

  for (guint i = 0; keys[i] != NULL; i++)
    cJSON_AddItemToObject (evidence, keys[i],
                           evidence_to_json (pb_manifest_get_evidence (self->manifest, keys[i])));
  cJSON_AddItemToObject (state, "evidence", evidence);
  cJSON_AddItemToObject (state, "edited", edited_keys (self, ""));
  return state;
}

static cJSON *
stream_state (PbBuilderProject *self,
              PbManifestStream *stream)
{
  const char *name = pb_manifest_stream_get_name (stream);
  cJSON *state = cJSON_CreateObject ();
  cJSON *evidence = cJSON_CreateObject ();
  g_autofree const char **keys = pb_manifest_stream_list_evidence_keys (stream);

  cJSON_AddBoolToObject (state, "suggested", pb_manifest_stream_get_suggested (stream));
  cJSON_AddBoolToObject (state, "selected",
                         !g_hash_table_contains (self->deselected, name));
  for (guint i = 0; keys[i] != NULL; i++)
    cJSON_AddItemToObject (evidence, keys[i],
                           evidence_to_json (pb_manifest_stream_get_evidence (stream, keys[i])));
  cJSON_AddItemToObject (state, "evidence", evidence);
  cJSON_AddItemToObject (state, "edited", edited_keys (self, name));
  return state;
}

char *
pb_builder_project_serialize (PbBuilderProject *self)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *streams = cJSON_CreateObject ();
  char *text;

  cJSON_AddNumberToObject (root, "version", PB_BUILDER_PROJECT_FORMAT_VERSION);
  cJSON_AddStringToObject (root, "id", self->id);
  cJSON_AddStringToObject (root, "name", self->name);
  if (self->connector_id != NULL)
    cJSON_AddStringToObject (root, "connector_id", self->connector_id);
  else
    cJSON_AddNullToObject (root, "connector_id");
  if (self->source != NULL)
    cJSON_AddStringToObject (root, "source", self->source);
  cJSON_AddItemToObject (root, "manifest", pb_manifest_to_json (self->manifest));
  cJSON_AddItemToObject (root, "project_state", project_state (self));
  for (guint s = 0; s < pb_manifest_get_n_streams (self->manifest); s++)
    {
      PbManifestStream *stream = pb_manifest_get_stream (self->manifest, s);

      cJSON_AddItemToObject (streams, pb_manifest_stream_get_name (stream),
                             stream_state (self, stream));
    }
  cJSON_AddItemToObject (root, "stream_state", streams);

  text = cJSON_Print (root);
  cJSON_Delete (root);
  return text;
}

static void
read_edited (PbBuilderProject *self,
             const char       *stream,
             const cJSON      *array)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, array)
    if (cJSON_IsString (item))
      g_hash_table_add (self->edited, pb_builder_project_edited_key (stream, item->valuestring));
}

void
pb_builder_project_read_state (PbBuilderProject *self,
                               const cJSON      *root)
{
  const cJSON *project = cJSON_GetObjectItemCaseSensitive (root, "project_state");
  const cJSON *streams = cJSON_GetObjectItemCaseSensitive (root, "stream_state");
  const cJSON *source = cJSON_GetObjectItemCaseSensitive (root, "source");
  const cJSON *item;

  if (cJSON_IsString (source))
    pb_builder_project_set_source (self, source->valuestring);

  if (cJSON_IsObject (project))
    {
      cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (project, "evidence"))
        {
          g_autoptr (PbEvidence) evidence = evidence_from_json (item);

          if (evidence != NULL && item->string != NULL)
            pb_manifest_set_evidence (self->manifest, item->string, evidence);
        }
      read_edited (self, NULL, cJSON_GetObjectItemCaseSensitive (project, "edited"));
    }

  if (!cJSON_IsObject (streams))
    return;
  cJSON_ArrayForEach (item, streams)
    {
      PbManifestStream *stream = pb_manifest_find_stream (self->manifest, item->string);
      const cJSON *selected = cJSON_GetObjectItemCaseSensitive (item, "selected");
      const cJSON *evidence;

      /* State of a stream the manifest no longer has is dropped. */
      if (stream == NULL || !cJSON_IsObject (item))
        continue;
      pb_manifest_stream_set_suggested (
        stream, cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "suggested")));
      if (cJSON_IsFalse (selected))
        g_hash_table_add (self->deselected, g_strdup (item->string));
      cJSON_ArrayForEach (evidence, cJSON_GetObjectItemCaseSensitive (item, "evidence"))
        {
          g_autoptr (PbEvidence) e = evidence_from_json (evidence);

          if (e != NULL && evidence->string != NULL)
            pb_manifest_stream_set_evidence (stream, evidence->string, e);
        }
      read_edited (self, item->string, cJSON_GetObjectItemCaseSensitive (item, "edited"));
    }
}
