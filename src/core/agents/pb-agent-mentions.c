/* pb-agent-mentions.c: finding the connectors an agent's instructions name in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-agent-mentions.h"
#include "pb-connector.h"

#define MAX_PHRASE_WORDS 4

void
pb_mention_free (PbMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->connector_id);
  g_free (mention->connector_name);
  g_free (mention->phrase);
  g_free (mention->suggestion);
  g_free (mention);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_';
}

/* TRUE if the character before POS in TEXT is not part of a word. */
static gboolean
boundary_before (const char *text,
                 const char *pos)
{
  if (pos == text)
    return TRUE;
  return !is_word_char (g_utf8_get_char (g_utf8_prev_char (pos)));
}

static gboolean
boundary_after (const char *pos)
{
  return *pos == '\0' || !is_word_char (g_utf8_get_char (pos));
}

/* If NEEDLE matches TEXT at POS case-insensitively, the end of the match in TEXT. Runs of
 * white space in either match each other. */
static const char *
match_at (const char *pos,
          const char *needle)
{
  while (*needle != '\0')
    {
      gunichar a, b;

      if (*pos == '\0')
        return NULL;
      a = g_utf8_get_char (pos);
      b = g_utf8_get_char (needle);
      if (g_unichar_isspace (a) && g_unichar_isspace (b))
        {
          while (*pos != '\0' && g_unichar_isspace (g_utf8_get_char (pos)))
            pos = g_utf8_next_char (pos);
          while (*needle != '\0' && g_unichar_isspace (g_utf8_get_char (needle)))
            needle = g_utf8_next_char (needle);
          continue;
        }
      if (g_unichar_tolower (a) != g_unichar_tolower (b))
        return NULL;
      pos = g_utf8_next_char (pos);
      needle = g_utf8_next_char (needle);
    }
  return pos;
}

/* Skips white space backwards from POS; returns the start of the word before, or NULL. */
static const char *
word_before (const char  *text,
             const char  *pos,
             const char **out_word_end)
{
  const char *end = pos;
  const char *start;

  while (end > text && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);
  if (end == text || !is_word_char (g_utf8_get_char (g_utf8_prev_char (end))))
    return NULL;
  start = end;
  while (start > text && is_word_char (g_utf8_get_char (g_utf8_prev_char (start))))
    start = g_utf8_prev_char (start);
  *out_word_end = end;
  return start;
}

static gboolean
word_is (const char *start,
         const char *end,
         const char *word)
{
  gsize len = strlen (word);

  return (gsize) (end - start) == len && g_ascii_strncasecmp (start, word, len) == 0;
}

/* Widens [*start, *end) over "my"/"the" before and "connector(s)" after. */
static void
widen (const char  *text,
       const char **start,
       const char **end)
{
  const char *word_end = NULL;
  const char *word = word_before (text, *start, &word_end);
  const char *after = *end;
  const char *match;

  if (word != NULL && (word_is (word, word_end, "my") || word_is (word, word_end, "the") ||
                       word_is (word, word_end, "our")))
    *start = word;

  while (*after == ' ' || *after == '\t')
    after++;
  if (after != *end && ((match = match_at (after, "connectors")) != NULL ||
                        (match = match_at (after, "connector")) != NULL) &&
      boundary_after (match))
    *end = match;
}

static gboolean
overlaps (GPtrArray *mentions,
          gsize      start,
          gsize      end)
{
  for (guint i = 0; i < mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (mentions, i);

      if (start < m->end && m->start < end)
        return TRUE;
    }
  return FALSE;
}

static int
compare_by_length (gconstpointer a,
                   gconstpointer b)
{
  PbConnector *ca = *(PbConnector **) a;
  PbConnector *cb = *(PbConnector **) b;
  glong la = g_utf8_strlen (pb_connector_get_name (ca), -1);
  glong lb = g_utf8_strlen (pb_connector_get_name (cb), -1);

  return la < lb ? 1 : la > lb ? -1 : 0;
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  const PbMention *ma = *(PbMention **) a;
  const PbMention *mb = *(PbMention **) b;

  return ma->start < mb->start ? -1 : ma->start > mb->start ? 1 : 0;
}

/* Levenshtein distance between two casefolded strings, in characters. */
static guint
distance (const char *a,
          const char *b)
{
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  glong la = g_utf8_strlen (a, -1), lb = g_utf8_strlen (b, -1);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (glong j = 0; j <= lb; j++)
    row[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = ua[i - 1] == ub[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

static char *
suggest (const char *phrase,
         GPtrArray  *connectors)
{
  g_autofree char *folded = g_utf8_casefold (phrase, -1);
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i < connectors->len; i++)
    {
      const char *name = pb_connector_get_name (g_ptr_array_index (connectors, i));
      g_autofree char *folded_name = g_utf8_casefold (name, -1);
      guint d = distance (folded, folded_name);

      /* A name that contains the phrase ("Zendesk" → "Zendesk Support") is close too. */
      if (strstr (folded_name, folded) != NULL || strstr (folded, folded_name) != NULL)
        d = MIN (d, 1);
      if (d < best_distance)
        {
          best_distance = d;
          best = name;
        }
    }
  if (best != NULL && best_distance <= MAX (2, (guint) g_utf8_strlen (phrase, -1) / 3))
    return g_strdup (best);
  return NULL;
}

static const char * const stop_words[] = {
  "my", "the", "our", "your", "a", "an", "use", "using", "with", "via", "from", "to", "and",
  "or", "of", "through", "call", "query", "in", "on", "for", NULL
};

/* "[my|the] WORDS connector" phrases outside the resolved mentions. */
static void
find_unresolved (const char *text,
                 GPtrArray  *mentions,
                 GPtrArray  *connectors)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = match_at (p, "connector");
      const char *word_end = NULL, *start, *phrase_start = NULL, *phrase_end = NULL;
      PbMention *mention;
      guint n_words = 0;

      if (end == NULL || !boundary_before (text, p))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      if (*end == 's' || *end == 'S')
        end++;
      if (!boundary_after (end) || overlaps (mentions, p - text, end - text))
        {
          p = end;
          continue;
        }

      start = p;
      while (n_words < MAX_PHRASE_WORDS &&
             (start = word_before (text, start, &word_end)) != NULL)
        {
          g_autofree char *word = g_strndup (start, word_end - start);
          g_autofree char *lower = g_utf8_strdown (word, -1);

          if (g_strv_contains (stop_words, lower) || overlaps (mentions, start - text,
                                                                word_end - text))
            break;
          if (phrase_end == NULL)
            phrase_end = word_end;
          phrase_start = start;
          n_words++;
          /* A sentence boundary ends the phrase. */
          if (start > text)
            {
              const char *q = start;

              while (q > text && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (q))))
                q = g_utf8_prev_char (q);
              if (q > text && strchr (".,;:!?()\"", *(q - 1)) != NULL)
                break;
            }
        }

      if (phrase_start != NULL)
        {
          const char *span_start = phrase_start;
          const char *span_end = end;

          widen (text, &span_start, &span_end);
          mention = g_new0 (PbMention, 1);
          mention->start = span_start - text;
          mention->end = end - text;
          mention->name_start = phrase_start - text;
          mention->name_end = phrase_end - text;
          mention->phrase = g_strndup (phrase_start, phrase_end - phrase_start);
          mention->suggestion = suggest (mention->phrase, connectors);
          g_ptr_array_add (found, mention);
        }
      p = end;
    }

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (mentions, g_ptr_array_index (found, i));
}

GPtrArray *
pb_mentions_find (const char *text,
                  GListModel *model)
{
  GPtrArray *mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_mention_free);
  g_autoptr (GPtrArray) connectors = g_ptr_array_new_with_free_func (g_object_unref);

  if (text == NULL || model == NULL)
    return mentions;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      PbConnector *c = g_list_model_get_item (model, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (pb_connector_get_name (c)));

      if (*trimmed == '\0')
        g_object_unref (c);
      else
        g_ptr_array_add (connectors, c);
    }
  g_ptr_array_sort (connectors, compare_by_length);

  for (guint i = 0; i < connectors->len; i++)
    {
      PbConnector *c = g_ptr_array_index (connectors, i);
      const char *name = pb_connector_get_name (c);

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          const char *end, *span_start, *span_end;
          PbMention *mention;

          if (!boundary_before (text, p) || (end = match_at (p, name)) == NULL ||
              !boundary_after (end) || overlaps (mentions, p - text, end - text))
            continue;

          span_start = p;
          span_end = end;
          widen (text, &span_start, &span_end);
          mention = g_new0 (PbMention, 1);
          mention->start = span_start - text;
          mention->end = span_end - text;
          mention->connector_id = g_strdup (pb_connector_get_id (c));
          mention->connector_name = g_strdup (name);
          mention->name_start = p - text;
          mention->name_end = end - text;
          mention->phrase = g_strndup (p, end - p);
          g_ptr_array_add (mentions, mention);
          p = g_utf8_prev_char (span_end);
        }
    }

  find_unresolved (text, mentions, connectors);
  g_ptr_array_sort (mentions, compare_by_start);
  return mentions;
}

char *
pb_mention_describe (const PbMention *mention)
{
  if (mention->connector_id != NULL)
    return g_strdup_printf (_("Uses the connector “%s”."), mention->connector_name);
  if (mention->suggestion != NULL)
    return g_strdup_printf (_("There is no connector called “%s”. Did you mean “%s”?"),
                            mention->phrase, mention->suggestion);
  return g_strdup_printf (_("There is no connector called “%s”. Create it, or name one of "
                            "your connectors."),
                          mention->phrase);
}
