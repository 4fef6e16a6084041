import nodemailer, { type Transporter } from 'nodemailer'

/** SMTP settings from the environment (SMTP_URL, SMTP_FROM, SMTP_REQUIRE_TLS, SMTP_TLS_REJECT_UNAUTHORIZED). */
export interface MailSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the first byte). */
  smtpUrl: string | undefined
  smtpFrom: string
  /** Refuse to send unless the server upgrades to TLS (STARTTLS). */
  smtpRequireTls: boolean
  /** Check the server's certificate (turn off only for a private relay with a self-signed certificate). */
  smtpTlsRejectUnauthorized: boolean
}

export interface Mail {
  to: string
  subject: string
  text: string
}

/**
 * E-mail through nodemailer: one pooled transport per console, TLS as the settings ask. `send` throws on any
 * refusal so the job queue retries it; nothing is reported as sent that the server did not accept.
 */
export class Mailer {
  private transport: Transporter | undefined

  constructor(private readonly settings: MailSettings) {}

  get configured() {
    return !!this.settings.smtpUrl
  }

  async send(mail: Mail) {
    if (!this.settings.smtpUrl) throw new Error('SMTP_URL is not configured')
    this.transport ??= nodemailer.createTransport(transportOptions(this.settings, this.settings.smtpUrl))
    const info = await this.transport.sendMail({ from: this.settings.smtpFrom, ...mail })
    if (info.rejected?.length) throw new Error(`SMTP server rejected ${info.rejected.join(', ')}`)
  }

  close() {
    this.transport?.close()
    this.transport = undefined
  }
}

/** nodemailer's options from the URL (its own `url` option drops the TLS options given beside it). */
function transportOptions(settings: MailSettings, smtpUrl: string) {
  const u = new URL(smtpUrl)
  const secure = u.protocol === 'smtps:'
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 465 : 25)),
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    requireTLS: settings.smtpRequireTls,
    tls: { rejectUnauthorized: settings.smtpTlsRejectUnauthorized },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  }
}
