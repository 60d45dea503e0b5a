import { APP_NAME } from '@shared/product'

/** The file `Download codes` saves: plain text, one code a line, saying whose they are and what they do. */
export function recoveryCodesText(codes: readonly string[], username: string | null, madeAt: Date): string {
  return [
    `${APP_NAME} recovery codes${username ? ` for ${username}` : ''}`,
    `Made ${madeAt.toISOString().slice(0, 10)}. Each code logs you in once instead of an authentication code.`,
    'Keep them somewhere safe; new codes replace all of these.',
    '',
    ...codes,
    ''
  ].join('\n')
}

export const RECOVERY_CODES_FILE_NAME = 'local-accounts-recovery-codes.txt'

/** Saves `text` as a download, the browser's (or Electron's) own way: no file access from the page. */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // After the click has handed the file over; revoking at once can cancel it in some browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
