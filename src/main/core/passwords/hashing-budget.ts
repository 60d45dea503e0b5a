import { randomBytes } from 'node:crypto'
import argon2 from 'argon2'
import type { HashingParameters } from './hasher'
import { HASHING_TIME_LIMIT_MS } from '../../../shared/limits'

export { HASHING_TIME_LIMIT_MS } from '../../../shared/limits'

/** The largest memory a probe hashes with; bigger values are scaled from it. */
const PROBE_MEMORY_IN_KIB = 64 * 1024

export interface HashingMeasurement {
  milliseconds: number
  /** Over `HASHING_TIME_LIMIT_MS`: refused on save. */
  tooSlow: boolean
}

async function timeOneHash(parameters: HashingParameters): Promise<number> {
  const started = performance.now()
  await argon2.hash(randomBytes(16).toString('hex'), {
    type: argon2.argon2id,
    memoryCost: parameters.memoryCostInKiB,
    timeCost: parameters.timeCost,
    parallelism: parameters.parallelism
  })
  return performance.now() - started
}

/**
 * How long one hash takes with `parameters` here. Values that would take minutes are never run
 * whole: a probe with one pass and at most 64 MiB is timed first and scaled (argon2's work grows
 * with memory × passes), and only values the probe puts within twice the limit are then hashed
 * for real.
 */
export async function measureWithinBudget(
  parameters: HashingParameters,
  limitInMs = HASHING_TIME_LIMIT_MS
): Promise<HashingMeasurement> {
  const probeMemory = Math.min(parameters.memoryCostInKiB, PROBE_MEMORY_IN_KIB)
  const probe = { ...parameters, memoryCostInKiB: probeMemory, timeCost: 1 }
  const probed = await timeOneHash(probe)
  const isWhole = probeMemory === parameters.memoryCostInKiB && parameters.timeCost === 1
  const estimate = (probed * parameters.memoryCostInKiB * parameters.timeCost) / probeMemory
  const milliseconds = isWhole || estimate > 2 * limitInMs ? estimate : await timeOneHash(parameters)
  return { milliseconds: Math.round(milliseconds), tooSlow: milliseconds > limitInMs }
}
