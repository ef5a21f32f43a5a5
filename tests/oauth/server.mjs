// A real OAuth 2.0 authorization server for the tests: oidc-provider on 127.0.0.1.
//
// Prints one JSON line on stdout once it listens: {"port": N, "issuer": "http://127.0.0.1:N"}.
// Everything oidc-provider says afterwards goes to stderr, so that line stays the first.
//
// Configuration (environment):
//   PB_OAUTH_AT_TTL   access-token lifetime in seconds (default 10)
//   PB_OAUTH_RT_TTL   refresh-token lifetime in seconds (default 3600)
//
// Clients:
//   plugboard-native       public native client (no secret), authorization code + PKCE (S256)
//                          + refresh tokens; loopback redirects on any port (RFC 8252).
//   plugboard-web          confidential (client_secret_basic), authorization code + PKCE
//   plugboard-service      confidential, client_secret_basic, client_credentials
//   plugboard-service-post confidential, client_secret_post, client_credentials
//
// Test hooks (POST, loopback only, no body needed):
//   /_test/revoke-grants        forgets every grant, refresh and access token (a revoked grant)
//   /_test/expire-access-tokens forgets every access token (the API then answers 401)
//   GET /_test/stats            {"grants": {"authorization_code": n, "refresh_token": n, …},
//                                "errors": {"invalid_grant": n, …}}
//
// SPDX-License-Identifier: GPL-3.0-or-later

import http from 'node:http';

// oidc-provider is installed in tests/node (`npm ci` there); PB_NODE_DIR may point elsewhere.
const nodeDir = process.env.PB_NODE_DIR
  ? new URL(`file://${process.env.PB_NODE_DIR}/`)
  : new URL('../node/', import.meta.url);
const { default: Provider } = await import(new URL('node_modules/oidc-provider/lib/index.js', nodeDir));

// Keep stdout for the one line the harness reads.
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);
console.warn = (...args) => console.error(...args);

const accessTtl = parseInt(process.env.PB_OAUTH_AT_TTL || '10', 10);
const refreshTtl = parseInt(process.env.PB_OAUTH_RT_TTL || '3600', 10);

// An in-memory adapter we can reach into for the test hooks.
const stores = new Map();
function storeFor(name) {
  if (!stores.has(name))
    stores.set(name, new Map());
  return stores.get(name);
}

class TestAdapter {
  constructor(name) {
    this.name = name;
    this.store = storeFor(name);
  }

  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
    this.store.set(id, { payload, expiresAt });
    if (payload.grantId) {
      const grants = storeFor('GrantIndex');
      const ids = grants.get(payload.grantId) || [];
      ids.push([this.name, id]);
      grants.set(payload.grantId, ids);
    }
    if (payload.userCode)
      storeFor('UserCodeIndex').set(payload.userCode, id);
    if (payload.uid)
      storeFor('UidIndex').set(payload.uid, id);
  }

  async find(id) {
    const entry = this.store.get(id);
    if (!entry)
      return undefined;
    if (entry.expiresAt && entry.expiresAt < Date.now()) {
      this.store.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUserCode(userCode) {
    const id = storeFor('UserCodeIndex').get(userCode);
    return id ? this.find(id) : undefined;
  }

  async findByUid(uid) {
    const id = storeFor('UidIndex').get(uid);
    return id ? this.find(id) : undefined;
  }

  async consume(id) {
    const entry = this.store.get(id);
    if (entry)
      entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId) {
    const grants = storeFor('GrantIndex');
    for (const [model, id] of grants.get(grantId) || [])
      storeFor(model).delete(id);
    grants.delete(grantId);
  }
}

const stats = { grants: {}, errors: {} };

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    adapter: TestAdapter,
    clients: [
      {
        client_id: 'plugboard-native',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: 'plugboard-web',
        client_secret: 'web-secret-for-tests-only',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: 'plugboard-service',
        client_secret: 'service-secret-for-tests-only',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [],
        grant_types: ['client_credentials'],
        response_types: [],
        scope: 'api:read api:write',
      },
      {
        client_id: 'plugboard-service-post',
        client_secret: 'service-post-secret-for-tests-only',
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: [],
        grant_types: ['client_credentials'],
        response_types: [],
        scope: 'api:read api:write',
      },
    ],
    scopes: ['openid', 'offline_access', 'profile', 'email', 'api:read', 'api:write'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTtl,
      ClientCredentials: accessTtl,
      RefreshToken: refreshTtl,
      Grant: refreshTtl,
      Session: 3600,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    cookies: { keys: ['plugboard-test-cookie-key-1'] },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, name: `Test user ${id}`, email: `${id}@example.test` };
        },
      };
    },
  });

  provider.on('grant.success', (ctx) => {
    const type = ctx.oidc.params.grant_type;
    stats.grants[type] = (stats.grants[type] || 0) + 1;
  });
  provider.on('grant.error', (ctx, error) => {
    stats.errors[error.error] = (stats.errors[error.error] || 0) + 1;
  });

  const callback = provider.callback();
  server.on('request', (req, res) => {
    const path = req.url.split('?')[0];
    if (path === '/_test/stats' && req.method === 'GET') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(stats));
      return;
    }
    if (path === '/_test/revoke-grants' && req.method === 'POST') {
      for (const name of ['Grant', 'RefreshToken', 'AccessToken', 'AuthorizationCode', 'GrantIndex'])
        storeFor(name).clear();
      res.end('revoked\n');
      return;
    }
    if (path === '/_test/expire-access-tokens' && req.method === 'POST') {
      storeFor('AccessToken').clear();
      res.end('expired\n');
      return;
    }
    callback(req, res);
  });

  process.stdout.write(JSON.stringify({ port, issuer }) + '\n');
});

// The test harness closes our stdin (or kills us) when it is done.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
