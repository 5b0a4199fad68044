// What lint.mjs and parse.mjs share: the JSON protocol on stdin and stdout, one parse per
// query, and the facts read from it.
// stdin:  {"schema": DbSchema, "queries": [{"id", "text", "params": {name: type-or-example}}]}
// stdout: {"results": [{"id", "diagnostics": [{"severity", "message", "line", "column",
//          "offset"}], "facts": {…}}]}, facts as facts.mjs reads them from the parse tree.
// Exit codes: 0 ok, 2 bad input, 3 canary failed, 4 the linter threw on a query.

import { queryFacts } from './facts.mjs';
import { createParsingResult } from './language-support.mjs';

export const OPTIONS = { consoleCommandsEnabled: false };
const SEVERITY = { 1: 'error', 2: 'warning' };

export function fail(code, message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(code);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseInput(raw) {
  let doc;
  try {
    doc = JSON.parse(raw);
  } catch (err) {
    fail(2, `stdin is not JSON: ${err.message}`);
  }
  if (!isObject(doc) || !Array.isArray(doc.queries)) {
    fail(2, 'input must be an object with a "queries" array');
  }
  const schema = doc.schema ?? {};
  if (!isObject(schema)) fail(2, '"schema" must be an object');
  doc.queries.forEach((q, i) => {
    if (!isObject(q) || typeof q.id !== 'string' || typeof q.text !== 'string') {
      fail(2, `queries[${i}] needs string "id" and "text"`);
    }
    if (q.params !== undefined && !isObject(q.params)) {
      fail(2, `queries[${i}] ("${q.id}"): "params" must be an object`);
    }
  });
  return { schema, queries: doc.queries };
}

// Reads stdin, checks each query with `check(query, parsingResult, schema)` (which gives its
// diagnostics and symbol tables) and writes the results.
export async function serve(check, before = () => {}) {
  const { schema, queries } = parseInput(await readStdin());
  before();
  const results = queries.map((query) => {
    try {
      const parsingResult = createParsingResult(query.text, OPTIONS);
      const { diagnostics, symbolTables } = check(query, parsingResult, schema);
      return {
        id: query.id,
        diagnostics: diagnostics.map((d) => ({
          severity: SEVERITY[d.severity] ?? 'warning',
          message: d.message,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          offset: d.offsets.start,
        })),
        facts: queryFacts(query.text, parsingResult, symbolTables),
      };
    } catch (err) {
      fail(4, `linter threw on query "${query.id}": ${err.stack ?? err}`);
    }
  });
  process.stdout.write(JSON.stringify({ results }) + '\n');
}
