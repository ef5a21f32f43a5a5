// What a Node user gets: @apidevtools/swagger-parser's dereference() of a spec file.
//   node deref.mjs SPEC [--skip-examples]
// --skip-examples uses the ref parser's excludedPathMatcher to leave example(s) subtrees alone,
// which some specs (okta.yaml) need to dereference at all.
import SwaggerParser from '@apidevtools/swagger-parser';

const file = process.argv[2];
const options = {};
if (process.argv.includes('--skip-examples'))
  options.dereference = { excludedPathMatcher: (path) => /\/examples?(\/|$)/.test(path) };
const api = await SwaggerParser.dereference(file, options);
console.error(`swagger-parser: ${Object.keys(api.paths || {}).length} paths`);
