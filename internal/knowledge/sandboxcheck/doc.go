// Package sandboxcheck holds the test that runs every toolkit example of
// package knowledge in the arrows sandbox (internal/sandbox) with call
// analysis. It is a separate package so that the knowledge package's own
// tests do not depend on the sandbox compiling.
package sandboxcheck
