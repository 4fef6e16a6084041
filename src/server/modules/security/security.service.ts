import type { Log } from '../../lib/log'
import type { SecurityRepository } from './security.repository'

/**
 * What other modules use of the shared security counters: login throttling and AK/SK replay protection
 * (the API rate limit is the security-headers plugin's, over the repository).
 */
export class SecurityService {
  constructor(
    private readonly repo: SecurityRepository,
    private readonly log: Log,
  ) {}

  /** Counts one login attempt for `key` in a window of `windowMs`: the count including it, and the wait. */
  countLoginAttempt(key: string, windowMs: number) {
    return this.repo.countLoginAttempt(key, windowMs)
  }

  /** Forgets the attempts of `key` after a successful login. */
  clearLoginAttempts(key: string) {
    return this.repo.clearLoginAttempts(key)
  }

  /**
   * True the first time a verified signature is seen before `expiresAt`, false for a replay. Now and then
   * (1 call in 100) the signatures whose window has passed are swept.
   */
  async firstUseOfSignature(signature: string, expiresAt: Date) {
    const first = await this.repo.rememberSignature(signature, expiresAt)
    if (Math.random() < 0.01)
      void this.repo
        .purgeSignatures()
        .catch((err) => this.log.warn({ err }, 'purge of expired AK/SK signatures failed'))
    return first
  }
}
