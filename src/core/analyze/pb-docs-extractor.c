/* pb-docs-extractor.c: example requests, responses, tables and prose of docs pages → PbManifest
 *
 * Pages are read by pb-docs-page.c; code blocks (<pre>) are kept as text in document order,
 * so a JSON block after a request is taken as that request's response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-docs-extractor-private.h"
#include "pb-error.h"

#define SNIPPET_MAX 240

struct _PbDocsExtractor
{
  GObject parent_instance;

  GPtrArray *pages;      /* Page* */
  GPtrArray *samples;    /* Sample* */
};

G_DEFINE_FINAL_TYPE (PbDocsExtractor, pb_docs_extractor, G_TYPE_OBJECT)

static void
sample_free (gpointer data)
{
  Sample *s = data;

  g_free (s->page);
  g_free (s->method);
  g_free (s->url);
  g_ptr_array_unref (s->headers);
  g_free (s->snippet);
  g_clear_pointer (&s->response, cJSON_Delete);
  g_free (s->response_snippet);
  g_free (s);
}

void
pb_docs_page_free (gpointer data)
{
  Page *p = data;

  g_free (p->uri);
  g_ptr_array_unref (p->blocks);
  g_ptr_array_unref (p->names);
  g_ptr_array_unref (p->params);
  g_free (p->text);
  g_free (p->auth_prefix);
  g_free (p->auth_prefix_snippet);
  g_free (p);
}

static void
doc_param_free (gpointer data)
{
  DocParam *d = data;

  g_free (d->name);
  g_free (d->in);
  g_free (d->description);
  g_free (d);
}

/* Evidence quotes docs, and docs sometimes print real credentials: never copy one. */
static char *
redact (char *text)
{
  static GRegex *patterns[3];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      patterns[0] = g_regex_new (
        "(Authorization[\x27\"]?\\s*[:=]\\s*[\x27\"]?(?:Bearer\\s+|Basic\\s+|Token\\s+|"
        "[A-Za-z]+\\s+)?)"
        "[^\\s\x27\"]+",
        G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      patterns[1]
        = g_regex_new ("([A-Za-z0-9_-]*(?:key|token|secret|password)[\x27\"]?\\s*[:=]\\s*[\x27\"]?)"
                       "[^\\s\x27\"&,}]+",
                       G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      patterns[2] = g_regex_new ("((?:^|\\s)(?:-u|--user)\\s+[\x27\"]?)[^\\s\x27\"]+",
                                 G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      char *replaced = g_regex_replace (patterns[i], text, -1, 0, "\\1[redacted]", 0, NULL);
      if (replaced != NULL)
        {
          g_free (text);
          text = replaced;
        }
    }
  return text;
}

char *
pb_docs_snippet_of (const char *text)
{
  g_autofree char *copy = g_strndup (text, SNIPPET_MAX * 2);
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  /* One line, white space collapsed, cut at a character boundary. */
  for (const char *p = copy; *p != '\0' && s->len < SNIPPET_MAX; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_c (s, *p);
    }
  if (!g_utf8_validate (s->str, s->len, NULL))
    {
      char *valid = g_utf8_make_valid (s->str, s->len);
      g_string_assign (s, valid);
      g_free (valid);
    }
  return redact (g_string_free (s, FALSE));
}

/* --- reading pages -------------------------------------------------------------------- */

gboolean
pb_docs_is_identifier (const char *s)
{
  gsize n = 0;

  if (s == NULL || !(g_ascii_isalpha (*s) || *s == '_' || *s == '$'))
    return FALSE;
  for (; s[n] != '\0'; n++)
    if (!(g_ascii_isalnum (s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.' || s[n] == '['
          || s[n] == ']'))
      return FALSE;
  return n <= 48;
}

Page *
pb_docs_page_new (const char *uri,
                  guint       section)
{
  Page *page = g_new0 (Page, 1);

  page->uri = g_strdup (uri);
  page->section = section;
  page->blocks = g_ptr_array_new_with_free_func (g_free);
  page->names = g_ptr_array_new_with_free_func (g_free);
  page->params = g_ptr_array_new_with_free_func (doc_param_free);
  page->text = g_strdup ("");
  return page;
}

void
pb_docs_extractor_add_page (PbDocsExtractor *self,
                            const char      *uri,
                            const char      *html,
                            gsize            length)
{
  Page *page;

  g_return_if_fail (PB_IS_DOCS_EXTRACTOR (self));
  if (html == NULL)
    return;
  page = pb_docs_page_new (uri, 0);
  g_ptr_array_add (self->pages, page);
  pb_docs_page_read (self->pages, page, html, length);
}

/* --- request samples (parsed in pb-docs-samples.c) -------------------------------------- */

static void
read_samples (PbDocsExtractor *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = self->pages->pdata[i];
      Sample *last_get = NULL;
      guint first_on_page = self->samples->len;

      for (guint b = 0; b < page->blocks->len; b++)
        {
          const char *code = page->blocks->pdata[b];
          guint before = self->samples->len;
          cJSON *json;

          pb_docs_read_requests (page->uri, code, self->samples);
          for (guint k = before; k < self->samples->len; k++)
            ((Sample *) self->samples->pdata[k])->section = page;
          for (guint k = before; k < self->samples->len; k++)
            if (strcmp (((Sample *) self->samples->pdata[k])->method, "GET") == 0)
              last_get = self->samples->pdata[k];
          if (self->samples->len > before)
            continue;
          json = pb_docs_read_json_block (code);
          if (json == NULL)
            continue;
          if (last_get != NULL && last_get->response == NULL)
            {
              last_get->response = json;
              last_get->response_snippet = pb_docs_snippet_of (code);
            }
          else
            cJSON_Delete (json);
        }
      (void) first_on_page;
    }
}

/* --- facts ----------------------------------------------------------------------------- */

gboolean
pb_docs_split_url (const char *url,
           char      **origin,
           char      **path,
           char      **query)
{
  const char *rest = strstr (url, "://");
  const char *slash, *q;

  if (rest == NULL)
    return FALSE;
  slash = strpbrk (rest + 3, "/?#");
  if (slash == NULL)
    {
      *origin = g_strdup (url);
      *path = g_strdup ("");
      *query = NULL;
      return TRUE;
    }
  *origin = g_strndup (url, slash - url);
  q = strpbrk (slash, "?#");
  *path = q != NULL ? g_strndup (slash, q - slash) : g_strdup (slash);
  *query = q != NULL && *q == '?' ? g_strdup (q + 1) : NULL;
  if (*query != NULL && strchr (*query, '#') != NULL)
    *strchr (*query, '#') = '\0';
  return TRUE;
}

static gboolean
is_version_segment (const char *seg)
{
  if (g_ascii_strcasecmp (seg, "api") == 0 || g_ascii_strcasecmp (seg, "rest") == 0)
    return TRUE;
  if ((seg[0] == 'v' || seg[0] == 'V') && g_ascii_isdigit (seg[1]))
    return TRUE;
  for (const char *p = seg; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return *seg != '\0' && strchr (seg, '.') != NULL;   /* "2.0" but not an id like "123" */
}

gboolean
pb_docs_is_param_segment (const char *seg)
{
  gsize n = strlen (seg);
  gboolean digit = FALSE, upper_only = TRUE;

  if (n == 0)
    return FALSE;
  if (seg[0] == '{' || seg[0] == ':' || seg[0] == '<' || seg[0] == '[' || seg[0] == '$' ||
      (n > 2 && seg[n - 1] == '}'))
    return TRUE;
  for (const char *p = seg; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      if (g_ascii_islower (*p))
        upper_only = FALSE;
    }
  /* A version ("v1", "v2.1", "2.0") is a literal segment, not a value. */
  if (is_version_segment (seg) && g_ascii_strcasecmp (seg, "api") != 0
      && g_ascii_strcasecmp (seg, "rest") != 0)
    return FALSE;
  /* 12345, cus_4QFJ…, 3f2b…-uuid, USER_ID */
  return digit || (upper_only && strchr (seg, '_') != NULL);
}

char *
pb_docs_param_name (const char *seg)
{
  GString *s = g_string_new (NULL);

  for (const char *p = seg; *p; p++)
    if (g_ascii_isalnum (*p) || *p == '_')
      g_string_append_c (s, g_ascii_tolower (*p));
    else if (*p == '-')
      g_string_append_c (s, '_');
  if (s->len == 0 || g_ascii_isdigit (s->str[0]))
    g_string_assign (s, "id");
  return g_string_free (s, FALSE);
}

static gboolean
is_local_host (const char *host)
{
  return g_str_has_prefix (host, "localhost") || g_ascii_isdigit (host[0]) || host[0] == '['
         || strchr (host, ':') != NULL;
}

/* A host label the reader fills in: "{yourDomain}", "<subdomain>", "your-subdomain",
 * "YOUR_ACCOUNT". Its config key, or NULL. */
static char *
host_placeholder_key (const char *label)
{
  gsize n = strlen (label);
  GString *key;

  if (n > 2
      && ((label[0] == '{' && label[n - 1] == '}') || (label[0] == '<' && label[n - 1] == '>')
          || (label[0] == '[' && label[n - 1] == ']')))
    {
      label++;
      n -= 2;
    }
  else if (g_ascii_strncasecmp (label, "your", 4) != 0 || n <= 4)
    return NULL;
  key = g_string_new (NULL);
  for (gsize i = 0; i < n; i++)
    {
      char c = label[i];

      if (g_ascii_isupper (c) && i > 0 && g_ascii_islower (label[i - 1]))
        g_string_append_c (key, '_');
      if (g_ascii_isalnum (c))
        g_string_append_c (key, g_ascii_tolower (c));
      else if (key->len > 0 && key->str[key->len - 1] != '_')
        g_string_append_c (key, '_');
    }
  return g_string_free (key, key->len == 0);
}

/* The origin the manifest calls, from the one the samples show: a host label that is a
 * placeholder becomes a config field the user fills ("https://{yourDomain}" →
 * "https://{{ config['your_domain'] }}"), and http:// becomes https:// for public hosts (docs,
 * like specs, still print http:// for APIs that only answer on https). */
static char *
published_origin (PbManifest *manifest,
                  const char *origin)
{
  const char *host = strstr (origin, "://") + 3;
  g_auto (GStrv) labels = g_strsplit (host, ".", -1);
  GString *out = g_string_new (NULL);

  if (g_str_has_prefix (origin, "http://") && !is_local_host (host))
    g_string_append (out, "https://");
  else
    g_string_append_len (out, origin, host - origin);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      g_autofree char *key = host_placeholder_key (labels[i]);

      if (i > 0)
        g_string_append_c (out, '.');
      if (key == NULL)
        {
          g_string_append (out, labels[i]);
          continue;
        }
      g_string_append_printf (out, "{{ config['%s'] }}", key);
      if (pb_manifest_find_field (manifest, key) == NULL)
        {
          PbManifestField *field = pb_manifest_add_field (manifest, key, "string");

          field->title = g_strdup (labels[i]);
          field->description = g_strdup ("The part of the API's address that is yours, as the "
                                         "documentation's examples leave it to fill in.");
          field->required = TRUE;
        }
    }
  return g_string_free (out, FALSE);
}

static void
choose_url_base (PbDocsExtractor *self,
                 PbManifest      *manifest,
                 char           **out_origin,
                 char           **out_prefix)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *best = NULL;
  guint best_count = 0;
  g_auto (GStrv) prefix = NULL;
  guint prefix_len = 0;
  Sample *witness = NULL;
  g_autoptr (GString) base = NULL;

  for (guint i = 0; i < self->samples->len; i++)
    {
      Sample *s = self->samples->pdata[i];
      g_autofree char *origin = NULL, *path = NULL, *query = NULL;
      guint n;

      if (!pb_docs_split_url (s->url, &origin, &path, &query))
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, origin)) + 1;
      g_hash_table_replace (counts, g_strdup (origin), GUINT_TO_POINTER (n));
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_UINT (value) > best_count ||
          (GPOINTER_TO_UINT (value) == best_count && g_strcmp0 (key, best) < 0))
        {
          best = key;
          best_count = GPOINTER_TO_UINT (value);
        }
  }
  if (best == NULL)
    return;

  /* The leading version-like segments ("/v1", "/api/v2") all samples on that host share. */
  for (guint i = 0; i < self->samples->len; i++)
    {
      Sample *s = self->samples->pdata[i];
      g_autofree char *origin = NULL, *path = NULL, *query = NULL;
      g_auto (GStrv) segs = NULL;
      guint n = 0;

      if (!pb_docs_split_url (s->url, &origin, &path, &query) || strcmp (origin, best) != 0)
        continue;
      segs = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
      if (prefix == NULL)
        {
          while (segs[n] != NULL && segs[n + 1] != NULL && is_version_segment (segs[n]))
            n++;
          prefix = g_strdupv (segs);
          prefix_len = n;
          witness = s;
        }
      else
        {
          while (n < prefix_len && segs[n] != NULL && strcmp (segs[n], prefix[n]) == 0)
            n++;
          prefix_len = n;
        }
    }

  base = g_string_new (best);
  for (guint i = 0; i < prefix_len; i++)
    g_string_append_printf (base, "/%s", prefix[i]);
  {
    g_autofree char *published = published_origin (manifest, best);
    g_autofree char *url_base = g_strconcat (published, base->str + strlen (best), NULL);

    pb_manifest_set_url_base (manifest, url_base);
  }
  if (witness != NULL)
    pb_manifest_set_evidence (
      manifest, "url_base",
      pb_evidence_new (witness->page, NULL, witness->snippet, CONF_SAMPLE,
                       best_count > 1 ? "The host most example requests in the docs call."
                                      : "The host an example request in the docs calls."));
  *out_origin = g_strdup (best);
  *out_prefix = g_strdup (base->str + strlen (best));
}

/* "api.acme.io" → "acme" */
static char *
name_from_origin (const char *origin)
{
  const char *host = strstr (origin, "://");
  g_auto (GStrv) labels = NULL;
  guint n;

  host = host != NULL ? host + 3 : origin;
  labels = g_strsplit_set (host, ".:", -1);
  n = g_strv_length (labels);
  for (guint i = 0; i < n; i++)
    {
      static const char *generic[]
        = { "api", "www", "docs", "developer", "developers", "rest", NULL };
      if (!g_strv_contains (generic, labels[i]) && (i + 2 <= n || n == 1))
        return g_strdup (labels[i]);
    }
  return g_strdup (labels[0] != NULL ? labels[0] : "docs");
}

PbManifest *
pb_docs_extractor_run (PbDocsExtractor  *self,
                       GError          **error)
{
  g_autoptr (PbManifest) manifest = pb_manifest_new ();
  g_autofree char *origin = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (PB_IS_DOCS_EXTRACTOR (self), NULL);

  g_ptr_array_set_size (self->samples, 0);
  read_samples (self);
  if (self->samples->len == 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_NOTHING_FOUND,
        ngettext ("Nothing API-like found in %u documentation page: no OpenAPI or Swagger spec is "
                  "linked and no page shows an example request (curl, fetch, requests, HTTP). "
                  "Give the URL of the API reference or of its spec file.",
                  "Nothing API-like found in %u documentation pages: no OpenAPI or Swagger spec is "
                  "linked and no page shows an example request (curl, fetch, requests, HTTP). "
                  "Give the URL of the API reference or of its spec file.",
                  self->pages->len),
        self->pages->len);
      return NULL;
    }
  choose_url_base (self, manifest, &origin, &prefix);
  if (origin == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND,
                   _("The documentation's example requests name no API address."));
      return NULL;
    }
  name = name_from_origin (origin);
  pb_manifest_set_name (manifest, name);
  pb_docs_choose_auth (self->samples, self->pages, manifest);
  pb_docs_build_streams (self->samples, manifest, origin, prefix);
  if (pb_manifest_get_n_streams (manifest) == 0)
    {
      g_set_error (
        error, PB_ERROR, PB_ERROR_NOTHING_FOUND,
        _("The documentation shows requests to %s but no GET request that lists records, "
           "so there is no stream to read."),
        pb_manifest_get_url_base (manifest));
      return NULL;
    }
  return g_steal_pointer (&manifest);
}

PbDocsExtractor *
pb_docs_extractor_new (void)
{
  return g_object_new (PB_TYPE_DOCS_EXTRACTOR, NULL);
}

static void
pb_docs_extractor_finalize (GObject *object)
{
  PbDocsExtractor *self = PB_DOCS_EXTRACTOR (object);

  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->samples);

  G_OBJECT_CLASS (pb_docs_extractor_parent_class)->finalize (object);
}

static void
pb_docs_extractor_class_init (PbDocsExtractorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_docs_extractor_finalize;
}

static void
pb_docs_extractor_init (PbDocsExtractor *self)
{
  self->pages = g_ptr_array_new_with_free_func (pb_docs_page_free);
  self->samples = g_ptr_array_new_with_free_func (sample_free);
}
