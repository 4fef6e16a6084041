import { inject } from 'vitest'

// Apps built by node tests take their DATA_DIR from loadConfig: point it at the run's temp dir (made by
// pg-global-setup) so no test writes var/files, var/agents or var/secret.key inside the repository.
process.env.DATA_DIR = inject('testDataDir')
