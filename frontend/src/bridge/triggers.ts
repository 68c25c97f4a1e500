import * as TriggersAPI from '@wails/go/bindings/TriggersAPI'
import { trigger } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'

export type Trigger = Data<trigger.Trigger>
export type TriggerSummary = Data<trigger.Summary>
export type LinkedPath = Data<trigger.LinkedPath>
export type TemplateVersion = Data<trigger.TemplateVersion>
export type PromptSample = Data<trigger.Sample>
export type PromptPreview = Data<trigger.Preview>
export type Placeholder = Data<trigger.Placeholder>

// Lists from Go may be null (a nil slice); every list-returning call below hands back [] instead.

/** listTriggers returns every trigger with its latest run; `query` filters by name/description in Go. */
export const listTriggers = (query: string): Promise<TriggerSummary[]> => call(() => TriggersAPI.List(query)).then(list)

export const getTrigger = (id: string): Promise<Trigger> => call(() => TriggersAPI.Get(id))

/** createTrigger stores a new trigger. Validation failures reject with a FieldError. */
export const createTrigger = (t: Trigger): Promise<Trigger> =>
  call(() => TriggersAPI.Create(trigger.Trigger.createFrom(t)))

export const updateTrigger = (t: Trigger): Promise<Trigger> =>
  call(() => TriggersAPI.Update(trigger.Trigger.createFrom(t)))

/** deleteTrigger removes a user trigger; Go refuses predefined ones. */
export const deleteTrigger = (id: string): Promise<void> => call(() => TriggersAPI.Delete(id))

export const setTriggerEnabled = (id: string, enabled: boolean): Promise<Trigger> =>
  call(() => TriggersAPI.SetEnabled(id, enabled))

/** resumeTrigger lets a trigger that paused itself after repeated failures fire again. */
export const resumeTrigger = (id: string): Promise<Trigger> => call(() => TriggersAPI.Resume(id))

/** resetTriggerToDefault restores a predefined trigger's shipped definition. */
export const resetTriggerToDefault = (id: string): Promise<Trigger> => call(() => TriggersAPI.ResetToDefault(id))

/** previewPrompt renders a template with sample values without saving anything. */
export const previewPrompt = (template: string, skillCommand: string, sample: PromptSample): Promise<PromptPreview> =>
  call(() => TriggersAPI.Preview(template, skillCommand, sample))

export const listPlaceholders = (): Promise<Placeholder[]> => call(() => TriggersAPI.Placeholders()).then(list)

/** templateHistory lists a trigger's saved prompt templates, newest first. */
export const templateHistory = (id: string): Promise<TemplateVersion[]> => call(() => TriggersAPI.History(id)).then(list)

export const restoreTemplate = (id: string, versionId: number): Promise<Trigger> =>
  call(() => TriggersAPI.RestoreTemplate(id, versionId))

/** addTriggerPath links an absolute directory; Go resolves symlinks and rejects what does not exist. */
export const addTriggerPath = (id: string, path: string): Promise<Trigger> => call(() => TriggersAPI.AddPath(id, path))

export const removeTriggerPath = (id: string, pathId: number): Promise<Trigger> =>
  call(() => TriggersAPI.RemovePath(id, pathId))

/** listBackends names the backends a trigger may choose, in display order. */
export const listBackends = (): Promise<string[]> => call(() => TriggersAPI.Backends()).then(list)
