import { createApi } from '@shared/api'

/**
 * Browser preview only: gives the page the same `window.api` as the Electron preload, but
 * over HTTP to the preview server on loopback. Relative URLs keep the per-launch secret that
 * is part of the page's path.
 */
window.api = createApi(
  async (name, payload) => {
    const response = await fetch(`./api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload ?? null),
      credentials: 'same-origin'
    })
    return response.json()
  },
  (event, listener) => {
    const source = new EventSource(`./events`)
    const forward = (): void => listener()
    source.addEventListener(event, forward)
    // A (re)connection may have missed a push: let the page fetch afresh.
    source.addEventListener('open', forward)
    return () => source.close()
  }
)
