// The phone's position for "使用当前位置", as a promise with a clear error
// kind: unsupported (no API / insecure page), denied, or failed.
export interface Point {
  lon: number
  lat: number
}

export class LocateError extends Error {
  constructor(readonly kind: 'unsupported' | 'denied' | 'failed') {
    super(kind)
  }
}

export function currentPosition(timeoutMs = 10_000): Promise<Point> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new LocateError('unsupported'))
      return
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: round(p.coords.longitude), lat: round(p.coords.latitude) }),
      (e) => reject(new LocateError(e.code === 1 ? 'denied' : 'failed')),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 },
    )
  })
}

// Six decimals: about 10 cm, more than any phone knows.
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6
}
