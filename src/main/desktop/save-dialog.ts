import { app, dialog } from 'electron'
import { join } from 'node:path'
import type { HostCapabilities } from '../ipc/host-capabilities'
import type { WindowFactory } from './window-factory'

/**
 * The system's save dialog, attached to the window that asked (so it cannot be lost behind
 * another), starting in the Downloads folder with the name main suggests. Only a window of ours
 * that is still open gets one: a caller id main does not know is refused, as if cancelled.
 */
export function desktopCapabilities(windows: WindowFactory): HostCapabilities {
  return {
    async chooseSaveFile(caller, defaultName) {
      const window = windows.byWindowId(caller.windowId)
      if (!window) return null
      const { canceled, filePath } = await dialog.showSaveDialog(window, {
        title: 'Export CSV',
        defaultPath: join(app.getPath('downloads'), defaultName),
        filters: [{ name: 'CSV files', extensions: ['csv'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation']
      })
      return canceled || !filePath ? null : filePath
    }
  }
}
