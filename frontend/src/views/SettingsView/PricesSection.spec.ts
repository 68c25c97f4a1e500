import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { pricesFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId, dialogButton } from '@/test/dom'
import SettingsView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function mountSettings() {
  const { wrapper } = await mountWithApp(SettingsView, '/settings')
  await flushPromises()
  return wrapper
}

async function type(w: VueWrapper, id: string, value: string) {
  const input = byId(w, id)
  await input.setValue(value)
  await input.trigger('blur')
  await flushPromises()
}

const rowCount = (w: VueWrapper) => w.findAll('[data-testid^="price-row-"]').length

describe('Model prices', () => {
  it('lists the stored table', async () => {
    const w = await mountSettings()
    expect(rowCount(w)).toBe(3)
    expect((byId(w, 'price-model-1').element as HTMLInputElement).value).toBe('gpt-5')
    expect((byId(w, 'price-outputPerMTok-0').element as HTMLInputElement).value).toBe('15')
    expect(byId(w, 'prices-save').attributes('disabled')).toBeDefined() // nothing changed yet
    w.unmount()
  })

  it('adds, edits and removes rows and saves the whole table', async () => {
    const w = await mountSettings()
    await byId(w, 'price-remove-2').trigger('click') // codex
    await type(w, 'price-inputPerMTok-1', '2.5')
    await byId(w, 'prices-add').trigger('click')
    await flushPromises()
    await type(w, 'price-model-2', ' My-Model ')
    await type(w, 'price-inputPerMTok-2', '1')
    await type(w, 'price-cachedPerMTok-2', '0.1')
    await type(w, 'price-outputPerMTok-2', '4')
    await byId(w, 'prices-save').trigger('click')
    await flushPromises()
    expect(bridge.setModelPrices).toHaveBeenCalledWith([
      { model: 'claude-sonnet', inputPerMTok: 3, cachedPerMTok: 0.3, outputPerMTok: 15 },
      { model: 'gpt-5', inputPerMTok: 2.5, cachedPerMTok: 0.125, outputPerMTok: 10 },
      { model: ' My-Model ', inputPerMTok: 1, cachedPerMTok: 0.1, outputPerMTok: 4 },
    ])
    // The editor shows what Go stored (the name normalised) and is clean again.
    expect((byId(w, 'price-model-2').element as HTMLInputElement).value).toBe('my-model')
    expect(byId(w, 'prices-save').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('shows what is wrong with a row before asking Go', async () => {
    const w = await mountSettings()
    await byId(w, 'prices-add').trigger('click')
    await flushPromises()
    await byId(w, 'prices-save').trigger('click')
    await flushPromises()
    expect(byId(w, 'price-error-3').text()).toBe('Enter a model name, e.g. gpt-5.')
    await type(w, 'price-model-3', 'GPT-5')
    await type(w, 'price-outputPerMTok-3', '20000')
    await byId(w, 'prices-save').trigger('click')
    await flushPromises()
    expect(byId(w, 'price-error-3').text()).toBe('gpt-5 is listed twice. Output: between 0 and 10000 USD.')
    await type(w, 'price-model-3', 'my model')
    await byId(w, 'prices-save').trigger('click')
    await flushPromises()
    expect(byId(w, 'price-error-3').text()).toContain('A model name has no spaces.')
    expect(bridge.setModelPrices).not.toHaveBeenCalled()
    w.unmount()
  })

  it('puts Go’s field errors on their row', async () => {
    bridge.setModelPrices.mockRejectedValue({
      message: 'invalid prices: prices[1].cachedPerMTok: must be between 0 and 10000 USD per million tokens',
      subject: 'prices',
      fields: { 'prices[1].cachedPerMTok': 'must be between 0 and 10000 USD per million tokens' },
    })
    const w = await mountSettings()
    await type(w, 'price-cachedPerMTok-1', '0.2')
    await byId(w, 'prices-save').trigger('click')
    await flushPromises()
    expect(byId(w, 'price-error-1').text()).toBe('Must be between 0 and 10000 USD per million tokens.')
    expect(w.find('[data-testid="prices-error"]').exists()).toBe(false)

    bridge.setModelPrices.mockRejectedValue({ message: 'save prices: database is locked' })
    await byId(w, 'prices-save').trigger('click')
    await flushPromises()
    expect(byId(w, 'prices-error').text()).toBe('save prices: database is locked')
    w.unmount()
  })

  it('resets to the list prices after asking', async () => {
    bridge.modelPrices.mockResolvedValue([{ model: 'mine', inputPerMTok: 1, cachedPerMTok: 0, outputPerMTok: 2 }])
    const w = await mountSettings()
    expect(rowCount(w)).toBe(1)
    await byId(w, 'prices-reset').trigger('click')
    await flushPromises()
    dialogButton('Reset')!.click()
    await flushPromises()
    expect(bridge.setModelPrices).toHaveBeenCalledWith([])
    expect(rowCount(w)).toBe(pricesFixture().length)
    w.unmount()
  })

  it('says why the table could not be loaded', async () => {
    bridge.modelPrices.mockRejectedValue(new Error('no database'))
    const w = await mountSettings()
    expect(byId(w, 'prices-error').text()).toBe('no database')
    expect(w.find('[data-testid="prices-table"]').exists()).toBe(false)
    w.unmount()
  })
})
