type Kind = 'error' | 'success'

/**
 * Global toasts for code outside React (the MutationCache). antd's message is loaded on the first toast,
 * not with the first screen: it pulls the whole notification machinery (~15 kB gzip). The static API does
 * not read ConfigProvider's theme, which is the default one anyway.
 */
async function show(kind: Kind, text: string) {
  const { default: message } = await import('antd/es/message')
  void message[kind](text)
}

export const toast = {
  error: (text: string) => void show('error', text),
  success: (text: string) => void show('success', text),
}
