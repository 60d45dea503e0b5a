/**
 * An email address as it is kept: compatibility forms folded (NFKC) and the spaces around it
 * dropped; its case is kept as typed (the unique key folds it, see core/accounts/identity.ts).
 * Shared, so a screen can tell that an address typed again with spaces is the same address.
 */
export const normalizeEmail = (raw: string): string => raw.normalize('NFKC').trim()
