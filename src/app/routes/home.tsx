import { useQuery } from '@tanstack/react-query'
import { Card, Col, Row, Typography } from 'antd'
import { Link } from 'react-router'
import { hasPermission } from '../../contract/identity'
import { sessionQueries } from '../../features/session/api/session-queries'
import { fmt } from '../../lib/i18n'
import { NAV } from '../nav'
import { useShellMessages } from '../shell-messages'

/** Start page: a card per page the role may open. */
export function Component() {
  const m = useShellMessages()
  const { data } = useQuery(sessionQueries.me())
  const role = data?.user.role ?? 'viewer'
  return (
    <>
      <Typography.Title level={3}>{fmt(m.home.welcome, { name: data?.user.displayName ?? '' })}</Typography.Title>
      <Typography.Paragraph type="secondary">{fmt(m.home.intro, { role: m.roles[role] })}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {NAV.filter((n) => n.group !== 'admin' && hasPermission(role, n.access)).map((n) => (
          <Col key={n.key} xs={24} sm={12} lg={8}>
            <Link to={n.path}><Card hoverable size="small" title={m.nav[n.key]} /></Link>
          </Col>
        ))}
      </Row>
    </>
  )
}
