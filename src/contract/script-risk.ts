/**
 * A small list of dangerous-command rules, run over script content to show reviewers risk findings
 * (the BlueKing "high-risk statement" idea). Findings inform; they do not block.
 */
export interface RiskRule {
  /** Stable id; the UI labels findings by it in both languages. */
  id: string
  severity: 'high' | 'medium'
  pattern: RegExp
  /** English explanation, used by API clients and logs. */
  message: string
}

export const RISK_RULES: RiskRule[] = [
  {
    id: 'rm-rf-root',
    severity: 'high',
    pattern:
      /\brm\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+(-[a-zA-Z]+\s+)*(--no-preserve-root\s+)?["']?\/(\*|\s|["']|$)/,
    message: 'Recursive delete of the root file system',
  },
  {
    // `rm -rf $DIR/*` with DIR unset deletes from /; a glob deletes whatever happens to match.
    id: 'rm-rf-wildcard',
    severity: 'high',
    pattern: /\brm\s+(?:[^\n;&|]*\s)?(?:-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)(?:\s[^\n;&|]*)?\s["']?[^\s;&|]*[*$]/,
    message: 'Recursive delete of a wildcard or variable path',
  },
  { id: 'mkfs', severity: 'high', pattern: /\bmkfs(\.[a-z0-9]+)?\b/, message: 'Formats a file system' },
  {
    id: 'dd-device',
    severity: 'high',
    pattern: /\bdd\b[^\n]*\bof=\/dev\/(sd|hd|vd|nvme|xvd)/,
    message: 'Writes raw data to a disk device',
  },
  {
    id: 'shutdown',
    severity: 'high',
    pattern: /(^|[;&|(]|\bsudo)\s*((shutdown|poweroff|halt|reboot)(\s|;|$)|init\s+[06]\b)/,
    message: 'Shuts down or reboots the host',
  },
  {
    id: 'curl-pipe-shell',
    severity: 'high',
    pattern: /\b(curl|wget)\b[^\n|]*\|\s*(sudo\s+)?(ba|z|k|da)?sh\b/,
    message: 'Runs a script downloaded from the network',
  },
  { id: 'fork-bomb', severity: 'high', pattern: /:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/, message: 'Fork bomb' },
  {
    id: 'chmod-777-root',
    severity: 'medium',
    pattern: /\bchmod\s+(-R\s+)?777\s+\/(\s|$)/,
    message: 'Opens permissions on the root file system',
  },
  { id: 'windows-format', severity: 'high', pattern: /\bformat\s+[a-z]:/i, message: 'Formats a Windows drive' },
  {
    id: 'windows-recursive-delete',
    severity: 'high',
    pattern: /\b(del|rd|rmdir)\s+[^\n]*\/s\b[^\n]*[a-z]:\\/i,
    message: 'Recursive delete on a Windows drive',
  },
  {
    id: 'python-rmtree-root',
    severity: 'high',
    pattern: /shutil\.rmtree\(\s*["']\/["']/,
    message: 'Recursive delete of the root file system',
  },
]

export interface RiskFinding {
  rule: string
  severity: RiskRule['severity']
  message: string
  /** 1-based line number. */
  line: number
  /** The offending line, trimmed to 200 characters. */
  excerpt: string
}

/** Every rule match, one finding per rule and line. */
export function scanScript(content: string): RiskFinding[] {
  const findings: RiskFinding[] = []
  content.split('\n').forEach((text, i) => {
    const code = text.trimStart()
    // Comments do not run (shell, python, bat `rem`/`::`).
    if (code.startsWith('#') || /^(rem\s|::)/i.test(code)) return
    for (const rule of RISK_RULES) {
      if (rule.pattern.test(text)) {
        findings.push({
          rule: rule.id,
          severity: rule.severity,
          message: rule.message,
          line: i + 1,
          excerpt: text.trim().slice(0, 200),
        })
      }
    }
  })
  return findings
}
