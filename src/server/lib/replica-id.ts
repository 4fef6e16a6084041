import { hostname } from 'node:os'

/** This process's replica id: `REPLICA_ID`, else host name and pid (unique among live processes). */
export const REPLICA_ID = process.env.REPLICA_ID || `${hostname()}-${process.pid}`
