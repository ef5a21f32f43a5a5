/* pb-rule-parse.c: reading answers and intents out of what the user typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Natural-language understanding for PbRuleAssistant: pure string functions
 * that read a value, choice, yes/no or intent out of what the user typed. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "pb-rule-parse.h"
#include "pb-string-util.h"

/* ---- small text helpers ---- */

gboolean
pb_rule_parse_is_one_of (const char         *text,
                         const char * const *list)
{
  return g_strv_contains (list, text);
}

gboolean
pb_rule_parse_starts_with_one_of (const char         *text,
                                  const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_has_prefix (text, list[i]))
      return TRUE;
  return FALSE;
}

gboolean
pb_rule_parse_contains_one_of (const char         *text,
                               const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strstr (text, list[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Lower case, trimmed, without trailing punctuation, curly apostrophes made straight. */
char *
pb_rule_parse_normalize (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autoptr (GString) s = g_string_new (NULL);
  gsize len;

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2019 || c == 0x2018)
        g_string_append_c (s, '\'');
      else
        g_string_append_unichar (s, c);
    }
  g_strstrip (s->str);
  len = strlen (s->str);
  while (len > 0 && strchr (".!?,;", s->str[len - 1]) != NULL)
    s->str[--len] = '\0';
  g_strstrip (s->str);
  return g_strdup (s->str);
}

int
pb_rule_parse_yes_or_no (const char *lower)
{
  static const char *const yes[]
    = { "yes",    "y",         "yeah",        "yep",   "yup",       "sure",
        "ok",     "okay",      "true",        "on",    "enable",    "enabled",
        "please", "please do", "go ahead",    "do it", "of course", "correct",
        "right",  "fine",      "sounds good", NULL };
  static const char *const no[]
    = { "no",       "n",       "nope",      "nah",          "false", "off",    "disable",
        "disabled", "not now", "no thanks", "no thank you", "don't", "do not", NULL };
  g_autofree char *first = NULL;
  const char *end;

  if (pb_rule_parse_is_one_of (lower, yes))
    return 1;
  if (pb_rule_parse_is_one_of (lower, no))
    return 0;
  /* "yes, test it" / "no, change something" */
  end = lower + strcspn (lower, " ,.!");
  first = g_strndup (lower, end - lower);
  if (pb_rule_parse_is_one_of (first, yes))
    return 1;
  if (pb_rule_parse_is_one_of (first, no))
    return 0;
  return -1;
}

/* "Subdomain" → "subdomain" inside a sentence; "API token" stays as it is. */
const char *
pb_rule_parse_noun (const PbField *field)
{
  static GHashTable *cache;
  char *lower;

  if (!g_ascii_isupper (field->title[0]) || !g_ascii_islower (field->title[1]))
    return field->title;
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lower = g_hash_table_lookup (cache, field->title);
  if (lower == NULL)
    {
      lower = g_strdup (field->title);
      lower[0] = g_ascii_tolower (lower[0]);
      g_hash_table_insert (cache, g_strdup (field->title), lower);
    }
  return lower;
}

/* ---- reading values out of sentences ---- */

static int
ordinal (const char *lower,
         guint       n)
{
  static const struct { const char *word; int index; } ordinals[] = {
    { "first", 0 }, { "1st", 0 }, { "second", 1 }, { "2nd", 1 }, { "third", 2 }, { "3rd", 2 },
    { "fourth", 3 }, { "4th", 3 }, { "fifth", 4 }, { "5th", 4 }, { "last", -1 },
  };
  char *end = NULL;
  long number = strtol (lower, &end, 10);

  if (end != lower && *end == '\0' && number >= 1 && (guint) number <= n)
    return (int) number - 1;
  for (guint i = 0; i < G_N_ELEMENTS (ordinals); i++)
    if (pb_str_has_word (lower, ordinals[i].word))
      {
        int index = ordinals[i].index < 0 ? (int) n - 1 : ordinals[i].index;
        return index < (int) n ? index : -2;
      }
  if (g_str_equal (lower, "one") || g_str_equal (lower, "the one"))
    return n == 1 ? 0 : -2;
  return -2;
}

/* The enum value LOWER means, or NULL. */
static const char *
resolve_enum (const PbField *field,
              const char    *lower,
              gboolean       allow_ordinal)
{
  guint n = g_strv_length (field->enum_values);
  const char *by_title = NULL;
  int index;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = g_utf8_strdown (field->enum_values[i], -1);
      g_autofree char *title = g_utf8_strdown (field->enum_titles[i], -1);

      if (g_str_equal (lower, value) || g_str_equal (lower, title))
        return field->enum_values[i];
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = g_utf8_strdown (field->enum_values[i], -1);

      if (pb_str_has_word (lower, value))
        return field->enum_values[i];
    }
  for (guint i = 0; i < n && by_title == NULL; i++)
    {
      g_autofree char *title = g_utf8_strdown (field->enum_titles[i], -1);
      g_auto (GStrv) words = g_strsplit (title, " ", -1);

      if (pb_str_has_word (lower, title))
        return field->enum_values[i];
      for (guint w = 0; words[w] != NULL; w++)
        if (strlen (words[w]) >= 4 && pb_str_has_word (lower, words[w]))
          {
            by_title = field->enum_values[i];
            break;
          }
    }
  if (by_title != NULL)
    return by_title;

  if (allow_ordinal && (index = ordinal (lower, n)) >= 0)
    return field->enum_values[index];
  return NULL;
}

static void
strip_prefixes (GString *s)
{
  static const char * const prefixes[] = {
    "actually ", "well ", "ok ", "okay ", "so ", "i think ", "i guess ", "probably ", "maybe ",
    "it's called ", "it is called ", "its called ", "they're called ", "call it ", "name it ",
    "it's named ", "it is named ", "named ", "called ", "it should be ", "should be ", "set it to ",
    "set to ", "change it to ", "make it ", "it's ", "it is ", "its ", "that's ", "that is ",
    "the answer is ", "my answer is ", "use ", "try ", "please use ", "we use ", "we're on ",
    "we are on ", "it's on ", "on ", NULL,
  };
  gboolean again = TRUE;

  while (again)
    {
      again = FALSE;
      for (guint i = 0; prefixes[i] != NULL; i++)
        {
          gsize len = strlen (prefixes[i]);

          if (g_ascii_strncasecmp (s->str, prefixes[i], len) == 0 && s->len > len)
            {
              g_string_erase (s, 0, len);
              again = TRUE;
            }
        }
    }
}

/* Takes the value out of a sentence: "it's called acme-prod" → "acme-prod". */
static char *
extract_value (const PbField *field,
               const char    *text)
{
  g_autoptr (GString) s = g_string_new (text);
  g_auto (GStrv) words = NULL;
  static const char *const markers[]
    = { " is called ", " is named ", " called ", " named ", " is ", " are ",
        " should be ", " to ",       " = ",      ": ",      NULL };
  g_autofree char *lower = NULL;

  g_strstrip (s->str);
  g_string_set_size (s, strlen (s->str));

  /* URLs and emails: take the word that looks like one. */
  words = g_strsplit_set (s->str, " \t\"'<>`", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *w = words[i];
      gsize len = strlen (w);

      while (len > 0 && strchr (".,;!?)", w[len - 1]) != NULL)
        w[--len] = '\0';
      if (g_strcmp0 (field->format, "uri") == 0
          && (g_str_has_prefix (w, "http://") || g_str_has_prefix (w, "https://")))
        return g_strdup (w);
      if (g_strcmp0 (field->format, "email") == 0 && strchr (w, '@') != NULL)
        return g_strdup (w);
    }

  /* "the subdomain is acme" → after the last marker */
  lower = g_ascii_strdown (s->str, -1);
  for (guint i = 0; markers[i] != NULL; i++)
    {
      const char *found = g_strrstr (lower, markers[i]);

      if (found != NULL)
        {
          g_string_erase (s, 0, (found - lower) + strlen (markers[i]));
          break;
        }
    }

  strip_prefixes (s);
  /* Trailing politeness and punctuation. */
  if (g_str_has_suffix (s->str, " please"))
    g_string_truncate (s, s->len - strlen (" please"));
  while (s->len > 0 && strchr (".!,;", s->str[s->len - 1]) != NULL)
    g_string_truncate (s, s->len - 1);
  /* Quotes around the value. */
  if (s->len >= 2 && strchr ("\"'`“‘", s->str[0]) != NULL)
    {
      g_string_erase (s, 0, 1);
      while (s->len > 0 && strchr ("\"'`", s->str[s->len - 1]) != NULL)
        g_string_truncate (s, s->len - 1);
    }
  g_strstrip (s->str);
  g_string_set_size (s, strlen (s->str));

  /* "acme.zendesk.com" or "https://acme.atlassian.net" where only the first label is wanted. */
  if (field->pattern != NULL && !g_regex_match_simple (field->pattern, s->str, 0, 0))
    {
      const char *start = strstr (s->str, "://") ? strstr (s->str, "://") + 3 : s->str;
      const char *dot = strchr (start, '.');

      if (dot != NULL)
        {
          g_autofree char *label = g_ascii_strdown (start, dot - start);

          if (g_regex_match_simple (field->pattern, label, 0, 0))
            return g_steal_pointer (&label);
        }
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Reads a value for FIELD out of TEXT; NULL (with a reason) when it cannot. */
char *
pb_rule_parse_interpret (const PbField  *field,
                         const char     *text,
                         const char     *lower,
                         gboolean        allow_ordinal,
                         GError        **error)
{
  if (field->enum_values != NULL)
    {
      const char *value = resolve_enum (field, lower, allow_ordinal);

      if (value == NULL)
        {
          g_autofree char *choices = g_strjoinv (", ", field->enum_titles);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("I did not catch which %s you mean. The choices are: %s."),
                       pb_rule_parse_noun (field), choices);
          return NULL;
        }
      return g_strdup (value);
    }

  if (field->type == PB_FIELD_BOOLEAN)
    {
      int yn = pb_rule_parse_yes_or_no (lower);

      if (yn < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Please answer yes or no."));
          return NULL;
        }
      return g_strdup (yn ? "true" : "false");
    }

  if (field->type == PB_FIELD_INTEGER || field->type == PB_FIELD_NUMBER)
    {
      const char *p = text;

      while (*p && !g_ascii_isdigit (*p) && !(*p == '-' && g_ascii_isdigit (p[1])))
        p++;
      if (*p == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s must be a number."),
                       field->title);
          return NULL;
        }
      return g_strndup (p, strspn (p + 1, "0123456789.") + 1);
    }

  return extract_value (field, text);
}
