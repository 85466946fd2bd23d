import { Rng } from './rng';

describe('the demo random stream', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return [r.uint32(), r.next(), r.int(1, 6), r.uuid()];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws version 4 UUIDs, all different', () => {
    const r = new Rng(3);
    const ids = Array.from({ length: 5000 }, () => r.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps to its ranges and weights', () => {
    const r = new Rng(4);
    const ints = Array.from({ length: 10_000 }, () => r.int(1, 6));
    expect(Math.min(...ints)).toBe(1);
    expect(Math.max(...ints)).toBe(6);
    const picks = Array.from({ length: 10_000 }, () => r.weighted({ a: 3, b: 1 }));
    const a = picks.filter((p) => p === 'a').length / picks.length;
    expect(a).toBeGreaterThan(0.72);
    expect(a).toBeLessThan(0.78);
  });
});
