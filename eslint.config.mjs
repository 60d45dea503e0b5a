// @ts-check
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layers, as import rules (docs/architecture.md): the renderer never imports main; core and
 * db never import ipc, the hosts or electron; db never imports core; shared imports nothing of
 * ours but shared; a renderer feature folder does not import another feature.
 *
 * Each ban names the folder it guards. A later `no-restricted-imports` entry in a flat config
 * replaces an earlier one for the same file, so a folder must carry every ban of the folders
 * around it: `layerRules` gives each folder one rule holding all of them, ordered from the
 * outermost folder in, so the innermost (and fullest) rule is the one that applies.
 */
const RENDERER_FEATURES = 'src/renderer/src/features'
const FEATURES = readdirSync(new URL(RENDERER_FEATURES, import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

/** @type {{ folder: string, group: string[], message: string }[]} */
export const LAYER_BANS = [
  {
    folder: 'src/renderer',
    group: ['**/main/**', 'electron', 'node:*'],
    message: 'The renderer reaches main only through window.api.'
  },
  {
    folder: 'src/preload',
    group: ['**/main/**', '**/renderer/**'],
    message: 'The preload exposes the contract; it imports only shared and electron.'
  },
  {
    folder: 'src/shared',
    group: ['**/main/**', '**/renderer/**', '**/preload/**', 'electron'],
    message: 'shared is imported by every layer and imports none.'
  },
  ...['src/main/core', 'src/main/db'].map((folder) => ({
    folder,
    group: [
      '**/ipc',
      '**/ipc/**',
      '**/preview',
      '**/preview/**',
      '**/desktop',
      '**/desktop/**',
      '**/index',
      'electron'
    ],
    message: 'core and db know nothing of IPC, the hosts or Electron.'
  })),
  {
    folder: 'src/main/db',
    group: ['**/core', '**/core/**'],
    message: 'db holds SQL and knows nothing of the services above it.'
  },
  {
    folder: 'src/main/ipc',
    group: ['**/preview/**', '**/desktop/**', 'electron'],
    message: 'The router is shared by both hosts and imports neither.'
  },
  {
    folder: 'src/main/preview',
    group: ['electron'],
    message: 'The browser preview runs where Electron cannot: it never imports electron.'
  },
  ...FEATURES.map((feature) => ({
    folder: `${RENDERER_FEATURES}/${feature}`,
    group: FEATURES.filter((other) => other !== feature).flatMap((other) => [
      `**/features/${other}`,
      `**/features/${other}/**`,
      `../${other}`,
      `../${other}/**`,
      `../../${other}/**`
    ]),
    message: `features/${feature} must not import another feature: move what they share to components/, hooks/ or lib/.`
  }))
]

/** One `no-restricted-imports` rule per guarded folder, with the bans of every folder around it. */
function layerRules() {
  const folders = [...new Set(LAYER_BANS.map((ban) => ban.folder))].sort(
    (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b)
  )
  return folders.map((folder) => ({
    files: [`${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: LAYER_BANS.filter((ban) => folder === ban.folder || folder.startsWith(`${ban.folder}/`)).map(
            ({ group, message }) => ({ group, message })
          )
        }
      ]
    }
  }))
}

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
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['region'] }],
      // A screen or hook over 80 lines is doing several jobs: give each its own component.
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }]
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
  {
    // A function past 80 lines does more than one job: split it (docs/architecture.md).
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] }
  },
  ...layerRules()
)
