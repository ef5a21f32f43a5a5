/* pb-catalog.h: every connector definition Plugboard knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-definition.h"

G_BEGIN_DECLS

#define PB_TYPE_CATALOG (pb_catalog_get_type ())

G_DECLARE_FINAL_TYPE (PbCatalog, pb_catalog, PB, CATALOG, GObject)

/* A GListModel of PbDefinition: the generic types first, then services by name.
 *
 * The built-in definitions come from the core GResource (catalog/NAME.json); definitions the
 * builder exports live in $XDG_DATA_HOME/plugboard/definitions/NAME.json and join the same
 * list, as do definitions added at run time. A definition with an id already known
 * replaces the older one. */

/* The shared catalog (built-in + user definitions), loaded on first use. */
PbCatalog    *pb_catalog_get_default   (void);
/* An empty catalog (tests). */
PbCatalog    *pb_catalog_new           (void);

/* Loads the built-in definitions. A broken built-in definition is a bug: it is reported
 * with g_critical and skipped. */
void          pb_catalog_load_builtin  (PbCatalog *self);
/* Loads NAME.json files from DIRECTORY; files that cannot be read are skipped with a warning
 * collected in the returned error (the good ones are still added). */
gboolean      pb_catalog_load_directory (PbCatalog   *self,
                                         const char  *directory,
                                         GError     **error);

void          pb_catalog_add           (PbCatalog    *self,
                                        PbDefinition *definition);
PbDefinition *pb_catalog_lookup        (PbCatalog    *self,
                                        const char   *id);
/* The definition CONNECTOR was made from, else its kind's generic one (NULL for Basic
 * connectors made by hand, which have none). Transfer none. */
PbDefinition *pb_catalog_lookup_for_connector (PbCatalog   *self,
                                               PbConnector *connector);
/* Finds by id or by display name, case-insensitively ("github", "Jira Cloud"). */
PbDefinition *pb_catalog_find          (PbCatalog    *self,
                                        const char   *id_or_name);
/* TRUE if DEFINITION matches every word of QUERY (name, id, summary). */
gboolean      pb_catalog_matches       (PbDefinition *definition,
                                        const char   *query);

G_END_DECLS
