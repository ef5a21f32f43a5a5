/* pb-utterance-fields.c: the definition's own fields said in a chat message ("the region is
 * Europe", "clear the prefix", "Europe" on its own)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-utterance-private.h"

/* The words people use for a field: its title, its name, and the usual synonyms of its role. */
static char *
field_words_pattern (const PbField *f)
{
  GString *alt = g_string_new (NULL);
  g_autofree char *title = g_ascii_strdown (f->title, -1);
  g_autofree char *name = g_strdelimit (g_ascii_strdown (f->name, -1), "-_", ' ');
  const char *extra = NULL;
  const char *words[3] = { title, name, NULL };

  if (g_strcmp0 (f->maps_to, "base-url") == 0)
    extra = "base url|base address|api url|root url|server url";
  else if (g_strcmp0 (f->maps_to, "auth-header") == 0)
    extra = "header name|header";
  else if (g_strcmp0 (f->maps_to, "auth-prefix") == 0)
    extra = "value prefix|prefix|scheme";
  else if (g_strcmp0 (f->maps_to, "auth-query-param") == 0)
    extra = "parameter name|query parameter|query param|parameter|param";
  else if (g_strcmp0 (f->maps_to, "token-url") == 0)
    extra = "token url|token endpoint";
  else if (g_strcmp0 (f->maps_to, "auth-url") == 0)
    extra = "authorization url|authorize url|auth url|authorization endpoint";
  else if (g_strcmp0 (f->maps_to, "client-id") == 0)
    extra = "client id|app id|application id";
  else if (g_strcmp0 (f->maps_to, "scopes") == 0)
    extra = "scopes|scope";

  g_string_append (alt, "(?:");
  if (extra != NULL)
    g_string_append_printf (alt, "%s|", extra);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *escaped = g_regex_escape_string (words[i], -1);
      g_string_append_printf (alt, "%s%s", i > 0 ? "|" : "", escaped);
    }
  /* "Data region" is also just "region", "Key placement" just "placement" */
  if (strrchr (title, ' ') != NULL)
    {
      const char *last = strrchr (title, ' ') + 1;
      if (strlen (last) >= 4 && !pb_utt_is_stop_word (last) && g_strcmp0 (last, "url") != 0)
        {
          g_autofree char *escaped = g_regex_escape_string (last, -1);
          g_string_append_printf (alt, "|%s", escaped);
        }
    }
  g_string_append (alt, ")");
  return g_string_free (alt, FALSE);
}

static gboolean
clear_cb (Reader     *r,
          GMatchInfo *info)
{
  g_autofree char *evidence = g_match_info_fetch (info, 0);

  pb_utt_add (r, r->field, "", evidence);
  return TRUE;
}

/* An enum value given by its value or its title ("eu", "Europe", "In a query parameter"). */
static const char *
enum_value_of (const PbField *f,
               const char    *word)
{
  for (guint i = 0; f->enum_values[i] != NULL; i++)
    if (g_ascii_strcasecmp (f->enum_values[i], word) == 0
        || (f->enum_titles != NULL && f->enum_titles[i] != NULL
            && g_ascii_strcasecmp (f->enum_titles[i], word) == 0))
      return f->enum_values[i];
  return NULL;
}

static gboolean
field_value_cb (Reader     *r,
                GMatchInfo *info)
{
  g_autofree char *value = pb_utt_fetch_clean (info, 1);
  g_autofree char *evidence = g_match_info_fetch (info, 0);
  const PbField *f = r->field;

  if (value == NULL || *value == '\0' || pb_utt_is_stop_word (value))
    return FALSE;
  if (f->enum_values != NULL)
    {
      const char *v = enum_value_of (f, value);
      if (v == NULL)
        return FALSE;
      pb_utt_add (r, f, v, evidence);
      return TRUE;
    }
  if (f->type == PB_FIELD_BOOLEAN)
    return FALSE;
  if (g_strcmp0 (f->format, "uri") == 0)
    return FALSE;  /* URLs have their own rule */
  if (g_strcmp0 (f->maps_to, "scopes") == 0)
    {
      /* "scopes: read write", "the scopes are read, write and admin": the words from the
       * first value to the end of the sentence */
      g_autofree char *run = g_match_info_fetch (info, 0);
      g_autoptr (GString) joined = g_string_new (NULL);
      g_auto (GStrv) words = NULL;
      int m0;

      g_match_info_fetch_pos (info, 0, &m0, NULL);
      words = g_regex_split_simple ("[\\s,]+", r->text + m0 + (strstr (run, value) - run), 0, 0);
      for (guint i = 0; words[i] != NULL; i++)
        {
          g_autofree char *w = pb_utt_clean_value (words[i]);
          if (*w == '\0' || g_ascii_strcasecmp (w, "and") == 0)
            continue;
          if (pb_utt_is_stop_word (w) || strchr (words[i], '.') != NULL)
            {
              if (strchr (words[i], '.') != NULL && *w != '\0' && !pb_utt_is_stop_word (w))
                g_string_append_printf (joined, "%s%s", joined->len ? " " : "", w);
              break;
            }
          g_string_append_printf (joined, "%s%s", joined->len ? " " : "", w);
        }
      pb_utt_add (r, f, joined->len ? joined->str : value, evidence);
      return TRUE;
    }
  if (g_strcmp0 (f->maps_to, "auth-header") == 0)
    pb_utt_add_placement (r, "header", evidence, TRUE);
  else if (g_strcmp0 (f->maps_to, "auth-query-param") == 0)
    pb_utt_add_placement (r, "query", evidence, TRUE);
  pb_utt_add (r, f, value, evidence);
  return TRUE;
}

void
pb_utt_read_fields (Reader *r)
{
  GPtrArray *fields = pb_definition_get_fields (r->definition);

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *f = fields->pdata[i];
      g_autofree char *words = NULL;
      g_autofree char *clear1 = NULL, *clear2 = NULL, *set = NULL;

      if (f->secret || g_strcmp0 (f->maps_to, "auth-prefix") == 0)
        continue;
      words = field_words_pattern (f);
      r->field = f;
      clear1 = g_strdup_printf ("\\b(?:clear|remove|drop|delete|forget|reset|empty|no)\\s+"
                                "(?:the\\s+|my\\s+|any\\s+|a\\s+)?%s\\b", words);
      clear2 = g_strdup_printf ("\\b%s\\s*(?:is\\s+|:\\s*|=\\s*)?(?:none|empty|nothing)\\b",
                                words);
      pb_utt_each_match (r, clear1, clear_cb);
      pb_utt_each_match (r, clear2, clear_cb);
      set = g_strdup_printf ("\\b(?:my\\s+|the\\s+|our\\s+|its\\s+)?%s(?:\\s+(?:name|address))?\\s*"
                             "(?:is\\s+now\\s+|is\\s+|are\\s+|should\\s+be\\s+|will\\s+be\\s+|"
                             "=\\s*|:\\s*|of\\s+|to\\s+)?" PB_UTT_ANY_VALUE,
                             words);
      pb_utt_each_match (r, set, field_value_cb);
      if (f->enum_values != NULL)
        {
          /* "the EU region" */
          g_autofree char *before = g_strdup_printf ("\\b([A-Za-z0-9-]+)\\s+%s\\b", words);
          pb_utt_each_match (r, before, field_value_cb);
        }
    }
  r->field = NULL;
}

/* Enum titles said on their own: "Europe", "In a query parameter". */
void
pb_utt_read_enum_titles (Reader *r)
{
  GPtrArray *fields = pb_setup_model_get_active_fields (r->model);

  for (guint i = 0; i < fields->len; i++)
    {
      const PbField *f = fields->pdata[i];

      if (f->enum_titles == NULL || f->enum_values == NULL || f == pb_utt_placement_field (r))
        continue;
      for (guint k = 0; f->enum_titles[k] != NULL && f->enum_values[k] != NULL; k++)
        {
          g_autofree char *escaped = NULL;
          g_autofree char *pattern = NULL;
          g_autoptr (GRegex) re = NULL;

          if (strlen (f->enum_titles[k]) < 4)
            continue;
          escaped = g_regex_escape_string (f->enum_titles[k], -1);
          pattern = g_strdup_printf ("\\b%s\\b", escaped);
          re = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
          if (re != NULL && g_regex_match (re, r->text, 0, NULL))
            pb_utt_add (r, f, f->enum_values[k], f->enum_titles[k]);
        }
    }
  g_ptr_array_unref (fields);
}

