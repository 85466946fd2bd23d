import { csvCell, toCsv } from './csv';

describe('csvCell (formula injection, OWASP)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 116 000', "'+44 116 000"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['-', "'-"],
    ['-1e3', "'-1e3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers and plain negative numbers as they are', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell('-42')).toBe('-42');
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell(0)).toBe('0');
  });

  it('leaves ordinary text, dates and lists alone, neutralising a list that starts like a formula', () => {
    expect(csvCell('Jane Doe')).toBe('Jane Doe');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell(['-2+3', 'x'])).toBe("'-2+3;x");
    expect(csvCell(null)).toBe('');
  });

  it('applies to every cell of toCsv, headers included', () => {
    expect(toCsv(['name', '-h'], [{ name: '-2+3', '-h': 1 }])).toBe("name,'-h\r\n'-2+3,1\r\n");
  });
});
