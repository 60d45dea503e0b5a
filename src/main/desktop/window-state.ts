import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rect
  maximized: boolean
}

/** Per data folder, so two folders (two people's test setups, say) each keep their own. */
export const WINDOW_STATE_FILE = 'window-state.json'

const size = z.number().int().min(1).max(100_000)
const position = z.number().int().min(-100_000).max(100_000)
const stateSchema = z.object({
  bounds: z.object({ x: position, y: position, width: size, height: size }),
  maximized: z.boolean()
})

/** The saved state, or null when there is none or it is damaged (the app then uses its defaults). */
export function loadWindowState(dataDir: string): WindowState | null {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  const file = join(dataDir, WINDOW_STATE_FILE)
  // Write then rename: a crash mid-write leaves the old file, never half a one.
  writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}

const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))

/**
 * Where to put a window saved at `saved`, given the work areas of the displays there are now
 * (primary first): on the display it overlaps most, or centred on the primary one when its
 * display has gone; shrunk to fit and moved fully inside, so no part is off-screen.
 */
export function placeOnScreen(
  saved: Rect,
  workAreas: readonly Rect[],
  minimum: { width: number; height: number }
): Rect {
  if (workAreas.length === 0) return saved
  const best = workAreas.reduce((a, b) => (overlap(saved, b) > overlap(saved, a) ? b : a))
  const area = overlap(saved, best) > 0 ? best : workAreas[0]
  const width = Math.min(Math.max(saved.width, minimum.width), area.width)
  const height = Math.min(Math.max(saved.height, minimum.height), area.height)
  const onArea = overlap(saved, area) > 0
  const x = onArea ? saved.x : area.x + Math.round((area.width - width) / 2)
  const y = onArea ? saved.y : area.y + Math.round((area.height - height) / 2)
  return {
    x: Math.min(Math.max(x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(y, area.y), area.y + area.height - height),
    width,
    height
  }
}
