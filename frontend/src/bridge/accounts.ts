import * as AccountsAPI from '@wails/go/bindings/AccountsAPI'
import type { account } from '@wails/go/models'
import { Events } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type Account = Data<account.Account>
export type AccountInput = Data<account.Input>
export type Cooldown = Data<account.Cooldown>

const normalise = (a: Account): Account => ({ ...a, env: a.env ?? {}, cooldown: a.cooldown ?? undefined })

/** listAccounts returns every account, by backend then name; keys are never included. */
export const listAccounts = (): Promise<Account[]> => call(() => AccountsAPI.List()).then((l) => list(l).map(normalise))

/** listCooldowns returns the cooldowns in force, including those of backends with no account. */
export const listCooldowns = (): Promise<Cooldown[]> => call(() => AccountsAPI.Cooldowns()).then(list)

/** createAccount stores an account; its apiKey goes to the OS keyring and never comes back. */
export const createAccount = (input: AccountInput): Promise<Account> => call(() => AccountsAPI.Create(input)).then(normalise)

/** updateAccount saves an account; leave apiKey undefined to keep the stored key, "" removes it. */
export const updateAccount = (id: string, input: AccountInput): Promise<Account> =>
  call(() => AccountsAPI.Update(id, input)).then(normalise)

export const deleteAccount = (id: string): Promise<void> => call(() => AccountsAPI.Delete(id))

/** clearCooldown lets an account (or a backend without accounts: its name) be used again now. */
export const clearCooldown = (key: string): Promise<void> => call(() => AccountsAPI.ClearCooldown(key))

/** onAccountsChanged calls fn after any account or cooldown change. */
export const onAccountsChanged = (fn: () => void): Unsubscribe => on(Events.AccountsChanged, fn)
