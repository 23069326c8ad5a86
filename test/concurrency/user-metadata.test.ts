import { describe, expect, it } from 'vitest'
import { api } from '../helpers/api'
import { createUser } from '../helpers/factories'

const path = (userId: string) => `/api/v2/users/${encodeURIComponent(userId)}`
const N = 50

describe('user metadata under concurrent PATCHes', () => {
  it(`${N} PATCHes each adding a key all answer 200, and every key is kept`, async () => {
    const user = await createUser({ app_metadata: { existing: true } })
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => api.patch(path(user.user_id), { app_metadata: { [`k${i}`]: i }, user_metadata: { [`u${i}`]: [i] } })),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200))
    const { body } = await api.get(path(user.user_id))
    expect(body.app_metadata).toEqual({ existing: true, ...Object.fromEntries(Array.from({ length: N }, (_, i) => [`k${i}`, i])) })
    expect(body.user_metadata).toEqual(Object.fromEntries(Array.from({ length: N }, (_, i) => [`u${i}`, [i]])))
  })

  it('removals and additions of different keys, concurrently, all land', async () => {
    const start = Object.fromEntries(Array.from({ length: N }, (_, i) => [`old${i}`, i]))
    const user = await createUser({ app_metadata: start })
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => api.patch(path(user.user_id), { app_metadata: { [`old${i}`]: null, [`new${i}`]: { i } } })),
    )
    expect(answers.every((a) => a.status === 200)).toBe(true)
    const { body } = await api.get(path(user.user_id))
    expect(body.app_metadata).toEqual(Object.fromEntries(Array.from({ length: N }, (_, i) => [`new${i}`, { i }])))
  })

  it('profile fields and metadata patched concurrently do not undo each other', async () => {
    const user = await createUser()
    const answers = await Promise.all([
      ...Array.from({ length: N / 2 }, (_, i) => api.patch(path(user.user_id), { user_metadata: { [`m${i}`]: i } })),
      api.patch(path(user.user_id), { name: 'Renamed', blocked: true }),
      api.patch(path(user.user_id), { nickname: 'nick' }),
    ])
    expect(answers.every((a) => a.status === 200)).toBe(true)
    const { body } = await api.get(path(user.user_id))
    expect(body).toMatchObject({ name: 'Renamed', blocked: true, nickname: 'nick' })
    expect(Object.keys(body.user_metadata).sort()).toEqual(Array.from({ length: N / 2 }, (_, i) => `m${i}`).sort())
  })
})

describe('the root-level metadata merge', () => {
  it('replaces a named key whole (nested nulls kept), removes null keys, and keeps values exactly', async () => {
    const user = await createUser({ app_metadata: { keep: { deep: [1, { x: true }] }, swap: { a: 1, b: 2 }, gone: 'x' } })
    const patched = await api.patch(path(user.user_id), {
      app_metadata: { swap: { b: null, c: 3 }, gone: null, 'quote"key': false, 'dot.key': 0.30000000000000004, big: 1e21, 'é\u2028': 'line\u2028sep' },
    })
    const expected = {
      keep: { deep: [1, { x: true }] },
      swap: { b: null, c: 3 },
      'quote"key': false,
      'dot.key': 0.30000000000000004,
      big: 1e21,
      'é\u2028': 'line\u2028sep',
    }
    expect(patched.body.app_metadata).toEqual(expected)
    expect((await api.get(path(user.user_id))).body.app_metadata).toEqual(expected)
  })

  it('an empty patch changes nothing, and removing every key leaves no metadata', async () => {
    const user = await createUser({ user_metadata: { a: 1 } })
    expect((await api.patch(path(user.user_id), { user_metadata: {} })).body.user_metadata).toEqual({ a: 1 })
    const cleared = await api.patch(path(user.user_id), { user_metadata: { a: null, never: null } })
    expect(cleared.status).toBe(200)
    expect(cleared.body).not.toHaveProperty('user_metadata')
    expect((await api.patch(path(user.user_id), { user_metadata: { b: null } })).body).not.toHaveProperty('user_metadata')
  })
})
