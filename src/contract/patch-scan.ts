import { z } from 'zod'
import { SeveritySchema } from './patches'

/**
 * What an agent's patch scan reports: every installed package and every available update, with the
 * package manager's own classification and severity (normalised), as the agent read them.
 */
export const ScannedPackageSchema = z.object({
  name: z.string().min(1).max(256),
  /** Installed version; null for a missing package. */
  installed_version: z.string().max(128).nullable(),
  /** Version an update would bring; null when up to date. */
  available_version: z.string().max(128).nullable(),
  arch: z.string().max(32),
  /** e.g. Security, Bugfix, Enhancement, Other (dpkg: security pocket → Security). */
  classification: z.string().max(64),
  severity: SeveritySchema,
  /**
   * `installed` up to date, `upgradable` an update is available, `failed` half-installed, `pending_reboot` installed,
   * needs reboot.
   */
  state: z.enum(['installed', 'upgradable', 'failed', 'pending_reboot']),
  installed_time: z.number().int().nullable(),
  /** Advisory issue date when the repository publishes one (dnf updateinfo); null for apt. */
  release_time: z.number().int().nullable(),
  /**
   * CVE ids the update fixes, as the package source lists them (dnf/yum `updateinfo --with-cve`). apt's local
   * package lists name no CVEs, so dpkg hosts report none; agents older than this field send nothing.
   */
  cve_ids: z
    .array(z.string().regex(/^CVE-\d{4}-\d{4,}$/))
    .max(200)
    .optional(),
})
export type ScannedPackage = z.infer<typeof ScannedPackageSchema>

export const PatchScanResultSchema = z.object({
  os_family: z.enum(['debian', 'rhel']),
  /** Distribution name as the console reports it: Debian, Ubuntu, CentOS, EulerOS, … */
  operating_system: z.string().max(64),
  os_version: z.string().max(64),
  scanned_at: z.number().int(),
  /** `demo` when a demo-fleet agent varied the real scan to look like an older host (labelled in the UI). */
  source: z.enum(['scan', 'demo']),
  packages: z.array(ScannedPackageSchema).max(50_000),
})
export type PatchScanResult = z.infer<typeof PatchScanResultSchema>
