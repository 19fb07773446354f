using System.Net;
using System.Text;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;
using Srm.Client.Tasks;

namespace Srm.Client.Tests
{
    /// <summary>
    /// The public API as a .NET caller uses it: connect, connection.Pairings, connection.Tasks, close. The server is
    /// the in-process fake handler.
    /// </summary>
    public class PublicApiTests
    {
        private const string LocalVc = "4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77";
        private const string RemoteVc = "9a8b7c6d-1111-2222-3333-444455556666";
        private const string PairingId = "2f6a1c3e-8b4d-4e5f-9a7b-0c1d2e3f4a5b";
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

        private static string PairingJson(string id, string remoteVc) =>
            "{\"pairing_id\":\"" + id + "\",\"local_vc_server\":{\"id\":\"" + LocalVc + "\",\"name\":\"vc-a.example.com\"}," +
            "\"remote_vc_server\":{\"id\":\"" + remoteVc + "\",\"name\":\"vc-b.example.com\"}}";

        private static string PairingListJson(params string[] pairings) =>
            "{\"list\":[" + string.Join(",", pairings) + "],\"_meta\":{\"total\":" + pairings.Length + "}}";

        [Fact]
        public async Task A_password_given_as_text_logs_in_as_one_given_as_a_SecureString_does()
        {
            var handler = new FakeSrmHandler().EnqueueLogin().Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);

            using var connection = await SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), new SrmCredential(TestData.User, TestData.Password),
                TestData.FastOptions(), handler, CancellationToken.None).WaitAsync(Guard);

            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TestData.User + ":" + TestData.Password));
            Assert.Equal(expected, handler.Requests[0].Header("Authorization"));
            Assert.True(connection.IsConnected);
            Assert.Equal("srm-a", connection.Name);
            Assert.Equal(TestData.User, new SrmCredential(TestData.User, TestData.Password).ToString());
        }

        [Fact]
        public async Task Pairings_are_listed_read_and_asked_about_through_the_connection()
        {
            var handler = new FakeSrmHandler();
            using var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingListJson(PairingJson("self-0000", LocalVc), PairingJson(PairingId, RemoteVc)))
                   .Enqueue(HttpStatusCode.OK, PairingJson(PairingId, RemoteVc))
                   .Enqueue(HttpStatusCode.OK, "{\"username\":\"remote-admin@vsphere.local\"}")
                   .Enqueue(HttpStatusCode.NotFound);

            var all = await connection.Pairings.ListAsync(CancellationToken.None).WaitAsync(Guard);
            var one = await connection.Pairings.GetAsync(PairingId, CancellationToken.None).WaitAsync(Guard);
            var user = await connection.Pairings.GetRemoteSessionAsync(PairingId, CancellationToken.None).WaitAsync(Guard);
            var none = await connection.Pairings.GetRemoteSessionAsync(PairingId, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { true, false }, all.Select(p => p.IsSelf));
            Assert.Equal(RemoteVc, one.RemoteVcGuid);
            Assert.Same(connection, one.Connection);
            Assert.Equal("remote-admin@vsphere.local", user);
            Assert.Null(none);
            Assert.Equal(new[] { "GET /pairings", "GET /pairings/" + PairingId, "GET /pairings/" + PairingId + "/remote-session", "GET /pairings/" + PairingId + "/remote-session" },
                handler.Requests.Skip(2).Select(r => r.Method + " " + r.ApiPath));
        }

        [Fact]
        public async Task A_created_pairing_task_waited_for_comes_back_final_with_its_pairing_and_reports_each_step()
        {
            var handler = new FakeSrmHandler();
            using var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-1", "QUEUED"))
                   .Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-1", "RUNNING", 50))
                   .Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-1", "SUCCESS", 100))
                   .Enqueue(HttpStatusCode.OK, PairingListJson(PairingJson(PairingId, RemoteVc)));
            var events = new List<SrmTaskWaitEvent>();

            var created = await connection.Pairings.CreateAsync(TestData.Spec(), CancellationToken.None).WaitAsync(Guard);
            var createdTask = created.Task;
            Assert.NotNull(createdTask);
            var final = await connection.Tasks.WaitAsync(new[] { createdTask }, new Recorder(events), TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Guard);

            Assert.Null(created.RecoveryNote);
            Assert.Equal(SrmTaskStatus.QUEUED, createdTask.Status);
            var task = Assert.Single(final);
            Assert.Equal(SrmTaskStatus.SUCCESS, task.Status);
            Assert.Equal(PairingId, task.Pairing?.PairingId);
            Assert.Equal(new[] { "Progress pair-1", "Finished pair-1" }, events.Select(e => e.ToString()));
            Assert.Equal(50, events[0].Task?.Progress);
            Assert.Same(task, events[1].Task);
        }

        [Fact]
        public async Task A_wait_by_id_gives_the_latest_snapshot_of_each_in_the_order_given_and_reports_what_it_could_not_wait_for()
        {
            var handler = new FakeSrmHandler();
            using var connection = await TestData.Connect(handler);
            handler.Responder = request => request.ApiPath == "/tasks"
                ? FakeSrmHandler.Json(TestData.TaskListJson(TestData.TaskJson("t-2", "ERROR", 30), TestData.TaskJson("t-1", "SUCCESS", 100)))
                : FakeSrmHandler.Response(HttpStatusCode.NotFound);
            var events = new List<SrmTaskWaitEvent>();

            var final = await connection.Tasks.WaitAsync(new[] { "t-1", "gone", "t-2" }, new Recorder(events), null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { "t-1", null, "t-2" }, final.Select(t => t?.Id));
            Assert.Equal(new[] { SrmTaskStatus.SUCCESS, SrmTaskStatus.ERROR }, final.OfType<SrmTask>().Select(t => t.Status));
            var notFound = Assert.Single(events, e => e.Kind == SrmTaskWaitEventKind.NotFound);
            Assert.Equal("gone", notFound.TaskId);
            Assert.Equal(SrmErrorKind.NotFound, notFound.Error?.Kind);
            Assert.Equal(2, events.Count(e => e.Kind == SrmTaskWaitEventKind.Finished));
        }

        [Fact]
        public async Task A_wait_that_times_out_returns_the_task_as_last_seen_and_says_so()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Json(TestData.TaskJson("t-1", "RUNNING", 10)) };
            using var connection = await TestData.Connect(handler);
            var events = new List<SrmTaskWaitEvent>();

            var final = await connection.Tasks.WaitAsync(new[] { "t-1" }, new Recorder(events), TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(Guard);

            var last = Assert.Single(final);
            Assert.NotNull(last);
            Assert.False(last.IsFinal);
            Assert.Equal(SrmTaskWaitEventKind.TimedOut, events.Last().Kind);
            Assert.Equal(SrmTaskStatus.RUNNING, events.Last().Task?.Status);
        }

        [Fact]
        public async Task Tasks_are_read_by_id_in_the_order_given_and_an_unknown_one_is_an_error_or_reported()
        {
            var handler = new FakeSrmHandler();
            using var connection = await TestData.Connect(handler);
            handler.Responder = request => request.ApiPath == "/tasks"
                ? FakeSrmHandler.Json(TestData.TaskListJson(TestData.TaskJson("t-2"), TestData.TaskJson("t-1")))
                : FakeSrmHandler.Response(HttpStatusCode.NotFound, "{\"message\":\"no such task\"}");

            var both = await connection.Tasks.GetAsync(new[] { "t-1", "t-2", "t-1" }, CancellationToken.None).WaitAsync(Guard);
            var lookup = await connection.Tasks.FindAsync(new[] { "t-1", "gone", "t-2" }, CancellationToken.None).WaitAsync(Guard);
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.Tasks.GetAsync(new[] { "t-1", "gone" }, CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(new[] { "t-1", "t-2" }, both.Select(t => t.Id));
            Assert.Equal(new[] { "t-1", "t-2" }, lookup.Found.Select(t => t.Id));
            Assert.Equal("gone", Assert.Single(lookup.NotFound).TaskId);
            Assert.Equal(SrmErrorKind.NotFound, ex.Kind);
        }

        [Fact]
        public async Task A_task_query_is_sent_as_the_api_filter_and_applied_here()
        {
            var handler = new FakeSrmHandler();
            using var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TestData.TaskJson("t-1", "RUNNING"), TestData.TaskJson("t-2", "SUCCESS"), TestData.TaskJson("t-3", "RUNNING")));

            var tasks = await connection.Tasks.ListAsync(new SrmTaskQuery { Status = new[] { SrmTaskStatus.RUNNING }, First = 5 }, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { "t-1", "t-3" }, tasks.Select(t => t.Id));
            Assert.Equal("GET /tasks?filter_property=status&filter=RUNNING&limit=5&offset=0", handler.Requests.Last().ToString());
            Assert.Throws<ArgumentOutOfRangeException>(() => new SrmTaskQuery { First = 0 });
        }

        [Fact]
        public async Task Closing_ends_the_session_and_a_closed_connection_sends_nothing_more()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.NoContent);

            await connection.CloseAsync(CancellationToken.None).WaitAsync(Guard);
            var requests = handler.Requests.Count;
            await connection.CloseAsync(CancellationToken.None).WaitAsync(Guard);

            Assert.False(connection.IsConnected);
            Assert.Equal("DELETE /session", handler.Requests.Last().ToString());
            Assert.Equal(TestData.SessionId, handler.Requests.Last().Header("x-dr-session"));
            Assert.Equal(requests, handler.Requests.Count);
            await Assert.ThrowsAnyAsync<Exception>(() => connection.Pairings.ListAsync(CancellationToken.None)).WaitAsync(Guard);
            Assert.Equal(requests, handler.Requests.Count);
        }

        [Fact]
        public async Task Dispose_releases_the_connection_without_a_request()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);

            connection.Dispose();

            Assert.False(connection.IsConnected);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task The_text_form_numbers_a_second_connection_to_the_same_server()
        {
            using var connection = await TestData.Connect(new FakeSrmHandler());

            Assert.Equal(TestData.Host, connection.ToString());
            Assert.Equal(TestData.Host, connection.Address);
            connection.Ordinal = 2;
            Assert.Equal(TestData.Host + SrmConnection.OrdinalSeparator + "2", connection.ToString());
            Assert.Equal(TestData.Host, connection.Address);
            Assert.Throws<ArgumentOutOfRangeException>(() => connection.Ordinal = 0);
        }

        /// <summary>Collects the events synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
        private sealed class Recorder : IProgress<SrmTaskWaitEvent>
        {
            private readonly List<SrmTaskWaitEvent> _events;

            public Recorder(List<SrmTaskWaitEvent> events) => _events = events;

            public void Report(SrmTaskWaitEvent value)
            {
                lock (_events)
                {
                    _events.Add(value);
                }
            }
        }
    }
}
