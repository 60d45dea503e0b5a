import type { ElectronApplication, Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { WINDOW_READY_LINE } from '../main/desktop/window-ready'
import { KIT_HOOK_KEY, KIT_SECRET_ENV, type KitHook } from '../main/testing/kit-hook'
import { findElectronBinary, fuseRefusal } from './electron-binary'
import type { KitHost } from './kit-host'
import { packageRoot } from './package-root'
import { playwrightTest } from './playwright'

const START_TIMEOUT_MS = 60_000
const pageFile = { app: 'index.html', 'mail-log': 'mail-log.html' } as const
type Kind = keyof typeof pageFile

/** Counts the app's "window ready" lines per kind, and lets one wait for the next. */
function readyLines(electronApp: ElectronApplication) {
  const seen: Record<Kind, number> = { app: 0, 'mail-log': 0 }
  const waiting: { kind: Kind; count: number; resolve(): void }[] = []
  let output = ''
  const child = electronApp.process()
  child.stdout?.on('data', (data: Buffer) => {
    output += data.toString('utf8')
    const lines = output.split('\n')
    output = lines.pop() ?? ''
    for (const line of lines) {
      const kind = (Object.keys(pageFile) as Kind[]).find((k) => line.trim() === `${WINDOW_READY_LINE} (${k})`)
      if (kind) seen[kind]++
    }
    for (const wait of waiting.splice(0)) {
      if (seen[wait.kind] >= wait.count) wait.resolve()
      else waiting.push(wait)
    }
  })
  return {
    /** Resolves when `count` windows of `kind` have said they are ready. */
    until(kind: Kind, count: number): Promise<void> {
      if (seen[kind] >= count) return Promise.resolve()
      return new Promise((resolve, reject) => {
        waiting.push({ kind, count, resolve })
        child.once('exit', (code) => reject(new Error(`The app exited (status ${code}) before its window was ready.`)))
      })
    }
  }
}

/** The newest window showing `kind`'s page that the test has not been given yet. */
function newWindow(electronApp: ElectronApplication, kind: Kind, given: Set<Page>): Page {
  const page = electronApp
    .windows()
    .filter((window) => !given.has(window) && new URL(window.url()).pathname.endsWith(`/${pageFile[kind]}`))
    .at(-1)
  if (!page) throw new Error(`The app said a ${kind} window was ready, but Playwright sees none.`)
  given.add(page)
  return page
}

/** An Electron executable and what it needs before `--data-dir` (the built main bundle, or nothing when packaged). */
export interface ElectronLaunch {
  executablePath: string
  appArgs: string[]
}

/**
 * Where the Electron target runs from: LOCAL_ACCOUNTS_APP (a packaged build's executable) if set,
 * else the built app in this package under its Electron binary; or why it cannot run here.
 */
export function electronLaunch(env: NodeJS.ProcessEnv = process.env): ElectronLaunch | { missing: string } {
  const packaged = env.LOCAL_ACCOUNTS_APP
  if (packaged) {
    if (!existsSync(packaged)) return { missing: `LOCAL_ACCOUNTS_APP is set but ${packaged} does not exist` }
    const refusal = fuseRefusal(packaged)
    return refusal ? { missing: refusal } : { executablePath: packaged, appArgs: [] }
  }
  const binary = findElectronBinary(env)
  if ('missing' in binary) return binary
  const refusal = fuseRefusal(binary.path)
  if (refusal) return { missing: refusal }
  return { executablePath: binary.path, appArgs: [join(packageRoot, 'out/main/index.js')] }
}

/**
 * The Electron target: the built app on `dataDir` with a per-launch kit secret, driven by
 * Playwright; windows are handed out once the app has said they are ready (window-ready.ts).
 */
export async function launchElectronTarget(
  launch: ElectronLaunch,
  dataDir: string,
  env: Record<string, string>
): Promise<KitHost> {
  const secret = randomBytes(32).toString('base64url')
  const electronApp = await playwrightTest._electron.launch({
    executablePath: launch.executablePath,
    args: [...launch.appArgs, '--data-dir', dataDir],
    env: { ...(process.env as Record<string, string>), ...env, [KIT_SECRET_ENV]: secret },
    timeout: START_TIMEOUT_MS
  })
  const ready = readyLines(electronApp)
  const given = new Set<Page>()
  const counts: Record<Kind, number> = { app: 1, 'mail-log': 0 }
  // The line is the signal; the first window's load is a fallback in case it came out before
  // anything listened (Playwright reads the app's output from its start).
  await Promise.race([
    ready.until('app', 1),
    electronApp.firstWindow().then((page) => page.waitForFunction(() => document.visibilityState === 'visible'))
  ])
  const open = async (kind: Kind, menuItem: string): Promise<Page> => {
    const count = ++counts[kind]
    await electronApp.evaluate(({ Menu }, id) => {
      Menu.getApplicationMenu()?.getMenuItemById(id)?.click()
    }, menuItem)
    await ready.until(kind, count)
    return newWindow(electronApp, kind, given)
  }
  return {
    app: {
      page: newWindow(electronApp, 'app', given),
      openWindow: () => open('app', 'new-window'),
      mailLog: () => open('mail-log', 'open-mail-log'),
      dataDir,
      target: 'electron'
    },
    request: (request) =>
      electronApp.evaluate(
        (_electron, [key, given, body]) => {
          const hook = (globalThis as Record<symbol, unknown>)[Symbol.for(key)] as KitHook | undefined
          if (!hook) throw new Error('This app has no kit hook: it was not started by the kit, or it is packaged.')
          return hook(given, body)
        },
        [KIT_HOOK_KEY.description as string, secret, request] as const
      ),
    close: () => electronApp.close()
  }
}
