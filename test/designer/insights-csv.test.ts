import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../designer/src/insights/csv.js';

describe('the Insights CSV export', () => {
  it('quotes cells holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Orders, returns')).toBe('"Orders, returns"');
    expect(csvCell('The "big" sync')).toBe('"The ""big"" sync"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('carriage\r\nreturn')).toBe('"carriage\r\nreturn"');
  });

  it('writes numbers as they are and a missing value as an empty cell', () => {
    expect(csvCell(0.975)).toBe('0.975');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('keeps a spreadsheet from running a name as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@sum')).toBe("'@sum");
  });

  it('writes a header and a row per record, each line ended by CRLF', () => {
    expect(toCsv(['workflow', 'runs'], [['Order sync, EU', 12], ['Refunds', 3]])).toBe('workflow,runs\r\n"Order sync, EU",12\r\nRefunds,3\r\n');
  });
});
