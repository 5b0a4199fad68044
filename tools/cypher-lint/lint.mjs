// Lints Cypher with Neo4j's own parser and semantic analysis (compiled to JS), offline.
// stdin:  {"schema": DbSchema, "queries": [{"id", "text", "params": {name: type-or-example}}],
//          "lint": true}; with "lint": false only the parser runs (syntax errors and facts, no
//          semantic analysis: a fraction of the time, for checks before a query runs)
// stdout: {"results": [{"id", "diagnostics": [{"severity", "message", "line", "column",
//          "offset"}], "facts": {…}}]}, facts as facts.mjs reads them from the parse tree.
// Exit codes: 0 ok, 2 bad input, 3 canary failed, 4 the linter threw on a query.

import './quiet-console.mjs'; // first: the analyser may log while it loads
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { queryFacts } from './facts.mjs';
import { createParsingResult, lintCypherQueryWithParsingResult } from './language-support.mjs';

const OPTIONS = { consoleCommandsEnabled: false };
const CANARY = 'MATCH (n) RETURN m';
const CANARY_MESSAGE = 'Variable `m` not defined';
const SEVERITY = { 1: 'error', 2: 'warning' };

function fail(code, message) {
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
  if (doc.lint !== undefined && typeof doc.lint !== 'boolean') fail(2, '"lint" must be a boolean');
  return { schema, queries: doc.queries, lint: doc.lint ?? true };
}

// The package swallows exceptions from its semantic analysis and then reports nothing,
// which would look exactly like a clean query; prove the analysis is alive first.
function checkCanary() {
  let messages;
  try {
    messages = lintCypherQuery(CANARY, {}, OPTIONS).diagnostics.map((d) => d.message);
  } catch (err) {
    fail(3, `canary threw: ${err.stack ?? err}`);
  }
  if (!messages.includes(CANARY_MESSAGE)) {
    fail(
      3,
      `canary failed: linting "${CANARY}" must report "${CANARY_MESSAGE}" but gave ` +
        `${JSON.stringify(messages)}; the semantic analysis is not running, so no result ` +
        'can be trusted',
    );
  }
}

function parseOnly(parsingResult) {
  const diagnostics = parsingResult.statementsParsing.flatMap((s) => s.syntaxErrors);
  return { diagnostics, symbolTables: [] };
}

// One parse per query, shared by the linter and the facts.
function lintOne(query, schema, lint) {
  const parameters = { ...(schema.parameters ?? {}), ...(query.params ?? {}) };
  try {
    const parsingResult = createParsingResult(query.text, OPTIONS);
    const { diagnostics, symbolTables } = lint
      ? lintCypherQueryWithParsingResult(
          query.text,
          { ...schema, parameters },
          { ...OPTIONS, parsingResult },
        )
      : parseOnly(parsingResult);
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
}

const { schema, queries, lint } = parseInput(await readStdin());
if (lint) checkCanary();
const results = queries.map((q) => lintOne(q, schema, lint));
process.stdout.write(JSON.stringify({ results }) + '\n');
