using System.Net;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class TraceTests
    {
        [Fact]
        public async Task Each_request_is_traced_with_method_path_and_status_but_no_secret()
        {
            var lines = new List<string>();
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler, TestData.Traced(lines.Add));
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-task-1", "QUEUED"));
            await connection.Client.CreatePairingAsync(TestData.Spec(), CancellationToken.None);

            Assert.Equal(3, lines.Count);
            Assert.StartsWith("POST /session -> 200 OK in ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("GET /server/info -> 200 OK in ", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("POST /pairings -> 200 OK in ", lines[2], StringComparison.Ordinal);
            var all = string.Join("\n", lines);
            Assert.DoesNotContain(TestData.SessionId, all);
            Assert.DoesNotContain(TestData.Password, all);
            Assert.DoesNotContain(TestData.RemotePassword, all);
            Assert.DoesNotContain("pair-task-1", all);
        }

        [Fact]
        public async Task Failures_and_retries_are_traced_with_the_op_id()
        {
            var lines = new List<string>();
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 1);
            options.Trace = lines.Add;
            using var client = await TestData.LoggedInClient(handler, options);
            handler.Enqueue(HttpStatusCode.ServiceUnavailable, "{\"message\":\"busy\",\"op_id\":\"" + TestData.OpId + "\"}");
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TestData.TaskJson("t-1"), TestData.TaskJson("t-2")));

            await client.GetTasksByIdAsync(new[] { "t-1", "t-2" }, CancellationToken.None);

            Assert.Contains(lines, l => l.StartsWith("GET /tasks -> 503", StringComparison.Ordinal) && l.Contains("op_id " + TestData.OpId));
            Assert.Contains(lines, l => l.StartsWith("GET /tasks: HTTP 503; retrying in", StringComparison.Ordinal) && l.Contains("attempt 2 of 2"));
            Assert.Contains(lines, l => l.StartsWith("GET /tasks -> 200", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("filter") || l.Contains("busy"));
        }

        [Fact]
        public async Task Without_a_sink_nothing_breaks()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            Assert.True(client.HasSession);
        }
    }
}
