using System.Globalization;
using Grpc.Core;
using Recommender.RankingTrainer;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string command;
TrainerSettings settings;
try
{
    (command, settings) = TrainerArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"ranking trainer: {e.Message}");
    Console.Error.WriteLine(TrainerArguments.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
using var run = new TrainingRun(settings);
try
{
    if (command == "snapshot")
    {
        var lists = await run.TakeSnapshotAsync(cancel.Token);
        Console.WriteLine($"ranking trainer: snapshot of {lists} users written to {settings.SnapshotPath}; the next run labels it with what they do next");
        return 0;
    }
    var (outcome, next) = await run.RunAsync(cancel.Token);
    if (outcome is null)
    {
        Console.WriteLine($"ranking trainer: no snapshot at {settings.SnapshotPath} yet, so nothing to learn from; took one of {next} users for the next run");
        return 0;
    }
    var labels = outcome.Labels;
    Console.WriteLine($"ranking trainer: {labels.Snapshotted} users snapshotted, {labels.WithNextEvent} acted since, {labels.Labeled} of those on a candidate " +
        $"({outcome.TrainingLists} training lists, {outcome.HeldOutLists} held out)");
    Console.WriteLine($"ranking trainer: {outcome.Decision}: {outcome.Message}");
    Console.WriteLine($"ranking trainer: new snapshot of {next} users for the next run");
    return 0;
}
catch (RpcException e)
{
    Console.Error.WriteLine($"ranking trainer: a call to the cluster failed ({e.StatusCode}): {e.Status.Detail}");
    return 1;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"ranking trainer: {e.Message}");
    return 1;
}
