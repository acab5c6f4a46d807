// `npm run docs:config`: writes docs/configuration.md's table of environment variables from the schema
// (lib/env.ts) and its descriptions (lib/env-docs.ts). tests/unit/configuration-docs.test.ts checks the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { configurationRows, replaceConfigurationTable } from '../lib/env-docs';

const path = new URL('../docs/configuration.md', import.meta.url);
const written = replaceConfigurationTable(readFileSync(path, 'utf8'), configurationRows());
writeFileSync(path, await format(written, { parser: 'markdown', filepath: path.pathname }));
console.log('docs/configuration.md: table written');
