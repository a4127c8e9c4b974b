using System.Globalization;
using Recommender.Pipeline;
using Recommender.Ranking.Model;
using Recommender.Ranking.Training;
using Recommender.RankingTrainer.Snapshots;

namespace Recommender.RankingTrainer;

/// <summary>
/// One round of learning from the cluster's own events: label the last snapshot with what each user did next,
/// train on most users, compare with the served weights on the users held out, publish to every ranking replica
/// only when better, and take the snapshot the next round labels.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly TrainerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ChannelBackends _backends;
    private readonly RankingReplicas _replicas;

    public TrainingRun(TrainerSettings settings, TimeProvider? time = null)
    {
        settings.Validate();
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _backends = new ChannelBackends(new Dictionary<string, string>
        {
            [PipelineBackends.InterestModel] = settings.InterestModelAddress,
            [PipelineBackends.CandidateRetrieval] = settings.CandidateRetrievalAddress,
        });
        _replicas = new RankingReplicas(settings.RankingAddresses, settings.CallTimeout);
        Snapshotter = new Snapshotter(_backends, settings);
    }

    /// <summary>Builds snapshots and the pipeline's rank requests (the harness uses it to score again).</summary>
    public Snapshotter Snapshotter { get; }

    /// <summary>
    /// Trains on the snapshot file when there is one (null otherwise), then writes a new snapshot for the next run.
    /// </summary>
    public async Task<(TrainingOutcome? Outcome, int NewSnapshotLists)> RunAsync(CancellationToken cancellationToken)
    {
        var previous = SnapshotFile.Read(_settings.SnapshotPath);
        var outcome = previous is { } snapshot ? await TrainAsync(snapshot.Lists, cancellationToken).ConfigureAwait(false) : null;
        var lists = await TakeSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return (outcome, lists);
    }

    /// <summary>Snapshots every recently active user into the snapshot file; returns the number of lists.</summary>
    public async Task<int> TakeSnapshotAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var lists = await Snapshotter.TakeAsync(now, cancellationToken).ConfigureAwait(false);
        SnapshotFile.Write(_settings.SnapshotPath, now, lists);
        return lists.Count;
    }

    /// <summary>Labels, trains, compares and (when better) publishes.</summary>
    public async Task<TrainingOutcome> TrainAsync(IReadOnlyList<SnapshotList> snapshot, CancellationToken cancellationToken)
    {
        var (labeled, counts) = await new Labeler(_backends, _settings).LabelAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var heldOut = labeled.Where(l => HeldOutMetric.IsHeldOut(l.UserId, _settings.HeldOutPercent)).Select(l => l.List).ToList();
        var training = labeled.Where(l => !HeldOutMetric.IsHeldOut(l.UserId, _settings.HeldOutPercent)).Select(l => l.List).ToList();
        var replicas = await _replicas.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var served = await _replicas.ServedAsync(replicas, cancellationToken).ConfigureAwait(false);
        var servedModel = WeightsFile.Parse(served[0].Weights.WeightsJson, $"the weights served by {served[0].Replica}");

        TrainingOutcome Outcome(TrainingDecision decision, string message, double newMetric = 0, double servedMetric = 0, RankingModel? model = null, TrainingReport? report = null) =>
            new(decision, message, counts, training.Count, heldOut.Count, newMetric, servedMetric, servedModel.Version, model, report, replicas);

        if (training.Count < _settings.MinTrainingLists || heldOut.Count < _settings.MinHeldOutLists)
        {
            return Outcome(TrainingDecision.TooFewLists,
                $"{training.Count} training and {heldOut.Count} held-out lists, fewer than the {_settings.MinTrainingLists} and {_settings.MinHeldOutLists} needed; {servedModel.Version} stays");
        }
        var result = Ranking.Training.RankingTrainer.Train(training, new TrainerOptions { Objective = _settings.Objective, L2 = _settings.L2, Features = _settings.Features });
        var newMetric = HeldOutMetric.MeanNdcg(result.Model, heldOut);
        var servedMetric = HeldOutMetric.MeanNdcg(servedModel, heldOut);
        var comparison = string.Create(CultureInfo.InvariantCulture,
            $"{HeldOutMetric.Name} on {heldOut.Count} held-out lists: {result.Model.Version} {newMetric:F4}, served {servedModel.Version} {servedMetric:F4}");
        if (!(newMetric > servedMetric + _settings.MinGain))
        {
            return Outcome(TrainingDecision.NotBetter, $"{comparison}; not better by more than {_settings.MinGain}, so not published", newMetric, servedMetric, result.Model, result.Report);
        }
        var summary = (result.Model.Training ?? new TrainingSummary(training.Count, training.Sum(l => l.Candidates.Count), _settings.L2, 0, 0, false)) with
        {
            TrainedAt = _time.GetUtcNow(),
            HeldOut = new HeldOutEvaluation(HeldOutMetric.Name, newMetric, servedMetric, heldOut.Count),
        };
        var model = result.Model.WithTraining(summary);
        await _replicas.PublishAsync(replicas, WeightsFile.Serialize(model), cancellationToken).ConfigureAwait(false);
        return Outcome(TrainingDecision.Published, $"{comparison}; published to {replicas.Count} ranking replica(s)", newMetric, servedMetric, model, result.Report);
    }

    public void Dispose() => _backends.Dispose();
}
