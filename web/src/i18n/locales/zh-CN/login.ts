export default {
  title: '登录',
  username: '用户名',
  password: '密码',
  submit: '登录',
  passwordChanged: '密码已修改，请用新密码登录。',
  expired: '长时间未操作，已自动退出，请重新登录。',
  loggedOut: '您已安全退出。',
  locked: '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试或联系安全管理员。',
  invalid: '用户名或密码错误。',
  residentLink: '居民？无需登录，直接上报问题',
  hint: '网格化管理 · 一标三实 · 闭环处置',
}
