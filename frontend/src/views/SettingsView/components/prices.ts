import type { ModelPrice } from '@/bridge'

/** PriceRow is a row of the price editor: a price plus a key that survives edits and removals. */
export type PriceRow = ModelPrice & { key: number }

export type PriceField = 'model' | 'inputPerMTok' | 'cachedPerMTok' | 'outputPerMTok'

export const priceFields: PriceField[] = ['model', 'inputPerMTok', 'cachedPerMTok', 'outputPerMTok']

const priceLabels: Record<Exclude<PriceField, 'model'>, string> = {
  inputPerMTok: 'Input',
  cachedPerMTok: 'Cache read',
  outputPerMTok: 'Output',
}

/** MaxPricePerMTok is the highest price Go accepts, in USD per million tokens. */
export const MaxPricePerMTok = 10_000

/**
 * validatePrices checks the rows as Go does (backend/usage SetTable) so a mistake is shown before
 * saving: a model name without spaces, listed once (case does not matter), prices from 0 to
 * 10000. Errors are keyed "<row index>.<field>".
 */
export function validatePrices(rows: PriceRow[]): Record<string, string> {
  const errors: Record<string, string> = {}
  const seen = new Set<string>()
  rows.forEach((r, i) => {
    const model = r.model.trim().toLowerCase()
    if (!model) errors[`${i}.model`] = 'Enter a model name, e.g. gpt-5.'
    else if (/\s/.test(model)) errors[`${i}.model`] = 'A model name has no spaces.'
    else if (model.length > 200) errors[`${i}.model`] = 'A model name has at most 200 characters.'
    else if (seen.has(model)) errors[`${i}.model`] = `${model} is listed twice.`
    seen.add(model)
    for (const [f, label] of Object.entries(priceLabels) as [Exclude<PriceField, 'model'>, string][]) {
      const v = r[f]
      if (typeof v !== 'number' || Number.isNaN(v)) errors[`${i}.${f}`] = `${label}: enter a price.`
      else if (v < 0 || v > MaxPricePerMTok) errors[`${i}.${f}`] = `${label}: between 0 and ${MaxPricePerMTok} USD.`
    }
  })
  return errors
}
