/* pb-crawl-charset.h: converting fetched page bodies to UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Converts a page body to valid UTF-8. The charset comes from HEADER_CHARSET (the Content-Type
 * parameter, may be NULL), else a byte-order mark, else a <meta charset> / <meta http-equiv>
 * declaration in the first 2 KiB, else UTF-8 when the bytes are valid UTF-8 and windows-1252
 * otherwise (as browsers do). Invalid sequences become U+FFFD; never fails. OUT_CHARSET, if
 * set, receives the charset used. */
GBytes   *pb_crawl_html_to_utf8        (const char  *data,
                                        gsize        length,
                                        const char  *header_charset,
                                        char       **out_charset);

/* The same for a GBytes: returns BYTES itself (a new reference) when it is UTF-8 already. */
GBytes   *pb_crawl_html_bytes_to_utf8  (GBytes      *bytes,
                                        const char  *header_charset,
                                        char       **out_charset);

/* TRUE when DATA is valid UTF-8 without NUL bytes (8 bytes a step over ASCII). */
gboolean  pb_crawl_utf8_valid          (const char  *data,
                                        gsize        length);

G_END_DECLS
