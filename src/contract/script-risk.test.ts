import { describe, expect, it } from 'vitest'
import { scanScript } from './script-risk'

const rules = (content: string) => scanScript(content).map((f) => f.rule)

describe('risk findings', () => {
  it.each([
    ['rm -rf /', 'rm-rf-root'],
    ['rm -rf /*', 'rm-rf-root'],
    ['sudo rm -fr / --no-preserve-root', 'rm-rf-root'],
    ['rm -r -f /', 'rm-rf-root'],
    ['rm -rf $TARGET', 'rm-rf-wildcard'],
    ['rm -rf "${dir}"/', 'rm-rf-wildcard'],
    ['rm -rf /var/lib/app/*', 'rm-rf-wildcard'],
    ['sudo rm --recursive --force $X/cache', 'rm-rf-wildcard'],
    ['mkfs.ext4 /dev/sdb1', 'mkfs'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'dd-device'],
    ['shutdown -h now', 'shutdown'],
    ['reboot', 'shutdown'],
    ['init 0', 'shutdown'],
    ['curl -fsSL https://x.sh | sh', 'curl-pipe-shell'],
    ['wget -qO- http://x | sudo bash', 'curl-pipe-shell'],
    [':(){ :|:& };:', 'fork-bomb'],
    ['chmod -R 777 /', 'chmod-777-root'],
    ['format c: /q', 'windows-format'],
    ['del /s /q c:\\', 'windows-recursive-delete'],
    ["shutil.rmtree('/')", 'python-rmtree-root'],
  ])('flags %s', (line, rule) => {
    expect(rules(`echo start\n${line}\n`)).toContain(rule)
  })

  it.each(['rm -rf /tmp/build', 'rm -f $LOG', 'rm -rf ./out && echo $HOME'])(
    'does not flag %s as a wildcard delete',
    (line) => {
      expect(rules(line)).not.toContain('rm-rf-wildcard')
    },
  )

  it('reports line numbers and excerpts', () => {
    expect(scanScript('echo a\n  rm -rf / \n')[0]).toMatchObject({
      rule: 'rm-rf-root',
      line: 2,
      excerpt: 'rm -rf /',
      severity: 'high',
    })
  })

  it('leaves ordinary scripts and comments alone', () => {
    expect(rules('rm -rf /tmp/build\necho shutdown-script\n# rm -rf /\ncurl -o x https://a\nls /\n')).toEqual([])
  })
})
