using Recommender.RankingConsole;

var command = args.FirstOrDefault() ?? "help";
try
{
    var arguments = new Arguments(args.Skip(1));
    return command switch
    {
        "train" => TrainFromFile.Run(arguments),
        "synthetic" => Synthetic.Run(arguments),
        "bench-rank" => RankLatency.Run(arguments),
        _ => Help(),
    };
}
catch (Exception e) when (e is ArgumentException or IOException or Recommender.Ranking.Model.WeightsFileException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int Help()
{
    Console.WriteLine("""
        RankingTrainer COMMAND [--name value ...]
          train      --examples lists.jsonl --out weights.json [--objective softmax|logistic|pairwise] [--l2 0.001] [--version V]
                     one list per line: {"candidates": [{"interest_similarity": 0.6, "popularity": 0.02}, ...], "positives": [0]}
          synthetic  [--lists 3000] [--candidates 20] [--objective softmax|logistic|pairwise] [--l2 1e-6] [--seed 1]
                     train on lists drawn from known weights; print the fitted weights and the time
          bench-rank [--dim 100] [--iterations 200]
                     latency of RankingEngine.Rank in process for several candidate counts and k
        """);
    return 0;
}
