import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { packageBin } from './lib/bin'

/**
 * Builds the testers' kit (`local-accounts/testing`) into out/testing: one CommonJS file, since
 * Playwright does not compile TypeScript inside node_modules, and its type declarations.
 * The tester's @playwright/test and this package's dependencies stay outside the bundle.
 */
const root = resolve(__dirname, '..')
const outDir = join(root, 'out', 'testing')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  peerDependencies?: Record<string, string>
}

const INDEX_DECLARATIONS = `import type { expect as playwrightExpect } from '@playwright/test'
import type { KitTest, Person } from './api'
export type * from './api'
export declare const test: KitTest
export declare const expect: typeof playwrightExpect
export declare const ADMIN: Readonly<Person>
`

async function main(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true })
  await build({
    entryPoints: [join(root, 'src/testing/index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: [
      'electron',
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies ?? {}),
      '@playwright/test'
    ]
  })
  const tsc = spawnSync(
    process.execPath,
    [packageBin('typescript', 'tsc'), '-p', join(root, 'src/testing/tsconfig.json')],
    { cwd: root, stdio: 'inherit' }
  )
  if (tsc.status !== 0) throw new Error('tsc could not write the kit’s type declarations')
  // The public types are api.ts; the values are declared here, as src/testing/index.ts exports them.
  writeFileSync(join(outDir, 'index.d.ts'), INDEX_DECLARATIONS)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
