// Mounts a component the way App.vue does (naive-ui providers, Pinia, router) for component tests.
import { defineComponent, h, type Component } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import { routes } from '@/router/routes'

export async function mountWithApp(component: Component, path = '/') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const Host = defineComponent({
    setup: () => () =>
      h(NConfigProvider, null, () =>
        h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(component))),
      ),
  })
  const wrapper = mount(Host, { global: { plugins: [pinia, router] }, attachTo: document.body })
  return { wrapper, router, pinia }
}
