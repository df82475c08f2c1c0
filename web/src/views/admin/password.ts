// The server's password rule (AuthService::CheckPasswordPolicy): 8 to 128
// characters with at least three of lower case, upper case, digits and
// symbols. Checked here as the user types; the server has the last word.
export interface PasswordCheck {
  length: boolean
  classes: number
  ok: boolean
}

export function checkPassword(pw: string): PasswordCheck {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length
  const length = pw.length >= 8 && pw.length <= 128
  return { length, classes, ok: length && classes >= 3 }
}

// A random password that meets the rule, without look-alike characters.
export function generatePassword(length = 12): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_#@%+=*']
  const all = sets.join('')
  const random = (n: number) => {
    const a = new Uint32Array(1)
    crypto.getRandomValues(a)
    return a[0]! % n
  }
  const chars = sets.map((s) => s[random(s.length)]!)
  while (chars.length < length) chars.push(all[random(all.length)]!)
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}
