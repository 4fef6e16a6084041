/** RFC 4180 CSV with a BOM so Excel opens UTF-8 (Chinese host names) correctly. */
export function toCsv<T>(
  rows: T[],
  columns: { header: string; value: (row: T) => string | number | null | undefined }[],
): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v)
    // A leading = + - @ would run as a formula in a spreadsheet: prefix it.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  const lines = [
    columns.map((c) => cell(c.header)).join(','),
    ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(',')),
  ]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
