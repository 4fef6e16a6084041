import { Select } from 'antd'

export interface FilterSelectProps<V extends string | number> {
  /** The filter's accessible name; also its placeholder unless `placeholder` says "any …". */
  label: string
  placeholder?: string
  width: number
  value: V | undefined
  options: { value: V; label: string }[] | undefined
  /** Called with undefined when the filter is cleared. */
  onChange: (value: V | undefined) => void
  disabled?: boolean
}

/** One clearable filter of a list's filter bar (a list page, a wizard step). */
export function FilterSelect<V extends string | number>({
  label,
  placeholder = label,
  width,
  ...rest
}: FilterSelectProps<V>) {
  return <Select<V> allowClear aria-label={label} placeholder={placeholder} style={{ width }} {...rest} />
}
