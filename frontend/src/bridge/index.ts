// The typed bridge: the only module tree that imports the generated `@wails/...` files. Stores and
// components import from '@/bridge' so binding names, argument order and error handling live here.
export * from './call'
export * from './data'
export * from './settings'
export * from './keys'
export * from './agentcli'
export * from './events'
export * from './system'
export * from './triggers'
export * from './executions'
export * from './listener'
export * from './webhooks'
export * from './notifications'
