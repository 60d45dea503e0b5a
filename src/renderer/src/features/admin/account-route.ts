import { route, type Route } from '@/lib/routes'

/** Where one account's page lives: `#/account?id=12`. */
export const accountRoute = (id: number): Route => route('account', { id: String(id) })
