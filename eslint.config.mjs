// @ts-check
import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layers, as import rules (docs/architecture.md): the renderer never imports main; core and
 * db never import ipc, the hosts or electron; shared imports nothing of ours but shared; a
 * feature folder does not import another feature.
 */
const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] }
})

const FEATURES = ['admin', 'auth', 'mail-log', 'reset', 'settings', 'two-factor']
const featureBoundaries = FEATURES.map((feature) =>
  layer(
    [`src/renderer/src/features/${feature}/**`],
    FEATURES.filter((other) => other !== feature).flatMap((other) => [
      `**/features/${other}/**`,
      `../${other}/**`,
      `../../${other}/**`
    ]),
    `features/${feature} must not import another feature: move what they share to components/, hooks/ or lib/.`
  )
)

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'native/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/artifacts/**',
      'bench/results/**',
      // A tester's own project with its own dependencies (npm test runs it from a copy).
      'examples/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Handlers are typed as possibly async; a sync body is fine.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }]
    }
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    ...jsxA11y.flatConfigs.recommended,
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    languageOptions: {
      ...jsxA11y.flatConfigs.recommended.languageOptions,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser }
    },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // A scrolling region must take focus so keyboard users can scroll it (axe's scrollable-region-focusable).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['region'] }]
    }
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests take methods off fakes and fixtures (\`const { openWindow } = await start()\`).
      '@typescript-eslint/unbound-method': 'off',
      // Tests read loosely typed JSON (reports, API answers) on purpose.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  },
  layer(
    ['src/renderer/**'],
    ['**/main/**', 'electron', 'node:*'],
    'The renderer reaches main only through window.api.'
  ),
  layer(
    ['src/preload/**'],
    ['**/main/**', '**/renderer/**'],
    'The preload exposes the contract; it imports only shared and electron.'
  ),
  layer(
    ['src/shared/**'],
    ['**/main/**', '**/renderer/**', '**/preload/**', 'electron'],
    'shared is imported by every layer and imports none.'
  ),
  layer(
    ['src/main/core/**', 'src/main/db/**'],
    ['**/ipc/**', '../ipc', '**/preview/**', '**/desktop/**', '**/index', 'electron'],
    'core and db know nothing of IPC, the hosts or Electron.'
  ),
  layer(['src/main/db/**'], ['**/core/**', '../core'], 'db holds SQL and knows nothing of the services above it.'),
  layer(
    ['src/main/ipc/**'],
    ['**/preview/**', '**/desktop/**', 'electron'],
    'The router is shared by both hosts and imports neither.'
  ),
  ...featureBoundaries
)
