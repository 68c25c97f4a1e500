import * as UsageAPI from '@wails/go/bindings/UsageAPI'
import type { budget, usage } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'

export type UsageReport = Data<usage.Report>
export type UsageRow = Data<usage.Row>
export type Budget = Data<budget.Budget>
export type BudgetStatus = Data<budget.Status>
export type ModelPrice = Data<usage.Price>

/** usageReport aggregates runs started in [from, to) by the given dimensions. */
export const usageReport = (from: string, to: string, groupBy: string[]): Promise<UsageReport> =>
  call(() => UsageAPI.Report({ from, to, groupBy })).then((r) => ({ ...r, rows: list(r.rows) }))

export const listBudgets = (): Promise<BudgetStatus[]> => call(() => UsageAPI.Budgets()).then(list)
export const createBudget = (b: Budget): Promise<Budget> => call(() => UsageAPI.CreateBudget(b))
export const updateBudget = (b: Budget): Promise<Budget> => call(() => UsageAPI.UpdateBudget(b))
export const deleteBudget = (id: string): Promise<void> => call(() => UsageAPI.DeleteBudget(id))
export const modelPrices = (): Promise<ModelPrice[]> => call(() => UsageAPI.Prices()).then(list)
export const setModelPrices = (table: ModelPrice[]): Promise<ModelPrice[]> => call(() => UsageAPI.SetPrices(table)).then(list)
