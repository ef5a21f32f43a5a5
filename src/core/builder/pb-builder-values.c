/* pb-builder-values.c: the values an AI Assist suggestion carries, key by key: compare, show,
 * copy (the keys themselves in pb-builder-values-keys.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-values-private.h"

const char * const *
pb_builder_values_stream_keys (void)
{
  static const char **keys;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      guint n_fields, n = 0;
      const PbValueField *fields = pb_builder_values_fields (&n_fields);

      /* Made once, kept for the life of the process. */
      keys = g_new0 (const char *, n_fields + 1);
      for (guint i = 0; i < n_fields; i++)
        if (fields[i].in_stream)
          keys[n++] = fields[i].key;
      g_once_init_leave (&done, 1);
    }
  return keys;
}

const char *
pb_builder_values_title (const char *key)
{
  guint n_fields;
  const PbValueField *fields = pb_builder_values_fields (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return _(fields[i].title);
  return key;
}

gboolean
pb_builder_values_differ (PbManifest       *from,
                          PbManifestStream *from_stream,
                          PbManifest       *to,
                          PbManifestStream *to_stream,
                          const char       *key)
{
  const PbValueField *field = pb_builder_values_find_field (key, from_stream != NULL);
  PbValuePlace theirs = { from, from_stream, key };
  PbValuePlace ours = { to, to_stream, key };
  g_autofree char *their_print = NULL;
  g_autofree char *our_print = NULL;

  if (field == NULL)
    return FALSE;
  if (field->differ != NULL)
    return field->differ (&theirs, &ours);
  their_print = field->fingerprint (&theirs);
  if (their_print == NULL)
    return FALSE;
  /* A value of the other level (a stream's key in the manifest) is unset. */
  if ((to_stream != NULL) == field->in_stream)
    our_print = field->fingerprint (&ours);
  return g_strcmp0 (their_print, our_print) != 0;
}

char *
pb_builder_values_describe (PbManifest       *manifest,
                            PbManifestStream *stream,
                            const char       *key)
{
  const PbValueField *field = pb_builder_values_find_field (key, stream != NULL);
  PbValuePlace at = { manifest, stream, key };

  return field != NULL ? field->describe (&at) : g_strdup ("");
}

static void
copy_value (PbManifest       *to,
            PbManifestStream *to_stream,
            PbManifest       *from,
            PbManifestStream *from_stream,
            const char       *key)
{
  const PbValueField *field = pb_builder_values_find_field (key, from_stream != NULL);
  PbValuePlace theirs = { from, from_stream, key };
  PbValuePlace ours = { to, to_stream, key };

  if (field != NULL)
    field->copy (&ours, &theirs);
}

void
pb_builder_values_copy (PbManifest       *to,
                        PbManifestStream *to_stream,
                        PbManifest       *from,
                        PbManifestStream *from_stream,
                        const char       *key)
{
  g_return_if_fail (PB_IS_MANIFEST (to) && PB_IS_MANIFEST (from) && key != NULL);
  g_return_if_fail ((to_stream == NULL) == (from_stream == NULL));

  copy_value (to, to_stream, from, from_stream, key);
  if (from_stream != NULL)
    pb_manifest_stream_set_evidence (to_stream, key,
                                     pb_manifest_stream_get_evidence (from_stream, key));
  else
    pb_manifest_set_evidence (to, key, pb_manifest_get_evidence (from, key));
}

PbManifestStream *
pb_builder_values_copy_stream (PbManifestStream *stream)
{
  PbManifestStream *copy;
  const char * const *added;
  const PbValueField *fields;
  guint n_fields;

  g_return_val_if_fail (PB_IS_MANIFEST_STREAM (stream), NULL);

  copy = pb_manifest_stream_new (pb_manifest_stream_get_name (stream),
                                 pb_manifest_stream_get_path (stream));
  fields = pb_builder_values_fields (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    if (fields[i].in_stream)
      copy_value (NULL, copy, NULL, stream, fields[i].key);
  added = pb_manifest_stream_get_added_fields (stream);
  for (guint i = 0; added != NULL && added[i] != NULL && added[i + 1] != NULL; i += 2)
    pb_manifest_stream_set_added_field (copy, added[i], added[i + 1]);
  pb_manifest_stream_set_suggested (copy, pb_manifest_stream_get_suggested (stream));
  {
    g_autofree const char **keys = pb_manifest_stream_list_evidence_keys (stream);

    for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
      pb_manifest_stream_set_evidence (copy, keys[i],
                                       pb_manifest_stream_get_evidence (stream, keys[i]));
  }
  return copy;
}

void
pb_builder_values_add_missing_fields (PbManifest *to,
                                      PbManifest *from)
{
  guint n;

  g_return_if_fail (PB_IS_MANIFEST (to) && PB_IS_MANIFEST (from));

  n = pb_manifest_get_n_fields (from);
  for (guint i = 0; i < n; i++)
    {
      PbManifestField *theirs = pb_manifest_get_field (from, i);
      PbManifestField *ours;
      g_autofree char *key = NULL;

      if (pb_manifest_find_field (to, theirs->name) != NULL)
        continue;
      ours = pb_manifest_add_field (to, theirs->name, theirs->type);
      ours->format = g_strdup (theirs->format);
      ours->title = g_strdup (theirs->title);
      ours->description = g_strdup (theirs->description);
      ours->default_value = g_strdup (theirs->default_value);
      ours->secret = theirs->secret;
      ours->required = theirs->required;
      key = g_strconcat ("field:", theirs->name, NULL);
      pb_manifest_set_evidence (to, key, pb_manifest_get_evidence (from, key));
    }
}
