// validate-manifest.mjs: runs the real `plugboard-cli assist` on every corpus spec, as JSON and
// as YAML, and validates each manifest against Airbyte's declarative component schema (ajv).
// TAP output. Env: PB_CLI, PB_SHARED_DIR, PB_NODE_DIR.
//
// SPDX-License-Identifier: GPL-3.0-or-later
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const nodeDir = process.env.PB_NODE_DIR;
const shared = process.env.PB_SHARED_DIR;
const cli = process.env.PB_CLI;
const require = createRequire(path.join(nodeDir, 'package.json'));

let Ajv, yaml;
try {
  Ajv = require('ajv');
  yaml = require('js-yaml');
} catch (e) {
  console.log('1..0 # SKIP ajv/js-yaml not installed (run tools/install-deps.sh --tests)');
  process.exit(0);
}

const schemaPath = path.join(shared, 'airbyte', 'declarative_component_schema.yaml');
const corpus = path.join(shared, 'corpus', 'openapi');
const ajv = new (Ajv.default || Ajv)({ strict: false, allErrors: false });
const validate = ajv.compile(yaml.load(fs.readFileSync(schemaPath, 'utf8')));
const specs = fs.readdirSync(corpus).filter(f => /\.(json|ya?ml)$/.test(f)).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-validate-'));

console.log(`1..${specs.length * 2}`);
let n = 0;
let failed = 0;
for (const spec of specs) {
  for (const format of ['json', 'yaml']) {
    n++;
    const out = path.join(tmp, `${spec}.${format}`);
    const name = `${spec} as ${format}`;
    try {
      execFileSync(cli, ['assist', path.join(corpus, spec), '--format', format, '--output', out],
                   { stdio: ['ignore', 'ignore', 'pipe'] });
      const text = fs.readFileSync(out, 'utf8');
      const manifest = format === 'json' ? JSON.parse(text) : yaml.load(text);
      if (!Array.isArray(manifest.streams) || manifest.streams.length === 0)
        throw new Error('no streams');
      if (validate(manifest)) {
        console.log(`ok ${n} - ${name} (${manifest.streams.length} streams)`);
      } else {
        failed++;
        console.log(`not ok ${n} - ${name}`);
        for (const err of validate.errors.slice(0, 5))
          console.log(`# ${err.instancePath} ${err.message} ${JSON.stringify(err.params)}`);
      }
    } catch (e) {
      failed++;
      console.log(`not ok ${n} - ${name}: ${String(e.stderr || e.message).trim().split('\n').pop()}`);
    }
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
