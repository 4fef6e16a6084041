/**
 * `{name}` placeholders of `template` filled by `value(name)`. A placeholder `value` has nothing for stays
 * visible as `{name}` so a gap is noticed, never silently dropped (refusals and inbox phrases both render so).
 */
export function fillPlaceholders(template: string, value: (name: string) => string | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => value(name) ?? whole)
}
