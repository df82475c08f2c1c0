// The 大类 → 小类 tree for cascaders, from the flat category list.
export interface CategoryLike {
  id: number
  parent_id: number | null
  name: string
  name_en?: string
  sort?: number
  active?: boolean
}

export interface CategoryOption {
  value: number
  label: string
  children?: CategoryOption[]
}

export function categoryTree(items: CategoryLike[], english = false, leavesOnly = true): CategoryOption[] {
  const label = (c: CategoryLike) => (english && c.name_en ? c.name_en : c.name)
  const sorted = [...items].filter((c) => c.active !== false).sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.id - b.id)
  const roots = sorted.filter((c) => !c.parent_id)
  const out: CategoryOption[] = []
  for (const r of roots) {
    const children = sorted.filter((c) => c.parent_id === r.id).map((c) => ({ value: c.id, label: label(c) }))
    if (leavesOnly && !children.length) continue
    out.push({ value: r.id, label: label(r), children })
  }
  return out
}

// The cascader's path [大类, 小类] for a category id.
export function categoryPath(items: CategoryLike[], id: number | null | undefined): number[] {
  if (!id) return []
  const c = items.find((x) => x.id === id)
  if (!c) return []
  return c.parent_id ? [c.parent_id, c.id] : [c.id]
}
