import type { ScriptType } from '../contract/scripts'

/** Script languages by their names (the API's keys are upper-case); the same in both languages. */
export const SCRIPT_TYPE_NAMES: Record<ScriptType, string> = { SHELL: 'Shell', PYTHON: 'Python', BAT: 'Batch (.bat)' }
