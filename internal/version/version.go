// Package version holds the arrows release version recorded in every row's provenance.
package version

// Version is the arrows version. Bump it on releases.
const Version = "0.1.0"
