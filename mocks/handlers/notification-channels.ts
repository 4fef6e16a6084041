import { channelRoutes } from '../../src/contract/notification-channels'
import { db } from '../db'
import { type MockChannel, newMockId } from '../factories/oncall'
import { MockError, mockRoute } from '../mock-route'
import { requireScriptUser } from './script-access'
import { refusal } from '../../src/contract/refusal-text'

const dto = ({ owner: _o, target, ...c }: MockChannel) => ({
  ...c,
  targetHint: c.kind === 'email' ? `${target.slice(0, 1)}…@${target.split('@')[1]}` : `${new URL(target).origin}/…`,
})
const mine = () => db.channels.filter((c) => c.owner === requireScriptUser().username)
const own = (id: string) => {
  const c = mine().find((x) => x.id === id)
  if (!c) throw new MockError(404, 'NOT_FOUND', refusal('channel.not-found', { id }))
  return c
}

export const channelHandlers = [
  mockRoute(channelRoutes.list, () => mine().map(dto)),
  mockRoute(channelRoutes.create, ({ body }) => {
    const { secret, ...rest } = body
    const c: MockChannel = {
      ...rest,
      id: newMockId(),
      owner: requireScriptUser().username,
      hasSecret: !!secret,
      createdAt: new Date().toISOString(),
    }
    db.channels.push(c)
    return dto(c)
  }),
  mockRoute(channelRoutes.update, ({ params, body }) => {
    const { secret, ...rest } = body
    const c = own(params.channelId)
    return dto(Object.assign(c, rest, { hasSecret: c.hasSecret || !!secret }))
  }),
  mockRoute(channelRoutes.remove, ({ params }) => {
    db.channels = db.channels.filter((c) => c.id !== own(params.channelId).id)
    return { ok: true as const }
  }),
  // The mock cannot reach a webhook: a target containing "fail" answers like a channel that is down.
  mockRoute(channelRoutes.test, ({ params }) => {
    const c = own(params.channelId)
    return c.target.includes('fail')
      ? { status: 'failed' as const, reason: 'webhook answered HTTP 500' }
      : { status: 'sent' as const, reason: null }
  }),
]
