// First, so every feature's stylesheet comes after the base it builds on.
import './styles/base.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MailLogPage } from './features/mail-log/components/MailLogPage'

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <MailLogPage />
  </StrictMode>
)
