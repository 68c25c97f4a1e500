// State of the trigger editor, created by the view and injected by its sections so every field
// binds straight to one draft (no prop mutation, no event plumbing per field).
import { computed, inject, provide, ref, type InjectionKey } from 'vue'
import {
  addTriggerPath,
  getTrigger,
  removeTriggerPath,
  resetTriggerToDefault,
  restoreTemplate,
  toError,
  type LinkedPath,
  type Trigger,
} from '@/bridge'
import { useTriggersStore } from '@/stores'
import {
  fromTriggerDraft,
  isAbsolutePath,
  newTriggerDraft,
  toTriggerDraft,
  validateTrigger,
  type TriggerDraft,
  type TriggerErrors,
} from '@/utils/triggerDraft'
import { goFieldMessages } from '@/utils/validate'
import { MaxLinkedPaths } from '@/constants/triggers'

export function createTriggerEditor() {
  const triggers = useTriggersStore()
  const draft = ref<TriggerDraft>(newTriggerDraft())
  const saved = ref<string>(JSON.stringify(draft.value))
  const stored = ref<Trigger | null>(null)
  const loading = ref(false)
  const loadError = ref('')
  const saving = ref(false)
  const saveError = ref('')
  const errors = ref<TriggerErrors>({})
  const pathError = ref('')
  const pathBusy = ref(false)

  const isNew = computed(() => !draft.value.id)
  const dirty = computed(() => JSON.stringify(draft.value) !== saved.value)

  function accept(t: Trigger) {
    stored.value = t
    draft.value = toTriggerDraft(t)
    saved.value = JSON.stringify(draft.value)
  }

  /**
   * load opens a stored trigger, or a blank one when id is empty; prefill sets fields of the blank
   * one ("New trigger for this project" links the project), which do not count as unsaved edits.
   */
  async function load(id: string | undefined, prefill: Partial<TriggerDraft> = {}) {
    errors.value = {}
    saveError.value = ''
    loadError.value = ''
    if (!id) {
      stored.value = null
      draft.value = { ...newTriggerDraft(), ...prefill }
      saved.value = JSON.stringify(draft.value)
      return
    }
    loading.value = true
    try {
      accept(await getTrigger(id))
    } catch (e) {
      loadError.value = toError(e).message
    } finally {
      loading.value = false
    }
  }

  /** clearError drops a field's message once the user edits it. */
  function clearError(field: string) {
    if (!errors.value[field]) return
    const rest = { ...errors.value }
    delete rest[field]
    errors.value = rest
  }

  /**
   * save validates, stores, and returns the stored trigger (null when it was refused). A new
   * trigger's directories are linked one by one after Create, since AddPath needs its id.
   */
  async function save(): Promise<Trigger | null> {
    saveError.value = ''
    errors.value = validateTrigger(draft.value)
    if (Object.keys(errors.value).length > 0) return null
    saving.value = true
    const pending = isNew.value ? draft.value.paths.map((p) => p.path) : []
    try {
      const dto = fromTriggerDraft(draft.value)
      let result = await triggers.save(isNew.value ? { ...dto, paths: [] } : dto)
      for (const path of pending) {
        try {
          result = await addTriggerPath(result.id, path)
        } catch (e) {
          pathError.value = `${path}: ${toError(e).message}`
        }
      }
      accept(result)
      return result
    } catch (e) {
      const err = toError(e)
      errors.value = goFieldMessages(err)
      saveError.value = err.message
      return null
    } finally {
      saving.value = false
    }
  }

  // Paths of a stored trigger change at once through AddPath/RemovePath (Go checks the folder
  // exists and resolves symlinks); only the other fields wait for Save. A new trigger collects
  // them and links them after Create.
  function takePaths(t: Trigger) {
    const paths = toTriggerDraft(t).paths
    draft.value.paths = paths
    stored.value = t
    const snapshot = JSON.parse(saved.value) as TriggerDraft
    saved.value = JSON.stringify({ ...snapshot, paths })
  }

  async function addPath(raw: string): Promise<boolean> {
    const path = raw.trim()
    pathError.value = ''
    if (!isAbsolutePath(path)) {
      pathError.value = 'Enter an absolute path, e.g. /home/you/src/project.'
      return false
    }
    if (draft.value.paths.length >= MaxLinkedPaths) {
      pathError.value = `A trigger links at most ${MaxLinkedPaths} directories.`
      return false
    }
    if (draft.value.paths.some((p) => p.path === path)) {
      pathError.value = 'That directory is already linked.'
      return false
    }
    if (isNew.value) {
      const temp: LinkedPath = { id: -Date.now(), path, projectId: '', position: draft.value.paths.length, missing: false }
      draft.value.paths = [...draft.value.paths, temp]
      return true
    }
    pathBusy.value = true
    try {
      takePaths(await addTriggerPath(draft.value.id, path))
      return true
    } catch (e) {
      pathError.value = toError(e).message
      return false
    } finally {
      pathBusy.value = false
    }
  }

  async function removePath(p: LinkedPath) {
    pathError.value = ''
    if (isNew.value || p.id <= 0) {
      draft.value.paths = draft.value.paths.filter((x) => x !== p)
      return
    }
    pathBusy.value = true
    try {
      takePaths(await removeTriggerPath(draft.value.id, p.id))
    } catch (e) {
      pathError.value = toError(e).message
    } finally {
      pathBusy.value = false
    }
  }

  /** movePath changes the order (saved with the trigger); the first is the working directory. */
  function movePath(index: number, delta: -1 | 1) {
    const paths = [...draft.value.paths]
    const to = index + delta
    if (to < 0 || to >= paths.length) return
    ;[paths[index], paths[to]] = [paths[to], paths[index]]
    draft.value.paths = paths
  }

  /**
   * takeSecret records a webhook secret change, which Go applies at once (like paths): only
   * hasWebhookSecret changes, and it does not count as an unsaved edit.
   */
  function takeSecret(t: Trigger) {
    draft.value.hasWebhookSecret = t.hasWebhookSecret
    stored.value = stored.value ? { ...stored.value, hasWebhookSecret: t.hasWebhookSecret } : t
    const snapshot = JSON.parse(saved.value) as TriggerDraft
    saved.value = JSON.stringify({ ...snapshot, hasWebhookSecret: t.hasWebhookSecret })
    triggers.merge(t)
  }

  /** resetToDefault restores a predefined trigger; Go errors are thrown. */
  async function resetToDefault() {
    const t = await resetTriggerToDefault(draft.value.id)
    accept(t)
    triggers.merge(t)
  }

  /** restore puts an older template back (Go stores it as a new version); other edits stay. */
  async function restore(versionId: number) {
    const t = await restoreTemplate(draft.value.id, versionId)
    draft.value.promptTemplate = t.promptTemplate
    const snapshot = JSON.parse(saved.value) as TriggerDraft
    saved.value = JSON.stringify({ ...snapshot, promptTemplate: t.promptTemplate })
    stored.value = t
    clearError('promptTemplate')
  }

  return {
    draft,
    stored,
    loading,
    loadError,
    saving,
    saveError,
    errors,
    pathError,
    pathBusy,
    isNew,
    dirty,
    load,
    clearError,
    save,
    addPath,
    removePath,
    movePath,
    takeSecret,
    resetToDefault,
    restore,
  }
}

export type TriggerEditor = ReturnType<typeof createTriggerEditor>

const key: InjectionKey<TriggerEditor> = Symbol('trigger-editor')

export function provideTriggerEditor(editor: TriggerEditor) {
  provide(key, editor)
}

/** useTriggerEditor gives a section the editor its view created. */
export function useTriggerEditor(): TriggerEditor {
  const editor = inject(key)
  if (!editor) throw new Error('useTriggerEditor outside the trigger editor')
  return editor
}
