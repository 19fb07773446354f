namespace Srm.Simulator.Tests;

/// <summary>
/// The invariants that hold across the state's stores when many threads use it at once: tasks and pairings change
/// together under one lock, and sessions forget the remote logins of a pairing that is deleted.
/// </summary>
public sealed class StateConcurrencyTests
{
    private const int SiteCount = 12;
    private const int Workers = 8;

    /// <summary>Remote sites like vc-b, each with its own vCenter GUID and name.</summary>
    private static SiteCatalog ManySites(int count = SiteCount) => new(
        SiteCatalog.DefaultLocal,
        Enumerable.Range(1, count)
            .Select(i => PairingSpecs.SiteB with { VcGuid = Guid.NewGuid(), VcName = $"vc-{i}.example.com" })
            .ToList());

    private static PairingRequest RequestFor(RemoteSiteDefinition site) =>
        new(site.VcGuid.ToString(), site.PscUrl, site.PscPort, null, site.PscUsername, site.PscPassword, null, null);

    /// <summary>Runs <paramref name="work"/> on <paramref name="count"/> threads released together; rethrows what any of them threw.</summary>
    private static void RunTogether(int count, Action<int> work)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            work(i);
        }, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(threads, TimeSpan.FromSeconds(60));
        Assert.All(threads, t => Assert.True(t.IsCompletedSuccessfully, t.Exception?.ToString() ?? "a worker did not finish"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Concurrent_creates_give_distinct_tasks_and_exactly_one_pairing_per_site(int taskDurationMs)
    {
        var clock = new ManualTimeProvider();
        var sites = ManySites();
        var state = new SimulatorState(sites, TimeSpan.FromMilliseconds(taskDurationMs), clock);
        state.Behaviour.TaskResultMode = TaskResultMode.PairingId;

        // Every worker asks for every site three times, while reading tasks, pairings and statistics in between.
        var created = new System.Collections.Concurrent.ConcurrentBag<TaskSnapshot>();
        RunTogether(Workers, worker =>
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var site in sites.RemoteSites.Skip(worker % SiteCount).Concat(sites.RemoteSites.Take(worker % SiteCount)))
                {
                    created.Add(state.CreatePairingTask(RequestFor(site)));
                    _ = state.GetPairings();
                    _ = state.GetStatistics();
                }
            }
        });
        clock.Advance(TimeSpan.FromMilliseconds(taskDurationMs));

        var tasks = state.GetTasks();
        var pairings = state.GetPairings();
        Assert.Equal(Workers * SiteCount * 3, created.Count);
        Assert.Equal(created.Count, created.Select(t => t.Id).Distinct().Count());
        Assert.Equal(created.Count, tasks.Count);

        // One pairing per site, each made by its own task, which succeeded and names it as its result.
        Assert.Equal(SiteCount, pairings.Count);
        Assert.Equal(SiteCount, pairings.Select(p => p.Remote.VcGuid).Distinct().Count());
        var succeeded = tasks.Where(t => t.State == TaskState.Success).ToList();
        Assert.Equal(SiteCount, succeeded.Count);
        foreach (var pairing in pairings)
        {
            var task = Assert.Single(succeeded, t => t.Id == pairing.CreatedByTaskId);
            Assert.Equal(pairing.PairingId, task.ResultPairingId);
        }
        Assert.All(tasks.Where(t => t.State != TaskState.Success), t => Assert.Equal(TaskState.Error, t.State));

        var stats = state.GetStatistics();
        Assert.Equal(created.Count, stats.Tasks);
        Assert.Equal(SiteCount, stats.Pairings);
    }

    /// <summary>A state paired with <paramref name="count"/> sites (tasks of 1 s on a manual clock), whose session is logged in to each.</summary>
    private static (SimulatorState State, ManualTimeProvider Clock, string Session, IReadOnlyList<Guid> Pairings) Paired(int count)
    {
        var clock = new ManualTimeProvider();
        var sites = ManySites(count);
        var state = new SimulatorState(sites, TimeSpan.FromSeconds(1), clock);
        var session = state.Sessions.Create(SimulatorOptions.DefaultUserName);
        foreach (var site in sites.RemoteSites)
            state.CreatePairingTask(RequestFor(site));
        clock.Advance(TimeSpan.FromSeconds(1));
        var pairings = state.GetPairings().Select(p => p.PairingId).ToList();
        Assert.Equal(count, pairings.Count);
        foreach (var pairingId in pairings)
            Assert.Equal(RemoteLoginResult.Done, state.LoginRemote(session, pairingId, SiteCatalog.DefaultPscUsername, SiteCatalog.DefaultPscPassword));
        return (state, clock, session, pairings);
    }

    [Fact]
    public void Concurrent_deletes_of_a_pairing_queue_exactly_one_task()
    {
        var (state, clock, session, pairings) = Paired(300);

        // Every worker deletes every pairing, each starting at a different one.
        var results = new System.Collections.Concurrent.ConcurrentBag<(Guid PairingId, PairingOperationResult Result)>();
        RunTogether(Workers, worker =>
        {
            foreach (var pairingId in pairings.Skip(worker).Concat(pairings.Take(worker)))
                results.Add((pairingId, state.DeletePairing(session, pairingId)));
        });

        foreach (var pairingId in pairings)
        {
            var forPairing = results.Where(r => r.PairingId == pairingId).Select(r => r.Result).ToList();
            Assert.Equal(Workers, forPairing.Count);
            var accepted = Assert.Single(forPairing, r => r.Refusal == PairingRefusal.None);
            Assert.NotNull(accepted.Task);
            Assert.All(forPairing.Where(r => r.Refusal != PairingRefusal.None), r =>
            {
                Assert.Equal(PairingRefusal.OperationInProgress, r.Refusal);
                Assert.Equal(accepted.Task.Id, r.RunningTaskId);
            });
        }
        Assert.Equal(2 * pairings.Count, state.GetTasks().Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(state.GetPairings());
        Assert.All(pairings, p => Assert.Null(state.Sessions.GetRemoteLogin(session, p)));
    }

    [Fact]
    public void A_remote_login_racing_a_delete_never_outlives_the_pairing()
    {
        var (state, clock, owner, pairings) = Paired(100);
        // The deletes are queued a millisecond apart, so that they finish one by one as the clock moves on.
        foreach (var pairingId in pairings)
        {
            Assert.Equal(PairingRefusal.None, state.DeletePairing(owner, pairingId).Refusal);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        clock.Advance(TimeSpan.FromMilliseconds(1000 - pairings.Count - 1));

        // One thread lets the deletes finish while the others keep logging new sessions in to the pairings' remote sites.
        var sessions = Enumerable.Range(0, Workers).Select(_ => state.Sessions.Create(SimulatorOptions.DefaultUserName)).ToList();
        var finished = 0;
        RunTogether(Workers + 1, worker =>
        {
            if (worker == Workers)
            {
                for (var step = 0; step <= pairings.Count; step++)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(1));
                    _ = state.GetPairings();
                }
                Volatile.Write(ref finished, 1);
                return;
            }
            while (Volatile.Read(ref finished) == 0)
            {
                foreach (var pairingId in pairings)
                {
                    var result = state.LoginRemote(sessions[worker], pairingId, SiteCatalog.DefaultPscUsername, SiteCatalog.DefaultPscPassword);
                    Assert.True(result is RemoteLoginResult.Done or RemoteLoginResult.UnknownPairing, result.ToString());
                }
            }
        });

        Assert.Empty(state.GetPairings());
        Assert.All(sessions.Append(owner), s => Assert.All(pairings, p => Assert.Null(state.Sessions.GetRemoteLogin(s, p))));
    }

    [Fact]
    public void Reset_during_concurrent_creates_never_leaves_a_pairing_without_its_task()
    {
        var sites = ManySites();
        var state = new SimulatorState(sites, TimeSpan.Zero, TimeProvider.System);

        // One thread keeps resetting while the others keep pairing (tasks of no duration succeed at once).
        var creators = 0;
        RunTogether(Workers + 1, worker =>
        {
            if (worker == Workers)
            {
                while (Volatile.Read(ref creators) < Workers)
                    state.Reset();
                return;
            }
            for (var round = 0; round < 500; round++)
                state.CreatePairingTask(RequestFor(sites.RemoteSites[(worker + round) % SiteCount]));
            Interlocked.Increment(ref creators);
        });

        var tasks = state.GetTasks();
        var pairings = state.GetPairings();
        Assert.Equal(pairings.Count, pairings.Select(p => p.Remote.VcGuid).Distinct().Count());
        Assert.All(pairings, p => Assert.Contains(tasks, t => t.Id == p.CreatedByTaskId && t.State == TaskState.Success));
        Assert.Equal(pairings.Count, tasks.Count(t => t.State == TaskState.Success));
    }
}
