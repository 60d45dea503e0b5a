/**
 * Ends this process with `code` once the host has closed its database. When a hash is still
 * being computed off the main thread (`busy`), Node's own exit would wait for it: at exit libuv
 * joins its thread pool, and argon2 cannot be interrupted, so a crafted hash could keep the
 * process (and its data folder) for minutes. Then the process ends itself with SIGKILL, which
 * nothing waits for; the database is already closed, so nothing is lost.
 */
export function exitNow(code: number, busy: boolean): void {
  if (!busy) {
    process.exit(code)
    return
  }
  process.kill(process.pid, 'SIGKILL')
}
