using System.Net;
using Srm.Client.Models;
using Srm.Client.Pairings;
using Srm.Client.Tasks;
using Xunit;

namespace Srm.Client.Tests
{
    public sealed class PairingLinkerTests
    {
        private const string VcB = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02";
        private const string VcC = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03";
        private const string PairingB = "11111111-2222-3333-4444-555555555555";
        private const string PairingC = "66666666-7777-8888-9999-000000000000";

        private static string Pairings() =>
            "{\"list\":[" +
            Pairing("0e5d4c3b-2a19-4f08-b7e6-d5c4b3a29101", "2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01") + "," +
            Pairing(PairingB, VcB) + "," + Pairing(PairingC, VcC) +
            "],\"_meta\":{\"errors\":[],\"total\":3}}";

        private static string Pairing(string id, string remoteVc) =>
            "{\"pairing_id\":\"" + id + "\",\"local_vc_server\":{\"id\":\"2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01\",\"name\":\"vc-a\"}," +
            "\"remote_vc_server\":{\"id\":\"" + remoteVc + "\",\"name\":\"remote\"}}";

        private static string Task(string id, string status, string result = "null") =>
            "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"progress\":100,\"result\":" + result + "}";

        [Fact]
        public async Task A_piped_pairing_task_finds_its_pairing_by_the_remote_vcenter_it_was_started_for()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(Task("t-1", "SUCCESS"), Task("t-2", "SUCCESS"), Task("t-3", "ERROR")))
                   .Enqueue(HttpStatusCode.OK, Pairings());
            var observer = new RecordingObserver();
            await connection.Tasks.WaitAsync(new[] { Started("t-1", VcB), Started("t-2", VcC), Started("t-3", VcB) }, observer, null, CancellationToken.None);

            Assert.Equal(PairingB, observer.Finished.Single(t => t.Id == "t-1").Pairing?.PairingId);
            Assert.Equal(PairingC, observer.Finished.Single(t => t.Id == "t-2").Pairing?.PairingId);
            Assert.Null(observer.Finished.Single(t => t.Id == "t-3").Pairing);
            Assert.Equal(1, handler.Requests.Count(r => r.ToString().StartsWith("GET /pairings")));
        }

        [Theory]
        [InlineData("\"" + PairingC + "\"")]
        [InlineData("{\"pairing_id\":\"" + PairingC + "\"}")]
        public async Task A_task_whose_result_names_the_pairing_is_linked_without_knowing_its_vcenter(string result)
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, Task("t-9", "SUCCESS", result)).Enqueue(HttpStatusCode.OK, Pairings());
            var observer = new RecordingObserver();

            await connection.Tasks.WaitAsync(new[] { "t-9" }, observer, null, CancellationToken.None);

            Assert.Equal(VcC, observer.Finished.Single().Pairing?.RemoteVcGuid);
        }

        [Fact]
        public async Task Tasks_with_nothing_to_link_cost_no_request_and_a_failed_lookup_leaves_the_task_as_it_is()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler, TestData.FastOptions(retries: 0));
            handler.Enqueue(HttpStatusCode.OK, Task("t-1", "SUCCESS"));
            var observer = new RecordingObserver();
            await connection.Tasks.WaitAsync(new[] { "t-1" }, observer, null, CancellationToken.None);
            Assert.Null(observer.Finished.Single().Pairing);
            Assert.DoesNotContain(handler.Requests, r => r.ToString().StartsWith("GET /pairings"));

            handler.Enqueue(HttpStatusCode.OK, Task("t-2", "SUCCESS")).Enqueue(HttpStatusCode.ServiceUnavailable);
            var second = new RecordingObserver();
            await connection.Tasks.WaitAsync(new[] { Started("t-2", VcB) }, second, null, CancellationToken.None);
            Assert.Equal(SrmTaskStatus.SUCCESS, second.Finished.Single().Status);
            Assert.Null(second.Finished.Single().Pairing);
        }

        /// <summary>A pairing task as New-SrmPairing gets it: it knows the remote vCenter it was started for.</summary>
        private static SrmTask Started(string id, string vcGuid) => new SrmTask(id, SrmTaskStatus.QUEUED) { PairingVcGuid = vcGuid };

        private sealed class RecordingObserver : WaitObserver
        {
            public List<SrmTask> Finished { get; } = new List<SrmTask>();

            public override void OnProgress(SrmTask task)
            {
            }

            public override void OnFinished(SrmTask task) => Finished.Add(task);

            public override void OnTimedOut(string taskId, SrmTask? lastSeen) => throw new InvalidOperationException("timed out");

            public override void OnNotFound(string taskId, Srm.Client.Http.SrmApiException error) => throw new InvalidOperationException("not found");

            public override void OnPollFailed(Srm.Client.Http.SrmApiException error) => throw new InvalidOperationException("poll failed");
        }
    }
}
