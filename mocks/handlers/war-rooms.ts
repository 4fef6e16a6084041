import { warRoomRoutes, warRoomWindow } from '../../src/contract/war-rooms'
import { db } from '../db'
import { buildWarRoom } from '../factories/war-rooms'
import { MockError, mockRoute } from '../mock-route'

const ok = <T>(data: T) => ({ provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data })
const detailOf = (id: string) => {
  const r = db.warRooms.find((w) => w.id === id)
  if (!r) throw new MockError(404, 'NOT_FOUND', 'War room not found')
  return {
    ...r,
    participants: ['operator'],
    incident_title: r.title,
    incident_status: 'INCIDENT_STATUS_ACKNOWLEDGED',
    events: db.warRoomEvents.filter((e) => e.id === id).map(({ id: _id, ...e }) => e),
    can_manage: r.war_room_status.id === 'running',
  }
}

export const warRoomHandlers = [
  mockRoute(warRoomRoutes.create, ({ body }) => {
    const r = buildWarRoom({ title: body.war_room_name, admin: body.war_room_admin })
    db.warRooms.unshift(r)
    return ok(r.id)
  }),
  mockRoute(warRoomRoutes.list, ({ body }) => {
    const { first, count } = warRoomWindow(body)
    const nums = body.war_room_nums
    const rows = db.warRooms.filter((w) =>
      nums?.length
        ? nums.includes(w.war_room_num)
        : (!body.title || w.title.includes(body.title)) &&
          (!body.status?.length || body.status.includes(w.war_room_status.id)),
    )
    const running = rows.filter((w) => w.war_room_status.id === 'running').length
    const counts = { running_num: running, closed_num: rows.length - running, total_num: rows.length }
    return ok(body.statistic_flag ? counts : { ...counts, total: rows.length, list: rows.slice(first, first + count) })
  }),
  mockRoute(warRoomRoutes.detail, ({ params }) => detailOf(params.warRoomId)),
  mockRoute(warRoomRoutes.addNote, ({ params, body }) => {
    db.warRoomEvents.push({ id: params.warRoomId, at: Date.now(), actor: 'operator', kind: body.kind, text: body.text })
    return detailOf(params.warRoomId)
  }),
  mockRoute(warRoomRoutes.updateMembers, ({ params }) => detailOf(params.warRoomId)),
  mockRoute(warRoomRoutes.close, ({ params }) => {
    const r = db.warRooms.find((w) => w.id === params.warRoomId)!
    r.war_room_status = { id: 'closed', name_zh: '已关闭', name_en: 'Closed', type: 'war_room_status' }
    return detailOf(params.warRoomId)
  }),
  mockRoute(warRoomRoutes.stats, () => {
    const running = db.warRooms.filter((w) => w.war_room_status.id === 'running').length
    return {
      running_num: running,
      closed_num: db.warRooms.length - running,
      total_num: db.warRooms.length,
      per_day: [
        { day: '2026-11-21', count: 2 },
        { day: '2026-11-22', count: db.warRooms.length },
      ],
      restoration_buckets: [
        { bucket: '≤15', count: 0 },
        { bucket: '≤30', count: 1 },
        { bucket: '≤60', count: 1 },
        { bucket: '≤240', count: 0 },
        { bucket: '>240', count: 0 },
      ],
      by_application: [{ key: 'Mall', count: db.warRooms.length }],
      by_level: [
        { key: 'level_10', count: 2 },
        { key: 'level_20', count: 1 },
      ],
    }
  }),
]
