import type { Page } from '@playwright/test'

/** Creates an alarm integration key through the console API as the signed-in admin; returns the raw key. */
export async function createIntegrationKey(page: Page, name: string): Promise<string> {
  return page.evaluate(async (keyName) => {
    const session = await (await fetch('/api/session')).json()
    const res = await fetch('/api/integration-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ name: keyName }),
    })
    if (res.status !== 201) throw new Error(`integration key: HTTP ${res.status} ${await res.text()}`)
    return (await res.json()).key as string
  }, name)
}

/** Posts one alarm to the integration webhook with `key`, as a monitoring system does; returns the answer. */
export function postAlarm(baseURL: string | undefined, key: string, alarm: Record<string, unknown>) {
  return fetch(`${baseURL}/v1/event/huawei/custom/${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alarm),
  })
}
