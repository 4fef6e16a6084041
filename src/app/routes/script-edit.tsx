import { useNavigate, useParams } from 'react-router'
import { paths } from '../../config/paths'
import { ScriptEditor } from '../../features/scripts/components/script-editor'

export function Component() {
  const navigate = useNavigate()
  const { scriptUuid = '' } = useParams()
  return (
    <ScriptEditor
      scriptUuid={scriptUuid}
      onClose={() => navigate(paths.scripts.href())}
      onSaved={(id) => navigate(paths.script.href(id))}
    />
  )
}
