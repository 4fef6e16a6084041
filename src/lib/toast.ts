import type { MessageInstance } from 'antd/es/message/interface'

let api: MessageInstance | undefined

/** Bridges antd's context-aware `message` to code outside React (the MutationCache). Set by the shell. */
export function setToastApi(instance: MessageInstance) {
  api = instance
}

export const toast = {
  error: (text: string) => void api?.error(text),
  success: (text: string) => void api?.success(text),
}
