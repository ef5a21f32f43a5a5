/* pb-analyzer.c: streams (list operations), record paths, keys, substreams, incremental
 * cursors and record schemas; the URL, auth and pagination rules live beside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"
#include "pb-error.h"

#define MAX_SCHEMA_DEPTH 6

struct _PbAnalyzer
{
  GObject parent_instance;

  PbSpecDocument *document;
};

G_DEFINE_FINAL_TYPE (PbAnalyzer, pb_analyzer, G_TYPE_OBJECT)

static void
pb_analyzer_finalize (GObject *object)
{
  g_clear_object (&PB_ANALYZER (object)->document);
  G_OBJECT_CLASS (pb_analyzer_parent_class)->finalize (object);
}

static void
pb_analyzer_class_init (PbAnalyzerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_analyzer_finalize;
}

static void
pb_analyzer_init (PbAnalyzer *self)
{
}

PbAnalyzer *
pb_analyzer_new (PbSpecDocument *document)
{
  PbAnalyzer *self = g_object_new (PB_TYPE_ANALYZER, NULL);

  self->document = g_object_ref (document);
  return self;
}

/* --- helpers shared with the rule files --- */

const cJSON *
pb_analysis_get (PbAnalysis  *a,
                 const cJSON *node,
                 const char  *key)
{
  if (!cJSON_IsObject (node))
    return NULL;
  node = pb_spec_document_resolve (a->doc, node, NULL);
  if (!cJSON_IsObject (node))
    return NULL;
  return pb_spec_document_resolve (a->doc, cJSON_GetObjectItemCaseSensitive (node, key), NULL);
}

const char *
pb_analysis_get_string (PbAnalysis  *a,
                        const cJSON *node,
                        const char  *key)
{
  const cJSON *v = pb_analysis_get (a, node, key);

  return cJSON_IsString (v) ? v->valuestring : NULL;
}

/* The first query parameter in PARAMS named (ignoring ASCII case) like one of NAMES, which are
 * lower case and in order of preference. */
const cJSON *
pb_analysis_find_query_param (PbAnalysis         *a,
                              GPtrArray          *params,
                              const char * const *names)
{
  /* The query parameters' names are read once; NAMES are lower case. */
  g_autoptr (GPtrArray) query = g_ptr_array_new ();
  g_autoptr (GPtrArray) query_names = g_ptr_array_new ();

  for (guint i = 0; i < params->len; i++)
    {
      const char *name = pb_analysis_get_string (a, params->pdata[i], "name");

      if (name != NULL
          && g_strcmp0 (pb_analysis_get_string (a, params->pdata[i], "in"), "query") == 0)
        {
          g_ptr_array_add (query, params->pdata[i]);
          g_ptr_array_add (query_names, (gpointer) name);
        }
    }
  /* The list order is a preference order. */
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < query->len; i++)
      if (g_ascii_strcasecmp (query_names->pdata[i], names[n]) == 0)
        return query->pdata[i];
  return NULL;
}

char *
pb_analysis_pointer (const char *first,
                     ...)
{
  GString *out = g_string_new ("#");
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_string_append_c (out, '/');
      for (const char *c = part; *c != '\0'; c++)
        {
          if (*c == '~')
            g_string_append (out, "~0");
          else if (*c == '/')
            g_string_append (out, "~1");
          else
            g_string_append_c (out, *c);
        }
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

PbEvidence *
pb_analysis_evidence (PbAnalysis *a,
                      const char *pointer,
                      double      confidence,
                      const char *reason)
{
  return pb_evidence_new (a->uri, pointer, NULL, confidence, reason != NULL ? _(reason) : NULL);
}

void
pb_analysis_take_evidence (PbManifest *manifest,
                           const char *key,
                           PbEvidence *evidence)
{
  pb_manifest_set_evidence (manifest, key, evidence);
  g_object_unref (evidence);
}

void
pb_analysis_take_stream_evidence (PbManifestStream *stream,
                                  const char       *key,
                                  PbEvidence       *evidence)
{
  pb_manifest_stream_set_evidence (stream, key, evidence);
  g_object_unref (evidence);
}

/* How much a property schema says: its own keys, plus its items' (for arrays). */
static int
richness (PbAnalysis  *a,
          const cJSON *prop)
{
  const cJSON *resolved = pb_spec_document_resolve (a->doc, prop, NULL);
  const cJSON *items
    = cJSON_IsObject (resolved) ? cJSON_GetObjectItemCaseSensitive (resolved, "items") : NULL;
  int n = cJSON_GetArraySize (resolved);

  if (cJSON_IsObject (items))
    {
      const cJSON *target = pb_spec_document_resolve (a->doc, items, NULL);

      n += cJSON_GetArraySize (target)
           + cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (target, "properties"))
           + cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (target, "allOf"));
    }
  return n;
}

static void
collect_properties (PbAnalysis  *a,
                    const cJSON *schema,
                    GPtrArray   *props,
                    guint        depth)
{
  static const char *const combiners[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *properties, *prop;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_SCHEMA_DEPTH)
    return;
  properties = pb_analysis_get (a, schema, "properties");
  cJSON_ArrayForEach (prop, properties)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < props->len && !seen; i++)
        if (g_str_equal (((const cJSON *) props->pdata[i])->string, prop->string))
          {
            /* allOf [generic page, {items: [Campaign]}]: the more specific one wins. */
            if (richness (a, prop) > richness (a, props->pdata[i]))
              props->pdata[i] = (gpointer) prop;
            seen = TRUE;
          }
      if (!seen)
        g_ptr_array_add (props, (gpointer) prop);
    }
  for (guint c = 0; c < G_N_ELEMENTS (combiners); c++)
    {
      const cJSON *members = pb_analysis_get (a, schema, combiners[c]);
      const cJSON *member;

      cJSON_ArrayForEach (member, members)
        {
          collect_properties (a, member, props, depth + 1);
          if (c > 0)
            break;   /* oneOf/anyOf: the first alternative stands for the others */
        }
    }
  /* {"items": [alternative, …]} without "type": array": alternatives of one object. */
  {
    const cJSON *items = cJSON_GetObjectItemCaseSensitive (schema, "items");

    if (cJSON_IsArray (items) && pb_analysis_schema_type (a, schema) == NULL)
      collect_properties (a, cJSON_GetArrayItem (items, 0), props, depth + 1);
  }
}

void
pb_analysis_collect_properties (PbAnalysis  *a,
                                const cJSON *schema,
                                GPtrArray   *props)
{
  collect_properties (a, schema, props, 0);
}

static void
collect_occurrences (PbAnalysis  *a,
                     const cJSON *schema,
                     const char  *name,
                     GPtrArray   *out,
                     guint        depth)
{
  static const char *const combiners[] = { "allOf", "anyOf", "oneOf" };
  const cJSON *prop;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  if (!cJSON_IsObject (schema) || depth > MAX_SCHEMA_DEPTH)
    return;
  prop = pb_analysis_get (a, pb_analysis_get (a, schema, "properties"), name);
  if (prop != NULL)
    g_ptr_array_add (out, (gpointer) prop);
  for (guint c = 0; c < G_N_ELEMENTS (combiners); c++)
    {
      const cJSON *members = pb_analysis_get (a, schema, combiners[c]);
      const cJSON *member;

      cJSON_ArrayForEach (member, members)
        {
          collect_occurrences (a, member, name, out, depth + 1);
          if (c > 0)
            break;
        }
    }
}

void
pb_analysis_collect_nested_properties (PbAnalysis  *a,
                                       const cJSON *schema,
                                       const char  *name,
                                       GPtrArray   *props)
{
  g_autoptr (GPtrArray) occurrences = g_ptr_array_new ();

  collect_occurrences (a, schema, name, occurrences, 0);
  for (guint i = 0; i < occurrences->len; i++)
    pb_analysis_collect_properties (a, occurrences->pdata[i], props);
}

const cJSON *
pb_analysis_schema_property (PbAnalysis  *a,
                             const cJSON *schema,
                             const char  *name)
{
  g_autoptr (GPtrArray) props = g_ptr_array_new ();

  pb_analysis_collect_properties (a, schema, props);
  for (guint i = 0; i < props->len; i++)
    if (g_str_equal (((const cJSON *) props->pdata[i])->string, name))
      return pb_spec_document_resolve (a->doc, props->pdata[i], NULL);
  return NULL;
}

const char *
pb_analysis_schema_type (PbAnalysis  *a,
                         const cJSON *schema)
{
  const cJSON *type = pb_analysis_get (a, schema, "type");

  if (cJSON_IsString (type))
    return type->valuestring;
  if (cJSON_IsArray (type))
    {
      const cJSON *t;

      /* OpenAPI 3.1: ["array", "null"] */
      cJSON_ArrayForEach (t, type)
        if (cJSON_IsString (t) && !g_str_equal (t->valuestring, "null"))
          return t->valuestring;
    }
  return NULL;
}

gboolean
pb_analysis_schema_is_array (PbAnalysis  *a,
                             const cJSON *schema)
{
  const cJSON *combined;

  schema = pb_spec_document_resolve (a->doc, schema, NULL);
  if (g_strcmp0 (pb_analysis_schema_type (a, schema), "array") == 0)
    return TRUE;
  /* Untyped with an "items" schema: an array. An "items" list without a type is how some
   * specs write alternatives of one object (read like oneOf). */
  if (pb_analysis_schema_type (a, schema) == NULL
      && cJSON_IsObject (pb_analysis_get (a, schema, "items")))
    return TRUE;
  /* allOf: [ one schema ] is that schema (followed a few levels: refs may loop). */
  for (guint depth = 0; depth < MAX_SCHEMA_DEPTH; depth++)
    {
      combined = pb_analysis_get (a, schema, "allOf");
      if (cJSON_GetArraySize (combined) != 1)
        return FALSE;
      schema = pb_spec_document_resolve (a->doc, cJSON_GetArrayItem (combined, 0), NULL);
      if (g_strcmp0 (pb_analysis_schema_type (a, schema), "array") == 0
          || (pb_analysis_schema_type (a, schema) == NULL
              && cJSON_IsObject (pb_analysis_get (a, schema, "items"))))
        return TRUE;
    }
  return FALSE;
}

/* --- names --- */

gboolean
pb_analysis_is_version_segment (const char *seg)
{
  if (g_ascii_strcasecmp (seg, "api") == 0 || g_ascii_strcasecmp (seg, "rest") == 0)
    return TRUE;
  if ((seg[0] == 'v' || seg[0] == 'V') && g_ascii_isdigit (seg[1]))
    return TRUE;
  for (const char *p = seg; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;   /* "2.0", "2010-04-01" */
}

static void
append_snake (GString    *out,
              const char *word)
{
  gsize start = out->len;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p) && out->len > start && g_ascii_islower (p[-1])
          && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > start && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > start && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
}

static char *
stream_name_for_path (const char *path)
{
  g_auto (GStrv) segs = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (segs);

  for (guint i = 0; i < n; i++)
    {
      char *seg = segs[i];
      char *dot;

      if (seg[0] == '\0' || seg[0] == '{' || pb_analysis_is_version_segment (seg))
        continue;
      /* "Calls.json" → "Calls" */
      if ((dot = strrchr (seg, '.')) != NULL
          && (g_str_equal (dot, ".json") || g_str_equal (dot, ".xml")))
        *dot = '\0';
      /* A trailing verb-like segment names the operation, not the resource. */
      if (i == n - 1 && out->len > 0 &&
          (g_str_equal (seg, "list") || g_str_equal (seg, "all") || g_str_equal (seg, "search")))
        continue;
      if (out->len > 0)
        g_string_append_c (out, '_');
      append_snake (out, seg);
    }
  if (out->len == 0)
    g_string_append (out, "records");
  return g_string_free (out, FALSE);
}

static char *
unique_name (GHashTable *taken,
             const char *name)
{
  char *candidate = g_strdup (name);

  for (guint i = 2; g_hash_table_contains (taken, candidate); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s_%u", name, i);
    }
  return candidate;
}

char *
pb_analysis_normalise (const char *s)
{
  /* Called for every property name the rules look at: one allocation, no GString. */
  char *out = g_malloc (strlen (s) + 1);
  char *o = out;

  for (; *s != '\0'; s++)
    if (g_ascii_isalnum (*s))
      *o++ = g_ascii_tolower (*s);
  *o = '\0';
  return out;
}

/* --- substreams --- */

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
config_key (const char *param)
{
  GString *out = g_string_new (NULL);

  append_snake (out, param);
  return g_string_free (out, FALSE);
}

/* The parent's record property that carries the value of path parameter PARAM. */
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
static gboolean
resolve_path_params (PbAnalysis *a,
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
          key = config_key (name);
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

static void
add_start_date_field (PbAnalysis *a)
{
  PbManifestField *field;

  for (guint i = 0; i < pb_manifest_get_n_streams (a->manifest); i++)
    if (a->needs_start_date
        || pb_manifest_stream_get_incremental (pb_manifest_get_stream (a->manifest, i))
               ->cursor_field
             != NULL)
      {
        field = pb_manifest_add_field (a->manifest, "start_date", "string");
        field->format = g_strdup ("date-time");
        field->title = g_strdup (_("Start date"));
        field->description = g_strdup (_(
          "Records changed before this date and time (UTC, YYYY-MM-DDTHH:MM:SSZ) are not read."));
        field->default_value = g_strdup ("2020-01-01T00:00:00Z");
        field->required = TRUE;
        return;
      }
}

static gboolean
is_detail_path (const char *path)
{
  gsize len = strlen (path);

  while (len > 1 && path[len - 1] == '/')
    len--;
  return len > 0 && path[len - 1] == '}';
}

static int
compare_depth (gconstpointer pa,
               gconstpointer pb)
{
  const Candidate *ca = *(Candidate **) pa;
  const Candidate *cb = *(Candidate **) pb;
  int da = 0, db = 0;

  for (const char *p = ca->path; *p; p++)
    da += *p == '{';
  for (const char *p = cb->path; *p; p++)
    db += *p == '{';
  return da - db;
}

static char *
paginator_key (PbManifestPaginator *p)
{
  return g_strdup_printf ("%d|%s|%s|%d", p->kind, p->cursor_value ? p->cursor_value : "",
                          p->token_field ? p->token_field : "", p->token_inject_into);
}

/* APIs page their lists one way; specs often say so on some list operations only. When most
 * list streams agree, the others that declare nothing page the same way. */
static void
apply_common_paginator (PbAnalysis *a,
                        GPtrArray  *candidates)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PbManifestStream *model = NULL;
  guint lists = 0, best = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];
      PbManifestPaginator *p;
      char *key;
      guint n;

      if (c->stream == NULL || !c->collection || c->detail)
        continue;
      lists++;
      p = pb_manifest_stream_get_paginator (c->stream);
      /* Only what the spec states outright spreads, not a guessed last-record cursor. */
      if (p->kind == PB_PAGINATION_NONE
          || pb_manifest_stream_get_evidence (c->stream, "paginator") == NULL
          || pb_evidence_get_confidence (pb_manifest_stream_get_evidence (c->stream, "paginator"))
               < 0.75)
        continue;
      key = paginator_key (p);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
      g_hash_table_replace (counts, key, GUINT_TO_POINTER (n));
      if (n > best)
        {
          best = n;
          model = c->stream;
        }
    }
  if (model == NULL || best < 3 || best * 5 < lists * 2)
    return;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];
      PbManifestPaginator *from = pb_manifest_stream_get_paginator (model);
      PbManifestPaginator *to;

      if (c->stream == NULL || !c->collection || c->detail ||
          pb_manifest_stream_get_paginator (c->stream)->kind != PB_PAGINATION_NONE)
        continue;
      /* A body token needs the same response shape: only header links and last-record
       * cursors carry over to a bare list. */
      if (c->record_path[0] == NULL && from->cursor_value != NULL
          && g_str_has_prefix (from->cursor_value, "{{ response"))
        continue;
      to = pb_manifest_stream_get_paginator (c->stream);
      to->kind = from->kind;
      to->cursor_value = g_strdup (from->cursor_value);
      to->stop_condition = g_strdup (from->stop_condition);
      to->token_inject_into = from->token_inject_into;
      to->token_field = g_strdup (from->token_field);
      to->page_size = from->page_size;
      to->page_size_inject_into = from->page_size_inject_into;
      to->page_size_field = g_strdup (from->page_size_field);
      to->start_from_page = from->start_from_page;
      pb_analysis_take_stream_evidence (
        c->stream, "paginator",
        pb_analysis_evidence (
          a, c->pointer, 0.4,
          N_("Most list endpoints of this API page this way; this one does not say.")));
    }
}

static char *
api_name (PbAnalysis *a)
{
  const char *title = pb_analysis_get_string (
    a, pb_analysis_get (a, pb_spec_document_get_root (a->doc), "info"), "title");

  return g_strdup (title != NULL ? title : "Generated connector");
}

PbManifest *
pb_analyzer_run (PbAnalyzer  *self,
                 GError     **error)
{
  PbAnalysis analysis = { 0 };
  PbAnalysis *a = &analysis;
  g_autoptr (PbManifest) manifest = pb_manifest_new ();
  g_autoptr (GPtrArray) candidates
    = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_analysis_candidate_free);
  /* The names of the streams added so far (borrowed from them): a big spec names hundreds. */
  g_autoptr (GHashTable) stream_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *name = NULL;
  const cJSON *paths, *item;

  g_return_val_if_fail (PB_IS_ANALYZER (self), NULL);

  a->doc = self->document;
  a->uri = pb_spec_document_get_uri (self->document);
  a->manifest = manifest;

  name = api_name (a);
  pb_manifest_set_name (manifest, name);
  pb_analyzer_detect_url_base (a);
  pb_analyzer_detect_auth (a);

  paths = pb_analysis_get (a, pb_spec_document_get_root (a->doc), "paths");
  cJSON_ArrayForEach (item, paths)
    {
      Candidate *c;

      if (item->string == NULL || item->string[0] != '/')
        continue;
      c = pb_analysis_read_operation (a, item->string,
                                      pb_spec_document_resolve (a->doc, item, NULL), "GET");
      if (c == NULL
          && (g_str_has_suffix (item->string, "/search")
              || g_str_has_suffix (item->string, "/search/")))
        {
          c = pb_analysis_read_operation (a, item->string,
                                          pb_spec_document_resolve (a->doc, item, NULL), "POST");
          if (c != NULL && !c->collection)
            g_clear_pointer (&c, pb_analysis_candidate_free);
        }
      if (c != NULL)
        g_ptr_array_add (candidates, c);
    }

  /* Parents before children so a child can find its parent's stream. */
  g_ptr_array_sort (candidates, compare_depth);
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];
      g_autofree char *base_name = NULL;
      g_autofree char *stream_name = NULL;
      g_autofree char *resource = NULL;
      gboolean has_params = strchr (c->path, '{') != NULL;

      c->detail = is_detail_path (c->path) && g_str_equal (c->method, "GET");
      if (c->detail)
        {
          /* "/things/{id}" reads one whole thing per record of the "/things" list (even when
           * that thing holds a list): the full record where the list gives a summary. */
          const cJSON *data = pb_analysis_schema_property (a, c->body_schema, "data");
          const char *data_path[] = { "data", NULL };

          if (c->body_schema == NULL)
            continue;
          c->collection = FALSE;
          g_strfreev (c->record_path);
          if (data != NULL && !pb_analysis_schema_is_array (a, data))
            {
              c->record_path = g_strdupv ((char **) data_path);
              c->item_schema = data;
            }
          else
            {
              c->record_path = g_new0 (char *, 1);
              c->item_schema = c->body_schema;
            }
        }
      /* Single objects are streams only when they need no id (an account, a profile). */
      else if (!c->collection && (has_params || c->body_schema == NULL))
        continue;
      base_name = stream_name_for_path (c->path);
      /* The API's root ("/") names no resource. */
      if (g_str_equal (base_name, "records"))
        continue;
      if (c->detail)
        {
          char *details = g_strconcat (base_name, "_details", NULL);

          g_free (base_name);
          base_name = details;
        }
      /* Two paths, one name ("/shared/{period}" and "/shared/{period}/{type}"): the
       * operation's own id tells them apart, if it has one. */
      if (g_hash_table_contains (stream_names, base_name) &&
          pb_analysis_get_string (a, c->op, "operationId") != NULL)
        {
          GString *op_name = g_string_new (NULL);

          append_snake (op_name, pb_analysis_get_string (a, c->op, "operationId"));
          if (op_name->len > 0 && !g_hash_table_contains (stream_names, op_name->str))
            {
              g_free (base_name);
              base_name = g_string_free (op_name, FALSE);
            }
          else
            g_string_free (op_name, TRUE);
        }
      if (g_hash_table_contains (stream_names, base_name) && strrchr (c->path, '{') != NULL)
        {
          /* Else the last placeholder: "shared_by_share_type". */
          const char *open = strrchr (c->path, '{');
          const char *close = strchr (open, '}');

          if (close != NULL && close > open + 1)
            {
              g_autofree char *param = g_strndup (open + 1, close - open - 1);
              GString *by = g_string_new (base_name);

              g_string_append (by, "_by_");
              append_snake (by, param);
              g_free (base_name);
              base_name = g_string_free (by, FALSE);
            }
        }
      stream_name = unique_name (stream_names, base_name);
      c->stream = pb_manifest_stream_new (stream_name, c->path);
      pb_manifest_stream_set_http_method (c->stream, c->method);
      if (!resolve_path_params (a, candidates, c))
        {
          g_clear_object (&c->stream);
          continue;
        }
      pb_analysis_take_stream_evidence (
        c->stream, "path",
        pb_analysis_evidence (
          a, c->pointer,
          cJSON_IsTrue (pb_analysis_get (a, c->op, "deprecated")) ? 0.3
          : c->collection                                         ? 0.8
                                                                  : 0.4,
          cJSON_IsTrue (pb_analysis_get (a, c->op, "deprecated"))
            ? N_("A deprecated operation: it still answers, but may go away.")
          : c->detail     ? N_("A GET operation that reads one record of the parent list in full.")
          : c->collection ? N_("A GET operation that returns a list.")
                          : N_("A GET operation without parameters that returns one object.")));
      pb_manifest_stream_set_record_path (c->stream, (const char * const *) c->record_path);
      pb_analysis_take_stream_evidence (
        c->stream, "record_path",
        pb_analysis_evidence (
          a, c->pointer, 0.8,
          c->record_path[0] == NULL
            ? N_("The response body is the list of records.")
            : N_("The array property of the response that holds the records.")));
      resource = pb_analysis_last_resource_segment (c->path);
      pb_analyzer_detect_primary_key (a, c->stream, c->item_schema, resource, c->pointer);
      if (c->collection)
        pb_analyzer_detect_pagination (a, c->stream, c->params, c->body_schema,
                                       c->record_path[0] == NULL, c->response, c->pointer);
      pb_analyzer_detect_incremental (a, c->stream, c->item_schema, c->params, c->pointer);
      /* Required parameters: their default, first allowed value, a config value or a time bound. */
      for (guint p = 0; p < c->params->len; p++)
        {
          const cJSON *param = c->params->pdata[p];
          const char *in = pb_analysis_get_string (a, param, "in");
          const char *pname = pb_analysis_get_string (a, param, "name");
          const char *config_name = NULL;
          gboolean uses_start_date = FALSE;
          g_autofree char *value = NULL;

          if (!cJSON_IsTrue (pb_analysis_get (a, param, "required")) ||
              (g_strcmp0 (in, "query") != 0 && g_strcmp0 (in, "header") != 0))
            continue;
          /* Credentials are the authenticator's job, never a request header of their own. */
          if (g_strcmp0 (in, "header") == 0 &&
              (g_ascii_strcasecmp (pname, "Authorization") == 0 ||
               g_strcmp0 (pname, pb_manifest_get_auth (a->manifest)->field_name) == 0))
            continue;
          value = pb_analysis_required_value (a, param, &config_name, &uses_start_date);
          if (config_name != NULL)
            {
              g_autofree char *key = config_key (config_name);
              PbManifestField *field = pb_manifest_find_field (a->manifest, key);

              if (field == NULL)
                {
                  field = pb_manifest_add_field (a->manifest, key, "string");
                  field->title = g_strdup (config_name);
                  field->description = g_strdup (pb_analysis_get_string (a, param, "description"));
                  field->required = TRUE;
                }
              g_free (value);
              value = g_strdup_printf ("{{ config['%s'] }}", key);
            }
          if (value == NULL)
            continue;
          a->needs_start_date |= uses_start_date;
          if (g_strcmp0 (in, "header") == 0)
            pb_manifest_stream_set_request_header (c->stream, pname, value);
          else
            pb_manifest_stream_set_request_parameter (c->stream, pname, value);
          pb_analysis_take_stream_evidence (
            c->stream, "request_parameters",
            pb_analysis_evidence (
              a, c->pointer, config_name != NULL ? 0.7 : 0.4,
              N_("Required request parameters, filled from their default, "
                  "their first allowed value, the config or the sync window.")));
        }
      pb_manifest_stream_take_schema (c->stream, pb_analyzer_record_schema (a, c->item_schema));
      pb_manifest_add_stream (manifest, c->stream);
      g_hash_table_add (stream_names, (gpointer) pb_manifest_stream_get_name (c->stream));
    }

  apply_common_paginator (a, candidates);

  if (pb_manifest_get_n_streams (manifest) == 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_NOTHING_FOUND,
        _("No readable list endpoint found in %s: it has no GET operation that returns records "
           "without parameters only the API's user could know."),
        a->uri != NULL ? a->uri : "the document");
      return NULL;
    }
  add_start_date_field (a);
  return g_steal_pointer (&manifest);
}
