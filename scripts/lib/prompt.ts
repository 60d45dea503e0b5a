import { createInterface, type Interface } from 'node:readline'
import { Writable } from 'node:stream'

/** Thrown by `ask` when the input ends (Ctrl-D, or a pipe that ran out of answers). */
export class InputEnded extends Error {
  constructor() {
    super('input ended')
  }
}

/**
 * Line prompts on a terminal or a pipe. Answers are taken from one queue of lines, so piped
 * answers that arrive before their question are not lost. Hidden answers are not echoed: on a
 * terminal readline's own echo goes to a muted stream (the terminal is in raw mode, so nothing
 * else echoes); a pipe never echoes.
 */
export class Prompter {
  private readonly lines: string[] = []
  private waiting: ((line: string | null) => void) | null = null
  private ended = false
  private muted = false
  private readonly readline: Interface
  private readonly terminal: boolean

  constructor(
    input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stdout,
    onCancel: () => void = () => process.exit(1)
  ) {
    this.terminal = input.isTTY === true
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!this.muted) this.output.write(chunk)
        done()
      }
    })
    this.readline = createInterface({ input, output: echo, terminal: this.terminal })
    this.readline.on('line', (line) => this.deliver(line))
    this.readline.on('close', () => {
      this.ended = true
      this.deliver(null)
    })
    this.readline.on('SIGINT', () => {
      this.output.write('\nOperation cancelled.\n')
      onCancel()
    })
  }

  async ask(question: string, { hidden = false } = {}): Promise<string> {
    this.readline.setPrompt(question)
    this.readline.prompt()
    this.muted = hidden
    const line = await this.next()
    this.muted = false
    // The Enter of a hidden answer was swallowed with the rest.
    if (hidden && this.terminal) this.output.write('\n')
    if (line === null) throw new InputEnded()
    return line
  }

  close(): void {
    this.readline.close()
  }

  private next(): Promise<string | null> {
    const queued = this.lines.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.ended) return Promise.resolve(null)
    return new Promise((resolve) => {
      this.waiting = resolve
    })
  }

  private deliver(line: string | null): void {
    const waiting = this.waiting
    if (waiting) {
      this.waiting = null
      waiting(line)
    } else if (line !== null) {
      this.lines.push(line)
    }
  }
}
