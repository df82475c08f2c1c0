// Server errors in the admin pages: said in the user's language where the
// code is known (the server words its messages in English), placed next to
// the field the server names, or shown as a message otherwise.
import { reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'

type T = (key: string, named?: Record<string, unknown>) => string
type Te = (key: string, locale?: string) => boolean

export function apiMessage(e: unknown, t: T, te: Te): string {
  if (e instanceof ApiError) {
    if (!e.status) return t('common.networkError')
    const key = 'admin.errors.' + e.code.replace(/\./g, '_')
    if (te(key)) return t(key)
    if (e.status === 403) return t('admin.forbidden')
    return e.message || t('common.failed')
  }
  return e instanceof Error ? e.message : String(e)
}

// Field errors of a form: `errors[field]` holds the message of the field the
// server named; anything without a field becomes a message box.
export function useFieldErrors() {
  const { t, te } = useI18n()
  const errors = reactive<Record<string, string>>({})
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }
  // Returns the field the error was placed on ('' when shown as a message).
  // `fields` lists the fields the form shows (or says which it shows).
  function show(e: unknown, fields: string[] | ((field: string) => boolean) = [], fieldOf?: (field: string) => string): string {
    clear()
    const message = apiMessage(e, t as T, te as Te)
    if (e instanceof ApiError && e.field) {
      const field = fieldOf ? fieldOf(e.field) : e.field
      const shown = typeof fields === 'function' ? fields(field) : fields.includes(field)
      if (shown) {
        errors[field] = message
        return field
      }
    }
    ElMessage({ type: 'error', message, duration: 6000, showClose: true })
    return ''
  }
  return { errors, clear, show }
}

export function useApiMessage() {
  const { t, te } = useI18n()
  return (e: unknown) => apiMessage(e, t as T, te as Te)
}
