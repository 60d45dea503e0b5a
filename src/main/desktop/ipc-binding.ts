import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { CHANNEL_NAMES, ipcChannel } from '../../shared/channels'
import { errorMessage } from '../../shared/errors'
import type { CallerContext } from '../ipc/caller'
import type { Router } from '../ipc/router'
import { desktopWindowId, type WindowFactory } from './window-factory'

/**
 * One ipcMain handler per contract channel, each answering through the one router. A message
 * that does not come from the main frame of one of our own pages is refused before the router.
 */
export function bindIpc(windows: WindowFactory, router: Router): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, payload) => {
      const caller = callerOf(windows, event)
      if (!caller) {
        return { ok: false, error: { code: 'wrong_window', message: errorMessage('wrong_window') } }
      }
      return router.handle(caller, name, payload)
    })
  }
}

/** The caller context of a message, or null when it does not come from our own page's main frame. */
function callerOf(windows: WindowFactory, event: IpcMainInvokeEvent): CallerContext | null {
  const kind = windows.kindOf(event.sender.id)
  const frame = event.senderFrame
  if (!kind || !frame || frame !== event.sender.mainFrame) return null
  if (!windows.isOwnPage(frame.url, kind)) return null
  return { windowId: desktopWindowId(event.sender.id), kind }
}
