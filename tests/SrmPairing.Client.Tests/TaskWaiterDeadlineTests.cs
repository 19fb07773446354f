using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Tasks;

namespace Srm.Client.Tests
{
    /// <summary>
    /// The wait's timeout bounds everything, a request that hangs or a poll stuck in retry waits included; the
    /// caller's own cancellation is still a cancellation, not a timeout.
    /// </summary>
    public class TaskWaiterDeadlineTests
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(300);
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

        /// <summary>Well past the deadline but well within the guard: a wait that ignores the deadline fails the test.</summary>
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2.5);

        private sealed class Observer : WaitObserver
        {
            public ConcurrentQueue<SrmTask> Progress { get; } = new();

            public ConcurrentQueue<SrmTask> Finished { get; } = new();

            public ConcurrentQueue<(string Id, SrmTask? LastSeen)> TimedOut { get; } = new();

            public ConcurrentQueue<SrmApiException> PollFailed { get; } = new();

            public override void OnProgress(SrmTask task) => Progress.Enqueue(task);

            public override void OnFinished(SrmTask task) => Finished.Enqueue(task);

            public override void OnTimedOut(string taskId, SrmTask? lastSeen) => TimedOut.Enqueue((taskId, lastSeen));

            public override void OnNotFound(string taskId, SrmApiException error) => throw new InvalidOperationException("Unexpected 404 for " + taskId);

            public override void OnPollFailed(SrmApiException error) => PollFailed.Enqueue(error);
        }

        private static async Task<(FakeSrmHandler Handler, SrmConnection Connection)> Connect(SrmClientOptions? options = null)
        {
            var handler = new FakeSrmHandler();
            options = options ?? TestData.FastOptions(retries: 3);
            options.TaskPollInterval = Poll;
            var connection = await TestData.Connect(handler, options);
            return (handler, connection);
        }

        /// <summary>The next requests get an answer only after a long delay, unless their token is cancelled first.</summary>
        private static void AnswerSlowly(FakeSrmHandler handler, int requests = 10)
        {
            for (var i = 0; i < requests; i++)
            {
                handler.EnqueueAsync(async (request, token) =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), token);
                    return FakeSrmHandler.Json(TestData.TaskListJson(TestData.TaskJson("t-1", "SUCCESS", 100), TestData.TaskJson("t-2", "SUCCESS", 100)));
                });
            }
        }

        [Fact]
        public async Task A_hanging_first_poll_ends_at_the_deadline_with_every_task_timed_out_and_no_snapshot()
        {
            var (handler, connection) = await Connect();
            AnswerSlowly(handler);
            var observer = new Observer();
            var watch = Stopwatch.StartNew();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2" }, observer, Deadline, CancellationToken.None).WaitAsync(Guard);

            Assert.True(watch.Elapsed < Prompt, $"The wait took {watch.Elapsed.TotalMilliseconds:0} ms with a timeout of {Deadline.TotalMilliseconds} ms.");
            Assert.Equal(new[] { "t-1", "t-2" }, observer.TimedOut.Select(t => t.Id).OrderBy(id => id));
            Assert.All(observer.TimedOut, t => Assert.Null(t.LastSeen));
            Assert.Empty(observer.Finished);
            Assert.Empty(observer.PollFailed);
            Assert.Single(handler.Requests, r => r.ApiPath == "/tasks");
        }

        [Fact]
        public async Task A_poll_hanging_after_a_snapshot_reports_that_snapshot_at_the_deadline()
        {
            var (handler, connection) = await Connect();
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TestData.TaskJson("t-1", "RUNNING", 40), TestData.TaskJson("t-2", "QUEUED", 0)));
            AnswerSlowly(handler);
            var observer = new Observer();
            var watch = Stopwatch.StartNew();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2" }, observer, Deadline, CancellationToken.None).WaitAsync(Guard);

            Assert.True(watch.Elapsed < Prompt, $"The wait took {watch.Elapsed.TotalMilliseconds:0} ms with a timeout of {Deadline.TotalMilliseconds} ms.");
            var timedOut = observer.TimedOut.OrderBy(t => t.Id).ToList();
            Assert.Equal(new[] { "t-1", "t-2" }, timedOut.Select(t => t.Id));
            Assert.Same(observer.Progress.Single(t => t.Id == "t-1"), timedOut[0].LastSeen);
            Assert.Equal(40, timedOut[0].LastSeen?.Progress);
            Assert.Equal(SrmTaskStatus.QUEUED, timedOut[1].LastSeen?.Status);
            Assert.Empty(observer.Finished);
            Assert.Equal(2, handler.Requests.Count(r => r.ApiPath == "/tasks"));
        }

        [Fact]
        public async Task A_poll_waiting_to_retry_ends_at_the_deadline()
        {
            var options = TestData.FastOptions(retries: 3);
            options.RetryInterval = TimeSpan.FromMinutes(1);
            options.MaximumRetryDelay = TimeSpan.FromMinutes(1);
            var (handler, connection) = await Connect(options);
            handler.Responder = _ => FakeSrmHandler.Response(HttpStatusCode.ServiceUnavailable);
            var observer = new Observer();
            var watch = Stopwatch.StartNew();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, Deadline, CancellationToken.None).WaitAsync(Guard);

            Assert.True(watch.Elapsed < Prompt, $"The wait took {watch.Elapsed.TotalMilliseconds:0} ms with a timeout of {Deadline.TotalMilliseconds} ms.");
            var timedOut = Assert.Single(observer.TimedOut);
            Assert.Equal("t-1", timedOut.Id);
            Assert.Null(timedOut.LastSeen);
            Assert.Empty(observer.PollFailed);
            Assert.Single(handler.Requests, r => r.ApiPath == "/tasks/t-1");
        }

        [Fact]
        public async Task Cancelling_the_callers_token_during_a_hanging_poll_is_a_cancellation_not_a_timeout()
        {
            var (handler, connection) = await Connect();
            AnswerSlowly(handler);
            var observer = new Observer();
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
            var watch = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => connection.Tasks.WaitAsync(new[] { "t-1", "t-2" }, observer, TimeSpan.FromSeconds(5), cts.Token)).WaitAsync(Guard);

            Assert.True(watch.Elapsed < Prompt, $"The cancelled wait took {watch.Elapsed.TotalMilliseconds:0} ms.");
            Assert.Empty(observer.TimedOut);
            Assert.Empty(observer.PollFailed);
        }

        [Fact]
        public async Task Cancelling_the_callers_token_without_a_timeout_is_a_cancellation()
        {
            var (handler, connection) = await Connect();
            AnswerSlowly(handler);
            var observer = new Observer();
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => connection.Tasks.WaitAsync(new[] { "t-1" }, observer, null, cts.Token)).WaitAsync(Guard);

            Assert.Empty(observer.TimedOut);
        }

        [Fact]
        public async Task A_slow_answer_within_the_timeout_is_waited_for()
        {
            var (handler, connection) = await Connect();
            handler.EnqueueAsync(async (_, token) =>
            {
                await Task.Delay(100, token);
                return FakeSrmHandler.Json(TestData.TaskJson("t-1", "SUCCESS", 100));
            });
            var observer = new Observer();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("t-1", Assert.Single(observer.Finished).Id);
            Assert.Empty(observer.TimedOut);
        }

        [Theory]
        [InlineData(100)]
        [InlineData(int.MaxValue)]
        public async Task A_very_long_timeout_is_accepted(int days)
        {
            // Wait-SrmTask -Timeout takes up to int.MaxValue seconds; a CancellationTokenSource timer goes to about 49 days.
            var timeout = days == int.MaxValue ? TimeSpan.FromSeconds(int.MaxValue) : TimeSpan.FromDays(days);
            var (handler, connection) = await Connect();
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1", "RUNNING", 50)).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1", "SUCCESS", 100));
            var observer = new Observer();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, timeout, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("t-1", Assert.Single(observer.Finished).Id);
            Assert.Empty(observer.TimedOut);
        }
    }
}
