/* pb-builder-suggestions.c: what an AI Assist result would change in a Builder project, as a
 * list of suggestions to accept or reject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-suggestions.h"
#include "pb-builder-values.h"
#include "pb-error.h"

struct _PbBuilderSuggestions
{
  GObject           parent_instance;

  PbBuilderProject *project;
  PbManifest       *result;
  GPtrArray        *items;    /* PbBuilderSuggestion */
  GHashTable       *sources;  /* PbBuilderSuggestion → PbManifestStream of RESULT (unowned) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbBuilderSuggestions, pb_builder_suggestions, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- GListModel --------------------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return PB_TYPE_BUILDER_SUGGESTION;
}

static guint
get_n_items (GListModel *model)
{
  return PB_BUILDER_SUGGESTIONS (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  PbBuilderSuggestions *self = PB_BUILDER_SUGGESTIONS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* --- the diff ------------------------------------------------------------------------------ */

static void
add (PbBuilderSuggestions *self,
     PbBuilderSuggestion  *suggestion,
     PbManifestStream     *source)
{
  g_ptr_array_add (self->items, suggestion);
  g_hash_table_insert (self->sources, suggestion, source);
}

static void
diff_value (PbBuilderSuggestions *self,
            PbManifestStream     *ours,
            PbManifestStream     *theirs,
            const char           *key)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  const char *stream = ours != NULL ? pb_manifest_stream_get_name (ours) : NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  PbEvidence *evidence;

  if (pb_builder_project_is_edited (self->project, stream, key))
    return;
  if (!pb_builder_values_differ (self->result, theirs, manifest, ours, key))
    return;
  old_value = pb_builder_values_describe (manifest, ours, key);
  new_value = pb_builder_values_describe (self->result, theirs, key);
  if (theirs == NULL)
    evidence = pb_manifest_get_evidence (self->result, key);
  else
    {
      evidence = pb_manifest_stream_get_evidence (theirs, key);
      /* The method comes from the same operation as the path. */
      if (evidence == NULL && g_str_equal (key, "method"))
        evidence = pb_manifest_stream_get_evidence (theirs, "path");
    }
  add (self, pb_builder_suggestion_new (PB_BUILDER_SUGGESTION_VALUE, stream, key,
                                        pb_builder_values_title (key), old_value, new_value,
                                        evidence),
       theirs);
}

static char *
request_line (PbManifestStream *stream)
{
  const char *method = pb_manifest_stream_get_http_method (stream);
  const char *path = pb_manifest_stream_get_path (stream);

  return g_strdup_printf ("%s %s", method != NULL ? method : "GET", path != NULL ? path : "/");
}

/* The project's stream for THEIRS: the same name, else the same request (renamed by the user). */
static PbManifestStream *
match_stream (PbBuilderSuggestions *self,
              PbManifestStream     *theirs)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  PbManifestStream *ours = pb_manifest_find_stream (manifest,
                                                    pb_manifest_stream_get_name (theirs));
  g_autofree char *line = NULL;
  guint n;

  if (ours != NULL)
    return ours;
  line = request_line (theirs);
  n = pb_manifest_get_n_streams (manifest);
  for (guint i = 0; i < n; i++)
    {
      PbManifestStream *candidate = pb_manifest_get_stream (manifest, i);
      g_autofree char *other = request_line (candidate);

      /* Not one the result has under its own name. */
      if (g_str_equal (line, other)
          && pb_manifest_find_stream (self->result,
                                      pb_manifest_stream_get_name (candidate)) == NULL)
        return candidate;
    }
  return NULL;
}

static void
add_new_stream (PbBuilderSuggestions *self,
                PbManifestStream     *theirs)
{
  const char *name = pb_manifest_stream_get_name (theirs);
  /* Translators: %s is the name of a stream ("invoices") */
  g_autofree char *title = g_strdup_printf (_("Add stream “%s”"), name);
  g_autofree char *line = request_line (theirs);

  add (self, pb_builder_suggestion_new (PB_BUILDER_SUGGESTION_NEW_STREAM, name, NULL, title,
                                        NULL, line,
                                        pb_manifest_stream_get_evidence (theirs, "path")),
       theirs);
}

static void
compute (PbBuilderSuggestions *self)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  const char * const *keys = pb_builder_values_stream_keys ();
  g_autoptr (GHashTable) matched = g_hash_table_new (NULL, NULL);  /* ours → theirs */
  g_autoptr (GPtrArray) news = g_ptr_array_new ();
  guint n_theirs = pb_manifest_get_n_streams (self->result);
  guint n_ours = pb_manifest_get_n_streams (manifest);

  diff_value (self, NULL, NULL, "url_base");
  diff_value (self, NULL, NULL, "auth");

  for (guint i = 0; i < n_theirs; i++)
    {
      PbManifestStream *theirs = pb_manifest_get_stream (self->result, i);
      PbManifestStream *ours = match_stream (self, theirs);

      if (ours == NULL)
        g_ptr_array_add (news, theirs);
      else if (!g_hash_table_contains (matched, ours))
        g_hash_table_insert (matched, ours, theirs);
    }

  /* In the project's order: what the user sees in the stream list. */
  for (guint i = 0; i < n_ours; i++)
    {
      PbManifestStream *ours = pb_manifest_get_stream (manifest, i);
      PbManifestStream *theirs = g_hash_table_lookup (matched, ours);

      for (guint k = 0; theirs != NULL && keys[k] != NULL; k++)
        diff_value (self, ours, theirs, keys[k]);
    }

  /* New streams: the ones the analyzer ranks as worth having first. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < news->len; i++)
      if (pb_manifest_stream_get_suggested (news->pdata[i]) == (pass == 0))
        add_new_stream (self, news->pdata[i]);
}

/* --- accept / reject ----------------------------------------------------------------------- */

static gboolean
drop (PbBuilderSuggestions *self,
      PbBuilderSuggestion  *suggestion)
{
  guint position;

  if (!g_ptr_array_find (self->items, suggestion, &position))
    return FALSE;
  g_hash_table_remove (self->sources, suggestion);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

static gboolean
apply (PbBuilderSuggestions *self,
       PbBuilderSuggestion  *suggestion,
       GError              **error)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  PbManifestStream *theirs = g_hash_table_lookup (self->sources, suggestion);
  const char *stream = pb_builder_suggestion_get_stream (suggestion);
  const char *key = pb_builder_suggestion_get_key (suggestion);
  PbManifestStream *ours;

  if (pb_builder_suggestion_get_kind (suggestion) == PB_BUILDER_SUGGESTION_NEW_STREAM)
    {
      g_autoptr (PbManifestStream) copy = NULL;

      if (pb_manifest_find_stream (manifest, stream) != NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME,
                       _("The project already has a stream named “%s”: rename it to add this "
                         "one."), stream);
          return FALSE;
        }
      copy = pb_builder_values_copy_stream (theirs);
      pb_manifest_add_stream (manifest, copy);
      pb_builder_values_add_missing_fields (manifest, self->result);
      pb_builder_project_set_stream_selected (self->project, stream, TRUE);
      return TRUE;
    }

  if (pb_builder_project_is_edited (self->project, stream, key))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_ACCESS_DENIED,
                   _("You changed “%s” yourself: your value is kept."),
                   pb_builder_suggestion_get_title (suggestion));
      return FALSE;
    }
  ours = stream != NULL ? pb_manifest_find_stream (manifest, stream) : NULL;
  if (stream != NULL && ours == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("The stream “%s” is no longer in the project."), stream);
      return FALSE;
    }
  pb_builder_values_copy (manifest, ours, self->result, theirs, key);
  if (g_strcmp0 (key, "auth") == 0 || g_strcmp0 (key, "incremental") == 0
      || g_strcmp0 (key, "url_base") == 0)
    pb_builder_values_add_missing_fields (manifest, self->result);
  return TRUE;
}

gboolean
pb_builder_suggestions_accept (PbBuilderSuggestions *self,
                               PbBuilderSuggestion  *suggestion,
                               GError              **error)
{
  g_autoptr (PbBuilderSuggestion) held = NULL;
  gboolean applied;

  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTIONS (self), FALSE);
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTION (suggestion), FALSE);

  if (!g_ptr_array_find (self->items, suggestion, NULL))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                           _("This suggestion was already accepted or rejected."));
      return FALSE;
    }
  held = g_object_ref (suggestion);
  applied = apply (self, suggestion, error);
  drop (self, suggestion);
  if (applied)
    pb_builder_project_changed (self->project);
  return applied;
}

void
pb_builder_suggestions_reject (PbBuilderSuggestions *self,
                               PbBuilderSuggestion  *suggestion)
{
  g_return_if_fail (PB_IS_BUILDER_SUGGESTIONS (self));
  g_return_if_fail (PB_IS_BUILDER_SUGGESTION (suggestion));

  drop (self, suggestion);
}

guint
pb_builder_suggestions_accept_all (PbBuilderSuggestions *self)
{
  g_autoptr (GPtrArray) items = NULL;
  guint n = 0;
  guint removed;

  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTIONS (self), 0);

  items = g_steal_pointer (&self->items);
  removed = items->len;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      if (apply (self, items->pdata[i], NULL))
        n++;
    }
  g_hash_table_remove_all (self->sources);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  if (n > 0)
    pb_builder_project_changed (self->project);
  return n;
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
pb_builder_suggestions_constructed (GObject *object)
{
  PbBuilderSuggestions *self = PB_BUILDER_SUGGESTIONS (object);

  G_OBJECT_CLASS (pb_builder_suggestions_parent_class)->constructed (object);

  if (self->project != NULL && self->result != NULL)
    compute (self);
}

static void
pb_builder_suggestions_finalize (GObject *object)
{
  PbBuilderSuggestions *self = PB_BUILDER_SUGGESTIONS (object);

  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->result);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_suggestions_parent_class)->finalize (object);
}

static void
pb_builder_suggestions_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PbBuilderSuggestions *self = PB_BUILDER_SUGGESTIONS (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_suggestions_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PbBuilderSuggestions *self = PB_BUILDER_SUGGESTIONS (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_RESULT:
      self->result = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_suggestions_class_init (PbBuilderSuggestionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pb_builder_suggestions_constructed;
  object_class->finalize = pb_builder_suggestions_finalize;
  object_class->get_property = pb_builder_suggestions_get_property;
  object_class->set_property = pb_builder_suggestions_set_property;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL,
                                                  PB_TYPE_BUILDER_PROJECT, flags);
  properties[PROP_RESULT] = g_param_spec_object ("result", NULL, NULL, PB_TYPE_MANIFEST, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_builder_suggestions_init (PbBuilderSuggestions *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->sources = g_hash_table_new (NULL, NULL);
}

PbBuilderSuggestions *
pb_builder_suggestions_new (PbBuilderProject *project,
                            PbManifest       *result)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);
  g_return_val_if_fail (PB_IS_MANIFEST (result), NULL);

  return g_object_new (PB_TYPE_BUILDER_SUGGESTIONS, "project", project, "result", result, NULL);
}

PbBuilderProject *
pb_builder_suggestions_get_project (PbBuilderSuggestions *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTIONS (self), NULL);
  return self->project;
}

PbManifest *
pb_builder_suggestions_get_result (PbBuilderSuggestions *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_SUGGESTIONS (self), NULL);
  return self->result;
}
