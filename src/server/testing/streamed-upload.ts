import { createReadStream, statSync } from 'node:fs'
import http from 'node:http'

export interface UploadAnswer {
  status: number
  body: { id: string; sha256: string; size: number; name: string; error?: { code: string; message: string } }
}

/**
 * PUTs a file into the console's file library over real HTTP, streamed from disk (never buffered by the test
 * either): `PUT /api/files?name=…` with the raw bytes, as the SPA and the BlueKing tooling do.
 */
export function streamedUpload(
  port: number,
  file: string,
  name: string,
  headers: Record<string, string>,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/api/files?name=${encodeURIComponent(name)}`,
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': statSync(file).size },
      },
      (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode!, body: JSON.parse(text) })
          } catch (err) {
            reject(new Error(`upload answered ${res.statusCode} with non-JSON: ${text.slice(0, 200)} (${err})`))
          }
        })
      },
    )
    req.on('error', reject)
    createReadStream(file).pipe(req)
  })
}
