import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** WCAG 2.1 A and AA, plus axe's best practices (one main landmark, heading order, a page-level heading…). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

/** The app follows the system's light or dark setting: contrast must hold in both. */
const SCHEMES = ['light', 'dark'] as const

/**
 * Runs axe over what `page` shows now, in the light and the dark scheme, and fails on any violation,
 * naming the rule and the elements, so a screen that loses a label, its <h1> or its contrast is
 * caught by the run that shows it.
 */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  const found: string[] = []
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze()
    for (const rule of results.violations) {
      const targets = rule.nodes.map((node) => node.target.join(' ')).join('\n    ')
      found.push(`${colorScheme}: ${rule.id} (${rule.impact ?? 'n/a'}): ${rule.help}\n    ${targets}`)
    }
  }
  // Back to the default, so the screenshot that follows looks as the scenario left it.
  await page.emulateMedia({ colorScheme: 'light' })
  // Soft: the scenario goes on, so one run lists the violations of every screen it reaches.
  expect.soft(found, `axe violations on "${screenName}"`).toEqual([])
  console.log(
    `[a11y] ${screenName}: ${found.length === 0 ? 'checked (light and dark), no axe violations' : `${found.length} axe violation(s)`}`
  )
}
