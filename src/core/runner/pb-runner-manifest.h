/* pb-runner-manifest.h: an Airbyte declarative manifest resolved for running it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_MANIFEST (pb_runner_manifest_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerManifest, pb_runner_manifest, PB, RUNNER_MANIFEST, GObject)

/*
 * The manifest as the Airbyte CDK prepares it before building components: every "$ref" and
 * "#/…" string resolved (keys beside a "$ref" win), default component types filled in
 * (a retriever without "type" is a SimpleRetriever…), and "$parameters" handed down to nested
 * components, where a parameter also fills a missing or empty field of the same name.
 * Each component keeps its merged parameters in "$parameters" for "{{ parameters.x }}".
 *
 * Errors: PB_ERROR_PARSE when the text is not YAML/JSON, not a DeclarativeSource, or its
 * references are broken or cyclic.
 */
PbRunnerManifest *pb_runner_manifest_new_from_data (const char  *data,
                                                    gsize        length,
                                                    GError     **error);
PbRunnerManifest *pb_runner_manifest_new_from_file (const char  *path,
                                                    GError     **error);

/* The resolved manifest (owned by SELF). */
const cJSON      *pb_runner_manifest_get_root      (PbRunnerManifest *self);
/* Stream names in order (free with g_strfreev). */
char            **pb_runner_manifest_list_streams  (PbRunnerManifest *self);
/* The resolved DeclarativeStream named NAME, or NULL. */
const cJSON      *pb_runner_manifest_find_stream   (PbRunnerManifest *self,
                                                    const char       *name);
/* spec.connection_specification, or NULL. */
const cJSON      *pb_runner_manifest_get_connection_spec (PbRunnerManifest *self);
/* The one property of the connection specification marked airbyte_secret that a connector's
 * secret fills: the only one, else the only required one. NULL (and ERROR set, PB_ERROR_PARSE)
 * when there is none or more than one candidate. */
char             *pb_runner_manifest_dup_secret_property (PbRunnerManifest  *self,
                                                          GError           **error);
/* TRUE when the connection specification marks NAME airbyte_secret. */
gboolean          pb_runner_manifest_is_secret_property  (PbRunnerManifest *self,
                                                          const char       *name);

G_END_DECLS
