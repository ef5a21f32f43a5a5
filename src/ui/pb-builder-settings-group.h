/* pb-builder-settings-group.h: a Builder project's global settings: base URL and authentication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_SETTINGS_GROUP (pb_builder_settings_group_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderSettingsGroup, pb_builder_settings_group, PB,
                      BUILDER_SETTINGS_GROUP, AdwPreferencesGroup)

/* Shows PROJECT's base URL and authentication (the kind and that kind's own fields: header or
 * parameter name, prefix, token and authorization URLs, grant type, scopes) and writes the
 * user's edits into its manifest, marking "url_base" or "auth" edited. No secret is asked here:
 * keys stay with the linked connector, in the keyring. */
void pb_builder_settings_group_set_project (PbBuilderSettingsGroup *self,
                                            PbBuilderProject       *project);

G_END_DECLS
