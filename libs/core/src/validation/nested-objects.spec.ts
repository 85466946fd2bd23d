import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every *.dto.ts under libs/. */
function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : dtoFiles(path);
    return e.name.endsWith('.dto.ts') ? [path] : [];
  });
}

/**
 * class-validator's @ValidateNested takes an array where an object is meant
 * (it validates the array's elements instead), so `address: []` passed as an
 * address and `externalRefs: [[]]` reached PostgreSQL as a reference without a
 * system. Every @ValidateNested is therefore written right after an @IsObject
 * with the same `each`.
 */
describe('nested DTO fields', () => {
  it('every ValidateNested() follows IsObject(), and ValidateNested({ each: true }) follows IsObject({ each: true })', () => {
    const root = join(__dirname, '../../..');
    const bad: string[] = [];
    let nested = 0;
    for (const file of dtoFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/ValidateNested\((\{[^}]*\})?\)/g)) {
        nested += 1;
        const each = /each:\s*true/.test(m[1] ?? '');
        const before = text.slice(Math.max(0, m.index - 120), m.index);
        const guard = each ? /IsObject\(\{[^}]*each:\s*true[^}]*\}\)[\s,@]*$/ : /IsObject\(\)[\s,@]*$/;
        if (!guard.test(before)) bad.push(`${relative(root, file)}: ${m[0]} at ${text.slice(0, m.index).split('\n').length}`);
      }
    }
    expect(nested).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });
});
