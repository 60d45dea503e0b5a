import { AUDIT_KINDS } from '../../../../shared/audit-kinds'

export { AUDIT_KINDS }

const labels = new Map<string, string>(AUDIT_KINDS.map(({ kind, label }) => [kind, label]))

/** A kind this window does not know yet still shows, as its code. */
export const auditKindLabel = (kind: string): string => labels.get(kind) ?? kind
