import type { JobPlan, PlanStepInput } from '../../../contract/job-plans'
import type { Role } from '../../../contract/permissions'
import type { SavePlanInput } from '../api/job-plan-queries'

/** The editor's form model: some lists typed as text, converted to the contract's body on save. */
export interface StepForm {
  kind: 'script' | 'confirm' | 'approval' | 'file'
  name: string
  scriptUuid?: string
  params?: string
  /** Host resource ids, picked by name in the editor. */
  hosts?: string[]
  hostsVariable?: string
  size?: number
  pauseAfterEach?: boolean
  timeout?: number
  executeUser?: string
  ignoreErrors?: boolean
  message?: string
  /** Confirmers / approvers by user name, picked from the tenant's users. */
  users?: string[]
  roles?: Role[]
  mode?: 'any' | 'all'
  timeoutMin?: number
  rollback?: string
  targetPath?: string
  /** Library file ids, picked by name in the editor. */
  fileIds?: string[]
}
export interface PlanForm {
  name: string
  description?: string
  /** Host resource ids, picked by name in the editor. */
  hosts?: string[]
  variables?: {
    name: string
    type: 'text' | 'sensitive' | 'hosts'
    /** For a host list: resource ids separated by commas (the contract's form), picked by name in the editor. */
    default?: string
    required?: boolean
    allowed?: string
  }[]
  steps: StepForm[]
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean)

/** `name=value` or `name=${variable}` lines → the step's parameters. */
function params(text: string | undefined) {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=')
      const name = (at < 0 ? l : l.slice(0, at)).trim()
      const value = at < 0 ? '' : l.slice(at + 1).trim()
      const v = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value)
      return v ? { name, variable: v[1] } : { name, value }
    })
}

function step(s: StepForm): PlanStepInput {
  const hosts = { resourceIds: s.hosts ?? [], ...(s.hostsVariable ? { variable: s.hostsVariable } : {}) }
  if (s.kind === 'script')
    return {
      kind: 'script',
      name: s.name,
      scriptUuid: s.scriptUuid ?? '',
      params: params(s.params),
      hosts,
      batching: { mode: 'size', size: s.size ?? 10, expression: '', pauseAfterEach: s.pauseAfterEach ?? false },
      timeout: s.timeout ?? 300,
      executeUser: s.executeUser || 'root',
      ignoreErrors: s.ignoreErrors ?? false,
    }
  if (s.kind === 'confirm')
    return {
      kind: 'confirm',
      name: s.name,
      message: s.message ?? '',
      confirmers: { users: s.users ?? [], roles: s.roles ?? [] },
    }
  if (s.kind === 'approval')
    return {
      kind: 'approval',
      name: s.name,
      message: s.message ?? '',
      approvers: { users: s.users ?? [], roles: s.roles ?? [] },
      mode: s.mode ?? 'any',
      timeoutMin: s.timeoutMin ?? 1440,
      rollback: s.rollback ?? '',
    }
  return {
    kind: 'file',
    name: s.name,
    fileIds: s.fileIds ?? [],
    targetPath: s.targetPath ?? '/tmp',
    hosts,
    timeout: s.timeout ?? 300,
    ignoreErrors: s.ignoreErrors ?? false,
  }
}

export function toBody(f: PlanForm): SavePlanInput {
  return {
    name: f.name,
    description: f.description ?? '',
    hosts: f.hosts ?? [],
    variables: (f.variables ?? []).map((v) => ({
      name: v.name,
      type: v.type,
      default: v.default ?? '',
      required: v.required ?? false,
      allowed: v.type === 'text' ? list(v.allowed) : [],
    })),
    steps: f.steps.map(step),
  }
}

export function toForm(p: JobPlan): PlanForm {
  return {
    name: p.name,
    description: p.description,
    hosts: p.hosts,
    variables: p.variables.map((v) => ({ ...v, allowed: v.allowed.join(', ') })),
    steps: p.steps.map((s): StepForm => {
      if (s.kind === 'script')
        return {
          kind: 'script',
          name: s.name,
          scriptUuid: s.scriptUuid,
          params: s.params.map((x) => `${x.name}=${x.variable ? `\${${x.variable}}` : (x.value ?? '')}`).join('\n'),
          hosts: s.hosts.resourceIds ?? [],
          hostsVariable: s.hosts.variable,
          size: s.batching.size,
          pauseAfterEach: s.batching.pauseAfterEach,
          timeout: s.timeout,
          executeUser: s.executeUser,
          ignoreErrors: s.ignoreErrors,
        }
      if (s.kind === 'confirm')
        return {
          kind: 'confirm',
          name: s.name,
          message: s.message,
          users: s.confirmers.users,
          roles: s.confirmers.roles,
        }
      if (s.kind === 'approval')
        return {
          kind: 'approval',
          name: s.name,
          message: s.message,
          users: s.approvers.users,
          roles: s.approvers.roles,
          mode: s.mode,
          timeoutMin: s.timeoutMin,
          rollback: s.rollback,
        }
      return {
        kind: 'file',
        name: s.name,
        fileIds: s.fileIds,
        targetPath: s.targetPath,
        hosts: s.hosts.resourceIds ?? [],
        hostsVariable: s.hosts.variable,
        timeout: s.timeout,
        ignoreErrors: s.ignoreErrors,
      }
    }),
  }
}
