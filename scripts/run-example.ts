import { resolve } from 'node:path'
import { runExampleProject } from './lib/example-project'

/**
 * The example tester's project on its own: `tsx scripts/run-example.ts --report FILE`. `npm test`
 * starts it beside its own end-to-end run (both wait on browsers more than they compute).
 */
const reportIndex = process.argv.indexOf('--report')
const reportFile = reportIndex > 0 ? process.argv[reportIndex + 1] : undefined
if (!reportFile) {
  console.error('Usage: tsx scripts/run-example.ts --report FILE')
  process.exit(2)
}
process.exit(runExampleProject({ root: resolve(__dirname, '..'), reportFile }))
