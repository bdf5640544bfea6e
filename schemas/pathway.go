package schemas

// Pathways a row comes from (Seed.Pathway and Provenance.Pathway).
const (
	// PathwayTopics: a program composed from sampled topics.
	PathwayTopics = "topics"
	// PathwaySeeds: a program from a seed problem, or evolved from one.
	PathwaySeeds = "seeds"
	// PathwayVerify: an external row read for re-verification.
	PathwayVerify = "verify"
)
