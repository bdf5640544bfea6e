package decontam

//go:generate go run ./cmd/buildngrams -corpora /work/shared/corpora -out data
