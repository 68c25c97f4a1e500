import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { FieldError } from '@/bridge/call'
import { mountWithApp } from '@/test/mount'
import { byId, dialogButton, inBody } from '@/test/dom'
import ApiKeysPanel from './components/ApiKeysPanel.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => {
  bridge.resetBridgeMock()
  localStorage.clear()
})

const ci = { id: 'key-ci', name: 'ci', scope: 'run', createdAt: '2026-03-01T09:00:00.000Z', lastUsedAt: '' }
const ops = { id: 'key-ops', name: 'ops', scope: 'admin', createdAt: '2026-03-02T09:00:00.000Z', lastUsedAt: '2026-03-03T09:00:00.000Z' }

async function mountSettings() {
  const mounted = await mountWithApp(ApiKeysPanel, '/settings')
  await flushPromises()
  return mounted
}

describe('Settings → Listener → API keys', () => {
  it('lists the named keys with their scope and last use', async () => {
    bridge.listApiKeys.mockResolvedValue([ci, ops])
    const { wrapper } = await mountSettings()
    const row = byId(wrapper, 'apikeys-row-key-ci').text()
    expect(row).toContain('ci')
    expect(row).toContain('run')
    expect(row).toContain('never')
    expect(byId(wrapper, 'apikeys-row-key-ops').text()).toContain('admin')
    wrapper.unmount()
  })

  it('creates a key and shows its secret once, copyable, then forgets it', async () => {
    const secret = 'agk_only-shown-here-0042'
    bridge.createApiKey.mockResolvedValue({ id: 'key-new', name: 'deploy', scope: 'read', key: secret })
    const { wrapper, pinia } = await mountSettings()
    await byId(wrapper, 'apikeys-name').setValue('  deploy ')
    await byId(wrapper, 'apikeys-create').trigger('submit')
    await flushPromises()
    expect(bridge.createApiKey).toHaveBeenCalledWith('deploy', 'read')
    expect(inBody('apikeys-shown-value')?.textContent).toBe(secret)
    inBody('apikeys-shown-value-copy')?.click()
    await flushPromises()
    expect(bridge.copyText).toHaveBeenCalledWith(secret)
    expect(bridge.listApiKeys).toHaveBeenCalledTimes(2)

    inBody('apikeys-shown-done')?.click()
    await flushPromises()
    expect(document.body.innerHTML).not.toContain(secret)
    expect(JSON.stringify(pinia.state.value)).not.toContain(secret)
    expect(JSON.stringify({ ...localStorage })).not.toContain(secret)
    wrapper.unmount()
  })

  it('shows Go’s message under the name field', async () => {
    bridge.createApiKey.mockRejectedValue(new FieldError('invalid api key', 'api key', { name: 'an API key with that name already exists' }))
    const { wrapper } = await mountSettings()
    await byId(wrapper, 'apikeys-name').setValue('ci')
    await byId(wrapper, 'apikeys-create').trigger('submit')
    await flushPromises()
    expect(byId(wrapper, 'apikeys-panel').text()).toContain('an API key with that name already exists')
    expect(inBody('apikeys-shown-value')).toBeNull()
    wrapper.unmount()
  })

  it('asks before revoking a key, then revokes it and reloads the list', async () => {
    bridge.listApiKeys.mockResolvedValueOnce([ci, ops]).mockResolvedValue([ops])
    const { wrapper } = await mountSettings()
    await byId(wrapper, 'apikeys-revoke-key-ci').trigger('click')
    await flushPromises()
    expect(bridge.revokeApiKey).not.toHaveBeenCalled()
    expect(document.querySelector('.n-dialog')?.textContent).toContain('get 401 from now on')
    dialogButton('Revoke')?.click()
    await flushPromises()
    expect(bridge.revokeApiKey).toHaveBeenCalledWith('key-ci')
    expect(wrapper.find('[data-testid="apikeys-row-key-ci"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
