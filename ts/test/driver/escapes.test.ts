import t from 'tap'
import { EscapeStripper } from '../../src/driver/escapes.js'

// Firmware's mode set, systemd's status line (the unit name coloured) and agetty's terminal reset, as they reach a serial console.
const STREAM =
  '[\x1b[0;32m  OK  \x1b[0m] Reached target \x1b[0;1;39mmulti-user.target\x1b[0m.\r\n\x1b[!p\x1b]104\x07\x1b[?7h'
const TEXT = '[  OK  ] Reached target multi-user.target.\n'

t.test('a sequence split across two chunks is stripped whole, wherever the split falls', async (t) => {
  for (let at = 0; at <= STREAM.length; at++) {
    const escapes = new EscapeStripper()
    const text = escapes.push(STREAM.slice(0, at)) + escapes.push(STREAM.slice(at))
    if (text !== TEXT) t.fail(`split at ${at}: ${JSON.stringify(text)}`)
  }
  t.pass(`all ${STREAM.length + 1} splits give the text`)
})

t.test('byte by byte, as qemu may hand them on', async (t) => {
  const escapes = new EscapeStripper()
  t.equal([...STREAM].map((c) => escapes.push(c)).join(''), TEXT)
})

t.test('plain text passes at once; an unfinished sequence waits, a stray ESC is not held for long', async (t) => {
  const escapes = new EscapeStripper()
  t.equal(escapes.push('login: '), 'login: ')
  t.equal(escapes.push('root\x1b[0'), 'root')
  t.equal(escapes.push(`;1m${'x'.repeat(300)}`), 'x'.repeat(300))
  t.equal(escapes.push(`\x1b]0;${'y'.repeat(300)}`), `0;${'y'.repeat(300)}`, 'an OSC past 256 characters is let go')
})
