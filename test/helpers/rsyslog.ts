import { spawn, type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export const RSYSLOGD = '/usr/sbin/rsyslogd'

/** A port free on loopback right now (TCP and UDP both), for a receiver to listen on. */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer()
    const port = await new Promise<number>((done) =>
      server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port))
    )
    await new Promise((done) => server.close(done))
    const udp = createSocket('udp4')
    const free = await new Promise<boolean>((done) => {
      udp.once('error', () => done(false))
      udp.bind(port, '127.0.0.1', () => done(true))
    })
    await new Promise<void>((done) => (free ? udp.close(() => done()) : done()))
    if (free) return port
  }
}

export interface Rsyslog {
  udpPort: number
  tcpPort: number
  /** Every line rsyslogd wrote so far, each re-rendered as RFC 5424. */
  lines(): string[]
  /** Polls until `until` holds for the lines (fails after `withinMilliseconds`). */
  waitFor(until: (lines: string[]) => boolean, withinMilliseconds?: number): Promise<string[]>
  stop(): Promise<void>
}

/**
 * A real rsyslogd of its own, in the foreground (-n), on loopback UDP and TCP ports, with its
 * config, pid file and work folder in `dir`, writing what it receives to `dir/received.log`.
 */
export async function startRsyslog(dir: string, ports: { udp?: number; tcp?: number } = {}): Promise<Rsyslog> {
  const udpPort = ports.udp ?? (await freePort())
  const tcpPort = ports.tcp ?? (await freePort())
  const out = join(dir, 'received.log')
  const config = join(dir, 'rsyslog.conf')
  writeFileSync(
    config,
    `global(workDirectory="${dir}")
module(load="imudp")
module(load="imtcp")
input(type="imudp" address="127.0.0.1" port="${udpPort}")
input(type="imtcp" address="127.0.0.1" port="${tcpPort}")
template(name="rfc5424" type="string" string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%\\n")
*.* action(type="omfile" file="${out}" template="rfc5424")
`
  )
  const child: ChildProcess = spawn(RSYSLOGD, ['-n', '-f', config, '-i', join(dir, 'rsyslogd.pid')], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = (): string[] => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [])
  const waitFor = async (until: (lines: string[]) => boolean, withinMilliseconds = 15_000): Promise<string[]> => {
    const deadline = Date.now() + withinMilliseconds
    while (Date.now() < deadline) {
      if (until(lines())) return lines()
      if (child.exitCode !== null) throw new Error(`rsyslogd exited (${child.exitCode}): ${stderr}`)
      await new Promise((done) => setTimeout(done, 100))
    }
    throw new Error(`rsyslogd did not write what was expected; it wrote:\n${lines().join('\n')}\n${stderr}`)
  }
  // Ready once its TCP input accepts a connection.
  await waitForPort(tcpPort, child, () => stderr)
  return {
    udpPort,
    tcpPort,
    lines,
    waitFor,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
    }
  }
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const { connect } = await import('node:net')
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rsyslogd exited (${child.exitCode}): ${stderr()}`)
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy()
        done(true)
      })
      socket.once('error', () => done(false))
    })
    if (open) return
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error(`rsyslogd did not listen on ${port}: ${stderr()}`)
}
