//go:build tools

// Package tools pins the main package of the Pulumi CLI so `go mod tidy` records
// every module it needs in go.sum.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
