#!/usr/bin/env node
/**
 * The libraries form a tree (docs: issue 13, "Libraries form a tree"). Reads every .ts file under
 * libs/<lib>/src and fails (exit 1, one line per problem) on:
 *
 * - a cycle between libraries (an import of any kind, index or file, counts as an edge);
 * - libs/core importing a feature library, and any library importing migrations/ or apps/
 *   (the apps hand the migrations in: core/database/data-source-options.ts);
 * - a relative import that leaves its library (use `@asb/<lib>`);
 * - a deep import `@asb/<lib>/...` into another feature library's files. A library is used through
 *   its index (`@asb/<lib>`: module, services, rules) or, from a pure rule that unit tests load
 *   without Nest, through its pure entry `@asb/<lib>/rules` (libs/<lib>/src/rules/index.ts or
 *   rules.ts: pure rules only). `@asb/core/...` is allowed: core is the shared kernel, and its pure
 *   files are imported by path so that unit tests never load Nest. A deep import that must stay
 *   for a while may be listed in scripts/check-layers.allowed.txt (`<file> -> <specifier>`, with a
 *   comment why); an unlisted one fails, and so does a listed one that is gone.
 *
 * Usage: node scripts/check-layers.mjs [--root <dir>]   (the root holds libs/; default: the repository)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE = 'core';
const ALLOWED_FILE = join('scripts', 'check-layers.allowed.txt');

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Module specifiers of import/export ... from, side-effect imports, import() and require(). Comments are skipped. */
export function specifiers(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /^\s*import\s+['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

function readAllowed(root) {
  const path = join(root, ALLOWED_FILE);
  if (!existsSync(path)) return new Set();
  return new Set(readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean));
}

/** Every cycle's libraries, found as the strongly connected components (Tarjan) of more than one library. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const found = [];
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!meta.has(w)) {
        visit(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!meta.has(v)) visit(v);
  return found;
}

/** The problems of the tree under `root`, one sentence each; none when the libraries form a tree. */
export function checkLayers(root) {
  const libsDir = join(root, 'libs');
  const libs = readdirSync(libsDir).filter((l) => existsSync(join(libsDir, l, 'src'))).sort();
  const allowed = readAllowed(root);
  const seenAllowed = new Set();
  const problems = [];
  const graph = new Map(libs.map((l) => [l, new Set()]));
  const evidence = new Map();

  for (const lib of libs) {
    for (const file of tsFiles(join(libsDir, lib, 'src'))) {
      const rel = relative(root, file).split(sep).join('/');
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        let target = null;
        let deep = false;
        const alias = /^@asb\/([a-z0-9-]+)(\/.*)?$/.exec(spec);
        if (alias) {
          target = alias[1];
          deep = alias[2] !== undefined;
        } else if (spec.startsWith('.')) {
          const to = relative(root, resolve(dirname(file), spec)).split(sep);
          if (to[0] === 'libs' && to[1] !== lib) {
            problems.push(`${rel}: relative import '${spec}' leaves libs/${lib}; import @asb/${to[1]}`);
            target = to[1];
          } else if (to[0] !== 'libs') {
            problems.push(`${rel}: imports '${spec}' outside libs/ (${to[0]}/): a library may not import ${to[0]}/; the apps hand such things in`);
          }
        }
        if (target === null || target === lib) continue;
        if (!graph.has(target)) {
          problems.push(`${rel}: imports '${spec}', not a library`);
          continue;
        }
        if (lib === CORE) problems.push(`${rel}: core imports the feature library '${spec}'; core imports no feature library`);
        graph.get(lib).add(target);
        if (!evidence.has(`${lib}>${target}`)) evidence.set(`${lib}>${target}`, `${rel} imports ${spec}`);
        if (deep && target !== CORE && alias[2] !== '/rules') {
          const entry = `${rel} -> ${spec}`;
          if (allowed.has(entry)) seenAllowed.add(entry);
          else problems.push(`${rel}: deep import '${spec}' into ${target}'s files; import @asb/${target} (its index)`);
        }
      }
    }
  }
  for (const component of cycles(graph)) {
    const edges = [];
    for (const from of component) for (const to of component) if (graph.get(from).has(to)) edges.push(`  ${evidence.get(`${from}>${to}`)}`);
    problems.push(`cycle between libraries ${component.join(', ')}:\n${edges.join('\n')}`);
  }
  for (const entry of allowed) if (!seenAllowed.has(entry)) problems.push(`${ALLOWED_FILE}: '${entry}' is no longer imported; remove it from the list`);
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? resolve(process.argv[at + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkLayers(root);
  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error(`check:layers: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log('check:layers: the libraries form a tree');
}
