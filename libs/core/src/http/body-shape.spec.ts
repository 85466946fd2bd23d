import { BODY_SHAPE_LIMITS, checkBodyShape } from './body-shape';

function nested(depth: number, key = 'a'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { [key]: v };
  return v;
}

describe('checkBodyShape', () => {
  it('takes ordinary bodies, scalars and empty containers', () => {
    expect(checkBodyShape({ kind: 'person', address: { line1: 'x', postcode: 'LE11 3QF' }, externalRefs: [{ system: 'S', value: '1' }] })).toBeNull();
    expect(checkBodyShape(null)).toBeNull();
    expect(checkBodyShape('text')).toBeNull();
    expect(checkBodyShape({})).toBeNull();
    expect(checkBodyShape([])).toBeNull();
  });

  it(`takes nesting up to ${BODY_SHAPE_LIMITS.maxDepth} levels and refuses one more, naming where`, () => {
    expect(checkBodyShape(nested(BODY_SHAPE_LIMITS.maxDepth))).toBeNull();
    const problem = checkBodyShape(nested(BODY_SHAPE_LIMITS.maxDepth + 1));
    expect(problem?.kind).toBe('depth');
    expect(problem?.detail.field).toBe(Array(BODY_SHAPE_LIMITS.maxDepth).fill('a').join('.'));
  });

  it('refuses a body nested 100,000 levels deep without running out of stack', () => {
    expect(checkBodyShape({ zz: nested(100_000) })?.kind).toBe('depth');
    let arrays: unknown = [];
    for (let i = 0; i < 100_000; i++) arrays = [arrays];
    expect(checkBodyShape(arrays)?.kind).toBe('depth');
  });

  it('counts keys and elements over the whole body', () => {
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_v, i) => [`k${i}`, Array(99).fill(0)]));
    expect(checkBodyShape(wide)).toBeNull(); // 100 + 100 x 99 = 10,000
    wide.k0.push(0);
    expect(checkBodyShape(wide)?.kind).toBe('size');
    expect(checkBodyShape(Array(10_001).fill(null))?.kind).toBe('size');
    expect(checkBodyShape({ a: 1, b: 2, c: 3 }, { maxDepth: 5, maxNodes: 2 })?.kind).toBe('size');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere, as an unknown field with its path', (key) => {
    const top = checkBodyShape(JSON.parse(`{"kind":"person","${key}":{"polluted":true}}`));
    expect(top).toEqual({ kind: 'key', detail: { field: key, message: `${key} is not a known field` } });
    const deep = checkBodyShape(JSON.parse(`{"people":[{"person":{"address":{"${key}":1}}}]}`));
    expect(deep?.detail.field).toBe(`people.0.person.address.${key}`);
  });

  it('refuses text that cannot be stored: a NUL character or a lone surrogate, in a value or a key', () => {
    expect(checkBodyShape({ a: ['ok', 'a\u0000b'] })).toEqual({ kind: 'text', detail: expect.objectContaining({ field: 'a.1' }) });
    expect(checkBodyShape(JSON.parse('{"email":"\\ud800@x.org"}'))?.detail.field).toBe('email');
    expect(checkBodyShape(JSON.parse('{"a":{"\\udc00":1}}'))?.kind).toBe('key');
    expect(checkBodyShape({ name: 'Zoë 😀 \u202e' })).toBeNull();
  });

  it('takes those words as values', () => {
    expect(checkBodyShape({ name: '__proto__', notes: ['constructor', 'prototype'] })).toBeNull();
  });
});
