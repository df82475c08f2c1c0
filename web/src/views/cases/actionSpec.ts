// What each case action asks for, from the server's rules
// (service/case_service.cc ApplyAction): a reason where the server refuses
// an empty note, after-photos where the category's policy demands them, the
// party for a dispatch, hours for an extension, a decision, a review date,
// satisfaction. The dialog shows exactly these fields.
import type { CaseAction, CaseDetail } from './casesApi'

export type Need = 'required' | 'optional' | 'none'

export interface ActionSpec {
  action: CaseAction
  note: Need
  photos: Need
  party: boolean
  level: boolean
  reviewOn: boolean
  hours: boolean
  decision: boolean
  satisfaction: boolean
  // Shown in red: it ends or reverses work.
  danger: boolean
}

const REASON_REQUIRED: CaseAction[] = ['void', 'send_back', 'verify_fail', 'shelve', 'reopen', 'request_extension']

export function actionSpec(action: CaseAction, c?: Pick<CaseDetail, 'photos_after'> | null): ActionSpec {
  const spec: ActionSpec = {
    action,
    note: REASON_REQUIRED.includes(action) ? 'required' : 'optional',
    photos: 'none',
    party: action === 'dispatch',
    level: action === 'accept',
    reviewOn: action === 'shelve',
    hours: action === 'request_extension',
    decision: action === 'decide_extension',
    satisfaction: action === 'evaluate',
    danger: ['void', 'verify_fail', 'send_back'].includes(action),
  }
  if (action === 'feedback') spec.photos = c?.photos_after ? 'required' : 'optional'
  if (action === 'verify_pass' || action === 'verify_fail') spec.photos = 'optional'
  return spec
}

// The order and weight of the buttons: the step's main action first.
export const PRIMARY: CaseAction[] = ['accept', 'dispatch', 'feedback', 'verify_pass', 'unshelve', 'decide_extension']

export function sortActions(actions: string[]): CaseAction[] {
  const order: CaseAction[] = [
    'accept',
    'dispatch',
    'feedback',
    'verify_pass',
    'decide_extension',
    'unshelve',
    'evaluate',
    'verify_fail',
    'request_extension',
    'send_back',
    'shelve',
    'reopen',
    'void',
  ]
  return order.filter((a) => actions.includes(a))
}

export interface ActionForm {
  note: string
  attachments: number[]
  partyMode: 'suggested' | 'other'
  partyKind: string
  partyRole: string
  partyOrgId: number | null
  level: string
  reviewOn: string
  hours: number | null
  approve: '' | 'approve' | 'reject'
  satisfaction: '' | 'satisfied' | 'unsatisfied'
}

export function emptyForm(level = ''): ActionForm {
  return {
    note: '',
    attachments: [],
    partyMode: 'suggested',
    partyKind: 'grid_role',
    partyRole: 'leader',
    partyOrgId: null,
    level,
    reviewOn: '',
    hours: null,
    approve: '',
    satisfaction: '',
  }
}

// Client-side checks (the server checks again): field → message key.
export function validate(spec: ActionSpec, f: ActionForm): Record<string, string> {
  const errors: Record<string, string> = {}
  if (spec.note === 'required' && !f.note.trim()) errors.note = 'noteRequired'
  if (spec.photos === 'required' && f.attachments.length === 0) errors.attachments = 'photosRequired'
  if (spec.party && f.partyMode === 'other' && (f.partyKind === 'department' || f.partyKind === 'functional_zone') && !f.partyOrgId)
    errors.party_org_id = 'partyOrgRequired'
  if (spec.reviewOn && !f.reviewOn) errors.review_on = 'reviewOnRequired'
  if (spec.hours && !(f.hours != null && f.hours > 0 && f.hours <= 720)) errors.hours = 'hoursInvalid'
  if (spec.decision && !f.approve) errors.approve = 'decisionRequired'
  if (spec.satisfaction && !f.satisfaction) errors.satisfaction = 'satisfactionRequired'
  return errors
}

// The request body for the action: only the fields it takes.
export function actionBody(spec: ActionSpec, f: ActionForm, extensionId?: number | null): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (spec.note !== 'none' && f.note.trim()) body.note = f.note.trim()
  if (spec.photos !== 'none' && f.attachments.length) body.attachments = [...f.attachments]
  if (spec.level && f.level) body.level = f.level
  if (spec.party && f.partyMode === 'other') {
    body.party_kind = f.partyKind
    if (f.partyKind === 'grid_role') body.party_role = f.partyRole
    if (f.partyKind === 'department' || f.partyKind === 'functional_zone') body.party_org_id = f.partyOrgId
  }
  if (spec.reviewOn) body.review_on = f.reviewOn
  if (spec.hours) body.hours = f.hours
  if (spec.decision) {
    body.approve = f.approve === 'approve'
    if (extensionId) body.extension_id = extensionId
  }
  if (spec.satisfaction) body.satisfaction = f.satisfaction
  return body
}

// The server's field names → the dialog's fields, for errors next to them.
export function fieldOf(serverField: string): string {
  if (serverField === 'party_kind' || serverField === 'party_role') return 'party'
  if (serverField === 'extension_id') return 'approve'
  return serverField
}
