/* pb-docs-page.c: one docs page read in a single pass into sections: code blocks, names,
 * parameter tables and prose
 *
 * The crawler's tag scanner (pb-html-scan.c) hands over tags and character data in order; no
 * tree is built, so a page costs its text and what is kept of it, and every byte is looked at a
 * bounded number of times whatever the page's size or nesting. A page is cut into sections at
 * its h1/h2 headings: reference pages put each operation under its own, with its parameters
 * and example response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-docs-extractor-private.h"
#include "pb-crawl-charset.h"
#include "pb-html-scan.h"

#define MAX_FRAMES  512
#define CONTEXT_MAX 300

typedef struct {
  char   name[12];
  gsize  text_from;     /* offset in Reader.text where the block starts */
  guint  pending_from;  /* first of Reader.pending (inline codes) inside this block */
} Frame;

typedef struct {
  int       name_col, in_col, description_col, col;
  gboolean  header_done, not_params, in_row, in_cell;
  gsize     row_from, cell_from;
  char     *name, *in, *description;
} Table;

typedef struct {
  char  *code;
  gsize  offset;   /* in Reader.text */
} Pending;

typedef struct {
  GPtrArray  *pages;
  Page       *page;       /* the current section */
  GByteArray *text;       /* the page's visible text, references decoded */
  GByteArray *pre;        /* the code block being read */
  GByteArray *code;       /* the inline <code> being read */
  guint       in_pre, in_code;
  gsize       code_offset;
  GArray     *frames;     /* Frame */
  GArray     *tables;     /* Table */
  GArray     *pending;    /* Pending */
  guint       ignored_frames;
} Reader;

/* Blocks whose text is the context of the inline code inside: p, li, td, th, dd, dt, h1–h6,
 * blockquote, div, aside, section, article, caption, figcaption, summary. Called for every
 * tag: a switch on the first letter, not a list walk. */
static gboolean
is_block (const char *name)
{
  switch (name[0])
    {
    case 'p':
      return name[1] == '\0';
    case 'l':
      return strcmp (name, "li") == 0;
    case 't':
      return (name[1] == 'd' || name[1] == 'h') && name[2] == '\0';
    case 'd':
      return ((name[1] == 'd' || name[1] == 't') && name[2] == '\0') || strcmp (name, "div") == 0;
    case 'h':
      return name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
    case 'b':
      return strcmp (name, "blockquote") == 0;
    case 'a':
      return strcmp (name, "aside") == 0 || strcmp (name, "article") == 0;
    case 's':
      return strcmp (name, "section") == 0 || strcmp (name, "summary") == 0;
    case 'c':
      return strcmp (name, "caption") == 0;
    case 'f':
      return strcmp (name, "figcaption") == 0;
    default:
      return FALSE;
    }
}

static void
add_name (Page       *page,
          const char *raw)
{
  g_autofree char *name = g_strstrip (g_strdup (raw));
  char *cut = strpbrk (name, " \t\n(:");

  if (cut != NULL)
    *cut = '\0';
  if (!pb_docs_is_identifier (name))
    return;
  g_ptr_array_add (page->names, g_ascii_strdown (name, -1));
}

/* An inline code that gives an Authorization header's value: "Token token=<API_KEY>",
 * "Authorization: SSWS {API Token}", "Klaviyo-API-Key your-private-api-key", in a sentence
 * about the Authorization header. The scheme word before the key's placeholder is kept. */
static void
read_auth_prefix (Page       *page,
                  const char *code,
                  const char *context)
{
  static GRegex *value;
  static gsize once = 0;
  g_autoptr (GMatchInfo) info = NULL;

  if (g_once_init_enter (&once))
    {
      value = g_regex_new ("^\\s*(?:Authorization\\s*:\\s*)?([A-Za-z][A-Za-z0-9-]*)\\s+"
                           "(?:[A-Za-z_]+=)?(?:[<{\\[$]|your|YOUR|api|API|key|KEY|token|TOKEN)",
                           G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (page->auth_prefix != NULL || strlen (code) > 80
      || (strstr (code, "Authorization") == NULL && strstr (context, "Authorization") == NULL))
    return;
  if (g_regex_match (value, code, 0, &info))
    {
      g_autofree char *word = g_match_info_fetch (info, 1);

      if (g_ascii_strcasecmp (word, "Authorization") == 0 || g_ascii_strcasecmp (word, "the") == 0)
        return;
      page->auth_prefix = g_steal_pointer (&word);
      page->auth_prefix_snippet = pb_docs_snippet_of (context);
    }
}

static char *
text_between (Reader *r,
              gsize   from,
              gsize   to)
{
  return g_strndup ((const char *) r->text->data + from, to - from);
}

/* --- inline code and the block around it ---------------------------------------------- */

static void
flush_pending (Reader *r,
               guint   from)
{
  for (guint i = from; i < r->pending->len; i++)
    {
      Pending *pc = &g_array_index (r->pending, Pending, i);
      gsize start = 0, stop = r->text->len;
      g_autofree char *context = NULL;

      if (r->frames->len > 0)
        start = g_array_index (r->frames, Frame, r->frames->len - 1).text_from;
      /* The sentence around the code, not a whole page a <div> may wrap. */
      start = MAX (start, pc->offset > CONTEXT_MAX ? pc->offset - CONTEXT_MAX : 0);
      stop = MIN (stop, pc->offset + strlen (pc->code) + CONTEXT_MAX);
      add_name (r->page, pc->code);
      /* Only until a prefix is found, and only for a short code. */
      if (r->page->auth_prefix == NULL && strlen (pc->code) <= 80)
        {
          context = text_between (r, MIN (start, stop), stop);
          read_auth_prefix (r->page, pc->code, context);
        }
      g_free (pc->code);
    }
  g_array_set_size (r->pending, from);
}

static void
end_code (Reader *r)
{
  g_autofree char *code = g_strndup ((const char *) r->code->data, r->code->len);
  Pending pc;

  /* A multi-line <code> outside <pre> is a code block too; a short one names something. */
  if (strchr (code, '\n') != NULL && strlen (code) > 40)
    {
      g_ptr_array_add (r->page->blocks, g_steal_pointer (&code));
      return;
    }
  pc.code = g_steal_pointer (&code);
  pc.offset = r->code_offset;
  g_array_append_val (r->pending, pc);
  if (r->frames->len == 0)
    flush_pending (r, 0);
}

static void
push_frame (Reader     *r,
            const char *name)
{
  Frame f;

  /* A <p> ends where the next block starts. */
  if (r->frames->len > 0 && strcmp (g_array_index (r->frames, Frame, r->frames->len - 1).name,
                                    "p") == 0)
    {
      flush_pending (r, g_array_index (r->frames, Frame, r->frames->len - 1).pending_from);
      g_array_set_size (r->frames, r->frames->len - 1);
    }
  if (r->frames->len >= MAX_FRAMES)
    {
      r->ignored_frames++;
      return;
    }
  g_strlcpy (f.name, name, sizeof f.name);
  f.text_from = r->text->len;
  f.pending_from = r->pending->len;
  g_array_append_val (r->frames, f);
}

static void
pop_frame (Reader     *r,
           const char *name)
{
  for (guint i = r->frames->len; i > 0; i--)
    if (strcmp (g_array_index (r->frames, Frame, i - 1).name, name) == 0)
      {
        flush_pending (r, g_array_index (r->frames, Frame, i - 1).pending_from);
        g_array_set_size (r->frames, i - 1);
        return;
      }
}

/* --- tables ----------------------------------------------------------------------------- */

static gboolean
head_is (const char         *lower,
         const char * const *heads)
{
  return g_strv_contains (heads, lower);
}

static void
end_cell (Reader *r,
          Table  *t)
{
  static const char *name_heads[] = { "name",     "parameter", "parameters",      "param", "field",
                                      "argument", "attribute", "query parameter", "key",   NULL };
  static const char *in_heads[] = { "in", "location", "parameter type", "param type", NULL };
  static const char *description_heads[] = { "description", "details", "notes", "meaning", NULL };
  g_autofree char *cell = NULL;

  if (!t->in_cell)
    return;
  t->in_cell = FALSE;
  if (t->not_params)
    return;
  cell = g_strstrip (text_between (r, t->cell_from, r->text->len));
  if (!t->header_done)
    {
      g_autofree char *lower = g_ascii_strdown (cell, -1);

      if (t->name_col < 0 && head_is (lower, name_heads))
        t->name_col = t->col;
      else if (t->in_col < 0 && head_is (lower, in_heads))
        t->in_col = t->col;
      else if (t->description_col < 0 && head_is (lower, description_heads))
        t->description_col = t->col;
    }
  else if (t->col == t->name_col)
    {
      g_free (t->name);
      t->name = g_steal_pointer (&cell);
    }
  else if (t->col == t->in_col)
    {
      g_free (t->in);
      t->in = g_ascii_strdown (cell, -1);
    }
  else if (t->col == t->description_col)
    {
      g_free (t->description);
      t->description = g_steal_pointer (&cell);
    }
  t->col++;
}

/* A parameter table: a header row with a name column ("Name", "Parameter", "Field"…) and,
 * when there are, a location ("In", "Location") and a description column. Each row gives a
 * name, and a DocParam with what the row says of it. */
static void
end_row (Reader *r,
         Table  *t)
{
  end_cell (r, t);
  if (!t->in_row)
    return;
  t->in_row = FALSE;
  if (!t->header_done)
    {
      t->header_done = TRUE;
      t->not_params = t->name_col < 0;
    }
  else if (t->name != NULL && !t->not_params)
    {
      guint before = r->page->names->len;

      add_name (r->page, t->name);
      if (r->page->names->len > before)
        {
          DocParam *dp = g_new0 (DocParam, 1);

          dp->name = g_strdup (r->page->names->pdata[before]);
          dp->in = g_steal_pointer (&t->in);
          dp->description = t->description != NULL
                              ? g_steal_pointer (&t->description)
                              : text_between (r, t->row_from, r->text->len);
          g_ptr_array_add (r->page->params, dp);
        }
    }
  g_clear_pointer (&t->name, g_free);
  g_clear_pointer (&t->in, g_free);
  g_clear_pointer (&t->description, g_free);
}

static Table *
top_table (Reader *r)
{
  return r->tables->len > 0 ? &g_array_index (r->tables, Table, r->tables->len - 1) : NULL;
}

/* --- the scanner's callbacks ------------------------------------------------------------- */

static void
on_data (gpointer    user_data,
         const char *data,
         gsize       length)
{
  Reader *r = user_data;
  gsize before = r->text->len;

  pb_html_append_decoded (r->text, data, length);
  if (r->in_pre > 0)
    g_byte_array_append (r->pre, r->text->data + before, r->text->len - before);
  else if (r->in_code > 0)
    g_byte_array_append (r->code, r->text->data + before, r->text->len - before);
}

static void
on_start (gpointer     user_data,
          const char  *name,
          const char **atts)
{
  Reader *r = user_data;
  Table *t = top_table (r);

  if (strcmp (name, "br") == 0)
    {
      on_data (r, "\n", 1);
      return;
    }
  if (r->in_pre > 0)
    {
      if (strcmp (name, "pre") == 0)
        r->in_pre++;
      return;
    }
  if ((strcmp (name, "h1") == 0 || strcmp (name, "h2") == 0)
      && (r->page->blocks->len > 0 || r->page->names->len > 0))
    {
      Page *section = pb_docs_page_new (r->page->uri, r->page->section + 1);

      g_ptr_array_add (r->pages, section);
      r->page = section;
    }
  if (strcmp (name, "pre") == 0)
    {
      r->in_pre = 1;
      g_byte_array_set_size (r->pre, 0);
    }
  else if (strcmp (name, "code") == 0)
    {
      if (r->in_code++ == 0)
        {
          g_byte_array_set_size (r->code, 0);
          r->code_offset = r->text->len;
        }
    }
  else if (strcmp (name, "table") == 0)
    {
      Table fresh = { -1, -1, -1, 0, FALSE, FALSE, FALSE, FALSE, 0, 0, NULL, NULL, NULL };

      if (r->tables->len < MAX_FRAMES)
        g_array_append_val (r->tables, fresh);
    }
  else if (strcmp (name, "tr") == 0 && t != NULL)
    {
      end_row (r, t);
      t->in_row = TRUE;
      t->row_from = r->text->len;
      t->col = 0;
    }
  else if ((strcmp (name, "td") == 0 || strcmp (name, "th") == 0) && t != NULL)
    {
      end_cell (r, t);
      if (!t->in_row)
        {
          t->in_row = TRUE;
          t->row_from = r->text->len;
          t->col = 0;
        }
      t->in_cell = TRUE;
      t->cell_from = r->text->len;
    }
  if (is_block (name))
    push_frame (r, name);
}

static void
on_end (gpointer    user_data,
        const char *name)
{
  Reader *r = user_data;
  Table *t = top_table (r);

  if (r->in_pre > 0)
    {
      if (strcmp (name, "pre") != 0 || --r->in_pre > 0)
        return;
      g_ptr_array_add (r->page->blocks, g_strndup ((const char *) r->pre->data, r->pre->len));
      on_data (r, "\n", 1);
      return;
    }
  if (strcmp (name, "code") == 0 && r->in_code > 0)
    {
      if (--r->in_code == 0)
        end_code (r);
      return;
    }
  if ((strcmp (name, "td") == 0 || strcmp (name, "th") == 0) && t != NULL)
    end_cell (r, t);
  else if (strcmp (name, "tr") == 0 && t != NULL)
    end_row (r, t);
  else if (strcmp (name, "table") == 0 && t != NULL)
    {
      end_row (r, t);
      g_array_set_size (r->tables, r->tables->len - 1);
    }
  if (is_block (name))
    {
      pop_frame (r, name);
      on_data (r, "\n", 1);
    }
}

static void
on_raw_text (gpointer    user_data,
             const char *name,
             const char *text,
             gsize       length)
{
  /* script, style, title…: not documentation text. */
}

static void
table_clear (gpointer data)
{
  Table *t = data;

  g_free (t->name);
  g_free (t->in);
  g_free (t->description);
}

/* Reads HTML into FIRST (a new section 0, already in PAGES) and the sections after it. */
void
pb_docs_page_read (GPtrArray  *pages,
                   Page       *first,
                   const char *html,
                   gsize       length)
{
  Reader r = { 0 };
  gboolean link_header;
  guint from = pages->len - 1;
  g_autofree char *valid = NULL;

  /* The crawler hands over UTF-8; anything else is mended once, so every rule after this
   * (regular expressions included) reads valid text. */
  if (!pb_crawl_utf8_valid (html, length))
    {
      valid = g_utf8_make_valid (html, length);
      html = valid;
      length = strlen (valid);
    }

  r.pages = pages;
  r.page = first;
  r.text = g_byte_array_sized_new (MIN (length, 64 * 1024 * 1024) / 2 + 16);
  r.pre = g_byte_array_new ();
  r.code = g_byte_array_new ();
  r.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  r.tables = g_array_new (FALSE, FALSE, sizeof (Table));
  g_array_set_clear_func (r.tables, table_clear);
  r.pending = g_array_new (FALSE, FALSE, sizeof (Pending));

  pb_html_scan_full (html, length, on_start, on_end, on_raw_text, on_data, &r);
  if (r.in_pre > 0)
    g_ptr_array_add (r.page->blocks, g_strndup ((const char *) r.pre->data, r.pre->len));
  if (r.in_code > 0)
    end_code (&r);
  while (r.tables->len > 0)
    {
      end_row (&r, top_table (&r));
      g_array_set_size (r.tables, r.tables->len - 1);
    }
  g_array_set_size (r.frames, 0);
  flush_pending (&r, 0);

  g_byte_array_append (r.text, (const guint8 *) "", 1);
  g_free (first->text);
  first->text = (char *) g_byte_array_free (r.text, FALSE);
  /* Page-wide prose, read once: every section of the page shares it. */
  link_header = strstr (first->text, "Link header") != NULL
                || strstr (first->text, "rel=\"next\"") != NULL;
  for (guint i = from; i < pages->len; i++)
    ((Page *) pages->pdata[i])->link_header = link_header;

  g_byte_array_unref (r.pre);
  g_byte_array_unref (r.code);
  g_array_unref (r.frames);
  g_array_unref (r.tables);
  g_array_unref (r.pending);
}
