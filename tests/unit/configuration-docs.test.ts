// docs/configuration.md's table lists every variable lib/env.ts reads, with its default, and nothing else.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationRows, readConfigurationTable, replaceConfigurationTable } from '@/lib/env-docs';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

describe('docs/configuration.md', () => {
  it('has the table the schema writes: every variable, its default and what it does (npm run docs:config)', () => {
    expect(readConfigurationTable(doc)).toEqual(configurationRows());
  });

  it('reads back the rows it writes, a pipe in a cell included', () => {
    const rows = [{ variable: '`A`', fallback: '`x|y`', about: 'one | two' }];
    expect(readConfigurationTable(replaceConfigurationTable('# Configuration\n', rows))).toEqual(rows);
  });
});
