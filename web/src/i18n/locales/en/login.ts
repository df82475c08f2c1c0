export default {
  title: 'Log in',
  username: 'Username',
  password: 'Password',
  submit: 'Log in',
  passwordChanged: 'Your password was changed; sign in with the new one.',
  expired: 'You were logged out after a period of inactivity. Please log in again.',
  loggedOut: 'You have logged out.',
  locked: 'Too many failed attempts: the account is locked. Try again in {minutes} minutes or ask the security admin.',
  invalid: 'Wrong username or password.',
  residentLink: 'Resident? Report a problem without logging in',
  hint: 'Grids · Registry · Closed-loop case handling',
}
