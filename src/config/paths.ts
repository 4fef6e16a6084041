import { consoleLinks } from '../contract/inbox'

/** Every page's path and how to link to it; nothing else builds console URLs by hand. */
export const paths = {
  login: { path: '/login', href: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login') },
  home: { path: '/', href: () => '/' },
  scripts: { path: '/scripts', href: () => '/scripts' },
  scriptNew: { path: '/scripts/new', href: () => '/scripts/new' },
  script: { path: '/scripts/:scriptUuid', href: consoleLinks.script },
  scriptEdit: {
    path: '/scripts/:scriptUuid/edit',
    href: (scriptUuid: string) => `/scripts/${encodeURIComponent(scriptUuid)}/edit`,
  },
  scriptVersions: {
    path: '/scripts/:scriptUuid/versions',
    href: (scriptUuid: string) => `/scripts/${encodeURIComponent(scriptUuid)}/versions`,
  },
  review: { path: '/review/:token', href: consoleLinks.review },
  inbox: { path: '/inbox', href: () => '/inbox' },
  oncall: { path: '/oncall', href: () => '/oncall' },
  notificationSettings: { path: '/settings/notifications', href: () => '/settings/notifications' },
  executionWizard: {
    path: '/executions/new',
    /** `savedQuery`: a saved host query offered on the hosts step ("Use in a run" of CMDB saved queries). */
    href: (scriptUuid?: string, opts?: { savedQuery?: string }) => {
      const q = new URLSearchParams()
      if (scriptUuid) q.set('script', scriptUuid)
      if (opts?.savedQuery) q.set('savedQuery', opts.savedQuery)
      const query = q.toString()
      return query ? `/executions/new?${query}` : '/executions/new'
    },
  },
  tickets: {
    path: '/tickets',
    /** `hostId`: tickets that ran on that CMDB host (the host drawer links here). */
    href: (filter?: { hostId?: number }) => (filter?.hostId ? `/tickets?hostId=${filter.hostId}` : '/tickets'),
  },
  ticket: {
    path: '/tickets/:executeUuid',
    href: (executeUuid: string) => `/tickets/${encodeURIComponent(executeUuid)}`,
  },
  ticketHost: {
    path: '/tickets/:executeUuid/hosts/:instanceId',
    href: (executeUuid: string, instanceId: number) =>
      `/tickets/${encodeURIComponent(executeUuid)}/hosts/${instanceId}`,
  },
  incidents: {
    path: '/incidents',
    /** `resourceId`: incidents with an alarm on that host (`host` is its name, shown on the filter). */
    href: (filter?: { resourceId: string; host: string }) =>
      filter
        ? `/incidents?${new URLSearchParams({ resource_id: filter.resourceId, host: filter.host })}`
        : '/incidents',
  },
  incident: {
    path: '/incidents/:incidentNum',
    href: (incidentNum: string) => `/incidents/${encodeURIComponent(incidentNum)}`,
  },
  warRooms: { path: '/war-rooms', href: () => '/war-rooms' },
  warRoom: { path: '/war-rooms/:warRoomId', href: consoleLinks.warRoom },
  patches: {
    path: '/patches',
    /** `host`: the compliance report of that host (its resource id is the report's instance id), opened. */
    href: (filter?: { host: string }) =>
      filter ? `/patches?${new URLSearchParams({ instance_id: filter.host, node: filter.host })}` : '/patches',
  },
  cmdb: { path: '/cmdb', href: () => '/cmdb' },
  cmdbHost: { path: '/cmdb/hosts/:hostId', href: (hostId: number) => `/cmdb/hosts/${hostId}` },
  jobPlans: { path: '/job-plans', href: () => '/job-plans' },
  jobPlanNew: { path: '/job-plans/new', href: () => '/job-plans/new' },
  jobPlanEdit: {
    path: '/job-plans/:planId/edit',
    href: (planId: string) => `/job-plans/${encodeURIComponent(planId)}/edit`,
  },
  planRuns: { path: '/plan-runs', href: () => '/plan-runs' },
  planRun: { path: '/plan-runs/:runId', href: (runId: string) => `/plan-runs/${encodeURIComponent(runId)}` },
  approvals: { path: '/approvals', href: () => '/approvals' },
  approval: {
    path: '/approvals/:approvalId',
    href: (approvalId: string) => `/approvals/${encodeURIComponent(approvalId)}`,
  },
  approvalLink: {
    path: '/approval-links/:token',
    href: (token: string) => `/approval-links/${encodeURIComponent(token)}`,
  },
  schedules: { path: '/schedules', href: () => '/schedules' },
  adminUsers: { path: '/admin/users', href: () => '/admin/users' },
  adminAudit: { path: '/admin/audit', href: () => '/admin/audit' },
  files: { path: '/files', href: () => '/files' },
  adminBkApps: { path: '/admin/bk-apps', href: () => '/admin/bk-apps' },
} as const
