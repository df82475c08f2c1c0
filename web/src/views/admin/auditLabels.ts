// Words for audit actions, targets and results; unknown ones show as the
// server wrote them.
import { useI18n } from 'vue-i18n'

export const RESULTS = ['ok', 'denied', 'failed'] as const

export const GROUPS = [
  'auth',
  'user',
  'case',
  'category',
  'responsibility',
  'calendar',
  'case_settings',
  'resident',
  'household',
  'house',
  'unit',
  'registry',
  'attachment',
  'enforcement',
  'team',
  'area',
  'grids',
  'settings',
  'webhook',
  'outbox',
]

export const ACTIONS = [
  'auth.login',
  'auth.logout',
  'user.create',
  'user.password',
  'user.unlock',
  'resident.reveal',
  'registry.export',
  'registry.import',
  'category.policy',
  'responsibility.add',
  'responsibility.delete',
  'calendar.update',
  'case.report',
  'case.accept',
  'case.dispatch',
  'case.feedback',
  'case.verify_pass',
  'case.verify_fail',
  'case.void',
  'case.supervise',
]

export const TARGETS = [
  'user',
  'case',
  'resident',
  'household',
  'house',
  'unit',
  'category',
  'responsibility_rule',
  'calendar',
  'settings',
  'area',
  'grid',
  'attachment',
  'enforcement',
  'webhook',
]

export function useAuditLabels() {
  const { t, te } = useI18n()
  const key = (s: string) => s.replace(/\./g, '_')
  function actionLabel(action: string): string {
    const k = 'admin.audit.actions.' + key(action)
    if (te(k)) return t(k)
    const group = action.split('.')[0] ?? ''
    const g = 'admin.audit.groups.' + group
    return te(g) ? `${t(g)} · ${action.slice(group.length + 1)}` : action
  }
  function groupLabel(group: string): string {
    const g = 'admin.audit.groups.' + group
    return te(g) ? t('admin.sep.paren', { a: t(g), b: group + '.*' }) : group + '.*'
  }
  function targetLabel(type: string): string {
    const k = 'admin.audit.targets.' + type
    return te(k) ? t(k) : type
  }
  function resultLabel(result: string): string {
    const k = 'admin.audit.results.' + result
    return te(k) ? t(k) : result
  }
  return { actionLabel, groupLabel, targetLabel, resultLabel }
}
