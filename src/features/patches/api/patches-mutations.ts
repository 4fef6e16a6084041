import type { z } from 'zod'
import {
  patchRoutes,
  type Baseline,
  type BaselineBodySchema,
  type PatchNowResult,
  type ScanOrder,
} from '../../../contract/patches'
import { call } from '../../../lib/api-client'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'
import { patchQueries } from './patches-queries'

type Options<TData, TVars> = MutationOptions<TData, TVars>
type BaselineBody = z.input<typeof BaselineBodySchema>

function usePatchMutation<TData, TVars>(fn: (v: TVars) => Promise<TData>, options?: Options<TData, TVars>) {
  return useInvalidatingMutation(patchQueries.all(), fn, options)
}

/** Starts a scan of the given hosts (all online hosts when empty). */
export function useStartScan(options?: Options<ScanOrder, string[]>) {
  return usePatchMutation((ids: string[]) => call(patchRoutes.startScan, { body: { instance_ids: ids } }), options)
}

/** Creates a baseline, or replaces it when an id is given; the server re-evaluates affected reports. */
export function useSaveBaseline(options?: Options<Baseline, { id?: string; body: BaselineBody }>) {
  return usePatchMutation(
    ({ id, body }: { id?: string; body: BaselineBody }) =>
      id
        ? call(patchRoutes.updateBaseline, { params: { baselineId: id }, body })
        : call(patchRoutes.createBaseline, { body }),
    options,
  )
}

export function useDeleteBaseline(options?: Options<{ ok: true }, string>) {
  return usePatchMutation((id: string) => call(patchRoutes.deleteBaseline, { params: { baselineId: id } }), options)
}

/** Patch now: installs the chosen non-compliant hosts' missing patches as a ticket (the reviewed patch_install). */
export function usePatchNow(options?: Options<PatchNowResult, string[]>) {
  return usePatchMutation((ids: string[]) => call(patchRoutes.patchNow, { body: { instance_ids: ids } }), options)
}
