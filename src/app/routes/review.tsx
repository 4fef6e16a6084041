import type { QueryClient } from '@tanstack/react-query'
import { Button } from 'antd'
import { Link, useParams, type LoaderFunctionArgs } from 'react-router'
import { paths } from '../../config/paths'
import { scriptQueries } from '../../features/scripts/api/script-queries'
import { ReviewPanel } from '../../features/scripts/components/review-panel'
import { useScriptsMessages } from '../../features/scripts/scripts-messages'

/** Opens the link before the page renders (a refused link then shows its reason without a spinner first). */
export function clientLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) => queryClient.ensureQueryData(scriptQueries.reviewLink(params.token ?? ''))
}

/** Where a review link lands (after login when needed). */
export function Component() {
  const m = useScriptsMessages()
  const { token = '' } = useParams()
  return (
    <ReviewPanel
      token={token}
      libraryLink={
        <Link to={paths.scripts.href()}>
          <Button>{m.review.toLibrary}</Button>
        </Link>
      }
    />
  )
}
