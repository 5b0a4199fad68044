// The parts of @neo4j-cypher/language-support that lint.mjs and facts.mjs use.
// Its package.json exports only the index, which hides the parse (the ANTLR tree and what
// the parser collected while building it); esbuild bundles these modules by their path, and
// since the index imports the very same files, there is one copy of each class in the bundle
// (the parse tree's `instanceof` checks depend on that).

export { createParsingResult } from './node_modules/@neo4j-cypher/language-support/dist/esm/project/language-support/src/cypherLanguageService.js';
export { CypherCmdParser } from './node_modules/@neo4j-cypher/language-support/dist/esm/project/language-support/src/generated-parser/CypherCmdParser.js';
export { lintCypherQueryWithParsingResult } from './node_modules/@neo4j-cypher/language-support/dist/esm/project/language-support/src/syntaxValidation/syntaxValidation.js';
