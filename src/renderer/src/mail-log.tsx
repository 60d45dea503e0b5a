import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <main>
      <h2>Mail log</h2>
    </main>
  </StrictMode>
)
