/* pb-credential-source.h: a connector's credential at call time, for the broker only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "pb-connector-store.h"
#include "pb-token-manager.h"

G_BEGIN_DECLS

#define PB_TYPE_CREDENTIAL_SOURCE (pb_credential_source_get_type ())

G_DECLARE_FINAL_TYPE (PbCredentialSource, pb_credential_source, PB, CREDENTIAL_SOURCE, GObject)

/* What a call needs: the secret (API key, password or OAuth access token) and where it goes.
 * Never logged, never written anywhere but the upstream request; wiped when freed. */
typedef struct {
  PbConnectorKind kind;
  char *secret;
} PbCredential;

void          pb_credential_free             (PbCredential *credential);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCredential, pb_credential_free)

/* Looks secrets up in the keyring (PbVault) and OAuth tokens through the token manager, and
 * keeps them in memory so that a busy agent does not cost a keyring round trip per call: API
 * keys and passwords until the connector changes (its "modified" stamp) or the API answers
 * 401 (pb_credential_source_forget: a key replaced by another program), OAuth tokens at most
 * 60 s (the token manager renews them before they expire). */
PbCredentialSource *pb_credential_source_new (PbConnectorStore *store,
                                              PbTokenManager   *tokens);

/* The token manager OAuth tokens come from (owned by SELF). */
PbTokenManager *pb_credential_source_get_token_manager (PbCredentialSource *self);

/* Fails with PB_BROKER_ERROR_NOT_READY (no secret stored) or the token manager's error
 * (PB_ERROR_REAUTH_NEEDED…). */
void          pb_credential_source_get_async (PbCredentialSource  *self,
                                              PbConnector         *connector,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PbCredential *pb_credential_source_get_finish (PbCredentialSource *self,
                                               GAsyncResult       *result,
                                               GError            **error);
/* The cached credential, if there is a fresh one (no I/O), else NULL. */
PbCredential *pb_credential_source_peek      (PbCredentialSource *self,
                                              PbConnector        *connector);
/* Drops what is cached for the connector (the API answered 401: the next call asks again). */
void          pb_credential_source_forget    (PbCredentialSource *self,
                                              PbConnector        *connector);
/* TRUE for connectors whose refused credential can be renewed (OAuth: the token manager
 * gets new tokens). */
gboolean      pb_credential_renewable        (PbConnector *connector);
/* The API refused the credential a call got after SINCE (monotonic µs): drops the cache and,
 * unless another call renewed it after SINCE already, has the token manager refresh (one
 * token request, shared by concurrent ones), then gives the new credential. */
void          pb_credential_source_renew_async (PbCredentialSource  *self,
                                                PbConnector         *connector,
                                                gint64               since,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PbCredential *pb_credential_source_renew_finish (PbCredentialSource *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

/* Puts CREDENTIAL in HEADERS (API key header, Bearer token, Basic). API keys sent as a query
 * parameter go in the URL instead (pb_broker_build_target). */
void          pb_credential_apply            (PbConnector        *connector,
                                              const PbCredential *credential,
                                              SoupMessageHeaders *headers);
/* The query parameter an API key goes in, or NULL. */
const char   *pb_credential_query_param      (PbConnector *connector);

G_END_DECLS
