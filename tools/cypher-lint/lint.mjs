// Lints Cypher with Neo4j's own parser and semantic analysis (compiled to JS), offline, and
// reads the facts of each query from its parse. The protocol is in protocol.mjs.

import './quiet-console.mjs'; // first: the analyser may log while it loads
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { lintCypherQueryWithParsingResult } from './language-support.mjs';
import { fail, OPTIONS, serve } from './protocol.mjs';

const CANARY = 'MATCH (n) RETURN m';
const CANARY_MESSAGE = 'Variable `m` not defined';

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

function lint(query, parsingResult, schema) {
  const parameters = { ...(schema.parameters ?? {}), ...(query.params ?? {}) };
  return lintCypherQueryWithParsingResult(
    query.text,
    { ...schema, parameters },
    { ...OPTIONS, parsingResult },
  );
}

await serve(lint, checkCanary);
