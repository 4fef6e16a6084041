/** The drizzle schema, one file per domain; each has a matching SQL migration in ../migrations. */
export * from './identity'
export * from './cmdb'
export * from './patches'
export * from './scripts'
export * from './inbox'
export * from './incidents'
export * from './war-rooms'
export * from './executions'
