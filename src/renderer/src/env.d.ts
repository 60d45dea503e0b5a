/// <reference types="vite/client" />
import type { Api } from '@shared/api'

declare global {
  interface Window {
    /** Given by the preload (Electron) or the browser-preview shim; the only way to main. */
    api: Api
  }
}
