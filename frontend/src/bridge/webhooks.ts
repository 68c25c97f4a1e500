import * as WebhooksAPI from '@wails/go/bindings/WebhooksAPI'
import type { webhook } from '@wails/go/models'
import { Events } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'
import type { Trigger } from './triggers'

export type Delivery = Data<webhook.Delivery>
export type DeliveryFilter = Data<webhook.DeliveryFilter>
export type DeliveryPage = Data<webhook.DeliveryPage>
export type DeliveryRun = Data<webhook.Run>
export type DeliverySkip = Data<webhook.Skip>
export type WebhookExample = Data<webhook.Example>

/** DeliverySource is where a delivery arrived: `POST /` or the GitHub route. */
export type DeliverySource = 'generic' | 'github'

// Lists and maps from Go may be null (nil); every call below hands back []/{} instead, so
// screens can iterate without guards.
const delivery = (d: Delivery): Delivery => ({
  ...d,
  runs: list(d.runs),
  duplicates: list(d.duplicates),
  skipped: list(d.skipped),
  signedTriggers: list(d.signedTriggers),
  headers: d.headers ?? {},
  payload: d.payload ?? '',
  response: d.response ?? '',
})

/** listDeliveries pages deliveries, newest first; rows carry no headers or payload. */
export const listDeliveries = (filter: DeliveryFilter): Promise<DeliveryPage> =>
  call(() => WebhooksAPI.ListDeliveries(filter)).then((p) => ({ ...p, deliveries: list(p.deliveries).map(delivery) }))

/** getDelivery returns one delivery with its headers (redacted by Go), payload and our response. */
export const getDelivery = (id: string): Promise<Delivery> => call(() => WebhooksAPI.GetDelivery(id)).then(delivery)

/**
 * replayDelivery runs a stored delivery again and resolves with the new delivery (its replayOf
 * names the original). Go refuses truncated payloads and GitHub deliveries that never verified.
 */
export const replayDelivery = (id: string): Promise<Delivery> => call(() => WebhooksAPI.Replay(id)).then(delivery)

/** setTriggerSecret stores a webhook trigger's HMAC secret in the keyring; it never comes back. */
export const setTriggerSecret = (triggerId: string, secret: string): Promise<Trigger> =>
  call(() => WebhooksAPI.SetTriggerSecret(triggerId, secret))

export const clearTriggerSecret = (triggerId: string): Promise<Trigger> =>
  call(() => WebhooksAPI.ClearTriggerSecret(triggerId))

/** webhookExample shows how to call a saved trigger's webhook; baseUrl "" means Go's default. */
export const webhookExample = (triggerId: string, baseUrl: string): Promise<WebhookExample> =>
  call(() => WebhooksAPI.Example(triggerId, baseUrl)).then((x) => ({ ...x, headers: x.headers ?? {}, notes: list(x.notes) }))

/** isDelivery reads a `webhook:delivery` payload (a list row); anything without an id is dropped. */
export function isDelivery(payload: unknown): payload is Delivery {
  return !!payload && typeof payload === 'object' && typeof (payload as Delivery).id === 'string' && !!(payload as Delivery).id
}

/** onWebhookDelivery calls `handler` with the list row of every delivery Go records. */
export function onWebhookDelivery(handler: (d: Delivery) => void): Unsubscribe {
  return on(Events.WebhookDelivery, (payload) => {
    if (isDelivery(payload)) handler(delivery(payload))
  })
}
