import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The layers, top to bottom (docs/architecture.md): a file may import from its own layer and those below it.
// Entry points (app, components, the worker, scripts, benches, tests) sit above them all. A new folder under lib/
// joins the layer its imports allow; lib/*.ts files are shared by all and import only lib/domain.
const LAYERS = [
  { name: 'actions and queries', dirs: ['actions', 'queries', 'exports', 'reports'] },
  { name: 'operations, recovery and incidents', dirs: ['ops', 'recovery', 'incidents'] },
  {
    name: 'data, sources and executors',
    dirs: [
      'db',
      'sources',
      'executors',
      'channels',
      'notifications',
      'auth',
      'audit',
      'settings',
      'pricing',
      'clusters',
      'api',
    ],
  },
];
const ENTRY_POINTS = ['app/**', 'components/**', 'proxy.{ts,js}', 'lib/worker/**'];
const within = (dirs) => dirs.map((dir) => `lib/${dir}/**`);

const layerZones = LAYERS.map((layer, i) => ({
  target: within(layer.dirs),
  from: [...ENTRY_POINTS, ...LAYERS.slice(0, i).flatMap((above) => within(above.dirs))],
  message: `${layer.name} may import only from their own layer and those below (app -> actions/queries -> ops/recovery/incidents -> db/sources/executors -> domain).`,
}));

const allAbove = [...ENTRY_POINTS, ...LAYERS.flatMap((layer) => within(layer.dirs))];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    '.next/**',
    'lib/generated/**',
    '.data/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    'next-env.d.ts',
  ]),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            {
              // The settings, errors and URL parameters every layer shares: they import only the domain.
              target: ['lib/*.ts'],
              from: allAbove,
              message: 'lib/*.ts is shared by every layer: it imports only lib/domain and its neighbours in lib/.',
            },
            {
              target: ['lib/domain/**'],
              from: ['lib/!(domain)/**', 'lib/*.ts', 'app/**', 'components/**'],
              message: 'lib/domain is pure: it imports nothing of ours but lib/domain.',
            },
            {
              target: ['components/**'],
              from: ['lib/db/**', 'lib/generated/**'],
              message: 'A component never reads the database: a page fetches with lib/queries and passes the data.',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'next/link',
              importNames: ['default'],
              message:
                "Use IntentLink from '@/components/ui/IntentLink': it prefetches a page when the user reaches for its link, not on every load.",
            },
          ],
        },
      ],
    },
  },
  { files: ['components/ui/IntentLink.tsx'], rules: { 'no-restricted-imports': 'off' } },
]);
