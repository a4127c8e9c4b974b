using System.Diagnostics;
using System.Globalization;
using Recommender.Bench.RankingHarness;
using Recommender.Bench.RankingHarness.Baselines;
using Recommender.Bench.RankingHarness.Cluster;
using Recommender.Bench.RankingHarness.Data;
using Recommender.Bench.RankingHarness.Evaluation;
using Recommender.Bench.RankingHarness.Report;
using Recommender.Bench.RankingHarness.Metrics;
using Recommender.Bench.RankingHarness.Training;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.RankingTrainer;
using Recommender.RankingTrainer.Snapshots;
using ClusterHost = Recommender.ClusterHarness.Cluster;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

HarnessArguments arguments;
try
{
    arguments = HarnessArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var dataDirectory = arguments.DataDirectory ?? Path.GetFullPath(Path.Combine(Repository.Root(), "..", "shared", "data", "movielens-latest-small"));
if (!File.Exists(Path.Combine(dataDirectory, "ratings.csv")))
{
    Console.Error.WriteLine($"MovieLens ml-latest-small is not at {dataDirectory} (expected movies.csv, ratings.csv, tags.csv; see ../shared/data/README.md). Nothing to evaluate.");
    return 3;
}

var phases = new List<(string, TimeSpan)>();
var clock = Stopwatch.StartNew();
void Phase(string name)
{
    phases.Add((name, clock.Elapsed));
    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name} done in {clock.Elapsed.TotalSeconds:F1} s");
    clock.Restart();
}

var data = MovieLens.Load(dataDirectory);
var scheme = new CategoryScheme(data.Movies);
var splits = HoldOutSplit.Of(data.Ratings);
var evaluated = arguments.Users is { } n ? splits.Take(n).ToList() : splits.ToList();
var shift = new TimeShift(data.Ratings.Max(r => r.UnixSeconds), DateTimeOffset.UtcNow);
var genres = data.Movies.ToDictionary(m => m.Id, m => CategoryScheme.Genres(m), StringComparer.Ordinal);
var topCategories = data.Movies.ToDictionary(m => m.Id, m => (IReadOnlyList<string>)[scheme.PathOf(m).Split('/')[0]], StringComparer.Ordinal);
Phase("read MovieLens");

var workDirectory = Path.Combine(Path.GetTempPath(), $"ranking-harness-{Guid.NewGuid():N}");
Directory.CreateDirectory(workDirectory);
var weightsPath = Path.Combine(workDirectory, "weights.json");
await using var cluster = await ClusterHost.StartAsync(HarnessSettings.For(arguments, weightsPath));
Phase("start cluster");

await CatalogLoader.UpsertAsync(cluster, data.Movies, scheme, shift);
var vectors = await CatalogLoader.VectorsAsync(cluster);
Phase($"load and embed {vectors.Count} movies");

// Every user's ratings before the second-to-last: the state the weights are trained on.
var beforeTraining = await EventLoader.RecordAsync(cluster, splits.SelectMany(s => s.Training), shift);
await Task.Delay(TimeSpan.FromSeconds(12)); // the interest model refits its population prior within 10 s of new events
Phase($"record {beforeTraining} training events");

// The cluster's own trainer: snapshot what the pipeline would rank for every user now, let them act (their
// second-to-last ratings), label the snapshot with that, train, and publish to ranking if better on held-out users
// (LoadWeights: no restart). Trained on every user, also when --users evaluates a subset.
using var trainer = new TrainingRun(HarnessTrainer.Settings(cluster, arguments, Path.Combine(workDirectory, "snapshot.pb")));
var snapshotLists = await trainer.TakeSnapshotAsync(CancellationToken.None);
Phase($"snapshot the pipeline's candidates and features for {snapshotLists} users");

var afterTraining = await EventLoader.RecordAsync(cluster, splits.Select(s => s.TrainingTarget), shift);
await Task.Delay(TimeSpan.FromSeconds(12));
Phase($"record {afterTraining} more events");

var training = await trainer.TrainAsync(SnapshotFile.Read(Path.Combine(workDirectory, "snapshot.pb"))!.Value.Lists, CancellationToken.None);
Phase($"label, train and compare on {training.TrainingLists} + {training.HeldOutLists} lists ({training.Decision})");

var items = new ItemIndex(data.Movies.Select(m => m.Id));
var histories = splits.Select(s => (IReadOnlyList<int>)s.EvaluationHistory.Select(r => items[r.MovieId]).ToList()).ToList();
var vectorList = items.Ids.Select(id => vectors[id]).ToList();
IReadOnlyList<IBaseline> baselines = [new PopularityBaseline(items, histories), new ItemKnnBaseline(items, histories), new ContentBaseline(items, vectorList)];
Phase("build baselines");

var rerankOptions = new RankOptions();
if (arguments.CalibrationWeight is { } beta)
{
    rerankOptions.CalibrationWeight = beta;
}
if (arguments.DiversityLambda is { } lambda)
{
    rerankOptions.DiversityLambda = lambda;
}
var novelty = new Novelty(splits.Select(s => s.EvaluationHistory.Select(r => r.MovieId)));
using var rankingChannel = Grpc.Net.Client.GrpcChannel.ForAddress(cluster["ranking"].GrpcAddress);
var rankingClient = new Recommender.Contracts.V1.Ranking.RankingClient(rankingChannel);
var served = await rankingClient.GetWeightsAsync(new GetWeightsRequest());
var evaluator = new Evaluator(cluster, trainer.Snapshotter, rankingClient, baselines, items, vectors, genres, topCategories, novelty, rerankOptions, RerankSweep());
var result = await evaluator.RunAsync(evaluated, arguments.Parallelism);
Phase($"evaluate {evaluated.Count} users");

var goals = Goals.Of(result, baselines[0].Name, baselines[1].Name);
var machine = $"{Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024))} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()} at the end";
var facts = new RunFacts(
    Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory)), arguments.Command(args), machine, data.Movies.Count, data.Ratings.Count, evaluated.Count,
    beforeTraining, afterTraining, phases, RerankDescription(arguments), arguments.CandidatePool, arguments.CovisitedCandidates);
var report = MarkdownReport.Render(facts, training, served, result, goals);
Console.WriteLine(report);
if (arguments.OutPath is { } outPath)
{
    await File.WriteAllTextAsync(outPath, report);
}
Directory.Delete(workDirectory, recursive: true);
return 0;

// The re-ranking trade-off curve: MMR alone, then calibration of growing weight without MMR.
static IReadOnlyList<RerankSetting> RerankSweep() => [new(0.85, 0), new(1, 0.3), new(1, 0.45), new(1, 0.6), new(1, 0.9)];

static string RerankDescription(HarnessArguments a) =>
    $"calibration_weight {(a.CalibrationWeight?.ToString(CultureInfo.InvariantCulture) ?? "unset (ranking's default)")}, diversity_lambda {(a.DiversityLambda?.ToString(CultureInfo.InvariantCulture) ?? "unset (ranking's default)")}";

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
