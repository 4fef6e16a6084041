import { readFileSync } from 'node:fs'

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces or parentheses, so cut after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

function cmdline(pid: number) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return ''
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Calls `onGone` once when the process that launched us goes away. `npm start` runs npm → sh → tsx → this
 * process; `kill <npm pid>` ends npm and sh but not tsx, so the console would live on detached from anything
 * that can stop it. The watched chain is our ancestors up to and including the npm process (or just the parent
 * when there is no npm above us, or no /proc).
 */
export function watchLauncher(onGone: () => void, everyMs = 1000) {
  const chain = [process.ppid]
  for (let pid = process.ppid, i = 0; i < 4; i++) {
    if (/\bnpm\b|npm-cli/.test(cmdline(pid))) break
    const up = parentOf(pid)
    if (!up || up <= 1) {
      chain.splice(1)
      break
    }
    chain.push(up)
    pid = up
  }
  if (!chain.some((p) => /\bnpm\b|npm-cli/.test(cmdline(p)))) chain.splice(1)
  const timer = setInterval(() => {
    if (chain.every(alive) && process.ppid === chain[0]) return
    clearInterval(timer)
    onGone()
  }, everyMs)
  timer.unref()
}
