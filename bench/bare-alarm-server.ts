// A peer for bench/alarms.ts: the floor of any Node webhook on this machine. One bare Fastify process whose
// POST route parses the JSON body and answers `{}`: no storage, no authentication, no validation. Env: PORT.
import Fastify from 'fastify'

const app = Fastify()
app.post('/hook', async (req) => {
  if (!req.body || typeof req.body !== 'object') throw new Error('no body')
  return {}
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
console.log('listening')
