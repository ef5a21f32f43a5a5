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

typedef struct _Page Page;

typedef struct {
  char      *page;
  char      *method;
  char      *url;        /* absolute, with query */
  GPtrArray *headers;    /* "Name: value" */
  gboolean   basic_user; /* curl -u */
  char      *snippet;
  cJSON     *response;
  char      *response_snippet;
  Page      *section;    /* the page section it was read in */
} Sample;

/* A row of a parameter table: "Name | In | Type | Required | Description". */
typedef struct {
  char      *name;         /* lower case */
  char      *in;           /* "query", "path", "header", "body"… (lower case), NULL: not said */
  char      *description;  /* the description cell, else the whole row's text */
} DocParam;

struct _Page {
  char      *uri;
  GPtrArray *blocks;     /* code block texts, in order */
  GPtrArray *names;      /* identifier-like names from tables and inline <code> */
  GPtrArray *params;     /* DocParam*, from parameter tables */
  char      *text;       /* visible text, for prose rules (the whole page, on section 0) */
  gboolean   link_header; /* the page says the next page's URL is in the Link header */
  /* The first prefix an inline code gives an Authorization header ("Token token=<KEY>"). */
  char      *auth_prefix;
  char      *auth_prefix_snippet;
  /* A page is cut at its h1/h2 headings: reference pages put each operation under its own, with
   * its parameters and example response; names are read per section, not page-wide. */
  guint      section;
};

char     *pb_docs_snippet_of       (const char *text);
Page     *pb_docs_page_new         (const char *uri,
                                    guint       section);
void      pb_docs_page_free        (gpointer    page);

/* pb-docs-page.c: HTML (LENGTH bytes) into FIRST, section 0 of a page already in PAGES, and
 * into a new section appended to PAGES at every h1/h2 heading that follows some content. */
void      pb_docs_page_read        (GPtrArray  *pages,
                                    Page       *first,
                                    const char *html,
                                    gsize       length);
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

/* pb-docs-records.c: the records array of a response (its path; OUT_ARRAY the array), a
 * record's schema, key and incremental cursor, and the time filter among a section's names. */
GPtrArray   *pb_docs_record_path      (const cJSON        *response,
                                       const char         *stream_name,
                                       const char * const *segs,
                                       const cJSON       **out_array);
cJSON       *pb_docs_schema_of        (const cJSON  *value,
                                       guint         depth);
const char  *pb_docs_primary_key      (const cJSON  *record,
                                       const char   *resource,
                                       gboolean     *natural);
const char  *pb_docs_cursor_field     (const cJSON  *record,
                                       const char   *filter,
                                       const char  **format);
const char  *pb_docs_time_filter      (GPtrArray    *names);

/* pb-docs-auth.c: the authenticator the samples and the prose show (MANIFEST's url_base set). */
void         pb_docs_choose_auth       (GPtrArray  *samples,
                                        GPtrArray  *pages,
                                        PbManifest *manifest);

/* pb-docs-pagination.c */
void         pb_docs_detect_pagination (PbManifestStream *stream,
                                        Sample           *s);
void         pb_docs_common_paginator  (GPtrArray        *lists,
                                        const gboolean   *bare);

/* pb-docs-streams.c: GET samples under ORIGIN + PREFIX → streams with record paths, keys,
 * schemas, pagination and substreams. */
void      pb_docs_build_streams    (GPtrArray  *samples,
                                    PbManifest *manifest,
                                    const char *origin,
                                    const char *prefix);

G_END_DECLS
