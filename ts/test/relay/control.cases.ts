// The control protocol: link add's error codes, peer add's checks, help, and
// malformed requests, each answered with a JSON error while relayd lives on.
import type { Test } from 'tap'
import { controlLine, type Flavor } from './harness.js'
import { startPair } from './fixture.js'
import { newKey } from './wg.js'

const MALFORMED: Array<[string, string]> = [
  ['{', 'bad_json'],
  ['not json at all', 'bad_json'],
  ['[1,2]', 'bad_json'],
  ['{"cmd":"show"} trailing', 'bad_json'],
  ['{"cmd":"show","cmd":"show"}', 'bad_json'],
  ['{"cmd":{"nested":1}}', 'bad_json'],
  ['{"cmd":"show","x":"\\ud800"}', 'bad_json'],
  ['{"cmd":"sh\u0001ow"}', 'bad_json'],
  ['{"cmd":"\\u0000"}', 'bad_json'],
  ['{"cmd":12}', 'missing_field'],
  ['{}', 'missing_field'],
  ['{"cmd":"launch missiles"}', 'unknown_cmd'],
  ['{"cmd":"show","verbose":true}', 'unknown_field'],
  ['{"cmd":"link add","a":"alice"}', 'missing_field'],
  ['{"cmd":"link add","a":"alice","b":7}', 'missing_field'],
]

export function controlCases(t: Test, flavor: Flavor) {
  t.test('link add: one distinct error code per failure', async (t) => {
    const { relay } = await startPair(t, flavor)
    await relay.ok('peer add', { name: 'dave', pubkey: newKey(), endpoint: '127.0.0.1:9' })
    const cases: Array<[string, string, string]> = [
      ['alice', 'nobody', 'wg_peer_unknown'],
      ['nobody', 'alice', 'wg_peer_unknown'],
      ['carol', 'carol', 'wg_link_self'],
      ['alice', 'bob', 'wg_link_duplicate'],
      ['bob', 'alice', 'wg_link_duplicate'],
      ['alice', 'carol', 'link_limit_exceeded'],
      ['carol', 'bob', 'link_limit_exceeded'],
    ]
    for (const [a, b, code] of cases) {
      const reply = await relay.ctl('link add', { a, b })
      t.match(reply, { ok: false, error: { code, message: String } }, `link add ${a} ${b} → ${code}`)
    }
    t.match(
      await relay.ctl('link add', { a: 'carol', b: 'dave' }),
      { ok: true, link: ['carol', 'dave'] },
      'two free peers link',
    )
    t.same((await relay.ok('link list')).links, [
      ['alice', 'bob'],
      ['carol', 'dave'],
    ])
    t.match(await relay.ctl('link remove', { a: 'carol', b: 'alice' }), { ok: false, error: { code: 'link_unknown' } })
    await relay.ok('link remove', { a: 'dave', b: 'carol' })
    await relay.ok('peer remove', { name: 'alice' })
    t.match(
      await relay.ok('peer list'),
      { peers: [{ name: 'bob', partner: null }, { name: 'carol' }, { name: 'dave' }] },
      'removing a peer removes its link',
    )
    t.match(await relay.ok('show'), { peers: 3, links: 0 })
  })

  t.test("help covers every verb and link add's states the one-link rule", async (t) => {
    const { relay } = await startPair(t, flavor)
    const verbs: Array<{ cmd: string; help: string }> = (await relay.ok('help')).verbs
    t.same(
      verbs.map((v) => v.cmd),
      [
        'help',
        'peer add',
        'peer remove',
        'peer list',
        'link add',
        'link remove',
        'link list',
        'show',
        'show drop_sources',
        'show config',
      ],
    )
    for (const v of verbs) t.ok(v.help.length > 20, `${v.cmd} has help`)
    const linkAdd = verbs.find((v) => v.cmd === 'link add')!.help
    t.match(linkAdd, /at most one link/)
    for (const code of ['wg_peer_unknown', 'wg_link_self', 'wg_link_duplicate', 'link_limit_exceeded'])
      t.match(linkAdd, code)
  })

  t.test('peer add validates name, key and endpoint', async (t) => {
    const { relay, alice } = await startPair(t, flavor)
    const key = newKey()
    const cases: Array<[Record<string, string>, string]> = [
      [{ name: 'alice', pubkey: key, endpoint: '127.0.0.1:1' }, 'peer_exists'],
      [{ name: 'x y', pubkey: key, endpoint: '127.0.0.1:1' }, 'bad_request'],
      [{ name: 'e', pubkey: 'abc', endpoint: '127.0.0.1:1' }, 'bad_request'],
      [{ name: 'e', pubkey: key, endpoint: '127.0.0.1' }, 'bad_request'],
      [{ name: 'e', pubkey: key, endpoint: '[::1]:5' }, 'bad_request'],
      [{ name: 'e', pubkey: key, endpoint: alice.endpoint }, 'endpoint_in_use'],
      [{ name: 'e', pubkey: (await relay.ok('peer list')).peers[0].pubkey, endpoint: '127.0.0.1:1' }, 'pubkey_in_use'],
    ]
    for (const [args, code] of cases)
      t.match(await relay.ctl('peer add', args), { ok: false, error: { code } }, `${JSON.stringify(args)} → ${code}`)
  })

  t.test('malformed requests get a JSON error and relayd keeps serving', async (t) => {
    const { relay } = await startPair(t, flavor)
    for (const [line, code] of MALFORMED) {
      const reply = JSON.parse(await controlLine(relay.control, line))
      t.match(reply, { ok: false, error: { code, message: String } }, `${JSON.stringify(line)} → ${code}`)
    }
    const long = JSON.parse(await controlLine(relay.control, `{"cmd":"${'x'.repeat(10000)}"}`))
    t.match(long, { ok: false, error: { code: 'line_too_long' } })
    const bad = JSON.parse(await controlLine(relay.control, '{"cmd":"show" "x"}'))
    t.match(bad.error.message, /'\{"cmd":"show" "x"\}'/, 'the parse error quotes the input')
    t.match(await relay.ok('show'), { ok: true, peers: 3 }, 'still serving')
  })
}
