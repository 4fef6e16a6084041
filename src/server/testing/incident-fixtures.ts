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
