import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/**
 * `npm run <script> -- ARGS` as one real process (tsx as a loader), the way an administrator
 * runs it, without LOCAL_ACCOUNTS_DATA_DIR from the test's environment. `input`: its stdin.
 */
export function runScript(script: string, args: string[], input?: string): Promise<CliRun> {
  const env = { ...process.env }
  delete env.LOCAL_ACCOUNTS_DATA_DIR
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: ROOT, env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(input ?? '')
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })))
}

/** Seconds of tsx start-up per run, on a busy two-core machine. */
export const CLI_TEST = { timeout: 120_000 }
