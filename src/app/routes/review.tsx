import { Button } from 'antd'
import { Link, useParams } from 'react-router'
import { paths } from '../../config/paths'
import { ReviewPanel } from '../../features/scripts/components/review-panel'
import { useScriptsMessages } from '../../features/scripts/scripts-messages'

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
