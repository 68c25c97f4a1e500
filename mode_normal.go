//go:build !bindings

package main

const bindingsMode = false
