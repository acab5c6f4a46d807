import { describe, expect, it } from 'vitest';
import { decimals, toCsv } from '@/lib/exports/csv';

describe('CSV exports', () => {
  it('writes a header and rows, quoting what needs it', () => {
    const csv = toCsv(
      [
        { header: 'job', value: (row: { name: string; spend: number }) => row.name },
        { header: 'spend_USD', value: (row) => row.spend },
      ],
      [
        { name: 'eval, "quick"', spend: 12.5 },
        { name: 'train', spend: -0 },
      ],
    );
    expect(csv).toBe('job,spend_USD\n"eval, ""quick""",12.5\ntrain,0\n');
  });

  it('keeps a spreadsheet from running a name as a formula, and numbers as numbers', () => {
    const csv = toCsv(
      [
        { header: 'name', value: (row: { name: string; amount: number }) => row.name },
        { header: 'amount', value: (row) => row.amount },
      ],
      [{ name: '=HYPERLINK("http://x")', amount: -3.5 }],
    );
    expect(csv).toBe('name,amount\n"\'=HYPERLINK(""http://x"")",-3.5\n');
  });

  it('rounds float noise away', () => {
    expect(decimals(0.1 + 0.2, 4)).toBe(0.3);
    expect(decimals(null, 2)).toBeNull();
  });
});
