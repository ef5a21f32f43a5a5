// validate-docs-manifest.mjs: `plugboard-cli assist URL` on a documentation site with no spec
// (tests/data/crawler/docs-site, served by node's http on 127.0.0.1), as JSON and as YAML; each
// manifest must validate against Airbyte's declarative component schema (ajv). TAP output.
// Env: PB_CLI, PB_SHARED_DIR, PB_NODE_DIR.
//
// SPDX-License-Identifier: GPL-3.0-or-later
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.join(here, 'data', 'crawler', 'docs-site');
const require = createRequire(path.join(process.env.PB_NODE_DIR, 'package.json'));

let Ajv, yaml;
try {
  Ajv = require('ajv');
  yaml = require('js-yaml');
} catch (e) {
  console.log('1..0 # SKIP ajv/js-yaml not installed (run tools/install-deps.sh --tests)');
  process.exit(0);
}

const schemaPath = path.join(process.env.PB_SHARED_DIR, 'airbyte', 'declarative_component_schema.yaml');
const ajv = new (Ajv.default || Ajv)({ strict: false, allErrors: false });
const validate = ajv.compile(yaml.load(fs.readFileSync(schemaPath, 'utf8')));

const server = http.createServer((req, res) => {
  const pathname = new URL(req.url, 'http://x').pathname;
  const name = pathname.endsWith('/') ? 'index.html' : path.basename(pathname);
  const file = path.join(site, name);
  if (!req.url.startsWith('/docs/') || !fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(fs.readFileSync(file));
});

function assist (url, format) {
  return new Promise((resolve) => {
    execFile(process.env.PB_CLI, ['assist', url, '--format', format], { maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/docs/`;
  let failed = 0;
  console.log('1..2');
  for (const [n, format] of [[1, 'json'], [2, 'yaml']]) {
    const { code, stdout, stderr } = await assist(url, format);
    let ok = false, why = '';
    if (code !== 0) {
      why = `exit ${code}: ${stderr.trim().split('\n').pop()}`;
    } else {
      const manifest = format === 'json' ? JSON.parse(stdout) : yaml.load(stdout);
      // The three lists, and the single customer as a detail stream of customers.
      const names = manifest.streams.map((s) => s.name).sort().join(',');
      ok = validate(manifest) && names === 'customers,customers_details,orders,products';
      why = ok ? '' : JSON.stringify(validate.errors ? validate.errors.slice(0, 3) : manifest.streams.map((s) => s.name));
    }
    if (!ok)
      failed++;
    console.log(`${ok ? 'ok' : 'not ok'} ${n} docs site as ${format}${ok ? '' : ' # ' + why}`);
  }
  server.close();
  process.exit(failed ? 1 : 0);
});
