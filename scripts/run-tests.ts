import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { packageBin } from './lib/bin'

/**
 * `npm test`: type check, build, unit + integration (vitest), end-to-end (Playwright), then one
 * closing line that adds them up. Stops at the first step that fails to run at all.
 */
const root = resolve(__dirname, '..')
// Not under test-results/: Playwright empties that folder when it starts.
const resultsDir = join(root, 'test', 'artifacts', 'summary')
const vitestJson = join(resultsDir, 'vitest.json')
const playwrightJson = join(resultsDir, 'playwright.json')
const exampleJson = join(resultsDir, 'example.json')
const exampleLog = join(resultsDir, 'example.log')

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  console.log(`\n=== ${title} ===`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

interface Counts {
  passed: number
  failed: number
  skipped: number
}

interface VitestReport {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  testResults?: {
    name: string
    message?: string
    assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[]
  }[]
}

/** The counts, and a line for each failure: the summary is the part of a long CI log people read. */
function vitestCounts(): Counts & { failures: string[] } {
  if (!existsSync(vitestJson)) return { passed: 0, failed: 1, skipped: 0, failures: ['vitest wrote no report'] }
  const report = JSON.parse(readFileSync(vitestJson, 'utf8')) as VitestReport
  const failures: string[] = []
  for (const file of report.testResults ?? []) {
    const where = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed')
    for (const test of failed) failures.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`)
    if (failed.length === 0 && file.message) failures.push(`${where}: ${firstLine(file.message)}`)
  }
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    failures
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0].slice(0, 300)
}

function playwrightCounts(file: string): Counts & { skipReasons: string[] } {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, skipReasons: [] }
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    suites?: { specs?: unknown[]; suites?: unknown[] }[]
    stats: { expected: number; flaky: number; unexpected: number; skipped: number }
  }
  const skipReasons = new Set<string>()
  const walk = (suite: { specs?: unknown[]; suites?: unknown[] }): void => {
    for (const spec of (suite.specs ?? []) as {
      tests: { annotations: { type: string; description?: string }[] }[]
    }[]) {
      for (const test of spec.tests) {
        for (const note of test.annotations)
          if (note.type === 'skip' && note.description) skipReasons.add(note.description)
      }
    }
    for (const child of (suite.suites ?? []) as never[]) walk(child)
  }
  for (const suite of report.suites ?? []) walk(suite)
  const stats = report.stats
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
    skipReasons: [...skipReasons]
  }
}

rmSync(resultsDir, { recursive: true, force: true })
mkdirSync(resultsDir, { recursive: true })

// The project's own tools by path, under this same Node (see lib/bin.ts for why not npx).
const node = process.execPath
if (run('Type check', node, [packageBin('typescript', 'tsc'), '--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1)
if (run('Build', node, [packageBin('electron-vite'), 'build']) !== 0) process.exit(1)
if (run('Build the testers’ kit', node, [packageBin('tsx'), 'scripts/build-testing.ts']) !== 0) process.exit(1)
// Its exit status counts too: the run fails after every test passed if one left a process behind.
const vitestStatus = run('Unit and integration tests (vitest)', node, [
  packageBin('vitest'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestJson}`
])
// The example tester's project runs beside this project's own end-to-end tests: both wait on their
// apps and browsers more than they compute. Its output is shown after, under its own heading.
const example = startExample()
run(
  'End-to-end tests (Playwright)',
  node,
  [packageBin('@playwright/test', 'playwright'), 'test', '--reporter=list,json'],
  {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson
  }
)

console.log('\n=== The example tester’s project (examples/playwright, outside this repository) ===')
void finishExample(example).then(summarise)

function startExample(): ChildProcess {
  const log = openSync(exampleLog, 'w')
  const child = spawn(node, [packageBin('tsx'), 'scripts/run-example.ts', '--report', exampleJson], {
    cwd: root,
    stdio: ['ignore', log, log]
  })
  closeSync(log)
  return child
}

async function finishExample(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) await new Promise((done) => child.once('exit', done))
  process.stdout.write(readFileSync(exampleLog, 'utf8'))
}

function summarise(): void {
  const unit = vitestCounts()
  const e2e = playwrightCounts(playwrightJson)
  const example = playwrightCounts(exampleJson)
  const total = {
    passed: unit.passed + e2e.passed + example.passed,
    failed: unit.failed + e2e.failed + example.failed,
    skipped: unit.skipped + e2e.skipped + example.skipped
  }
  console.log('\n=== Summary ===')
  console.log(`unit + integration: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`)
  for (const failure of unit.failures) console.log(`  failed: ${failure}`)
  console.log(`end-to-end:         ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`)
  for (const reason of e2e.skipReasons) console.log(`  skipped because: ${reason}`)
  console.log(`example project:    ${example.passed} passed, ${example.failed} failed, ${example.skipped} skipped`)
  console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
  if (vitestStatus !== 0 && unit.failed === 0) console.log('vitest failed after its tests (see above)')
  process.exit(total.failed === 0 && total.passed > 0 && vitestStatus === 0 ? 0 : 1)
}
