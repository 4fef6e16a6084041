import type { Person } from '../../../contract/oncall'
import type { Tx } from '../../db/client'
import type { IdentityRepository } from '../identity/identity.repository'

/** Console users by id, as schedules and policies show them (through the identity module's repository). */
export class People {
  constructor(private readonly identity: IdentityRepository) {}

  async byIds(tenantId: string, ids: string[], tx?: Tx): Promise<Map<string, Person & { disabled: boolean }>> {
    const rows = await this.identity.usersByIds(tenantId, ids, tx)
    return new Map(
      rows.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.displayName, disabled: u.disabled }]),
    )
  }

  async enabled(tenantId: string): Promise<Person[]> {
    return (await this.identity.enabledUsers(tenantId)).map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
    }))
  }
}

/** Stand-in for a user who was deleted since (a schedule keeps the id until it is edited). */
export const unknownPerson = (id: string): Person => ({ id, username: id.slice(0, 8), displayName: '?' })
