import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** WCAG 2.1 A and AA, plus axe's best practices (one main landmark, heading order, a page-level heading…). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

/**
 * Runs axe over what `page` shows now and fails on any violation, naming the rule and the elements,
 * so a screen that loses a label, its <h1> or its contrast is caught by the run that shows it.
 */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  const found = results.violations.map(
    (rule) => `${rule.id} (${rule.impact ?? 'n/a'}): ${rule.help}\n    ${rule.nodes.map((node) => node.target.join(' ')).join('\n    ')}`
  )
  // Soft: the scenario goes on, so one run lists the violations of every screen it reaches.
  expect.soft(found, `axe violations on "${screenName}"`).toEqual([])
  console.log(`[a11y] ${screenName}: ${found.length === 0 ? 'checked, no axe violations' : `${found.length} axe violation(s)`}`)
}
