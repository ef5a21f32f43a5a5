// test-mcp.mjs: `plugboard-cli mcp --agent NAME` driven by the official MCP TypeScript SDK
// client (@modelcontextprotocol/sdk, tests/node). A node HTTP API on 127.0.0.1 checks the key;
// a listener on 127.0.0.2 must never see a connection; the canary key must appear in no tool
// result, no output and no file. TAP output. Env: PB_CLI, PB_NODE_DIR, PB_TEST_ROOT.
//
// SPDX-License-Identifier: GPL-3.0-or-later
import { createRequire } from 'node:module';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const require = createRequire(path.join(process.env.PB_NODE_DIR, 'package.json'));
let Client, StdioClientTransport;
try {
  ({ Client } = require('@modelcontextprotocol/sdk/client/index.js'));
  ({ StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js'));
} catch (e) {
  console.log('1..0 # SKIP @modelcontextprotocol/sdk not installed (npm ci in tests/node)');
  process.exit(0);
}

const CANARY = 'canary-mcp-4e8d21';
const cli = process.env.PB_CLI;
let n = 0;
let failed = false;
const ok = (cond, name) => {
  n++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond) failed = true;
};

// The API: answers only with the right key.
let hits = 0;
let recordHits = 0;
let lastUrl = null;
const api = http.createServer((req, res) => {
  hits++;
  lastUrl = req.url;
  if (req.headers['x-api-key'] !== CANARY) {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"error":"bad key"}');
    return;
  }
  if (req.url.startsWith('/v1/records') || req.url.startsWith('/billing/records')) {
    // 17 records, 5 a page (?page=N from 1); the first echoes the key it got.
    recordHits++;
    const page = Number(new URL(req.url, 'http://x').searchParams.get('page') || '1');
    const data = [];
    for (let i = (page - 1) * 5; i < Math.min(page * 5, 17); i++) {
      data.push(i === 0 ? { id: i, name: 'item 0', note: `key ${req.headers['x-api-key']}` }
                        : { id: i, name: `item ${i}` });
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ data }));
    return;
  }
  if (req.url.startsWith('/v1/big')) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('x'.repeat(300 * 1024));
    return;
  }
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    res.writeHead(req.url.startsWith('/v1/missing') ? 404 : 200,
                  { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, body,
                             auth: req.headers.authorization || null }));
  });
});
await new Promise((r) => api.listen(0, '127.0.0.1', r));
const apiPort = api.address().port;

let trapConnections = 0;
const trap = net.createServer((s) => { trapConnections++; s.destroy(); });
await new Promise((r) => trap.listen(0, '127.0.0.2', r));
const trapPort = trap.address().port;

const run = (args, input) => execFileSync(cli, args, { input, encoding: 'utf8' });
run(['create', '--name', 'Local API', '--type', 'api-key',
     '--base-url', `http://127.0.0.1:${apiPort}/v1`, '--header', 'X-Api-Key']);
run(['set-secret', 'Local API', 'api-key'], CANARY);
run(['create', '--name', 'Billing', '--type', 'api-key',
     '--base-url', `http://127.0.0.1:${apiPort}/billing`, '--header', 'X-Api-Key']);
run(['set-secret', 'Billing', 'api-key'], CANARY);
run(['agent', 'create', '--name', 'Bot', '--instructions',
     'Use my Local API connector to fetch recent conversations.']);

const transport = new StdioClientTransport({ command: cli, args: ['mcp', '--agent', 'Bot'],
                                             env: process.env, stderr: 'pipe' });
let stderr = '';
transport.stderr?.on('data', (d) => { stderr += d; });
const client = new Client({ name: 'plugboard-test', version: '1.0.0' });
await client.connect(transport);

// The SDK asks for its newest revision; the server answers 2025-06-18, the client accepts.
ok(client.getServerVersion()?.name === 'plugboard', 'initialize: server info');

const { tools } = await client.listTools();
const names = tools.map((t) => t.name).sort();
ok(JSON.stringify(names) === '["call_connector","list_connectors"]', `tools/list: ${names}`);

const results = [];
const call = async (name, args) => {
  const r = await client.callTool({ name, arguments: args });
  results.push(JSON.stringify(r));
  return r;
};

let r = await call('list_connectors', {});
const listed = JSON.parse(r.content[0].text);
ok(!r.isError && listed.length === 1 && listed[0].name === 'Local API' &&
   listed[0].type === 'api-key' && listed[0].base_url === `http://127.0.0.1:${apiPort}/v1`,
   'list_connectors: only the agent\'s connector, with type and base URL');

r = await call('call_connector', { connector: 'local api', method: 'POST', path: '/items/7',
                                   query: { page: 2, q: 'a b' }, headers: { 'X-Trace': 't1' },
                                   body: '{"hello":"world"}' });
const answer = r.content[0].text;
ok(!r.isError && answer.startsWith('HTTP 200'), 'call_connector: status in the text');
ok(answer.includes('"url":"/v1/items/7?page=2&q=a%20b"'), 'call_connector: path and query');
ok(answer.includes('"body":"{\\"hello\\":\\"world\\"}"'), 'call_connector: body forwarded');
ok(r.structuredContent?.status === 200, 'call_connector: structuredContent.status');

r = await call('call_connector', { connector: 'Local API', path: '/missing' });
ok(!r.isError && r.content[0].text.startsWith('HTTP 404'), 'upstream error status passed');

r = await call('call_connector', { connector: 'Local API', path: '/big' });
ok(r.content[0].text.includes('[Cut:') && r.content[0].text.length < 110 * 1024,
   'a long answer is cut with a note');

const before = hits;
r = await call('call_connector', { connector: 'Billing', path: '/invoices' });
ok(r.isError === true && /may not use/.test(r.content[0].text), 'not given: isError');
r = await call('call_connector', { connector: 'Local API', path: '/..%2f..%2fbilling' });
ok(r.isError === true, 'encoded .. refused');
r = await call('call_connector', { connector: 'Local API', path: `//127.0.0.2:${trapPort}/x` });
ok(r.isError === true, '//host refused');
r = await call('call_connector', { connector: 'Local API', path: `/@127.0.0.2:${trapPort}/x` });
ok(r.isError === true, 'userinfo trick refused');
r = await call('call_connector', { connector: 'Local API', path: '/x',
                                   headers: { 'X-Evil': 'a\r\nHost: 127.0.0.2' } });
ok(r.isError === true, 'CR/LF in a header refused');
r = await call('call_connector', { connector: 'Local API', path: 'relative' });
ok(r.isError === true, 'a path must start with /');
r = await call('call_connector', { connector: 'Local API' });
ok(r.isError === true, 'missing path: isError');
ok(hits === before, 'no refused call reached the API');
ok(trapConnections === 0, 'nothing reached 127.0.0.2');

let unknownTool = null;
try {
  await client.callTool({ name: 'drop_tables', arguments: {} });
} catch (e) {
  unknownTool = e;
}
ok(unknownTool !== null, 'unknown tool: JSON-RPC error');

// read_stream: a stream of a Connector Builder project linked to the connector, through the
// test-read runner with the connector's key.
const builderDir = path.join(process.env.XDG_DATA_HOME, 'plugboard', 'builder');
const connectorId = (name) => JSON.parse(run(['show', name, '--json'])).id;
const manifest = (base) => ({
  version: '6.44.0',
  type: 'DeclarativeSource',
  check: { type: 'CheckStream', stream_names: ['items'] },
  streams: [{
    type: 'DeclarativeStream',
    name: 'items',
    primary_key: 'id',
    retriever: {
      type: 'SimpleRetriever',
      requester: {
        type: 'HttpRequester', url_base: base, path: '/records', http_method: 'GET',
        authenticator: {
          type: 'ApiKeyAuthenticator', api_token: "{{ config['api_key'] }}",
          inject_into: { type: 'RequestOption', inject_into: 'header', field_name: 'X-Api-Key' },
        },
      },
      record_selector: {
        type: 'RecordSelector', extractor: { type: 'DpathExtractor', field_path: ['data'] },
      },
      paginator: {
        type: 'DefaultPaginator',
        page_token_option: { type: 'RequestOption', inject_into: 'request_parameter',
                             field_name: 'page' },
        pagination_strategy: { type: 'PageIncrement', page_size: 5, start_from_page: 1 },
      },
    },
    schema_loader: { type: 'InlineSchemaLoader',
                     schema: { type: 'object', properties: { id: { type: 'integer' } } } },
  }],
  spec: {
    type: 'Spec',
    connection_specification: {
      type: 'object', required: ['api_key'],
      properties: { api_key: { type: 'string', airbyte_secret: true } },
    },
  },
});
const writeProject = (id, name, connector, base) => {
  fs.mkdirSync(builderDir, { recursive: true });
  fs.writeFileSync(path.join(builderDir, `${id}.json`),
                   JSON.stringify({ version: 1, id, name, connector_id: connectorId(connector),
                                    manifest: manifest(base) }));
};

// No project linked yet: not listed, and called anyway a clear tool error.
r = await call('read_stream', { connector: 'Local API', stream: 'items' });
ok(r.isError === true && /no Connector Builder project/.test(r.content[0].text),
   'read_stream without a Builder project: a tool error that says so');

writeProject('0c9c7a52-43b5-4d7e-9d2b-1f1d6f0a7a01', 'Local API items', 'Local API',
             `http://127.0.0.1:${apiPort}/v1`);
writeProject('0c9c7a52-43b5-4d7e-9d2b-1f1d6f0a7a02', 'Billing items', 'Billing',
             `http://127.0.0.1:${apiPort}/billing`);
const listed2 = (await client.listTools()).tools.map((t) => t.name).sort();
ok(JSON.stringify(listed2) === '["call_connector","list_connectors","read_stream"]',
   `tools/list with a linked Builder project: ${listed2}`);

r = await call('read_stream', { connector: 'Local API', stream: 'items', limit: 7 });
const sc = r.structuredContent || {};
ok(!r.isError && Array.isArray(sc.records) && sc.records.length === 7 &&
   sc.records[6].id === 6 && sc.truncated === true,
   'read_stream: 7 records of 17 (two pages, paginated), cut at the limit');
ok(/\[Cut: the stream has more records/.test(r.content[0].text) &&
   r.content[0].text.includes('"name":"item 6"'), 'read_stream: records and a note in the text');
ok(Array.isArray(sc.warnings) && sc.warnings.some((w) => w.code === 'record_limit_reached'),
   'read_stream: the runner\'s warnings');
ok(sc.records[0].note === 'key [redacted]', 'read_stream: a key echoed in a record is redacted');

r = await call('read_stream', { connector: 'Local API', stream: 'items' });
ok(!r.isError && r.structuredContent.records.length === 10, 'read_stream: 10 records by default');

r = await call('read_stream', { connector: 'Local API', stream: 'nope' });
ok(r.isError === true && r.content[0].text.includes('“items”'),
   'read_stream: an unknown stream names the known ones');
r = await call('read_stream', { connector: 'Local API', stream: 'items', limit: 0 });
ok(r.isError === true, 'read_stream: a limit of 0 refused');

const recordHitsBefore = recordHits;
r = await call('read_stream', { connector: 'Billing', stream: 'items' });
ok(r.isError === true && /may not use/.test(r.content[0].text),
   'read_stream on a connector the agent was not given: refused');
ok(recordHits === recordHitsBefore, 'the refused read_stream sent nothing to the API');

await client.close();

// Older clients: initialize with 2024-11-05 gets 2024-11-05; an unknown revision gets ours.
const handshake = (version) => new Promise((resolve) => {
  const child = spawn(cli, ['mcp', '--agent', 'Bot'], { env: process.env });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n')) {
      child.stdin.end();
      resolve(JSON.parse(out.split('\n')[0]));
    }
  });
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
                                     params: { protocolVersion: version, capabilities: {},
                                               clientInfo: { name: 'old', version: '0' } } })
                    + '\n');
});
ok((await handshake('2024-11-05')).result.protocolVersion === '2024-11-05',
   'initialize negotiates down to 2024-11-05');
ok((await handshake('2025-03-26')).result.protocolVersion === '2025-03-26',
   'initialize keeps 2025-03-26');
ok((await handshake('1999-01-01')).result.protocolVersion === '2025-06-18',
   'an unknown revision is answered with 2025-06-18');

// Garbage in: parse errors, not crashes.
const garbage = await new Promise((resolve) => {
  const child = spawn(cli, ['mcp', '--agent', 'Bot'], { env: process.env });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.on('close', () => resolve(out));
  child.stdin.end('{not json\n[1,2]\n{"jsonrpc":"2.0","id":5,"method":"nope"}\n');
});
const lines = garbage.trim().split('\n').map((l) => JSON.parse(l));
ok(lines.length === 3 && lines[0].error.code === -32700 && lines[1].error.code === -32600 &&
   lines[2].error.code === -32601 && lines[2].id === 5, 'parse error, batch, unknown method');

// The audit trail has the MCP calls, without query strings or keys.
const audit = JSON.parse(run(['audit', '--json', '--agent', 'Bot']));
const mcpCalls = audit.filter((e) => e.via === 'mcp');
ok(mcpCalls.length >= 6 && mcpCalls.some((e) => e.path === '/items/7' && e.status === 200),
   'calls in the audit trail');
ok(mcpCalls.some((e) => e.connector === 'Billing' && e.status === 403), 'refusals audited');
ok(!JSON.stringify(audit).includes('page=2'), 'no query string in the audit trail');
ok(mcpCalls.filter((e) => e.path === '/v1/records' && e.method === 'GET' &&
                          e.host === '127.0.0.1' && e.status === 200).length >= 4,
   'read_stream: each request of the read in the audit trail');
ok(mcpCalls.some((e) => e.connector === 'Billing' && e.method === 'READ' && e.status === 403),
   'read_stream: the refusal audited');

// The canary: in no tool result, no output, no file.
ok(!results.some((x) => x.includes(CANARY)), 'canary in no tool result');
ok(!stderr.includes(CANARY) && !garbage.includes(CANARY), 'canary in no output');
const scan = (dir) => {
  let found = null;
  let count = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const [f, c] = scan(p);
      found = found || f;
      count += c;
    } else if (e.isFile()) {
      count++;
      if (fs.readFileSync(p).includes(CANARY)) found = p;
    }
  }
  return [found, count];
};
const [foundIn, scanned] = scan(process.env.PB_TEST_ROOT);
ok(foundIn === null && scanned > 2, `canary in no file (${scanned} scanned)${foundIn ? ': ' + foundIn : ''}`);

console.log(`1..${n}`);
api.close();
trap.close();
process.exit(failed ? 1 : 0);
