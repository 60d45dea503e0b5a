import type { Handlers } from '../router'

/** The Settings screen. The router lets these run only for an active administrator. */
export const settingsHandlers = {
  adminGetSettings: ({ services }) => services.settingsEditor.view(),

  adminSaveSettings: ({ services, input, user }) => services.settingsEditor.save(user, input.changes),

  adminMeasureHashing: ({ services, input }) => services.settingsEditor.measureHashing(input),

  adminSendTestEmail: ({ services, input }) => services.settingsEditor.sendTestEmail(services.mailer, input),

  adminCountAdministrators: ({ services }) => services.admin.administratorCount(),

  adminGetProbePauses: ({ services }) => services.probePauses.view(),

  adminLiftProbePauses: ({ services, user }) => services.probePauses.lift(user)
} satisfies Partial<Handlers>
