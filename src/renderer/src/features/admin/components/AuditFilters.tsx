import { useId } from 'react'
import type { ApiError } from '@shared/result'
import { messageFor } from '@/lib/messages'
import { FilterField } from '@/components/FilterField'

export interface MoreFilters {
  from: string
  to: string
  outcome: '' | 'success' | 'failure'
  search: string
}

/** From and To (days, both included), Outcome and a Search over names and details. */
export function AuditFilters({
  value,
  onChange,
  error
}: {
  value: MoreFilters
  onChange: (next: MoreFilters) => void
  error: ApiError | null
}) {
  const fromId = useId()
  const toId = useId()
  const outcomeId = useId()
  const fieldError = (name: 'from' | 'to') => {
    const problem = error?.fields?.[name]?.[0]
    return problem ? (
      <span role="alert" className="field-error">
        {messageFor(problem)}
      </span>
    ) : null
  }
  return (
    <>
      <div className="field filter-field">
        <label htmlFor={fromId}>From</label>
        <input
          id={fromId}
          type="date"
          value={value.from}
          onChange={(e) => onChange({ ...value, from: e.target.value })}
        />
        {fieldError('from')}
      </div>
      <div className="field filter-field">
        <label htmlFor={toId}>To</label>
        <input id={toId} type="date" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
        {fieldError('to')}
      </div>
      <div className="field filter-field">
        <label htmlFor={outcomeId}>Outcome</label>
        <select
          id={outcomeId}
          value={value.outcome}
          onChange={(e) => onChange({ ...value, outcome: e.target.value as MoreFilters['outcome'] })}
        >
          <option value="">All</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </div>
      <FilterField
        label="Search"
        value={value.search}
        onChange={(search) => onChange({ ...value, search })}
        placeholder="Names and details"
      />
    </>
  )
}
