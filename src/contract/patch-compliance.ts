import type { Baseline, BaselineRule, PatchStatus, Severity, SeveritySummary } from './patches'
import type { ScannedPackage } from './patch-scan'

export interface EvaluatedPatch {
  title: string
  classification: string
  severity_level: Severity
  compliance_level: Severity
  patch_status: PatchStatus
  installed_time: number | null
  /** Version installed now (null: not installed). */
  installed_version: string | null
  /** Version the update brings (null: up to date). */
  available_version: string | null
  cve_ids: string[]
}

export interface Evaluation {
  status: 'compliant' | 'non_compliant'
  items: EvaluatedPatch[]
  compliant_count: number
  non_compliant_count: number
  compliant_severity: SeveritySummary
  non_compliant_severity: SeveritySummary
}

const DAY = 86_400_000
export const NON_COMPLIANT: ReadonlySet<PatchStatus> = new Set(['MISSING', 'FAILED'])

export function emptySeveritySummary(): SeveritySummary {
  return {
    critical_count: 0,
    high_count: 0,
    medium_count: 0,
    low_count: 0,
    informational_count: 0,
    unspecified_count: 0,
  }
}

export function addToSummary(summary: SeveritySummary, severity: Severity) {
  const key = `${severity.toLowerCase()}_count` as keyof SeveritySummary
  summary[key] += 1
}

/** The first rule a patch falls under, if any (classification and severity match; empty lists match all). */
export function matchingRule(
  rules: BaselineRule[],
  p: Pick<ScannedPackage, 'classification' | 'severity'>,
): BaselineRule | undefined {
  return rules.find(
    (r) =>
      (r.classifications.length === 0 ||
        r.classifications.some((c) => c.toLowerCase() === p.classification.toLowerCase())) &&
      (r.severities.length === 0 || r.severities.includes(p.severity)),
  )
}

/**
 * Decides each patch's state against a baseline (the AWS Patch Manager model the seed's states come from):
 * - rejected list: installed → REJECT (reported, not required); not installed → not reported;
 * - required = on the approved list, or under a rule and at least `approve_after_days` old, counted from the
 *   advisory's release date or, where the repository publishes none (apt), from when the console first saw it;
 * - installed + required → INSTALLED, installed otherwise → INSTALLED_OTHER, awaiting reboot → PENDING_REBOOT,
 *   update available + required → MISSING (not required → not reported), half-installed → FAILED.
 * A node is non-compliant when any required patch is MISSING or FAILED; every other reported patch counts
 * as compliant.
 */
export function evaluateCompliance(
  baseline: Pick<Baseline, 'rules' | 'approved_patches' | 'rejected_patches'>,
  packages: ScannedPackage[],
  opts: { now: number; firstSeen: (name: string) => number | undefined },
): Evaluation {
  const approved = new Set(baseline.approved_patches)
  const rejected = new Set(baseline.rejected_patches)
  const items: EvaluatedPatch[] = []
  for (const p of packages) {
    const rule = matchingRule(baseline.rules, p)
    const since = p.release_time ?? opts.firstSeen(p.name) ?? opts.now
    const required =
      !rejected.has(p.name) && (approved.has(p.name) || (!!rule && opts.now - since >= rule.approve_after_days * DAY))
    const base = {
      title: p.name,
      classification: p.classification,
      severity_level: p.severity,
      compliance_level: rule?.compliance_level ?? ('UNSPECIFIED' as Severity),
      installed_time: p.installed_time,
      installed_version: p.installed_version,
      available_version: p.available_version,
      cve_ids: p.cve_ids ?? [],
    }
    let status: PatchStatus | null
    if (rejected.has(p.name)) status = p.installed_version ? 'REJECT' : null
    else if (p.state === 'failed') status = 'FAILED'
    else if (p.state === 'pending_reboot') status = 'PENDING_REBOOT'
    else if (p.state === 'upgradable') status = required ? 'MISSING' : p.installed_version ? 'INSTALLED_OTHER' : null
    else status = required ? 'INSTALLED' : 'INSTALLED_OTHER'
    // A missing patch is not installed: the date of the older version installed is no installed date of it.
    if (status) items.push({ ...base, patch_status: status, ...(status === 'MISSING' ? { installed_time: null } : {}) })
  }
  const compliant_severity = emptySeveritySummary()
  const non_compliant_severity = emptySeveritySummary()
  let bad = 0
  for (const item of items) {
    if (NON_COMPLIANT.has(item.patch_status)) {
      bad += 1
      addToSummary(non_compliant_severity, item.severity_level)
    } else {
      addToSummary(compliant_severity, item.severity_level)
    }
  }
  return {
    status: bad > 0 ? 'non_compliant' : 'compliant',
    items,
    compliant_count: items.length - bad,
    non_compliant_count: bad,
    compliant_severity,
    non_compliant_severity,
  }
}

/** Maps a package manager's severity words onto the six buckets. */
export function normaliseSeverity(raw: string | null | undefined): Severity {
  switch ((raw ?? '').trim().toLowerCase()) {
    case 'critical':
      return 'CRITICAL'
    case 'important':
    case 'high':
      return 'HIGH'
    case 'moderate':
    case 'medium':
      return 'MEDIUM'
    case 'low':
      return 'LOW'
    case 'informational':
    case 'info':
    case 'none':
      return 'INFORMATIONAL'
    default:
      return 'UNSPECIFIED'
  }
}
