import { describe, expect, it } from 'vitest'
import { readableReason } from './reason'

describe('readableReason', () => {
  const tests: { name: string; in: string; want: string }[] = [
    { name: 'plain text stays', in: 'account A cools down until 10:00', want: 'account A cools down until 10:00' },
    {
      name: "claude's result event",
      in: '{"type":"result","is_error":true,"result":"You\'ve hit your session limit \\u00b7 resets 5:48am (UTC)","session_id":"x"}',
      want: "You've hit your session limit · resets 5:48am (UTC)",
    },
    {
      name: 'a line cut at its start, as Go shortens long evidence',
      in: '…ess","is_error":true,"result":"Rate limited, \\"retry\\" later","stop_reason":"end_turn"',
      want: 'Rate limited, "retry" later',
    },
    { name: "a codex error's message", in: '{"type":"error","message":"429 Too Many Requests"}', want: '429 Too Many Requests' },
    { name: 'JSON without a text field stays', in: '{"type":"result","code":429}', want: '{"type":"result","code":429}' },
    { name: 'an empty text field keeps the line', in: '{"result":""}', want: '{"result":""}' },
    { name: 'a broken escape keeps the line', in: '{"result":"bad \\x escape"}', want: '{"result":"bad \\x escape"}' },
  ]
  for (const tt of tests) {
    it(tt.name, () => expect(readableReason(tt.in)).toBe(tt.want))
  }
})
