// yaml-to-json.mjs: YAML → JSON as OpenAPI tools read it (js-yaml, core schema — what
// @apidevtools/json-schema-ref-parser uses), for test-spec-yaml-reference.c to compare with.
//   node yaml-to-json.mjs IN.yaml OUT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.PB_NODE_DIR + '/');
const yaml = require('js-yaml');
const doc = yaml.load(readFileSync(process.argv[2], 'utf8'), { schema: yaml.CORE_SCHEMA });
writeFileSync(process.argv[3], JSON.stringify(doc));
