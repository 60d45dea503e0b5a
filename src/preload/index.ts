import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from '../shared/api'
import { ipcChannel, ipcEvent } from '../shared/channels'

/**
 * Exposes one named function per contract channel as `window.api`; never ipcRenderer itself
 * and never a generic invoke. Whether the caller may use a channel is decided in main.
 */
const api = createApi(
  (name, payload) => ipcRenderer.invoke(ipcChannel(name), payload),
  (event, listener) => {
    const channel = ipcEvent(event)
    const forward = (): void => listener()
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  }
)

contextBridge.exposeInMainWorld('api', api)
