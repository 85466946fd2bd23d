import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** scripts/check-layers.mjs run as `npm run check:layers` runs it, on small trees written here. */
const SCRIPT = join(__dirname, 'check-layers.mjs');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(files: Record<string, string>): { status: number | null; output: string } {
  const root = tree(files);
  try {
    const run = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const base = {
  'libs/core/src/index.ts': "export * from './clock';\n",
  'libs/core/src/clock.ts': 'export const now = () => new Date();\n',
  'libs/cases/src/index.ts': "import { now } from '@asb/core';\nimport { now as at } from '@asb/core/clock';\nexport const opened = now() ?? at();\n",
  'libs/cases/src/rules/index.ts': 'export const open = true;\n',
  'libs/risk/src/index.ts': "import { opened } from '@asb/cases';\nexport const assessed = opened;\n",
  'libs/risk/src/rules/score.ts': "import { open } from '@asb/cases/rules';\nexport const score = open ? 1 : 0;\n",
};

describe('check:layers', () => {
  it('passes a tree: features import core and each other one way, core by path, a pure entry @asb/<lib>/rules', () => {
    const run = check(base);
    expect(run.output).toContain('the libraries form a tree');
    expect(run.status).toBe(0);
  });

  it('fails on a cycle between two libraries, naming the imports that make it', () => {
    const run = check({ ...base, 'libs/cases/src/risk-link.ts': "export { assessed } from '@asb/risk';\n" });
    expect(run.status).toBe(1);
    expect(run.output).toContain('cycle between libraries cases, risk');
    expect(run.output).toContain('libs/cases/src/risk-link.ts imports @asb/risk');
  });

  it('fails on a longer cycle, through a dynamic import', () => {
    const run = check({
      ...base,
      'libs/reports/src/index.ts': "export const r = import('@asb/risk');\n",
      'libs/cases/src/reports-link.ts': "import '@asb/reports';\n",
    });
    expect(run.status).toBe(1);
    expect(run.output).toContain('cycle between libraries cases, reports, risk');
  });

  it('fails when core imports a feature library', () => {
    const run = check({ ...base, 'libs/core/src/bad.ts': "import { opened } from '@asb/cases';\nexport const x = opened;\n" });
    expect(run.status).toBe(1);
    expect(run.output).toContain("libs/core/src/bad.ts: core imports the feature library '@asb/cases'");
  });

  it('fails when a library imports migrations/ or reaches into another library by a relative path', () => {
    const run = check({
      ...base,
      'libs/core/src/db.ts': "import { MIGRATIONS } from '../../../migrations';\nexport const m = MIGRATIONS;\n",
      'libs/risk/src/sneak.ts': "import { opened } from '../../cases/src/index';\nexport const o = opened;\n",
    });
    expect(run.status).toBe(1);
    expect(run.output).toContain("libs/core/src/db.ts: imports '../../../migrations' outside libs/ (migrations/)");
    expect(run.output).toContain("libs/risk/src/sneak.ts: relative import '../../cases/src/index' leaves libs/risk");
  });

  it('fails on a deep import into another feature library, unless listed; a listed one that is gone fails too', () => {
    const deep = { ...base, 'libs/risk/src/deep.ts': "import { opened } from '@asb/cases/index';\nexport const o = opened;\n" };
    expect(check(deep).output).toContain("libs/risk/src/deep.ts: deep import '@asb/cases/index' into cases's files");
    const listed = { ...deep, 'scripts/check-layers.allowed.txt': '# from before\nlibs/risk/src/deep.ts -> @asb/cases/index\n' };
    expect(check(listed).status).toBe(0);
    const stale = { ...base, 'scripts/check-layers.allowed.txt': 'libs/risk/src/deep.ts -> @asb/cases/index\n' };
    const run = check(stale);
    expect(run.status).toBe(1);
    expect(run.output).toContain("'libs/risk/src/deep.ts -> @asb/cases/index' is no longer imported");
  });
});
