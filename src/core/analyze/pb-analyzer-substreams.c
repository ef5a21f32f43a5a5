/* pb-analyzer-substreams.c: path placeholders filled from a parent stream's records, the
 * parent's partition or the config
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"

static Candidate *
find_candidate (GPtrArray  *candidates,
                const char *path)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];

      gsize a_len = strlen (c->path), b_len = strlen (path);

      /* "/things/" and "/things" name the same list. */
      while (a_len > 1 && c->path[a_len - 1] == '/')
        a_len--;
      while (b_len > 1 && path[b_len - 1] == '/')
        b_len--;
      if (a_len == b_len && strncmp (c->path, path, a_len) == 0)
        return c;
    }
  return NULL;
}
static char *
parent_key_for (PbAnalysis  *a,
                Candidate   *parent,
                const char  *param)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();
  g_autofree char *want = pb_analysis_normalise (param);

  pb_analysis_collect_properties (a, parent->item_schema, props);
  for (guint i = 0; i < props->len; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, param))
      return g_strdup (param);
  for (guint i = 0; i < props->len; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, "id"))
      return g_strdup ("id");
  for (guint i = 0; i < props->len; i++)
    {
      g_autofree char *norm = pb_analysis_normalise (((const cJSON *) props->pdata[i])->string);

      if (g_str_equal (norm, want))
        return g_strdup (((const cJSON *) props->pdata[i])->string);
    }
  return g_strdup ("id");
}

/* A path parameter no parent stream provides: a config field, with the spec's default or
 * first allowed value and its description. */
static void
add_path_field (PbAnalysis *a,
                Candidate  *c,
                const char *name,
                const char *key)
{
  PbManifestField *field = pb_manifest_find_field (a->manifest, key);
  const cJSON *param = NULL;

  if (field != NULL)
    return;
  for (guint i = 0; i < c->params->len && param == NULL; i++)
    if (g_strcmp0 (pb_analysis_get_string (a, c->params->pdata[i], "name"), name) == 0 &&
        g_strcmp0 (pb_analysis_get_string (a, c->params->pdata[i], "in"), "path") == 0)
      param = c->params->pdata[i];
  field = pb_manifest_add_field (a->manifest, key, "string");
  field->title = g_strdup (name);
  field->required = TRUE;
  field->description = pb_analysis_get_string (a, param, "description") != NULL
    ? g_strdup (pb_analysis_get_string (a, param, "description"))
    : g_strdup_printf (_("The “%s” of the path %s."), name, c->path);
  if (param != NULL)
    {
      const char *config_name = NULL;
      gboolean uses_start_date = FALSE;
      g_autofree char *value
        = pb_analysis_required_value (a, param, &config_name, &uses_start_date);

      /* Only literal values make defaults (not a template reading the config). */
      if (value != NULL && strstr (value, "{{") == NULL)
        field->default_value = g_steal_pointer (&value);
    }
}

/* Rewrites "{param}" placeholders: the last one comes from the parent stream's records, earlier
 * ones from the parent's own partition (parent_slice), or from config when there is no parent. */
gboolean
pb_analysis_resolve_path_params (PbAnalysis *a,
                                 GPtrArray  *candidates,
                                 Candidate  *c)
{
  g_auto (GStrv) segs = g_strsplit (c->path, "/", -1);
  int n = g_strv_length (segs);
  int last_param = -1;
  Candidate *parent = NULL;
  g_autofree char *partition_field = NULL;
  GString *out;

  /* Only a whole-segment placeholder ("/{id}/", not "/{id}.json") can come from a parent. */
  for (int i = n - 1; i >= 0; i--)
    if (segs[i][0] == '{' && strchr (segs[i], '}') == segs[i] + strlen (segs[i]) - 1)
      {
        last_param = i;
        break;
      }
  if (strchr (c->path, '{') == NULL)
    {
      pb_manifest_stream_set_path (c->stream, c->path);
      return TRUE;
    }
  if (last_param >= 0)
    {
      g_autofree char *prefix = NULL;
      char *saved = segs[last_param];

      segs[last_param] = NULL;
      prefix = g_strjoinv ("/", segs);
      segs[last_param] = saved;
      parent = find_candidate (candidates, prefix);
      if (parent != NULL && (!parent->collection || parent->stream == NULL || parent == c))
        parent = NULL;
    }
  /* A detail endpoint is only worth a stream when the list it details is one. */
  if (parent == NULL && c->detail)
    return FALSE;

  out = g_string_new (NULL);
  for (int i = 0; i < n; i++)
    {
      const char *seg = segs[i];

      if (i > 0)
        g_string_append_c (out, '/');
      while (*seg != '\0')
        {
          const char *open = strchr (seg, '{');
          const char *close = open != NULL ? strchr (open, '}') : NULL;
          g_autofree char *name = NULL;
          g_autofree char *key = NULL;

          if (open == NULL || close == NULL)
            {
              g_string_append (out, seg);
              break;
            }
          g_string_append_len (out, seg, open - seg);
          name = g_strndup (open + 1, close - open - 1);
          key = pb_analysis_config_key (name);
          seg = close + 1;

          if (parent != NULL && i == last_param)
            {
              partition_field = g_strdup (key);
              g_string_append_printf (out, "{{ stream_partition['%s'] }}", key);
            }
          else if (parent != NULL
                   && pb_manifest_stream_get_parent (parent->stream)->partition_field != NULL
                   && g_strcmp0 (pb_manifest_stream_get_parent (parent->stream)->partition_field,
                                 key)
                        == 0)
            {
              g_string_append_printf (out, "{{ stream_partition['parent_slice']['%s'] }}", key);
            }
          else
            {
              add_path_field (a, c, name, key);
              g_string_append_printf (out, "{{ config['%s'] }}", key);
            }
        }
    }
  pb_manifest_stream_set_path (c->stream, out->str);
  g_string_free (out, TRUE);

  if (parent != NULL)
    {
      PbManifestParent *p = pb_manifest_stream_get_parent (c->stream);
      g_autofree char *pname = g_strndup (segs[last_param] + 1, strlen (segs[last_param]) - 2);

      p->parent_stream = g_strdup (pb_manifest_stream_get_name (parent->stream));
      p->parent_key = parent_key_for (a, parent, pname);
      p->partition_field = g_steal_pointer (&partition_field);
      pb_analysis_take_stream_evidence (
        c->stream, "parent",
        pb_analysis_evidence (
          a, parent->pointer, 0.75,
          N_("The path parameter is the id of a record the parent list endpoint returns.")));
    }
  return TRUE;
}

/* Whether RECORD_PROPS has a property that carries the parent's id PARAM ("groupId",
 * "group_id", or "group" for a parameter "groupId"). */
static gboolean
names_parent (GPtrArray  *record_props,
              const char *param)
{
  g_autofree char *want = pb_analysis_normalise (param);
  g_autofree char *stem = NULL;

  if (g_str_has_suffix (want, "id") && strlen (want) > 2)
    stem = g_strndup (want, strlen (want) - 2);
  for (guint i = 0; i < record_props->len; i++)
    {
      const cJSON *prop = record_props->pdata[i];
      g_autofree char *norm = pb_analysis_normalise (prop->string);

      if (g_str_equal (norm, want) || (stem != NULL && g_str_equal (norm, stem)))
        return TRUE;
    }
  return FALSE;
}

void
pb_analysis_membership_key (PbAnalysis *a,
                            GPtrArray  *candidates,
                            Candidate  *c)
{
  PbManifestParent *parent = pb_manifest_stream_get_parent (c->stream);
  const char * const *pk = pb_manifest_stream_get_primary_key (c->stream);
  g_autofree char *resource = NULL;
  g_autofree char *param = NULL;
  g_autoptr (GPtrArray) props = NULL;
  const char *open, *close;
  gboolean shared = FALSE;

  if (!pb_analysis_rule_enabled (a, "membership-keys") || parent->parent_stream == NULL
      || parent->partition_field == NULL || c->detail || !c->collection || pk == NULL
      || pk[0] == NULL || pk[1] != NULL)
    return;
  /* "/groups/{groupId}/users": the placeholder right before the last segment. */
  open = strrchr (c->path, '{');
  close = open != NULL ? strchr (open, '}') : NULL;
  if (close == NULL || close[1] != '/' || strchr (close + 2, '/') != NULL || close == open + 1)
    return;
  param = g_strndup (open + 1, close - open - 1);
  resource = pb_analysis_last_resource_segment (c->path);
  /* Many-to-many links name people or grants: a group's members or users, a user's roles. A
   * child that belongs to one parent (an inbox's conversations) keeps its own id. */
  {
    static const char *const member_words[]
      = { "members",     "memberships",  "member",       "users",     "roles",
          "assignments", "roleassignments", "subscribers", "followers", "collaborators",
          "participants", "owners",      "admins",       NULL };
    g_autofree char *norm = pb_analysis_normalise (resource);

    if (!g_strv_contains (member_words, norm))
      return;
  }
  /* The records are shared between parents: the same kind of record is listed elsewhere without
   * this parent (a top-level "/users", or "/users/{id}/roles" beside "/groups/{id}/roles"). */
  for (guint i = 0; i < candidates->len && !shared; i++)
    {
      Candidate *other = candidates->pdata[i];
      g_autofree char *other_resource = NULL;
      const char *other_open;

      if (other == c || !other->collection || other->detail)
        continue;
      other_resource = pb_analysis_last_resource_segment (other->path);
      if (!g_str_equal (other_resource, resource))
        continue;
      other_open = strrchr (other->path, '{');
      shared = other_open == NULL || strncmp (other->path, c->path, open - c->path) != 0
               || other->item_schema == c->item_schema;
    }
  if (!shared)
    return;
  props = g_ptr_array_new ();
  pb_analysis_collect_properties (a, c->item_schema, props);
  if (names_parent (props, param))
    return;
  {
    g_autofree char *value
      = g_strdup_printf ("{{ stream_partition['%s'] }}", parent->partition_field);
    g_autofree char *key = g_strdup (pk[0]);
    const char *fields[] = { param, key, NULL };

    pb_manifest_stream_set_added_field (c->stream, param, value);
    pb_manifest_stream_set_primary_key (c->stream, fields);
    pb_analysis_take_stream_evidence (
      c->stream, "primary_key",
      pb_analysis_evidence (a, c->pointer, 0.6,
                            N_("The same records are listed under other parents too: the key "
                                "is the parent's id and the record's own.")));
  }
}
