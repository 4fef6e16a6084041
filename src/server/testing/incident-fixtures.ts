/**
 * A manual incident as `POST /v1/external/incident/create` takes it (level P3, assigned to the demo operator,
 * created by the admin): what tests that need an incident, not a particular one, post.
 */
export const MANUAL_INCIDENT = {
  current_cloud_service: ['app-mall'],
  incident_level: 'level_30',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_function_issues',
  incident_title: 'Checkout slow',
  incident_description: 'p99 2s',
  incident_source: 'incident_source_manual',
  incident_assignee: ['operator'],
  creator: 'admin',
}

/** The body of `POST /v1/external/warrooms` for incident `num` of tenant `tenantId`, led by the admin. */
export const warRoomBody = (num: string, tenantId: string) => ({
  war_room_name: `WR for ${num}`,
  application_id_list: ['app-mall'],
  incident_number: num,
  schedule_group: [{ role_id: 'r1', scene_id: 's1' }],
  war_room_admin: 'admin',
  enterprise_project_id: tenantId,
})
