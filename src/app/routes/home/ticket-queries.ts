import { executionQueries } from '../../../features/executions/api/execution-queries'

const ROWS = 5

/**
 * The home board's ticket queries; the route loader warms the first one (STYLE §8). Apart from the panels so
 * the loader can load just these (the panels load on their own, after the board's frame).
 */
export const homeTicketQueries = {
  running: () => executionQueries.list({ status: 'PROCESSING', pageSize: ROWS }),
  paused: () => executionQueries.list({ status: 'PAUSED', pageSize: ROWS }),
  mine: (username: string) => executionQueries.list({ creator: username, pageSize: ROWS }),
}
