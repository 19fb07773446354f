using System.Collections.Concurrent;
using System.Net;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Tasks;

namespace Srm.Client.Tests
{
    public class TaskWaiterTests
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

        /// <summary>
        /// A fake task endpoint: each task answers with its scripted statuses in turn (the last one repeats).
        /// Unknown ids are 404. Ids in <see cref="LeftOutOfLists"/> are missing from GET /tasks lists.
        /// </summary>
        private sealed class TaskServer
        {
            private readonly ConcurrentDictionary<string, Queue<(string Status, int Progress)>> _scripts = new();
            private readonly ConcurrentDictionary<string, (string Status, int Progress)> _last = new();

            public HashSet<string> LeftOutOfLists { get; } = new();

            /// <summary>Answers for GET /tasks lists before the scripted ones (e.g. a 400 or a 503).</summary>
            public Queue<HttpStatusCode> ListFailures { get; } = new();

            public TaskServer Task(string id, params (string Status, int Progress)[] script)
            {
                _scripts[id] = new Queue<(string, int)>(script);
                return this;
            }

            private string Next(string id)
            {
                var script = _scripts[id];
                var state = script.Count > 0 ? script.Dequeue() : _last[id];
                _last[id] = state;
                return TestData.TaskJson(id, state.Status, state.Progress);
            }

            public HttpResponseMessage Answer(RecordedRequest request)
            {
                lock (this)
                {
                    if (request.ApiPath == "/tasks")
                    {
                        if (ListFailures.Count > 0)
                        {
                            return FakeSrmHandler.Response(ListFailures.Dequeue(), "{\"message\":\"no\"}");
                        }

                        var ids = RequestBuildingTests.ParseQuery(request.ApiPathAndQuery).Where(p => p.Key == "filter").Select(p => p.Value);
                        return FakeSrmHandler.Json(TestData.TaskListJson(ids.Where(id => _scripts.ContainsKey(id) && !LeftOutOfLists.Contains(id)).Select(Next).ToArray()));
                    }

                    var one = Uri.UnescapeDataString(request.ApiPath.Substring("/tasks/".Length));
                    return _scripts.ContainsKey(one)
                        ? FakeSrmHandler.Json(Next(one))
                        : FakeSrmHandler.Response(HttpStatusCode.NotFound);
                }
            }
        }

        private sealed class RecordingObserver : WaitObserver
        {
            public ConcurrentQueue<string> Events { get; } = new();

            public ConcurrentQueue<SrmTask> Progress { get; } = new();

            public ConcurrentQueue<SrmTask> Finished { get; } = new();

            public ConcurrentQueue<(string Id, SrmTask? LastSeen)> TimedOut { get; } = new();

            public ConcurrentQueue<(string Id, SrmApiException Error)> NotFound { get; } = new();

            public ConcurrentQueue<SrmApiException> PollFailed { get; } = new();

            public override void OnProgress(SrmTask task)
            {
                Progress.Enqueue(task);
                Events.Enqueue("progress " + task.Id + " " + task.Status + " " + task.Progress);
            }

            public override void OnFinished(SrmTask task)
            {
                Finished.Enqueue(task);
                Events.Enqueue("finished " + task.Id + " " + task.Status);
            }

            public override void OnTimedOut(string taskId, SrmTask? lastSeen)
            {
                TimedOut.Enqueue((taskId, lastSeen));
                Events.Enqueue("timedout " + taskId);
            }

            public override void OnNotFound(string taskId, SrmApiException error)
            {
                NotFound.Enqueue((taskId, error));
                Events.Enqueue("notfound " + taskId);
            }

            public override void OnPollFailed(SrmApiException error)
            {
                PollFailed.Enqueue(error);
                Events.Enqueue("pollfailed " + error.StatusCode);
            }
        }

        private static async Task<(FakeSrmHandler Handler, SrmConnection Connection)> Connect(TaskServer server, int retries = 0)
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler, TestData.FastOptions(retries));
            handler.Responder = server.Answer;
            return (handler, connection);
        }

        private static List<RecordedRequest> TaskRequests(FakeSrmHandler handler) =>
            handler.Requests.Where(r => r.ApiPath.StartsWith("/tasks", StringComparison.Ordinal)).ToList();

        [Fact]
        public async Task Each_round_is_one_list_request_for_all_pending_tasks()
        {
            var server = new TaskServer()
                .Task("t-1", ("RUNNING", 10), ("SUCCESS", 100))
                .Task("t-2", ("QUEUED", 0), ("ERROR", 40))
                .Task("t-3", ("RUNNING", 50), ("CANCELLED", 50));
            var (handler, connection) = await Connect(server);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2", "t-3" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            var requests = TaskRequests(handler);
            Assert.Equal(2, requests.Count);
            Assert.All(requests, r => Assert.Equal("/tasks?filter_property=id&filter=t-1&filter=t-2&filter=t-3&limit=3", r.ApiPathAndQuery));
            Assert.Equal(3, observer.Progress.Count);
            Assert.Equal(
                new[] { ("t-1", SrmTaskStatus.SUCCESS), ("t-2", SrmTaskStatus.ERROR), ("t-3", SrmTaskStatus.CANCELLED) },
                observer.Finished.Select(t => (t.Id, t.Status)).OrderBy(x => x.Id));
            Assert.All(observer.Finished, t => Assert.Same(connection, t.Connection));
            Assert.Empty(observer.TimedOut);
        }

        [Fact]
        public async Task Finished_tasks_leave_the_next_rounds_request()
        {
            var server = new TaskServer()
                .Task("t-1", ("SUCCESS", 100))
                .Task("t-2", ("RUNNING", 10), ("RUNNING", 20), ("SUCCESS", 100))
                .Task("t-3", ("RUNNING", 10), ("SUCCESS", 100));
            var (handler, connection) = await Connect(server);

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2", "t-3" }, new RecordingObserver(), null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(
                new[] { "/tasks?filter_property=id&filter=t-1&filter=t-2&filter=t-3&limit=3", "/tasks?filter_property=id&filter=t-2&filter=t-3&limit=2", "/tasks/t-2" },
                TaskRequests(handler).Select(r => r.ApiPathAndQuery));
        }

        [Fact]
        public async Task A_task_the_list_lacks_is_fetched_by_id()
        {
            var server = new TaskServer()
                .Task("t-1", ("SUCCESS", 100))
                .Task("t-2", ("SUCCESS", 100))
                .Task("t-3", ("SUCCESS", 100));
            server.LeftOutOfLists.Add("t-2");
            var (handler, connection) = await Connect(server);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2", "t-3" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { "/tasks", "/tasks/t-2" }, TaskRequests(handler).Select(r => r.ApiPath));
            Assert.Equal(3, observer.Finished.Count);
        }

        [Fact]
        public async Task A_single_task_is_fetched_by_id()
        {
            var server = new TaskServer().Task("t-1", ("RUNNING", 5), ("SUCCESS", 100));
            var (handler, connection) = await Connect(server);

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-1" }, new RecordingObserver(), null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { "/tasks/t-1", "/tasks/t-1" }, TaskRequests(handler).Select(r => r.ApiPathAndQuery));
        }

        [Fact]
        public async Task A_task_the_server_does_not_know_is_reported_and_not_waited_for()
        {
            var server = new TaskServer()
                .Task("t-1", ("RUNNING", 10), ("RUNNING", 20), ("SUCCESS", 100))
                .Task("t-3", ("RUNNING", 10), ("SUCCESS", 100));
            var (handler, connection) = await Connect(server);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1", "missing", "t-3" }, observer, TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Guard);

            var notFound = Assert.Single(observer.NotFound);
            Assert.Equal("missing", notFound.Id);
            Assert.Equal(SrmErrorKind.NotFound, notFound.Error.Kind);
            Assert.Single(TaskRequests(handler), r => r.ApiPath == "/tasks/missing");
            Assert.DoesNotContain(TaskRequests(handler).Skip(2), r => r.ApiPathAndQuery.Contains("missing"));
            Assert.Equal(2, observer.Finished.Count);
            Assert.Empty(observer.TimedOut);
        }

        [Fact]
        public async Task Progress_100_while_running_does_not_end_the_wait()
        {
            var server = new TaskServer().Task("t-1", ("RUNNING", 100), ("RUNNING", 100), ("SUCCESS", 100));
            var (handler, connection) = await Connect(server);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(3, TaskRequests(handler).Count);
            Assert.Equal(new[] { "progress t-1 RUNNING 100", "progress t-1 RUNNING 100", "finished t-1 SUCCESS" }, observer.Events);
        }

        [Fact]
        public async Task Unknown_status_is_not_final()
        {
            var server = new TaskServer().Task("t-1", ("PAUSED", 30), ("success", 100));
            var (_, connection) = await Connect(server);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { "progress t-1 UNKNOWN 30", "finished t-1 SUCCESS" }, observer.Events);
        }

        [Fact]
        public async Task Timeout_reports_each_pending_task_with_its_last_snapshot()
        {
            var server = new TaskServer()
                .Task("t-1", ("RUNNING", 10), ("RUNNING", 20), ("RUNNING", 30))
                .Task("t-2", ("SUCCESS", 100))
                .Task("t-3", ("QUEUED", 0));
            var (_, connection) = await Connect(server);
            var observer = new RecordingObserver();
            var watch = System.Diagnostics.Stopwatch.StartNew();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2", "t-3" }, observer, TimeSpan.FromMilliseconds(150), CancellationToken.None).WaitAsync(Guard);

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
            var timedOut = observer.TimedOut.OrderBy(t => t.Id).ToList();
            Assert.Equal(new[] { "t-1", "t-3" }, timedOut.Select(t => t.Id));
            Assert.Equal(30, timedOut[0].LastSeen?.Progress);
            Assert.Same(observer.Progress.Last(t => t.Id == "t-1"), timedOut[0].LastSeen);
            Assert.Equal(SrmTaskStatus.QUEUED, timedOut[1].LastSeen?.Status);
            Assert.Equal("t-2", Assert.Single(observer.Finished).Id);
        }

        [Fact]
        public async Task Timeout_without_any_snapshot_reports_null()
        {
            var server = new TaskServer().Task("t-1", ("RUNNING", 10));
            var (handler, connection) = await Connect(server);
            handler.Responder = _ => FakeSrmHandler.Response(HttpStatusCode.ServiceUnavailable);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(Guard);

            var timedOut = Assert.Single(observer.TimedOut);
            Assert.Equal("t-1", timedOut.Id);
            Assert.Null(timedOut.LastSeen);
            Assert.NotEmpty(observer.PollFailed);
        }

        [Fact]
        public async Task A_400_on_the_filtered_list_falls_back_to_per_task_requests()
        {
            var server = new TaskServer()
                .Task("t-1", ("RUNNING", 10), ("SUCCESS", 100))
                .Task("t-2", ("RUNNING", 10), ("SUCCESS", 100))
                .Task("t-3", ("RUNNING", 10), ("RUNNING", 50), ("SUCCESS", 100));
            server.ListFailures.Enqueue(HttpStatusCode.BadRequest);
            var (handler, connection) = await Connect(server, retries: 3);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2", "t-3" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            var paths = TaskRequests(handler).Select(r => r.ApiPath).ToList();
            Assert.Equal("/tasks", paths[0]);
            Assert.Single(paths, "/tasks");
            Assert.Equal(new[] { "/tasks/t-1", "/tasks/t-2", "/tasks/t-3", "/tasks/t-1", "/tasks/t-2", "/tasks/t-3", "/tasks/t-3" }, paths.Skip(1));
            Assert.Equal(3, observer.Finished.Count);
            Assert.Empty(observer.PollFailed);
        }

        [Fact]
        public async Task A_round_that_fails_after_its_retries_is_reported_and_the_wait_goes_on()
        {
            var server = new TaskServer()
                .Task("t-1", ("SUCCESS", 100))
                .Task("t-2", ("SUCCESS", 100));
            server.ListFailures.Enqueue(HttpStatusCode.ServiceUnavailable);
            server.ListFailures.Enqueue(HttpStatusCode.ServiceUnavailable);
            var (handler, connection) = await Connect(server, retries: 1);
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1", "t-2" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            var failure = Assert.Single(observer.PollFailed);
            Assert.Equal(503, failure.StatusCode);
            Assert.Equal(3, TaskRequests(handler).Count(r => r.ApiPath == "/tasks"));
            Assert.Equal(2, observer.Finished.Count);
            Assert.Equal("pollfailed 503", observer.Events.First());
        }

        [Theory]
        [InlineData(HttpStatusCode.InternalServerError)]
        [InlineData(HttpStatusCode.OK)]
        public async Task Server_errors_and_garbled_answers_are_poll_failures_too(HttpStatusCode status)
        {
            var server = new TaskServer().Task("t-1", ("SUCCESS", 100));
            var (handler, connection) = await Connect(server);
            handler.Enqueue(status, status == HttpStatusCode.OK ? "<html>maintenance</html>" : "");
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, null, CancellationToken.None).WaitAsync(Guard);

            Assert.Single(observer.PollFailed);
            Assert.Single(observer.Finished);
        }

        [Fact]
        public async Task An_expired_session_ends_the_wait_with_the_error()
        {
            var server = new TaskServer().Task("t-1", ("RUNNING", 10));
            var (handler, connection) = await Connect(server);
            handler.Enqueue(HttpStatusCode.Unauthorized);

            var ex = await Assert.ThrowsAsync<SrmApiException>(
                () => connection.Tasks.WaitAsync(new[] { "t-1" }, new RecordingObserver(), null, CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
        }

        [Fact]
        public async Task Cancellation_ends_the_wait()
        {
            var server = new TaskServer().Task("t-1", ("RUNNING", 10)).Task("t-2", ("RUNNING", 10));
            var (handler, connection) = await Connect(server);
            var observer = new RecordingObserver();
            using var cts = new CancellationTokenSource();
            // Cancelled from outside while the wait goes on: once its second round is under way.
            var rounds = 0;
            handler.Received = r =>
            {
                if (r.ApiPath.StartsWith("/tasks", StringComparison.Ordinal) && Interlocked.Increment(ref rounds) == 2)
                {
                    _ = Task.Run(cts.Cancel);
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => connection.Tasks.WaitAsync(new[] { "t-1", "t-2" }, observer, null, cts.Token)).WaitAsync(Guard);

            // It polls no more once cancelled.
            var polled = TaskRequests(handler).Count;
            await Task.Delay(Poll * 5);
            Assert.Equal(polled, TaskRequests(handler).Count);
            Assert.Empty(observer.Finished);
            Assert.Empty(observer.TimedOut);
        }

        [Fact]
        public async Task No_tasks_means_no_requests()
        {
            var (handler, connection) = await Connect(new TaskServer());
            var before = handler.Requests.Count;

            await connection.Tasks.WaitAsync(Array.Empty<string>(), new RecordingObserver(), null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(before, handler.Requests.Count);
        }

        [Fact]
        public void Default_poll_interval_keeps_under_the_appliance_limit()
        {
            var interval = new SrmClientOptions().TaskPollInterval;

            Assert.Equal(SrmClientOptions.DefaultTaskPollInterval, interval);
            Assert.True(TimeSpan.FromMinutes(1).TotalMilliseconds / interval.TotalMilliseconds < 50);
        }
    }
}
