package runners

import (
	"context"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	jobpb "github.com/apache/beam/sdks/v2/go/pkg/beam/model/jobmanagement_v1"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// cancelGrace is how long a local run waits, once its context is
// cancelled, for the cancelled job to stop before it returns anyway.
const cancelGrace = 15 * time.Second

// runLocal runs p on prism and waits for it. When ctx is cancelled (an
// interrupt), the job is cancelled through prism's job service, so that
// prism stops scheduling bundles and the job ends in state CANCELLED,
// and runLocal returns context.Cause(ctx) once it has ended (or after
// cancelGrace).
//
// Cancelling needs the job service's address and the job's name before
// the job starts: the in-process job service is started here rather than
// by Beam's prism runner (which would start it inside beam.Run), and the
// job gets a name unique to this run unless --job_name sets one.
func runLocal(ctx context.Context, p *beam.Pipeline) (beam.PipelineResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if err := startJobServer(); err != nil {
		return nil, err
	}
	endpoint := *jobopts.Endpoint
	name := *jobopts.JobName
	if name == "" {
		name = fmt.Sprintf("arrows-%d-%d", os.Getpid(), time.Now().UnixNano())
		*jobopts.JobName = name
		defer func() { *jobopts.JobName = "" }()
	}
	runCtx, stop := context.WithCancelCause(context.WithoutCancel(ctx))
	defer stop(nil)
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		giveUp := time.NewTimer(cancelGrace)
		defer giveUp.Stop()
		retry := time.NewTicker(200 * time.Millisecond)
		defer retry.Stop()
		cancelled := false
		for {
			if !cancelled {
				// The job may not be submitted yet: try until it is.
				cancelled = cancelJob(runCtx, endpoint, name)
			}
			select {
			case <-done:
				return
			case <-giveUp.C:
				stop(context.Cause(ctx))
				return
			case <-retry.C:
			}
		}
	}()
	res, err := beam.Run(runCtx, Prism, p)
	close(done)
	<-watched
	if ctx.Err() != nil {
		return res, context.Cause(ctx)
	}
	if err != nil {
		return res, fmt.Errorf("run on %s: %w", Prism, err)
	}
	return res, nil
}

// startJobServer starts prism's job service in this process, once, as
// Beam's prism runner would (on a free local port, with loopback workers),
// unless --endpoint names one.
func startJobServer() error {
	if *jobopts.Endpoint != "" {
		return nil
	}
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		return fmt.Errorf("find a port for the local job service: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if _, err := prism.CreateJobServer(context.Background(), prism.Options{Port: port}); err != nil {
		return fmt.Errorf("start the local job service: %w", err)
	}
	*jobopts.Endpoint = fmt.Sprintf("localhost:%d", port)
	if *jobopts.EnvironmentType == "" {
		*jobopts.EnvironmentType = "loopback"
	}
	return nil
}

// cancelJob asks the job service at endpoint to cancel the jobs called
// name that have not ended, and reports whether it found one (ended or
// not).
func cancelJob(ctx context.Context, endpoint, name string) bool {
	conn, err := grpc.NewClient(endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return false
	}
	defer conn.Close()
	client := jobpb.NewJobServiceClient(conn)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	jobs, err := client.GetJobs(ctx, &jobpb.GetJobsRequest{})
	if err != nil {
		return false
	}
	found := false
	for _, j := range jobs.GetJobInfo() {
		if j.GetJobName() != name {
			continue
		}
		found = true
		switch j.GetState() {
		case jobpb.JobState_DONE, jobpb.JobState_FAILED, jobpb.JobState_CANCELLED, jobpb.JobState_DRAINED, jobpb.JobState_UPDATED:
			continue
		}
		client.Cancel(ctx, &jobpb.CancelJobRequest{JobId: j.GetJobId()})
	}
	return found
}
