/** Fetches every page of a COC offset/limit list (limit 100, the API's maximum). */
export async function fetchAllPages<T>(
  fetchPage: (offset: number) => Promise<{ count: number; items: T[] }>,
  max = 100_000,
): Promise<T[]> {
  const out: T[] = []
  for (let offset = 1; out.length < max; offset++) {
    const { count, items } = await fetchPage(offset)
    out.push(...items)
    if (items.length === 0 || out.length >= count) break
  }
  return out
}
