/* pb-analyzer-ranking.c: streams ordered most useful first (top-level lists with records,
 * pagination and an id ahead of sub-resources, searches, details and admin or config lists),
 * the best ones marked "suggested"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer-private.h"

/* At most this many streams are suggested: expert connectors keep 20 to 50. */
#define MAX_SUGGESTED 40
#define SUGGESTED_MIN_SCORE 6

typedef struct {
  Candidate *c;
  int        score;
  guint      order;
} Ranked;

/* Path segments of lists that configure the account rather than hold its data. */
static gboolean
is_admin_segment (const char *norm)
{
  static const char *const words[]
    = { "admin",     "settings",   "setting",     "config",      "configuration", "configs",
        "schema",    "schemas",    "metadata",    "types",       "fields",        "definitions",
        "scopes",    "features",   "flags",       "limits",      "quotas",        "health",
        "status",    "ping",       "version",     "versions",    "capabilities",  "locales",
        "timezones", "currencies", "countries",   "languages",   "permissions",   "policies",
        "webhooks",  "templates",  "preferences", "integrations", "apps",         "keys",
        "tokens",    "sessions",   "oauth",       "auth",        "me",            "test",
        "sandbox",   "internal",   "debug",       "export",      "exports",       "imports",
        "jobs",      "batch",      "bulk",        "stats",       "statistics",    "analytics",
        "reports",   "report",     "usage",       "meta",        NULL };

  return g_strv_contains (words, norm);
}

/* Any word of SEG ("alert_grouping_settings", "field-definitions") is an admin word. */
static gboolean
has_admin_word (const char *seg)
{
  g_auto (GStrv) words = g_strsplit_set (seg, "_-.", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *norm = pb_analysis_normalise (words[i]);

      if (is_admin_segment (norm))
        return TRUE;
    }
  return FALSE;
}

/* The paths other operations hang below ("/teams" for "/teams/{id}/members"): main entities of
 * the API. One pass over the candidates, so ranking stays linear in big specs. */
static GHashTable *
parents_of (GPtrArray *candidates)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *path = ((Candidate *) candidates->pdata[i])->path;

      for (const char *p = strstr (path, "/{"); p != NULL; p = strstr (p + 2, "/{"))
        g_hash_table_add (set, g_strndup (path, p - path));
    }
  return set;
}

static gboolean
has_children (GHashTable *parents,
              const char *path)
{
  gsize len = strlen (path);
  g_autofree char *trimmed = NULL;

  while (len > 1 && path[len - 1] == '/')
    len--;
  trimmed = g_strndup (path, len);
  return g_hash_table_contains (parents, trimmed);
}

/* A GET list of the same resource exists ("/orders" beside "/orders/search"). */
static gboolean
has_get_list (GPtrArray  *candidates,
              Candidate  *c,
              const char *resource)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *other = candidates->pdata[i];
      g_autofree char *other_resource = NULL;

      if (other == c || !other->collection || other->detail || other->stream == NULL
          || !g_str_equal (other->method, "GET"))
        continue;
      other_resource = pb_analysis_last_resource_segment (other->path);
      if (g_str_equal (other_resource, resource))
        return TRUE;
    }
  return FALSE;
}

static int
usefulness (PbAnalysis *a,
            GPtrArray  *candidates,
            GHashTable *parents,
            Candidate  *c)
{
  PbManifestStream *stream = c->stream;
  const char * const *pk = pb_manifest_stream_get_primary_key (stream);
  g_auto (GStrv) segs = g_strsplit (c->path, "/", -1);
  guint resources = 0;
  gboolean admin = FALSE, search = FALSE;
  int score = 0;

  if (c->collection && !c->detail)
    score += 4;
  if (pb_manifest_stream_get_paginator (stream)->kind != PB_PAGINATION_NONE)
    score += 2;
  /* An identifier counts more than a natural key (email, name) guessed at low confidence. */
  if (pk != NULL && pk[0] != NULL)
    {
      PbEvidence *why = pb_manifest_stream_get_evidence (stream, "primary_key");

      score += why != NULL && pb_evidence_get_confidence (why) < 0.5 ? 1 : 2;
    }
  if (pb_manifest_stream_get_incremental (stream)->cursor_field != NULL)
    score += 1;
  if (pb_manifest_stream_get_parent (stream)->parent_stream != NULL)
    score -= 3;
  else if (strchr (c->path, '{') != NULL)
    score -= 2;   /* needs an id from the user */
  if (c->detail)
    score -= 4;
  if (has_children (parents, c->path))
    score += 1;
  if (cJSON_IsTrue (pb_analysis_get (a, c->op, "deprecated")))
    score -= 3;
  for (guint i = 0; segs[i] != NULL; i++)
    {
      g_autofree char *norm = NULL;

      if (segs[i][0] == '\0' || segs[i][0] == '{' || pb_analysis_is_version_segment (segs[i]))
        continue;
      norm = pb_analysis_normalise (segs[i]);
      admin |= has_admin_word (segs[i]);
      if (strstr (norm, "search") != NULL || g_str_equal (norm, "query")
          || g_str_equal (norm, "find") || g_str_equal (norm, "lookup"))
        search = TRUE;
      else if (!g_str_equal (norm, "list") && !g_str_equal (norm, "all"))
        resources++;   /* "/things/list" names one resource */
    }
  if (admin)
    score -= 3;
  /* A search (or a POST) is a second way to read what a GET list reads; when it is the only way,
   * it is that resource's list. */
  if (search || !g_str_equal (c->method, "GET"))
    {
      g_autofree char *resource = pb_analysis_last_resource_segment (c->path);

      if (has_get_list (candidates, c, resource))
        score -= 4;   /* a duplicate of that list: last */
      else
        score -= 1;
    }
  /* "/customers" before "/customers/balance/transactions". */
  if (resources > 1)
    score -= MIN ((int) resources - 1, 3);
  return score;
}

static int
compare_ranked (gconstpointer pa,
                gconstpointer pb)
{
  const Ranked *ra = pa;
  const Ranked *rb = pb;

  if (ra->score != rb->score)
    return rb->score - ra->score;
  return (int) ra->order - (int) rb->order;
}

void
pb_analysis_rank_streams (PbAnalysis *a,
                          GPtrArray  *candidates)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autoptr (GPtrArray) streams = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) by_stream = NULL;
  g_autoptr (GHashTable) parents = NULL;
  guint suggested = 0;

  if (!pb_analysis_rule_enabled (a, "ranking"))
    return;
  by_stream = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint j = 0; j < candidates->len; j++)
    if (((Candidate *) candidates->pdata[j])->stream != NULL)
      g_hash_table_insert (by_stream, ((Candidate *) candidates->pdata[j])->stream,
                           candidates->pdata[j]);
  parents = parents_of (candidates);
  /* The candidates that became streams, in the order they were added. */
  for (guint i = 0; i < pb_manifest_get_n_streams (a->manifest); i++)
    {
      Candidate *c = g_hash_table_lookup (by_stream, pb_manifest_get_stream (a->manifest, i));
      Ranked r = { c, 0, i };

      if (c == NULL)
        break;
      r.score = usefulness (a, candidates, parents, c);
      g_array_append_val (ranked, r);
    }
  if (ranked->len != pb_manifest_get_n_streams (a->manifest))
    return;   /* a stream no candidate made: leave the order alone */
  g_array_sort (ranked, compare_ranked);
  while (pb_manifest_get_n_streams (a->manifest) > 0)
    {
      g_ptr_array_add (streams, g_object_ref (pb_manifest_get_stream (a->manifest, 0)));
      pb_manifest_remove_stream (a->manifest, 0);
    }
  for (guint i = 0; i < ranked->len; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);
      gboolean suggest = r->score >= SUGGESTED_MIN_SCORE && suggested < MAX_SUGGESTED;

      pb_manifest_stream_set_suggested (r->c->stream, suggest);
      suggested += suggest;
      pb_manifest_add_stream (a->manifest, r->c->stream);
    }
}
