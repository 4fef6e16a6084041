import type { FastifyInstance } from 'fastify'
import { iamRoutes, iamTime } from '../../../contract/iam'
import { ValidationError } from '../../lib/errors'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** IAM-compatible token endpoint: `X-Subject-Token` in the response header, 201. */
export function registerIamRoutes(app: FastifyInstance, { auth }: Services) {
  route(app, iamRoutes.createToken, async ({ body, ctx, reply, request }) => {
    const { user: u } = body.auth.identity.password
    const scope = body.auth.scope
    if (u.id && !u.name)
      throw new ValidationError('Log in by user name: user.id is not supported here', [
        { path: 'auth.identity.password.user.name', message: 'required' },
      ])
    const issued = await auth.issueIamToken(u.name!, u.password, scope?.project?.name, ctx)
    reply.header('X-Subject-Token', issued.token)
    const domain = { id: 'default', name: u.domain?.name ?? 'default' }
    // The COC endpoint is this server, as the caller reached it; the project name stands for the region
    // (IAM project names are region names, e.g. ap-southeast-1).
    const region = issued.tenant.name
    const catalog = [
      {
        id: 'coc',
        name: 'coc',
        type: 'coc',
        endpoints: [
          {
            id: `coc-${region}`,
            interface: 'public',
            region,
            region_id: region,
            url: `${request.protocol}://${request.host}`,
          },
        ],
      },
    ]
    return {
      token: {
        methods: ['password'],
        expires_at: iamTime(issued.expiresAt),
        issued_at: iamTime(issued.issuedAt),
        catalog,
        user: { id: issued.user.id, name: issued.user.username, domain },
        project: { id: issued.tenant.id, name: issued.tenant.name, domain },
        roles: [{ id: issued.user.role, name: issued.user.role }],
      },
    }
  })
}
