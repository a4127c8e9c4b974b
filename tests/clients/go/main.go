// Command recommender_client is a Recommender client on grpc-go with stubs generated from protos/
// (tests/clients/build.sh): records a user's events, reads the user's interests and gets
// recommendations with reasons through the gateway, with the API key and a deadline on every call,
// retrying RESOURCE_EXHAUSTED and UNAVAILABLE with exponential backoff. Prints what it got as one
// JSON object (the same shape from the Python and Node clients).
//
//	recommender_client --target 127.0.0.1:8081 --api-key demo-write-key --user user-0001 --items item-00001,item-00002
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
	recsys "recommender/gen/go/recsys/v1"
)

var actions = []recsys.Action{recsys.Action_ACTION_VIEW, recsys.Action_ACTION_CLICK, recsys.Action_ACTION_PURCHASE}

func main() {
	target := flag.String("target", "127.0.0.1:8081", "the gateway's gRPC host:port")
	apiKey := flag.String("api-key", "", "an API key with the read and write roles (required)")
	user := flag.String("user", "", "the user (required)")
	itemList := flag.String("items", "", "comma-separated item ids the user views, clicks and buys in turn (required)")
	k := flag.Int("k", 5, "recommendations to ask for (1 to 100)")
	deadline := flag.Duration("deadline", 5*time.Second, "deadline of each call")
	attempts := flag.Int("attempts", 6, "tries per call for RESOURCE_EXHAUSTED and UNAVAILABLE")
	backoff := flag.Duration("backoff", 200*time.Millisecond, "first retry delay; doubles each retry")
	flag.Parse()
	if *apiKey == "" || *user == "" || *itemList == "" {
		fail(fmt.Errorf("--api-key, --user and --items are required"))
	}

	conn, err := grpc.Dial(*target, grpc.WithInsecure())
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	client := recsys.NewRecommenderClient(conn)
	retries := 0
	// call runs one RPC with the key and a fresh deadline per attempt, retrying the retryable codes.
	call := func(rpc func(ctx context.Context) error) {
		for attempt := 1; ; attempt++ {
			ctx, cancel := context.WithTimeout(metadata.AppendToOutgoingContext(context.Background(), "x-api-key", *apiKey), *deadline)
			err := rpc(ctx)
			cancel()
			if err == nil {
				return
			}
			code := status.Code(err)
			if (code != codes.ResourceExhausted && code != codes.Unavailable) || attempt == *attempts {
				fail(err)
			}
			retries++
			time.Sleep(*backoff << (attempt - 1))
		}
	}

	items := strings.Split(*itemList, ",")
	now := time.Now()
	request := &recsys.RecordEventsRequest{}
	for i, item := range items {
		// The event id makes a retried RecordEvents safe: the gateway counts an id once.
		request.Events = append(request.Events, &recsys.Event{
			EventId: fmt.Sprintf("%s-%d", *user, i), UserId: *user, ItemId: item, Action: actions[i%len(actions)],
			Timestamp: timestamppb.New(now.Add(-time.Duration(len(items)-i) * time.Minute).Truncate(time.Second)),
		})
	}
	var recorded *recsys.RecordEventsResponse
	call(func(ctx context.Context) (err error) { recorded, err = client.RecordEvents(ctx, request); return })
	var profile *recsys.InterestProfile
	call(func(ctx context.Context) (err error) {
		profile, err = client.GetInterests(ctx, &recsys.GetInterestsRequest{UserId: *user})
		return
	})
	var answer *recsys.RecommendResponse
	call(func(ctx context.Context) (err error) {
		answer, err = client.Recommend(ctx, &recsys.RecommendRequest{UserId: *user, K: int32(*k)})
		return
	})

	type interest struct {
		Category    string  `json:"category"`
		Probability float64 `json:"probability"`
	}
	type recommendation struct {
		ItemID string  `json:"itemId"`
		Title  string  `json:"title"`
		Score  float64 `json:"score"`
		Reason string  `json:"reason"`
	}
	out := map[string]any{
		"language": "go", "user": *user, "retries": retries, "eventCount": profile.EventCount,
		"recorded":        map[string]int32{"accepted": recorded.Accepted, "duplicates": recorded.Duplicates},
		"interests":       []interest{},
		"recommendations": []recommendation{},
	}
	interests := []interest{}
	for _, i := range profile.TopInterests {
		interests = append(interests, interest{i.CategoryPath, i.Probability})
	}
	recommendations := []recommendation{}
	for _, r := range answer.Items {
		recommendations = append(recommendations, recommendation{r.Item.GetId(), r.Item.GetTitle(), r.Score, r.Reason.GetText()})
	}
	out["interests"], out["recommendations"] = interests, recommendations
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "recommender_client:", err)
	os.Exit(1)
}
