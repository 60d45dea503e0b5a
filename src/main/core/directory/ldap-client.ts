import { readFileSync } from 'node:fs'
import { Client, InvalidCredentialsError, type ClientOptions } from 'ldapts'

/** The `directory` section of the settings (see product.md); absent means no directory. */
export interface DirectorySettings {
  url: string
  startTls: boolean
  caFile: string | null
  bindDn: string | null
  bindPasswordEnv: string
  userSearchBase: string
  userFilter: string
  emailAttribute: string
  adminGroupDn: string | null
  timeoutInSeconds: number
}

export interface DirectoryEntry {
  dn: string
  email: string | null
  isAdmin: boolean
}

/**
 * What the directory said about a name and password. `rejected` covers an unknown name and a
 * wrong password alike, so nothing above this module can tell them apart.
 */
export type DirectoryOutcome =
  { status: 'ok'; entry: DirectoryEntry } | { status: 'rejected' } | { status: 'unreachable'; reason: string }

/** The directory cannot answer: down, a refused certificate, a timeout, a refused service bind. */
class Unreachable extends Error {}

/**
 * RFC 4515 escaping of a value placed inside a search filter, so a typed name such as `*` or
 * `a)(uid=*` matches only itself and never widens the search.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** The configured user filter with the typed name in place of `{username}`, escaped. */
export function userFilterFor(template: string, username: string): string {
  return template.split('{username}').join(escapeFilterValue(username))
}

function firstValue(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value
  if (first === undefined || first === null) return null
  if (Buffer.isBuffer(first)) return first.toString('utf8')
  return typeof first === 'string' ? first : JSON.stringify(first)
}

/**
 * Signs people in against an LDAP / Active Directory server: find the entry with the service
 * account, then bind as that entry with the typed password, then read group membership. Nothing
 * is cached: every login asks the directory, so a person the directory refuses is refused here.
 */
export class Directory {
  constructor(
    private readonly settings: DirectorySettings,
    private readonly env: NodeJS.ProcessEnv = process.env
  ) {}

  async authenticate(username: string, password: string): Promise<DirectoryOutcome> {
    // An empty password is an "unauthenticated bind", which LDAP servers answer with success.
    if (username === '' || password === '') return { status: 'rejected' }
    try {
      return await this.withClient(async (client) => {
        const dn = await this.findUser(client, username)
        // Bind even when nobody was found, so an unknown name costs what a wrong password costs.
        const bound = await this.tryBind(client, dn ?? this.placeholderDn(), password)
        if (!dn || !bound) return { status: 'rejected' }
        await this.bindService(client)
        const entry = await this.readEntry(client, dn)
        return { status: 'ok', entry }
      })
    } catch (error) {
      return { status: 'unreachable', reason: describe(error) }
    }
  }

  /** For `npm run directory-check`: each step's result, in order, stopping at the first failure. */
  async check(username: string | null): Promise<{ step: string; ok: boolean; detail: string }[]> {
    const steps: { step: string; ok: boolean; detail: string }[] = []
    try {
      await this.withClient(async (client) => {
        steps.push({
          step: 'connect',
          ok: true,
          detail: this.settings.url + (this.settings.startTls ? ' (StartTLS)' : '')
        })
        await this.bindService(client)
        steps.push({ step: 'service bind', ok: true, detail: this.settings.bindDn ?? 'anonymous' })
        if (username) {
          const dn = await this.findUser(client, username)
          steps.push({ step: `find ${username}`, ok: dn !== null, detail: dn ?? 'no entry matches the user filter' })
          if (dn) {
            const entry = await this.readEntry(client, dn)
            steps.push({
              step: `read ${username}`,
              ok: true,
              detail: `${this.settings.emailAttribute}: ${entry.email ?? '(none)'}; administrator: ${entry.isAdmin ? 'yes' : 'no'}`
            })
          }
        }
        if (this.settings.adminGroupDn) {
          const members = await this.groupMembers(client)
          steps.push({
            step: 'admin group',
            ok: true,
            detail: `${members.length} member(s)${members.length ? ': ' + members.join('; ') : ''}`
          })
        }
      })
    } catch (error) {
      steps.push({ step: steps.length === 0 ? 'connect' : 'directory', ok: false, detail: describe(error) })
    }
    return steps
  }

  private async withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const timeoutInMs = this.settings.timeoutInSeconds * 1000
    const tlsOptions = this.settings.caFile ? { ca: [readFileSync(this.settings.caFile)] } : undefined
    const options: ClientOptions = {
      url: this.settings.url,
      timeout: timeoutInMs,
      connectTimeout: timeoutInMs,
      tlsOptions
    }
    const client = new Client(options)
    try {
      if (this.settings.startTls) await client.startTLS(tlsOptions ?? {})
      await this.bindService(client)
      return await work(client)
    } finally {
      await client.unbind().catch(() => undefined)
    }
  }

  private async bindService(client: Client): Promise<void> {
    if (!this.settings.bindDn) return
    const password = this.env[this.settings.bindPasswordEnv] ?? ''
    try {
      await client.bind(this.settings.bindDn, password)
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        throw new Unreachable(
          `the service account ${this.settings.bindDn} was refused (check ${this.settings.bindPasswordEnv})`
        )
      }
      throw error
    }
  }

  /** The DN of the one entry the user filter matches, or null (none, or more than one). */
  private async findUser(client: Client, username: string): Promise<string | null> {
    const { searchEntries } = await client.search(this.settings.userSearchBase, {
      scope: 'sub',
      filter: userFilterFor(this.settings.userFilter, username),
      attributes: ['dn'],
      sizeLimit: 2
    })
    return searchEntries.length === 1 ? searchEntries[0].dn : null
  }

  private async tryBind(client: Client, dn: string, password: string): Promise<boolean> {
    try {
      await client.bind(dn, password)
      return true
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false
      throw error
    }
  }

  private placeholderDn(): string {
    return `cn=nobody-${Math.random().toString(36).slice(2)},${this.settings.userSearchBase}`
  }

  private async readEntry(client: Client, dn: string): Promise<DirectoryEntry> {
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [this.settings.emailAttribute] })
    const email = searchEntries.length ? firstValue(searchEntries[0][this.settings.emailAttribute]) : null
    return { dn, email, isAdmin: await this.isAdmin(client, dn) }
  }

  private async isAdmin(client: Client, dn: string): Promise<boolean> {
    if (!this.settings.adminGroupDn) return false
    const { searchEntries } = await client.search(this.settings.adminGroupDn, {
      scope: 'base',
      filter: `(member=${escapeFilterValue(dn)})`,
      attributes: ['dn']
    })
    return searchEntries.length > 0
  }

  private async groupMembers(client: Client): Promise<string[]> {
    const { searchEntries } = await client.search(this.settings.adminGroupDn as string, {
      scope: 'base',
      attributes: ['member']
    })
    const member = searchEntries[0]?.member
    const list = Array.isArray(member) ? member : member === undefined ? [] : [member]
    return list.map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)))
  }
}

function describe(error: unknown): string {
  if (error instanceof Unreachable) return error.message
  const code = (error as { code?: unknown })?.code
  const message = error instanceof Error ? error.message : String(error)
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message
}
