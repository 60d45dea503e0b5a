import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import { connect as tcpConnect, type Socket } from 'node:net'
import { hostname } from 'node:os'
import { connect as tlsConnect } from 'node:tls'
import type { AuditEntry } from './audit-log'

export interface SyslogSettings {
  url: string
  appName: string
  caFile: string | null
  queueSize: number
}

/** Where the sender says an outage started or ended (the audit trail, once each). */
export type OutageListener = (state: 'down' | 'up', reason: string) => void

// authpriv (10): audit events are security messages; informational, or notice for a failure.
const FACILITY = 10
const SEVERITY = { success: 6, failure: 5 } as const
/** The enterprise number RFC 5612 reserves for examples and private use in documentation. */
const SD_ID = 'audit@32473'
const RETRY_MILLISECONDS = { first: 500, most: 30_000 }

/** A structured-data value: `"`, `\` and `]` escaped (RFC 5424 §6.3.3). */
const sdValue = (value: string): string => value.replace(/["\\\]]/g, (char) => `\\${char}`)

/** An RFC 5424 header field: printable ASCII, `-` when empty. */
const headerField = (value: string, most: number): string => value.replace(/[^!-~]/g, '').slice(0, most) || '-'

/**
 * One audit event as an RFC 5424 message. The structured data carries kind, outcome, actor and
 * subject; the message text is the event's detail, which never holds a password, code or token.
 */
export function syslogMessage(entry: AuditEntry, at: number, appName: string, host = hostname()): string {
  const params = [
    ['kind', entry.kind],
    ['outcome', entry.outcome],
    ['actor', entry.actor?.username ?? ''],
    ['subject', entry.subject?.username ?? '']
  ]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}="${sdValue(value)}"`)
  const pri = FACILITY * 8 + SEVERITY[entry.outcome]
  const header = [
    `<${pri}>1`,
    new Date(at).toISOString(),
    headerField(host, 255),
    headerField(appName, 48),
    String(process.pid),
    headerField(entry.kind, 32)
  ].join(' ')
  return `${header} [${SD_ID} ${params.join(' ')}]${entry.detail ? ` ${entry.detail}` : ''}`
}

interface Connection {
  send(message: string): Promise<void>
  close(): void
}

/**
 * Sends every audit event to a syslog receiver without ever making the caller wait: events go
 * into a bounded queue (the oldest dropped when it is full, and counted) and one loop sends them,
 * reconnecting with growing pauses. An outage is told once when it starts and once when it ends.
 */
export class SyslogSender {
  private readonly queue: string[] = []
  private dropped = 0
  private connection: Connection | null = null
  private sending = false
  private down = false
  private closed = false
  private retryIn = RETRY_MILLISECONDS.first
  private retryTimer: NodeJS.Timeout | null = null
  private readonly target: URL

  constructor(
    private readonly settings: SyslogSettings,
    private readonly onOutage: OutageListener
  ) {
    this.target = new URL(settings.url)
  }

  /** Queues the event and returns at once. */
  enqueue(entry: AuditEntry, at: number): void {
    if (this.closed) return
    if (this.queue.length >= this.settings.queueSize) {
      this.queue.shift()
      this.dropped++
    }
    this.queue.push(syslogMessage(entry, at, this.settings.appName))
    if (!this.retryTimer) void this.pump()
  }

  /** Resolves once the queue is empty (tests, and a clean stop). */
  async flushed(withinMilliseconds = 5000): Promise<boolean> {
    const deadline = Date.now() + withinMilliseconds
    while ((this.queue.length > 0 || this.sending) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20))
    }
    return this.queue.length === 0
  }

  close(): void {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.connection?.close()
    this.connection = null
  }

  private async pump(): Promise<void> {
    if (this.sending) return
    this.sending = true
    try {
      while (this.queue.length > 0 && !this.closed) {
        this.connection ??= await this.connect()
        await this.connection.send(this.queue[0])
        this.queue.shift()
        this.recovered()
      }
    } catch (error) {
      this.connection?.close()
      this.connection = null
      this.failed(error instanceof Error ? error.message : String(error))
    } finally {
      this.sending = false
    }
  }

  private recovered(): void {
    this.retryIn = RETRY_MILLISECONDS.first
    if (!this.down) return
    this.down = false
    const lost = this.dropped ? `; ${this.dropped} events were dropped while it was down` : ''
    this.dropped = 0
    this.onOutage('up', `${this.target.protocol}//${this.target.host} reachable again${lost}`)
  }

  private failed(reason: string): void {
    if (!this.down) {
      this.down = true
      this.onOutage('down', `${this.target.protocol}//${this.target.host}: ${reason}`)
    }
    if (this.closed) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.pump()
    }, this.retryIn)
    this.retryTimer.unref()
    this.retryIn = Math.min(this.retryIn * 2, RETRY_MILLISECONDS.most)
  }

  private connect(): Promise<Connection> {
    const host = this.target.hostname
    const port = Number(this.target.port)
    if (this.target.protocol === 'udp:') return Promise.resolve(udpConnection(host, port))
    return streamConnection(() =>
      this.target.protocol === 'tls:'
        ? tlsConnect({
            host,
            port,
            servername: host,
            ...(this.settings.caFile ? { ca: readFileSync(this.settings.caFile) } : {})
          })
        : tcpConnect({ host, port })
    )
  }
}

/** One datagram per message (RFC 5426); a connected socket hears of a closed port. */
function udpConnection(host: string, port: number): Connection {
  const socket: UdpSocket = createSocket(host.includes(':') ? 'udp6' : 'udp4')
  socket.unref()
  let error: Error | null = null
  socket.on('error', (e) => (error = e))
  const ready = new Promise<void>((done, fail) => {
    socket.connect(port, host, () => done())
    socket.once('error', fail)
  })
  return {
    async send(message) {
      await ready
      if (error) throw error
      await new Promise<void>((done, fail) => socket.send(message, (e) => (e ? fail(e) : done())))
    },
    close: () => socket.close()
  }
}

/** TCP or TLS with octet-counted framing (RFC 6587 §3.4.1): `LENGTH SP MESSAGE`. */
function streamConnection(open: () => Socket): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = open()
    socket.unref()
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')))
    let broken: Error | null = null
    socket.on('error', (error) => (broken = error))
    socket.on('close', () => (broken ??= new Error('connection closed')))
    socket.once(socket.constructor.name === 'TLSSocket' ? 'secureConnect' : 'connect', () =>
      resolve({
        send: (message) =>
          new Promise<void>((done, fail) => {
            if (broken) return fail(broken)
            const bytes = Buffer.from(message, 'utf8')
            socket.write(`${bytes.length} ${message}`, (error) => (error ? fail(error) : done()))
          }),
        close: () => socket.destroy()
      })
    )
    socket.once('error', reject)
  })
}
