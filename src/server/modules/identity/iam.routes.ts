import type { FastifyInstance } from 'fastify'
import { iamRoutes } from '../../../contract/iam'
import { ValidationError } from '../../lib/errors'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** IAM-compatible token endpoint: `X-Subject-Token` in the response header, 201. */
export function registerIamRoutes(app: FastifyInstance, { auth }: Services) {
  route(app, iamRoutes.createToken, async ({ body, ctx, reply }) => {
    const { user: u } = body.auth.identity.password
    const scope = body.auth.scope
    if (u.id && !u.name)
      throw new ValidationError('Log in by user name: user.id is not supported here', [
        { path: 'auth.identity.password.user.name', message: 'required' },
      ])
    const issued = await auth.issueIamToken(u.name!, u.password, scope?.project?.name, ctx)
    reply.header('X-Subject-Token', issued.token)
    const domain = { id: 'default', name: u.domain?.name ?? 'default' }
    return {
      token: {
        methods: ['password'],
        expires_at: issued.expiresAt.toISOString(),
        issued_at: issued.issuedAt.toISOString(),
        user: { id: issued.user.id, name: issued.user.username, domain },
        project: { id: issued.tenant.id, name: issued.tenant.name, domain },
        roles: [{ id: issued.user.role, name: issued.user.role }],
      },
    }
  })
}
