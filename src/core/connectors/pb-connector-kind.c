/* pb-connector-kind.c: the kinds of connector: ids, labels and the secret fields each uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector.h"

static const char * const api_key_fields[] = { PB_SECRET_API_KEY, NULL };
static const char * const oauth2_fields[] = { PB_SECRET_CLIENT_SECRET, NULL };
static const char * const basic_fields[] = { PB_SECRET_PASSWORD, NULL };

static const struct {
  PbConnectorKind kind;
  const char *id;
  const char *label;
} kinds[] = {
  { PB_CONNECTOR_KIND_API_KEY, "api-key", N_("API Key") },
  { PB_CONNECTOR_KIND_OAUTH2, "oauth2", N_("OAuth 2.0") },
  { PB_CONNECTOR_KIND_INTERCOM, "intercom", N_("Intercom") },
  { PB_CONNECTOR_KIND_BASIC, "basic", N_("Basic") },
};

const char * const *
pb_connector_kind_secret_fields (PbConnectorKind kind)
{
  switch (kind)
    {
    case PB_CONNECTOR_KIND_API_KEY:
      return api_key_fields;
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      return oauth2_fields;
    case PB_CONNECTOR_KIND_BASIC:
      return basic_fields;
    default:
      g_return_val_if_reached (api_key_fields);
    }
}

gboolean
pb_connector_kind_accepts_secret (PbConnectorKind  kind,
                                  const char      *field)
{
  if (field == NULL)
    return FALSE;
  if (g_strv_contains (pb_connector_kind_secret_fields (kind), field))
    return TRUE;
  if (kind == PB_CONNECTOR_KIND_OAUTH2 || kind == PB_CONNECTOR_KIND_INTERCOM)
    return g_str_equal (field, PB_SECRET_ACCESS_TOKEN) ||
           g_str_equal (field, PB_SECRET_REFRESH_TOKEN) ||
           g_str_equal (field, PB_SECRET_TOKEN_EXPIRY);
  return FALSE;
}

const char *
pb_connector_kind_to_string (PbConnectorKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].id;
  g_return_val_if_reached (NULL);
}

gboolean
pb_connector_kind_from_string (const char      *str,
                               PbConnectorKind *out_kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].id, str) == 0)
        {
          if (out_kind != NULL)
            *out_kind = kinds[i].kind;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
pb_connector_kind_get_label (PbConnectorKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].label);
  g_return_val_if_reached (NULL);
}
