// The one way the app talks to the server: JSON over fetch with the session
// cookie, errors as ApiError carrying the server's {code, message, field}.
// A 401 on any call but login sends the user to the login page.

export interface ErrorBody {
  code: string
  message: string
  field?: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string
  // The whole parsed answer, for errors that carry more than the error
  // object (an import's per-row report, say).
  readonly body: unknown

  constructor(status: number, error: ErrorBody, body?: unknown) {
    super(error.message || error.code || `HTTP ${status}`)
    this.status = status
    this.code = error.code || 'http.' + status
    this.field = error.field || ''
    this.body = body
  }
}

type Query = Record<string, string | number | boolean | undefined | null>

// Hooks set by the auth store: what to do when the session has ended.
let onUnauthorized: ((error: ApiError) => void) | null = null
export function setUnauthorizedHandler(fn: (error: ApiError) => void): void {
  onUnauthorized = fn
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

async function parseError(response: Response): Promise<ApiError> {
  let error: ErrorBody = { code: `http.${response.status}`, message: response.statusText }
  let json: any = undefined
  try {
    json = await response.json()
    if (json && json.error) error = json.error
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  return new ApiError(response.status, error, json)
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    ;(init.headers as Record<string, string>)['Content-Type'] = 'application/json'
  }
  const response = await fetch(withQuery(path, query), init)
  if (!response.ok) {
    const error = await parseError(response)
    if (response.status === 401 && !path.endsWith('/auth/login') && onUnauthorized) {
      onUnauthorized(error)
    }
    throw error
  }
  if (response.status === 204) return undefined as T
  const type = response.headers.get('Content-Type') || ''
  if (!type.includes('json')) return (await response.text()) as unknown as T
  return (await response.json()) as T
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, body ?? {}, query),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
}

// Uploads a file as the raw request body (the server sniffs the content),
// reporting progress from 0 to 1. Used for photos and import sheets.
export function upload<T>(
  path: string,
  file: Blob,
  onProgress?: (fraction: number) => void,
  query?: Query,
  contentType?: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', withQuery(path, query))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', contentType || file.type || 'application/octet-stream')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: 'network error' }))
    xhr.onload = () => {
      let json: any = null
      try {
        json = JSON.parse(xhr.responseText)
      } catch {
        json = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(json as T)
        return
      }
      const error = new ApiError(
        xhr.status,
        json?.error ?? { code: `http.${xhr.status}`, message: xhr.statusText },
        json ?? undefined,
      )
      if (xhr.status === 401 && onUnauthorized) onUnauthorized(error)
      reject(error)
    }
    xhr.send(file)
  })
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}
