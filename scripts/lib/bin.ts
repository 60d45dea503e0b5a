import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The project folder (scripts/lib/..). */
export const projectRoot = resolve(__dirname, '../..')

/**
 * The JavaScript file behind one of the project's own command-line tools, run as
 * `process.execPath <file>`. Never npx: run from outside the project (or without a terminal),
 * npx cannot see node_modules/.bin and offers to download packages instead.
 */
export function packageBin(packageName: string, command: string = packageName, root: string = projectRoot): string {
  const packageDir = join(root, 'node_modules', packageName)
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>
  }
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[command]
  if (!bin) throw new Error(`${packageName} has no command ${command}; run npm install`)
  return join(packageDir, bin)
}
