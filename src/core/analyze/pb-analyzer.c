/* pb-analyzer.c: the analyzer object and its run: operations become streams, named, with
 * their keys, pagination, cursors and schemas (each rule family lives in its own file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"
#include "pb-error.h"
#include "pb-spec-arena.h"

struct _PbAnalyzer
{
  GObject parent_instance;

  PbSpecDocument *document;
  GStrv           disabled_rules;
};

G_DEFINE_FINAL_TYPE (PbAnalyzer, pb_analyzer, G_TYPE_OBJECT)

static void
pb_analyzer_finalize (GObject *object)
{
  g_clear_object (&PB_ANALYZER (object)->document);
  g_clear_pointer (&PB_ANALYZER (object)->disabled_rules, g_strfreev);
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

void
pb_analyzer_set_disabled_rules (PbAnalyzer *self,
                                const char *families)
{
  g_return_if_fail (PB_IS_ANALYZER (self));
  g_clear_pointer (&self->disabled_rules, g_strfreev);
  if (families != NULL && families[0] != '\0')
    self->disabled_rules = g_strsplit (families, ",", -1);
}

gboolean
pb_analysis_rule_enabled (PbAnalysis *a,
                          const char *family)
{
  return a->disabled_rules == NULL || !g_strv_contains (a->disabled_rules, family);
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

  if (!pb_analysis_rule_enabled (a, "common-paginator"))
    return;

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
  /* The streams' record schemas (hundreds of small trees a big spec): one bump per node,
   * kept by the streams that hold them. */
  g_autoptr (PbSpecArena) schemas = pb_spec_arena_new ();
  g_autofree char *name = NULL;
  const cJSON *paths, *item;

  g_return_val_if_fail (PB_IS_ANALYZER (self), NULL);

  a->doc = self->document;
  a->uri = pb_spec_document_get_uri (self->document);
  a->manifest = manifest;
  a->disabled_rules = (const char * const *) self->disabled_rules;

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
          && pb_analysis_post_reads_records (a, item->string,
                                             pb_spec_document_resolve (a->doc, item, NULL)))
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
      base_name = pb_analysis_stream_base_name (a, stream_names, c);
      /* The API's root ("/") names no resource. */
      if (base_name == NULL)
        continue;
      stream_name = pb_analysis_unique_name (stream_names, base_name);
      c->stream = pb_manifest_stream_new (stream_name, c->path);
      pb_manifest_stream_set_http_method (c->stream, c->method);
      if (!pb_analysis_resolve_path_params (a, candidates, c))
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
      pb_analysis_membership_key (a, candidates, c);
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
              g_autofree char *key = pb_analysis_config_key (config_name);
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
      {
        PbSpecArena *previous = pb_spec_arena_push (schemas);
        cJSON *schema = pb_analyzer_record_schema (a, c->item_schema);

        pb_spec_arena_pop (previous);
        pb_manifest_stream_take_schema_in (c->stream, schema, schemas);
      }
      pb_manifest_add_stream (manifest, c->stream);
      g_hash_table_add (stream_names, (gpointer) pb_manifest_stream_get_name (c->stream));
    }

  apply_common_paginator (a, candidates);
  pb_analysis_rank_streams (a, candidates);

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
