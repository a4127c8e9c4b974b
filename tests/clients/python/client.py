#!/usr/bin/env python3
"""A Recommender client on grpcio with stubs generated from protos/ (tests/clients/build.sh): records a
user's events, reads the user's interests and gets recommendations with reasons through the gateway, with
the API key and a deadline on every call, retrying RESOURCE_EXHAUSTED and UNAVAILABLE with exponential
backoff. Prints what it got as one JSON object (the same shape from the Go and Node clients).

  client.py --target 127.0.0.1:8081 --api-key demo-write-key --user user-0001 --items item-00001,item-00002
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

import grpc  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402
from recsys.v1 import common_pb2, interest_model_pb2, recommender_pb2, recommender_pb2_grpc  # noqa: E402

RETRYABLE = {grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAVAILABLE}
ACTIONS = [common_pb2.ACTION_VIEW, common_pb2.ACTION_CLICK, common_pb2.ACTION_PURCHASE]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", default="127.0.0.1:8081", help="the gateway's gRPC host:port")
    parser.add_argument("--api-key", required=True, help="an API key with the read and write roles")
    parser.add_argument("--user", required=True)
    parser.add_argument("--items", required=True, help="comma-separated item ids the user views, clicks and buys (in turn)")
    parser.add_argument("--k", type=int, default=5, help="recommendations to ask for (1 to 100)")
    parser.add_argument("--deadline-ms", type=int, default=5000, help="deadline of each call")
    parser.add_argument("--attempts", type=int, default=6, help="tries per call for RESOURCE_EXHAUSTED and UNAVAILABLE")
    parser.add_argument("--backoff-ms", type=int, default=200, help="first retry delay; doubles each retry")
    args = parser.parse_args()

    retries = 0

    def call(method, request):
        nonlocal retries
        for attempt in range(1, args.attempts + 1):
            try:
                return method(request, metadata=[("x-api-key", args.api_key)], timeout=args.deadline_ms / 1000)
            except grpc.RpcError as error:
                if error.code() not in RETRYABLE or attempt == args.attempts:
                    raise
                retries += 1
                time.sleep(args.backoff_ms / 1000 * 2 ** (attempt - 1))

    with grpc.insecure_channel(args.target) as channel:
        stub = recommender_pb2_grpc.RecommenderStub(channel)
        now = time.time()
        events = []
        items = args.items.split(",")
        for i, item in enumerate(items):
            timestamp = timestamp_pb2.Timestamp()
            timestamp.FromSeconds(int(now) - 60 * (len(items) - i))
            # The event id makes a retried RecordEvents safe: the gateway counts an id once.
            events.append(common_pb2.Event(event_id=f"{args.user}-{i}", user_id=args.user, item_id=item,
                                           action=ACTIONS[i % len(ACTIONS)], timestamp=timestamp))
        recorded = call(stub.RecordEvents, interest_model_pb2.RecordEventsRequest(events=events))
        profile = call(stub.GetInterests, interest_model_pb2.GetInterestsRequest(user_id=args.user))
        answer = call(stub.Recommend, recommender_pb2.RecommendRequest(user_id=args.user, k=args.k))

    print(json.dumps({
        "language": "python",
        "user": args.user,
        "recorded": {"accepted": recorded.accepted, "duplicates": recorded.duplicates},
        "eventCount": profile.event_count,
        "interests": [{"category": i.category_path, "probability": i.probability} for i in profile.top_interests],
        "recommendations": [{"itemId": r.item.id, "title": r.item.title, "score": r.score, "reason": r.reason.text}
                            for r in answer.items],
        "retries": retries,
    }))


if __name__ == "__main__":
    main()
