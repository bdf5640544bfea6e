package decontam

//go:generate go run ./cmd/buildngrams -corpora ../../../shared/corpora -out data
