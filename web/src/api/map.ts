// Map settings and boundaries. The map draws grid boundaries on a blank
// background; tiles only when an administrator has set a tile URL (an
// intranet tile server, say), since no request may leave the machine.
import { api } from './client'

export interface MapSettings {
  tile_url: string
  attribution: string
  max_zoom: number
}

let settings: Promise<MapSettings> | null = null

export function mapSettings(): Promise<MapSettings> {
  settings ??= api
    .get<MapSettings>('/api/v1/public/map-settings')
    .catch(() => ({ tile_url: '', attribution: '', max_zoom: 19 }))
  return settings
}

export function forgetMapSettings(): void {
  settings = null
}

export interface BoundaryProperties {
  code: string
  name: string
  level: string
}

export interface BoundaryFeature {
  type: 'Feature'
  properties: BoundaryProperties
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] }
}

export interface BoundaryCollection {
  type: 'FeatureCollection'
  features: BoundaryFeature[]
}

// Boundaries the user may see: level grid | community | village_group.
export function boundaries(level = 'grid', communityId?: number): Promise<BoundaryCollection> {
  return api.get<BoundaryCollection>('/api/v1/boundaries', { level, community_id: communityId })
}

// Grid outlines for the resident pages (no login): codes and names only.
export function publicBoundaries(): Promise<BoundaryCollection> {
  return api.get<BoundaryCollection>('/api/v1/public/boundaries')
}
