import { availableParallelism, cpus, loadavg } from 'node:os'
import type { PasswordHasher } from '../../src/main/core/passwords/hasher'
import type { Settings } from '../../src/main/core/settings/load-settings'

/**
 * The benchmark's report: rows for the printed table and figures for bench/results/latest.json.
 * Sections of the benchmark (scripts/bench.ts, and any added later such as the legacy-hash
 * rows) take a `BenchReport` and add to it; nothing here measures.
 */
export interface Row {
  measurement: string
  samples: number | string
  p50: string
  p95: string
  note: string
}

/** What a section of the benchmark gets (a module may add one, e.g. legacy-hash cost rows). */
export interface BenchContext {
  report: BenchReport
  settings: Settings
  /** With the production parameters. */
  hasher: PasswordHasher
  quick: boolean
}

export type BenchSection = (context: BenchContext) => Promise<void>

export const ms = (value: number): string => `${value.toFixed(2)} ms`

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]
}

export const median = (values: readonly number[]): number => percentile(values, 0.5)

export async function timed<T>(run: () => Promise<T> | T): Promise<number> {
  const startedAt = performance.now()
  await run()
  return performance.now() - startedAt
}

/**
 * Times `first` and `second` back to back, in an order drawn at random, and returns their times in
 * the order given. argon2 runs on Node's thread pool, whose threads take the work in turn and may
 * sit on cores of different speed (a shared virtual machine): run in a fixed order, or one that
 * merely alternates, each side of a pair would keep landing on the same threads and carry their
 * speed as a bias (a verification paired with itself gave 0.076).
 */
export async function timedPair(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>
): Promise<[number, number]> {
  if (Math.random() < 0.5) return [await timed(first), await timed(second)]
  const secondTook = await timed(second)
  return [await timed(first), secondTook]
}

/**
 * What an attacker could time: the paired differences (second − first), each pair in an order
 * drawn at random (see timedPair) so drift, warm-up and the pool's threads fall on both sides alike.
 */
export async function pairedGap(
  pairs: number,
  first: (i: number) => Promise<unknown>,
  second: (i: number) => Promise<unknown>
): Promise<number[]> {
  const differences: number[] = []
  for (let i = 0; i < pairs; i++) {
    const [firstTook, secondTook] = await timedPair(
      () => first(i),
      () => second(i)
    )
    differences.push(secondTook - firstTook)
  }
  return differences
}

/** Rounded for the JSON: three decimals are already below what these machines can tell apart. */
const rounded = (value: number): number => Math.round(value * 1000) / 1000

export class BenchReport {
  readonly rows: Row[] = []
  readonly figures: Record<string, number | null> = {}

  /** A row of p50/p95 over `times` (milliseconds). */
  times(measurement: string, times: readonly number[], note = ''): { p50: number; p95: number } {
    const p50 = percentile(times, 0.5)
    const p95 = percentile(times, 0.95)
    this.rows.push({ measurement, samples: times.length, p50: ms(p50), p95: ms(p95), note })
    return { p50, p95 }
  }

  /** A row with one figure. */
  value(measurement: string, samples: number | string, shown: string, note = ''): void {
    this.rows.push({ measurement, samples, p50: shown, p95: '', note })
  }

  /** A key of latest.json; null = not measured in this run (e.g. 1,000,000 accounts under --quick). */
  figure(key: string, value: number | null): void {
    this.figures[key] = value === null ? null : rounded(value)
  }

  machine(): { cpu: string; cores: number; loadAverage: number[]; node: string; platform: string } {
    return {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      loadAverage: loadavg().map(rounded),
      node: process.version,
      platform: `${process.platform} ${process.arch}`
    }
  }

  print(parameters: string, loadAtStart: number[]): void {
    const headers: Row = { measurement: 'measurement', samples: 'n', p50: 'p50', p95: 'p95', note: 'note' }
    const keys = Object.keys(headers) as (keyof Row)[]
    const widths = keys.map((key) => Math.max(...[headers, ...this.rows].map((row) => String(row[key]).length)))
    const line = (row: Row): string =>
      keys
        .map((key, i) =>
          i === 0 || i === 4 ? String(row[key]).padEnd(widths[i]) : String(row[key]).padStart(widths[i])
        )
        .join('  ')
        .trimEnd()
    const { cpu, cores, loadAverage, node } = this.machine()
    console.log(`\nLocal Accounts benchmark — Node ${node}, ${cores} cores (${cpu})`)
    console.log(
      `argon2id ${parameters}; load average at the start ${loadAtStart.map((n) => n.toFixed(2)).join(' ')}, at the end ${loadAverage.map((n) => n.toFixed(2)).join(' ')}\n`
    )
    console.log(line(headers))
    console.log(widths.map((width) => '-'.repeat(width)).join('  '))
    for (const row of this.rows) console.log(line(row))
  }
}
