import type { ChannelName } from '../../src/shared/channels'
import type { ChannelInput } from '../../src/shared/contract'
import { CHEAP_HASHING, signUpInput } from './core'

/** The temporary password the admin channel inputs set on alice. */
export const TEMPORARY_PASSWORD = 'amber-Harbour-63-slowly'

/** The contract's access is not a literal type, so the type goes by name; a test checks the two agree. */
export type AdminChannel = Extract<ChannelName, `admin${string}`>

/**
 * A valid input for every admin channel (the admin tests and the lock test use it), aimed at
 * alice, so that a call that got through would visibly change her account. The type makes a new admin channel fail to compile until it has one.
 */
export function adminChannelInputs(
  aliceId: number,
  aliceSession = 'no-such-session'
): { [K in AdminChannel]: ChannelInput<K> } {
  return {
    adminListAccounts: { search: 'alice', sort: 'username', direction: 'asc', offset: 0, limit: 50 },
    adminGetAccount: { id: aliceId },
    adminCreateAccount: { ...signUpInput('mallory'), isAdmin: true },
    adminUpdateAccount: { id: aliceId, email: 'alice.elsewhere@example.com', isAdmin: true, isActive: false },
    adminUnlockAccount: { id: aliceId },
    adminSendResetCode: { id: aliceId },
    adminSetTemporaryPassword: { id: aliceId, password: TEMPORARY_PASSWORD, passwordConfirmation: TEMPORARY_PASSWORD },
    adminDeleteAccount: { id: aliceId, confirmUsername: 'alice' },
    adminListAudit: { user: 'alice', kind: '', offset: 0, limit: 50 },
    adminGetSettings: {},
    adminSaveSettings: { changes: { 'passwordValidators.minimumLength.minLength': 12 } },
    adminMeasureHashing: CHEAP_HASHING,
    adminSendTestEmail: { to: 'alice@example.com', draft: {} },
    adminDisableTwoFactor: { id: aliceId },
    adminListSessions: {},
    adminEndSession: { handle: aliceSession },
    adminPreviewUnusedAccounts: { days: 30 },
    adminCountAdministrators: {},
    adminListBackups: {},
    adminBackUpNow: {},
    adminExportAccountsPage: { search: '', sort: 'username', direction: 'asc', offset: 0 },
    adminExportAuditPage: { user: '', kind: '', offset: 0 },
    adminExportAccountsToFile: { search: '', sort: 'username', direction: 'asc' },
    adminExportAuditToFile: { user: '', kind: '' },
    adminGetProbePauses: {},
    adminLiftProbePauses: {}
  }
}
