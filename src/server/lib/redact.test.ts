import { describe, expect, it } from 'vitest'
import { redactUrl } from './redact'

describe('redactUrl', () => {
  it('masks query-string secrets of BlueKing GET calls and signed file links, and review tokens', () => {
    expect(
      redactUrl(
        '/api/c/compapi/v2/job/get_job_instance_log/?bk_app_code=ci&bk_app_secret=s3cr3t&bk_token=t0k&bk_biz_id=1',
      ),
    ).toBe(
      '/api/c/compapi/v2/job/get_job_instance_log/?bk_app_code=ci&bk_app_secret=******&bk_token=******&bk_biz_id=1',
    )
    expect(redactUrl('/api/files/abc/content?sn=a1&exp=99&sig=xyz')).toBe(
      '/api/files/abc/content?sn=a1&exp=99&sig=******',
    )
    expect(redactUrl('/review/abcdefghijkl')).toBe('/review/abcdef…')
  })
})
