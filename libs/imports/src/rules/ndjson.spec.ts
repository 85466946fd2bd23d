import { isNdjsonType, parseBundleLine, splitNdjson } from './ndjson';

const lines = (text: string | Buffer) => splitNdjson(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')).map((l) => [l.line, l.content.toString('utf8')]);

describe('splitNdjson', () => {
  it('numbers lines from 1, with or without a final line ending', () => {
    expect(lines('{"a":1}\n{"b":2}\n')).toEqual([[1, '{"a":1}'], [2, '{"b":2}']]);
    expect(lines('{"a":1}\n{"b":2}')).toEqual([[1, '{"a":1}'], [2, '{"b":2}']]);
  });

  it('takes CRLF line endings and drops a byte-order mark', () => {
    expect(lines(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n{"b":2}\r\n')]))).toEqual([[1, '{"a":1}'], [2, '{"b":2}']]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(lines('\n{"a":1}\n  \t\n\r\n{"b":2}\n\n')).toEqual([[2, '{"a":1}'], [5, '{"b":2}']]);
  });

  it('finds nothing in an empty or blank file', () => {
    expect(lines('')).toEqual([]);
    expect(lines('\n \n\r\n')).toEqual([]);
  });

  it('keeps a line as bytes, even when they are not UTF-8', () => {
    const [l] = splitNdjson(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]));
    expect(l.content).toEqual(Buffer.from([0x7b, 0xff, 0x7d]));
  });
});

describe('parseBundleLine', () => {
  it('reads a JSON object', () => {
    expect(parseBundleLine(Buffer.from('{"case":{"title":"x"}}'))).toEqual({ ok: true, value: { case: { title: 'x' } } });
  });

  it('says where the JSON breaks without quoting the line', () => {
    const out = parseBundleLine(Buffer.from('{"case": {"title": "Ann Smith" '));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toMatch(/^The line is not valid JSON/);
    expect(!out.ok && out.message).not.toMatch(/Ann Smith/);
  });

  it('refuses JSON that is not one object', () => {
    for (const text of ['[{"case":{}}]', '"case"', 'null', '42']) {
      const out = parseBundleLine(Buffer.from(text));
      expect(out.ok).toBe(false);
      expect(!out.ok && out.message).toMatch(/must be one JSON object/);
    }
  });

  it('refuses a line nested too deep, or naming a prototype key, as the API refuses such a body', () => {
    const deep = `{"case":{"location":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    const out = parseBundleLine(Buffer.from(deep));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.details?.[0].field).toMatch(/^case\.location\.a\.a/);
    const proto = parseBundleLine(Buffer.from('{"case":{"__proto__":{"x":1}}}'));
    expect(proto).toEqual({ ok: false, message: 'The line names a field that is not known', details: [{ field: 'case.__proto__', message: 'case.__proto__ is not a known field' }] });
  });

  it('takes a line of 1,000 incidents, more keys than one API body may have', () => {
    const incidents = Array.from({ length: 1000 }, (_v, i) => ({ occurredAt: '2026-01-01T00:00:00Z', description: 'x', victimExternalRefs: [{ system: 'L', value: `V${i}` }], externalRefs: [{ system: 'S', value: `I${i}` }] }));
    expect(parseBundleLine(Buffer.from(JSON.stringify({ case: {}, incidents }))).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(parseBundleLine(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, message: 'The line is not valid UTF-8' });
  });
});

describe('isNdjsonType', () => {
  it.each(['application/x-ndjson', 'Application/X-NDJSON', 'application/x-ndjson; charset=utf-8', 'application/x-ndjson;charset="UTF-8"'])('takes %s', (t) => {
    expect(isNdjsonType(t)).toBe(true);
  });

  it.each([undefined, '', 'application/json', 'text/plain', 'application/x-ndjson; charset=latin1', 'application/x-ndjsonx'])('refuses %s', (t) => {
    expect(isNdjsonType(t)).toBe(false);
  });
});
