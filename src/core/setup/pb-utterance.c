/* pb-utterance.c: reads every fact a chat message gives (URLs, headers, prefixes, parameters,
 * the definition's own fields, pasted requests), with corrections and clearing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pb-error.h"
#include "pb-http-sample.h"
#include "pb-utterance-private.h"
#include "pb-validate.h"

/* Words that end a name instead of being one: "a header and no prefix". */
static const char *const stop_words[] = {
  "a", "an", "and", "any", "as", "but", "by", "empty", "for", "header", "in", "instead", "is",
  "it", "its", "key", "name", "no", "none", "not", "nothing", "of", "on", "or", "param",
  "parameter", "please", "prefix", "query", "string", "that", "the", "this", "to", "too",
  "using", "value", "via", "which", "with", "without", "called", "named", "also", "there",
  "then", "so", "should", "must", "goes", "sent", "be", "are", "was", "at", "from", "address",
  "if", "we", "our", "my", "you", "i", "use", "uses", NULL
};

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_free (c->value);
  g_free (c->evidence);
  g_free (c);
}

static void
fact_free (gpointer data)
{
  PbFact *f = data;

  g_free (f->field);
  g_free (f->value);
  g_free (f->evidence);
  g_free (f);
}

static void
refusal_free (gpointer data)
{
  PbRefusal *r = data;

  g_free (r->field);
  g_free (r->value);
  g_free (r->reason);
  g_free (r);
}

void
pb_utterance_free (PbUtterance *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->facts);
  g_ptr_array_unref (self->refused);
  g_free (self->question);
  g_free (self);
}

gboolean
pb_utterance_is_empty (PbUtterance *self)
{
  return self->facts->len == 0 && self->refused->len == 0 && self->question == NULL;
}

gboolean
pb_utt_is_stop_word (const char *word)
{
  g_autofree char *lower = g_ascii_strdown (word, -1);

  return g_strv_contains (stop_words, lower);
}

/* The field that holds a connector property ("base-url", "auth-header"…), if any. */
const PbField *
pb_utt_role_field (Reader     *r,
            const char *maps_to)
{
  GPtrArray *fields = pb_definition_get_fields (r->definition);

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *f = fields->pdata[i];
      if (g_strcmp0 (f->maps_to, maps_to) == 0)
        return f;
    }
  return NULL;
}

/* The field that says whether the key goes in a header or in the query. */
const PbField *
pb_utt_placement_field (Reader *r)
{
  GPtrArray *fields = pb_definition_get_fields (r->definition);

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *f = fields->pdata[i];
      if (f->enum_values != NULL
          && g_strv_contains ((const char *const *) f->enum_values, "header")
          && g_strv_contains ((const char *const *) f->enum_values, "query"))
        return f;
    }
  return NULL;
}

gboolean
pb_utterance_check_value (const PbField  *field,
                          const char     *value,
                          GError        **error)
{
  return pb_field_validate (field, value, error);
}

void
pb_utt_add (Reader        *r,
     const PbField *field,
     const char    *value,
     const char    *evidence)
{
  Candidate *c;

  if (field == NULL || field->secret || value == NULL)
    return;
  c = g_new0 (Candidate, 1);
  c->field = field;
  c->value = g_strdup (value);
  c->evidence = g_strdup (evidence);
  c->segment = r->segment;
  g_ptr_array_add (r->candidates, c);
}

void
pb_utt_add_placement (Reader     *r,
               const char *placement,
               const char *evidence,
               gboolean    implied)
{
  const PbField *field = pb_utt_placement_field (r);

  pb_utt_add (r, field, placement, evidence);
  if (field != NULL)
    ((Candidate *) r->candidates->pdata[r->candidates->len - 1])->implied = implied;
}

/* Blanks a consumed span so that later rules do not read it again. */
void
pb_utt_consume (Reader *r,
         int     start,
         int     end)
{
  for (int i = start; i < end; i++)
    if (r->text[i] != '\n')
      r->text[i] = ' ';
}

char *
pb_utt_clean_value (const char *raw)
{
  g_autofree char *v = g_strdup (raw);
  gsize len;

  g_strstrip (v);
  while (*v != '\0' && strchr ("\"'`“‘", *v) != NULL)
    memmove (v, v + 1, strlen (v));
  /* UTF-8 quotes are several bytes: drop their leading bytes too */
  while (g_str_has_prefix (v, "\xe2\x80"))
    memmove (v, v + 3, strlen (v + 2));
  len = strlen (v);
  while (len > 0 && strchr ("\"'`.,;:!?)", v[len - 1]) != NULL)
    v[--len] = '\0';
  while (len >= 3 && (g_str_has_suffix (v, "”") || g_str_has_suffix (v, "’")))
    {
      len -= 3;
      v[len] = '\0';
    }
  return g_steal_pointer (&v);
}



void
pb_utt_each_match (Reader     *r,
            const char *pattern,
            MatchFunc   func)
{
  g_autoptr (GRegex) re = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr (GMatchInfo) info = NULL;
  g_autoptr (GPtrArray) spans = g_ptr_array_new ();

  g_assert (re != NULL);
  g_regex_match (re, r->text, 0, &info);
  while (g_match_info_matches (info))
    {
      int start, end;

      g_match_info_fetch_pos (info, 0, &start, &end);
      if (func (r, info))
        {
          g_ptr_array_add (spans, GINT_TO_POINTER (start));
          g_ptr_array_add (spans, GINT_TO_POINTER (end));
        }
      g_match_info_next (info, NULL);
    }
  /* blanked after the walk: the match info points into the text */
  for (guint i = 0; i + 1 < spans->len; i += 2)
    pb_utt_consume (r, GPOINTER_TO_INT (spans->pdata[i]), GPOINTER_TO_INT (spans->pdata[i + 1]));
}

char *
pb_utt_fetch_clean (GMatchInfo *info,
             int         group)
{
  g_autofree char *raw = g_match_info_fetch (info, group);

  return raw != NULL ? pb_utt_clean_value (raw) : NULL;
}

/* ---- prose ---- */

#define HEADERISH "([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+|Authorization)"
#define NAME "[\"'`“‘]?([A-Za-z_][A-Za-z0-9_.-]*)[\"'`”’]?"

static gboolean
add_name_cb (Reader        *r,
             GMatchInfo    *info,
             const char    *role,
             const char    *placement)
{
  g_autofree char *name = pb_utt_fetch_clean (info, 1);
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  if (name == NULL || *name == '\0'
      || (pb_utt_is_stop_word (name) && !(g_str_equal (role, "auth-query-param")
                                   && (g_ascii_strcasecmp (name, "key") == 0
                                       || g_ascii_strcasecmp (name, "token") == 0))))
    return FALSE;
  if (placement != NULL)
    pb_utt_add_placement (r, placement, evidence, TRUE);
  pb_utt_add (r, pb_utt_role_field (r, role), name, evidence);
  return TRUE;
}

static gboolean
query_cb (Reader *r, GMatchInfo *info)
{
  return add_name_cb (r, info, "auth-query-param", "query");
}

static gboolean
header_cb (Reader *r, GMatchInfo *info)
{
  return add_name_cb (r, info, "auth-header", "header");
}

/* "header name is X API, Key": the whole run is what the user gave, so that it is refused
 * with the reason instead of cut to a word that looks right. */
static gboolean
header_name_run_cb (Reader     *r,
                    GMatchInfo *info)
{
  g_autofree char *run = g_match_info_fetch (info, 1);
  g_autofree char *evidence = g_match_info_fetch (info, 0);
  g_auto (GStrv) words = g_strsplit_set (g_strstrip (run), " \t", -1);
  g_autoptr (GString) value = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (pb_utt_is_stop_word (words[i]) && value->len > 0)
        break;
      g_string_append_printf (value, "%s%s", value->len > 0 ? " " : "", words[i]);
    }
  if (value->len == 0 || pb_utt_is_stop_word (value->str))
    return FALSE;
  {
    g_autofree char *clean = pb_utt_clean_value (value->str);
    if (pb_validate_header_name (clean, NULL))
      pb_utt_add_placement (r, "header", evidence, TRUE);
    pb_utt_add (r, pb_utt_role_field (r, "auth-header"), clean, evidence);
  }
  return TRUE;
}

static gboolean
header_colon_cb (Reader     *r,
                 GMatchInfo *info)
{
  g_autofree char *name = g_match_info_fetch (info, 1);
  g_autofree char *first = g_match_info_fetch (info, 2);
  g_autofree char *second = g_match_info_fetch (info, 3);
  g_autofree char *evidence = g_match_info_fetch (info, 0);
  g_autofree char *line = NULL;

  /* "X-Key: YOUR_KEY on https://…": prose after the value is not part of it */
  if (second != NULL && (pb_utt_is_stop_word (second) || pb_utt_is_placeholder (first)
                         || g_regex_match_simple ("^[a-z]{1,5}$", second, 0, 0)))
    g_clear_pointer (&second, g_free);
  line = g_strdup_printf ("%s: %s%s%s", name, first, second && *second ? " " : "",
                          second ? second : "");

  pb_utt_read_sample_header (r, line, evidence);
  return TRUE;
}

static gboolean
prefix_none_cb (Reader     *r,
                GMatchInfo *info)
{
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  pb_utt_add (r, pb_utt_role_field (r, "auth-prefix"), "", evidence);
  return TRUE;
}

static gboolean
prefix_cb (Reader     *r,
           GMatchInfo *info)
{
  g_autofree char *word = pb_utt_fetch_clean (info, 1);
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  if (word == NULL || *word == '\0'
      || (pb_utt_is_stop_word (word) && g_ascii_strcasecmp (word, "key")))
    return FALSE;
  pb_utt_add (r, pb_utt_role_field (r, "auth-prefix"), word, evidence);
  pb_utt_add_placement (r, "header", evidence, TRUE);
  return TRUE;
}

/* "the Token prefix": a scheme word or a capitalised word, not "auth style prefix" */
static gboolean
prefix_before_cb (Reader     *r,
                  GMatchInfo *info)
{
  g_autofree char *word = pb_utt_fetch_clean (info, 1);

  if (word == NULL || (!pb_utt_is_scheme_word (word) && !g_ascii_isupper (word[0])))
    return FALSE;
  return prefix_cb (r, info);
}

static gboolean
bearer_cb (Reader     *r,
           GMatchInfo *info)
{
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  pb_utt_add (r, pb_utt_role_field (r, "auth-prefix"), "Bearer", evidence);
  pb_utt_add_placement (r, "header", evidence, TRUE);
  return TRUE;
}

static gboolean
placement_query_cb (Reader *r, GMatchInfo *info)
{
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  pb_utt_add_placement (r, "query", evidence, FALSE);
  return TRUE;
}

static gboolean
placement_header_cb (Reader *r, GMatchInfo *info)
{
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  pb_utt_add_placement (r, "header", evidence, FALSE);
  return TRUE;
}

static gboolean
email_cb (Reader     *r,
          GMatchInfo *info)
{
  g_autofree char *email = g_match_info_fetch (info, 0);
  GPtrArray *fields = pb_setup_model_get_active_fields (r->model);
  gboolean taken = FALSE;

  for (guint i = 0; i < fields->len && !taken; i++)
    {
      const PbField *f = fields->pdata[i];
      if (g_strcmp0 (f->format, "email") == 0 && !f->secret)
        {
          pb_utt_add (r, f, email, email);
          taken = TRUE;
        }
    }
  g_ptr_array_unref (fields);
  return taken;
}

static void
read_segment (Reader *r)
{
  pb_utt_read_samples (r);
  pb_utt_each_match (r, "\\bhttps?://[^\\s\"'<>`,]+", pb_utt_url_cb);
  pb_utt_each_match (r, "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", email_cb);
  pb_utt_each_match (r, "(?<![@\\w/.:-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+([a-z]{2,}))"
                 "(?:/[^\\s\"'<>`,]*)?(?![\\w@-])",
              pb_utt_host_cb);

  /* prefixes said to be absent, before anything reads "prefix" as a name */
  pb_utt_each_match (r,
              "\\b(?:no|without(?:\\s+(?:a|any|the))?|drop(?:\\s+the)?|remove(?:\\s+the)?|"
              "clear(?:\\s+the)?|empty)\\s+(?:value\\s+)?prefix(?:es)?\\b|"
              "\\bprefix\\s*(?:is\\s+|:\\s*|=\\s*|of\\s+)?(?:none|nothing|empty)\\b|"
              "\\b(?:just|only)\\s+the\\s+(?:raw\\s+|bare\\s+)?key\\b|\\bkey\\s+alone\\b|"
              "\\bwith\\s+nothing\\s+(?:in\\s+front|before\\s+it)\\b",
              prefix_none_cb);

  /* query parameters */
  pb_utt_each_match (
    r,
    "\\bquery(?:\\s+string)?\\s+param(?:eter)?s?\\s+(?:called\\s+|named\\s+|is\\s+|"
    ":\\s*|=\\s*)?" NAME,
    query_cb);
  pb_utt_each_match (r, "\\bparam(?:eter)?\\s+(?:called|named)\\s+" NAME, query_cb);
  pb_utt_each_match (r, "\\b" NAME "\\s+(?:query\\s+)?param(?:eter)?\\s+(?:in|on)\\s+the\\s+"
                 "(?:query|url|query\\s+string)\\b", query_cb);
  pb_utt_each_match (r, "\\b" NAME "\\s+query\\s+(?:string\\s+)?param(?:eter)?\\b", query_cb);
  pb_utt_each_match (r, "\\bin\\s+the\\s+(?:query(?:\\s+string)?|url)\\s+as\\s+" NAME, query_cb);
  pb_utt_each_match (r, "[?&]([A-Za-z_][A-Za-z0-9_.-]*)=", query_cb);

  /* headers */
  pb_utt_each_match (r, "\\b" HEADERISH "\\s*:\\s*([A-Za-z][A-Za-z0-9_-]*)(?:[ \\t]+([^\\s,;]+))?",
              header_colon_cb);
  pb_utt_each_match (r, "\\bheader\\s+name\\s*(?:is\\s+now\\s+|is\\s+|:\\s*|=\\s*)([^,;\\n]+)",
              header_name_run_cb);
  pb_utt_each_match (r,
                     "\\bheader\\s+(?:name\\s+)?(?:is\\s+now\\s+|is\\s+|called\\s+|named\\s+|=\\s*|"
                     ":\\s*|of\\s+)?" PB_UTT_ANY_VALUE,
                     header_cb);
  pb_utt_each_match (r, "\\b" HEADERISH "[\"'`”’]?\\s+header\\b", header_cb);
  pb_utt_each_match (r, "\\b(?:in|into|via|using|as|through)\\s+(?:the\\s+|an?\\s+)?[\"'`“‘]?"
                 HEADERISH "(?![\\w-])(?!\\s+(?:query|param))", header_cb);

  /* prefixes */
  pb_utt_each_match (r, "\\b(?:prefix|scheme)(?:\\s+is\\s+now\\s+|\\s+is\\s+|\\s+of\\s+|\\s*:\\s*|"
                 "\\s*=\\s*|\\s+should\\s+be\\s+|\\s+)" NAME, prefix_cb);
  pb_utt_each_match (r, "\\bprefixed\\s+(?:with|by)\\s+" NAME, prefix_cb);
  pb_utt_each_match (r, "\\b" NAME "\\s+(?:as\\s+(?:the\\s+)?)?(?:prefix|scheme)\\b",
                     prefix_before_cb);
  pb_utt_each_match (r, "\\bbearer\\s+(?:token|auth|authentication|scheme)\\b", bearer_cb);

  /* placement on its own */
  pb_utt_each_match (r, "\\b(?:in|as|via|through)\\s+(?:a|the)\\s+(?:query(?:\\s+string)?|url)"
                 "(?:\\s+param(?:eter)?)?\\b", placement_query_cb);
  pb_utt_each_match (r, "\\b(?:in|as|via|through)\\s+(?:a|an|the)\\s+(?:http\\s+)?header\\b",
              placement_header_cb);

  pb_utt_read_fields (r);
  pb_utt_read_enum_titles (r);
}

/* "actually", "no wait", "sorry", "I mean": what follows corrects what came before. */
static GStrv
split_corrections (const char *text)
{
  g_autoptr (GRegex) re = g_regex_new ("\\b(?:no,?\\s+wait|wait,?\\s+no|actually|sorry|i\\s+mean|"
                                       "correction|oops|scratch\\s+that|make\\s+that|"
                                       "(?<=[?!.])\\s*no,?\\s+(?=it's|it\\s+is|its))\\b[,:]?",
                                       G_REGEX_CASELESS, 0, NULL);

  return g_regex_split (re, text, 0);
}

static gboolean
same_value (const PbField *f,
            const char    *a,
            const char    *b)
{
  if (g_strcmp0 (f->maps_to, "auth-header") == 0 || g_strcmp0 (f->maps_to, "auth-prefix") == 0)
    return g_ascii_strcasecmp (a, b) == 0;
  return g_strcmp0 (a, b) == 0;
}

/* The value a field ends with: the last segment that speaks of it wins (a correction); two
 * different values in that segment are a question, not a guess. A placement said in words wins
 * over one implied by a header or parameter name. */
static Candidate *
settle_field (Reader        *r,
              const PbField *f,
              Candidate    **conflict)
{
  guint last_segment = 0;
  gboolean any = FALSE, said = FALSE;
  Candidate *pick = NULL;

  *conflict = NULL;
  for (guint k = 0; k < r->candidates->len; k++)
    {
      Candidate *c = r->candidates->pdata[k];
      if (c->field == f)
        last_segment = c->segment, any = TRUE;
    }
  if (!any)
    return NULL;
  for (guint k = 0; k < r->candidates->len; k++)
    {
      Candidate *c = r->candidates->pdata[k];
      if (c->field == f && c->segment == last_segment && !c->implied)
        said = TRUE;
    }
  for (guint k = 0; k < r->candidates->len; k++)
    {
      Candidate *c = r->candidates->pdata[k];

      if (c->field != f || c->segment != last_segment || (said && c->implied))
        continue;
      if (pick != NULL && !same_value (f, pick->value, c->value))
        *conflict = pick;
      pick = c;
    }
  return pick;
}

static void
settle (Reader *r)
{
  GPtrArray *fields = pb_definition_get_fields (r->definition);
  const PbField *placement = pb_utt_placement_field (r);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  /* the placement first: the header and parameter fields are active only under it */
  if (placement != NULL)
    g_ptr_array_add (order, (gpointer) placement);
  for (guint i = 0; i < fields->len; i++)
    if (fields->pdata[i] != placement)
      g_ptr_array_add (order, fields->pdata[i]);

  for (guint i = 0; i < order->len; i++)
    {
      const PbField *f = order->pdata[i];
      Candidate *other = NULL;
      Candidate *last = settle_field (r, f, &other);
      g_autoptr (GError) error = NULL;
      PbFact *fact;

      if (last == NULL)
        continue;
      if (other != NULL)
        {
          if (r->out->question == NULL)
            r->out->question = g_strdup_printf (_("Is the %s “%s” or “%s”?"), f->title,
                                                other->value, last->value);
          continue;
        }
      /* clearing is always allowed: a required field is then asked for again */
      if (*last->value != '\0' && !pb_utterance_check_value (f, last->value, &error))
        {
          PbRefusal *refusal = g_new0 (PbRefusal, 1);

          refusal->field = g_strdup (f->name);
          refusal->value = g_strdup (last->value);
          refusal->reason = g_strdup (error->message);
          g_ptr_array_add (r->out->refused, refusal);
          continue;
        }
      fact = g_new0 (PbFact, 1);
      fact->field = g_strdup (f->name);
      fact->value = g_strdup (last->value);
      fact->evidence = g_strdup (last->evidence);
      g_ptr_array_add (r->out->facts, fact);
    }
}

/* "…, actually client-two": a value alone corrects the field spoken of just before. */
static void
read_bare_correction (Reader     *r,
                      const char *segment)
{
  g_autoptr (GRegex) re
    = g_regex_new ("^[\\s,:-]*(?:it\\s+is|it's|its|it\\s+should\\s+be|make\\s+it|"
                   "use|rather)?\\s*" PB_UTT_ANY_VALUE "\\s*[.!]?\\s*$",
                   G_REGEX_CASELESS, 0, NULL);
  g_autoptr (GMatchInfo) info = NULL;
  const PbField *placement = pb_utt_placement_field (r);
  const PbField *field = NULL;

  for (guint k = r->candidates->len; k > 0 && field == NULL; k--)
    {
      Candidate *c = r->candidates->pdata[k - 1];
      if (c->field != placement)
        field = c->field;
    }
  if (field == NULL || g_strcmp0 (field->format, "uri") == 0
      || !g_regex_match (re, segment, 0, &info))
    return;
  {
    g_autofree char *value = pb_utt_fetch_clean (info, 1);
    if (value != NULL && *value != '\0' && !pb_utt_is_stop_word (value))
      pb_utt_add (r, field, value, segment);
  }
}

PbUtterance *
pb_utterance_understand (PbSetupModel *model,
                         const char   *text)
{
  Reader r = { 0 };
  g_auto (GStrv) segments = NULL;

  g_return_val_if_fail (PB_IS_SETUP_MODEL (model), NULL);

  r.model = model;
  r.definition = pb_setup_model_get_definition (model);
  r.candidates = g_ptr_array_new_with_free_func (candidate_free);
  r.out = g_new0 (PbUtterance, 1);
  r.out->facts = g_ptr_array_new_with_free_func (fact_free);
  r.out->refused = g_ptr_array_new_with_free_func (refusal_free);

  if (text != NULL && g_utf8_validate (text, -1, NULL) && strlen (text) < 16 * 1024)
    {
      segments = split_corrections (text);
      for (guint i = 0; segments[i] != NULL; i++)
        {
          guint before = r.candidates->len;

          r.segment = i;
          r.text = g_strdup (segments[i]);
          read_segment (&r);
          if (i > 0 && r.candidates->len == before && before > 0)
            read_bare_correction (&r, segments[i]);
          g_clear_pointer (&r.text, g_free);
        }
      settle (&r);
    }
  g_ptr_array_unref (r.candidates);
  return r.out;
}
