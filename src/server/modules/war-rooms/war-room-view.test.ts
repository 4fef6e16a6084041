import { describe, expect, it } from 'vitest'
import { durations } from './war-room-view'

const T0 = Date.UTC(2026, 10, 23, 8, 0)
const at = (min: number) => new Date(T0 + min * 60_000)

describe('war room durations (minutes)', () => {
  it.each([
    [
      'running, unrecovered: both count to now',
      { createdAt: at(10), closedAt: null, occurTime: at(0), recoverTime: null },
      70,
      60,
      70,
    ],
    ['recovered, still open', { createdAt: at(10), closedAt: null, occurTime: at(0), recoverTime: at(45) }, 70, 60, 45],
    [
      'closed after recovery',
      { createdAt: at(10), closedAt: at(50), occurTime: at(0), recoverTime: at(45) },
      500,
      40,
      45,
    ],
    [
      'no occur time: restoration counts from creation',
      { createdAt: at(10), closedAt: at(20), occurTime: null, recoverTime: at(19) },
      500,
      10,
      9,
    ],
    [
      'partial minutes are floored',
      { createdAt: at(0), closedAt: new Date(T0 + 89_999), occurTime: at(0), recoverTime: new Date(T0 + 59_999) },
      500,
      1,
      0,
    ],
  ])('%s', (_, row, nowMin, processing, restoration) => {
    expect(durations(row, T0 + nowMin * 60_000)).toEqual({ processing, restoration })
  })
})
