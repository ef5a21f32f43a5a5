/* pb-builder-values.h: the values an AI Assist suggestion carries, key by key: compare, show,
 * copy (used by PbBuilderSuggestions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-manifest.h"

G_BEGIN_DECLS

/* Keys: STREAM NULL = a manifest-level key ("url_base", "auth"); else a stream's key ("path",
 * "method", "record_path", "primary_key", "paginator", "incremental", "parent",
 * "request_parameters", "request_headers", "request_body", "schema"). */

/* The stream keys, in the order a user reads a stream (NULL-terminated). */
const char * const *pb_builder_values_stream_keys (void);

/* Whether FROM (FROM_STREAM) has a value for KEY that TO (TO_STREAM) lacks or has otherwise
 * (every detail counts). An unset value in FROM (no paginator, no primary key…) is no news.
 * Request parameters and headers: whether FROM has a pair TO lacks or sets otherwise. */
gboolean    pb_builder_values_differ      (PbManifest       *from,
                                           PbManifestStream *from_stream,
                                           PbManifest       *to,
                                           PbManifestStream *to_stream,
                                           const char       *key);
/* One short line a user reads ("Cursor: {{ response.next }}"); "none" for unset values. */
char       *pb_builder_values_describe    (PbManifest       *manifest,
                                           PbManifestStream *stream,
                                           const char       *key);
/* The field's name as the Builder shows it ("Record path"). */
const char *pb_builder_values_title       (const char       *key);
/* Sets KEY of TO (TO_STREAM) to the value it has in FROM (FROM_STREAM), evidence included. */
void        pb_builder_values_copy        (PbManifest       *to,
                                           PbManifestStream *to_stream,
                                           PbManifest       *from,
                                           PbManifestStream *from_stream,
                                           const char       *key);
/* A new stream with every value and the evidence of STREAM. */
PbManifestStream *pb_builder_values_copy_stream (PbManifestStream *stream);
/* Adds to TO the connection fields of FROM that TO lacks (a new auth or stream may use them). */
void        pb_builder_values_add_missing_fields (PbManifest *to,
                                                  PbManifest *from);

G_END_DECLS
