import axe from 'axe-core'
import { expect, type Page } from '@playwright/test'

/** WCAG 2.1 A and AA, plus axe's best practices (one main landmark, heading order, a page-level heading…). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

/** The app follows the system's light or dark setting: contrast must hold in both. */
const SCHEMES = ['light', 'dark'] as const

/** Shows `page` in the light or the dark scheme, once its colours have eased into it (CSS transitions). */
export async function showScheme(page: Page, colorScheme: (typeof SCHEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme })
  // A transition the page replaces midway is cancelled (its promise rejects): wait for its successor.
  await page.evaluate(async () => {
    for (let pass = 0; pass < 5 && document.getAnimations().length > 0; pass++) {
      await Promise.allSettled(document.getAnimations().map((animation) => animation.finished))
    }
  })
}

/**
 * Runs axe over what `page` shows now, in the light and the dark scheme, and fails on any violation,
 * naming the rule and the elements, so a screen that loses a label, its <h1> or its contrast is
 * caught by the run that shows it.
 */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  const found: string[] = []
  // axe's 500 kB script goes into the page once, not once per check (the slowest step of a check).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source)
  for (const colorScheme of SCHEMES) {
    await showScheme(page, colorScheme)
    const results = await page.evaluate(
      (values) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values } }),
      TAGS
    )
    for (const rule of results.violations) {
      const targets = rule.nodes.map((node) => node.target.join(' ')).join('\n    ')
      found.push(`${colorScheme}: ${rule.id} (${rule.impact ?? 'n/a'}): ${rule.help}\n    ${targets}`)
    }
  }
  // Back to the default, so the screenshot that follows looks as the scenario left it.
  await showScheme(page, 'light')
  // Soft: the scenario goes on, so one run lists the violations of every screen it reaches.
  expect.soft(found, `axe violations on "${screenName}"`).toEqual([])
  console.log(
    `[a11y] ${screenName}: ${found.length === 0 ? 'checked (light and dark), no axe violations' : `${found.length} axe violation(s)`}`
  )
}
