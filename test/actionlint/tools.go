//go:build tools

// Package tools pins actionlint's main package so `go mod tidy` records every module it
// needs in go.sum.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
