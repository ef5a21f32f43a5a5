/* pb-robots.c: robots.txt (RFC 9309) matching for the docs crawler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-robots.h"

typedef struct {
  char     *pattern;
  gboolean  allow;
} Rule;

struct _PbRobots
{
  GArray *rules;        /* of Rule */
  guint   crawl_delay;  /* ms */
};

static void
rule_clear (gpointer data)
{
  g_free (((Rule *) data)->pattern);
}

static PbRobots *
robots_new (void)
{
  PbRobots *self = g_new0 (PbRobots, 1);

  self->rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_array_set_clear_func (self->rules, rule_clear);
  return self;
}

PbRobots *
pb_robots_new_allow_all (void)
{
  return robots_new ();
}

PbRobots *
pb_robots_new_deny_all (void)
{
  PbRobots *self = robots_new ();
  Rule rule = { g_strdup ("/"), FALSE };

  g_array_append_val (self->rules, rule);
  return self;
}

void
pb_robots_free (PbRobots *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rules);
  g_free (self);
}

/* Does the user-agent value of a group name us? Matching is on the product token, any case. */
static gboolean
agent_matches (const char *value,
               const char *token)
{
  g_autofree char *v = g_ascii_strdown (value, -1);
  g_autofree char *t = g_ascii_strdown (token, -1);
  char *slash = strchr (v, '/');

  if (slash != NULL)
    *slash = '\0';
  g_strstrip (v);
  return *v != '\0' && (g_str_has_prefix (t, v) || strstr (v, t) != NULL);
}

PbRobots *
pb_robots_new_from_text (const char *text,
                         gsize       length,
                         const char *agent_token)
{
  PbRobots *self = robots_new ();
  g_autoptr (GArray) star_rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_autoptr (GArray) own_rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_autofree char *copy = g_strndup (text != NULL ? text : "", length);
  g_auto (GStrv) lines = NULL;
  gboolean in_agents = FALSE;   /* the previous line was a User-agent line */
  gboolean group_star = FALSE, group_own = FALSE;
  gboolean seen_own = FALSE;
  guint star_delay = 0, own_delay = 0;

  g_array_set_clear_func (star_rules, rule_clear);
  g_array_set_clear_func (own_rules, rule_clear);

  /* Bodies are usually tiny; a huge one is cut (Google reads the first 500 KiB). */
  if (strlen (copy) > 512 * 1024)
    copy[512 * 1024] = '\0';
  lines = g_strsplit_set (copy, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *hash = strchr (line, '#');
      char *colon;
      char *key, *value;

      if (hash != NULL)
        *hash = '\0';
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      key = g_strstrip (line);
      value = g_strstrip (colon + 1);

      if (g_ascii_strcasecmp (key, "user-agent") == 0)
        {
          if (!in_agents)
            group_star = group_own = FALSE;
          in_agents = TRUE;
          if (strcmp (value, "*") == 0)
            group_star = TRUE;
          else if (agent_matches (value, agent_token))
            group_own = seen_own = TRUE;
          continue;
        }
      in_agents = FALSE;

      if (g_ascii_strcasecmp (key, "allow") == 0 || g_ascii_strcasecmp (key, "disallow") == 0)
        {
          Rule rule;

          if (*value == '\0')
            continue;   /* "Disallow:" with no path allows everything */
          rule.allow = g_ascii_strcasecmp (key, "allow") == 0;
          if (group_own)
            {
              rule.pattern = g_strdup (value);
              g_array_append_val (own_rules, rule);
            }
          if (group_star)
            {
              rule.pattern = g_strdup (value);
              g_array_append_val (star_rules, rule);
            }
        }
      else if (g_ascii_strcasecmp (key, "crawl-delay") == 0)
        {
          double seconds = g_ascii_strtod (value, NULL);
          guint ms = seconds > 0 ? (guint) MIN (seconds * 1000.0, 60000.0) : 0;

          if (group_own)
            own_delay = ms;
          if (group_star)
            star_delay = ms;
        }
    }

  if (seen_own)
    {
      g_array_append_vals (self->rules, own_rules->data, own_rules->len);
      g_array_set_clear_func (own_rules, NULL);
      self->crawl_delay = own_delay;
    }
  else
    {
      g_array_append_vals (self->rules, star_rules->data, star_rules->len);
      g_array_set_clear_func (star_rules, NULL);
      self->crawl_delay = star_delay;
    }
  return self;
}

/* Matches PATTERN ("*" any run, "$" at the end anchors) against the start of PATH. The
 * classic glob walk with one backtrack point: linear in practice, never exponential. */
static gboolean
pattern_matches (const char *pattern,
                 const char *path)
{
  gsize plen = strlen (pattern);
  gboolean anchored = plen > 0 && pattern[plen - 1] == '$';
  const char *pend = pattern + (anchored ? plen - 1 : plen);
  const char *p = pattern, *s = path;
  const char *star_p = NULL, *star_s = NULL;

  while (TRUE)
    {
      if (p == pend)
        {
          if (!anchored || *s == '\0')
            return TRUE;
        }
      else if (*p == '*')
        {
          star_p = ++p;
          star_s = s;
          continue;
        }
      else if (*s != '\0' && *p == *s)
        {
          p++;
          s++;
          continue;
        }
      if (star_p == NULL || *star_s == '\0')
        return FALSE;
      p = star_p;
      s = ++star_s;
    }
}

gboolean
pb_robots_is_allowed (PbRobots   *self,
                      const char *path)
{
  gsize best = 0;
  gboolean allowed = TRUE;

  if (path == NULL || *path == '\0')
    path = "/";
  for (guint i = 0; i < self->rules->len; i++)
    {
      const Rule *rule = &g_array_index (self->rules, Rule, i);
      gsize len = strlen (rule->pattern);

      if (len < best || !pattern_matches (rule->pattern, path))
        continue;
      if (len > best || rule->allow)
        allowed = rule->allow;
      best = len;
    }
  return allowed;
}

guint
pb_robots_get_crawl_delay (PbRobots *self)
{
  return self->crawl_delay;
}
