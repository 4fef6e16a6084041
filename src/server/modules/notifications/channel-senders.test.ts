import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signBody, webhookPayload } from './channel-senders'
import { targetHint } from './channels.service'

const msg = { event: 'incident.page', subject: '[P1] down', text: 'INC1: down', url: 'https://ops/incidents/INC1' }

describe('channel payloads', () => {
  it("uses each robot's text-message shape", () => {
    expect(webhookPayload('dingtalk', msg)).toEqual({
      msgtype: 'text',
      text: { content: '[P1] down\nINC1: down\nhttps://ops/incidents/INC1' },
    })
    expect(webhookPayload('wecom', msg)).toMatchObject({ msgtype: 'text' })
    expect(webhookPayload('welink', msg)).toMatchObject({
      messageType: 'text',
      content: { text: expect.stringContaining('INC1') },
    })
    expect(webhookPayload('lark', msg)).toMatchObject({
      msg_type: 'text',
      content: { text: expect.stringContaining('INC1') },
    })
    expect(webhookPayload('slack', msg)).toEqual({
      text: '*[P1] down*\nINC1: down\n<https://ops/incidents/INC1|Open in the console>',
    })
    expect(webhookPayload('generic', msg, 0)).toEqual({ ...msg, sent_at: '1970-01-01T00:00:00.000Z' })
  })

  it('signs generic bodies with hex HMAC-SHA256', () => {
    expect(signBody('k', '{"a":1}')).toBe(`sha256=${createHmac('sha256', 'k').update('{"a":1}').digest('hex')}`)
  })

  it('shows targets without their secret parts', () => {
    expect(targetHint('email', 'olivia@example.com')).toBe('o…@example.com')
    expect(targetHint('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=SECRET')).toBe(
      'https://oapi.dingtalk.com/robot…',
    )
  })
})
