import { HostTargets, type HostTargetsProps } from '../../../../components/host-targets'

export type StepTargetsProps = HostTargetsProps

/** Step 3 of the wizard: the shared host picker (search, paste a list, saved query, online first, the limit). */
export function StepTargets(props: StepTargetsProps) {
  return <HostTargets {...props} />
}
