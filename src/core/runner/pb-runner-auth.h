/* pb-runner-auth.h: a manifest's authenticator, applied to each request of a test read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

#include "pb-runner-request.h"

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_AUTH (pb_runner_auth_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerAuth, pb_runner_auth, PB, RUNNER_AUTH, GObject)

/* Reads an authenticator component: NoAuth, ApiKeyAuthenticator (header or query),
 * BearerAuthenticator, BasicHttpAuthenticator, OAuthAuthenticator (the access token comes from a
 * connector: pb_runner_auth_set_access_token), SelectiveAuthenticator (chosen by a config path
 * when applied). COMPONENT NULL is NoAuth. Other types: PB_ERROR_UNSUPPORTED_FORMAT. */
PbRunnerAuth *pb_runner_auth_new              (const cJSON  *component,
                                               GError      **error);

/* An OAuth access token from a connector's token manager (used for OAuthAuthenticator). */
void          pb_runner_auth_set_access_token (PbRunnerAuth *self,
                                               const char   *token);

/* Adds the credential to REQUEST, evaluating values in CONTEXT (config, parameters). Every value
 * it sends is added to SECRETS (strings), so output can redact it. */
gboolean      pb_runner_auth_apply            (PbRunnerAuth     *self,
                                               PbRunnerRequest  *request,
                                               cJSON            *context,
                                               GPtrArray        *secrets,
                                               GError          **error);

G_END_DECLS
