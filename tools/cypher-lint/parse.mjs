// Reads each query with Neo4j's own parser alone, offline: its syntax errors and the facts
// of the parse, without the semantic analysis (a third of lint.mjs's size and load time),
// for the checks made just before a query runs. The protocol is in protocol.mjs.

import './quiet-console.mjs'; // first, as in lint.mjs: stdout carries the JSON alone
import { serve } from './protocol.mjs';

function syntaxOnly(query, parsingResult) {
  const diagnostics = parsingResult.statementsParsing.flatMap((s) => s.syntaxErrors);
  return { diagnostics, symbolTables: [] };
}

await serve(syntaxOnly);
