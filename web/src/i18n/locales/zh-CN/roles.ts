export default {
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '审计员',
  street_leader: '街道领导',
  community_leader: '社区领导',
  grid_staff: '网格员',
  patrol_member: '巡逻队员',
  '': '',
}
