using Recommender.RankingConsole;

var command = args.FirstOrDefault() ?? "help";
try
{
    var arguments = new Arguments(args.Skip(1));
    return command switch
    {
        "synthetic" => Synthetic.Run(arguments),
        _ => Help(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int Help()
{
    Console.WriteLine("""
        RankingTrainer COMMAND [--name value ...]
          synthetic  [--lists 3000] [--candidates 20] [--objective softmax|logistic|pairwise] [--l2 1e-6] [--seed 1]
                     train on lists drawn from known weights; print the fitted weights and the time
        """);
    return 0;
}
