// The shipped bundles are current, reproducible and carry their licences (node --test).

import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { buildAll, noticeFiles, REPO, staleFiles } from './build.mjs';

const outputs = await buildAll();
const [bundle, licences, parser, parserLicences] = outputs;

test('the committed bundles are what a fresh build makes', async () => {
  assert.deepEqual(await staleFiles(outputs), []);
});

test('the build is byte for byte reproducible', async () => {
  assert.deepEqual(await buildAll(), outputs);
});

test('an edited or a missing file is reported stale', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'xiansuo-bundles-'));
  try {
    const copy = path.join(root, bundle.path);
    await mkdir(path.dirname(copy), { recursive: true });
    await cp(path.join(REPO, bundle.path), copy);
    const others = [licences.path, parser.path, parserLicences.path];
    assert.deepEqual(await staleFiles(outputs, root), others);
    await writeFile(copy, bundle.text.replace('lintCypherQuery', 'lintCypherQuerx'), 'utf8');
    assert.deepEqual(await staleFiles(outputs, root), [bundle.path, ...others]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('every bundled npm package is named in the header with its licence text beside it', () => {
  for (const [code, notices] of [[bundle, licences], [parser, parserLicences]]) {
    const named = [...code.text.matchAll(/^\/\/ {3}(\S+) (\S+) \((\S+)\)$/gm)].map((m) => m[1]);
    assert.deepEqual(named, [
      '@neo4j-cypher/language-support',
      'antlr4-c3',
      'antlr4ng',
      'fastest-levenshtein',
      'vscode-languageserver-types',
    ]);
    for (const name of named) assert.match(notices.text, new RegExp(`^${name} \\S+ \\(`, 'm'));
    assert.match(notices.text, /Apache License\s+Version 2\.0/);
  }
});

test('the parser alone leaves the semantic analysis out', () => {
  assert.ok(parser.text.length < bundle.text.length / 3, 'the parser bundle should be small');
  assert.ok(!parser.text.includes('lintCypherQuery'), 'no semantic analysis in the parser');
});

test('a package without a licence file cannot be bundled', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'xiansuo-package-'));
  try {
    await writeFile(path.join(dir, 'README.md'), 'no licence here', 'utf8');
    await assert.rejects(noticeFiles(dir), /has no licence file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
