import { useMutation, useQueryClient } from '@tanstack/react-query'
import { fileRoutes, type PushFilesBody } from '../../../contract/files'
import { call } from '../../../lib/api-client'
import { fileQueries } from './file-queries'

/** Uploads one file as its raw bytes (the BFF streams them to disk). */
export function useUploadFile(opts: { successMessage: string }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (file: File) => call(fileRoutes.upload, { query: { name: file.name }, raw: file }),
    meta: { successMessage: opts.successMessage },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fileQueries.all() }),
  })
}

export function useDeleteFile(opts: { successMessage: string }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (fileId: string) => call(fileRoutes.remove, { params: { fileId } }),
    meta: { successMessage: opts.successMessage },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fileQueries.all() }),
  })
}

/** Starts a push ticket; `onStarted` gets its execute uuid (the ticket page follows it live). */
export function usePushFiles(opts: { successMessage: string; onStarted: (executeUuid: string) => void }) {
  return useMutation({
    mutationFn: (body: PushFilesBody) => call(fileRoutes.push, { body }),
    meta: { successMessage: opts.successMessage },
    onSuccess: (r) => opts.onStarted(r.executeUuid),
  })
}
