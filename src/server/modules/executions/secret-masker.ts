import { SENSITIVE_MASK } from '../../../contract/script-rules'

/**
 * Masks sensitive parameter values in a stream of output, so a script that echoes its password does not put
 * it in the stored log, the live stream or a download. Text is released only up to a point where no secret
 * can still be forming: the last `longest - 1` characters are held back, and a cut never falls inside an
 * occurrence. `end()` releases the rest.
 */
export class SecretMasker {
  private readonly secrets: string[]
  private readonly hold: number
  private pending = ''

  constructor(secrets: string[]) {
    // Very short values (1–2 characters) would mask ordinary text everywhere; they are not treated as secrets.
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length)
    this.hold = this.secrets.length ? this.secrets[0]!.length - 1 : 0
  }

  /** Feeds a chunk; returns the masked text that can be released now. */
  push(chunk: string): string {
    if (!this.secrets.length) return chunk
    this.pending += chunk
    let cut = Math.max(0, this.pending.length - this.hold)
    for (const s of this.secrets) {
      for (let at = this.pending.indexOf(s); at !== -1 && at < cut; at = this.pending.indexOf(s, at + 1)) {
        if (at + s.length > cut) cut = at
      }
    }
    const out = this.pending.slice(0, cut)
    this.pending = this.pending.slice(cut)
    return mask(out, this.secrets)
  }

  /** Releases what is held back. */
  end(): string {
    const out = mask(this.pending, this.secrets)
    this.pending = ''
    return out
  }
}

function mask(text: string, secrets: string[]): string {
  let out = text
  for (const s of secrets) out = out.split(s).join(SENSITIVE_MASK)
  return out
}
