// validate-manifest-files.mjs: validates the manifest files named on the command line (YAML or
// JSON) against Airbyte's declarative component schema (ajv). Exit 0 when all are valid, 1 if
// one is not, 77 when ajv is not installed. Env: PB_SHARED_DIR, PB_NODE_DIR.
//
// SPDX-License-Identifier: GPL-3.0-or-later
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.PB_NODE_DIR, 'package.json'));
let Ajv, yaml;
try {
  Ajv = require('ajv');
  yaml = require('js-yaml');
} catch (e) {
  console.error('ajv/js-yaml not installed (run tools/install-deps.sh --tests)');
  process.exit(77);
}

const schemaPath = path.join(process.env.PB_SHARED_DIR, 'airbyte',
                             'declarative_component_schema.yaml');
const ajv = new (Ajv.default || Ajv)({ strict: false, allErrors: false });
const validate = ajv.compile(yaml.load(fs.readFileSync(schemaPath, 'utf8')));
let failed = 0;
for (const file of process.argv.slice(2)) {
  const manifest = yaml.load(fs.readFileSync(file, 'utf8'));
  if (!validate(manifest)) {
    failed++;
    console.error(`${file}: not valid`);
    for (const err of validate.errors.slice(0, 5))
      console.error(`  ${err.instancePath} ${err.message} ${JSON.stringify(err.params)}`);
  }
}
process.exit(failed ? 1 : 0);
