import type { Person } from '../../../contract/oncall'
import type { Tx } from '../../db/client'
import type { UsersService } from '../identity/users.service'

const UUID = /^[0-9a-f-]{36}$/i

/** Console users by id, as schedules and policies show them (through the identity module's users service). */
export class People {
  constructor(private readonly users: Pick<UsersService, 'tenantUsers'>) {}

  async byIds(tenantId: string, ids: string[], tx?: Tx): Promise<Map<string, Person & { disabled: boolean }>> {
    // By id only: tenantUsers also matches usernames, which a schedule's member ids never are.
    const wanted = new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))
    const rows = (await this.users.tenantUsers(tenantId, [...wanted], tx)).filter((u) => wanted.has(u.id))
    return new Map(
      rows.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.displayName, disabled: u.disabled }]),
    )
  }

  async enabled(tenantId: string): Promise<Person[]> {
    return (await this.users.tenantUsers(tenantId))
      .filter((u) => !u.disabled)
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
      .map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }))
  }
}

/** Stand-in for a user who was deleted since (a schedule keeps the id until it is edited). */
export const unknownPerson = (id: string): Person => ({ id, username: id.slice(0, 8), displayName: '?' })
