import type { DirectoryView } from '@shared/settings-schema'
import { DetailList } from '@/components/DetailList'

/**
 * Directory sign-in is configured in settings.json only (its bind password in an environment
 * variable, never stored), so the screen shows what is in effect and where to change it.
 */
export function DirectorySection({ directory }: { directory: DirectoryView | null }) {
  return (
    <fieldset className="settings-section">
      <legend>Directory</legend>
      {directory === null ? (
        <p className="section-help">
          No directory: only local accounts sign in. Add a <code>directory</code> section to settings.json to sign
          people in against LDAP or Active Directory as well.
        </p>
      ) : (
        <>
          <p className="section-help">
            Set in settings.json, which is where it changes. <code>npm run directory-check</code> tests it.
          </p>
          <DetailList>
            <dt>Server</dt>
            <dd>
              {directory.url}
              {directory.startTls ? ' (StartTLS)' : ''}
            </dd>
            <dt>CA file</dt>
            <dd>{directory.caFile ?? 'The system’s certificates'}</dd>
            <dt>Service account</dt>
            <dd>{directory.bindDn ?? 'Anonymous search'}</dd>
            <dt>Its password</dt>
            <dd>
              {directory.bindPasswordSet
                ? `From ${directory.bindPasswordEnv}`
                : `Not set: ${directory.bindPasswordEnv} is empty`}
            </dd>
            <dt>People</dt>
            <dd>
              {directory.userFilter} under {directory.userSearchBase}
            </dd>
            <dt>Email attribute</dt>
            <dd>{directory.emailAttribute}</dd>
            <dt>Administrators</dt>
            <dd>{directory.adminGroupDn ? `Members of ${directory.adminGroupDn}` : 'None from the directory'}</dd>
            <dt>Time-out</dt>
            <dd>{directory.timeoutInSeconds} s</dd>
          </DetailList>
        </>
      )}
    </fieldset>
  )
}
