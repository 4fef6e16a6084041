/** What the host list is narrowed to: everything, or one business, set or module of the tree. */
export type Scope = { kind: 'all' } | { kind: 'biz' | 'set' | 'module'; id: number; name: string }

/** The host-search filter of a scope. */
export function scopeFilter(scope: Scope): { bizId?: number; setId?: number; moduleId?: number } {
  if (scope.kind === 'biz') return { bizId: scope.id }
  if (scope.kind === 'set') return { setId: scope.id }
  if (scope.kind === 'module') return { moduleId: scope.id }
  return {}
}
