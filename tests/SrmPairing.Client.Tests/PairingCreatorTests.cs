using System.Net;
using System.Net.Sockets;
using Newtonsoft.Json;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.Client.Tests
{
    /// <summary>
    /// PairingCreator sends POST /pairings exactly once. When the answer is lost after the request may have reached
    /// the server, it looks for the task (GET /tasks) and then the pairing (GET /pairings) instead of sending again.
    /// </summary>
    public class PairingCreatorTests
    {
        private const string LocalVc = "4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77";
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
        private static readonly PairingSpec Spec = TestData.Spec();

        // ---- helpers -------------------------------------------------------------------------------------------

        private static string TaskJson(string id, string description, DateTimeOffset queued, string? entityName = null, string status = "RUNNING") =>
            JsonConvert.SerializeObject(new
            {
                id,
                status,
                progress = 10,
                description,
                entity_name = entityName,
                queued_time = queued.ToUnixTimeMilliseconds(),
            });

        private static SrmTask MakeTask(string id, DateTimeOffset? queued, string description = "Pair sites", string? descriptionId = null,
            string? entity = null, string? entityName = null) =>
            new SrmTask(id, SrmTaskStatus.RUNNING)
            {
                QueuedTime = queued,
                Description = description,
                DescriptionId = descriptionId,
                Entity = entity,
                EntityName = entityName,
            };

        /// <summary>GET /tasks with an old pairing task, a recent unrelated task and the pairing task that was started.</summary>
        private static string RecentTasksWithThePairingTask()
        {
            var now = DateTimeOffset.UtcNow;
            return TestData.TaskListJson(
                TaskJson("old-pair", "Pair with vCenter Server vc-b.example.com", now.AddHours(-2), status: "SUCCESS"),
                TaskJson("recent-other", "Create protection group", now, entityName: Spec.VcGuid),
                TaskJson("pair-found", "Pair with vCenter Server vc-b.example.com", now.AddSeconds(1), status: "QUEUED"));
        }

        private static string PairingsJson(params string[] remoteVcs) =>
            "{\"list\":[" + PairingMappingTests.PairingJson("p-self", LocalVc, LocalVc) +
            string.Concat(remoteVcs.Select((vc, i) => "," + PairingMappingTests.PairingJson("p-" + i, LocalVc, vc))) +
            "],\"_meta\":{\"total\":" + (remoteVcs.Length + 1) + "}}";

        private static async Task<(FakeSrmHandler Handler, SrmConnection Connection)> Connect(SrmClientOptions? options = null)
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler, options);
            return (handler, connection);
        }

        /// <summary>The requests after Connect's POST /session and GET /server/info.</summary>
        private static string[] Sent(FakeSrmHandler handler) => handler.Requests.Skip(2).Select(r => r.Method + " " + r.ApiPath).ToArray();

        private static void AssertNoSecrets(string text)
        {
            Assert.DoesNotContain(TestData.RemotePassword, text);
            Assert.DoesNotContain(TestData.Password, text);
            Assert.DoesNotContain(TestData.SessionId, text);
        }

        public static TheoryData<string> LostAnswers => new TheoryData<string> { "dropped", "garbled", "502", "504", "timeout" };

        /// <summary>Makes the answer to the next request (POST /pairings) get lost in the given way.</summary>
        private static void LoseTheAnswer(FakeSrmHandler handler, string how)
        {
            switch (how)
            {
                case "dropped":
                    handler.Enqueue(_ => throw new HttpRequestException("An error occurred while sending the request.",
                        new IOException("Unable to read data from the transport connection: Connection reset by peer.")));
                    break;
                case "garbled":
                    handler.Enqueue(HttpStatusCode.Accepted, "{\"id\":\"pair-");
                    break;
                case "502":
                    handler.Enqueue(HttpStatusCode.BadGateway, "<html>Bad gateway</html>");
                    break;
                case "504":
                    handler.Enqueue(HttpStatusCode.GatewayTimeout);
                    break;
                case "timeout":
                    handler.EnqueueAsync(async (_, token) =>
                    {
                        await Task.Delay(Timeout.Infinite, token);
                        return FakeSrmHandler.Json("{}");
                    });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(how));
            }
        }

        private static SrmClientOptions OptionsFor(string how)
        {
            var options = TestData.FastOptions(retries: 3);
            if (how == "timeout")
            {
                options.RequestTimeout = TimeSpan.FromMilliseconds(150);
            }

            return options;
        }

        private static SrmErrorKind KindOf(string how) => how switch
        {
            "dropped" => SrmErrorKind.ConnectionFailed,
            "garbled" => SrmErrorKind.InvalidResponse,
            "timeout" => SrmErrorKind.Timeout,
            _ => SrmErrorKind.ServerError,
        };

        // ---- CreateAsync ---------------------------------------------------------------------------------------

        [Fact]
        public async Task An_answered_post_returns_its_task_without_a_note()
        {
            var (handler, connection) = await Connect();
            handler.Enqueue(HttpStatusCode.Accepted, TestData.TaskJson("pair-1", "QUEUED"));

            var result = await connection.Pairings.CreateAsync(Spec, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("pair-1", result.Task?.Id);
            Assert.Same(connection, result.Task?.Connection);
            Assert.Null(result.RecoveryNote);
            Assert.Null(result.ExistingPairing);
            Assert.Equal(new[] { "POST /pairings" }, Sent(handler));
        }

        [Theory]
        [MemberData(nameof(LostAnswers))]
        public async Task A_lost_answer_is_never_resent_and_the_task_started_since_is_found(string how)
        {
            var (handler, connection) = await Connect(OptionsFor(how));
            LoseTheAnswer(handler, how);
            handler.Enqueue(HttpStatusCode.OK, RecentTasksWithThePairingTask());

            var result = await connection.Pairings.CreateAsync(Spec, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("pair-found", result.Task?.Id);
            Assert.Equal(SrmTaskStatus.QUEUED, result.Task?.Status);
            Assert.Null(result.ExistingPairing);
            Assert.Contains("answer to POST /pairings was lost", result.RecoveryNote);
            Assert.Contains("task pair-found", result.RecoveryNote);
            Assert.Contains("not sent again", result.RecoveryNote);
            AssertNoSecrets(result.RecoveryNote!);
            Assert.Equal(new[] { "POST /pairings", "GET /tasks" }, Sent(handler));
        }

        [Theory]
        [MemberData(nameof(LostAnswers))]
        public async Task Without_a_task_a_pairing_with_the_vcenter_is_reported(string how)
        {
            var (handler, connection) = await Connect(OptionsFor(how));
            LoseTheAnswer(handler, how);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TaskJson("recent-other", "Create protection group", DateTimeOffset.UtcNow)));
            handler.Enqueue(HttpStatusCode.OK, PairingsJson("0e0e0e0e-0000-0000-0000-000000000000", Spec.VcGuid!.ToUpperInvariant()));

            var result = await connection.Pairings.CreateAsync(Spec, CancellationToken.None).WaitAsync(Guard);

            Assert.Null(result.Task);
            Assert.Equal("p-1", result.ExistingPairing?.PairingId);
            Assert.Contains("was lost", result.RecoveryNote);
            Assert.Contains("pairing p-1", result.RecoveryNote);
            AssertNoSecrets(result.RecoveryNote!);
            Assert.Equal(new[] { "POST /pairings", "GET /tasks", "GET /pairings" }, Sent(handler));
        }

        [Theory]
        [MemberData(nameof(LostAnswers))]
        public async Task With_neither_task_nor_pairing_it_says_it_is_safe_to_try_again(string how)
        {
            var (handler, connection) = await Connect(OptionsFor(how));
            LoseTheAnswer(handler, how);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TaskJson("old-pair", "Pair with vc-b.example.com", DateTimeOffset.UtcNow.AddHours(-1))));
            handler.Enqueue(HttpStatusCode.OK, PairingsJson("0e0e0e0e-0000-0000-0000-000000000000"));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.Pairings.CreateAsync(Spec, CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(KindOf(how), ex.Kind);
            Assert.Equal("POST", ex.Method);
            Assert.Equal("/pairings", ex.Path);
            Assert.Contains("was lost", ex.Message);
            Assert.Contains("did not take effect", ex.Message);
            Assert.Contains("safe to try again", ex.Message);
            Assert.Equal(KindOf(how), Assert.IsType<SrmApiException>(ex.InnerException).Kind);
            AssertNoSecrets(ex.ToString());
            Assert.Equal(new[] { "POST /pairings", "GET /tasks", "GET /pairings" }, Sent(handler));
        }

        [Theory]
        [InlineData("tasks")]
        [InlineData("pairings")]
        public async Task When_the_lookup_fails_too_the_outcome_is_unknown(string failing)
        {
            var (handler, connection) = await Connect();
            handler.EnqueueConnectionFailure("The response ended prematurely.");
            if (failing == "pairings")
            {
                handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson());
            }

            handler.Enqueue(HttpStatusCode.InternalServerError, "{\"message\":\"Internal error\"}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.Pairings.CreateAsync(Spec, CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.Contains("was lost", ex.Message);
            Assert.Contains("unknown", ex.Message);
            Assert.Contains("Get-SrmTask", ex.Message);
            Assert.Contains("Get-SrmPairing", ex.Message);
            Assert.DoesNotContain("safe to try again", ex.Message);
            AssertNoSecrets(ex.ToString());
            Assert.Single(Sent(handler), "POST /pairings");
        }

        [Fact]
        public async Task A_refused_connection_is_reported_without_a_lookup()
        {
            var (handler, connection) = await Connect();
            handler.Enqueue(_ => throw new HttpRequestException("Connection refused (srm.test:443)", new SocketException((int)SocketError.ConnectionRefused)));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.Pairings.CreateAsync(Spec, CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.DoesNotContain("was lost", ex.Message);
            Assert.Equal(new[] { "POST /pairings" }, Sent(handler));
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest, SrmErrorKind.BadRequest)]
        [InlineData(HttpStatusCode.InternalServerError, SrmErrorKind.ServerError)]
        public async Task An_error_answer_is_reported_without_a_lookup(HttpStatusCode status, SrmErrorKind kind)
        {
            var (handler, connection) = await Connect();
            handler.Enqueue(status, "{\"error_code\":\"SRM-PAIR-1\",\"message\":\"The remote site cannot be reached\",\"op_id\":\"" + TestData.OpId + "\"}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.Pairings.CreateAsync(Spec, CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(kind, ex.Kind);
            Assert.Equal((int)status, ex.StatusCode);
            Assert.Equal("The remote site cannot be reached", ex.ServerMessage);
            Assert.DoesNotContain("was lost", ex.Message);
            Assert.Equal(new[] { "POST /pairings" }, Sent(handler));
        }

        // ---- FindTask ------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("Reconnect pairing with vCenter Server 'vc-b.example.com'", "com.vmware.srm.pairing.reconnect")]
        [InlineData("Break pairing with vCenter Server 'vc-b.example.com'", "com.vmware.srm.pairing.delete")]
        [InlineData("Repair pairing with vc-b.example.com", null)]
        public void FindTask_does_not_take_a_reconnect_or_delete_of_the_same_pairing_for_the_creation(string description, string? descriptionId)
        {
            var sent = DateTimeOffset.UtcNow;
            var other = new[] { MakeTask("other-operation", sent.AddSeconds(1), description, descriptionId) };
            Assert.Null(PairingCreator.FindTask(other, Spec, sent));

            var both = new[] { other[0], MakeTask("created", sent.AddSeconds(1), "Pair with vCenter Server 'vc-b.example.com'", "com.vmware.srm.pairing.create") };
            Assert.Equal("created", PairingCreator.FindTask(both, Spec, sent)?.Id);
        }

        [Fact]
        public void FindTask_prefers_the_newest_recent_task_naming_the_vcenter()
        {
            var sent = DateTimeOffset.UtcNow;
            var tasks = new[]
            {
                MakeTask("named-earlier", sent.AddSeconds(-10), "Pair with vc-b.example.com"),
                MakeTask("named-newest", sent.AddSeconds(2), "Pair sites", entityName: Spec.VcGuid),
                MakeTask("unnamed-newer", sent.AddSeconds(3)),
                MakeTask("named-later-not-pairing", sent.AddSeconds(4), "Reconfigure vc-b.example.com"),
            };

            Assert.Equal("named-newest", PairingCreator.FindTask(tasks, Spec, sent)?.Id);
        }

        [Theory]
        [InlineData("description")]
        [InlineData("entity")]
        [InlineData("entity_name")]
        [InlineData("psc_url_with_scheme_and_port")]
        public void FindTask_recognises_the_vcenter_by_guid_or_psc_host(string where)
        {
            var sent = DateTimeOffset.UtcNow;
            var spec = TestData.Spec();
            var named = where switch
            {
                "description" => MakeTask("named", sent, "Pair with vCenter Server VC-B.EXAMPLE.COM"),
                "entity" => MakeTask("named", sent, entity: "VcServer:" + spec.VcGuid),
                "entity_name" => MakeTask("named", sent, entityName: spec.VcGuid!.ToUpperInvariant()),
                _ => MakeTask("named", sent, "Pair with vc-b.example.com"),
            };
            if (where == "psc_url_with_scheme_and_port")
            {
                spec.PscUrl = "https://vc-b.example.com:443/";
            }

            var tasks = new[] { MakeTask("unnamed-1", sent), named, MakeTask("unnamed-2", sent) };

            Assert.Equal("named", PairingCreator.FindTask(tasks, spec, sent)?.Id);
        }

        [Theory]
        [InlineData(-29, true)]
        [InlineData(-31, false)]
        [InlineData(-600, false)]
        public void FindTask_allows_30_seconds_of_clock_skew_and_ignores_tasks_queued_long_before(int secondsBeforeTheSend, bool found)
        {
            var sent = DateTimeOffset.UtcNow;
            var tasks = new[] { MakeTask("named", sent.AddSeconds(secondsBeforeTheSend), "Pair with vc-b.example.com") };

            Assert.Equal(found ? "named" : null, PairingCreator.FindTask(tasks, Spec, sent)?.Id);
        }

        [Fact]
        public void FindTask_ignores_an_old_task_naming_the_vcenter_and_falls_back_to_the_only_recent_pairing_task()
        {
            var sent = DateTimeOffset.UtcNow;
            var tasks = new[]
            {
                MakeTask("old-named", sent.AddMinutes(-10), "Pair with vc-b.example.com"),
                MakeTask("old-unnamed", sent.AddMinutes(-5)),
                MakeTask("recent-unnamed", sent.AddSeconds(1), "Pair sites", descriptionId: "dr.pairing.create"),
            };

            Assert.Equal("recent-unnamed", PairingCreator.FindTask(tasks, Spec, sent)?.Id);
        }

        [Fact]
        public void FindTask_counts_a_task_as_pairing_by_its_description_id()
        {
            var sent = DateTimeOffset.UtcNow;
            var tasks = new[] { MakeTask("by-id", sent, "Creating...", descriptionId: "com.vmware.dr.PairSites") };

            Assert.Equal("by-id", PairingCreator.FindTask(tasks, Spec, sent)?.Id);
        }

        [Fact]
        public void FindTask_returns_null_for_two_recent_pairing_tasks_naming_no_one()
        {
            var sent = DateTimeOffset.UtcNow;
            var tasks = new[] { MakeTask("unnamed-1", sent), MakeTask("unnamed-2", sent.AddSeconds(1)) };

            Assert.Null(PairingCreator.FindTask(tasks, Spec, sent));
        }

        [Fact]
        public void FindTask_ignores_tasks_that_are_not_pairing_tasks()
        {
            var sent = DateTimeOffset.UtcNow;
            var others = new[]
            {
                MakeTask("other-named", sent.AddSeconds(2), "Create protection group", entityName: Spec.VcGuid),
                MakeTask("other-unnamed", sent.AddSeconds(1), "Run recovery plan"),
            };

            Assert.Null(PairingCreator.FindTask(others, Spec, sent));
            Assert.Equal("pairing", PairingCreator.FindTask(others.Append(MakeTask("pairing", sent)).ToList(), Spec, sent)?.Id);
        }

        [Fact]
        public void FindTask_with_no_tasks_returns_null()
        {
            Assert.Null(PairingCreator.FindTask(Array.Empty<SrmTask>(), Spec, DateTimeOffset.UtcNow));
        }
    }
}
