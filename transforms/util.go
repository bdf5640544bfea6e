package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// Namespace of every arrows Beam metric.
const metricNS = "arrows"

// count increments the counter arrows/<name>.
func count(ctx context.Context, name string) {
	beam.NewCounter(metricNS, name).Inc(ctx, 1)
}

// emitter sends outcomes to their output and counts them: passing rows in
// arrows/funnel/<funnel>, rejected ones in arrows/rejected/<stage>/<reason>.
func emitter(ctx context.Context, funnel string, ok, rejected func(schemas.Record)) func(row.Outcome) {
	return func(o row.Outcome) {
		if o.OK {
			count(ctx, "funnel/"+funnel)
			ok(o.Rec)
			return
		}
		rj := o.Rec.Rejection
		count(ctx, "rejected/"+rj.Stage+"/"+rj.Reason)
		rejected(o.Rec)
	}
}
