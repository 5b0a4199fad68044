// What xiansuo's checks need to know about a query, read from the parse tree of Neo4j's own
// parser: clauses that write or read files, procedure calls, parameters, the final RETURN's
// columns, LIMIT and SKIP, the labels, types and properties used on each variable, and the
// comparisons of a property with a value. Every position is a code-point offset into the
// query text (what Python's str indexes).

import { CypherCmdParser } from './language-support.mjs';

const RULES = CypherCmdParser.ruleNames;
// Clauses that change the graph or reach outside it, by their parse-tree rule.
const UPDATING = {
  createClause: 'CREATE',
  insertClause: 'INSERT',
  mergeClause: 'MERGE',
  setClause: 'SET',
  deleteClause: 'DELETE',
  removeClause: 'REMOVE',
  foreachClause: 'FOREACH',
  loadCSVClause: 'LOAD CSV',
};
// Administration commands (schema, users, SHOW …, TERMINATE …): no query at all.
const COMMANDS = new Set(['command', 'composableCommandClauses']);
const FLIPPED = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

const ruleOf = (node) => (node.symbol === undefined ? RULES[node.ruleIndex] : null);
const kids = (node) => node.children ?? [];
const ruleKids = (node, name) => kids(node).filter((k) => ruleOf(k) === name);
const at = (node) => (node.symbol ?? node.start).start;

function* walk(node) {
  yield node;
  for (const child of kids(node)) yield* walk(child);
}

// Down a chain of rules with one child each (expression -> expression11 -> … -> literal).
function unwrap(node) {
  for (;;) {
    const children = kids(node);
    if (children.length !== 1 || ruleOf(children[0]) === null) return node;
    [node] = children;
  }
}

// The variable a single-child chain ends in (`n` in `WHERE n:Person`), else undefined.
function variableOf(node) {
  for (;;) {
    if (ruleOf(node) === 'variable') return node;
    const children = kids(node);
    if (children.length !== 1 || ruleOf(children[0]) === null) return undefined;
    [node] = children;
  }
}

function unescapeName(text) {
  return text.startsWith('`') && text.endsWith('`') ? text.slice(1, -1).replaceAll('``', '`') : text;
}

const ESCAPES = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

function stringValue(token) {
  const body = token.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_, e) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

export function queryFacts(query, parsing, symbolTables) {
  const chars = Array.from(query);
  const source = (node) => chars.slice(node.start.start, node.stop.stop + 1).join('');
  const facts = {
    statements: [],
    syntax_errors: 0,
    updates: [],
    commands: [],
    procedures: [],
    parameters: [],
    returns: null,
    limits: [],
    labels: [],
    properties: [],
    comparisons: [],
    variables: {},
  };

  // A side of a comparison: a property of a variable (also inside coalesce(…)), a literal,
  // a list of literals, a parameter, a function call, or something else.
  function describe(node) {
    const n = unwrap(node);
    const rule = ruleOf(n);
    if (rule === 'expression2') {
      const [head, ...postfixes] = kids(n);
      const property = postfixes.length === 1 ? ruleKids(postfixes[0], 'property')[0] : undefined;
      const variable = variableOf(head);
      if (property && variable) {
        const key = ruleKids(property, 'propertyKeyName')[0];
        return { kind: 'property', variable: unescapeName(source(variable)), property: unescapeName(source(key)), at: at(key) };
      }
    } else if (rule === 'stringLiteral') {
      return { kind: 'literal', value: stringValue(source(n)), at: at(n) };
    } else if (rule === 'numberLiteral') {
      return { kind: 'literal', value: Number(source(n)), at: at(n) };
    } else if (rule === 'literal') {
      const word = source(n).toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { kind: 'literal', value: word === 'TRUE', at: at(n) };
      if (word === 'NULL') return { kind: 'literal', value: null, at: at(n) };
    } else if (rule === 'listLiteral') {
      const items = ruleKids(n, 'expression').map(describe);
      if (items.every((item) => item.kind === 'literal')) {
        return { kind: 'list', values: items.map((item) => item.value), at: at(n) };
      }
    } else if (rule === 'parameter') {
      return { kind: 'parameter', name: unescapeName(source(ruleKids(n, 'parameterName')[0])), at: at(n) };
    } else if (rule === 'functionInvocation') {
      const name = source(ruleKids(n, 'functionName')[0]).replace(/\s+/g, '');
      const args = ruleKids(n, 'functionArgument').map(describe);
      if (name.toLowerCase() === 'coalesce' && args[0]?.kind === 'property') return { ...args[0], wrapped: 'coalesce' };
      return { kind: 'function', name, at: at(n) };
    }
    return { kind: 'expression', at: at(n) };
  }

  function compare(leftNode, op, rightNode) {
    const left = describe(leftNode);
    const right = describe(rightNode);
    if (left.kind === 'property') facts.comparisons.push({ ...left, op, other: right });
    if (right.kind === 'property' && op in FLIPPED) facts.comparisons.push({ ...right, op: FLIPPED[op], other: left });
    else if (right.kind === 'property' && ['=', '<>', '!='].includes(op)) facts.comparisons.push({ ...right, op, other: left });
  }

  function pattern(node, kind) {
    const variableNode = ruleKids(node, 'variable')[0];
    const variable = variableNode ? unescapeName(source(variableNode)) : null;
    const labels = [];
    for (const expression of ruleKids(node, 'labelExpression')) {
      for (const inner of walk(expression)) {
        const rule = ruleOf(inner);
        if (rule === 'labelExpression1' && ruleKids(inner, 'symbolicNameString').length) {
          const name = ruleKids(inner, 'symbolicNameString')[0];
          labels.push(unescapeName(source(name)));
          facts.labels.push({ name: unescapeName(source(name)), kind, variable, at: at(name) });
        }
      }
    }
    if (variable) {
      const known = (facts.variables[variable] ??= { kind, labels: [] });
      for (const label of labels) if (!known.labels.includes(label)) known.labels.push(label);
    }
    const map = ruleKids(node, 'properties').flatMap((p) => ruleKids(p, 'map'))[0];
    if (map) {
      const keys = ruleKids(map, 'propertyKeyName');
      const values = ruleKids(map, 'expression');
      keys.forEach((key, i) => {
        const entry = { kind: 'property', variable, property: unescapeName(source(key)), at: at(key), labels };
        facts.properties.push({ name: entry.property, variable, at: entry.at, labels });
        facts.comparisons.push({ ...entry, op: '=', other: describe(values[i]) });
      });
    }
  }

  function finalReturn(statement) {
    const queries = [...walk(statement)].filter((n) => ruleOf(n) === 'singleQuery');
    // The outermost query's last part: its singleQuery nodes come first in document order
    // among those not nested in a subquery; the last clause that is a RETURN counts.
    const top = queries.filter((q) => !hasAncestor(q, (a) => ruleOf(a) === 'singleQuery'));
    const last = top.at(-1);
    if (!last) return null;
    const clauses = ruleKids(last, 'clause').filter((c) => ruleOf(kids(c)[0]) !== 'orderBySkipLimitClause');
    const clause = clauses.at(-1) && kids(clauses.at(-1))[0];
    if (!clause || ruleOf(clause) !== 'returnClause') return null;
    const items = ruleKids(ruleKids(clause, 'returnBody')[0], 'returnItems')[0];
    const columns = ruleKids(items, 'returnItem').map((item) => {
      const alias = ruleKids(item, 'variable')[0];
      const expression = ruleKids(item, 'expression')[0];
      return { name: alias ? unescapeName(source(alias)) : source(expression), at: at(item), aliased: Boolean(alias) };
    });
    const star = kids(items).some((k) => ruleOf(k) === null && k.getText() === '*');
    return { columns, star, at: at(clause) };
  }

  for (const statement of parsing.statementsParsing) {
    const command = statement.command;
    if (command.type === 'cypher' && command.statement.trim() === '') continue;
    facts.statements.push({ at: command.start.start });
    facts.syntax_errors += statement.parser.numberOfSyntaxErrors + statement.syntaxErrors.length;
    for (const node of walk(statement.ctx)) {
      const rule = ruleOf(node);
      if (rule === null) continue;
      if (rule in UPDATING) facts.updates.push({ clause: UPDATING[rule], at: at(node) });
      else if (COMMANDS.has(rule)) {
        const words = source(node).trim().split(/\s+/).slice(0, 2).join(' ').toUpperCase();
        facts.commands.push({ name: words, at: at(node) });
      }
      else if (rule === 'callClause') {
        const name = ruleKids(node, 'procedureName')[0];
        facts.procedures.push({ name: name ? source(name).replace(/\s+/g, '').replaceAll('`', '') : '', at: at(node) });
      } else if (rule === 'parameter') {
        const name = ruleKids(node, 'parameterName')[0];
        if (name) facts.parameters.push({ name: unescapeName(source(name)), at: at(node) });
      } else if (rule === 'limit' || rule === 'skip') {
        facts.limits.push({ clause: kids(node)[0].getText().toUpperCase(), at: at(node) });
      } else if (rule === 'nodePattern') pattern(node, 'node');
      else if (rule === 'relationshipPattern') pattern(node, 'relationship');
      else if (rule === 'expression8') {
        const children = kids(node);
        for (let i = 0; i + 2 < children.length; i += 2) compare(children[i], children[i + 1].getText(), children[i + 2]);
      } else if (rule === 'expression7' && kids(node).length === 2) {
        const [left, comparison] = kids(node);
        const words = kids(comparison).filter((k) => ruleOf(k) === null).map((k) => k.getText().toUpperCase());
        const right = ruleKids(comparison, 'expression6')[0];
        if (right && words.length) compare(left, words.join(' '), right);
        const labels = ruleKids(comparison, 'labelExpression4')[0];
        const subject = variableOf(left);
        if (labels) {
          for (const inner of walk(labels)) {
            if (ruleOf(inner) === 'labelExpression1' && ruleKids(inner, 'symbolicNameString').length) {
              const name = ruleKids(inner, 'symbolicNameString')[0];
              const variable = subject ? unescapeName(source(subject)) : null;
              facts.labels.push({ name: unescapeName(source(name)), kind: 'either', variable, at: at(name) });
            }
          }
        }
      } else if (rule === 'expression2') {
        const found = describe(node);
        if (found.kind === 'property') {
          facts.properties.push({ name: found.property, variable: found.variable, at: found.at });
        }
      }
    }
    facts.returns = finalReturn(statement.ctx) ?? facts.returns;
  }
  // A variable's labels also come from what the semantic analysis knows of it.
  for (const table of symbolTables ?? []) {
    for (const symbol of table) {
      const labels = flatLabels(symbol.labels);
      if (!labels.length || !(symbol.variable in facts.variables)) continue;
      const known = facts.variables[symbol.variable];
      for (const label of labels) if (!known.labels.includes(label)) known.labels.push(label);
    }
  }
  return facts;
}

function flatLabels(tree) {
  if (!tree) return [];
  if ('value' in tree) return [tree.value];
  return (tree.children ?? []).flatMap(flatLabels);
}

function hasAncestor(node, test) {
  for (let parent = node.parent; parent; parent = parent.parent) if (test(parent)) return true;
  return false;
}
