import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Attribute, Change, Client } from 'ldapts'

/**
 * A real OpenLDAP server (Debian's slapd) on a loopback port, with a small directory: people
 * under ou=people, a service account that may search, and an admins group (groupOfNames).
 */
export const SLAPD = '/usr/sbin/slapd'
export const SLAPADD = '/usr/sbin/slapadd'
export const BASE = 'dc=example,dc=org'
export const PEOPLE = `ou=people,${BASE}`
export const ADMINS_GROUP = `cn=admins,ou=groups,${BASE}`
export const READER = { dn: `cn=reader,${BASE}`, password: 'reader-secret-41' }
const ROOT = { dn: `cn=admin,${BASE}`, password: 'root-secret-77' }

export interface DirectoryPerson {
  uid: string
  password: string
  mail?: string
  admin?: boolean
}

export const PEOPLE_FIXTURE: DirectoryPerson[] = [
  { uid: 'dora', password: 'Directory-dora-5-pass', mail: 'dora@example.org', admin: true },
  { uid: 'dan', password: 'Directory-dan-8-pass', mail: 'dan@example.org' },
  { uid: 'erin', password: 'Directory-erin-3-pass' }
]

export const personDn = (uid: string): string => `uid=${uid},${PEOPLE}`

/** Why the directory tests cannot run here, or null when they can. */
export function slapdMissing(): string | null {
  return existsSync(SLAPD) && existsSync(SLAPADD)
    ? null
    : `OpenLDAP's slapd is not installed (${SLAPD}); .ci/run installs it with apt-get install slapd`
}

/** A salted SHA-1 userPassword value, as slappasswd writes it. */
function ssha(password: string): string {
  const salt = randomBytes(8)
  const digest = createHash('sha1').update(password).update(salt).digest()
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`
}

function ldif(people: DirectoryPerson[]): string {
  const entries = [
    `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example`,
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${BASE}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ${READER.dn}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: ${ssha(READER.password)}`,
    ...people.map(
      (p) =>
        `dn: ${personDn(p.uid)}\nobjectClass: inetOrgPerson\nuid: ${p.uid}\ncn: ${p.uid}\nsn: ${p.uid}\n` +
        (p.mail ? `mail: ${p.mail}\n` : '') +
        `userPassword: ${ssha(p.password)}`
    ),
    // groupOfNames needs at least one member: the reader stands in when no person is an admin.
    `dn: ${ADMINS_GROUP}\nobjectClass: groupOfNames\ncn: admins\nmember: ${READER.dn}\n` +
      people
        .filter((p) => p.admin)
        .map((p) => `member: ${personDn(p.uid)}`)
        .join('\n')
  ]
  return entries.join('\n\n') + '\n'
}

function config(folder: string): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${join(folder, 'slapd.pid')}
database mdb
maxsize 10485760
suffix "${BASE}"
rootdn "${ROOT.dn}"
rootpw ${ROOT.password}
directory ${join(folder, 'db')}
access to attrs=userPassword by self read by anonymous auth by * none
access to * by users read by * none
`
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`slapd did not listen on port ${port}`)
}

export class Slapd {
  private process: ChildProcess | null = null

  private constructor(
    readonly folder: string,
    readonly port: number
  ) {}

  get url(): string {
    return `ldap://127.0.0.1:${this.port}`
  }

  /** A fresh directory in a temp folder, loaded with `people`, listening on a free loopback port. */
  static async start(people: DirectoryPerson[] = PEOPLE_FIXTURE): Promise<Slapd> {
    const folder = mkdtempSync(join(tmpdir(), 'local-accounts-slapd-'))
    mkdirSync(join(folder, 'db'))
    writeFileSync(join(folder, 'slapd.conf'), config(folder))
    writeFileSync(join(folder, 'data.ldif'), ldif(people))
    const load = spawnSync(SLAPADD, ['-f', join(folder, 'slapd.conf'), '-l', join(folder, 'data.ldif')], {
      encoding: 'utf8'
    })
    if (load.status !== 0) throw new Error(`slapadd failed: ${load.stderr}`)
    const slapd = new Slapd(folder, await freePort())
    await slapd.resume()
    return slapd
  }

  /** Starts the server (again) on the same port and data. */
  async resume(): Promise<void> {
    if (this.process && this.process.exitCode === null) return
    // -d 0: stay in the foreground as this test's own child, so it dies with the test.
    this.process = spawn(SLAPD, ['-h', `${this.url}/`, '-f', join(this.folder, 'slapd.conf'), '-d', '0'], {
      stdio: 'ignore'
    })
    await waitForPort(this.port, 10_000)
  }

  /** Stops the server, keeping its data, as a directory that went down. */
  async pause(): Promise<void> {
    const child = this.process
    this.process = null
    if (!child || child.exitCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  }

  async stop(): Promise<void> {
    await this.pause()
    rmSync(this.folder, { recursive: true, force: true })
  }

  /** Adds or removes a person from the admins group, as the directory's own administrator would. */
  async setAdmin(uid: string, admin: boolean): Promise<void> {
    const client = new Client({ url: this.url })
    try {
      await client.bind(ROOT.dn, ROOT.password)
      await client.modify(
        ADMINS_GROUP,
        new Change({
          operation: admin ? 'add' : 'delete',
          modification: new Attribute({ type: 'member', values: [personDn(uid)] })
        })
      )
    } finally {
      await client.unbind()
    }
  }

  /** The `directory` settings section for this server. */
  settings(overrides: Record<string, unknown> = {}) {
    return {
      url: this.url,
      bindDn: READER.dn,
      bindPasswordEnv: 'LOCAL_ACCOUNTS_LDAP_PASSWORD',
      userSearchBase: PEOPLE,
      userFilter: '(uid={username})',
      emailAttribute: 'mail',
      adminGroupDn: ADMINS_GROUP,
      timeoutInSeconds: 2,
      ...overrides
    }
  }
}

/** The environment that carries the service account's password. */
export const directoryEnv = (): NodeJS.ProcessEnv => ({ LOCAL_ACCOUNTS_LDAP_PASSWORD: READER.password })
