import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  loadWindowState,
  placeOnScreen,
  saveWindowState,
  WINDOW_STATE_FILE,
  type Rect
} from '../../src/main/desktop/window-state'

const MIN = { width: 420, height: 480 }
const laptop: Rect = { x: 0, y: 0, width: 1440, height: 860 }
const rightMonitor: Rect = { x: 1440, y: 0, width: 1920, height: 1050 }

describe('placing a remembered window on screen', () => {
  it('puts a window back exactly where it was when that place is still on screen', () => {
    const saved = { x: 1700, y: 100, width: 900, height: 700 }
    expect(placeOnScreen(saved, [laptop, rightMonitor], MIN)).toEqual(saved)
  })

  it('brings a window from a monitor that went away back, centred, onto the primary display', () => {
    const saved = { x: 1700, y: 100, width: 900, height: 700 }
    expect(placeOnScreen(saved, [laptop], MIN)).toEqual({ x: 270, y: 80, width: 900, height: 700 })
  })

  it('pulls a window half off the edge fully inside, and shrinks one bigger than the screen', () => {
    expect(placeOnScreen({ x: 1000, y: -50, width: 900, height: 700 }, [laptop], MIN)).toEqual({
      x: 540,
      y: 0,
      width: 900,
      height: 700
    })
    expect(placeOnScreen({ x: 10, y: 10, width: 3000, height: 2000 }, [laptop], MIN)).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 860
    })
  })

  it('keeps it on the display it overlaps most', () => {
    const straddling = { x: 1200, y: 100, width: 900, height: 600 }
    expect(placeOnScreen(straddling, [laptop, rightMonitor], MIN).x).toBe(1440)
  })

  it('whatever was saved and whatever displays there are, the window ends fully on one of them', () => {
    const rect = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 1, max: 6000 }),
      height: fc.integer({ min: 1, max: 6000 })
    })
    const area = fc.record({
      x: fc.integer({ min: -4000, max: 4000 }),
      y: fc.integer({ min: -4000, max: 4000 }),
      width: fc.integer({ min: 640, max: 4000 }),
      height: fc.integer({ min: 480, max: 3000 })
    })
    fc.assert(
      fc.property(rect, fc.array(area, { minLength: 1, maxLength: 4 }), (saved, areas) => {
        const placed = placeOnScreen(saved, areas, MIN)
        const inside = areas.some(
          (a) =>
            placed.x >= a.x &&
            placed.y >= a.y &&
            placed.x + placed.width <= a.x + a.width &&
            placed.y + placed.height <= a.y + a.height
        )
        expect(inside).toBe(true)
      })
    )
  })
})

describe('the window-state file', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trips through the data folder, private to its owner', () => {
    dir = mkdtempSync(join(tmpdir(), 'local-accounts-window-'))
    expect(loadWindowState(dir)).toBeNull()
    const state = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true }
    saveWindowState(dir, state)
    expect(loadWindowState(dir)).toEqual(state)
    expect(statSync(join(dir, WINDOW_STATE_FILE)).mode & 0o077).toBe(0)
  })

  it('ignores a damaged or hand-edited file instead of failing to start', () => {
    dir = mkdtempSync(join(tmpdir(), 'local-accounts-window-'))
    for (const text of [
      '{',
      'null',
      '{"bounds":{"x":0,"y":0,"width":-5,"height":10},"maximized":false}',
      '{"bounds":{"x":"0"}}'
    ]) {
      writeFileSync(join(dir, WINDOW_STATE_FILE), text)
      expect(loadWindowState(dir), text).toBeNull()
    }
    expect(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')).toContain('bounds')
  })
})
