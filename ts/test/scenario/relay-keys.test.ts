// The relay scenarios' WireGuard keys: fixed per name (the constants below are
// what `wg pubkey` prints for the private keys), the same on every call.
import t from 'tap'
import { wgKeys } from '../../../pkgs/relay/scenarios/relay.js'

t.test("each peer's key pair is fixed by its name, and made once", async (t) => {
  t.same(wgKeys('peer-a'), {
    privateKey: 'HqwqfXQoUeat3Mmsj9TW2s9Yyyn7/AGJfxUl2mNZADM=',
    publicKey: 'YnqEJ1Z+OHmEeAESBPlBm2XI0WjMIOa0DsShIqECPDI=',
  })
  t.equal(wgKeys('peer-b').publicKey, 'LIeWVl0D/RUPL0XxjpLlNW/c9AAXUmpNCGqbBZf0YEg=')
  t.equal(wgKeys('peer-a'), wgKeys('peer-a'), 'the same pair, not made again')
  t.not(wgKeys('peer-a').privateKey, wgKeys('peer-b').privateKey)
})
