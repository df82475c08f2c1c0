export default {
  system_admin: 'System admin',
  security_admin: 'Security admin',
  auditor: 'Auditor',
  street_leader: 'Street leader',
  community_leader: 'Community leader',
  grid_staff: 'Grid staff',
  patrol_member: 'Patrol member',
  '': '',
}
