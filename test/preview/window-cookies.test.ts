import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageBin } from '../../scripts/lib/bin'
import { startPreviewServer, type PreviewServer } from '../../src/main/preview/server'
import { makeTestCore, type TestCore } from '../helpers/core'

const root = resolve(__dirname, '../..')
const rendererDir = join(root, 'out/renderer')

let core: TestCore
let server: PreviewServer
let otherLaunch: PreviewServer

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    spawnSync(process.execPath, [packageBin('electron-vite'), 'build'], { cwd: root, stdio: 'inherit' })
  }
  core = makeTestCore()
  server = await startPreviewServer({ router: core.router, rendererDir, port: 0 })
  otherLaunch = await startPreviewServer({ router: core.router, rendererDir, port: 0 })
})

afterAll(async () => {
  await server.close()
  await otherLaunch.close()
  core.dispose()
})

/** The `name=value` of the window cookie a page load hands out. */
async function issuedCookie(pageUrl: string): Promise<string> {
  const page = await fetch(pageUrl)
  return (page.headers.get('set-cookie') ?? '').split(';')[0]
}

const apiStatus = async (pageUrl: string, cookie: string): Promise<number> =>
  (
    await fetch(`${pageUrl}api/getSession`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: '{}'
    })
  ).status

async function eventsStatus(pageUrl: string, cookie: string): Promise<number> {
  const controller = new AbortController()
  const response = await fetch(`${pageUrl}events`, { headers: { Cookie: cookie }, signal: controller.signal })
  controller.abort()
  return response.status
}

describe('preview window cookies', () => {
  it('a made-up window cookie in the right format opens neither the API nor the event stream', async () => {
    const madeUp = `la_window_app=${'A'.repeat(24)}`
    expect(await apiStatus(server.appUrl, madeUp)).toBe(400)
    expect(await eventsStatus(server.appUrl, madeUp)).toBe(400)
    const madeUpMail = `la_window_mail=${'b'.repeat(24)}`
    expect(await apiStatus(server.mailLogUrl, madeUpMail)).toBe(400)
  })

  it('a cookie another launch issued is refused; one this launch issued works', async () => {
    const foreign = await issuedCookie(otherLaunch.appUrl)
    expect(await apiStatus(otherLaunch.appUrl, foreign)).toBe(200)
    expect(await apiStatus(server.appUrl, foreign)).toBe(400)
    expect(await eventsStatus(server.appUrl, foreign)).toBe(400)
    const own = await issuedCookie(server.appUrl)
    expect(await apiStatus(server.appUrl, own)).toBe(200)
    expect(await eventsStatus(server.appUrl, own)).toBe(200)
  })

  it('a page load with a made-up cookie is handed a real window instead', async () => {
    const page = await fetch(server.appUrl, { headers: { Cookie: `la_window_app=${'C'.repeat(24)}` } })
    const handedOut = (page.headers.get('set-cookie') ?? '').split(';')[0]
    expect(handedOut).toMatch(/^la_window_app=[A-Za-z0-9_-]{24}$/)
    expect(await apiStatus(server.appUrl, handedOut)).toBe(200)
  })
})
