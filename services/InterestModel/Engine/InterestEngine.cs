using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.History;
using Recommender.InterestModel.Signals;

namespace Recommender.InterestModel.Engine;

/// <summary>
/// The interest model in memory: items and their categories, every user's statistics, the population prior, and
/// the item signals. Pure computation, no I/O; safe to call from many threads (reads run in parallel, writes are
/// exclusive). The service persists the inputs (events, items) in its log and snapshots this state with
/// <see cref="WriteSnapshot"/>.
/// </summary>
public sealed class InterestEngine : IDisposable
{
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly InterestModelOptions options;
    private readonly TimeProvider time;
    private readonly DecayHalfLives halfLives;
    private readonly CategoryTree tree;
    private readonly ItemCatalog catalog;
    private readonly Dictionary<string, UserInterestState> users;
    private readonly PendingEvents pending;
    private readonly CoVisitationIndex coVisitation;
    private readonly PopularityIndex popularity;
    private PopulationPrior prior;

    /// <summary>
    /// Creates an empty engine. Throws <see cref="ArgumentException"/> for nonsensical options. The options object
    /// belongs to the engine from then on: changing it afterwards is not supported.
    /// </summary>
    public InterestEngine(InterestModelOptions? options = null, TimeProvider? time = null)
        : this(options ?? new InterestModelOptions(), time, new CategoryTree(), null, new Dictionary<string, UserInterestState>(StringComparer.Ordinal),
            new PendingEvents(), PopulationPrior.Default)
    {
    }

    private InterestEngine(
        InterestModelOptions options,
        TimeProvider? time,
        CategoryTree tree,
        ItemCatalog? catalog,
        Dictionary<string, UserInterestState> users,
        PendingEvents pending,
        PopulationPrior prior)
    {
        options.Validate();
        this.options = options;
        this.time = time ?? TimeProvider.System;
        halfLives = DecayHalfLives.From(options.Estimation);
        this.tree = tree;
        this.catalog = catalog ?? new ItemCatalog();
        this.users = users;
        this.pending = pending;
        this.prior = prior;
        coVisitation = new CoVisitationIndex(options.Signals);
        popularity = new PopularityIndex(options.Signals);
    }

    /// <summary>The options in force.</summary>
    public InterestModelOptions Options => options;

    /// <summary>The population prior in force (refreshed by <see cref="RefitPrior"/>).</summary>
    public PopulationPrior Prior => Read(() => prior);

    /// <summary>Sizes of the state.</summary>
    public EngineCounts Counts => Read(() => new EngineCounts(users.Count, catalog.Count, tree.Count, pending.Count));

    /// <summary>
    /// Adds or updates items (category paths, embedding). Validates the whole batch first; events that were waiting
    /// for one of these items are applied now. Later changes of an item's category affect later events only.
    /// </summary>
    public ItemUpsertResult UpsertItems(IReadOnlyList<ItemInfo> items)
    {
        var parsed = InputValidator.ValidateItems(items, options.Limits);
        return Write(() =>
        {
            var added = items.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count(id => !catalog.Contains(id));
            if (catalog.Count + added > options.Limits.MaxItems)
            {
                throw new InterestCapacityException("the item catalog", options.Limits.MaxItems);
            }
            if (tree.Count + tree.CountMissing(parsed.SelectMany(paths => paths)) > options.Limits.MaxCategoryNodes)
            {
                throw new InterestCapacityException("the category tree", options.Limits.MaxCategoryNodes);
            }
            for (var i = 0; i < items.Count; i++)
            {
                var leaves = parsed[i].Select(tree.GetOrAdd).Distinct().ToArray();
                catalog.Upsert(CatalogItem.Create(items[i].ItemId, leaves, items[i].Embedding?.ToArray(), tree));
            }
            var resolved = 0;
            foreach (var itemId in items.Select(i => i.ItemId).Distinct(StringComparer.Ordinal))
            {
                foreach (var e in pending.Take(itemId))
                {
                    if (users.TryGetValue(e.UserId, out var state))
                    {
                        ApplyKnown(state, e, catalog.TryGetIndex(itemId, out var index) ? index : throw new InvalidOperationException("item vanished"));
                        resolved++;
                    }
                }
            }
            return new ItemUpsertResult(items.Count, added, resolved);
        });
    }

    /// <summary>
    /// Applies a batch of events. The whole batch is validated first (an <see cref="InterestValidationException"/>
    /// names the field and limit, and nothing is applied). A repeated event id of a user is counted once; events
    /// for unknown items wait for the item (an <see cref="InterestCapacityException"/> if that store is full).
    /// </summary>
    public RecordResult Record(IReadOnlyList<InterestEvent> events)
    {
        ValidateEvents(events);
        return RecordValidated(events);
    }

    /// <summary>
    /// Checks a batch against the limits without applying it; throws <see cref="InterestValidationException"/> naming
    /// the first bad field. The service validates before making a batch durable.
    /// </summary>
    public void ValidateEvents(IReadOnlyList<InterestEvent> events) => InputValidator.ValidateEvents(events, options, time.GetUtcNow());

    /// <summary>Checks items against the limits without applying them (see <see cref="ValidateEvents"/>).</summary>
    public void ValidateItems(IReadOnlyList<ItemInfo> items) => InputValidator.ValidateItems(items, options.Limits);

    /// <summary>
    /// Applies a batch that was validated when it was accepted (replay of the durable log must not fail because the
    /// clock or a limit moved since). Capacity is still checked: <see cref="InterestCapacityException"/>, nothing applied.
    /// </summary>
    internal RecordResult RecordValidated(IReadOnlyList<InterestEvent> events)
    {
        return Write(() =>
        {
            var unknown = events.Count(e => !catalog.Contains(e.ItemId));
            if (unknown > 0 && pending.Count + unknown > options.Limits.MaxPendingEvents)
            {
                throw new InterestCapacityException("the store of events waiting for their item", options.Limits.MaxPendingEvents);
            }
            var newUsers = events.Select(e => e.UserId).Distinct(StringComparer.Ordinal).Count(id => !users.ContainsKey(id));
            if (newUsers > 0 && users.Count + newUsers > options.Limits.MaxUsers)
            {
                throw new InterestCapacityException("the user store", options.Limits.MaxUsers);
            }
            int applied = 0, duplicates = 0, waiting = 0;
            foreach (var e in events)
            {
                if (!users.TryGetValue(e.UserId, out var state))
                {
                    state = new UserInterestState(options.Estimation);
                    users[e.UserId] = state;
                }
                var hash = StableHash.Of(e.EventId);
                if (state.SeenEventIds.Contains(hash))
                {
                    duplicates++;
                    continue;
                }
                state.SeenEventIds.Add(hash);
                if (catalog.TryGetIndex(e.ItemId, out var index))
                {
                    ApplyKnown(state, e, index);
                    applied++;
                }
                else
                {
                    pending.Add(e);
                    waiting++;
                }
            }
            return new RecordResult(applied, duplicates, waiting);
        });
    }

    private void ApplyKnown(UserInterestState state, InterestEvent e, int itemIndex)
    {
        var timestampMs = e.Timestamp.ToUnixTimeMilliseconds();
        var weight = ActionWeighting.WeightOf(e.Action, e.RatingValue, options.ActionWeights);
        var item = catalog[itemIndex];
        state.Apply(itemIndex, item, e.Action, timestampMs, weight, halfLives);
        for (var i = 0; i < item.PathNodes.Length; i++)
        {
            if (tree.DepthOf(item.PathNodes[i]) == options.History.Depth)
            {
                state.History.Add(item.PathNodes[i], timestampMs, weight * item.PathShares[i], halfLives.LongMs, options.History);
            }
        }
        coVisitation.Record(state.Visits, itemIndex, timestampMs);
        state.Visits.Add(new Visit(itemIndex, timestampMs, (float)weight, e.Action));
        popularity.Add(itemIndex, weight, timestampMs);
    }

    /// <summary>
    /// The user's interest profile as of <paramref name="asOf"/> (default now). An unknown user gets the population
    /// prior with <see cref="InterestProfile.IsColdStart"/> set, not an error.
    /// </summary>
    public InterestProfile GetInterests(string userId, DateTimeOffset? asOf = null) => GetInterests(userId, asOf, null);

    /// <summary>
    /// The user's interest profile with per-request report sizes (<paramref name="profile"/> replaces
    /// <see cref="InterestModelOptions.Profile"/> for this call; null keeps the configured one).
    /// </summary>
    public InterestProfile GetInterests(string userId, DateTimeOffset? asOf, ProfileOptions? profile)
    {
        InputValidator.ValidateId(userId, "user_id", options.Limits);
        var effective = options;
        if (profile is not null)
        {
            profile.Validate();
            effective = new InterestModelOptions
            {
                ActionWeights = options.ActionWeights,
                Limits = options.Limits,
                Estimation = options.Estimation,
                Profile = profile,
                Signals = options.Signals,
                History = options.History,
            };
        }
        var at = asOf ?? time.GetUtcNow();
        return Read(() =>
        {
            users.TryGetValue(userId, out var state);
            return new ProfileBuilder(tree, catalog, prior, effective).Build(userId, state, at) with
            {
                PendingEventCount = pending.CountFor(userId),
            };
        });
    }

    /// <summary>
    /// The user's interest over time (<see cref="InterestHistoryReport"/>): per day or week, each tracked category's
    /// mass in that period and its long-term decayed mass at the period's end. An unknown user gets no periods.
    /// </summary>
    public InterestHistory GetInterestHistory(string userId, HistoryGranularity granularity = HistoryGranularity.Auto)
    {
        InputValidator.ValidateId(userId, "user_id", options.Limits);
        return Read(() => InterestHistoryReport.Build(userId, users.GetValueOrDefault(userId)?.History, tree, halfLives.LongMs, options.History, granularity));
    }

    /// <summary>
    /// The <paramref name="limit"/> users with the latest events, latest first, optionally only ids starting with
    /// <paramref name="prefix"/> (ordinal).
    /// </summary>
    public IReadOnlyList<UserActivity> ListRecentUsers(int limit, string? prefix = null)
    {
        if (limit < 1)
        {
            throw new InterestValidationException("limit", "at least 1", $"limit is {limit}");
        }
        return Read(() =>
        {
            var latest = new PriorityQueue<(string Id, UserInterestState State), (long, string)>(limit + 1,
                Comparer<(long Time, string Id)>.Create((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(b.Id, a.Id)));
            foreach (var (id, state) in users)
            {
                if (state.EventCount == 0 || (!string.IsNullOrEmpty(prefix) && !id.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    continue;
                }
                latest.Enqueue((id, state), (state.LastEventMs, id));
                if (latest.Count > limit)
                {
                    latest.Dequeue();
                }
            }
            var result = new List<UserActivity>(latest.Count);
            while (latest.TryDequeue(out var user, out _))
            {
                result.Add(new UserActivity(user.Id, user.State.EventCount, DateTimeOffset.FromUnixTimeMilliseconds(user.State.LastEventMs)));
            }
            result.Reverse();
            return (IReadOnlyList<UserActivity>)result;
        });
    }

    /// <summary>
    /// Users whose latest event is at or after <paramref name="since"/>, latest first, at most <paramref name="limit"/>,
    /// and how many matched in all.
    /// </summary>
    public (IReadOnlyList<ActiveUser> Users, int Matched) ListActiveUsers(DateTimeOffset? since, int limit)
    {
        var sinceMs = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        return Read(() =>
        {
            var matched = users.Where(u => u.Value.EventCount > 0 && u.Value.LastEventMs >= sinceMs).ToList();
            var listed = matched
                .OrderByDescending(u => u.Value.LastEventMs)
                .ThenBy(u => u.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(u => new ActiveUser(u.Key, DateTimeOffset.FromUnixTimeMilliseconds(u.Value.LastEventMs), u.Value.EventCount))
                .ToList();
            return ((IReadOnlyList<ActiveUser>)listed, matched.Count);
        });
    }

    /// <summary>Of <paramref name="itemIds"/>, the distinct ids the model does not know yet, in first-seen order.</summary>
    public IReadOnlyList<string> UnknownItems(IEnumerable<string> itemIds) =>
        Read(() => itemIds.Distinct(StringComparer.Ordinal).Where(id => !catalog.Contains(id)).ToList());

    /// <summary>Ids of items that events are waiting for, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> PendingItemIds(int limit) => Read(() => pending.ItemIds(limit));

    /// <summary>
    /// The <paramref name="k"/> items with the highest decayed popularity as of <paramref name="asOf"/> (default now),
    /// optionally only those filed under <paramref name="categoryPrefix"/> (whole segments). An unknown prefix gives
    /// an empty list.
    /// </summary>
    public IReadOnlyList<PopularItem> GetPopularItems(int k, string? categoryPrefix = null, DateTimeOffset? asOf = null)
    {
        if (k < 1)
        {
            throw new InterestValidationException("k", "at least 1", $"k is {k}");
        }
        string? prefixPath = null;
        if (!string.IsNullOrEmpty(categoryPrefix))
        {
            prefixPath = string.Join(CategoryPath.Separator, CategoryPath.Parse(categoryPrefix, options.Limits, "category_prefix"));
        }
        var asOfMs = (asOf ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
        return Read(() =>
        {
            var prefixNode = CategoryTree.RootId;
            if (prefixPath is not null && !tree.TryFind(prefixPath, out prefixNode))
            {
                return (IReadOnlyList<PopularItem>)[];
            }
            var scored = Enumerable.Range(0, System.Math.Min(popularity.Count, catalog.Count))
                .Select(index => (Index: index, Score: popularity.Normalised(index)))
                .Where(item => item.Score > 0
                    && (prefixNode == CategoryTree.RootId || catalog[item.Index].Leaves.Any(leaf => tree.IsAncestorOrSelf(prefixNode, leaf))));
            return Strongest(scored, k)
                .Select(item => new PopularItem(catalog[item.Index].Id, tree.PathOf(catalog[item.Index].Leaves[0]), item.Score, popularity.Get(item.Index, asOfMs)))
                .ToList();
        });
    }

    /// <summary>
    /// The <paramref name="k"/> items most co-visited with the user's recent items (each recent item's neighbours
    /// weighted by their share of its co-visits, summed), best first, without the recent items themselves.
    /// An unknown user gets an empty list.
    /// </summary>
    public IReadOnlyList<CovisitedItem> GetCovisitedItems(string userId, int k)
    {
        InputValidator.ValidateId(userId, "user_id", options.Limits);
        if (k < 1)
        {
            throw new InterestValidationException("k", "at least 1", $"k is {k}");
        }
        return Read(() =>
        {
            if (!users.TryGetValue(userId, out var state))
            {
                return (IReadOnlyList<CovisitedItem>)[];
            }
            var recent = state.Visits.LatestDistinct(options.Signals.RecentItemsForCoVisitation);
            var scores = new Dictionary<int, double>();
            foreach (var visit in recent)
            {
                coVisitation.AddNormalisedNeighbours(visit.Item, scores);
            }
            foreach (var visit in recent)
            {
                scores.Remove(visit.Item);
            }
            return Strongest(scores.Select(pair => (pair.Key, pair.Value)), k)
                .Select(item => new CovisitedItem(catalog[item.Index].Id, item.Score))
                .ToList();
        });
    }

    /// <summary>The <paramref name="k"/> highest-scored items, best first (a bounded min-heap: O(n log k)).</summary>
    private static List<(int Index, double Score)> Strongest(IEnumerable<(int Index, double Score)> scored, int k)
    {
        var best = new PriorityQueue<int, double>(k + 1);
        foreach (var (index, score) in scored)
        {
            best.Enqueue(index, score);
            if (best.Count > k)
            {
                best.Dequeue();
            }
        }
        var result = new List<(int Index, double Score)>(best.Count);
        while (best.TryDequeue(out var index, out var score))
        {
            result.Add((index, score));
        }
        result.Reverse();
        return result;
    }

    /// <summary>
    /// Per candidate: its co-visitation with the user's recent items and its popularity, as of
    /// <paramref name="asOf"/> (default now). Unknown users and items give zeros, not errors.
    /// </summary>
    public IReadOnlyList<ItemSignals> GetItemSignals(string userId, IReadOnlyList<string> candidateIds, DateTimeOffset? asOf = null)
    {
        InputValidator.ValidateId(userId, "user_id", options.Limits);
        if (candidateIds is null)
        {
            throw new InterestValidationException("candidate_ids", "a list of item ids", "no candidates were given");
        }
        if (candidateIds.Count > options.Limits.MaxSignalCandidates)
        {
            throw new InterestValidationException("candidate_ids", $"at most {options.Limits.MaxSignalCandidates} candidates",
                $"{candidateIds.Count} candidates were given");
        }
        for (var i = 0; i < candidateIds.Count; i++)
        {
            InputValidator.ValidateId(candidateIds[i], $"candidate_ids[{i}]", options.Limits);
        }
        var asOfMs = (asOf ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
        return Read(() =>
        {
            var recent = users.TryGetValue(userId, out var state)
                ? state.Visits.LatestDistinct(options.Signals.RecentItemsForCoVisitation)
                : [];
            var result = new List<ItemSignals>(candidateIds.Count);
            foreach (var id in candidateIds)
            {
                if (!catalog.TryGetIndex(id, out var index))
                {
                    result.Add(new ItemSignals(id, false, 0, null, 0, 0));
                    continue;
                }
                double sum = 0, best = 0, normalisedSum = 0;
                string? bestItem = null;
                var sources = new List<CoVisitationSource>();
                foreach (var visit in recent)
                {
                    var value = coVisitation.Get(visit.Item, index, asOfMs);
                    sum += value;
                    if (value > best)
                    {
                        best = value;
                        bestItem = catalog[visit.Item].Id;
                    }
                    var normalised = coVisitation.Normalised(visit.Item, index);
                    if (normalised > 0)
                    {
                        normalisedSum += normalised;
                        sources.Add(new CoVisitationSource(catalog[visit.Item].Id, normalised));
                    }
                }
                sources.Sort((a, b) => b.Weight.CompareTo(a.Weight));
                result.Add(new ItemSignals(id, true, sum, bestItem, popularity.Get(index, asOfMs), popularity.Share(index))
                {
                    NormalisedCoVisitation = normalisedSum,
                    Sources = sources,
                    RelativePopularity = popularity.Normalised(index),
                });
            }
            return result;
        });
    }

    /// <summary>
    /// Erases the user's statistics, evidence, recent items and waiting events. Aggregate item signals
    /// (co-visitation, popularity) hold no per-user data and are kept. Returns false for an unknown user.
    /// </summary>
    public bool DeleteUser(string userId) => DeleteUserData(userId).Existed;

    /// <summary>Like <see cref="DeleteUser"/>, and says how many events (applied and waiting) were erased.</summary>
    public UserDeletion DeleteUserData(string userId)
    {
        InputValidator.ValidateId(userId, "user_id", options.Limits);
        return DeleteUserValidated(userId);
    }

    /// <summary>A deletion validated when it was accepted: replay must erase the user even if the id limits changed since.</summary>
    internal UserDeletion DeleteUserValidated(string userId)
    {
        return Write(() =>
        {
            var waiting = pending.RemoveUser(userId);
            var existed = users.Remove(userId, out var state);
            return new UserDeletion(existed, (state?.EventCount ?? 0) + waiting);
        });
    }

    /// <summary>
    /// Refits the population prior by empirical Bayes from every user's evidence (<see cref="PriorFitter"/>) and
    /// puts it in force. Writes are blocked only while the evidence is gathered, not during the fit.
    /// </summary>
    public PriorFitSummary RefitPrior()
    {
        var data = Read(() => PriorFitCollector.Collect(users.Values, tree, halfLives));
        var fitted = PriorFitter.Fit(data, options.Estimation);
        Write(() => prior = fitted);
        return fitted.Summary!;
    }

    /// <summary>Writes the whole state (a consistent cut) to <paramref name="stream"/>.</summary>
    public void WriteSnapshot(Stream stream)
    {
        Read(() =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            EngineSnapshot.WriteHeader(writer, options);
            tree.Write(writer);
            catalog.Write(writer);
            prior.Write(writer);
            writer.Write(users.Count);
            foreach (var (id, state) in users)
            {
                writer.Write(id);
                state.Write(writer);
            }
            pending.Write(writer);
            coVisitation.Write(writer);
            popularity.Write(writer);
            writer.Write(EngineSnapshot.EndMarker);
            return 0;
        });
    }

    /// <summary>
    /// Restores an engine from a snapshot written by <see cref="WriteSnapshot"/>. Throws
    /// <see cref="InvalidDataException"/> for a damaged snapshot or one written with different decay settings.
    /// </summary>
    public static InterestEngine ReadSnapshot(Stream stream, InterestModelOptions? options = null, TimeProvider? time = null)
    {
        options ??= new InterestModelOptions();
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            EngineSnapshot.ReadHeader(reader, options);
            var tree = CategoryTree.Read(reader);
            var catalog = ItemCatalog.Read(reader, tree);
            var prior = PopulationPrior.Read(reader);
            var userCount = reader.ReadInt32();
            var users = new Dictionary<string, UserInterestState>(userCount, StringComparer.Ordinal);
            for (var i = 0; i < userCount; i++)
            {
                users[reader.ReadString()] = UserInterestState.Read(reader, options.Estimation);
            }
            var pending = PendingEvents.Read(reader);
            var engine = new InterestEngine(options, time, tree, catalog, users, pending, prior);
            engine.coVisitation.Read(reader);
            engine.popularity.Read(reader);
            if (reader.ReadUInt32() != EngineSnapshot.EndMarker)
            {
                throw new InvalidDataException("interest-model snapshot has no end marker");
            }
            return engine;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("interest-model snapshot is truncated", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private T Read<T>(Func<T> action)
    {
        gate.EnterReadLock();
        try
        {
            return action();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private T Write<T>(Func<T> action)
    {
        gate.EnterWriteLock();
        try
        {
            return action();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }
}
