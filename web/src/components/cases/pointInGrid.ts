// Which outline a point falls in, on the client: the resident pages have no
// login for /locate, and the public outlines are enough to name the grid.
import type { BoundaryCollection, BoundaryFeature } from '@/api/map'

function inRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function inPolygon(x: number, y: number, rings: number[][][]): boolean {
  if (!rings.length || !inRing(x, y, rings[0])) return false
  for (let k = 1; k < rings.length; k++) if (inRing(x, y, rings[k])) return false
  return true
}

export function featureAt(fc: BoundaryCollection | null, lon: number, lat: number): BoundaryFeature | null {
  if (!fc) return null
  for (const f of fc.features) {
    const g = f.geometry
    const polygons = g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][])
    if (polygons.some((p) => inPolygon(lon, lat, p))) return f
  }
  return null
}
