/* pb-docs-extractor-private.h: what the docs extractor's files share (not a type)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-docs-extractor.h"

G_BEGIN_DECLS

/* Facts read from docs are guesses next to a spec's declarations. */
#define CONF_SAMPLE 0.6
#define CONF_TABLE  0.5
#define CONF_PROSE  0.4

typedef struct {
  char      *page;
  char      *method;
  char      *url;        /* absolute, with query */
  GPtrArray *headers;    /* "Name: value" */
  gboolean   basic_user; /* curl -u */
  char      *snippet;
  cJSON     *response;
  char      *response_snippet;
  guint      section;    /* the page section (Page.section) it was read in */
} Sample;

typedef struct {
  char      *uri;
  GPtrArray *blocks;     /* code block texts, in order */
  GPtrArray *names;      /* identifier-like names from tables and inline <code> */
  GPtrArray *name_snippets;
  char      *text;       /* visible text, for prose rules (the whole page, on section 0) */
  /* A page is cut at its h1/h2 headings: reference pages put each operation under its own, with
   * its parameters and example response; names are read per section, not page-wide. */
  guint      section;
} Page;

char     *pb_docs_snippet_of       (const char *text);
gboolean  pb_docs_is_identifier    (const char *s);
gboolean  pb_docs_split_url        (const char  *url,
                                    char       **origin,
                                    char       **path,
                                    char       **query);
gboolean  pb_docs_is_param_segment (const char *seg);
char     *pb_docs_param_name       (const char *seg);

/* pb-docs-samples.c: request samples in one code block, in order, appended to OUT (Sample*);
 * a JSON value printed in a code block, or NULL. */
void      pb_docs_read_requests    (const char *page,
                                    const char *code,
                                    GPtrArray  *out);
cJSON    *pb_docs_read_json_block  (const char *code);

/* pb-docs-streams.c: GET samples under ORIGIN + PREFIX → streams with record paths, keys,
 * schemas, pagination and substreams. */
void      pb_docs_build_streams    (GPtrArray  *samples,
                                    GPtrArray  *pages,
                                    PbManifest *manifest,
                                    const char *origin,
                                    const char *prefix);

G_END_DECLS
