/* pb-html-scan.h: a small HTML tag tokenizer for the crawler (no tree, no text nodes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NAME is lower case. ATTS is NULL-terminated name/value pairs: names lower case, values with
 * character references decoded, NULL for an attribute written without "=". */
typedef void (*PbHtmlStartFunc) (gpointer user_data, const char *name, const char **atts);
typedef void (*PbHtmlEndFunc)   (gpointer user_data, const char *name);
/* The content of a raw-text element (script, style, textarea, title…), in one piece. */
typedef void (*PbHtmlTextFunc) (gpointer user_data, const char *name, const char *text,
                                gsize length);

/* Tokenizes DATA as the WHATWG tokenizer does for what a link finder needs: start and end
 * tags with their attributes; comments, doctypes, processing instructions and character data
 * are skipped without being copied, raw-text elements are handed over whole. Never fails;
 * reads exactly LENGTH bytes (NULs included). */
void pb_html_scan (const char      *data,
                   gsize            length,
                   PbHtmlStartFunc  start,
                   PbHtmlEndFunc    end,
                   PbHtmlTextFunc   text,
                   gpointer         user_data);

/* Character data between tags, as written (references not decoded: see
 * pb_html_append_decoded ()). Raw-text elements go to PbHtmlTextFunc instead. */
typedef void (*PbHtmlDataFunc) (gpointer user_data, const char *data, gsize length);

/* pb_html_scan () that also hands over the character data between tags, in order (the docs
 * extractor reads text; the crawler does not). CHARS may be NULL. */
void pb_html_scan_full (const char      *data,
                        gsize            length,
                        PbHtmlStartFunc  start,
                        PbHtmlEndFunc    end,
                        PbHtmlTextFunc   text,
                        PbHtmlDataFunc   chars,
                        gpointer         user_data);

/* Appends P (LENGTH bytes) to BUF with character references decoded (the common named ones
 * and all numeric ones; anything else is kept as written). */
void pb_html_append_decoded (GByteArray *buf,
                             const char *p,
                             gsize       length);

G_END_DECLS
