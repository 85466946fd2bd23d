#!/usr/bin/env node
/**
 * The npm registry this project is built against serves only the Linux builds
 * of some native packages, so `npm install` cannot record the other
 * platforms' optional builds (msgpackr-extract, unrs-resolver) in
 * package-lock.json, and `npm ci` then refuses the lock file as out of sync.
 * This adds, for every optional dependency the lock names but does not hold,
 * an entry with its version, `optional: true` and the os/cpu its name says,
 * so `npm ci` accepts the lock and skips those builds on this platform as it
 * would anyway. Run it after `npm install` changes the lock file.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const tokens = name.split(/[/-]/);
    const stub = { version, optional: true };
    const os = OS.filter((o) => tokens.includes(o));
    const cpu = CPU.filter((c) => tokens.includes(c));
    if (os.length) stub.os = os;
    if (cpu.length) stub.cpu = cpu;
    lock.packages[hoisted] = stub;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform stub(s) added`);
