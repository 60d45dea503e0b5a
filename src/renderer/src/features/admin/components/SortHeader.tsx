import type { SortDirection } from '../console-store'

interface SortHeaderProps {
  label: string
  /** The direction when this column is the sort, else null. */
  direction: SortDirection | null
  onSort: () => void
  className?: string
}

/** A column heading that sorts by its column; aria-sort tells which one does and which way. */
export function SortHeader({ label, direction, onSort, className }: SortHeaderProps) {
  const ariaSort = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <button type="button" className="sort-button" onClick={onSort}>
        {label}
        <span className={`sort-mark sort-mark-${direction ?? 'none'}`} aria-hidden="true" />
      </button>
    </th>
  )
}
