import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import {
  createProduct,
  createProject,
  deleteProduct,
  deleteProject,
  fieldErrorsOf,
  listProducts,
  listProjects,
  onExecutionStatus,
  onProjectsChanged,
  projectsWorkspace,
  setProjectsWorkspace,
  toError,
  updateProduct,
  updateProject,
  type Product,
  type ProductInput,
  type Project,
  type ProjectInput,
  type Unsubscribe,
} from '@/bridge'
import { debounce } from '@/utils/debounce'

/** errorsOf turns a failed save into Go's field errors, or {_: message} when it named none. */
function errorsOf(e: unknown): Record<string, string> {
  const err = toError(e)
  const fields = fieldErrorsOf(err)
  return Object.keys(fields).length ? fields : { _: err.message }
}

/**
 * useProjectsStore holds products and projects. Tokens pass through `save` to Go (and the
 * keyring) and are never kept in state.
 */
export const useProjectsStore = defineStore('projects', () => {
  const projects = ref<Project[]>([])
  const products = ref<Product[]>([])
  const workspace = ref('')
  const error = ref('')
  const loaded = ref(false)
  let unsubscribe: Unsubscribe | null = null
  let unsubscribeRuns: Unsubscribe | null = null
  // A run starting or ending changes a card's "N running"; one reload per burst of runs.
  const reloadSoon = debounce(() => void load(), 700)
  onScopeDispose(reloadSoon.cancel)

  async function load() {
    try {
      const [p, q, ws] = await Promise.all([listProjects(), listProducts(), projectsWorkspace()])
      projects.value = p
      products.value = q
      workspace.value = ws
      error.value = ''
      loaded.value = true
    } catch (e) {
      error.value = toError(e).message
    }
  }

  /** watch keeps the lists (and the running counts) current while a screen shows them. */
  function watch() {
    if (!unsubscribe) unsubscribe = onProjectsChanged(() => void load())
    if (!unsubscribeRuns) unsubscribeRuns = onExecutionStatus(() => reloadSoon())
  }

  function unwatch() {
    unsubscribe?.()
    unsubscribeRuns?.()
    unsubscribe = null
    unsubscribeRuns = null
    reloadSoon.cancel()
  }

  const byId = computed(() => new Map(projects.value.map((p) => [p.id, p])))
  const productName = (id: string) => products.value.find((p) => p.id === id)?.name ?? ''

  /** save creates (id "") or updates a project; it resolves with the saved project or Go's field errors. */
  async function save(id: string, input: ProjectInput): Promise<{ project?: Project; errors: Record<string, string> }> {
    try {
      const project = id ? await updateProject(id, input) : await createProject(input)
      await load()
      return { project, errors: {} }
    } catch (e) {
      return { errors: errorsOf(e) }
    }
  }

  async function remove(id: string) {
    await deleteProject(id)
    await load()
  }

  async function saveProduct(id: string, input: ProductInput): Promise<Record<string, string>> {
    try {
      if (id) await updateProduct(id, input)
      else await createProduct(input)
      await load()
      return {}
    } catch (e) {
      return errorsOf(e)
    }
  }

  async function removeProduct(id: string) {
    await deleteProduct(id)
    await load()
  }

  async function saveWorkspace(dir: string): Promise<Record<string, string>> {
    try {
      workspace.value = await setProjectsWorkspace(dir)
      return {}
    } catch (e) {
      return errorsOf(e)
    }
  }

  return { projects, products, workspace, error, loaded, byId, productName, load, watch, unwatch, save, remove, saveProduct, removeProduct, saveWorkspace }
})
