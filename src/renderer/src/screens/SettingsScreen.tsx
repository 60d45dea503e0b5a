import { LoadingOrError } from '../components/LoadingOrError'
import { Screen } from '../components/Screen'
import { useServerQuery } from '../hooks/use-server-query'
import { SettingsForm } from '../features/settings/components/SettingsForm'
import { api } from '@/lib/api'
import { BackupsSection } from '../features/settings/components/BackupsSection'

const getSettings = () => api.adminGetSettings({})

/** The settings an administrator may change here; those fixed by settings.json or the environment show read-only. */
export function SettingsScreen() {
  const settings = useServerQuery(getSettings, null)
  return (
    <Screen title="Settings" width="medium">
      <p className="lead">Changes apply at once, to everyone, and are recorded in the audit trail.</p>
      {settings.data ? (
        <SettingsForm view={settings.data} onSaved={settings.replace} />
      ) : (
        <LoadingOrError error={settings.error} onRetry={settings.reload} />
      )}
      {settings.data && <BackupsSection />}
    </Screen>
  )
}
