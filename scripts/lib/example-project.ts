import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ExampleRun {
  /** This package's folder, which the example installs by path. */
  root: string
  /** Where Playwright's JSON report goes (counted in the closing line). */
  reportFile: string
}

/** npm as the one running us would call it (npm_execpath under `npm test`), else npm on PATH. */
function npm(args: string[], cwd: string): number {
  const npmCli = process.env.npm_execpath
  const [command, fullArgs] = npmCli ? [process.execPath, [npmCli, ...args]] : ['npm', args]
  return spawnSync(command, fullArgs, { cwd, stdio: 'inherit' }).status ?? 1
}

/**
 * examples/playwright run as a tester's own project would be: copied to a folder outside this
 * repository, installing this package by path and @playwright/test (from npm's cache when
 * offline: the same version this project uses), then its specs against the browser target.
 * Returns Playwright's exit status; an install that fails leaves no report, which counts as a failure.
 */
export function runExampleProject({ root, reportFile }: ExampleRun): number {
  const project = mkdtempSync(join(tmpdir(), 'local-accounts-example-'))
  try {
    cpSync(join(root, 'examples', 'playwright'), project, {
      recursive: true,
      filter: (source) => !/[\\/](node_modules|test-results)$/.test(source)
    })
    const manifestFile = join(project, 'package.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { devDependencies: Record<string, string> }
    manifest.devDependencies['local-accounts'] = `file:${root}`
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2))
    if (npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], project) !== 0) return 1
    const run = spawnSync(
      process.execPath,
      [join(project, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--reporter=list,json'],
      {
        cwd: project,
        stdio: 'inherit',
        env: { ...process.env, LOCAL_ACCOUNTS_TARGET: 'browser', PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile }
      }
    )
    return run.status ?? 1
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}
