import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Flex, Form, Input, Radio, Result, Space, Spin, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import { RiskLevelSchema, type RiskLevel } from '../../../contract/scripts'
import { ApiError } from '../../../lib/api-client'
import { formatLocalDateTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useDecideReview } from '../api/script-mutations'
import { scriptQueries } from '../api/script-queries'
import { useScriptsMessages } from '../scripts-messages'
import { DiffView } from './diff-view'
import { ScriptOverview } from './script-overview'

export interface ReviewPanelProps {
  token: string
  /** Link to the library, shown on refusal and after deciding. */
  libraryLink: ReactNode
}

/** The page a review link opens: diff against the last approved revision, findings, approve/reject. */
export function ReviewPanel({ token, libraryLink }: ReviewPanelProps) {
  const m = useScriptsMessages()
  const { locale } = useLocale()
  const link = useQuery(scriptQueries.reviewLink(token))
  const [comment, setComment] = useState('')
  const [risk, setRisk] = useState<RiskLevel | undefined>()
  const decide = useDecideReview(token, { successMessage: m.review.decided })
  if (link.error) {
    const code = link.error instanceof ApiError ? link.error.code : 'other'
    return (
      <Result
        status="warning"
        title={m.review.refused[code] ?? m.review.refused.other}
        subTitle={
          <>
            <div>{link.error.message}</div>
            <div>{m.review.nothingChanged}</div>
          </>
        }
        extra={libraryLink}
      />
    )
  }
  if (!link.data) return <Spin />
  const { view, diff, canDecide, myDecision, expiresAt, decided } = link.data
  const s = view.script
  const riskLevel = risk ?? s.properties.risk_level
  const send = (decision: 'approve' | 'reject') =>
    decide.mutate({ decision, comment, riskLevel: riskLevel !== s.properties.risk_level ? riskLevel : undefined })
  // Just decided here: say what it did; opened again later: say who decided what, and when.
  const outcome =
    decided && !decide.isSuccess ? (
      <Result
        status={decided.decision === 'rejected' ? 'error' : 'success'}
        title={fmt(m.review.alreadyDecided, { by: decided.by, decision: m.decision[decided.decision] })}
        subTitle={
          <>
            {decided.at && <div>{fmt(m.review.decidedAt, { at: formatLocalDateTime(decided.at, locale) })}</div>}
            {decided.comment && <div>{fmt(m.review.decidedComment, { comment: decided.comment })}</div>}
            <div>{fmt(m.review.nowStatus, { status: m.status[s.status] })}</div>
          </>
        }
        extra={libraryLink}
      />
    ) : (
      <Result
        status={s.status === 'REJECTED' ? 'error' : 'success'}
        title={fmt(m.review.done, { decision: m.decision[myDecision], status: m.status[s.status] })}
        extra={libraryLink}
      />
    )
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', minWidth: 0 }}>
      <Typography.Title level={3} style={{ overflowWrap: 'anywhere', margin: 0 }}>
        {fmt(m.review.title, { name: s.name })}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>
        {fmt(m.review.intro, { revision: diff.to.revision, author: diff.to.author })}
      </Typography.Paragraph>
      {canDecide ? (
        <Card size="small">
          <Form layout="vertical">
            <Form.Item label={m.review.riskLevel}>
              <Radio.Group
                optionType="button"
                value={riskLevel}
                onChange={(e) => setRisk(e.target.value)}
                options={RiskLevelSchema.options.map((r) => ({ value: r, label: m.risk[r] }))}
              />
            </Form.Item>
            <Form.Item label={m.review.comment} extra={m.review.commentHint}>
              <Input.TextArea
                aria-label={m.review.comment}
                rows={3}
                maxLength={512}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </Form.Item>
            {/* Two large buttons side by side that wrap on a phone: reachable with a thumb, never off-screen. */}
            <Flex gap={8} wrap>
              <Button
                type="primary"
                size="large"
                style={{ flex: '1 1 140px' }}
                loading={decide.isPending}
                onClick={() => send('approve')}
              >
                {m.review.approve}
              </Button>
              <Button
                danger
                size="large"
                style={{ flex: '1 1 140px' }}
                loading={decide.isPending}
                disabled={!comment.trim()}
                onClick={() => send('reject')}
              >
                {m.review.reject}
              </Button>
            </Flex>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {fmt(m.review.expires, { at: formatLocalDateTime(expiresAt, locale) })}
          </Typography.Paragraph>
        </Card>
      ) : (
        outcome
      )}
      <Card size="small" title={m.review.diffTitle}>
        {diff.from === null && <Alert type="info" showIcon title={m.review.firstReview} style={{ marginBottom: 12 }} />}
        <DiffView diff={diff} />
      </Card>
      {/* The overview lists the risk findings too: once is enough. */}
      <ScriptOverview view={view} />
    </Space>
  )
}
