import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MailLogPage } from './features/mail-log/components/MailLogPage'
import './styles.css'

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <MailLogPage />
  </StrictMode>
)
