// Terminal escape sequences out of a console's stream, so patterns see text.
// qemu hands a serial port's bytes on as the guest writes them, so a sequence
// can end one chunk and finish in the next: an unfinished one at a chunk's end
// waits for the rest instead of leaving its tail ("0;1;39m") in the text.

// CSI (any parameter bytes: firmware sends ESC[=3h) and OSC sequences, and the
// lone escapes terminals use; CR and NUL too.
export const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>()#%][0-9A-Za-z]?|\x1b.|\r|\0/g

// What an ESCAPES sequence looks like before its last character: held back.
// eslint-disable-next-line no-control-regex
const UNFINISHED = /\x1b(\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[=>()#%])?$/

/** Bounded, so a stray ESC before a long run of text can't hold the text back for long. */
const MAX_HELD = 256

export class EscapeStripper {
  private held = ''

  /** The text of `chunk` (with what an earlier chunk left unfinished before it), escapes removed. */
  push(chunk: string): string {
    const text = this.held + chunk
    const unfinished = UNFINISHED.exec(text)
    const cut = unfinished && text.length - unfinished.index <= MAX_HELD ? unfinished.index : text.length
    this.held = text.slice(cut)
    return text.slice(0, cut).replace(ESCAPES, '')
  }
}
