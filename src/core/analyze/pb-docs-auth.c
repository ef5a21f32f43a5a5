/* pb-docs-auth.c: how docs pages say to authenticate: example requests, then their prose
 *
 * The example requests' headers, `-u` and query keys vote; the prose votes less (a scheme named
 * in a sentence: "HTTP Basic", "scheme: bearer", an OAuth 2.0 flow with its token URL) and
 * completes what the samples leave open: the prefix of an Authorization header the samples fill
 * with a bare placeholder ("Token token=<API_KEY>", "SSWS {API Token}").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-docs-extractor-private.h"

typedef struct {
  PbAuthKind kind;
  gboolean   in_query;
  char      *name;
  char      *prefix;
  double     score;
  char      *page;
  char      *snippet;
  double     confidence;
} AuthVote;

static void
vote (GPtrArray  *votes,
      PbAuthKind  kind,
      gboolean    in_query,
      const char *name,
      const char *prefix,
      double      weight,
      const char *page,
      const char *snippet)
{
  AuthVote *v;

  for (guint i = 0; i < votes->len; i++)
    {
      v = votes->pdata[i];
      if (v->kind == kind && v->in_query == in_query
          && g_ascii_strcasecmp (v->name ? v->name : "", name ? name : "") == 0)
        {
          v->score += weight;
          v->confidence = MAX (v->confidence, weight);
          return;
        }
    }
  v = g_new0 (AuthVote, 1);
  v->kind = kind;
  v->in_query = in_query;
  v->name = g_strdup (name);
  v->prefix = g_strdup (prefix);
  v->score = weight;
  v->confidence = weight;
  v->page = g_strdup (page);
  v->snippet = pb_docs_snippet_of (snippet);
  g_ptr_array_add (votes, v);
}

static void
auth_vote_free (gpointer data)
{
  AuthVote *v = data;

  g_free (v->name);
  g_free (v->prefix);
  g_free (v->page);
  g_free (v->snippet);
  g_free (v);
}

static gboolean
is_key_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return strstr (lower, "key") != NULL || strstr (lower, "token") != NULL
         || strstr (lower, "secret") != NULL || strstr (lower, "auth") != NULL
         || strstr (lower, "signature") != NULL;
}

static void
vote_header (GPtrArray  *votes,
             const char *header,
             Sample     *s)
{
  const char *colon = strchr (header, ':');
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (colon == NULL)
    return;
  name = g_strstrip (g_strndup (header, colon - header));
  value = g_strstrip (g_strdup (colon + 1));
  if (g_ascii_strcasecmp (name, "Authorization") == 0)
    {
      g_auto (GStrv) parts = g_strsplit (value, " ", 2);

      if (parts[0] != NULL && g_ascii_strcasecmp (parts[0], "Bearer") == 0)
        vote (votes, PB_AUTH_BEARER, FALSE, NULL, NULL, CONF_SAMPLE, s->page, s->snippet);
      else if (parts[0] != NULL && g_ascii_strcasecmp (parts[0], "Basic") == 0)
        vote (votes, PB_AUTH_BASIC, FALSE, NULL, NULL, CONF_SAMPLE, s->page, s->snippet);
      else if (parts[0] != NULL && parts[1] != NULL && pb_docs_is_identifier (parts[0]))
        vote (votes, PB_AUTH_API_KEY, FALSE, "Authorization", parts[0], CONF_SAMPLE, s->page,
              s->snippet);
      else
        vote (votes, PB_AUTH_API_KEY, FALSE, "Authorization", NULL, CONF_SAMPLE, s->page,
              s->snippet);
    }
  else if (is_key_name (name) && g_ascii_strcasecmp (name, "Content-Type") != 0)
    vote (votes, PB_AUTH_API_KEY, FALSE, name, NULL, CONF_SAMPLE, s->page, s->snippet);
}

typedef struct {
  gint        start;
  PbAuthKind  kind;
  char       *name;
} ProseHit;

/* Prose rules, each with the first place it matches on a page; votes are cast in page order so
 * that among equal votes the scheme the docs present first wins. */
static void
vote_prose (GPtrArray  *votes,
            Page       *page,
            gboolean   *oauth_flow,
            gboolean   *static_scheme,
            char      **token_url)
{
  static GRegex *rules[5];
  static const PbAuthKind kinds[5]
    = { PB_AUTH_BEARER, PB_AUTH_API_KEY, PB_AUTH_BASIC, PB_AUTH_BEARER, PB_AUTH_OAUTH };
  static gsize once = 0;
  ProseHit hits[G_N_ELEMENTS (rules)];
  guint n_hits = 0;

  if (g_once_init_enter (&once))
    {
      rules[0] = g_regex_new ("Authorization:?\\s*Bearer", G_REGEX_CASELESS | G_REGEX_OPTIMIZE,
                              0, NULL);
      rules[1] = g_regex_new ("\\b(X-[A-Za-z0-9-]*(?:Key|Token|Auth)[A-Za-z0-9-]*)\\b",
                              G_REGEX_OPTIMIZE, 0, NULL);
      /* "HTTP Basic authentication", "Basic auth", "scheme: basic" */
      rules[2] = g_regex_new ("\\b(?:HTTP\\s+Basic|Basic\\s+auth(?:entication)?\\b|"
                              "scheme:?\\s*basic\\b)",
                              G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      /* a bearer token that is a scheme of its own, not an OAuth access token */
      rules[3] = g_regex_new ("\\b(?:scheme:?\\s*bearer\\b|HTTP\\s+Bearer\\b)",
                              G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      /* an OAuth 2.0 flow: its token endpoint */
      rules[4] = g_regex_new ("\\bToken\\s+(?:URL|endpoint)\\s*[=:]?\\s*(\\S+)",
                              G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      g_autoptr (GMatchInfo) info = NULL;
      gint start, end;

      if (!g_regex_match (rules[r], page->text, 0, &info)
          || !g_match_info_fetch_pos (info, 0, &start, &end))
        continue;
      hits[n_hits].start = start;
      hits[n_hits].kind = kinds[r];
      hits[n_hits].name = r == 1 || r == 4 ? g_match_info_fetch (info, 1) : NULL;
      n_hits++;
      if (r == 2 || r == 3)
        *static_scheme = TRUE;
      if (r == 4)
        {
          *oauth_flow = TRUE;
          if (*token_url == NULL)
            *token_url = g_strdup (hits[n_hits - 1].name);
        }
    }
  for (guint i = 0; i < n_hits; i++)
    for (guint j = i + 1; j < n_hits; j++)
      if (hits[j].start < hits[i].start)
        {
          ProseHit t = hits[i];
          hits[i] = hits[j];
          hits[j] = t;
        }
  for (guint i = 0; i < n_hits; i++)
    {
      if (hits[i].kind != PB_AUTH_OAUTH)
        vote (votes, hits[i].kind, FALSE, hits[i].kind == PB_AUTH_API_KEY ? hits[i].name : NULL,
              NULL, CONF_PROSE, page->uri, page->text + MAX (0, hits[i].start - 60));
      g_free (hits[i].name);
    }
}

static void
set_secret_field (PbManifest *manifest,
                  const char *name,
                  const char *title,
                  gboolean    secret,
                  gboolean    required)
{
  PbManifestField *field = pb_manifest_add_field (manifest, name, "string");

  g_free (field->title);
  field->title = g_strdup (title);
  field->secret = secret;
  field->required = required;
}

void
pb_docs_choose_auth (GPtrArray  *samples,
                     GPtrArray  *pages,
                     PbManifest *manifest)
{
  static const char *query_keys[]
    = { "api_key", "apikey",     "api-key",  "key",       "access_token",
        "token",   "auth_token", "apitoken", "api_token", NULL };
  g_autoptr (GPtrArray) votes = g_ptr_array_new_with_free_func (auth_vote_free);
  g_autofree char *token_url = NULL;
  PbManifestAuth *auth;
  AuthVote *best = NULL;
  const char *prefix = NULL, *prefix_page = NULL, *prefix_snippet = NULL;
  gboolean oauth_flow = FALSE, static_scheme = FALSE, static_vote = FALSE;
  const char *reason;

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      g_autofree char *origin = NULL, *path = NULL, *query = NULL;

      for (guint h = 0; h < s->headers->len; h++)
        vote_header (votes, s->headers->pdata[h], s);
      if (s->basic_user)
        vote (votes, PB_AUTH_BASIC, FALSE, NULL, NULL, CONF_SAMPLE, s->page, s->snippet);
      if (pb_docs_split_url (s->url, &origin, &path, &query) && query != NULL)
        {
          g_auto (GStrv) pairs = g_strsplit (query, "&", -1);
          for (guint k = 0; pairs[k] != NULL; k++)
            {
              g_autofree char *qname = g_strndup (pairs[k], strcspn (pairs[k], "="));
              g_autofree char *lower = g_ascii_strdown (qname, -1);
              if (g_strv_contains (query_keys, lower))
                vote (votes, PB_AUTH_API_KEY, TRUE, qname, NULL, CONF_SAMPLE, s->page, s->snippet);
            }
        }
    }
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = pages->pdata[i];

      if (page->section == 0)
        vote_prose (votes, page, &oauth_flow, &static_scheme, &token_url);
      if (prefix == NULL && page->auth_prefix != NULL)
        {
          prefix = page->auth_prefix;
          prefix_page = page->uri;
          prefix_snippet = page->auth_prefix_snippet;
        }
    }

  for (guint i = 0; i < votes->len; i++)
    {
      AuthVote *v = votes->pdata[i];

      if (v->kind == PB_AUTH_API_KEY || v->kind == PB_AUTH_BASIC)
        static_vote = TRUE;
      if (best == NULL || v->score > best->score)
        best = v;
    }
  if (best == NULL)
    return;
  reason = best->confidence >= CONF_SAMPLE ? "The credentials the docs' example requests send."
                                           : "The docs' text names this way to authenticate.";

  pb_manifest_clear_auth (manifest);
  auth = pb_manifest_get_auth (manifest);
  auth->kind = best->kind;
  if (best->kind == PB_AUTH_API_KEY && !best->in_query && best->prefix == NULL
      && g_ascii_strcasecmp (best->name, "Authorization") == 0)
    {
      /* The samples fill Authorization with a bare placeholder: the prose gives the prefix
       * ("Token token=<API_KEY>"); with none, the key is sent as a bearer token, as the spec
       * analyzer reads an API key in Authorization. */
      if (prefix != NULL && g_ascii_strcasecmp (prefix, "Bearer") != 0)
        {
          g_free (best->prefix);
          best->prefix = g_strdup (prefix);
          g_free (best->snippet);
          best->snippet = g_strdup (prefix_snippet);
          g_free (best->page);
          best->page = g_strdup (prefix_page);
          reason = "The docs' text gives the prefix of the key the example requests send.";
        }
      else
        {
          auth->kind = PB_AUTH_BEARER;
          reason = "The example requests send a key in the Authorization header, with no other "
                   "prefix named: a bearer token.";
        }
    }
  /* Bearer samples of an API whose docs describe an OAuth 2.0 flow and no static scheme (no
   * key, basic or plain bearer scheme): the token is an OAuth access token. */
  if (auth->kind == PB_AUTH_BEARER && oauth_flow && !static_scheme && !static_vote
      && token_url != NULL)
    {
      auth->kind = PB_AUTH_OAUTH;
      g_strchomp (token_url);
      while (*token_url != '\0' && strchr (".,;)", token_url[strlen (token_url) - 1]) != NULL)
        token_url[strlen (token_url) - 1] = '\0';
      /* A relative token URL is relative to the API's origin. */
      if (token_url[0] == '/' && pb_manifest_get_url_base (manifest) != NULL)
        {
          g_autofree char *origin = NULL, *path = NULL, *query = NULL;

          if (pb_docs_split_url (pb_manifest_get_url_base (manifest), &origin, &path, &query))
            {
              char *absolute = g_strconcat (origin, token_url, NULL);

              g_free (token_url);
              token_url = absolute;
            }
        }
      auth->token_url = g_strdup (token_url);
      auth->grant_type = g_strdup ("refresh_token");
      set_secret_field (manifest, "client_id", "Client ID", FALSE, TRUE);
      set_secret_field (manifest, "client_secret", "Client secret", TRUE, TRUE);
      set_secret_field (manifest, "refresh_token", "Refresh token", TRUE, TRUE);
      reason = "The docs describe an OAuth 2.0 flow and no other scheme; the example requests "
               "send its access token.";
    }
  else if (auth->kind == PB_AUTH_BASIC)
    {
      set_secret_field (manifest, "username", "Username", FALSE, TRUE);
      set_secret_field (manifest, "password", "Password", TRUE, FALSE);
    }
  else
    {
      if (auth->kind == PB_AUTH_API_KEY)
        {
          auth->in_query = best->in_query;
          auth->field_name = g_strdup (best->name);
          auth->value_prefix = g_strdup (best->prefix);
        }
      set_secret_field (manifest, "api_key",
                        auth->kind == PB_AUTH_BEARER ? "API Token" : "API Key", TRUE, TRUE);
    }
  pb_manifest_set_evidence (
    manifest, "auth", pb_evidence_new (best->page, NULL, best->snippet, best->confidence, reason));
}
