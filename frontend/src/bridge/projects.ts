import * as ProjectsAPI from '@wails/go/bindings/ProjectsAPI'
import type { project } from '@wails/go/models'
import { Events, cloneProgress } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type Project = Data<project.Project>
export type ProjectInput = Data<project.Input>
export type Product = Data<project.Product>
export type ProductInput = Data<project.ProductInput>
export type CloneProgress = Data<project.CloneProgress>
export type SyncResult = Data<project.SyncResult>

/** CloneStatus is where a project's clone stands. */
export type CloneStatus = 'none' | 'cloning' | 'cloned' | 'error'

/** listProjects returns every project by name; tokens are never included. */
export const listProjects = (): Promise<Project[]> => call(() => ProjectsAPI.List()).then(list)

export const getProject = (id: string): Promise<Project> => call(() => ProjectsAPI.Get(id))

/** createProject stores a project; its token goes to the OS keyring and never comes back. */
export const createProject = (input: ProjectInput): Promise<Project> => call(() => ProjectsAPI.Create(input))

/** updateProject saves a project; leave token undefined to keep the stored one, "" removes it. */
export const updateProject = (id: string, input: ProjectInput): Promise<Project> => call(() => ProjectsAPI.Update(id, input))

/** deleteProject removes a project and its token; its clone stays on disk. */
export const deleteProject = (id: string): Promise<void> => call(() => ProjectsAPI.Delete(id))

/** projectWorkDir is where the project's terminals and runs work; it rejects saying why there is none. */
export const projectWorkDir = (id: string): Promise<string> => call(() => ProjectsAPI.WorkDir(id))

export const listProducts = (): Promise<Product[]> => call(() => ProjectsAPI.Products()).then(list)
export const createProduct = (input: ProductInput): Promise<Product> => call(() => ProjectsAPI.CreateProduct(input))
export const updateProduct = (id: string, input: ProductInput): Promise<Product> =>
  call(() => ProjectsAPI.UpdateProduct(id, input))
export const deleteProduct = (id: string): Promise<void> => call(() => ProjectsAPI.DeleteProduct(id))

/** projectsWorkspace is the directory clones go under (<workspace>/projects/<name>). */
export const projectsWorkspace = (): Promise<string> => call(() => ProjectsAPI.Workspace())

/** setProjectsWorkspace changes it; "" returns to the default. */
export const setProjectsWorkspace = (dir: string): Promise<string> => call(() => ProjectsAPI.SetWorkspace(dir))

/** onProjectsChanged calls fn after any product or project change, a clone's status included. */
export const onProjectsChanged = (fn: () => void): Unsubscribe => on(Events.ProjectsChanged, fn)

/** cloneProject starts cloning; progress arrives through onCloneProgress, the outcome as the project's cloneStatus. */
export const cloneProject = (id: string): Promise<Project> => call(() => ProjectsAPI.Clone(id))

/** cancelClone stops the running clone (its partial directory is removed) or sync. */
export const cancelClone = (id: string): Promise<void> => call(() => ProjectsAPI.CancelClone(id))

/** syncProject fetches and fast-forwards; it rejects, changing nothing, when the clone is dirty or has diverged. */
export const syncProject = (id: string): Promise<SyncResult> => call(() => ProjectsAPI.Sync(id))

/** currentCloneProgress is the latest progress of a running clone or sync, null when none runs. */
export const currentCloneProgress = (id: string): Promise<CloneProgress | null> =>
  call(() => ProjectsAPI.GetCloneProgress(id)).then((p) => p ?? null)

/** onCloneProgress follows one project's clone or sync. */
export const onCloneProgress = (id: string, fn: (p: CloneProgress) => void): Unsubscribe => on<CloneProgress>(cloneProgress(id), fn)
