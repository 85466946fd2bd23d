import { externalRefKey } from '@asb/core/external-refs/external-ref';
import { matchByRefs, refText } from './ref-match';

const A = { system: 'LEGACY', value: 'C1' };
const B = { system: 'STORM', value: '2026-77' };
const held = (...pairs: [{ system: string; value: string }, string][]) => new Map(pairs.map(([r, id]) => [externalRefKey(r), id]));

describe('matchByRefs', () => {
  it('is a new record when no reference is held', () => {
    expect(matchByRefs([A, B], held())).toEqual({ kind: 'new' });
  });

  it('is the record holding them when every held reference names it, with the references it lacks', () => {
    expect(matchByRefs([A, B], held([A, 'case-1']))).toEqual({ kind: 'existing', id: 'case-1', missing: [B] });
    expect(matchByRefs([A, B], held([A, 'case-1'], [B, 'case-1']))).toEqual({ kind: 'existing', id: 'case-1', missing: [] });
  });

  it('is ambiguous when the references name different records', () => {
    expect(matchByRefs([A, B], held([A, 'case-1'], [B, 'case-2']))).toEqual({
      kind: 'ambiguous',
      holders: [
        { ref: A, id: 'case-1' },
        { ref: B, id: 'case-2' },
      ],
    });
  });

  it('counts a reference given twice once', () => {
    expect(matchByRefs([A, A, B], held([A, 'case-1']))).toEqual({ kind: 'existing', id: 'case-1', missing: [B] });
  });
});

describe('refText', () => {
  it('writes SYSTEM:VALUE', () => {
    expect(refText(B)).toBe('STORM:2026-77');
  });
});
