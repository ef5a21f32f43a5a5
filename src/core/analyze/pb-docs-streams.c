/* pb-docs-streams.c: streams from the GET requests documentation pages show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-docs-extractor-private.h"

typedef struct {
  Sample           *sample;
  char             *template;   /* "/users/{user_id}/orders" */
  GStrv             segs;       /* of TEMPLATE */
  guint             n_segs;
  guint             order;      /* in the docs */
  gboolean          detail;     /* ends with a path parameter: one record */
  PbManifestStream *stream;
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_free (c->template);
  g_strfreev (c->segs);
  g_clear_object (&c->stream);
  g_free (c);
}

static char *
singular (const char *word)
{
  gsize n = strlen (word);

  if (n > 3 && g_str_has_suffix (word, "ies"))
    return g_strdup_printf ("%.*sy", (int) (n - 3), word);
  if (n > 1 && word[n - 1] == 's' && word[n - 2] != 's')
    return g_strndup (word, n - 1);
  return g_strdup (word);
}

static char *
stream_name_for (const char *seg)
{
  char *name = g_ascii_strdown (seg, -1);

  g_strdelimit (name, "-. ", '_');
  return name;
}

/* "/v1/users/123/orders?limit=10" below PREFIX → "/users/{user_id}/orders" */
static Candidate *
candidate_new (Sample     *s,
               const char *origin,
               const char *prefix)
{
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  g_auto (GStrv) raw = NULL;
  g_autoptr (GString) tpl = g_string_new (NULL);
  GPtrArray *segs;
  Candidate *c;
  const char *rel;

  if (!pb_docs_split_url (s->url, &o, &path, &query) || strcmp (o, origin) != 0)
    return NULL;
  if (!g_str_has_prefix (path, prefix))
    return NULL;
  rel = path + strlen (prefix);
  if (*rel != '/' && *rel != '\0')
    return NULL;
  raw = g_strsplit (*rel == '/' ? rel + 1 : rel, "/", -1);
  segs = g_ptr_array_new ();
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *seg;

      if (*raw[i] == '\0')
        continue;
      if (pb_docs_is_param_segment (raw[i]))
        {
          g_autofree char *name = pb_docs_param_name (raw[i]);

          /* A literal id ("123") is named after the collection before it. */
          if (!(raw[i][0] == '{' || raw[i][0] == ':' || raw[i][0] == '<' || raw[i][0] == '[')
              || strcmp (name, "id") == 0)
            {
              g_autofree char *one = segs->len > 0
                                       ? singular (g_ptr_array_index (segs, segs->len - 1))
                                       : g_strdup ("parent");
              g_free (name);
              name = g_strdup_printf ("%s_id", one);
              g_strdelimit (name, "-. {}", '_');
            }
          seg = g_strdup_printf ("{%s}", name);
        }
      else
        seg = g_strdup (raw[i]);
      g_ptr_array_add (segs, seg);
      g_string_append_printf (tpl, "/%s", seg);
    }
  if (segs->len == 0)
    {
      g_ptr_array_free (segs, TRUE);
      return NULL;
    }
  g_ptr_array_add (segs, NULL);
  c = g_new0 (Candidate, 1);
  c->sample = s;
  c->segs = (GStrv) g_ptr_array_free (segs, FALSE);
  c->template = g_string_free (g_steal_pointer (&tpl), FALSE);
  return c;
}

static gboolean
seg_is_param (const char *seg)
{
  return seg[0] == '{';
}

/* --- incremental sync ------------------------------------------------------------------ */

static void
detect_incremental (PbManifest       *manifest,
                    PbManifestStream *stream,
                    Sample           *s,
                    const cJSON      *record,
                    const char       *container)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *o = NULL, *path = NULL, *query = NULL;
  PbManifestIncremental *inc;
  PbManifestField *field;
  const char *filter, *cursor, *format = NULL;

  /* The filter parameters of the operation's own section, and of its sample's query. */
  if (pb_docs_split_url (s->url, &o, &path, &query) && query != NULL)
    {
      g_auto (GStrv) pairs = g_strsplit (query, "&", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        g_ptr_array_add (names, g_ascii_strdown (pairs[i], strcspn (pairs[i], "=")));
    }
  if (s->section != NULL)
    for (guint k = 0; k < s->section->names->len; k++)
      g_ptr_array_add (names, g_strdup (s->section->names->pdata[k]));
  filter = pb_docs_time_filter (names);
  cursor = pb_docs_cursor_field (record, filter, &format);
  if (cursor == NULL)
    return;

  inc = pb_manifest_stream_get_incremental (stream);
  inc->cursor_field = g_strdup (cursor);
  inc->datetime_format = g_strdup (format);
  inc->start_datetime = g_strdup ("{{ config['start_date'] }}");
  if (container != NULL)
    {
      g_autofree char *value = g_strdup_printf ("{{ record['%s']['%s'] }}", container, cursor);

      pb_manifest_stream_set_added_field (stream, cursor, value);
    }
  if (filter != NULL)
    {
      inc->start_time_inject_into = PB_INJECT_REQUEST_PARAMETER;
      inc->start_time_field = g_strdup (filter);
    }
  pb_manifest_stream_set_evidence (
    stream, "incremental",
    pb_evidence_new (s->page, NULL, s->response_snippet, filter != NULL ? CONF_TABLE : CONF_PROSE,
                     filter != NULL
                       ? "The docs name a time filter and the example records carry a date-time."
                       : "The example records carry a date-time that changes with the record "
                         "(filtered client-side)."));
  field = pb_manifest_find_field (manifest, "start_date");
  if (field == NULL)
    {
      field = pb_manifest_add_field (manifest, "start_date", "string");
      field->format = g_strdup ("date-time");
      field->title = g_strdup ("Start date");
      field->description = g_strdup (
        "Records changed before this date and time (UTC, YYYY-MM-DDTHH:MM:SSZ) are not read.");
      field->default_value = g_strdup ("2020-01-01T00:00:00Z");
      field->required = TRUE;
    }
}

/* --- streams --------------------------------------------------------------------------- */

static int
by_depth (gconstpointer a,
          gconstpointer b)
{
  const Candidate *x = *(Candidate * const *) a;
  const Candidate *y = *(Candidate * const *) b;

  if (x->n_segs != y->n_segs)
    return x->n_segs < y->n_segs ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The last literal segment before index N. */
static const char *
resource_before (Candidate *c,
                 guint      n)
{
  for (guint k = n; k > 0; k--)
    if (!seg_is_param (c->segs[k - 1]))
      return c->segs[k - 1];
  return c->segs[0];
}

static char *
name_for (Candidate  *c,
          Candidate  *parent,
          GHashTable *taken)
{
  g_autofree char *name = NULL;

  if (c->detail)
    name = g_strconcat (pb_manifest_stream_get_name (parent->stream), "_details", NULL);
  else
    name = stream_name_for (c->segs[c->n_segs - 1]);
  if (g_hash_table_contains (taken, name) && !c->detail && c->n_segs >= 2)
    {
      g_autofree char *before = stream_name_for (resource_before (c, c->n_segs - 1));
      g_autofree char *longer = g_strdup_printf ("%s_%s", before, name);

      g_free (name);
      name = g_steal_pointer (&longer);
    }
  return g_hash_table_contains (taken, name) ? NULL : g_steal_pointer (&name);
}

/* The records of C's example response and the record path; for a detail, the object itself
 * (or the object under "data"). */
static const cJSON *
read_records (PbManifestStream *stream,
              Candidate        *c,
              const char       *name)
{
  const cJSON *response = c->sample->response;
  g_autoptr (GPtrArray) rpath = NULL;
  const cJSON *records = NULL;
  const cJSON *first = NULL;

  if (response == NULL)
    return NULL;
  if (c->detail)
    {
      const cJSON *data = cJSON_GetObjectItemCaseSensitive (response, "data");

      if (!cJSON_IsObject (response))
        return NULL;
      rpath = g_ptr_array_new ();
      first = response;
      if (cJSON_IsObject (data) && cJSON_GetObjectItemCaseSensitive (response, "id") == NULL)
        {
          g_ptr_array_add (rpath, (gpointer) "data");
          first = data;
        }
      g_ptr_array_add (rpath, NULL);
      pb_manifest_stream_set_record_path (stream, (const char * const *) rpath->pdata);
      return first;
    }
  rpath = pb_docs_record_path (response, name, (const char * const *) c->segs, &records);
  if (records == NULL)
    return NULL;
  g_ptr_array_add (rpath, NULL);
  pb_manifest_stream_set_record_path (stream, (const char * const *) rpath->pdata);
  pb_manifest_stream_set_evidence (
    stream, "record_path",
    pb_evidence_new (c->sample->page, NULL, c->sample->response_snippet, CONF_SAMPLE,
                     "The list in the example response."));
  first = cJSON_GetArrayItem (records, 0);
  return cJSON_IsObject (first) ? first : NULL;
}

static void
read_record_facts (PbManifest       *manifest,
                   PbManifestStream *stream,
                   Candidate        *c,
                   const cJSON      *record)
{
  const char *resource = resource_before (c, c->n_segs);
  const char *const *rpath = pb_manifest_stream_get_record_path (stream);
  const char *container = NULL;
  const cJSON *attributes = cJSON_GetObjectItemCaseSensitive (record, "attributes");
  gboolean natural = FALSE;
  const char *key = NULL;

  /* "<resource>_id" after the records' array ("signature_requests"), then the path's. */
  if (rpath != NULL && rpath[0] != NULL)
    key = pb_docs_primary_key (record, rpath[g_strv_length ((char **) rpath) - 1], &natural);
  if (key == NULL || natural)
    key = pb_docs_primary_key (record, resource, &natural);

  if (key != NULL)
    {
      const char *fields[] = { key, NULL };

      pb_manifest_stream_set_primary_key (stream, fields);
      pb_manifest_stream_set_evidence (
        stream, "primary_key",
        pb_evidence_new (c->sample->page, NULL, c->sample->response_snippet,
                         natural ? CONF_PROSE : CONF_TABLE,
                         natural ? "The records in the example have no id; this field names them."
                                 : "The identifier of the records in the example."));
    }
  pb_manifest_stream_take_schema (stream, pb_docs_schema_of (record, 0));
  pb_manifest_stream_set_evidence (
    stream, "schema",
    pb_evidence_new (c->sample->page, NULL, c->sample->response_snippet, CONF_TABLE,
                     "The fields of a record in the example response."));
  /* JSON:API records keep their fields under "attributes". */
  if (cJSON_IsObject (attributes))
    {
      const char *format = NULL;

      if (pb_docs_cursor_field (record, NULL, &format) == NULL)
        {
          container = "attributes";
          record = attributes;
        }
    }
  detect_incremental (manifest, stream, c->sample, record, container);
}

static char *
stream_path (PbManifest *manifest,
             Candidate  *c,
             Candidate  *parent,
             int         last_param)
{
  GString *path = g_string_new (NULL);

  for (guint k = 0; k < c->n_segs; k++)
    {
      g_autofree char *pname = NULL;

      if (!seg_is_param (c->segs[k]))
        {
          g_string_append_printf (path, "/%s", c->segs[k]);
          continue;
        }
      pname = g_strndup (c->segs[k] + 1, strlen (c->segs[k]) - 2);
      if (parent != NULL && (int) k == last_param)
        g_string_append_printf (path, "/{{ stream_partition['%s'] }}", pname);
      else
        {
          PbManifestField *field = pb_manifest_add_field (manifest, pname, "string");

          if (field->title == NULL)
            field->title = g_strdup (pname);
          field->required = TRUE;
          g_string_append_printf (path, "/{{ config['%s'] }}", pname);
        }
    }
  return g_string_free (path, FALSE);
}

void
pb_docs_build_streams (GPtrArray  *samples,
                       PbManifest *manifest,
                       const char *origin,
                       const char *prefix)
{
  g_autoptr (GPtrArray) cands = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr (GPtrArray) ordered = NULL;
  g_autoptr (GHashTable) by_template = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) lists = g_ptr_array_new ();
  g_autoptr (GArray) bare = g_array_new (FALSE, TRUE, sizeof (gboolean));

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      Candidate *c, *old;

      if (strcmp (s->method, "GET") != 0)
        continue;
      c = candidate_new (s, origin, prefix);
      if (c == NULL)
        continue;
      old = g_hash_table_lookup (by_template, c->template);
      if (old != NULL)
        {
          if (old->sample->response == NULL && s->response != NULL)
            old->sample = s;   /* the same endpoint, shown with a response this time */
          candidate_free (c);
          continue;
        }
      c->n_segs = g_strv_length (c->segs);
      c->order = cands->len;
      c->detail = seg_is_param (c->segs[c->n_segs - 1]);
      g_ptr_array_add (cands, c);
      g_hash_table_insert (by_template, c->template, c);
    }

  /* Shorter paths first: top-level lists take the plain names, and a list is a stream before
   * the sub-resources and details below it look for their parent. */
  ordered = g_ptr_array_sized_new (cands->len);
  for (guint i = 0; i < cands->len; i++)
    g_ptr_array_add (ordered, cands->pdata[i]);
  g_ptr_array_sort (ordered, by_depth);

  for (guint i = 0; i < ordered->len; i++)
    {
      Candidate *c = ordered->pdata[i];
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      Candidate *parent = NULL;
      const cJSON *record;
      int last_param = -1;

      /* The last path parameter ties the stream to the list it comes from, if that is one. */
      for (int k = (int) c->n_segs - 1; k >= 0; k--)
        if (seg_is_param (c->segs[k]))
          {
            g_autoptr (GString) parent_tpl = g_string_new (NULL);

            last_param = k;
            for (int j = 0; j < k; j++)
              g_string_append_printf (parent_tpl, "/%s", c->segs[j]);
            parent = g_hash_table_lookup (by_template, parent_tpl->str);
            if (parent != NULL && (parent->stream == NULL || parent->detail))
              parent = NULL;
            break;
          }
      /* A detail is worth a stream only below a list that is one, answering one object. */
      if (c->detail && (parent == NULL || !cJSON_IsObject (c->sample->response)))
        continue;
      name = name_for (c, parent, names);
      if (name == NULL)
        continue;

      path = stream_path (manifest, c, parent, last_param);
      c->stream = pb_manifest_stream_new (name, path);
      pb_manifest_stream_set_evidence (c->stream, "path",
                                       pb_evidence_new (c->sample->page, NULL, c->sample->snippet,
                                                        CONF_SAMPLE,
                                                        c->detail
                                                          ? "An example GET request in the docs "
                                                            "reads one record of a list."
                                                          : "An example GET request in the docs."));
      if (parent != NULL)
        {
          PbManifestParent *pp = pb_manifest_stream_get_parent (c->stream);

          pp->parent_stream = g_strdup (pb_manifest_stream_get_name (parent->stream));
          pp->parent_key = g_strdup ("id");
          {
            const char *const *key = pb_manifest_stream_get_primary_key (parent->stream);

            if (key != NULL && key[0] != NULL && key[1] == NULL)
              {
                g_free (pp->parent_key);
                pp->parent_key = g_strdup (key[0]);
              }
          }
          pp->partition_field
            = g_strndup (c->segs[last_param] + 1, strlen (c->segs[last_param]) - 2);
          pb_manifest_stream_set_evidence (
            c->stream, "parent",
            pb_evidence_new (c->sample->page, NULL, c->sample->snippet, CONF_TABLE,
                             "The path holds the id of a record another example lists."));
        }

      record = read_records (c->stream, c, name);
      if (record != NULL)
        read_record_facts (manifest, c->stream, c, record);
      if (!c->detail)
        {
          const char *const *rp = pb_manifest_stream_get_record_path (c->stream);
          gboolean is_bare = rp == NULL || rp[0] == NULL;

          pb_docs_detect_pagination (c->stream, c->sample);
          g_ptr_array_add (lists, c->stream);
          g_array_append_val (bare, is_bare);
        }

      g_hash_table_add (names, (gpointer) pb_manifest_stream_get_name (c->stream));
      pb_manifest_add_stream (manifest, c->stream);
    }
  pb_docs_common_paginator (lists, (const gboolean *) bare->data);
}
