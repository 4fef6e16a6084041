import { type FleetTokens, startDemoFleet } from '../agents/demo-fleet'

/**
 * A stand-in console for demo-fleet.kill.test.ts, run as its own process: starts a demo fleet of
 * `FLEET_COUNT` agents in `FLEET_DATA_DIR` against a server that is not there (the agents keep retrying, as
 * they do behind a dead console), prints the agents' pids as one JSON line, then stays alive until killed.
 * `FLEET_DETACH=1`: detaches the fleet (a graceful stop) and exits instead.
 */
const tokens: FleetTokens = {
  revokeByDescription: async () => {},
  create: async () => ({ token: 'oca_demo-fleet-test-token' }),
}

const fleet = await startDemoFleet({
  count: Number(process.env.FLEET_COUNT ?? 2),
  serverUrl: `http://127.0.0.1:${process.env.FLEET_DEAD_PORT ?? 9}`,
  dataDir: process.env.FLEET_DATA_DIR!,
  tenantId: '00000000-0000-4000-8000-000000000000',
  tokens,
})
process.stdout.write(`${JSON.stringify(fleet.agents.map((a) => a.pid))}\n`)
if (process.env.FLEET_DETACH === '1') {
  fleet.detach()
  process.exit(0)
}
setInterval(() => {}, 60_000)
