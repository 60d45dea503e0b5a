import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')

describe('the bcrypt worker thread', () => {
  it('answers, and does not keep its process from ending', { timeout: 120_000 }, () => {
    // A process that checked a bcrypt hash and has nothing left to do must exit by itself (the
    // benchmark used to hang after its Django rows). The timeout only stops a hung child.
    const script = `
      const bcrypt = require('bcryptjs')
      const { compareInWorker } = require('./src/main/core/passwords/bcrypt-worker.ts')
      const hash = bcrypt.hashSync('right', 4)
      Promise.all([compareInWorker('right', hash), compareInWorker('wrong', hash)]).then((answers) =>
        console.log(answers.join(' '))
      )`
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000
    })
    expect({ signal: child.signal, status: child.status, stderr: child.stderr }).toEqual({
      signal: null,
      status: 0,
      stderr: ''
    })
    expect(child.stdout.trim()).toBe('true false')
  })
})
